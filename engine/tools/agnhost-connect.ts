/**
 * `agnhost connect` (kubernetes test/images/agnhost/connect/connect.go), what the e2e
 * tests run to tell a refusal from a timeout: nothing and exit 0 on success, otherwise one
 * line on stderr with a fixed prefix (`REFUSED`, `TIMEOUT`, `DNS: …`, `UNKNOWN: …`,
 * `OTHER: …`) and exit 1. The `DNS:`/`UNKNOWN:`/`OTHER:` details are Go's net error texts
 * (net.SplitHostPort's AddrError, the pure-Go resolver's DNSError, OpError).
 *
 * argv is `agnhost connect [flags] host:port`. cobra/pflag parse the flags; a usage error
 * prints `Error: …` and the usage, and exits 0 because agnhost's main ignores Execute's
 * error. Simplified (README): the usage omits the "Global Flags:" block (klog's flags);
 * UDP error texts name a local port derived from the addresses, not the kernel's; SCTP
 * reports only TIMEOUT or `OTHER: <errno text>`.
 */
import { fnv1a32 } from "../core/hash.ts";
import type { NetworkClient } from "../network/client.ts";
import { connectLimit, isIPv4, servicePort } from "./support.ts";
import type { Tool, ToolResult } from "./types.ts";

const longHelp = `Tries to open a TCP, UDP or SCTP connection to the given host and port. On error it prints an error message prefixed with a specific fixed string that test cases can check for:

* UNKNOWN - Generic/unknown (non-network) error (eg, bad arguments)
* TIMEOUT - The connection attempt timed out
* DNS - An error in DNS resolution
* REFUSED - Connection refused
* OTHER - Other networking error (eg, "no route to host")`;

/** cobra's usage template with pflag's FlagUsages (sorted, aligned at the longest flag). */
const usage = `Usage:
  app connect [host:port] [flags]

Flags:
  -h, --help                help for connect
      --protocol string     The protocol to use to perform the connection, can be tcp, udp or sctp (default "tcp")
      --sctp-data string    The SCTP payload send to the server (default "hostname")
      --timeout duration    Maximum time before returning an error
      --udp-data string     The UDP payload send to the server (default "hostname")
`;

/** time.ParseDuration for the forms tests use: "3s", "500ms", "1m30s", "1.5s", "0". */
export function parseGoDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let ms = 0;
  let i = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
  if (i >= text.length) return undefined;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return undefined;
    ms += Number(m[1]) * units[m[2]!]!;
    i = re.lastIndex;
  }
  return text.startsWith("-") ? -ms : ms;
}

/** net.SplitHostPort's errors, as AddrError.Error() prints them. */
function splitHostPort(dest: string): { host: string; port: string } | string {
  const missing = `address ${dest}: missing port in address`;
  if (dest.startsWith("[")) {
    const end = dest.indexOf("]");
    if (end < 0) return `address ${dest}: missing ']' in address`;
    if (dest[end + 1] !== ":") return end + 1 === dest.length ? missing : `address ${dest}: unexpected ']' in address`;
    return { host: dest.slice(1, end), port: dest.slice(end + 2) };
  }
  const colon = dest.lastIndexOf(":");
  if (colon < 0) return missing;
  const host = dest.slice(0, colon);
  if (host.includes(":")) return `address ${dest}: too many colons in address`;
  return { host, port: dest.slice(colon + 1) };
}

/** Go's resolver: a port by number or service name, then the host's first IPv4 address. */
function resolveAddr(
  net: NetworkClient,
  network: "tcp" | "udp",
  dest: string,
): { ip: string; port: number } | { error: string } {
  const hp = splitHostPort(dest);
  if (typeof hp === "string") return { error: hp };
  let port: number | undefined;
  if (/^\d+$/.test(hp.port)) port = Number(hp.port);
  else if (hp.port === "") port = 0;
  else port = servicePort(net, hp.port, network);
  if (port === undefined) return { error: `lookup ${network}/${hp.port}: unknown port` };
  if (port > 65535) return { error: `address ${hp.port}: invalid port` };
  if (hp.host === "" || isIPv4(hp.host)) return { ip: hp.host || "127.0.0.1", port };
  const r = net.resolve(hp.host);
  if (r.ok) return { ip: r.addresses[0]!, port };
  const server = `${net.resolvConf.nameservers[0] ?? "127.0.0.1"}:53`;
  const why =
    r.failure === "nxdomain"
      ? "no such host"
      : r.failure === "servfail"
        ? "server misbehaving"
        : `read udp ${net.localIP}:${ephemeralPort(net.localIP, server)}->${server}: i/o timeout`;
  return { error: `lookup ${hp.host} on ${server}: ${why}` };
}

/** A stable port in Linux's ephemeral range for texts that name the local end. */
function ephemeralPort(local: string, remote: string): number {
  return 32768 + (fnv1a32(`${local}->${remote}`) % 28232);
}

export const agnhostConnect: Tool = (argv, io) => {
  // argv: agnhost connect …; pflag: --name=value or --name value, -h.
  const args = argv.slice(2);
  let timeoutMs = 0;
  let protocol = "tcp";
  let udpData = "hostname";
  const positional: string[] = [];
  const usageError = (message: string): ToolResult => ({
    stdout: "",
    stderr: `Error: ${message}\n${usage}\n`,
    exitCode: 0,
  });
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a === "-h" || a === "--help") return { stdout: `${longHelp}\n\n${usage}`, stderr: "", exitCode: 0 };
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (!["timeout", "protocol", "udp-data", "sctp-data"].includes(name))
        return usageError(`unknown flag: --${name}`);
      let value: string;
      if (eq > 0) value = a.slice(eq + 1);
      else if (i + 1 < args.length) value = args[++i]!;
      else return usageError(`flag needs an argument: --${name}`);
      if (name === "timeout") {
        const d = parseGoDuration(value);
        if (d === undefined)
          return usageError(`invalid argument "${value}" for "--timeout" flag: time: invalid duration "${value}"`);
        timeoutMs = d;
      } else if (name === "protocol") protocol = value;
      else if (name === "udp-data") udpData = value;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) return usageError(`unknown shorthand flag: '${a[1]}' in ${a}`);
    positional.push(a);
  }
  if (positional.length !== 1) return usageError(`accepts 1 arg(s), received ${positional.length}`);
  const dest = positional[0]!;
  const net = io.net;
  const fail = (line: string): ToolResult => ({ stdout: "", stderr: `${line}\n`, exitCode: 1 });
  const start = net.elapsedMs;
  const budgetLeft = () => Math.max(1, io.budgetMs - (net.elapsedMs - start));
  // Go does not catch SIGINT: a wait the shell cuts short ends with 130.
  const interrupted: ToolResult = { stdout: "", stderr: "", exitCode: 130, interrupted: true };
  switch (protocol) {
    case "":
    case "tcp": {
      const hp = splitHostPort(dest);
      if (typeof hp === "string") return fail(`UNKNOWN: ${hp}`);
      const addr = resolveAddr(net, "tcp", dest);
      if ("error" in addr) return fail(`DNS: ${addr.error}`);
      const lim = connectLimit(timeoutMs > 0 ? timeoutMs : undefined, io.budgetMs - (net.elapsedMs - start));
      const c = net.connect(addr.ip, addr.port, "TCP", lim);
      if (c.outcome === "timeout" && lim.byBudget) return interrupted;
      if (c.outcome === "connected") return { stdout: "", stderr: "", exitCode: 0 };
      if (c.outcome === "timeout") return fail("TIMEOUT");
      if (c.outcome === "refused") return fail("REFUSED");
      return fail(`OTHER: dial tcp ${addr.ip}:${addr.port}: connect: no route to host`);
    }
    case "udp": {
      const addr = resolveAddr(net, "udp", dest);
      if ("error" in addr) return fail(`DNS: ${addr.error}`);
      const local = `${net.localIP}:${ephemeralPort(net.localIP, `${addr.ip}:${addr.port}`)}`;
      const op = `read udp ${local}->${addr.ip}:${addr.port}`;
      // Without --timeout the read waits for ever: the shell interrupts it.
      const r = net.udp(addr.ip, addr.port, `${udpData}\n`, { timeoutMs: timeoutMs > 0 ? timeoutMs : budgetLeft() });
      if (r.ok) return { stdout: "", stderr: "", exitCode: 0 };
      if (r.failure === "refused") return fail(`REFUSED: ${op}: read: connection refused`);
      if (timeoutMs <= 0) return interrupted;
      if (r.failure === "timeout") return fail(`TIMEOUT: ${op}: i/o timeout`);
      return fail(`UNKNOWN: ${op}: read: no route to host`);
    }
    case "sctp": {
      const addr = resolveAddr(net, "tcp", dest);
      if ("error" in addr) return fail(`DNS: ${addr.error}`);
      const c = net.connect(addr.ip, addr.port, "SCTP", { timeoutMs: timeoutMs > 0 ? timeoutMs : budgetLeft() });
      if (c.outcome === "connected") return { stdout: "", stderr: "", exitCode: 0 };
      if (c.outcome === "timeout") return fail("TIMEOUT");
      return fail(`OTHER: ${c.outcome === "refused" ? "connection refused" : "no route to host"}`);
    }
    default:
      // connect.go: fmt.Fprint(os.Stderr, "Unsupported protocol\n", protocol) — no final newline.
      return { stdout: "", stderr: `Unsupported protocol\n${protocol}`, exitCode: 1 };
  }
};
