/**
 * busybox wget against a scripted network. Expected texts are what busybox 1.37 (built from
 * source, defconfig as docker-library/busybox builds it) printed against the same server.
 */
import { describe, expect, it } from "vitest";
import type { ToolResult } from "../../../engine/tools/types.ts";
import { progressLine, smartUlltoa5, wget } from "../../../engine/tools/wget.ts";
import type { FakeNetworkOptions } from "../../support/fake-network.ts";
import { FakeNetworkClient, nginxIndex, nginxLike, runTool } from "../../support/fake-network.ts";
import { expectNeverThrows } from "../../support/hostile-argv.ts";

const web = "10.96.12.34";

function world(extra: Partial<FakeNetworkOptions> = {}): FakeNetworkClient {
  return new FakeNetworkClient({
    names: { web: [web], web2: ["10.96.12.35"] },
    endpoints: {
      [`${web}:80`]: { kind: "http", handler: nginxLike },
      [`${web}:82`]: { kind: "empty" },
      [`${web}:83`]: { kind: "reset" },
      [`${web}:8080`]: { kind: "timeout" },
      "10.96.12.35:80": {
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
    ...extra,
  });
}

function run(
  argv: string[],
  net = world(),
  extra: { tty?: boolean; budgetMs?: number } = {},
): ToolResult & { elapsedMs: number } {
  return runTool(wget, ["wget", ...argv], net, extra);
}

const bar = `100% |${"*".repeat(32)}|`;

const usage = `BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
	[--post-data STR | --post-file FILE] [-Y on/off]
	[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

	--spider	Only check URL existence: $? is 0 if exists
	--header STR	Add STR (of form 'header: value') to headers
	--post-data STR	Send STR using POST method
	--post-file FILE	Send FILE using POST method
	--no-check-certificate	Don't validate the server's certificate
	-c		Continue retrieval of aborted transfer
	-q		Quiet
	-P DIR		Save to DIR (default .)
	-S    		Show server response
	-T SEC		Network read timeout is SEC seconds
	-O FILE		Save to FILE ('-' for stdout)
	-o LOGFILE	Log messages to FILE
	-U STR		Use STR for User-Agent header
	-Y on/off	Use proxy
`;

describe("busybox wget downloading", () => {
  it("saves index.html and says so, then refuses to overwrite it", () => {
    const net = world();
    expect(run(["http://web"], net)).toEqual({
      stdout: "",
      stderr: `Connecting to web (${web}:80)\nsaving to 'index.html'\nindex.html           ${bar}   615  0:00:00 ETA\n'index.html' saved\n`,
      exitCode: 0,
      elapsedMs: 1,
    });
    expect(net.files.get("index.html")).toBe(nginxIndex);
    expect(run(["http://web"], net)).toMatchObject({
      stderr: `Connecting to web (${web}:80)\nwget: can't open 'index.html': File exists\n`,
      exitCode: 1,
    });
  });

  it("prints only the page with -qO-", () => {
    expect(run(["-qO-", "http://web"])).toEqual({ stdout: nginxIndex, stderr: "", exitCode: 0, elapsedMs: 1 });
  });

  it("writes to stdout with -O- and draws the bar for '-'", () => {
    expect(run(["-O-", "web"])).toEqual({
      stdout: nginxIndex,
      stderr: `Connecting to web (${web}:80)\nwriting to stdout\n-                    ${bar}   615  0:00:00 ETA\nwritten to stdout\n`,
      exitCode: 0,
      elapsedMs: 1,
    });
  });

  it("starts the bar with a carriage return on a terminal", () => {
    expect(run(["-O", "/tmp/x.html", "web"], world(), { tty: true }).stderr).toBe(
      `Connecting to web (${web}:80)\nsaving to '/tmp/x.html'\n\rx.html               ${bar}   615  0:00:00 ETA\n'/tmp/x.html' saved\n`,
    );
  });

  it("overwrites the file given with -O", () => {
    const net = world({ files: { "out.html": "old" } });
    expect(run(["-q", "-O", "out.html", "http://web"], net)).toMatchObject({ stderr: "", exitCode: 0 });
    expect(net.files.get("out.html")).toBe(nginxIndex);
  });

  it("sends busybox's request, with --header and -U", () => {
    const net = world();
    run(["-qO-", "--header", "X-A: 1", "-U", "test", "http://web/page?x=1"], net);
    expect(net.requests).toEqual([
      {
        method: "GET",
        target: "/page?x=1",
        version: "HTTP/1.1",
        headers: [
          ["Host", "web"],
          ["User-Agent", "test"],
          ["Connection", "close"],
          ["X-A", "1"],
        ],
        body: "",
      },
    ]);
  });

  it("checks existence with --spider", () => {
    expect(run(["--spider", "http://web"])).toMatchObject({
      stderr: `Connecting to web (${web}:80)\nremote file exists\n`,
      exitCode: 0,
    });
    expect(run(["-q", "--spider", "http://web/missing"])).toMatchObject({
      stderr: "wget: server returned error: HTTP/1.1 404 Not Found\n",
      exitCode: 1,
    });
  });

  it("shows the server's response with -S", () => {
    expect(run(["-S", "-O", "/dev/null", "web"]).stderr).toBe(
      `Connecting to web (${web}:80)\n` +
        "  HTTP/1.1 200 OK\n  Server: nginx/1.27.3\n  Date: Fri, 21 Nov 2025 09:00:00 GMT\n  Content-Type: text/html\n" +
        "  Content-Length: 615\n  Last-Modified: Tue, 26 Nov 2024 15:55:00 GMT\n  Connection: keep-alive\n" +
        '  ETag: "6745ef54-267"\n  Accept-Ranges: bytes\n  \n' +
        `saving to '/dev/null'\nnull                 ${bar}   615  0:00:00 ETA\n'/dev/null' saved\n`,
    );
  });
});

describe("busybox wget when things go wrong", () => {
  it("cannot resolve a name", () => {
    expect(run(["http://nope"])).toEqual({
      stdout: "",
      stderr: "wget: bad address 'nope'\n",
      exitCode: 1,
      elapsedMs: 0,
    });
    expect(run(["nope:81"]).stderr).toBe("wget: bad address 'nope:81'\n");
  });

  it("is refused", () => {
    expect(run(["web:81"])).toMatchObject({
      stderr: `Connecting to web:81 (${web}:81)\nwget: can't connect to remote host (${web}): Connection refused\n`,
      exitCode: 1,
    });
  });

  it("times out after -T and otherwise when the kernel gives up", () => {
    expect(run(["-T", "2", "web:8080"])).toEqual({
      stdout: "",
      stderr: `Connecting to web:8080 (${web}:8080)\nwget: download timed out\n`,
      exitCode: 1,
      elapsedMs: 2000,
    });
    expect(run(["--spider", "--timeout=1", "web:8080"]).stderr).toBe(
      `Connecting to web:8080 (${web}:8080)\nwget: download timed out\n`,
    );
    expect(run(["web:8080"], world(), { budgetMs: 300_000 })).toMatchObject({
      stderr: `Connecting to web:8080 (${web}:8080)\nwget: can't connect to remote host (${web}): Connection timed out\n`,
      elapsedMs: 130_000,
    });
  });

  it("is interrupted by the shell's budget during a long wait", () => {
    expect(run(["web:8080"], world(), { budgetMs: 10_000 })).toEqual({
      stdout: "",
      stderr: `Connecting to web:8080 (${web}:8080)\n`,
      exitCode: 130,
      interrupted: true,
      elapsedMs: 10_000,
    });
  });

  it("reports an HTTP error with the status line", () => {
    expect(run(["-O", "-", "web/missing"])).toMatchObject({
      stdout: "",
      stderr: `Connecting to web (${web}:80)\nwget: server returned error: HTTP/1.1 404 Not Found\n`,
      exitCode: 1,
    });
  });

  it("reports an empty reply and a reset", () => {
    expect(run(["-O-", "web:82"]).stderr).toBe(`Connecting to web:82 (${web}:82)\nwget: error getting response\n`);
    expect(run(["-O-", "web:83"]).stderr).toBe(
      `Connecting to web:83 (${web}:83)\nwget: error getting response: Connection reset by peer\n`,
    );
  });
});

describe("busybox wget and redirects", () => {
  it("follows a redirect to another URL and connects again", () => {
    const net = world({
      endpoints: {
        [`${web}:80`]: {
          kind: "http",
          handler: () => ({
            version: "HTTP/1.1",
            status: 302,
            reason: "Found",
            headers: [
              ["Location", "http://web2/x"],
              ["Content-Length", "0"],
            ],
            body: "",
          }),
        },
        "10.96.12.35:80": {
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
    expect(run(["-O-", "web/other"], net)).toMatchObject({
      stdout: "hi\n",
      stderr: `Connecting to web (${web}:80)\nConnecting to web2 (10.96.12.35:80)\nwriting to stdout\n-                    ${bar}     3  0:00:00 ETA\nwritten to stdout\n`,
    });
  });

  it("follows a relative redirect on the same connection target without a new line", () => {
    expect(run(["-qO-", "web/old"]).stdout).toBe(nginxIndex);
    const loop = world();
    expect(run(["-O-", "web/loop"], loop)).toMatchObject({
      stderr: `Connecting to web (${web}:80)\nwget: too many redirections\n`,
      exitCode: 1,
    });
    expect(loop.requests).toHaveLength(16);
  });
});

describe("busybox wget's command line", () => {
  it("prints the usage without a URL", () => {
    expect(run([])).toEqual({ stdout: "", stderr: usage, exitCode: 1, elapsedMs: 0 });
  });

  it("takes the URL as -O's file in `wget -qO URL`, then has no URL", () => {
    expect(run(["-qO", "http://web"])).toMatchObject({ stderr: usage, exitCode: 1 });
  });

  it("rejects unknown options as glibc getopt does", () => {
    expect(run(["--foo", "web"]).stderr).toBe(`wget: unrecognized option '--foo'\n${usage}`);
    expect(run(["-Z", "web"]).stderr).toBe(`wget: invalid option -- 'Z'\n${usage}`);
    expect(run(["-O"]).stderr).toBe(`wget: option requires an argument -- 'O'\n${usage}`);
  });

  it("accepts a unique prefix of a long option", () => {
    expect(run(["--spid", "web"]).stderr).toBe(`Connecting to web (${web}:80)\nremote file exists\n`);
  });

  it("wants a number after -T", () => {
    expect(run(["-T", "abc", "web"])).toMatchObject({ stderr: "wget: invalid number 'abc'\n", exitCode: 1 });
  });

  it("speaks only http, https and ftp", () => {
    expect(run(["gopher://web/"]).stderr).toBe("wget: not an http or ftp url: gopher://web/\n");
    expect(run(["web:abc"]).stderr).toBe("wget: bad port 'abc'\n");
  });
});

describe("busybox's progress arithmetic", () => {
  it("formats sizes in five columns", () => {
    expect([0, 615, 99999, 123456, 1_048_576, 96_636_764].map(smartUlltoa5)).toEqual([
      "    0",
      "  615",
      "99999",
      " 120k",
      "1024k",
      "92.1M",
    ]);
  });

  it("draws no bar for an empty body", () => {
    expect(progressLine("index.html", 0, false)).toBe("index.html               0 --:--:-- ETA\n");
  });
});

describe("busybox wget given nonsense", () => {
  it("answers every command line with a message and an exit code, never an exception", () => {
    expectNeverThrows(
      wget,
      ["wget"],
      [
        "-q",
        "-O",
        "-O-",
        "-qO-",
        "-T",
        "-T1",
        "-S",
        "--spider",
        "--header",
        "-U",
        "-Y",
        "off",
        "-P",
        "--timeout=1",
        "--post-data",
        "-c",
        "-nv",
        "--no-check-certificate",
        "--tim",
        "--post-file",
        "ftp://web/",
        "/dev/null",
      ],
    );
  });
});
