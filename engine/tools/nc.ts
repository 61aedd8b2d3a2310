/**
 * nc in two flavours, checked against each built or installed and run against a test host:
 *
 * - busybox (networking/nc_bloaty.c: busybox's defconfig has NC_110_COMPAT, so busybox:latest
 *   runs the nc 1.10 port, with -z): `web (10.96.12.34:80) open` with -v; a refusal is shown
 *   only with -vv (`nc: web (10.96.12.34:81): Connection refused`), other failures with -v.
 * - openbsd (netcat-openbsd as Debian and Alpine patch it, 1.219): `Connection to web
 *   (10.96.12.34) 80 port [tcp/http] succeeded!`, `nc: connect to web (10.96.12.34) port 81
 *   (tcp) failed: Connection refused` (both with -v), `nc: getaddrinfo for host "nope" port
 *   80: Name or service not known`, port ranges `80-82`.
 *
 * Talking: stdin that is an HTTP request goes out as one (`printf 'GET / HTTP/1.0\r\n\r\n' |
 * nc web 80`) and the raw response comes back on stdout; a UDP datagram gets its answer.
 * Simplified (README): other bytes on stdin are not delivered (the network speaks HTTP and
 * datagrams only); `-l` listens but no connection arrives, so it runs until interrupted.
 */
import type { HttpRequest, HttpResponse } from "../images/http.ts";
import type { NetworkClient } from "../network/client.ts";
import {
  busyboxBanner,
  busyboxNumber,
  connectLimit,
  errnoText,
  gaiError,
  getopt,
  isIPv4,
  type Libc,
  type OptionSpec,
  serviceName,
  servicePort,
} from "./support.ts";
import type { Tool, ToolIO, ToolResult } from "./types.ts";

/** An HTTP request written on stdin: request line, headers, blank line, body (by Content-Length). */
export function parseHttpRequest(text: string): HttpRequest | undefined {
  const m = /^([A-Z]+) (\S+) (HTTP\/1\.[01])\r?\n/.exec(text);
  if (!m) return undefined;
  let rest = text.slice(m[0].length);
  const headers: [string, string][] = [];
  for (;;) {
    const nl = rest.indexOf("\n");
    if (nl < 0) return undefined; // no blank line yet: the server would still be waiting
    const line = rest.slice(0, nl).replace(/\r$/, "");
    rest = rest.slice(nl + 1);
    if (line === "") break;
    const colon = line.indexOf(":");
    if (colon <= 0) return undefined;
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  const len = Number(headers.find(([k]) => k.toLowerCase() === "content-length")?.[1] ?? 0);
  return {
    method: m[1]!,
    target: m[2]!,
    version: m[3] as "HTTP/1.1" | "HTTP/1.0",
    headers,
    body: rest.slice(0, Number.isFinite(len) ? len : 0),
  };
}

/** The response as bytes on the wire. */
function serialize(r: HttpResponse): string {
  return `${r.version} ${r.status} ${r.reason}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n${r.body}`;
}

/** The server closes after answering: HTTP/1.0 without keep-alive, or `Connection: close`. */
function serverCloses(req: HttpRequest, r: HttpResponse): boolean {
  const conn = (h: readonly (readonly [string, string])[]) =>
    h.find(([k]) => k.toLowerCase() === "connection")?.[1]?.toLowerCase() ?? "";
  if (conn(r.headers).includes("close") || conn(req.headers).includes("close")) return true;
  return req.version === "HTTP/1.0" && !conn(req.headers).includes("keep-alive");
}

interface Talk {
  stdout: string;
  sent: number;
  received: number;
  /** The peer closed the connection (nc can exit). */
  closed: boolean;
}

/** What happens on a connected TCP socket given stdin: an HTTP exchange, or nothing deliverable. */
function talkTcp(net: NetworkClient, ip: string, port: number, stdin: string, timeoutMs?: number): Talk {
  const req = stdin === "" ? undefined : parseHttpRequest(stdin);
  if (!req) return { stdout: "", sent: stdin.length, received: 0, closed: false };
  const a = net.request(ip, port, req, timeoutMs !== undefined ? { timeoutMs } : {});
  if (!a.ok) return { stdout: "", sent: stdin.length, received: 0, closed: true };
  const out = serialize(a.response);
  return { stdout: out, sent: stdin.length, received: out.length, closed: serverCloses(req, a.response) };
}

/**
 * Wait out the rest of the budget: the shell interrupts as Ctrl-C would. Neither nc
 * catches SIGINT, so the shell sees 130 (128 + SIGINT).
 */
function untilInterrupted(io: ToolIO, start: number, result: Omit<ToolResult, "interrupted" | "exitCode">): ToolResult {
  io.net.wait(Math.max(0, io.budgetMs - (io.net.elapsedMs - start)));
  return { ...result, exitCode: 130, interrupted: true };
}

// ---- busybox ----------------------------------------------------------------------------

const busyboxUsage = `${busyboxBanner}

Usage: nc [OPTIONS] HOST PORT  - connect
nc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen

	-e PROG	Run PROG after connect (must be last)
	-l	Listen mode, for inbound connects
	-lk	With -e, provides persistent server
	-p PORT	Local port
	-s ADDR	Local address
	-w SEC	Timeout for connects and final net reads
	-i SEC	Delay interval for lines sent
	-n	Don't do DNS resolution
	-u	UDP mode
	-b	Allow broadcasts
	-v	Verbose
	-o FILE	Hex dump traffic
	-z	Zero-I/O mode (scanning)
`;

/** getopt32 "np:s:ubvw:+lki:o:z" with "?2:vv:ll" (at most two operands; -v and -l count). */
const busyboxSpecs: readonly OptionSpec[] = [
  { short: "n" },
  { short: "p", value: true },
  { short: "s", value: true },
  { short: "u" },
  { short: "b" },
  { short: "v" },
  { short: "w", value: true },
  { short: "l" },
  { short: "k" },
  { short: "i", value: true },
  { short: "o", value: true },
  { short: "z" },
  { short: "e", value: true },
];

export const busyboxNc: Tool = (argv, io) => {
  const parsed = getopt("nc", argv.slice(1), busyboxSpecs);
  const usage = (prefix = ""): ToolResult => ({ stdout: "", stderr: prefix + busyboxUsage, exitCode: 1 });
  if (!parsed.ok) return usage(`${parsed.message}\n`);
  if (parsed.operands.length > 2) return usage();
  let verbose = 0;
  let wait = 0;
  let udp = false;
  let zero = false;
  let listen = false;
  for (const [k, v] of parsed.options) {
    if (k === "v") verbose++;
    else if (k === "u") udp = true;
    else if (k === "z") zero = true;
    else if (k === "l") listen = true;
    else if (k === "w") {
      const n = busyboxNumber(v as string);
      if (n === undefined) return { stdout: "", stderr: `nc: invalid number '${v}'\n`, exitCode: 1 };
      wait = n;
    }
  }
  const net = io.net;
  const start = net.elapsedMs;
  const proto = udp ? "udp" : "tcp";
  const [host, portText] = parsed.operands;
  // bb_lookup_port: a number, a service name, or 0 when absent.
  let port = 0;
  if (portText !== undefined) {
    const p = /^\d+$/.test(portText) ? Number(portText) : servicePort(net, portText, proto);
    if (p === undefined || p > 0xffff) return { stdout: "", stderr: `nc: bad port '${portText}'\n`, exitCode: 1 };
    port = p;
  }
  let ip: string | undefined;
  if (host !== undefined) {
    if (isIPv4(host)) ip = host;
    else {
      const r = net.resolve(host);
      if (!r.ok) return { stdout: "", stderr: `nc: bad address '${host}'\n`, exitCode: 1 };
      ip = r.addresses[0]!;
    }
  }
  if (listen) return untilInterrupted(io, start, { stdout: "", stderr: "" });
  if (ip === undefined || host === undefined) return usage();
  const dotted = `${ip}:${port}`;
  let stderr = "";
  const stats = (sent: number, rcvd: number) => (verbose > 1 ? `sent ${sent}, rcvd ${rcvd}\n` : "");
  if (udp) {
    // A UDP "connect" always succeeds; -z probes for an ICMP refusal (udptest).
    if (zero) {
      const probe = net.udp(ip, port, "X", { timeoutMs: 1000 });
      if (!probe.ok && probe.failure === "refused") {
        if (verbose > 1) stderr += `nc: ${host} (${dotted}): ${errnoText.refused}\n`;
        return { stdout: "", stderr: stderr + stats(0, 0), exitCode: 1 };
      }
      if (verbose) stderr += `${host} (${dotted}) open\n`;
      return { stdout: "", stderr: stderr + stats(0, 0), exitCode: 0 };
    }
    if (verbose) stderr += `${host} (${dotted}) open\n`;
    if (io.stdin === "") return { stdout: "", stderr: stderr + stats(0, 0), exitCode: 0 };
    const timeoutMs = wait > 0 ? wait * 1000 : Math.max(1, io.budgetMs - (net.elapsedMs - start));
    const r = net.udp(ip, port, io.stdin, { timeoutMs });
    const out = r.ok ? r.reply : "";
    if (r.ok && wait > 0) net.wait(wait * 1000);
    // Without -w nc keeps listening for more datagrams until interrupted.
    if (wait === 0) return untilInterrupted(io, start, { stdout: out, stderr });
    return { stdout: out, stderr: stderr + stats(io.stdin.length, out.length), exitCode: 0 };
  }
  const lim = connectLimit(wait > 0 ? wait * 1000 : undefined, io.budgetMs - (net.elapsedMs - start));
  const c = net.connect(ip, port, "TCP", lim);
  if (c.outcome === "timeout" && lim.byBudget) return { stdout: "", stderr, exitCode: 130, interrupted: true };
  if (c.outcome !== "connected") {
    const why =
      c.outcome === "refused" ? errnoText.refused : c.outcome === "timeout" ? errnoText.timeout : errnoText.unreachable;
    if (verbose > 1 || (verbose && c.outcome !== "refused")) stderr += `nc: ${host} (${dotted}): ${why}\n`;
    return { stdout: "", stderr: stderr + stats(0, 0), exitCode: 1 };
  }
  if (verbose) stderr += `${host} (${dotted}) open\n`;
  if (zero) return { stdout: "", stderr: stderr + stats(0, 0), exitCode: 0 };
  // readwrite(): stdin to the net; at stdin's end busybox shuts down its side, and the
  // server answers and closes.
  const t = talkTcp(net, ip, port, io.stdin, wait > 0 ? wait * 1000 : undefined);
  return { stdout: t.stdout, stderr: stderr + stats(t.sent, t.received), exitCode: 0 };
};

// ---- openbsd ----------------------------------------------------------------------------

const openbsdUsage = `usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]
	  [-m minttl] [-O length] [-P proxy_username] [-p source_port]
	  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]
	  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]
	  [destination] [port]
`;

/** Debian's getopt string "46CDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zz". */
const openbsdSpecs: readonly OptionSpec[] = [
  ..."46CDdFh".split("").map((c) => ({ short: c })),
  { short: "I", value: true },
  { short: "i", value: true },
  { short: "k" },
  { short: "l" },
  { short: "M", value: true },
  { short: "m", value: true },
  { short: "N" },
  { short: "n" },
  { short: "O", value: true },
  { short: "P", value: true },
  { short: "p", value: true },
  { short: "q", value: true },
  { short: "r" },
  { short: "S" },
  { short: "s", value: true },
  { short: "T", value: true },
  { short: "t" },
  { short: "U" },
  { short: "u" },
  { short: "V", value: true },
  { short: "v" },
  { short: "W", value: true },
  { short: "w", value: true },
  { short: "X", value: true },
  { short: "x", value: true },
  { short: "Z" },
  { short: "z" },
];

/** netcat.c build_ports/strtoport: a number, a service name, or a range `lo-hi`. */
function ports(net: NetworkClient, text: string, proto: "tcp" | "udp"): number[] | string {
  const one = (s: string): number | string => {
    if (/^\d+$/.test(s)) {
      const n = Number(s);
      if (n < 1) return `port number too small: ${s}`;
      if (n > 65535) return `port number too large: ${s}`;
      return n;
    }
    return servicePort(net, s, proto) ?? `port number invalid: ${s}`;
  };
  const dash = text.indexOf("-");
  if (dash > 0) {
    const lo = one(text.slice(0, dash));
    const hi = one(text.slice(dash + 1));
    if (typeof lo === "string") return lo;
    if (typeof hi === "string") return hi;
    const out: number[] = [];
    for (let p = Math.min(lo, hi); p <= Math.max(lo, hi); p++) out.push(p);
    return out;
  }
  const p = one(text);
  return typeof p === "string" ? p : [p];
}

function makeOpenbsdNc(libc: Libc): Tool {
  return (argv, io) => {
    const parsed = getopt("nc", argv.slice(1), openbsdSpecs, libc);
    if (!parsed.ok) return { stdout: "", stderr: `${parsed.message}\n${openbsdUsage}`, exitCode: 1 };
    let verbose = false;
    let zero = false;
    let udp = false;
    let numeric = false;
    let listen = false;
    let shutdownOnEof = false;
    let waitSec: number | undefined;
    let quitSec: number | undefined;
    for (const [k, v] of parsed.options) {
      if (k === "v") verbose = true;
      else if (k === "z") zero = true;
      else if (k === "u") udp = true;
      else if (k === "n") numeric = true;
      else if (k === "l") listen = true;
      else if (k === "N") shutdownOnEof = true;
      else if (k === "h") return { stdout: "", stderr: openbsdUsage, exitCode: 1 };
      else if (k === "w" || k === "q") {
        const n = /^-?\d+$/.test(v as string) ? Number(v) : Number.NaN;
        if (!Number.isFinite(n) || (k === "w" && n < 0))
          return { stdout: "", stderr: `nc: ${k === "w" ? "timeout" : "quit timer"} invalid: ${v}\n`, exitCode: 1 };
        if (k === "w") waitSec = n;
        else quitSec = n;
      }
    }
    const net = io.net;
    const start = net.elapsedMs;
    const proto = udp ? "udp" : "tcp";
    if (listen) return untilInterrupted(io, start, { stdout: "", stderr: "" });
    const [host, ...portArgs] = parsed.operands;
    if (host === undefined) return { stdout: "", stderr: openbsdUsage, exitCode: 1 };
    if (portArgs.length === 0) return { stdout: "", stderr: "nc: missing port number\n", exitCode: 1 };
    const list: number[] = [];
    for (const p of portArgs) {
      const r = ports(net, p, proto);
      if (typeof r === "string") return { stdout: "", stderr: `nc: ${r}\n`, exitCode: 1 };
      list.push(...r);
    }
    let addresses: readonly string[];
    const literal = isIPv4(host);
    if (literal) addresses = [host];
    else if (numeric)
      return {
        stdout: "",
        stderr: `nc: getaddrinfo for host "${host}" port ${list[0]}: ${gaiError("nxdomain", libc)}\n`,
        exitCode: 1,
      };
    else {
      const r = net.resolve(host);
      if (!r.ok)
        return {
          stdout: "",
          stderr: `nc: getaddrinfo for host "${host}" port ${list[0]}: ${gaiError(r.failure, libc)}\n`,
          exitCode: 1,
        };
      addresses = r.addresses;
    }
    let stdout = "";
    let stderr = "";
    let exitCode = 1;
    const who = (ip: string) => (literal ? host : `${host} (${ip})`);
    for (const port of list) {
      // Each address in turn until one connects (netcat.c remote_connect).
      let connected: string | undefined;
      for (const ip of addresses) {
        if (udp) {
          if (zero) {
            const probe = net.udp(ip, port, "X", { timeoutMs: 1000 });
            if (!probe.ok && probe.failure === "refused") continue;
          }
          connected = ip;
          break;
        }
        const lim = connectLimit(waitSec ? waitSec * 1000 : undefined, io.budgetMs - (net.elapsedMs - start));
        const c = net.connect(ip, port, "TCP", lim);
        if (c.outcome === "timeout" && lim.byBudget) return { stdout, stderr, exitCode: 130, interrupted: true };
        if (c.outcome === "connected") {
          connected = ip;
          break;
        }
        if (verbose) {
          if (c.outcome === "timeout" && waitSec)
            stderr += `nc: connect to ${who(ip)} port ${port} (${proto}) timed out: ${errnoText.inProgress}\n`;
          else {
            const why =
              c.outcome === "refused"
                ? errnoText.refused
                : c.outcome === "timeout"
                  ? errnoText.timeout
                  : errnoText.unreachable;
            stderr += `nc: connect to ${who(ip)} port ${port} (${proto}) failed: ${why}\n`;
          }
        }
      }
      if (connected === undefined) {
        exitCode = 1;
        continue;
      }
      exitCode = 0;
      if (verbose) {
        const serv = numeric ? undefined : serviceName(net, port, proto);
        stderr += `Connection to ${who(connected)} ${port} port [${proto}/${serv ?? "*"}] succeeded!\n`;
      }
      if (zero) continue;
      // Talking: one port only (netcat.c uses the first that connects).
      if (udp) {
        if (io.stdin !== "") {
          const timeoutMs = waitSec ? waitSec * 1000 : Math.max(1, io.budgetMs - (net.elapsedMs - start));
          const r = net.udp(connected, port, io.stdin, { timeoutMs });
          if (r.ok) stdout += r.reply;
        }
        if (waitSec) {
          net.wait(waitSec * 1000);
          return { stdout, stderr, exitCode: 0 };
        }
        return untilInterrupted(io, start, { stdout, stderr });
      }
      const t = talkTcp(net, connected, port, io.stdin, waitSec ? waitSec * 1000 : undefined);
      stdout += t.stdout;
      // After stdin's end Debian's nc keeps reading until the server closes, unless -N
      // (shut down our side), -q SECS (quit after that) or -w SECS (idle timeout).
      if (t.closed || shutdownOnEof) return { stdout, stderr, exitCode: 0 };
      if (quitSec !== undefined && quitSec >= 0) {
        net.wait(quitSec * 1000);
        return { stdout, stderr, exitCode: 0 };
      }
      if (waitSec) {
        net.wait(waitSec * 1000);
        return { stdout, stderr, exitCode: 0 };
      }
      return untilInterrupted(io, start, { stdout, stderr });
    }
    return { stdout, stderr, exitCode };
  };
}

/** Debian's netcat-openbsd (glibc). */
export const openbsdNc: Tool = makeOpenbsdNc("glibc");
/** Alpine's netcat-openbsd (musl), as in nicolaka/netshoot. */
export const openbsdNcMusl: Tool = makeOpenbsdNc("musl");

export const ncFlavours = { busybox: busyboxNc, openbsd: openbsdNc } as const;
