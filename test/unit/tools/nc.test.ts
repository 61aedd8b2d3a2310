/**
 * nc in its busybox (nc 1.10 port) and netcat-openbsd flavours against a scripted network.
 * The texts are what busybox 1.37 and Debian's netcat-openbsd 1.219 printed against a test
 * host.
 */
import { describe, expect, it } from "vitest";
import { busyboxNc, openbsdNc, openbsdNcMusl, parseHttpRequest } from "../../../engine/tools/nc.ts";
import type { Tool, ToolResult } from "../../../engine/tools/types.ts";
import type { FakeNetworkOptions } from "../../support/fake-network.ts";
import { FakeNetworkClient, nginxLike } from "../../support/fake-network.ts";
import { expectNeverThrows } from "../../support/hostile-argv.ts";

const web = "10.96.12.34";

function world(extra: Partial<FakeNetworkOptions> = {}): FakeNetworkClient {
  return new FakeNetworkClient({
    names: { web: [web] },
    endpoints: {
      [`${web}:80`]: { kind: "http", handler: nginxLike },
      [`${web}:82`]: { kind: "open" },
      [`${web}:8080`]: { kind: "timeout" },
      [`${web}:8081/udp`]: { kind: "udp", handler: (p) => (p === "hostname\n" ? "web-7d4b9c-x2x9z" : undefined) },
      [`${web}:8082/udp`]: { kind: "refused" },
      "10.96.99.1:80": { kind: "unreachable" },
    },
    ...extra,
  });
}

function run(tool: Tool, argv: string[], opts: { stdin?: string; net?: FakeNetworkClient; budgetMs?: number } = {}) {
  const net = opts.net ?? world();
  const r: ToolResult = tool(["nc", ...argv], {
    stdin: opts.stdin ?? "",
    env: {},
    net,
    budgetMs: opts.budgetMs ?? 60_000,
  });
  return { ...r, elapsedMs: net.elapsedMs };
}

const http10 = "GET / HTTP/1.0\r\n\r\n";

describe("busybox nc", () => {
  it("reports an open port with -zv", () => {
    expect(run(busyboxNc, ["-zv", "web", "80"])).toEqual({
      stdout: "",
      stderr: `web (${web}:80) open\n`,
      exitCode: 0,
      elapsedMs: 0,
    });
    expect(run(busyboxNc, ["-zv", "web", "http"]).stderr).toBe(`web (${web}:80) open\n`);
  });

  it("keeps a refusal quiet with one -v and reports it with -vv", () => {
    expect(run(busyboxNc, ["-zv", "web", "81"])).toMatchObject({ stderr: "", exitCode: 1 });
    expect(run(busyboxNc, ["-zvv", "web", "81"])).toMatchObject({
      stderr: `nc: web (${web}:81): Connection refused\nsent 0, rcvd 0\n`,
      exitCode: 1,
    });
  });

  it("reports a timeout with -v after -w seconds", () => {
    expect(run(busyboxNc, ["-zv", "-w", "2", "web", "8080"])).toEqual({
      stdout: "",
      stderr: `nc: web (${web}:8080): Connection timed out\n`,
      exitCode: 1,
      elapsedMs: 2000,
    });
  });

  it("says bad address and bad port", () => {
    expect(run(busyboxNc, ["-zv", "nope", "80"])).toMatchObject({ stderr: "nc: bad address 'nope'\n", exitCode: 1 });
    expect(run(busyboxNc, ["-zv", "web", "80-82"])).toMatchObject({ stderr: "nc: bad port '80-82'\n", exitCode: 1 });
    expect(run(busyboxNc, ["-zv", "web", "99999"]).stderr).toBe("nc: bad port '99999'\n");
  });

  it("sends an HTTP request from stdin and prints the raw response", () => {
    const r = run(busyboxNc, ["web", "80"], { stdin: http10 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split("\r\n").slice(0, 2)).toEqual(["HTTP/1.1 200 OK", "Server: nginx/1.27.3"]);
    expect(r.stdout.endsWith("</html>\n")).toBe(true);
  });

  it("exits at once on an empty stdin", () => {
    expect(run(busyboxNc, ["-v", "web", "82"])).toEqual({
      stdout: "",
      stderr: `web (${web}:82) open\n`,
      exitCode: 0,
      elapsedMs: 0,
    });
  });

  it("prints the usage for too many operands and unknown options", () => {
    const r = run(busyboxNc, ["-zv", "web", "80", "81"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split("\n").slice(0, 4)).toEqual([
      "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.",
      "",
      "Usage: nc [OPTIONS] HOST PORT  - connect",
      "nc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen",
    ]);
    expect(run(busyboxNc, ["-x", "web", "80"]).stderr.startsWith("nc: invalid option -- 'x'\n")).toBe(true);
    expect(run(busyboxNc, ["-zvw", "abc", "web", "80"]).stderr).toBe("nc: invalid number 'abc'\n");
  });

  it("exchanges a datagram with -u", () => {
    expect(run(busyboxNc, ["-u", "-w", "1", "web", "8081"], { stdin: "hostname\n" })).toMatchObject({
      stdout: "web-7d4b9c-x2x9z",
      exitCode: 0,
    });
  });

  it("listens until interrupted with -l", () => {
    expect(run(busyboxNc, ["-l", "-p", "8080"], { budgetMs: 5000 })).toEqual({
      stdout: "",
      stderr: "",
      exitCode: 130,
      interrupted: true,
      elapsedMs: 5000,
    });
  });
});

describe("netcat-openbsd", () => {
  it("reports success with the service name from /etc/services", () => {
    expect(run(openbsdNc, ["-zv", "web", "80"])).toEqual({
      stdout: "",
      stderr: `Connection to web (${web}) 80 port [tcp/http] succeeded!\n`,
      exitCode: 0,
      elapsedMs: 0,
    });
    expect(run(openbsdNc, ["-zv", web, "80"]).stderr).toBe(`Connection to ${web} 80 port [tcp/http] succeeded!\n`);
    expect(run(openbsdNc, ["-zvn", web, "80"]).stderr).toBe(`Connection to ${web} 80 port [tcp/*] succeeded!\n`);
    const custom = world({ files: { "/etc/services": "http\t\t80/tcp\t\twww\nmyapp\t\t82/tcp\n" } });
    expect(run(openbsdNc, ["-zv", "web", "82"], { net: custom }).stderr).toBe(
      `Connection to web (${web}) 82 port [tcp/myapp] succeeded!\n`,
    );
  });

  it("reports a refusal only with -v", () => {
    expect(run(openbsdNc, ["-zv", "web", "81"])).toMatchObject({
      stderr: `nc: connect to web (${web}) port 81 (tcp) failed: Connection refused\n`,
      exitCode: 1,
    });
    expect(run(openbsdNc, ["-z", "web", "81"])).toMatchObject({ stderr: "", exitCode: 1 });
  });

  it("scans a port range and exits with the last port's result", () => {
    expect(run(openbsdNc, ["-zv", "web", "80-82"])).toMatchObject({
      stderr:
        `Connection to web (${web}) 80 port [tcp/http] succeeded!\n` +
        `nc: connect to web (${web}) port 81 (tcp) failed: Connection refused\n` +
        `Connection to web (${web}) 82 port [tcp/*] succeeded!\n`,
      exitCode: 0,
    });
  });

  it("says timed out after -w and failed when the kernel gives up", () => {
    expect(run(openbsdNc, ["-zv", "-w", "2", "web", "8080"])).toMatchObject({
      stderr: `nc: connect to web (${web}) port 8080 (tcp) timed out: Operation now in progress\n`,
      exitCode: 1,
      elapsedMs: 2000,
    });
    expect(run(openbsdNc, ["-zv", "web", "8080"], { budgetMs: 300_000 })).toMatchObject({
      stderr: `nc: connect to web (${web}) port 8080 (tcp) failed: Connection timed out\n`,
      elapsedMs: 130_000,
    });
    expect(run(openbsdNc, ["-zv", "10.96.99.1", "80"]).stderr).toBe(
      "nc: connect to 10.96.99.1 port 80 (tcp) failed: No route to host\n",
    );
  });

  it("prints getaddrinfo's error for a name that does not resolve, per libc", () => {
    expect(run(openbsdNc, ["-zv", "nope", "80"])).toMatchObject({
      stderr: 'nc: getaddrinfo for host "nope" port 80: Name or service not known\n',
      exitCode: 1,
    });
    expect(run(openbsdNcMusl, ["-zv", "nope", "80"]).stderr).toBe(
      'nc: getaddrinfo for host "nope" port 80: Name does not resolve\n',
    );
  });

  it("checks its port and timeout arguments", () => {
    expect(run(openbsdNc, ["web"])).toMatchObject({ stderr: "nc: missing port number\n", exitCode: 1 });
    expect(run(openbsdNc, ["-zv", "web", "99999"]).stderr).toBe("nc: port number too large: 99999\n");
    expect(run(openbsdNc, ["-zv", "web", "0"]).stderr).toBe("nc: port number too small: 0\n");
    expect(run(openbsdNc, ["-zv", "web", "abc"]).stderr).toBe("nc: port number invalid: abc\n");
    expect(run(openbsdNc, ["-w", "abc", "web", "80"]).stderr).toBe("nc: timeout invalid: abc\n");
  });

  it("prints the usage without a destination and for a bad option", () => {
    const usage =
      "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n" +
      "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n" +
      "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n" +
      "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n" +
      "\t  [destination] [port]\n";
    expect(run(openbsdNc, [])).toMatchObject({ stderr: usage, exitCode: 1 });
    expect(run(openbsdNc, ["-Q", "web", "80"]).stderr).toBe(`nc: invalid option -- 'Q'\n${usage}`);
    expect(run(openbsdNc, ["-x"]).stderr).toBe(`nc: option requires an argument -- 'x'\n${usage}`);
  });

  it("gets an HTTP/1.0 answer and exits when the server closes", () => {
    const r = run(openbsdNc, ["web", "80"], { stdin: http10 });
    expect(r).toMatchObject({ exitCode: 0, stderr: "" });
    expect(r.stdout.startsWith("HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\n")).toBe(true);
  });

  it("waits on a kept-alive connection until -w, or until interrupted", () => {
    const keep = "GET / HTTP/1.1\r\nHost: web\r\n\r\n";
    expect(run(openbsdNc, ["-w", "3", "web", "80"], { stdin: keep })).toMatchObject({ exitCode: 0, elapsedMs: 3001 });
    expect(run(openbsdNc, ["-v", "web", "82"], { budgetMs: 10_000 })).toEqual({
      stdout: "",
      stderr: `Connection to web (${web}) 82 port [tcp/*] succeeded!\n`,
      exitCode: 130,
      interrupted: true,
      elapsedMs: 10_000,
    });
  });

  it("probes UDP ports with -zu and exchanges datagrams with -u", () => {
    expect(run(openbsdNc, ["-zvu", "web", "8081"]).stderr).toBe(
      `Connection to web (${web}) 8081 port [udp/*] succeeded!\n`,
    );
    expect(run(openbsdNc, ["-zvu", "web", "8082"])).toMatchObject({ stderr: "", exitCode: 1 });
    expect(run(openbsdNc, ["-u", "-w", "1", "web", "8081"], { stdin: "hostname\n" })).toMatchObject({
      stdout: "web-7d4b9c-x2x9z",
      exitCode: 0,
    });
  });
});

describe("an HTTP request on nc's stdin", () => {
  it("is read with \\n or \\r\\n line ends and a body by Content-Length", () => {
    expect(parseHttpRequest("POST /x HTTP/1.1\nHost: a\nContent-Length: 3\n\nabcdef")).toEqual({
      method: "POST",
      target: "/x",
      version: "HTTP/1.1",
      headers: [
        ["Host", "a"],
        ["Content-Length", "3"],
      ],
      body: "abc",
    });
    expect(parseHttpRequest("GET / HTTP/1.1\r\nHost: a\r\n")).toBeUndefined();
    expect(parseHttpRequest("hello\n")).toBeUndefined();
  });
});

describe("nc given nonsense", () => {
  it("answers every command line, never throws and stops within the budget", () => {
    for (const [tool, opts] of [
      [busyboxNc, ["-z", "-v", "-vv", "-zv", "-w", "1", "-u", "-l", "-p", "-n", "80", "81-83", "http"]],
      [openbsdNc, ["-z", "-v", "-zv", "-w", "2", "-u", "-l", "-n", "-N", "-q", "0", "80", "80-82", "http"]],
    ] as const)
      expectNeverThrows(tool, ["nc"], opts, 150);
  });
});
