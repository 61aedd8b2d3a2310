/**
 * ping in its busybox and iputils flavours against a scripted network. The texts are what
 * busybox 1.37 and iputils 20250605, built from source, printed against a test host; RTTs
 * come from the fake network.
 */
import { describe, expect, it } from "vitest";
import { busyboxPing, iputilsPing, iputilsPingMusl } from "../../../engine/tools/ping.ts";
import type { Tool, ToolResult } from "../../../engine/tools/types.ts";
import type { FakeNetworkOptions } from "../../support/fake-network.ts";
import { FakeNetworkClient } from "../../support/fake-network.ts";
import { expectNeverThrows } from "../../support/hostile-argv.ts";

const pod = "10.244.2.7";

function world(extra: Partial<FakeNetworkOptions> = {}): FakeNetworkClient {
  return new FakeNetworkClient({
    hostname: "client",
    localIP: "10.244.1.5",
    names: {
      web: { addresses: [pod], canonicalName: "web.default.svc.cluster.local" },
      svc: { addresses: ["10.96.12.34"], canonicalName: "svc.default.svc.cluster.local" },
      gone: { addresses: ["10.244.9.9"], canonicalName: "gone.default.svc.cluster.local" },
    },
    pings: { [pod]: { rttMs: 0.081 }, "10.244.9.9": "unreachable" },
    ptr: { [pod]: "10-244-2-7.web.default.svc.cluster.local" },
    files: { "/etc/hosts": "127.0.0.1\tlocalhost\n10.244.1.5\tclient\n" },
    ...extra,
  });
}

function run(tool: Tool, argv: string[], net = world(), budgetMs = 60_000): ToolResult & { elapsedMs: number } {
  const r = tool(["ping", ...argv], { stdin: "", env: {}, net, budgetMs });
  return { ...r, elapsedMs: Math.round(net.elapsedMs * 1000) / 1000 };
}

describe("busybox ping", () => {
  it("pings a pod three times and prints the summary", () => {
    expect(run(busyboxPing, ["-c", "3", "web"])).toEqual({
      stdout:
        `PING web (${pod}): 56 data bytes\n` +
        `64 bytes from ${pod}: seq=0 ttl=64 time=0.081 ms\n` +
        `64 bytes from ${pod}: seq=1 ttl=64 time=0.081 ms\n` +
        `64 bytes from ${pod}: seq=2 ttl=64 time=0.081 ms\n` +
        "\n--- web ping statistics ---\n" +
        "3 packets transmitted, 3 packets received, 0% packet loss\n" +
        "round-trip min/avg/max = 0.081/0.081/0.081 ms\n",
      stderr: "",
      exitCode: 0,
      elapsedMs: 2000.081,
    });
  });

  it("gets nothing back from a ClusterIP and waits -W after the last probe", () => {
    expect(run(busyboxPing, ["-c", "2", "-W", "1", "svc"])).toEqual({
      stdout:
        "PING svc (10.96.12.34): 56 data bytes\n\n--- svc ping statistics ---\n" +
        "2 packets transmitted, 0 packets received, 100% packet loss\n",
      stderr: "",
      exitCode: 1,
      elapsedMs: 2000,
    });
  });

  it("runs until interrupted without -c, then prints the statistics as on Ctrl-C", () => {
    const r = run(busyboxPing, ["web"], world(), 3500);
    expect(r).toMatchObject({ exitCode: 0, interrupted: true, elapsedMs: 3500 });
    expect(r.stdout.split("\n").slice(-4)).toEqual([
      "--- web ping statistics ---",
      "4 packets transmitted, 4 packets received, 0% packet loss",
      "round-trip min/avg/max = 0.081/0.081/0.081 ms",
      "",
    ]);
  });

  it("stops at the -w deadline", () => {
    expect(run(busyboxPing, ["-w", "2", "svc"])).toMatchObject({
      stdout:
        "PING svc (10.96.12.34): 56 data bytes\n\n--- svc ping statistics ---\n" +
        "2 packets transmitted, 0 packets received, 100% packet loss\n",
      exitCode: 1,
    });
  });

  it("keeps quiet with -q and honours -s", () => {
    expect(run(busyboxPing, ["-q", "-c", "1", "-s", "100", "web"]).stdout).toBe(
      `PING web (${pod}): 100 data bytes\n\n--- web ping statistics ---\n` +
        "1 packets transmitted, 1 packets received, 0% packet loss\nround-trip min/avg/max = 0.081/0.081/0.081 ms\n",
    );
  });

  it("says bad address for a name that does not resolve", () => {
    expect(run(busyboxPing, ["nope"])).toEqual({
      stdout: "",
      stderr: "ping: bad address 'nope'\n",
      exitCode: 1,
      elapsedMs: 0,
    });
  });

  it("prints its usage for a missing host and a bad option, and rejects a bad number", () => {
    const bare = run(busyboxPing, []);
    expect(bare.exitCode).toBe(1);
    expect(bare.stderr.split("\n").slice(0, 5)).toEqual([
      "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.",
      "",
      "Usage: ping [OPTIONS] HOST",
      "",
      "Send ICMP ECHO_REQUESTs to HOST",
    ]);
    expect(run(busyboxPing, ["-x", "web"]).stderr.startsWith("ping: invalid option -- 'x'\nBusyBox v1.37.0")).toBe(
      true,
    );
    expect(run(busyboxPing, ["-c", "abc", "web"])).toMatchObject({
      stderr: "ping: invalid number 'abc'\n",
      exitCode: 1,
    });
  });
});

describe("iputils ping", () => {
  it("names the canonical name and each reply's reverse name", () => {
    expect(run(iputilsPing, ["-c", "2", "web"])).toEqual({
      stdout:
        `PING web.default.svc.cluster.local (${pod}) 56(84) bytes of data.\n` +
        `64 bytes from 10-244-2-7.web.default.svc.cluster.local (${pod}): icmp_seq=1 ttl=64 time=0.081 ms\n` +
        `64 bytes from 10-244-2-7.web.default.svc.cluster.local (${pod}): icmp_seq=2 ttl=64 time=0.081 ms\n` +
        "\n--- web.default.svc.cluster.local ping statistics ---\n" +
        "2 packets transmitted, 2 received, 0% packet loss, time 1000ms\n" +
        "rtt min/avg/max/mdev = 0.081/0.081/0.081/0.000 ms\n",
      stderr: "",
      exitCode: 0,
      elapsedMs: 1000.081,
    });
  });

  it("prints no names for a numeric target, or with -n", () => {
    expect(run(iputilsPing, ["-c", "1", pod]).stdout).toBe(
      `PING ${pod} (${pod}) 56(84) bytes of data.\n64 bytes from ${pod}: icmp_seq=1 ttl=64 time=0.081 ms\n\n` +
        `--- ${pod} ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\n` +
        "rtt min/avg/max/mdev = 0.081/0.081/0.081/0.000 ms\n",
    );
    expect(run(iputilsPing, ["-n", "-c", "1", "web"]).stdout).toContain(`64 bytes from ${pod}: icmp_seq=1`);
  });

  it("computes mdev and a fractional loss as iputils does", () => {
    let n = 0;
    const net = world();
    const real = net.ping.bind(net);
    net.ping = (_ip, opts) => {
      n++;
      if (n === 2) return real("10.96.12.34", opts); // lost
      return n === 1 ? { ok: true, ttl: 63, rttMs: 0.2 } : { ok: true, ttl: 63, rttMs: 1.234 };
    };
    expect(run(iputilsPing, ["-c", "3", pod], net).stdout.split("\n").slice(-3)).toEqual([
      "3 packets transmitted, 2 received, 33.3333% packet loss, time 2001ms",
      "rtt min/avg/max/mdev = 0.200/0.717/1.234/0.517 ms",
      "",
    ]);
  });

  it("ends with an empty line when nothing came back", () => {
    expect(run(iputilsPing, ["-c", "2", "-W", "1", "10.96.12.34"])).toEqual({
      stdout:
        "PING 10.96.12.34 (10.96.12.34) 56(84) bytes of data.\n\n--- 10.96.12.34 ping statistics ---\n" +
        "2 packets transmitted, 0 received, 100% packet loss, time 1000ms\n\n",
      stderr: "",
      exitCode: 1,
      elapsedMs: 2000,
    });
  });

  it("reports Destination Host Unreachable from the local address and counts errors", () => {
    expect(run(iputilsPing, ["-c", "2", "gone"]).stdout).toBe(
      "PING gone.default.svc.cluster.local (10.244.9.9) 56(84) bytes of data.\n" +
        "From client (10.244.1.5) icmp_seq=1 Destination Host Unreachable\n" +
        "From client (10.244.1.5) icmp_seq=2 Destination Host Unreachable\n\n" +
        "--- gone.default.svc.cluster.local ping statistics ---\n" +
        "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1000ms\n\n",
    );
  });

  it("says what getaddrinfo says, in glibc's or musl's words", () => {
    expect(run(iputilsPing, ["nope"])).toEqual({
      stdout: "",
      stderr: "ping: nope: Name or service not known\n",
      exitCode: 2,
      elapsedMs: 0,
    });
    expect(run(iputilsPingMusl, ["nope"]).stderr).toBe("ping: nope: Name does not resolve\n");
    expect(run(iputilsPing, ["slow"], world({ names: { slow: { failure: "timeout" } } })).stderr).toBe(
      "ping: slow: Temporary failure in name resolution\n",
    );
  });

  it("runs until interrupted without -c", () => {
    const r = run(iputilsPing, ["web"], world(), 2500);
    expect(r).toMatchObject({ exitCode: 0, interrupted: true, elapsedMs: 2500 });
    expect(r.stdout.split("\n").slice(-3)).toEqual([
      "3 packets transmitted, 3 received, 0% packet loss, time 2000ms",
      "rtt min/avg/max/mdev = 0.081/0.081/0.081/0.000 ms",
      "",
    ]);
  });

  it("rejects bad arguments as iputils does", () => {
    expect(run(iputilsPing, [])).toMatchObject({
      stderr: "ping: usage error: Destination address required\n",
      exitCode: 2,
    });
    expect(run(iputilsPing, ["-c", "abc", "web"])).toMatchObject({
      stderr: "ping: invalid argument: 'abc'\n",
      exitCode: 1,
    });
    expect(run(iputilsPing, ["-c", "0", "web"]).stderr).toBe(
      "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n",
    );
    const bad = run(iputilsPing, ["-x", "web"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.split("\n").slice(0, 4)).toEqual([
      "ping: invalid option -- 'x'",
      "",
      "Usage",
      "  ping [options] <destination>",
    ]);
  });
});

describe("ping given nonsense", () => {
  it("answers every command line, never throws and stops within the budget", () => {
    for (const [tool, opts] of [
      [busyboxPing, ["-c", "1", "2", "-W", "-w", "-i", "0.2", "-q", "-s", "-t", "-4", "-6", "-I"]],
      [iputilsPing, ["-c", "1", "3", "-W", "-w", "-i", "0.5", "-q", "-n", "-H", "-s", "-V", "-h", "-a"]],
    ] as const)
      expectNeverThrows(tool, ["ping"], opts, 150);
  });
});
