/**
 * The stub resolver inside a container: getaddrinfo(3) and getnameinfo(3) as glibc does them
 * (resolv/res_query.c `__res_context_search`, resolv/res_send.c, nss "hosts: files dns").
 *
 * - /etc/hosts first (nss `files`), then DNS.
 * - The search list and ndots: a name with a final dot is asked as is, only; a name with at
 *   least `ndots` dots is asked as is first, then with each search domain; a shorter one
 *   with each search domain first, then as is. NXDOMAIN and NODATA move on to the next
 *   candidate; a timeout stops the search (TRY_AGAIN); SERVFAIL moves on but is remembered.
 * - Each question goes to the nameservers in order, `attempts` rounds; a server that does
 *   not answer costs its `timeout` (the time the exchange reports), a refusal costs nothing
 *   more than the round trip; SERVFAIL and REFUSED replies try the next server.
 * - CNAMEs are followed within the answer (the recursive server sends the chain and the addresses).
 *
 * Simplified: IPv4 only (A queries, no AAAA; getaddrinfo's RFC 6724 sorting does not apply
 * to one family of one scope, so addresses keep the answer's order); glibc's per-server
 * timeout growth for the second and third nameserver (`retrans << ns / nscount`) is not
 * modelled; `options rotate`, `single-request` and friends are read but have no effect.
 */
import type { DnsExchange, DnsQuestion, DnsRecord, DnsResponse, DnsType, ResolvConf, ResolveOutcome } from "./types.ts";

export interface StubResolverEnv {
  readonly resolvConf: ResolvConf;
  /** The text of /etc/hosts. */
  readonly hosts: string;
  /** One question to one server, waiting at most `timeoutMs` (the resolv.conf timeout when omitted). */
  readonly exchange: (server: string, q: DnsQuestion, timeoutMs: number) => DnsExchange;
}

/** glibc MAXNS. */
const nameserversMax = 3;
/** How many CNAMEs of an answer are followed (glibc's getanswer stops at the answer's end). */
const cnameChainMax = 16;

/** One question, sent as res_send sends it: answered, or why not. */
export type SendResult =
  | { readonly kind: "answer"; readonly response: DnsResponse; readonly server: string; readonly elapsedMs: number }
  | { readonly kind: "servfail"; readonly response: DnsResponse; readonly server: string; readonly elapsedMs: number }
  | { readonly kind: "timeout"; readonly elapsedMs: number };

/** getaddrinfo(3) for IPv4. */
export function stubResolve(name: string, env: StubResolverEnv): ResolveOutcome {
  const text = name.trim();
  if (isIPv4Literal(text)) return { ok: true, addresses: [text], canonicalName: text, elapsedMs: 0 };
  const fromHosts = hostsLookup(env.hosts, text);
  if (fromHosts) return { ok: true, ...fromHosts, elapsedMs: 0 };
  let elapsedMs = 0;
  let sawServfail = false;
  for (const candidate of searchCandidates(text, env.resolvConf)) {
    const sent = resSend({ name: candidate, type: "A" }, env);
    elapsedMs += sent.elapsedMs;
    if (sent.kind === "timeout") return { ok: false, failure: "timeout", elapsedMs };
    if (sent.kind === "servfail") {
      sawServfail = true;
      continue;
    }
    if (sent.response.rcode !== "NOERROR") continue;
    const { addresses, canonicalName } = followChain(sent.response.answers, candidate, "A");
    if (addresses.length > 0) return { ok: true, addresses, canonicalName, elapsedMs };
  }
  return { ok: false, failure: sawServfail ? "servfail" : "nxdomain", elapsedMs };
}

/**
 * The names res_search asks, in order, fully qualified (`web.default.svc.cluster.local.`).
 * glibc applies the search list to dotted names too (RES_DNSRCH is on by default).
 */
export function searchCandidates(name: string, conf: ResolvConf): string[] {
  if (name.endsWith(".")) return [name.toLowerCase()];
  const base = name.toLowerCase();
  const dots = base.split(".").length - 1;
  const asIs = `${base}.`;
  const out: string[] = [];
  if (dots >= conf.options.ndots) out.push(asIs);
  for (const domain of conf.search) {
    const d = domain.replace(/\.$/, "").toLowerCase();
    if (d !== "") out.push(`${base}.${d}.`);
  }
  if (dots < conf.options.ndots) out.push(asIs);
  return [...new Set(out)];
}

/** res_send: the nameservers in order, `attempts` rounds, until one answers. */
export function resSend(q: DnsQuestion, env: Omit<StubResolverEnv, "hosts">): SendResult {
  const conf = env.resolvConf;
  const servers = conf.nameservers.length > 0 ? conf.nameservers.slice(0, nameserversMax) : ["127.0.0.1"];
  const timeoutMs = conf.options.timeoutSeconds * 1000;
  const attempts = Math.max(1, conf.options.attempts);
  let elapsedMs = 0;
  let servfail: { response: DnsResponse; server: string } | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    for (const server of servers) {
      const ex = env.exchange(server, q, timeoutMs);
      elapsedMs += ex.elapsedMs;
      if (!ex.ok) continue;
      const rcode = ex.response.rcode;
      if (rcode === "SERVFAIL" || rcode === "REFUSED" || rcode === "NOTIMP" || rcode === "FORMERR") {
        servfail = { response: ex.response, server };
        continue;
      }
      return { kind: "answer", response: ex.response, server, elapsedMs };
    }
  }
  return servfail ? { kind: "servfail", ...servfail, elapsedMs } : { kind: "timeout", elapsedMs };
}

/**
 * getnameinfo(3) with NI_NAMEREQD: /etc/hosts, then a PTR question (res_query, no search
 * list). Undefined when nothing names the address; the name has no final dot.
 */
export function reverseLookup(
  ip: string,
  env: StubResolverEnv,
): { readonly name: string | undefined; readonly elapsedMs: number } {
  const fromHosts = hostsReverse(env.hosts, ip);
  if (fromHosts) return { name: fromHosts, elapsedMs: 0 };
  const ptr = reverseName(ip);
  if (ptr === undefined) return { name: undefined, elapsedMs: 0 };
  const sent = resSend({ name: ptr, type: "PTR" }, env);
  if (sent.kind !== "answer" || sent.response.rcode !== "NOERROR")
    return { name: undefined, elapsedMs: sent.elapsedMs };
  const target = followChain(sent.response.answers, ptr, "PTR").addresses[0];
  return { name: target?.replace(/\.$/, ""), elapsedMs: sent.elapsedMs };
}

/** `4.3.2.1.in-addr.arpa.` for 1.2.3.4; undefined for anything that is not an IPv4 address. */
export function reverseName(ip: string): string | undefined {
  if (!isIPv4Literal(ip)) return undefined;
  return `${ip.split(".").reverse().join(".")}.in-addr.arpa.`;
}

/** The records of `type` owned by the end of the CNAME chain that starts at `name`. */
export function followChain(
  answers: readonly DnsRecord[],
  name: string,
  type: DnsType,
): { addresses: string[]; canonicalName: string } {
  let current = name.toLowerCase();
  for (let i = 0; i < cnameChainMax; i++) {
    const cname = answers.find((r) => r.type === "CNAME" && r.name.toLowerCase() === current);
    if (!cname) break;
    current = cname.data.toLowerCase();
  }
  let addresses = answers.filter((r) => r.type === type && r.name.toLowerCase() === current).map((r) => r.data);
  // glibc's getanswer takes every address of the answer, whatever its owner.
  if (addresses.length === 0) addresses = answers.filter((r) => r.type === type).map((r) => r.data);
  return { addresses, canonicalName: current.replace(/\.$/, "") };
}

/** nss files: every IPv4 line that names `name` (case-insensitive); the canonical name is the line's first name. */
export function hostsLookup(hosts: string, name: string): { addresses: string[]; canonicalName: string } | undefined {
  const wanted = name.toLowerCase();
  const addresses: string[] = [];
  let canonicalName: string | undefined;
  for (const [ip, ...names] of hostsLines(hosts)) {
    if (!isIPv4Literal(ip!) || !names.some((n) => n.toLowerCase() === wanted)) continue;
    addresses.push(ip!);
    canonicalName ??= names[0]!;
  }
  return canonicalName === undefined ? undefined : { addresses, canonicalName };
}

/** nss files for an address: the first name of the first line with that address. */
export function hostsReverse(hosts: string, ip: string): string | undefined {
  for (const [addr, ...names] of hostsLines(hosts)) if (addr === ip && names[0]) return names[0];
  return undefined;
}

/** Parsed hosts files by text: every lookup from a pod reads the same file. */
const parsedHosts = new Map<string, string[][]>();
const parsedHostsMax = 1024;

function hostsLines(hosts: string): string[][] {
  const cached = parsedHosts.get(hosts);
  if (cached) return cached;
  const out = parseHostsLines(hosts);
  if (parsedHosts.size >= parsedHostsMax) parsedHosts.clear();
  parsedHosts.set(hosts, out);
  return out;
}

function parseHostsLines(hosts: string): string[][] {
  const out: string[][] = [];
  for (const line of hosts.split("\n")) {
    const fields = line
      .replace(/#.*/, "")
      .trim()
      .split(/\s+/)
      .filter((f) => f !== "");
    if (fields.length >= 2) out.push(fields);
  }
  return out;
}

function isIPv4Literal(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return m?.slice(1).every((p) => Number(p) <= 255) ?? false;
}
