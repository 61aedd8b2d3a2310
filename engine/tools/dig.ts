/**
 * bind's `dig` (bind9 9.18.33, as Debian bookworm's dnsutils ships it: `DiG
 * 9.18.33-1~deb12u2-Debian`), and the lookup machinery it shares with bind's `nslookup`.
 *
 * Followed: bin/dig/dighost.c (search list and ndots — `setup_lookup`, `next_origin`;
 * retries per lookup, `;; communications error to …`, `;; no servers could be reached`,
 * the `check_ra` comment), bin/dig/dig.c (`printgreeting`, `printmessage`, `received`,
 * `short_answer`, the `+` options), lib/dns/message.c (section and OPT pseudosection
 * text) and lib/dns/masterdump.c (`indent`: the 24/32/40/48 tab stops of a record line).
 *
 * What the simulation decides: the query id and the client cookie come from a hash of the
 * virtual time and the question (dig draws them at random); `;; Query time:` is the virtual
 * round trip; `;; WHEN:` is the virtual clock in UTC (a container's TZ). The message size is
 * computed from the wire format without name compression, which is what CoreDNS sends (its
 * `Scrub` only compresses replies over 1480 bytes), with dig's EDNS OPT record (udp 1232,
 * an 8-byte cookie) echoed back. Not supported: `+trace`, `+nssearch`, `-f` batch files,
 * TSIG, `+yaml`, `+multiline`, IXFR/AXFR (printed as usage errors or ignored, see `plusOptions`).
 */
import { fnv1a32 } from "../core/hash.ts";
import type { DnsQuestion, DnsRecord, DnsResponse, DnsType, ResolvConf } from "../dns/types.ts";
import type { NetworkClient } from "../network/client.ts";
import type { Tool, ToolIO, ToolResult } from "./types.ts";

/** PACKAGE_VERSION of the dnsutils build the images carry. */
export const bindVersion = "9.18.33-1~deb12u2-Debian";

/** dighost.h UDP_TIMEOUT: the wait when resolv.conf sets no `timeout`. */
const udpTimeoutSeconds = 5;
/** dighost.c `LOOKUP_LIMIT`: requeued lookups (search domains) per command. */
const lookupsMax = 64;
/** dig's `DEFAULT_EDNS_BUFSIZE`. */
const ednsBufsize = 1232;

// ---- the lookup machinery (dighost.c) -----------------------------------------------------------

export interface BindServer {
  /** As the user gave it (`10.96.0.10`, `kube-dns.kube-system`): `query->userarg`. */
  readonly arg: string;
  readonly ip: string;
}

export interface BindSettings {
  readonly servers: readonly BindServer[];
  readonly search: readonly string[];
  readonly ndots: number;
  readonly timeoutMs: number;
  readonly tries: number;
  readonly usesearch: boolean;
  readonly showsearch: boolean;
  /** nslookup checks the RA bit and says so (`;; Got recursion not available from …`); dig does not. */
  readonly checkRa: boolean;
  readonly recurse: boolean;
}

export interface BindLookup {
  readonly textname: string;
  readonly type: DnsType;
  /** Index into the search list; null: the name as is. */
  readonly origin: number | null;
  readonly needSearch: boolean;
  readonly doneAsIs: boolean;
  readonly newSearch: boolean;
  /** dig's greeting, printed with the first message (or the failure) of this lookup. */
  readonly cmdline: string;
}

export interface BindMessage {
  readonly lookup: BindLookup;
  /** The question asked, fully qualified. */
  readonly qname: string;
  readonly response: DnsResponse;
  readonly server: BindServer;
  readonly elapsedMs: number;
}

export interface BindHooks {
  /** Print a reply; return lookups to queue after the others (nslookup's AAAA follow-up). */
  message(m: BindMessage): readonly BindLookup[] | undefined;
  /** dighost_warning / dighost_error / dighost_comments: `;; <text>` on stdout. */
  note(text: string): void;
  /** Every server failed every try. */
  noServers(l: BindLookup): void;
}

export function newLookup(textname: string, type: DnsType, cmdline = ""): BindLookup {
  return { textname, type, origin: null, needSearch: false, doneAsIs: false, newSearch: true, cmdline };
}

/** Run lookups one after the other, as dighost's `start_lookup` / `recv_done` do. */
export function runBindLookups(
  initial: readonly BindLookup[],
  s: BindSettings,
  net: NetworkClient,
  hooks: BindHooks,
): void {
  const queue = [...initial];
  for (let n = 0; n < lookupsMax && queue.length > 0; n++) {
    let l = queue.shift()!;
    if (l.newSearch) l = { ...l, ...firstOrigin(l, s) };
    const qname = queryName(l, s);
    const got = sendWithRetries(l, qname, s, net, hooks);
    if (!got) {
      hooks.noServers(l);
      continue;
    }
    const { response } = got;
    if (response.rcode === "NXDOMAIN" && (l.origin !== null || l.needSearch)) {
      const next = nextOrigin(l, s);
      if (next) {
        queue.unshift(next);
        if (!s.showsearch) continue;
      }
    }
    const more = hooks.message({ lookup: l, qname, response, server: got.server, elapsedMs: got.elapsedMs });
    if (more) queue.push(...more);
  }
}

/** setup_lookup: a name with at least ndots dots (or no search) is asked as is first. */
function firstOrigin(l: BindLookup, s: BindSettings): Partial<BindLookup> {
  if (countDots(l.textname) >= s.ndots || !s.usesearch)
    return { origin: null, doneAsIs: true, needSearch: s.usesearch, newSearch: false };
  if (l.origin === null && s.usesearch)
    return { origin: s.search.length > 0 ? 0 : null, needSearch: false, newSearch: false };
  return { newSearch: false };
}

/** next_origin: the next search domain, then the name as is, unless it was asked first. */
function nextOrigin(l: BindLookup, s: BindSettings): BindLookup | undefined {
  if (!s.usesearch) return undefined;
  if (l.textname.endsWith(".") || labelCount(l.textname) > s.ndots) return undefined;
  if (l.origin === null && !l.needSearch) return undefined;
  if (l.origin === null) return { ...l, origin: s.search.length > 0 ? 0 : null, needSearch: false, newSearch: false };
  const next = l.origin + 1 < s.search.length ? l.origin + 1 : null;
  if (next === null && l.doneAsIs) return undefined;
  return { ...l, origin: next, newSearch: false };
}

function queryName(l: BindLookup, s: BindSettings): string {
  if (l.origin === null || l.textname.endsWith(".")) return fqdn(l.textname);
  return fqdn(`${l.textname}.${s.search[l.origin]!.replace(/\.$/, "")}`);
}

/**
 * The queries of one lookup: one per server, a timed-out one retried on the same server
 * while the lookup has tries left (`l->retries`, shared by all its servers), a reply
 * without RA (nslookup) or SERVFAIL passed on to the next server when there is one.
 */
function sendWithRetries(
  l: BindLookup,
  qname: string,
  s: BindSettings,
  net: NetworkClient,
  hooks: BindHooks,
): { response: DnsResponse; server: BindServer; elapsedMs: number } | undefined {
  const queries = [...s.servers];
  let retries = s.tries;
  const question: DnsQuestion = { name: qname.toLowerCase(), type: l.type };
  for (let i = 0; i < queries.length && i < lookupsMax; i++) {
    const server = queries[i]!;
    const ex = net.query(server.ip, question, { timeoutMs: s.timeoutMs });
    if (!ex.ok) {
      hooks.note(`communications error to ${server.ip}#53: ${isccResult(ex.failure)}`);
      if (retries > 1) {
        retries--;
        queries.splice(i + 1, 0, server);
      }
      continue;
    }
    const r = ex.response;
    const ra = r.recursionAvailable ?? !r.authoritative;
    // nslookup's `nofail` is on: SERVFAIL does not stop, it moves to the next server.
    if (r.rcode === "SERVFAIL" || (s.checkRa && !ra && s.recurse)) {
      const why = r.rcode === "SERVFAIL" ? "SERVFAIL reply" : "recursion not available";
      if (i + 1 < queries.length) {
        hooks.note(`Got ${why} from ${server.ip}, trying next server`);
        continue;
      }
      hooks.note(`Got ${why} from ${server.ip}`);
    }
    return { response: r, server, elapsedMs: ex.elapsedMs };
  }
  return undefined;
}

/** isc_result_totext of what the socket layer reports. */
function isccResult(failure: "timeout" | "refused" | "unreachable"): string {
  return failure === "timeout" ? "timed out" : failure === "refused" ? "connection refused" : "host unreachable";
}

/** What bind's resolver takes from resolv.conf (lib/irs/resconf.c: ndots 1, attempts 3, timeout 0 = 5 s). */
export function bindResolverDefaults(conf: ResolvConf): { ndots: number; tries: number; timeoutSeconds: number } {
  let ndots = 1;
  let tries = 3;
  let timeout = 0;
  const words = conf.rawOptions ?? derivedOptionWords(conf);
  for (const w of words) {
    const [name, value] = w.split(":");
    const n = Number.parseInt(value ?? "", 10);
    if (Number.isNaN(n) || n < 0 || n > 255) continue;
    if (name === "ndots") ndots = n;
    else if (name === "attempts") tries = n;
    else if (name === "timeout") timeout = n;
  }
  return { ndots, tries: tries === 0 ? 3 : tries, timeoutSeconds: timeout === 0 ? udpTimeoutSeconds : timeout };
}

function derivedOptionWords(conf: ResolvConf): string[] {
  const o = conf.options;
  const words: string[] = [];
  if (o.ndots !== 1) words.push(`ndots:${o.ndots}`);
  if (o.timeoutSeconds !== 5) words.push(`timeout:${o.timeoutSeconds}`);
  if (o.attempts !== 2) words.push(`attempts:${o.attempts}`);
  return words;
}

// ---- text of names, records and messages ------------------------------------------------------

export function fqdn(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

/** dns_name_format: the name without its final dot (the root stays "."). */
export function nameText(name: string): string {
  return name === "." ? "." : name.replace(/\.$/, "");
}

function countDots(s: string): number {
  return s.split(".").length - 1;
}

/** dns_name_countlabels of a name read without an origin (a relative name has no root label). */
function labelCount(s: string): number {
  return s.split(".").length;
}

/** `1.0.96.10.in-addr.arpa.` for 10.96.0.1 (dighost.c get_reverse, strict: a dotted quad only). */
export function reverseOf(ip: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m || m.slice(1).some((p) => Number(p) > 255)) return undefined;
  return `${m[4]}.${m[3]}.${m[2]}.${m[1]}.in-addr.arpa.`;
}

const typeNames: readonly DnsType[] = ["A", "AAAA", "CNAME", "PTR", "SRV", "TXT", "NS", "SOA", "MX", "ANY"];

/** dns_rdatatype_fromtext for the types the simulation carries. */
export function parseType(text: string): DnsType | undefined {
  const upper = text.toUpperCase();
  return typeNames.find((t) => t === upper);
}

/**
 * A message section as dns_message_sectiontotext groups it: records by owner name (in order
 * of first appearance), then by type within a name.
 */
export function groupRecords(records: readonly DnsRecord[]): DnsRecord[] {
  const byName = new Map<string, Map<DnsType, DnsRecord[]>>();
  for (const r of records) {
    const key = r.name.toLowerCase();
    let types = byName.get(key);
    if (!types) byName.set(key, (types = new Map()));
    let list = types.get(r.type);
    if (!list) types.set(r.type, (list = []));
    list.push(r);
  }
  return [...byName.values()].flatMap((types) => [...types.values()].flat());
}

/** masterdump.c `indent`: tabs to the stop, then spaces; always at least one blank. */
function indentTo(column: number, to: number): { text: string; column: number } {
  const target = Math.max(to, column + 1);
  const tabs = Math.max(0, Math.floor(target / 8) - Math.floor(column / 8));
  const from = tabs > 0 ? Math.floor(target / 8) * 8 : column;
  return { text: "\t".repeat(tabs) + " ".repeat(target - from), column: target };
}

/** A record as dig prints it: `name. ttl IN type data` on the 24/32/40/48 stops. */
export function recordLine(r: DnsRecord): string {
  let text = r.name;
  let column = text.length;
  for (const [field, stop] of [
    [String(r.ttl), 24],
    ["IN", 32],
    [r.type, 40],
    [r.data, 48],
  ] as const) {
    const pad = indentTo(column, stop);
    text += pad.text + field;
    column = pad.column + field.length;
  }
  return text;
}

/** The question line: `;name.` then class and type on the 32/40 stops (the `;` is not counted). */
function questionLine(name: string, type: DnsType): string {
  let text = name;
  let column = name.length;
  for (const [field, stop] of [
    ["IN", 32],
    [type, 40],
  ] as const) {
    const pad = indentTo(column, stop);
    text += pad.text + field;
    column = pad.column + field.length;
  }
  return `;${text}`;
}

/** Wire length of a name, uncompressed. */
function nameWire(name: string): number {
  const n = fqdn(name);
  if (n === ".") return 1;
  return n.length + 1;
}

function rdataWire(r: DnsRecord): number {
  const parts = r.data.split(" ");
  switch (r.type) {
    case "A":
      return 4;
    case "AAAA":
      return 16;
    case "CNAME":
    case "PTR":
    case "NS":
      return nameWire(r.data);
    case "MX":
      return 2 + nameWire(parts[1] ?? ".");
    case "SRV":
      return 6 + nameWire(parts[3] ?? ".");
    case "SOA":
      return nameWire(parts[0] ?? ".") + nameWire(parts[1] ?? ".") + 20;
    case "TXT": {
      const strings = r.data.match(/"((?:[^"\\]|\\.)*)"/g) ?? [r.data];
      return strings.reduce((n, s) => n + 1 + s.replace(/^"|"$/g, "").length, 0);
    }
    default:
      return r.data.length;
  }
}

/** Bytes of the reply on the wire: header, question, records, and the OPT record when EDNS was used. */
export function messageSize(qname: string, r: DnsResponse, opt: { cookie: boolean } | undefined): number {
  let size = 12 + nameWire(qname) + 4;
  for (const rr of [...r.answers, ...r.authority, ...r.additional]) size += nameWire(rr.name) + 10 + rdataWire(rr);
  if (opt) size += 11 + (opt.cookie ? 12 : 0);
  return size;
}

/** `Mon Jan 01 00:00:00 UTC 2024`: strftime("%a %b %d %H:%M:%S %Z %Y") in UTC. */
export function whenText(ms: number): string {
  const d = new Date(ms);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

/** A 16-bit id standing in for dig's random one: a hash of the instant and the question. */
export function queryId(nowMs: number, name: string, type: DnsType): number {
  return fnv1a32(`${nowMs}|${name}|${type}`) & 0xffff;
}

function cookieHex(nowMs: number, name: string): string {
  const a = fnv1a32(`cookie|${nowMs}|${name}`);
  const b = fnv1a32(`${name}|${nowMs}|cookie`);
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

// ---- dig ---------------------------------------------------------------------------------------

interface DigOptions {
  short: boolean;
  printcmd: boolean;
  comments: boolean;
  stats: boolean;
  question: boolean;
  answer: boolean;
  authority: boolean;
  additional: boolean;
  usesearch: boolean;
  showsearch: boolean;
  recurse: boolean;
  tcp: boolean;
  edns: boolean;
  cookie: boolean;
  tries: number | undefined;
  timeoutSeconds: number | undefined;
  ndots: number | undefined;
}

/** What went wrong with an option's value: none given, or one parse_uint refused (`desc` names it). */
type OptionProblem =
  | { readonly kind: "need value" }
  | { readonly kind: "bad"; readonly desc: string; readonly what: string };
type PlusOption = (o: DigOptions, state: boolean, value: string | undefined) => OptionProblem | undefined;

/** The `+` options understood, by full name; a unique prefix selects one (dig's FULLCHECK). */
const plusOptions: Readonly<Record<string, PlusOption>> = {
  all: (o, on) => {
    o.question = o.authority = o.answer = o.additional = o.comments = o.stats = on;
    o.printcmd = on;
    return undefined;
  },
  answer: (o, on) => void (o.answer = on),
  authority: (o, on) => void (o.authority = on),
  additional: (o, on) => void (o.additional = on),
  question: (o, on) => void (o.question = on),
  comments: (o, on) => void (o.comments = on),
  stats: (o, on) => void (o.stats = on),
  cmd: (o, on) => void (o.printcmd = on),
  short: (o, on) => {
    o.short = on;
    if (on) {
      o.printcmd = false;
      o.additional = o.authority = o.question = o.comments = o.stats = false;
      o.answer = true;
    }
    return undefined;
  },
  search: (o, on) => void (o.usesearch = on),
  showsearch: (o, on) => void (o.showsearch = o.usesearch = on),
  recurse: (o, on) => void (o.recurse = on),
  tcp: (o, on) => void (o.tcp = on),
  vc: (o, on) => void (o.tcp = on),
  edns: (o, on) => void (o.edns = on),
  cookie: (o, on) => void (o.cookie = on),
  tries: (o, _on, v) => numberOption(v, "tries", "tries", (n) => (o.tries = Math.max(1, n))),
  retry: (o, _on, v) => numberOption(v, "retries", "retries", (n) => (o.tries = n + 1)),
  timeout: (o, _on, v) => numberOption(v, "timeout", "timeout", (n) => (o.timeoutSeconds = Math.max(1, n))),
  time: (o, _on, v) => numberOption(v, "timeout", "timeout", (n) => (o.timeoutSeconds = Math.max(1, n))),
  ndots: (o, _on, v) => numberOption(v, "ndots", "ndots", (n) => (o.ndots = n)),
};

/** parse_uint: digits only; a bad value is reported as `invalid <desc> '<value>': bad number`. */
function numberOption(
  value: string | undefined,
  desc: string,
  what: string,
  set: (n: number) => void,
): OptionProblem | undefined {
  if (value === undefined) return { kind: "need value" };
  if (!/^\d+$/.test(value)) return { kind: "bad", desc: `invalid ${desc} '${value}': bad number`, what };
  set(Number.parseInt(value, 10));
  return undefined;
}

const digUsage =
  "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n" +
  "            {global-d-opt} host [@local-server] {local-d-opt}\n" +
  "            [ host [@local-server] {local-d-opt} [...]]\n" +
  '\nUse "dig -h" (or "dig -h | more") for complete list of options\n';

function digTool(argv: readonly string[], io: ToolIO): ToolResult {
  const net = io.net;
  let stdout = "";
  let stderr = "";
  const o: DigOptions = {
    short: false,
    printcmd: true,
    comments: true,
    stats: true,
    question: true,
    answer: true,
    authority: true,
    additional: true,
    usesearch: false,
    showsearch: false,
    recurse: true,
    tcp: false,
    edns: true,
    cookie: true,
    tries: undefined,
    timeoutSeconds: undefined,
    ndots: undefined,
  };
  const args = argv.slice(1);
  // dig.c parse_args: a type or class applies to the lookup being built (the defaults
  // before the first name); each name starts a lookup from the defaults.
  interface Draft {
    textname: string;
    type: DnsType;
    typeSet: boolean;
    cmdline: string;
  }
  const defaults: Draft = { textname: "", type: "A", typeSet: false, cmdline: "" };
  const drafts: Draft[] = [];
  let current = defaults;
  let servers: BindServer[] | undefined;
  let greeted = false;
  const greeting = (): string => {
    if (greeted || !o.printcmd) return "";
    greeted = true;
    // printgreeting: the command line, the servers found so far, the global options; once.
    let text = `\n; <<>> DiG ${bindVersion} <<>>${args.map((a) => ` ${a}`).join("")}\n`;
    if (servers) text += `; (${servers.length} server${servers.length > 1 ? "s" : ""} found)\n`;
    return `${text};; global options:${o.short ? " +short" : ""}${o.printcmd ? " +cmd" : ""}\n`;
  };
  const addLookup = (textname: string, type?: DnsType) => {
    current = { textname, type: type ?? defaults.type, typeSet: defaults.typeSet, cmdline: greeting() };
    drafts.push(current);
  };
  const setType = (t: DnsType) => {
    if (current.typeSet) stderr += ";; Warning, extra type option\n";
    current.type = t;
    current.typeSet = true;
  };
  const usageError = (message: string): ToolResult => ({ stdout, stderr: stderr + message + digUsage, exitCode: 1 });

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith("@")) {
      const found = serversFor(arg.slice(1), net);
      if (!found) {
        stderr += `dig: couldn't get address for '${arg.slice(1)}': not found\n`;
        return { stdout, stderr, exitCode: 10 };
      }
      servers = found;
      continue;
    }
    if (arg.startsWith("+")) {
      const [rawName, value] = splitOnce(arg.slice(1), "=");
      const negated = rawName.toLowerCase().startsWith("no");
      const name = (negated ? rawName.slice(2) : rawName).toLowerCase();
      const matches = Object.keys(plusOptions).filter((k) => k.startsWith(name));
      const key = matches.includes(name) ? name : matches.length === 1 ? matches[0] : undefined;
      if (key === undefined || name === "") return usageError(`Invalid option: +${arg.slice(1)}\n`);
      const problem = plusOptions[key]!(o, !negated, value);
      if (problem?.kind === "need value") return usageError(`Invalid option: +${arg.slice(1)}\n`);
      // warn() then digexit(): the exit code is at least 10.
      if (problem)
        return {
          stdout: `${stdout}${problem.desc}\n`,
          stderr: `${stderr};; Warning: Couldn't parse ${problem.what}\n`,
          exitCode: 10,
        };
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      const flag = arg[1]!;
      const attached = arg.slice(2);
      const takesValue = "tpxqcfky".includes(flag);
      const value = takesValue ? (attached !== "" ? attached : args[++i]) : undefined;
      if (takesValue && value === undefined) return usageError(`Invalid option: ${arg}\n`);
      switch (flag) {
        case "4":
        case "6":
        case "p":
        case "c":
          continue;
        case "t": {
          const t = parseType(value!);
          if (t) setType(t);
          else stderr += `;; Warning, ignoring invalid type ${value}\n`;
          continue;
        }
        case "q":
          addLookup(value!);
          continue;
        case "x": {
          const reverse = reverseOctets(value!);
          if (!reverse) return { stdout, stderr: `${stderr}Invalid IP address ${value}\n`, exitCode: 1 };
          addLookup(reverse, defaults.typeSet ? defaults.type : "PTR");
          continue;
        }
        case "v":
          return { stdout, stderr: `${stderr}DiG ${bindVersion}\n`, exitCode: 0 };
        default:
          return usageError(`Invalid option: ${arg}\n`);
      }
    }
    const t = parseType(arg);
    if (t !== undefined) {
      setType(t);
      continue;
    }
    if (/^(in|ch|hs|chaos|hesiod)$/i.test(arg)) continue;
    addLookup(arg);
  }
  // "If no lookup specified, search for root."
  if (drafts.length === 0) addLookup(".", "NS");
  const lookups = drafts.map((d) => newLookup(d.textname, d.type, d.cmdline));

  const conf = net.resolvConf;
  const fromConf = bindResolverDefaults(conf);
  if (!servers) {
    const ns = conf.nameservers.length > 0 ? conf.nameservers : ["127.0.0.1"];
    servers = ns.map((ip) => ({ arg: ip, ip }));
  }

  let exitCode = 0;
  const settings: BindSettings = {
    servers,
    search: conf.search,
    ndots: o.ndots ?? fromConf.ndots,
    timeoutMs: (o.timeoutSeconds ?? fromConf.timeoutSeconds) * 1000,
    tries: o.tries ?? fromConf.tries,
    usesearch: o.usesearch,
    showsearch: o.showsearch,
    checkRa: false,
    recurse: o.recurse,
  };
  const printed = new Set<BindLookup>();
  runBindLookups(lookups, settings, net, {
    note: (text) => {
      stdout += `;; ${text}\n`;
    },
    noServers: (l) => {
      stdout += `${printed.has(l) ? "" : l.cmdline};; no servers could be reached\n`;
      exitCode = 9;
    },
    message: (m) => {
      const cmdline = printed.has(m.lookup) ? "" : m.lookup.cmdline;
      printed.add(m.lookup);
      stdout += digMessage(m, o, cmdline, net);
      return undefined;
    },
  });
  return { stdout, stderr, exitCode };
}

/** dig.c printmessage + received for one reply. */
function digMessage(m: BindMessage, o: DigOptions, cmdline: string, net: NetworkClient): string {
  const r = m.response;
  let out = "";
  if (cmdline !== "" && !o.short && o.printcmd) out += cmdline;
  const ra = r.recursionAvailable ?? !r.authoritative;
  const id = queryId(net.nowMs, m.qname, m.lookup.type);
  const cookie = cookieHex(net.nowMs, m.qname);
  const additionalCount = r.additional.length + (o.edns ? 1 : 0);
  if (o.comments && !o.short) {
    out += ";; Got answer:\n";
    if (isUnderLocal(m.qname)) {
      out +=
        ";; WARNING: .local is reserved for Multicast DNS\n" +
        ";; You are currently testing what happens when an mDNS query is leaked to DNS\n";
    }
    out += `;; ->>HEADER<<- opcode: QUERY, status: ${r.rcode}, id: ${id}\n`;
    const flags = ["qr", r.authoritative ? "aa" : "", o.recurse ? "rd" : "", ra ? "ra" : ""].filter((f) => f !== "");
    out += `;; flags: ${flags.join(" ")}; QUERY: 1, ANSWER: ${r.answers.length}, AUTHORITY: ${r.authority.length}, ADDITIONAL: ${additionalCount}\n`;
    if (o.recurse && !ra) out += ";; WARNING: recursion requested but not available\n";
  }
  let body = "";
  if (o.comments && !o.short && o.edns) {
    body += ";; OPT PSEUDOSECTION:\n";
    body += `; EDNS: version: 0, flags:; udp: ${ednsBufsize}\n`;
    if (o.cookie) body += `; COOKIE: ${cookie} (echoed)\n`;
  }
  const section = (title: string, records: readonly DnsRecord[]) => {
    if (records.length === 0) return "";
    let text = o.comments ? `;; ${title} SECTION:\n` : "";
    for (const rr of groupRecords(records)) text += `${recordLine(rr)}\n`;
    return text + (o.comments ? "\n" : "");
  };
  if (o.question && !o.short) {
    body += `${o.comments ? ";; QUESTION SECTION:\n" : ""}${questionLine(m.qname, m.lookup.type)}\n${o.comments ? "\n" : ""}`;
  }
  if (o.answer) {
    if (o.short) for (const rr of groupRecords(r.answers)) body += `${rr.data}\n`;
    else body += section("ANSWER", r.answers);
  }
  if (o.authority && !o.short) body += section("AUTHORITY", r.authority);
  if (o.additional && !o.short) body += section("ADDITIONAL", r.additional);
  if (o.comments && !o.short) out += "\n";
  out += body;
  if (!o.short && o.stats) {
    out += `;; Query time: ${Math.floor(m.elapsedMs)} msec\n`;
    out += `;; SERVER: ${m.server.ip}#53(${m.server.arg}) (${o.tcp || m.lookup.type === "ANY" ? "TCP" : "UDP"})\n`;
    out += `;; WHEN: ${whenText(net.nowMs)}\n`;
    out += `;; MSG SIZE  rcvd: ${messageSize(m.qname, r, o.edns ? { cookie: o.cookie } : undefined)}\n\n`;
  }
  return out;
}

/** `@server`: an address as is, a name through the resolver (dig prints how many it found). */
function serversFor(arg: string, net: NetworkClient): BindServer[] | undefined {
  if (reverseOf(arg) !== undefined) return [{ arg, ip: arg }];
  const r = net.resolve(arg);
  return r.ok ? r.addresses.map((ip) => ({ arg, ip })) : undefined;
}

function isUnderLocal(name: string): boolean {
  const n = fqdn(name.toLowerCase());
  return n === "local." || n.endsWith(".local.");
}

/** dig -x: reverse the octets blindly (get_reverse, not strict), so partial addresses work too. */
function reverseOctets(value: string): string | undefined {
  if (!/^[0-9.]+$/.test(value) || value === "" || value.startsWith(".") || value.endsWith(".")) return undefined;
  return `${value.split(".").reverse().join(".")}.in-addr.arpa.`;
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

export const dig: Tool = digTool;
