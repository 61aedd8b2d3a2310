/**
 * ping in two flavours, each checked against its source built and run against a test
 * host: busybox's applet (networking/ping.c; busybox:latest) and iputils' (ping/ping.c,
 * ping/ping_common.c, release 20250605; Debian's iputils-ping and Alpine's iputils, as in
 * nicolaka/netshoot). The shell interrupts a ping without -c at the tool's budget, as
 * Ctrl-C would: both print their statistics then and the result says `interrupted`.
 *
 *   busybox:  PING web (10.96.12.34): 56 data bytes
 *             64 bytes from 10.96.12.34: seq=0 ttl=64 time=0.081 ms
 *             --- web ping statistics ---
 *             1 packets transmitted, 1 packets received, 0% packet loss
 *             round-trip min/avg/max = 0.081/0.081/0.081 ms
 *   iputils:  PING web.default.svc.cluster.local (10.96.12.34) 56(84) bytes of data.
 *             64 bytes from web.default.svc.cluster.local (10.96.12.34): icmp_seq=1 ttl=64 time=0.081 ms
 *             --- web.default.svc.cluster.local ping statistics ---
 *             1 packets transmitted, 1 received, 0% packet loss, time 0ms
 *             rtt min/avg/max/mdev = 0.081/0.081/0.081/0.000 ms
 *
 * RTTs and TTLs come from `NetworkClient.ping`; times are virtual. Simplified (README): a
 * reply never arrives after the next probe leaves, so no reordering, duplicates or "pipe N".
 */
import type { NetworkClient, PingAttempt } from "../network/client.ts";
import {
  busyboxBanner,
  busyboxNumber,
  gaiError,
  getopt,
  isIPv4,
  type Libc,
  type OptionSpec,
  reverseName,
} from "./support.ts";
import type { Tool, ToolIO, ToolResult } from "./types.ts";

/** Both define MAXWAIT 10: seconds to wait for a reply after the last probe when none came back. */
const maxWaitSeconds = 10;

interface Probe {
  readonly seq: number;
  readonly result: PingAttempt;
}

interface Plan {
  /** -c: stop after this many replies (busybox) / probes (iputils); 0 = until interrupted. */
  readonly count: number;
  readonly intervalMs: number;
  /** -w: seconds until ping exits; 0 = none. */
  readonly deadlineMs: number;
  /** -W: how long to wait for a reply to the last probe when none came back. */
  readonly lingerMs: number;
}

interface Run {
  readonly probes: Probe[];
  /** Virtual ms from the first probe to the last event ping saw. */
  readonly spanMs: number;
  readonly interrupted: boolean;
}

/**
 * The probe loop both flavours share: one echo request every interval, each waiting for
 * its reply until the next one leaves; after the last, the linger time (no replies yet) or
 * about two RTTs. `onProbe` prints as the probes come back.
 */
function probeLoop(net: NetworkClient, ip: string, plan: Plan, budgetMs: number, onProbe: (p: Probe) => void): Run {
  const start = net.elapsedMs;
  const since = () => net.elapsedMs - start;
  const probes: Probe[] = [];
  let received = 0;
  let tmaxMs = 0;
  let spanMs = 0;
  for (let seq = 0; ; seq++) {
    const sendAt = seq * plan.intervalMs;
    if (plan.deadlineMs > 0 && sendAt >= plan.deadlineMs) {
      spanMs = Math.max(0, (seq - 1) * plan.intervalMs);
      return { probes, spanMs, interrupted: false };
    }
    if (sendAt >= budgetMs) {
      net.wait(budgetMs - since());
      return { probes, spanMs, interrupted: true };
    }
    net.wait(sendAt - since());
    const last = plan.count > 0 && seq + 1 >= plan.count;
    let timeoutMs: number;
    if (!last) timeoutMs = plan.intervalMs;
    else if (received > 0) timeoutMs = Math.max(1000, 2 * tmaxMs);
    else timeoutMs = plan.lingerMs;
    if (plan.deadlineMs > 0) timeoutMs = Math.min(timeoutMs, Math.max(1, plan.deadlineMs - sendAt));
    const interruptAt = budgetMs - sendAt;
    const result = net.ping(ip, { timeoutMs: Math.min(timeoutMs, Math.max(1, interruptAt)) });
    const probe = { seq, result };
    if (result.ok) {
      received++;
      tmaxMs = Math.max(tmaxMs, result.rttMs);
      spanMs = sendAt + result.rttMs;
      probes.push(probe);
      onProbe(probe);
    } else {
      spanMs = sendAt;
      probes.push(probe);
      onProbe(probe);
      if (interruptAt <= timeoutMs && since() >= budgetMs) return { probes, spanMs, interrupted: true };
    }
    if (last) return { probes, spanMs, interrupted: false };
  }
}

const us = (ms: number) => Math.round(ms * 1000);
const ms3 = (micros: number) => `${Math.floor(micros / 1000)}.${String(micros % 1000).padStart(3, "0")}`;

// ---- busybox ----------------------------------------------------------------------------

const busyboxUsage = `${busyboxBanner}

Usage: ping [OPTIONS] HOST

Send ICMP ECHO_REQUESTs to HOST

	-4,-6		Force IP or IPv6 name resolution
	-c CNT		Send only CNT pings
	-s SIZE		Send SIZE data bytes in packets (default 56)
	-i SECS		Interval
	-A		Ping as soon as reply is received
	-t TTL		Set TTL
	-I IFACE/IP	Source interface or IP address
	-W SEC		Seconds to wait for the first response (default 10)
			(after all -c CNT packets are sent)
	-w SEC		Seconds until ping exits (default:infinite)
			(can exit earlier with -c CNT)
	-q		Quiet, only display output at start/finish
	-p HEXBYTE	Payload pattern
`;

/** OPT_STRING "qvAc:+s:t:+w:+W:+I:np:i:46" (getopt32; "+" values go through xatoi_positive). */
const busyboxSpecs: readonly OptionSpec[] = [
  { short: "q" },
  { short: "v" },
  { short: "A" },
  { short: "c", value: true },
  { short: "s", value: true },
  { short: "t", value: true },
  { short: "w", value: true },
  { short: "W", value: true },
  { short: "I", value: true },
  { short: "n" },
  { short: "p", value: true },
  { short: "i", value: true },
  { short: "4" },
  { short: "6" },
];

/** libbb parse_duration_str: seconds with an optional fraction and s/m/h/d suffix. */
function duration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(text);
  if (!m) return undefined;
  const mult = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * mult;
}

export const busyboxPing: Tool = (argv, io) => {
  const parsed = getopt("ping", argv.slice(1), busyboxSpecs);
  const usage = (prefix = ""): ToolResult => ({ stdout: "", stderr: prefix + busyboxUsage, exitCode: 1 });
  if (!parsed.ok) return usage(`${parsed.message}\n`);
  // "=1": exactly one HOST.
  if (parsed.operands.length !== 1) return usage();
  let count = 0;
  let datalen = 56;
  let deadline = 0;
  let linger = maxWaitSeconds;
  let interval = 1;
  let quiet = false;
  for (const [k, v] of parsed.options) {
    const value = v as string;
    if (k === "q") quiet = true;
    else if (k === "c" || k === "w" || k === "W" || k === "t" || k === "s") {
      const n = busyboxNumber(value, k === "s" ? 0xffff : 0x7fffffff);
      if (n === undefined) return { stdout: "", stderr: `ping: invalid number '${value}'\n`, exitCode: 1 };
      if (k === "c") count = n;
      else if (k === "w") deadline = n;
      else if (k === "W") linger = n;
      else if (k === "s") datalen = n;
    } else if (k === "i") {
      const d = duration(value);
      if (d === undefined) return { stdout: "", stderr: `ping: invalid number '${value}'\n`, exitCode: 1 };
      interval = d;
    }
  }
  const host = parsed.operands[0]!;
  const net = io.net;
  let ip: string;
  if (isIPv4(host)) ip = host;
  else {
    const r = net.resolve(host);
    if (!r.ok) return { stdout: "", stderr: `ping: bad address '${host}'\n`, exitCode: 1 };
    ip = r.addresses[0]!;
  }
  let stdout = `PING ${host} (${ip}): ${datalen} data bytes\n`;
  const run = probeLoop(
    net,
    ip,
    { count, intervalMs: Math.round(interval * 1000), deadlineMs: deadline * 1000, lingerMs: linger * 1000 },
    io.budgetMs,
    (p) => {
      if (!quiet && p.result.ok)
        stdout += `${datalen + 8} bytes from ${ip}: seq=${p.seq} ttl=${p.result.ttl} time=${ms3(us(p.result.rttMs))} ms\n`;
    },
  );
  // print_stats_and_exit
  const sent = run.probes.length;
  const rtts = run.probes.flatMap((p) => (p.result.ok ? [us(p.result.rttMs)] : []));
  const recv = rtts.length;
  stdout += `\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${recv} packets received, `;
  stdout += `${sent ? Math.floor(((sent - recv) * 100) / sent) : 0}% packet loss\n`;
  if (recv > 0) {
    const sum = rtts.reduce((a, b) => a + b, 0);
    stdout += `round-trip min/avg/max = ${ms3(Math.min(...rtts))}/${ms3(Math.floor(sum / recv))}/${ms3(Math.max(...rtts))} ms\n`;
  }
  const exitCode = recv === 0 || (deadline > 0 && recv < count) ? 1 : 0;
  return { stdout, stderr: "", exitCode, ...(run.interrupted ? { interrupted: true } : {}) };
};

// ---- iputils ----------------------------------------------------------------------------

const iputilsUsage = `
Usage
  ping [options] <destination>

Options:
  <destination>      DNS name or IP address
  -3                 RTT precision (do not round up the result time)
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -H                 force reverse DNS name resolution (useful for numeric
                     destinations or for -f), override -n
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define path MTU discovery, can be one of <do|dont|want|probe>
  -n                 no reverse DNS name resolution, override -H
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use IPv6 node info query, try <help> as argument

For more details see ping(8).
`;

/** The getopt string "h?4bRT:6F:N:3aABc:CdDe:fHi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:". */
const iputilsSpecs: readonly OptionSpec[] = [
  ..."h?4bR6".split("").map((c) => ({ short: c })),
  { short: "T", value: true },
  { short: "F", value: true },
  { short: "N", value: true },
  ..."3aAB".split("").map((c) => ({ short: c })),
  { short: "c", value: true },
  ..."CdD".split("").map((c) => ({ short: c })),
  { short: "e", value: true },
  ..."fH".split("").map((c) => ({ short: c })),
  { short: "i", value: true },
  { short: "I", value: true },
  { short: "l", value: true },
  { short: "L" },
  { short: "m", value: true },
  { short: "M", value: true },
  ..."nO".split("").map((c) => ({ short: c })),
  { short: "p", value: true },
  { short: "q" },
  { short: "Q", value: true },
  { short: "r" },
  { short: "s", value: true },
  { short: "S", value: true },
  { short: "t", value: true },
  ..."UvV".split("").map((c) => ({ short: c })),
  { short: "w", value: true },
  { short: "W", value: true },
];

/** iputils_common.c strtol_or_err. */
function strtolOrErr(text: string, min: number, max: bigint): number | string {
  if (!/^[+-]?\d+$/.test(text)) return `ping: invalid argument: '${text}'`;
  const n = BigInt(text);
  if (n < BigInt(min) || n > max) return `ping: invalid argument: '${text}': out of range: ${min} <= value <= ${max}`;
  return Number(n);
}

/** printf("%g") for a loss percentage: six significant digits, trailing zeros dropped. */
function pctG(x: number): string {
  if (x === 0) return "0";
  const s = x.toPrecision(6);
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** ping_common.c llsqrt: integer square root. */
function llsqrt(a: number): number {
  let prev = Number.MAX_SAFE_INTEGER;
  let x = a;
  if (x > 0) {
    while (x < prev) {
      prev = x;
      x = Math.floor((x + Math.floor(a / x)) / 2);
    }
  }
  return x;
}

/** ping_common.c gather_statistics: the time field, rounded as iputils rounds it. */
function tripTime(t: number): string {
  if (t >= 100000 - 50) return String(Math.floor((t + 500) / 1000));
  if (t >= 10000 - 5) return `${Math.floor((t + 50) / 1000)}.${Math.floor(((t + 50) % 1000) / 100)}`;
  if (t >= 1000) return `${Math.floor((t + 5) / 1000)}.${String(Math.floor(((t + 5) % 1000) / 10)).padStart(2, "0")}`;
  return ms3(t);
}

function makeIputilsPing(libc: Libc): Tool {
  return (argv, io: ToolIO) => {
    const parsed = getopt("ping", argv.slice(1), iputilsSpecs, libc);
    if (!parsed.ok) return { stdout: "", stderr: `${parsed.message}\n${iputilsUsage}`, exitCode: 2 };
    let count = 0;
    let datalen = 56;
    let deadline = 0;
    let lingerMs = maxWaitSeconds * 1000;
    let intervalMs = 1000;
    let quiet = false;
    let numeric = false;
    let forceLookup = false;
    for (const [k, v] of parsed.options) {
      const value = v as string;
      const fail = (message: string): ToolResult => ({ stdout: "", stderr: `${message}\n`, exitCode: 1 });
      if (k === "q") quiet = true;
      else if (k === "n") numeric = true;
      else if (k === "H") forceLookup = true;
      else if (k === "h" || k === "?") return { stdout: "", stderr: iputilsUsage, exitCode: 2 };
      else if (k === "V") return { stdout: "ping from iputils 20250605\n", stderr: "", exitCode: 0 };
      else if (k === "c" || k === "w" || k === "s") {
        const n = strtolOrErr(value, k === "c" ? 1 : 0, k === "c" ? 9223372036854775807n : 2147483647n);
        if (typeof n === "string") return fail(n);
        if (k === "c") count = n;
        else if (k === "w") deadline = n;
        else datalen = n;
      } else if (k === "i" || k === "W") {
        const d = Number(value);
        if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value))
          return {
            stdout: "",
            stderr: `ping: ${k === "i" ? "bad timing interval" : "bad linger time"}: ${value}\n`,
            exitCode: 2,
          };
        if (k === "i") intervalMs = Math.round(d * 1000);
        else lingerMs = Math.round(d * 1000);
      }
    }
    const target = parsed.operands[parsed.operands.length - 1];
    if (target === undefined)
      return { stdout: "", stderr: "ping: usage error: Destination address required\n", exitCode: 2 };
    const net = io.net;
    let ip: string;
    let hostname: string;
    if (isIPv4(target)) {
      ip = target;
      hostname = target;
      // A numeric destination is printed without reverse lookups (-H forces them).
      numeric = true;
    } else {
      const r = net.resolve(target);
      if (!r.ok) return { stdout: "", stderr: `ping: ${target}: ${gaiError(r.failure, libc)}\n`, exitCode: 2 };
      ip = r.addresses[0]!;
      hostname = r.canonicalName || target;
    }
    const lookups = forceLookup || !numeric;
    const names = new Map<string, string>();
    const prAddr = (addr: string) => {
      if (!lookups) return addr;
      if (!names.has(addr)) names.set(addr, reverseName(net, addr) ?? "");
      const name = names.get(addr)!;
      return name && name !== addr ? `${name} (${addr})` : addr;
    };
    let stdout = `PING ${hostname} (${ip}) ${datalen}(${datalen + 28}) bytes of data.\n`;
    let errors = 0;
    const run = probeLoop(net, ip, { count, intervalMs, deadlineMs: deadline * 1000, lingerMs }, io.budgetMs, (p) => {
      if (p.result.ok) {
        if (!quiet)
          stdout += `${datalen + 8} bytes from ${prAddr(ip)}: icmp_seq=${p.seq + 1} ttl=${p.result.ttl} time=${tripTime(us(p.result.rttMs))} ms\n`;
      } else if (p.result.failure === "unreachable") {
        // ping4_receive_error_msg: the local stack reports the neighbour never answered.
        errors++;
        if (!quiet) stdout += `From ${prAddr(net.localIP)} icmp_seq=${p.seq + 1} Destination Host Unreachable\n`;
      }
    });
    // finish()
    const sent = run.probes.length;
    const rtts = run.probes.flatMap((p) => (p.result.ok ? [us(p.result.rttMs)] : []));
    const recv = rtts.length;
    stdout += `\n--- ${hostname} ping statistics ---\n${sent} packets transmitted, ${recv} received`;
    if (errors) stdout += `, +${errors} errors`;
    if (sent) stdout += `, ${pctG(((sent - recv) * 100) / sent)}% packet loss, time ${Math.round(run.spanMs)}ms`;
    stdout += "\n";
    if (recv > 0) {
      const tsum = rtts.reduce((a, b) => a + b, 0);
      const tsum2 = rtts.reduce((a, b) => a + b * b, 0);
      const tmavg = Math.floor(tsum / recv);
      const tmvar = Math.floor((tsum2 - Math.floor((tsum * tsum) / recv)) / recv);
      const tmdev = llsqrt(tmvar);
      stdout += `rtt min/avg/max/mdev = ${ms3(Math.min(...rtts))}/${ms3(tmavg)}/${ms3(Math.max(...rtts))}/${ms3(tmdev)} ms`;
    }
    stdout += "\n";
    const exitCode = recv === 0 || (deadline > 0 && recv < count) ? 1 : 0;
    return { stdout, stderr: "", exitCode, ...(run.interrupted ? { interrupted: true } : {}) };
  };
}

/** Debian's iputils-ping (glibc). */
export const iputilsPing: Tool = makeIputilsPing("glibc");
/** Alpine's iputils (musl), as in nicolaka/netshoot: only resolver errors read differently. */
export const iputilsPingMusl: Tool = makeIputilsPing("musl");

export const pingFlavours = { busybox: busyboxPing, iputils: iputilsPing } as const;
