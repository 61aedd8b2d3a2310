/**
 * curl 8.21 against a scripted network. Expected texts are what curl-8_21_0, built from
 * source, printed against the same server (nginx-like, see fake-network.ts), with the
 * addresses, local ports and times of the simulation.
 */
import { describe, expect, it } from "vitest";
import { curl, max6out, time2str } from "../../../engine/tools/curl.ts";
import type { ToolResult } from "../../../engine/tools/types.ts";
import type { FakeNetworkOptions } from "../../support/fake-network.ts";
import { FakeNetworkClient, nginx404, nginxIndex, nginxLike, runTool } from "../../support/fake-network.ts";
import { expectNeverThrows } from "../../support/hostile-argv.ts";

const web = "10.96.12.34";

function world(extra: Partial<FakeNetworkOptions> = {}): FakeNetworkClient {
  return new FakeNetworkClient({
    names: { web: [web], web2: ["10.96.12.35"], headless: ["10.244.2.7", "10.244.1.9"] },
    endpoints: {
      [`${web}:80`]: { kind: "http", handler: nginxLike },
      [`${web}:82`]: { kind: "empty" },
      [`${web}:83`]: { kind: "reset" },
      [`${web}:8080`]: { kind: "timeout" },
      "10.96.12.35:8080": {
        kind: "http",
        handler: () => ({
          version: "HTTP/1.1",
          status: 200,
          reason: "OK",
          headers: [["Content-Length", "3"]],
          body: "hi\n",
        }),
      },
      "10.244.1.9:80": { kind: "http", handler: nginxLike },
      "10.96.99.1:80": { kind: "unreachable" },
    },
    ...extra,
  });
}

function run(
  argv: string[],
  net = world(),
  extra: { tty?: boolean; budgetMs?: number } = {},
): ToolResult & { elapsedMs: number } {
  return runTool(curl, ["curl", ...argv], net, extra);
}

const meterHeader =
  "  % Total    % Received % Xferd  Average Speed  Time    Time    Time   Current\n" +
  "                                 Dload  Upload  Total   Spent   Left   Speed\n";
const zeroLine = "\r  0      0   0      0   0      0      0      0                              0";
/** 615 bytes in the 1 ms the fake network takes: 615 000 B/s is "600.5k" in max6out. */
const doneLine = "\r100    615 100    615   0      0 600.5k      0                              0";
const hint = "curl: try 'curl --help' or 'curl --manual' for more information\n";

const requestTrace = (target = "/", host = "web") =>
  `> GET ${target} HTTP/1.1\r\n> Host: ${host}\r\n> User-Agent: curl/8.21.0\r\n> Accept: */*\r\n> \r\n* Request completely sent off\n`;
const indexHeaders =
  "< HTTP/1.1 200 OK\r\n< Server: nginx/1.27.3\r\n< Date: Fri, 21 Nov 2025 09:00:00 GMT\r\n< Content-Type: text/html\r\n" +
  "< Content-Length: 615\r\n< Last-Modified: Tue, 26 Nov 2024 15:55:00 GMT\r\n< Connection: keep-alive\r\n" +
  '< ETag: "6745ef54-267"\r\n< Accept-Ranges: bytes\r\n< \r\n';
const resolvedWeb = `* Host web:80 was resolved.\n* IPv6: (none)\n* IPv4: ${web}\n*   Trying ${web}:80...\n`;

describe("curl fetching a page", () => {
  it("prints only the page with -s", () => {
    expect(run(["-s", "http://web"])).toEqual({ stdout: nginxIndex, stderr: "", exitCode: 0, elapsedMs: 1 });
  });

  it("accepts a bare name, a port and a path and sends what curl sends", () => {
    const net = world();
    run(["-s", "web:80/index.html?x=1#top"], net);
    expect(net.requests).toEqual([
      {
        method: "GET",
        target: "/index.html?x=1",
        version: "HTTP/1.1",
        headers: [
          ["Host", "web"],
          ["User-Agent", "curl/8.21.0"],
          ["Accept", "*/*"],
        ],
        body: "",
      },
    ]);
  });

  it("draws the progress meter on stderr when stdout is not a terminal", () => {
    expect(run(["http://web"])).toEqual({
      stdout: nginxIndex,
      stderr: `${meterHeader}${zeroLine}${doneLine}\n`,
      exitCode: 0,
      elapsedMs: 1,
    });
  });

  it("shows no meter when the page goes to the terminal", () => {
    expect(run(["http://web"], world(), { tty: true }).stderr).toBe("");
  });

  it("traces the exchange with -sv, ending with the connection left intact", () => {
    expect(run(["-sv", "http://web"])).toEqual({
      stdout: nginxIndex,
      stderr:
        resolvedWeb +
        `* Established connection to web (${web} port 80) from 10.244.1.5 port 43210 \n` +
        "* using HTTP/1.x\n" +
        requestTrace() +
        indexHeaders +
        "{ [615 bytes data]\n" +
        "* Connection #0 to host web:80 left intact\n",
      exitCode: 0,
      elapsedMs: 1,
    });
  });

  it("interleaves the meter with -v alone, as curl 8.21 does", () => {
    expect(run(["-v", "http://web"]).stderr).toBe(
      resolvedWeb +
        `* Established connection to web (${web} port 80) from 10.244.1.5 port 43210 \n` +
        meterHeader +
        `${zeroLine}* using HTTP/1.x\n` +
        requestTrace() +
        indexHeaders +
        "{ [615 bytes data]\n" +
        `${doneLine}\n` +
        "* Connection #0 to host web:80 left intact\n",
    );
  });

  it("leaves out the data line when -v output goes to a terminal", () => {
    expect(run(["-v", "http://web"], world(), { tty: true }).stderr).not.toContain("bytes data]");
  });

  it("does not print resolver lines for an IP address, and keeps a non-default port in Host", () => {
    const r = run(["-sv", "-o", "/dev/null", "http://10.96.12.35:8080/"]);
    expect(r.stderr.split("\n").slice(0, 4)).toEqual([
      "*   Trying 10.96.12.35:8080...",
      "* Established connection to 10.96.12.35 (10.96.12.35 port 8080) from 10.244.1.5 port 43210 ",
      "* using HTTP/1.x",
      "> GET / HTTP/1.1\r",
    ]);
    expect(r.stderr).toContain("> Host: 10.96.12.35:8080\r\n");
    expect(r.stderr.endsWith("* Connection #0 to host 10.96.12.35:8080 left intact\n")).toBe(true);
  });

  it("tries a headless Service's addresses in order until one connects", () => {
    const r = run(["-sv", "-o", "/dev/null", "http://headless"]);
    expect(r.stderr.split("\n").slice(0, 7)).toEqual([
      "* Host headless:80 was resolved.",
      "* IPv6: (none)",
      "* IPv4: 10.244.2.7, 10.244.1.9",
      "*   Trying 10.244.2.7:80...",
      "* connect to 10.244.2.7 port 80 from 10.244.1.5 port 43210 failed: Connection refused",
      "*   Trying 10.244.1.9:80...",
      "* Established connection to headless (10.244.1.9 port 80) from 10.244.1.5 port 43211 ",
    ]);
  });
});

describe("curl when the connection fails", () => {
  it("reports a refusal at once with exit code 7", () => {
    expect(run(["http://web:81"])).toEqual({
      stdout: "",
      stderr: "curl: (7) Failed to connect to web:81 after 0 ms: Could not connect to server\n",
      exitCode: 7,
      elapsedMs: 0,
    });
  });

  it("is silent about it with -s and speaks again with -sS", () => {
    expect(run(["-s", "http://web:81"]).stderr).toBe("");
    expect(run(["-sS", "http://web:81"]).stderr).toBe(
      "curl: (7) Failed to connect to web:81 after 0 ms: Could not connect to server\n",
    );
  });

  it("traces the refusal with -v", () => {
    expect(run(["-v", "http://web:81"]).stderr).toBe(
      "* Host web:81 was resolved.\n* IPv6: (none)\n" +
        `* IPv4: ${web}\n*   Trying ${web}:81...\n` +
        `* connect to ${web} port 81 from 10.244.1.5 port 43210 failed: Connection refused\n` +
        "* Failed to connect to web:81 after 0 ms: Could not connect to server\n" +
        "* closing connection #0\n" +
        "curl: (7) Failed to connect to web:81 after 0 ms: Could not connect to server\n",
    );
  });

  it("cannot resolve a name that does not exist (exit 6), and -v says so three times", () => {
    expect(run(["http://nope"])).toEqual({
      stdout: "",
      stderr: "curl: (6) Could not resolve host: nope\n",
      exitCode: 6,
      elapsedMs: 0,
    });
    expect(run(["-v", "http://nope"]).stderr).toBe(
      "* Could not resolve host: nope\n* Could not resolve host: nope\n* Could not resolve: nope:80\n" +
        "* closing connection #0\ncurl: (6) Could not resolve host: nope\n",
    );
  });

  it("gives up after --connect-timeout with exit 28 and no meter", () => {
    expect(run(["--connect-timeout", "2", "http://web:8080"])).toEqual({
      stdout: "",
      stderr: "curl: (28) Connection timed out after 2000 milliseconds\n",
      exitCode: 28,
      elapsedMs: 2000,
    });
  });

  it("gives up after -m the same way while connecting", () => {
    expect(run(["-sS", "-m", "1.5", "http://web:8080"])).toMatchObject({
      stderr: "curl: (28) Connection timed out after 1500 milliseconds\n",
      exitCode: 28,
      elapsedMs: 1500,
    });
  });

  it("waits for the kernel's SYN retries without a timeout of its own", () => {
    expect(run(["-sS", "http://web:8080"], world(), { budgetMs: 300_000 })).toEqual({
      stdout: "",
      stderr: "curl: (28) Failed to connect to web:8080 after 130000 ms: Could not connect to server\n",
      exitCode: 28,
      elapsedMs: 130_000,
    });
    expect(run(["-sv", "http://web:8080"], world(), { budgetMs: 300_000 }).stderr).toContain(
      `* connect to ${web} port 8080 from 10.244.1.5 port 43210 failed: Connection timed out\n`,
    );
  });

  it("is interrupted by the shell's budget first, as Ctrl-C would, with exit 130", () => {
    expect(run(["-v", "http://web:8080"], world(), { budgetMs: 60_000 })).toEqual({
      stdout: "",
      stderr: `* Host web:8080 was resolved.\n* IPv6: (none)\n* IPv4: ${web}\n*   Trying ${web}:8080...\n`,
      exitCode: 130,
      interrupted: true,
      elapsedMs: 60_000,
    });
  });

  it("reports an unreachable host after neighbour discovery gives up", () => {
    expect(run(["-sS", "http://10.96.99.1"])).toMatchObject({
      stderr: "curl: (7) Failed to connect to 10.96.99.1:80 after 3000 ms: Could not connect to server\n",
      exitCode: 7,
    });
  });

  it("says Empty reply from server when the peer closes without answering", () => {
    expect(run(["http://web:82"])).toEqual({
      stdout: "",
      stderr: `${meterHeader}${zeroLine}${zeroLine}${"\r  0      0   0      0   0      0      0      0                              0"}\ncurl: (52) Empty reply from server\n`,
      exitCode: 52,
      elapsedMs: 1,
    });
    expect(run(["-v", "http://web:82"]).stderr.split("\n").slice(-6)).toEqual([
      "* Request completely sent off",
      `${zeroLine}* Empty reply from server`,
      zeroLine,
      "* shutting down connection #0",
      "curl: (52) Empty reply from server",
      "",
    ]);
  });

  it("reports a reset with exit 56", () => {
    expect(run(["-sS", "http://web:83"])).toMatchObject({
      stderr: "curl: (56) Recv failure: Connection reset by peer\n",
      exitCode: 56,
    });
  });
});

describe("curl and HTTP status codes", () => {
  it("prints a 404 page and exits 0 without -f", () => {
    expect(run(["-s", "http://web/missing"])).toMatchObject({ stdout: nginx404, stderr: "", exitCode: 0 });
  });

  it("fails with 22 under -f, quietly with -sf, loudly with -fsS", () => {
    expect(run(["-f", "http://web/missing"])).toEqual({
      stdout: "",
      stderr: `${meterHeader}${zeroLine}\ncurl: (22) The requested URL returned error: 404\n`,
      exitCode: 22,
      elapsedMs: 1,
    });
    expect(run(["-sf", "http://web/missing"])).toMatchObject({ stdout: "", stderr: "", exitCode: 22 });
    expect(run(["-fsS", "http://web/missing"]).stderr).toBe("curl: (22) The requested URL returned error: 404\n");
  });

  it("stops reading the headers at the error with -fv", () => {
    expect(run(["-sfv", "http://web/missing"]).stderr.split("\n").slice(-5)).toEqual([
      "< Connection: keep-alive\r",
      "* The requested URL returned error: 404",
      "< \r",
      "* closing connection #0",
      "",
    ]);
  });

  it("puts the status line and headers before the body with -i, and only them with -I", () => {
    const headers =
      "HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\nDate: Fri, 21 Nov 2025 09:00:00 GMT\r\nContent-Type: text/html\r\n" +
      "Content-Length: 615\r\nLast-Modified: Tue, 26 Nov 2024 15:55:00 GMT\r\nConnection: keep-alive\r\n" +
      'ETag: "6745ef54-267"\r\nAccept-Ranges: bytes\r\n\r\n';
    expect(run(["-si", "http://web"]).stdout).toBe(headers + nginxIndex);
    const head = run(["-I", "http://web"]);
    expect(head.stdout).toBe(headers);
    // HEAD: the size is known, nothing was received.
    expect(head.stderr).toBe(
      `${meterHeader}${zeroLine}\r  0    615   0      0   0      0      0      0                              0\n`,
    );
  });
});

describe("curl following redirects", () => {
  it("prints the 301 body without -L and the target page with -L", () => {
    expect(run(["-s", "http://web/old"]).stdout).toContain("301 Moved Permanently");
    expect(run(["-sL", "http://web/old"]).stdout).toBe(nginxIndex);
  });

  it("reuses the connection to the same host and says so with -v", () => {
    const lines = run(["-svL", "-o", "/dev/null", "http://web/old"]).stderr.split("\n");
    expect(lines.slice(18, 26)).toEqual([
      "< Location: http://web/\r",
      "* Ignoring the response-body",
      "* setting size while ignoring",
      "< \r",
      "* Connection #0 to host web:80 left intact",
      "* Issue another request to this URL: 'http://web/'",
      "* Reusing existing http: connection with host web",
      "> GET / HTTP/1.1\r",
    ]);
  });

  it("opens a new connection for another host", () => {
    const net = world({
      endpoints: {
        [`${web}:80`]: {
          kind: "http",
          handler: () => ({
            version: "HTTP/1.1",
            status: 302,
            reason: "Found",
            headers: [
              ["Location", "http://web2:8080/x"],
              ["Content-Length", "0"],
            ],
            body: "",
          }),
        },
        "10.96.12.35:8080": {
          kind: "http",
          handler: () => ({
            version: "HTTP/1.1",
            status: 200,
            reason: "OK",
            headers: [["Content-Length", "3"]],
            body: "hi\n",
          }),
        },
      },
    });
    const r = run(["-svL", "http://web/other"], net);
    expect(r.stdout).toBe("hi\n");
    expect(r.stderr).toContain(
      "* Connection #0 to host web:80 left intact\n* Issue another request to this URL: 'http://web2:8080/x'\n" +
        "* Host web2:8080 was resolved.\n",
    );
    expect(r.stderr.endsWith("{ [3 bytes data]\n* Connection #1 to host web2:8080 left intact\n")).toBe(true);
  });

  it("stops a redirect loop after 50 with exit 47", () => {
    const net = world();
    expect(run(["-sSL", "http://web/loop"], net)).toMatchObject({
      stdout: "",
      stderr: "curl: (47) Maximum (50) redirects followed\n",
      exitCode: 47,
    });
    expect(net.requests).toHaveLength(51);
  });

  it("honours --max-redirs and traces the last hop", () => {
    const r = run(["-vL", "--max-redirs", "2", "http://web/loop"]);
    expect(r.exitCode).toBe(47);
    expect(r.stderr.split("\n").slice(-5)).toEqual([
      "\r  0      0   0      0   0      0      0      0                              0",
      "* Connection #0 to host web:80 left intact",
      "* Maximum (2) redirects followed",
      "curl: (47) Maximum (2) redirects followed",
      "",
    ]);
  });

  it("drops a connection the server closes and says so", () => {
    expect(run(["-sv", "http://web/close"]).stderr.endsWith("{ [3 bytes data]\n* shutting down connection #0\n")).toBe(
      true,
    );
  });
});

describe("curl options lessons use", () => {
  it("writes the page to a file with -o and to the remote name with -O", () => {
    const net = world();
    expect(run(["-s", "-o", "page.html", "http://web"], net)).toMatchObject({ stdout: "", exitCode: 0 });
    expect(net.files.get("page.html")).toBe(nginxIndex);
    run(["-sO", "http://web/index.html"], net);
    expect(net.files.get("index.html")).toBe(nginx404);
  });

  it("warns when -O has no remote name and uses curl_response", () => {
    const net = world();
    const r = run(["-O", "http://web/"], net);
    expect(r.stderr.startsWith('Warning: No remote filename, uses "curl_response"\n')).toBe(true);
    expect(net.files.get("curl_response")).toBe(nginxIndex);
  });

  it("fails with 23 when the output file cannot be opened", () => {
    const net = world({ unwritable: ["/nonexist/"] });
    expect(run(["-o", "/nonexist/dir/f", "http://web"], net)).toEqual({
      stdout: "",
      stderr:
        `${meterHeader}${zeroLine}` +
        "Warning: Failed to open the file /nonexist/dir/f: No such file or directory\n\n" +
        "curl: (23) client returned ERROR on write of 615 bytes\n",
      exitCode: 23,
      elapsedMs: 1,
    });
  });

  it("prints -w variables after the transfer", () => {
    expect(
      run([
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "code=%{http_code} ip=%{remote_ip}:%{remote_port} size=%{size_download} url=%{url_effective} redirs=%{num_redirects} exit=%{exitcode} ct=%{content_type} method=%{method} ver=%{http_version} err=%{errormsg}\\n",
        "http://web/old",
      ]).stdout,
    ).toBe(`code=301 ip=${web}:80 size=169 url=http://web/old redirs=0 exit=0 ct=text/html method=GET ver=1.1 err=\n`);
    expect(run(["-s", "-w", "%{http_code} %{exitcode} [%{errormsg}]\\n", "http://web:81"]).stdout).toBe(
      "000 7 [Failed to connect to web:81 after 0 ms: Could not connect to server]\n",
    );
    expect(
      run([
        "-s",
        "-w",
        "%{time_total} %{num_connects} %{size_header} %{size_request}\\n",
        "-o",
        "/dev/null",
        "http://web",
      ]).stdout,
    ).toBe("0.001000 1 238 67\n");
  });

  it("complains about an unknown -w variable and prints the rest", () => {
    expect(run(["-sw", "%{foo}|%{http_code}|%z|\\x\\n", "-o", "/dev/null", "http://web"])).toMatchObject({
      stdout: "|200|%z|\\x\n",
      stderr: "curl: unknown --write-out variable: 'foo'\n",
    });
  });

  it("sends -X, -d and -H as curl orders them, and notes an unnecessary -X POST", () => {
    const net = world();
    const r = run(["-sv", "-X", "POST", "-d", "a=1&b=2", "-H", "X-Test: yes", "http://web/echo"], net);
    expect(r.stderr.split("\n").slice(0, 1)).toEqual([
      "Note: Unnecessary use of -X or --request, POST is already inferred.",
    ]);
    expect(r.stderr).toContain(
      "> POST /echo HTTP/1.1\r\n> Host: web\r\n> User-Agent: curl/8.21.0\r\n> Accept: */*\r\n> X-Test: yes\r\n" +
        "> Content-Length: 7\r\n> Content-Type: application/x-www-form-urlencoded\r\n> \r\n} [7 bytes data]\n" +
        "* upload completely sent off: 7 bytes\n",
    );
    expect(net.requests[0]?.body).toBe("a=1&b=2");
  });

  it("reads -d @file, and fails with 26 when it cannot", () => {
    const net = world({ files: { "body.txt": "a=1\nb=2\n" } });
    run(["-s", "-d", "@body.txt", "http://web/"], net);
    expect(net.requests[0]?.body).toBe("a=1b=2");
    expect(run(["-sv", "-d", "@nofile", "http://web"])).toMatchObject({
      stderr: `curl: option -d: error encountered when reading a file\n${hint}`,
      exitCode: 26,
    });
  });

  it("lets -H replace or remove curl's own headers", () => {
    const net = world();
    run(
      ["-s", "-H", "X-A: 1", "-H", "User-Agent: me", "-H", "Host: h2", "-H", "Accept:", "-H", "X-B;", "http://web"],
      net,
    );
    expect(net.requests[0]?.headers).toEqual([
      ["Host", "h2"],
      ["X-A", "1"],
      ["User-Agent", "me"],
      ["X-B", ""],
    ]);
  });

  it("warns about a header without a colon unless -s came first", () => {
    expect(run(["-H", "bad", "-s", "-o", "/dev/null", "http://web"]).stderr).toBe(
      "Warning: The provided HTTP header 'bad' does not look like a header?\n",
    );
    expect(run(["-s", "-H", "bad", "-o", "/dev/null", "http://web"]).stderr).toBe("");
  });

  it("fetches several URLs and exits with the last one's code", () => {
    expect(run(["-s", "http://web", "http://web:81"])).toMatchObject({ stdout: nginxIndex, exitCode: 7 });
    expect(run(["-s", "http://nope", "http://web"])).toMatchObject({ exitCode: 0 });
  });

  it("retries a timeout with --retry, waiting 1 s then 2 s", () => {
    const r = run(["--retry", "2", "--connect-timeout", "1", "http://web:8080"]);
    expect(r).toEqual({
      stdout: "",
      stderr:
        "Warning: Problem : timeout. Retrying in 1 second. 2 retries left.\n" +
        "Warning: Problem : timeout. Retrying in 2 seconds. 1 retry left.\n" +
        "curl: (28) Connection timed out after 1000 milliseconds\n",
      exitCode: 28,
      elapsedMs: 6000,
    });
  });

  it("takes long options with =value and treats what follows -- as URLs", () => {
    expect(run(["-s", "--max-time=5", "http://web"]).stdout).toBe(nginxIndex);
    expect(run(["-s", "--", "-v", "http://web"])).toMatchObject({ stdout: nginxIndex, exitCode: 0 });
  });
});

describe("curl's command-line errors", () => {
  it("rejects an unknown option with exit 2 and the hint", () => {
    expect(run(["--foo", "http://web"])).toEqual({
      stdout: "",
      stderr: `curl: option --foo: is unknown\n${hint}`,
      exitCode: 2,
      elapsedMs: 0,
    });
    expect(run(["-sZ", "http://web"]).stderr).toBe(`curl: option -sZ: is unknown\n${hint}`);
  });

  it("wants a parameter and a proper number", () => {
    expect(run(["-m"]).stderr).toBe(`curl: option -m: requires parameter\n${hint}`);
    expect(run(["-m", "abc", "http://web"]).stderr).toBe(
      `curl: option -m: expected a proper numerical parameter\n${hint}`,
    );
    expect(run(["--connect-timeout", "-1", "http://web"]).stderr).toBe(
      `curl: option --connect-timeout: expected a proper numerical parameter\n${hint}`,
    );
  });

  it("says no URL specified, or only the hint when given nothing at all", () => {
    expect(run(["-s"])).toMatchObject({ stderr: `curl: (2) no URL specified\n${hint}`, exitCode: 2 });
    expect(run([])).toMatchObject({ stderr: hint, exitCode: 2 });
  });

  it("rejects malformed URLs with curl's URL texts", () => {
    expect(run(["-sS", "http://web:99999/"])).toMatchObject({
      stderr: "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n",
      exitCode: 3,
    });
    expect(run(["-sS", "http://"]).stderr).toBe("curl: (3) URL rejected: No host part in the URL\n");
    expect(run(["-sS", "http://web/a b"]).stderr).toBe("curl: (3) URL rejected: Malformed input to a URL function\n");
    expect(run(["-sS", "htp://web"])).toMatchObject({
      stderr: 'curl: (1) Protocol "htp" not supported\n',
      exitCode: 1,
    });
  });

  it("prints the short help and the version", () => {
    expect(run(["--help"]).stdout.split("\n")[0]).toBe("Usage: curl [options...] <url>");
    expect(run(["--version"]).stdout.split("\n")[0]).toBe("curl 8.21.0 (x86_64-pc-linux-musl) libcurl/8.21.0");
  });
});

describe("curl's meter arithmetic (lib/progress.c)", () => {
  it("fits sizes into six columns", () => {
    expect([0, 615, 99999, 100000, 615000, 10_485_760].map(max6out)).toEqual([
      "     0",
      "   615",
      " 99999",
      "97.65k",
      "600.5k",
      "10.00M",
    ]);
  });

  it("writes times in seven columns", () => {
    expect([0, 1, 130, 3725, 36000].map(time2str)).toEqual(["       ", "  00:01", "  02:10", "1:02:05", "10h 00m"]);
  });
});

describe("curl given nonsense", () => {
  it("answers every command line with a message and an exit code, never an exception", () => {
    expectNeverThrows(
      curl,
      ["curl"],
      [
        "-s",
        "-S",
        "-v",
        "-i",
        "-I",
        "-L",
        "-f",
        "-o",
        "-O",
        "-m",
        "-w",
        "-H",
        "-X",
        "-d",
        "-sSL",
        "-sv",
        "--max-redirs",
        "--connect-timeout",
        "--retry",
        "--no-silent",
        "--url",
        "--head",
        "-w%{http_code}",
        "%{foo}",
        "-m0.5",
        "--max-time=1",
        "-H:",
        "-Hx;",
        "-A",
        "-u",
        "--data-urlencode",
        "-q",
        "-h",
        "-V",
      ],
    );
  });
});
