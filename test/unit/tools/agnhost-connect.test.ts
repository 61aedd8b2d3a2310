/**
 * `agnhost connect` against a scripted network: the fixed prefixes the e2e tests match on,
 * with Go's net error texts (checked against a Go build of connect.go's logic).
 */
import { describe, expect, it } from "vitest";
import { agnhostConnect, parseGoDuration } from "../../../engine/tools/agnhost-connect.ts";
import type { ToolResult } from "../../../engine/tools/types.ts";
import { FakeNetworkClient, nginxLike } from "../../support/fake-network.ts";
import { expectNeverThrows } from "../../support/hostile-argv.ts";

const svc = "10.96.12.34";

function world(): FakeNetworkClient {
  return new FakeNetworkClient({
    localIP: "10.244.1.5",
    names: { web: [svc], slow: { failure: "timeout" }, broken: { failure: "servfail" } },
    endpoints: {
      [`${svc}:80`]: { kind: "http", handler: nginxLike },
      [`${svc}:8080`]: { kind: "timeout" },
      [`${svc}:8081/udp`]: { kind: "udp", handler: (p) => (p === "hostname\n" ? "web-1" : undefined) },
      [`${svc}:8082/udp`]: { kind: "refused" },
      "10.96.99.1:80": { kind: "unreachable" },
    },
  });
}

function run(args: string[], net = world(), budgetMs = 300_000): ToolResult & { elapsedMs: number } {
  const r = agnhostConnect(["agnhost", "connect", ...args], { stdin: "", env: {}, net, budgetMs });
  return { ...r, elapsedMs: net.elapsedMs };
}

const usage = `Usage:
  app connect [host:port] [flags]

Flags:
  -h, --help                help for connect
      --protocol string     The protocol to use to perform the connection, can be tcp, udp or sctp (default "tcp")
      --sctp-data string    The SCTP payload send to the server (default "hostname")
      --timeout duration    Maximum time before returning an error
      --udp-data string     The UDP payload send to the server (default "hostname")
`;

describe("agnhost connect over TCP", () => {
  it("prints nothing and exits 0 when the connection opens", () => {
    expect(run(["--timeout=3s", "web:80"])).toEqual({ stdout: "", stderr: "", exitCode: 0, elapsedMs: 0 });
  });

  it("prints REFUSED for a Service without endpoints", () => {
    expect(run(["--timeout=3s", "web:81"])).toEqual({ stdout: "", stderr: "REFUSED\n", exitCode: 1, elapsedMs: 0 });
  });

  it("prints TIMEOUT after --timeout, or after the kernel's SYN retries without one", () => {
    expect(run(["--timeout", "3s", "web:8080"])).toEqual({
      stdout: "",
      stderr: "TIMEOUT\n",
      exitCode: 1,
      elapsedMs: 3000,
    });
    expect(run([`${svc}:8080`])).toMatchObject({ stderr: "TIMEOUT\n", elapsedMs: 130_000 });
  });

  it("prints OTHER with Go's dial error for an unreachable host", () => {
    expect(run(["10.96.99.1:80"]).stderr).toBe("OTHER: dial tcp 10.96.99.1:80: connect: no route to host\n");
  });

  it("prints DNS with the resolver's error", () => {
    expect(run(["nope:80"]).stderr).toBe("DNS: lookup nope on 10.96.0.10:53: no such host\n");
    expect(run(["broken:80"]).stderr).toBe("DNS: lookup broken on 10.96.0.10:53: server misbehaving\n");
    expect(run(["slow:80"]).stderr).toMatch(
      /^DNS: lookup slow on 10\.96\.0\.10:53: read udp 10\.244\.1\.5:\d+->10\.96\.0\.10:53: i\/o timeout\n$/,
    );
    expect(run(["web:abc"]).stderr).toBe("DNS: lookup tcp/abc: unknown port\n");
    expect(run(["web:99999"]).stderr).toBe("DNS: address 99999: invalid port\n");
  });

  it("prints UNKNOWN for an address without a port", () => {
    expect(run(["web"])).toEqual({
      stdout: "",
      stderr: "UNKNOWN: address web: missing port in address\n",
      exitCode: 1,
      elapsedMs: 0,
    });
    expect(run(["a:b:c"]).stderr).toBe("UNKNOWN: address a:b:c: too many colons in address\n");
  });
});

describe("agnhost connect over UDP", () => {
  it("succeeds when an answer comes back", () => {
    expect(run(["--protocol=udp", "--timeout=1s", "web:8081"])).toMatchObject({ stderr: "", exitCode: 0 });
  });

  it("prints REFUSED and TIMEOUT with the read error", () => {
    expect(run(["--protocol=udp", "--timeout=1s", "web:8082"]).stderr).toMatch(
      /^REFUSED: read udp 10\.244\.1\.5:\d+->10\.96\.12\.34:8082: read: connection refused\n$/,
    );
    expect(run(["--protocol=udp", "--timeout=1s", "--udp-data=echo hi", "web:8081"])).toMatchObject({
      stderr: expect.stringMatching(/^TIMEOUT: read udp 10\.244\.1\.5:\d+->10\.96\.12\.34:8081: i\/o timeout\n$/),
      exitCode: 1,
      elapsedMs: 1000,
    });
  });
});

describe("agnhost connect's command line", () => {
  it("prints cobra's error and usage, and exits 0 as agnhost does", () => {
    expect(run([])).toEqual({
      stdout: "",
      stderr: `Error: accepts 1 arg(s), received 0\n${usage}\n`,
      exitCode: 0,
      elapsedMs: 0,
    });
    expect(run(["--timeout=abc", "web:80"]).stderr.split("\n")[0]).toBe(
      'Error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"',
    );
    expect(run(["--bogus", "web:80"]).stderr.split("\n")[0]).toBe("Error: unknown flag: --bogus");
  });

  it("refuses an unknown protocol without a final newline, as connect.go prints it", () => {
    expect(run(["--protocol=icmp", "web:80"])).toMatchObject({ stderr: "Unsupported protocol\nicmp", exitCode: 1 });
  });

  it("reads Go durations", () => {
    expect(["3s", "500ms", "1m30s", "1.5s", "0", "2h", "x", "3"].map(parseGoDuration)).toEqual([
      3000,
      500,
      90_000,
      1500,
      0,
      7_200_000,
      undefined,
      undefined,
    ]);
  });
});

describe("agnhost connect given nonsense", () => {
  it("answers every command line, never throws", () => {
    expectNeverThrows(
      agnhostConnect,
      ["agnhost", "connect"],
      [
        "--timeout",
        "--timeout=1s",
        "--timeout=0",
        "3s",
        "--protocol",
        "--protocol=udp",
        "--protocol=sctp",
        "-h",
        "--udp-data",
        "web:80",
        "web:8080",
        ":80",
        "[::1]:80",
      ],
    );
  });
});
