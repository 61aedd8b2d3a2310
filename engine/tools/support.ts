/**
 * What several client tools share: whether stdout is a terminal, libc's texts for resolver
 * and socket errors, getopt as glibc and musl report bad options, reverse lookups the way
 * getnameinfo(3) does them, /etc/services, and a few formatting helpers. Everything here
 * reads only the `ToolIO` it is given.
 */
import type { NetworkClient } from "../network/client.ts";
import type { ToolIO } from "./types.ts";

/**
 * Whether the tool's stdout is a terminal (`kubectl exec -t`, an interactive shell). curl
 * hides its progress meter and its `{ [N bytes data]` trace lines then; the shell sets
 * `ToolIO.tty`.
 */
export function isTty(io: ToolIO): boolean {
  return io.tty === true;
}

/**
 * How long Linux keeps retrying an unanswered SYN (tcp_syn_retries=6) before connect()
 * fails with ETIMEDOUT. The data path uses the same figure (network/timing.ts); a client
 * timeout at or above it never fires first.
 */
export const kernelSynTimeoutMs = 130_000;

/**
 * The timeout to pass to `NetworkClient.connect`/`request` for a tool whose own limit is
 * `toolMs` (undefined: none) with `leftMs` of its budget left, and whether the budget is
 * what would cut it (the shell interrupts then, as Ctrl-C).
 */
export function connectLimit(
  toolMs: number | undefined,
  leftMs: number,
): { readonly timeoutMs?: number; readonly byBudget: boolean } {
  const own = toolMs ?? Number.POSITIVE_INFINITY;
  const limit = Math.min(own, Math.max(0, leftMs));
  if (limit >= kernelSynTimeoutMs) return { byBudget: false };
  return { timeoutMs: limit, byBudget: leftMs < own };
}

/** Which C library the binary is linked against: Debian and busybox:glibc vs Alpine. */
export type Libc = "glibc" | "musl";

/**
 * gai_strerror(3) for a failed getaddrinfo: glibc's resolv/gai_strerror-strs.h and musl's
 * src/network/gai_strerror.c. NXDOMAIN is EAI_NONAME; a timeout or SERVFAIL is EAI_AGAIN.
 */
export function gaiError(failure: "nxdomain" | "timeout" | "servfail", libc: Libc): string {
  if (failure === "nxdomain") return libc === "glibc" ? "Name or service not known" : "Name does not resolve";
  return libc === "glibc" ? "Temporary failure in name resolution" : "Try again";
}

/**
 * strerror(3) for the errors a connection attempt ends with. glibc and musl
 * (src/errno/__strerror.h) agree on all of these.
 */
export const errnoText = {
  refused: "Connection refused",
  timeout: "Connection timed out",
  unreachable: "No route to host",
  reset: "Connection reset by peer",
  inProgress: "Operation now in progress",
} as const;

/**
 * The banner busybox prints above an applet's usage. busybox:latest is the glibc build;
 * this is the 1.37.0 release as docker-library/busybox built it (a `wget -qO URL` typo in a
 * real kubectl session printed exactly this line).
 */
export const busyboxBanner = "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.";

/** One option of a getopt(3)/getopt_long(3) table. */
export interface OptionSpec {
  /** The short letter, if any. */
  readonly short?: string;
  /** The long name without dashes, if any. */
  readonly long?: string;
  /** Takes a value (`-O FILE`, `--timeout=SEC`). */
  readonly value?: boolean;
  /** The key the parsed value is stored under; defaults to the long name, then the letter. */
  readonly key?: string;
}

export type GetoptResult =
  | {
      readonly ok: true;
      /** Options in the order given, each with its value (true for a flag). */
      readonly options: readonly (readonly [key: string, value: string | true])[];
      readonly operands: readonly string[];
    }
  | { readonly ok: false; readonly message: string };

/**
 * getopt_long(3) with GNU argument permutation (operands may come before options), `--`
 * ending the options, combined short flags (`-qO-`), attached and separate values, and
 * unique prefixes of long options (`--spid`). Error texts are glibc's posix/getopt.c or
 * musl's src/misc/getopt.c, prefixed with the program name as both print them.
 */
export function getopt(
  prog: string,
  args: readonly string[],
  specs: readonly OptionSpec[],
  libc: Libc = "glibc",
): GetoptResult {
  const options: [string, string | true][] = [];
  const operands: string[] = [];
  const keyOf = (s: OptionSpec) => s.key ?? s.long ?? s.short ?? "";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && specs.some((s) => s.long)) {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const exact = specs.find((s) => s.long === name);
      const candidates = exact ? [exact] : specs.filter((s) => s.long?.startsWith(name));
      if (candidates.length === 0)
        return {
          ok: false,
          message:
            libc === "glibc"
              ? `${prog}: unrecognized option '${eq > 0 ? a.slice(0, eq) : a}'`
              : `${prog}: unrecognized option: ${name}`,
        };
      if (candidates.length > 1)
        return {
          ok: false,
          message: `${prog}: option '${a.slice(0, eq > 0 ? eq : undefined)}' is ambiguous; possibilities:${candidates
            .map((c) => ` '--${c.long}'`)
            .join("")}`,
        };
      const spec = candidates[0]!;
      if (spec.value) {
        let v: string | undefined;
        if (eq > 0) v = a.slice(eq + 1);
        else if (i + 1 < args.length) v = args[++i];
        if (v === undefined)
          return {
            ok: false,
            message:
              libc === "glibc"
                ? `${prog}: option '--${spec.long}' requires an argument`
                : `${prog}: option requires an argument: ${spec.long}`,
          };
        options.push([keyOf(spec), v]);
      } else {
        if (eq > 0)
          return {
            ok: false,
            message:
              libc === "glibc"
                ? `${prog}: option '--${spec.long}' doesn't allow an argument`
                : `${prog}: option does not take an argument: ${spec.long}`,
          };
        options.push([keyOf(spec), true]);
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        const spec = specs.find((s) => s.short === ch);
        if (!spec)
          return {
            ok: false,
            message: libc === "glibc" ? `${prog}: invalid option -- '${ch}'` : `${prog}: unrecognized option: ${ch}`,
          };
        if (spec.value) {
          let v: string | undefined = a.slice(j + 1);
          if (v === "") v = i + 1 < args.length ? args[++i] : undefined;
          if (v === undefined)
            return {
              ok: false,
              message:
                libc === "glibc"
                  ? `${prog}: option requires an argument -- '${ch}'`
                  : `${prog}: option requires an argument: ${ch}`,
            };
          options.push([keyOf(spec), v]);
          break;
        }
        options.push([keyOf(spec), true]);
      }
      continue;
    }
    operands.push(a);
  }
  return { ok: true, options, operands };
}

/** The last value given for `key`, or undefined. */
export function lastOption(options: readonly (readonly [string, string | true])[], key: string): string | undefined {
  let v: string | undefined;
  for (const [k, value] of options) if (k === key && typeof value === "string") v = value;
  return v;
}

export function hasOption(options: readonly (readonly [string, string | true])[], key: string): boolean {
  return options.some(([k]) => k === key);
}

/**
 * busybox's xatoi_positive / xatou for option values (libbb/xatonum_template.c): decimal
 * digits only, else `invalid number '%s'`.
 */
export function busyboxNumber(text: string, max = 0x7fffffff): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

/**
 * getnameinfo(3) for an IPv4 address as glibc does it with `hosts: files dns`: the
 * container's /etc/hosts first, then a PTR query to the first nameserver. Undefined when
 * nothing answers with a name.
 */
export function reverseName(net: NetworkClient, ip: string): string | undefined {
  const hosts = net.readFile("/etc/hosts");
  if (hosts !== undefined) {
    for (const raw of hosts.split("\n")) {
      const line = raw.replace(/#.*/, "").trim();
      if (!line) continue;
      const [addr, name] = line.split(/\s+/);
      if (addr === ip && name) return name;
    }
  }
  const server = net.resolvConf.nameservers[0];
  const octets = ip.split(".");
  if (!server || octets.length !== 4) return undefined;
  const ex = net.query(server, { name: `${octets.reverse().join(".")}.in-addr.arpa.`, type: "PTR" });
  if (!ex.ok || ex.response.rcode !== "NOERROR") return undefined;
  const ptr = ex.response.answers.find((r) => r.type === "PTR");
  return ptr ? ptr.data.replace(/\.$/, "") : undefined;
}

/**
 * A few rows of /etc/services (IANA names as netbase and alpine-baselayout ship them) for
 * when the container has no /etc/services file.
 */
const wellKnownServices: Readonly<Record<string, string>> = {
  "21/tcp": "ftp",
  "22/tcp": "ssh",
  "23/tcp": "telnet",
  "25/tcp": "smtp",
  "53/tcp": "domain",
  "53/udp": "domain",
  "80/tcp": "http",
  "110/tcp": "pop3",
  "123/udp": "ntp",
  "143/tcp": "imap2",
  "443/tcp": "https",
  "443/udp": "https",
  "3306/tcp": "mysql",
  "5432/tcp": "postgresql",
  "6379/tcp": "redis",
  "8080/tcp": "http-alt",
};

/** getservbyport(3): the service name of `port/proto`, from the container's /etc/services if it has one. */
export function serviceName(net: NetworkClient, port: number, proto: "tcp" | "udp"): string | undefined {
  const file = net.readFile("/etc/services");
  if (file === undefined) return wellKnownServices[`${port}/${proto}`];
  for (const raw of file.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    const m = /^(\S+)\s+(\d+)\/(tcp|udp)/.exec(line);
    if (m && Number(m[2]) === port && m[3] === proto) return m[1];
  }
  return undefined;
}

/** getservbyname(3) for a port given by name (`nc web http`). */
export function servicePort(net: NetworkClient, name: string, proto: "tcp" | "udp"): number | undefined {
  const file = net.readFile("/etc/services");
  if (file === undefined) {
    for (const [key, value] of Object.entries(wellKnownServices)) {
      const [port, p] = key.split("/");
      if (value === name && p === proto) return Number(port);
    }
    return undefined;
  }
  for (const raw of file.split("\n")) {
    const fields = raw.replace(/#.*/, "").trim().split(/\s+/);
    const m = /^(\d+)\/(tcp|udp)$/.exec(fields[1] ?? "");
    if (m && m[2] === proto && (fields[0] === name || fields.slice(2).includes(name))) return Number(m[1]);
  }
  return undefined;
}

/** Whether `text` is a dotted-quad IPv4 address (inet_aton's strict form). */
export function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** The UTF-8 bytes of a string (no TextEncoder: the engine's lib is plain ES2022). */
export function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** RFC 4648 base64 of a string's UTF-8 bytes (HTTP Basic credentials). */
export function base64(text: string): string {
  const bytes = utf8(text);
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += abc[(n >> 18) & 63]! + abc[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? abc[(n >> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? abc[n & 63]! : "=";
  }
  return out;
}

/** Byte length of a string as UTF-8 (what Content-Length and curl's counters count). */
export function byteLength(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
