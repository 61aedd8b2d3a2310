/**
 * Three different programs called `nslookup`; the image says which one it carries.
 *
 * - `busybox-libc`: busybox ≤ 1.28 (`busybox:1.28`, the one the Kubernetes docs pin).
 *   networking/nslookup.c without FEATURE_NSLOOKUP_BIG (tag 1_28_4): getaddrinfo through the
 *   libc resolver (search list and ndots apply), each address printed with its reverse name
 *   (`printf("%-10s %s\n")`, `Address %u: %s %s`), `nslookup: can't resolve 'x'` on stderr.
 * - `busybox`: busybox ≥ 1.29 (`busybox:latest`, alpine), the "BIG" LEDE/OpenWRT code
 *   (tag 1_36_1): its own queries, A then AAAA, the search list only for names without a
 *   dot, ndots ignored, every reply printed followed by a blank line, exit 1 if any reply
 *   was an error. Replies are printed in query order (the real order is arrival order).
 * - `bind`: bind9's bin/dig/nslookup.c (9.18.33, Debian's dnsutils): dighost's search list
 *   and ndots, only the final answer printed, `;; Got recursion not available from …`
 *   for every reply without RA (CoreDNS never sets it), an AAAA lookup after a successful A.
 *
 * Messages are copied from those sources; the usage banners from the images' binaries.
 */

import { reverseLookup, type StubResolverEnv, stubResolve } from "../dns/resolver.ts";
import type { DnsRecord, DnsResponse, DnsType, ResolvConf } from "../dns/types.ts";
import type { NetworkClient } from "../network/client.ts";
import {
  type BindLookup,
  type BindServer,
  type BindSettings,
  bindResolverDefaults,
  bindVersion,
  fqdn,
  groupRecords,
  nameText,
  newLookup,
  parseType,
  reverseOf,
  runBindLookups,
} from "./dig.ts";
import type { Tool, ToolResult } from "./types.ts";

// ---- busybox ≤ 1.28 ---------------------------------------------------------------------------

const busybox128Usage =
  "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\n" +
  "Usage: nslookup [HOST] [SERVER]\n\n" +
  "Query the nameserver for the IP address of the given HOST\n" +
  "optionally using a specified DNS server\n";

/** The libc resolver as the container has it: its resolv.conf, its /etc/hosts, the network. */
function libcEnv(net: NetworkClient, conf: ResolvConf = net.resolvConf): StubResolverEnv {
  return {
    resolvConf: conf,
    hosts: net.readFile("/etc/hosts") ?? "",
    exchange: (server, q, timeoutMs) => net.query(server, q, { timeoutMs }),
  };
}

const busyboxLibc: Tool = (argv, io) => {
  const args = argv.slice(1);
  if (args[0] === undefined || args[0].startsWith("-") || args.length > 2)
    return { stdout: "", stderr: busybox128Usage, exitCode: 1 };
  const host = args[0];
  let env = libcEnv(io.net);
  // set_default_dns: an explicit server replaces resolv.conf's list (xhost2sockaddr resolves a name).
  if (args[1] !== undefined) {
    const server = addressOf(args[1], env);
    if (server === undefined) return { stdout: "", stderr: `nslookup: bad address '${args[1]}'\n`, exitCode: 1 };
    env = { ...env, resolvConf: { ...env.resolvConf, nameservers: [server] } };
  }
  const serverIP = env.resolvConf.nameservers[0] ?? "127.0.0.1";
  let stdout = printHost(serverIP, "Server:", env).text;
  stdout += "\n";
  const name = printHost(host, "Name:", env);
  if (!name.ok) return { stdout, stderr: `nslookup: can't resolve '${host}'\n`, exitCode: 1 };
  return { stdout: stdout + name.text, stderr: "", exitCode: 0 };
};

/** nslookup.c print_host: every address getaddrinfo gives, with getnameinfo's name when there is one. */
function printHost(hostname: string, header: string, env: StubResolverEnv): { ok: boolean; text: string } {
  const r = stubResolve(hostname, env);
  if (!r.ok) return { ok: false, text: "" };
  let text = `${header.padEnd(10)} ${hostname}\n`;
  r.addresses.forEach((ip, i) => {
    const rev = reverseLookup(ip, env).name;
    text += `Address ${i + 1}: ${ip}${rev !== undefined ? ` ${rev}` : ""}\n`;
  });
  return { ok: true, text };
}

function addressOf(server: string, env: StubResolverEnv): string | undefined {
  if (reverseOf(server) !== undefined) return server;
  const r = stubResolve(server, env);
  return r.ok ? r.addresses[0] : undefined;
}

// ---- busybox ≥ 1.29 ("BIG") ----------------------------------------------------------------------

const busyboxUsage =
  "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n" +
  "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n" +
  "Query DNS about HOST\n\n" +
  "QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n";

/** nslookup.c `qtypes`, in the order queries are added for several `-type`s. */
const busyboxTypes: readonly DnsType[] = ["SOA", "NS", "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "ANY"];

/** nslookup.c `rcodes`. */
const busyboxRcodes: Readonly<Record<DnsResponse["rcode"], string>> = {
  NOERROR: "NOERROR",
  FORMERR: "FORMERR",
  SERVFAIL: "SERVFAIL",
  NXDOMAIN: "NXDOMAIN",
  NOTIMP: "NOTIMP",
  REFUSED: "REFUSED",
};

interface BusyboxQuery {
  /** As built (`web.default.svc.cluster.local`, or the argument as typed): the `** server can't find` name. */
  readonly name: string;
  readonly type: DnsType;
  answered: boolean;
}

const busyboxBig: Tool = (argv, io) => {
  const usage: ToolResult = { stdout: "", stderr: busyboxUsage, exitCode: 1 };
  const args = argv.slice(1);
  const types = new Set<DnsType>();
  let timeoutSeconds = 5;
  let retry = 2;
  let debug = false;
  let i = 0;
  // "Options can also be specified on the command line if they precede the arguments."
  for (; ; i++) {
    const arg = args[i];
    if (arg === undefined) return usage;
    if (!arg.startsWith("-")) break;
    const eq = arg.indexOf("=");
    const key = eq < 0 ? arg.slice(1) : arg.slice(1, eq);
    const val = eq < 0 ? "" : arg.slice(eq + 1);
    switch (key) {
      case "type":
      case "querytype": {
        const t = busyboxTypes.find((q) => q === val.toUpperCase());
        if (!t) return { stdout: "", stderr: `nslookup: invalid query type "${val}"\n`, exitCode: 1 };
        types.add(t);
        break;
      }
      case "port":
      case "retry":
      case "t":
      case "timeout": {
        const n = /^\d+$/.test(val) ? Number.parseInt(val, 10) : Number.NaN;
        if (Number.isNaN(n) || n < 1) return { stdout: "", stderr: `nslookup: invalid number '${val}'\n`, exitCode: 1 };
        if (key === "retry") retry = n;
        else if (key !== "port") timeoutSeconds = n;
        break;
      }
      case "debug":
        debug = true;
        break;
      default:
        return usage;
    }
  }
  const host = args[i]!;
  if (args[i + 2] !== undefined) return usage;
  const net = io.net;
  const conf = net.resolvConf;
  let stderr = "";
  const serverNames =
    args[i + 1] !== undefined ? [args[i + 1]!] : conf.nameservers.length > 0 ? conf.nameservers : ["127.0.0.1"];
  const servers: BindServer[] = [];
  for (const name of serverNames) {
    const ip = addressOf(name, libcEnv(net));
    if (ip === undefined) return { stdout: "", stderr: `nslookup: bad address '${name}'\n`, exitCode: 1 };
    servers.push({ arg: name, ip });
  }
  const search = busyboxSearch(conf, net.hostname, args[i + 1] !== undefined);

  const queries: BusyboxQuery[] = [];
  const addQuery = (type: DnsType, name: string) => queries.push({ name, type, answered: false });
  // add_query_with_search: PTR queries and dotted names go as they are.
  const withSearch = (type: DnsType, name: string) => {
    if (type === "PTR" || search.length === 0 || name.includes(".")) addQuery(type, name);
    else for (const domain of search) addQuery(type, `${name}.${domain}`);
  };
  if (types.size === 0) {
    const ptr = reverseOf(host);
    if (ptr) addQuery("PTR", nameText(ptr));
    else {
      withSearch("A", host);
      withSearch("AAAA", host);
    }
  } else for (const t of busyboxTypes) if (types.has(t)) withSearch(t, host);

  let stdout = "";
  let exitCode = 0;
  const timeoutMs = timeoutSeconds * 1000;
  for (let s = 0; s < servers.length; s++) {
    const server = servers[s]!;
    const startedMs = net.elapsedMs;
    let replies = 0;
    let failed = false;
    for (const [qn, q] of queries.entries()) {
      if (q.answered || failed) continue;
      const ex = net.query(server.ip, { name: fqdn(q.name.toLowerCase()), type: q.type }, { timeoutMs });
      if (!ex.ok) {
        if (ex.failure === "timeout") {
          // No reply within the timeout: send_queries gives up on this server for every query.
          failed = true;
          continue;
        }
        // ICMP errors make read() fail once per round of sends (every `timeout/retry` ms:
        // the socket keeps one pending error), and the loop still waits out the timeout.
        // Derived from send_queries; not checked against a transcript.
        const errno = ex.failure === "refused" ? "Connection refused" : "No route to host";
        for (let n = 0; n < retry; n++) stderr += `nslookup: read: ${errno}\n`;
        failed = true;
        continue;
      }
      if (replies++ === 0) stdout += `Server:\t\t${server.arg}\nAddress:\t${server.ip}:53\n\n`;
      q.answered = true;
      const r = ex.response;
      if (debug) stdout += `Query #${qn} completed in ${Math.floor(net.elapsedMs - startedMs)}ms:\n`;
      if (r.rcode !== "NOERROR") {
        stdout += `** server can't find ${q.name}: ${busyboxRcodes[r.rcode]}\n`;
        exitCode = 1;
      } else stdout += busyboxReply(r, debug);
      stdout += "\n";
    }
    if (failed) {
      const waited = net.elapsedMs - startedMs;
      if (waited < timeoutMs) net.wait(timeoutMs - waited);
    }
    if (replies > 0) break;
    if (s === servers.length - 1) {
      stdout += ";; connection timed out; no servers could be reached\n\n";
      return { stdout, stderr, exitCode: 1 };
    }
  }
  const unanswered = queries.filter((q) => !q.answered);
  for (const q of unanswered) stdout += `*** Can't find ${q.name}: No answer\n`;
  if (unanswered.length > 0) stdout += "\n";
  return { stdout, stderr, exitCode };
};

/** parse_resolvconf: the `search` (or `domain`) line, else the domain part of the hostname; `domain .` is none. */
function busyboxSearch(conf: ResolvConf, hostname: string, explicitServer: boolean): string[] {
  // With a server on the command line resolv.conf is not read at all.
  if (explicitServer) return [];
  if (conf.search.length > 0) return conf.search.filter((d) => d !== ".");
  const dot = hostname.indexOf(".");
  return dot >= 0 ? [hostname.slice(dot + 1)] : [];
}

/** nslookup.c parse_reply: the answer section in wire order. */
function busyboxReply(r: DnsResponse, debug: boolean): string {
  let out = "";
  if (!r.authoritative) out += "Non-authoritative answer:\n";
  else if (debug) out += "authoritative answer:\n";
  for (const rr of r.answers) {
    const owner = nameText(rr.name);
    const fields = rr.data.split(" ");
    switch (rr.type) {
      case "A":
      case "AAAA":
        out += `Name:\t${owner}\nAddress: ${rr.data}\n`;
        break;
      case "NS":
        out += `${owner}\tnameserver = ${nameText(rr.data)}\n`;
        break;
      case "CNAME":
        out += `${owner}\tcanonical name = ${nameText(rr.data)}\n`;
        break;
      case "PTR":
        out += `${owner}\tname = ${nameText(rr.data)}\n`;
        break;
      case "MX":
        out += `${owner}\tmail exchanger = ${fields[0]} ${nameText(fields[1] ?? ".")}\n`;
        break;
      case "TXT": {
        const first = /^"((?:[^"\\]|\\.)*)"/.exec(rr.data)?.[1] ?? rr.data;
        if (first.length > 0) out += `${owner}\ttext = "${first}"\n`;
        break;
      }
      case "SRV":
        out += `${owner}\tservice = ${fields[0]} ${fields[1]} ${fields[2]} ${nameText(fields[3] ?? ".")}\n`;
        break;
      case "SOA":
        out +=
          `${owner}\n\torigin = ${nameText(fields[0] ?? ".")}\n\tmail addr = ${nameText(fields[1] ?? ".")}\n` +
          `\tserial = ${fields[2]}\n\trefresh = ${fields[3]}\n\tretry = ${fields[4]}\n` +
          `\texpire = ${fields[5]}\n\tminimum = ${fields[6]}\n`;
        break;
      default:
        break;
    }
  }
  return out;
}

// ---- bind ----------------------------------------------------------------------------------------

const bindUsage =
  "Usage:\n" +
  "   nslookup [-opt ...]             # interactive mode using default server\n" +
  "   nslookup [-opt ...] - server    # interactive mode using 'server'\n" +
  "   nslookup [-opt ...] host        # just look up 'host' using default server\n" +
  "   nslookup [-opt ...] host server # just look up 'host' using 'server'\n";

/** nslookup.c `rtypetext`, for the types the simulation carries. */
const rtypeText: Readonly<Partial<Record<DnsType, string>>> = {
  A: "internet address = ",
  NS: "nameserver = ",
  CNAME: "canonical name = ",
  SOA: "soa = ",
  PTR: "name = ",
  MX: "mail exchanger = ",
  TXT: "text = ",
  AAAA: "has AAAA address ",
  SRV: "service = ",
};

interface BindState {
  deftype: DnsType;
  defaultLookups: boolean;
  usesearch: boolean;
  showsearch: boolean;
  recurse: boolean;
  ndots: number | undefined;
  tries: number | undefined;
  timeoutSeconds: number | undefined;
  search: string[] | undefined;
  servers: BindServer[] | undefined;
  checkRa: boolean;
  stdout: string;
  /** A reply was printed (nslookup.c `query_error` is cleared). */
  printedMessage: boolean;
  /** A reply was an error (`print_error`). */
  printError: boolean;
  /** The A lookup had an empty answer (`a_noanswer`). */
  aNoAnswer: boolean;
}

const bindNslookup: Tool = (argv, io) => {
  const net = io.net;
  const st: BindState = {
    deftype: "A",
    defaultLookups: true,
    usesearch: true,
    showsearch: false,
    recurse: true,
    ndots: undefined,
    tries: undefined,
    timeoutSeconds: undefined,
    search: undefined,
    servers: undefined,
    checkRa: true,
    stdout: "",
    printedMessage: false,
    printError: false,
    aNoAnswer: false,
  };
  const lookups: BindLookup[] = [];
  let haveLookup = false;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith("-")) {
      if (arg.toLowerCase().startsWith("-ver")) return { stdout: "", stderr: `nslookup ${bindVersion}\n`, exitCode: 0 };
      if (arg.length > 1) setOption(st, arg.slice(1));
      else haveLookup = true;
      continue;
    }
    if (!haveLookup) {
      haveLookup = true;
      lookups.push(bindAddLookup(st, arg));
      continue;
    }
    if (args[i + 1] !== undefined) return { stdout: st.stdout, stderr: bindUsage, exitCode: 1 };
    const failed = setNameserver(st, arg, net);
    if (failed) return failed;
  }
  // Without a host nslookup reads commands from its input (interactive mode without a terminal).
  if (lookups.length === 0) {
    for (const line of io.stdin.split("\n")) {
      const [command, operand] = line.trim().split(/\s+/);
      if (!command) continue;
      if (command.toLowerCase() === "exit") break;
      if (command.toLowerCase() === "set" && operand) setOption(st, operand);
      else if ((command.toLowerCase() === "server" || command.toLowerCase() === "lserver") && operand) {
        const failed = setNameserver(st, operand, net);
        if (failed) return failed;
        const first = st.servers![0]!;
        st.stdout += `Default server: ${first.arg}\nAddress: ${first.ip}#53\n`;
      } else runBind(st, [bindAddLookup(st, command)], net);
    }
  } else runBind(st, lookups, net);
  // main: `puts("")`, then `return query_error | print_error`.
  st.stdout += "\n";
  return { stdout: st.stdout, stderr: "", exitCode: !st.printedMessage || st.printError ? 1 : 0 };
};

/** nslookup.c addlookup: an address becomes a PTR lookup; otherwise the current `querytype`. */
function bindAddLookup(st: BindState, host: string): BindLookup {
  st.aNoAnswer = false;
  const ptr = reverseOf(host);
  return ptr ? newLookup(ptr, "PTR") : newLookup(host, st.deftype);
}

function runBind(st: BindState, lookups: readonly BindLookup[], net: NetworkClient): void {
  const conf = net.resolvConf;
  const fromConf = bindResolverDefaults(conf);
  const servers =
    st.servers ?? (conf.nameservers.length > 0 ? conf.nameservers : ["127.0.0.1"]).map((ip) => ({ arg: ip, ip }));
  const settings: BindSettings = {
    servers,
    search: st.search ?? conf.search,
    ndots: st.ndots ?? fromConf.ndots,
    timeoutMs: (st.timeoutSeconds ?? fromConf.timeoutSeconds) * 1000,
    tries: st.tries ?? fromConf.tries,
    usesearch: st.usesearch,
    showsearch: st.showsearch,
    checkRa: st.checkRa,
    recurse: st.recurse,
  };
  runBindLookups(lookups, settings, net, {
    note: (text) => {
      st.stdout += `;; ${text}\n`;
    },
    noServers: () => {
      st.stdout += ";; no servers could be reached\n";
    },
    message: (m) => {
      st.printedMessage = true;
      const { text, more } = bindMessage(st, m.lookup, m.qname, m.response, m.server);
      st.stdout += text;
      return more;
    },
  });
}

/** nslookup.c printmessage. */
function bindMessage(
  st: BindState,
  l: BindLookup,
  qname: string,
  r: DnsResponse,
  server: BindServer,
): { text: string; more: BindLookup[] } {
  let out = "";
  const more: BindLookup[] = [];
  if (!st.defaultLookups || l.type === "A") out += `Server:\t\t${server.arg}\nAddress:\t${server.ip}#53\n\n`;
  if (r.rcode !== "NOERROR") {
    out += `** server can't find ${nameText(qname)}: ${r.rcode}\n`;
    st.printError = true;
    return { text: out, more };
  }
  if (st.defaultLookups && l.type === "A") {
    // "Add AAAA lookup": for the name at the end of the answer's CNAME chain, searched no further.
    more.push({
      textname: nameText(chaseCnames(r.answers, qname)),
      type: "AAAA",
      origin: null,
      needSearch: l.needSearch,
      doneAsIs: l.doneAsIs,
      newSearch: false,
      cmdline: "",
    });
  }
  if (!r.authoritative && (!st.defaultLookups || l.type === "A")) out += "Non-authoritative answer:\n";
  if (r.answers.length > 0) out += bindSection(r.answers, true);
  else if (st.defaultLookups && l.type === "A") st.aNoAnswer = true;
  else if (!st.defaultLookups || (l.type === "AAAA" && st.aNoAnswer))
    out += `*** Can't find ${l.textname}: No answer\n`;
  if (!r.authoritative && l.type !== "A" && l.type !== "AAAA") {
    out += "\nAuthoritative answers can be found from:\n";
    out += bindSection(r.authority, false) + bindSection(r.additional, false);
  }
  return { text: out, more };
}

/** nslookup.c printsection: addresses of the answer as Name/Address pairs, the rest as `name\t<type text><data>`. */
function bindSection(records: readonly DnsRecord[], answer: boolean): string {
  let out = "";
  for (const rr of groupRecords(records)) {
    const owner = nameText(rr.name);
    if ((rr.type === "A" || rr.type === "AAAA") && answer) out += `Name:\t${owner}\nAddress: ${rr.data}\n`;
    else if (rr.type === "SOA") {
      const f = rr.data.split(" ");
      out +=
        `${owner}\n\torigin = ${nameText(f[0] ?? ".")}\n\tmail addr = ${nameText(f[1] ?? ".")}\n` +
        `\tserial = ${f[2]}\n\trefresh = ${f[3]}\n\tretry = ${f[4]}\n\texpire = ${f[5]}\n\tminimum = ${f[6]}\n`;
    } else out += `${owner}\t${rtypeText[rr.type] ?? `rdata_${rr.type} = `}${rr.data}\n`;
  }
  return out;
}

/** chase_cnamechain: from the question name along the answer's CNAMEs. */
function chaseCnames(answers: readonly DnsRecord[], qname: string): string {
  let name = qname.toLowerCase();
  for (let i = 0; i < answers.length; i++) {
    const c = answers.find((r) => r.type === "CNAME" && r.name.toLowerCase() === name);
    if (!c) break;
    name = c.data.toLowerCase();
  }
  return name;
}

/** nslookup.c setoption (the options that change a non-interactive lookup). */
function setOption(st: BindState, opt: string): void {
  const lower = opt.toLowerCase();
  const check = (full: string, min: number) =>
    lower.length >= min && lower.length <= full.length && full.startsWith(lower);
  const value = (prefixes: readonly string[]) => {
    const p = prefixes.find((x) => lower.startsWith(x));
    return p === undefined ? undefined : opt.slice(p.length);
  };
  const type = value(["type=", "ty=", "querytype=", "query=", "qu=", "q="]);
  if (type !== undefined) {
    const t = parseType(type);
    if (t) {
      st.deftype = t;
      st.defaultLookups = false;
    } else st.stdout += `unknown query type: ${type}\n`;
    return;
  }
  const number = (prefixes: readonly string[], desc: string, set: (n: number) => void): boolean => {
    const v = value(prefixes);
    if (v === undefined) return false;
    if (/^\d+$/.test(v)) set(Number.parseInt(v, 10));
    else st.stdout += `invalid ${desc} '${v}': bad number\n`;
    return true;
  };
  if (number(["timeout=", "t="], "timeout", (n) => (st.timeoutSeconds = n))) return;
  if (number(["retry=", "ret="], "tries", (n) => (st.tries = n))) return;
  if (number(["ndots="], "ndots", (n) => (st.ndots = n))) return;
  if (number(["port=", "po="], "port", () => undefined)) return;
  const domain = value(["domain=", "do="]);
  if (domain !== undefined) {
    st.search = [domain];
    st.usesearch = true;
    return;
  }
  if (value(["class=", "cl="]) !== undefined) return;
  if (check("all", 3)) return;
  if (check("recurse", 3)) st.recurse = true;
  else if (check("norecurse", 5)) st.recurse = false;
  else if (check("defname", 3) || check("search", 3)) st.usesearch = true;
  else if (check("nodefname", 5) || check("nosearch", 5)) st.usesearch = false;
  else if (check("debug", 3)) st.showsearch = true;
  else if (check("nodebug", 5)) st.showsearch = false;
  else if (
    check("vc", 2) ||
    check("novc", 4) ||
    check("d2", 2) ||
    check("nod2", 4) ||
    check("sil", 3) ||
    check("fail", 3) ||
    check("nofail", 5)
  )
    return;
  else st.stdout += `*** Invalid option: ${opt}\n`;
}

/** set_nameserver: an address, or a name's addresses; `check_ra` is off for an explicit server. */
function setNameserver(st: BindState, arg: string, net: NetworkClient): ToolResult | undefined {
  st.checkRa = false;
  if (reverseOf(arg) !== undefined) {
    st.servers = [{ arg, ip: arg }];
    return undefined;
  }
  const r = net.resolve(arg);
  if (!r.ok)
    return { stdout: st.stdout, stderr: `nslookup: couldn't get address for '${arg}': not found\n`, exitCode: 10 };
  st.servers = r.addresses.map((ip) => ({ arg, ip }));
  return undefined;
}

/** The nslookups, by the flavour an image carries. */
export const nslookupFlavours: Record<"busybox-libc" | "busybox" | "bind", Tool> = {
  "busybox-libc": busyboxLibc,
  busybox: busyboxBig,
  bind: bindNslookup,
};
