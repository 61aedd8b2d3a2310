/**
 * curl 8.21.0, the release curlimages/curl:latest ships (curl/curl-container VERSION), with
 * the options lessons use. Every text here was checked against curl-8_21_0 built from source
 * and run against a test server: the verbose trace (lib/cf-dns.c "Host %s:%u was resolved.",
 * lib/cf-socket.c "  Trying %s:%d...", lib/connect.c "Established connection to %s (%s port
 * %u) from %s port %u ", lib/multi.c "Connection #%ld to host %s left intact"), the error
 * texts (lib/cf-ip-happy.c "Failed to connect to %s:%u after %ld ms: %s", lib/multi.c
 * "Connection timed out after %ld milliseconds", lib/http.c "Empty reply from server",
 * lib/strerror.c), option errors (src/tool_getparam.c, src/tool_helpers.c param2text,
 * src/tool_msgs.c helpf) and the progress meter (lib/progress.c progress_meter, max6out,
 * time2str). curl 8.x before ~8.15 words some of these differently ("Connected to web
 * (10.96.0.5) port 80", "Failed to connect to web port 80 … Couldn't connect to server").
 *
 * Simplified (README): TLS is not simulated (https:// is HTTP on port 443, -k and the CA
 * options are accepted and change nothing, -v prints no handshake); IPv6, proxies, cookies,
 * URL globbing and uploads from files are not simulated; the meter prints one line when a
 * request starts and one when it ends, not one per second.
 */
import type { HeaderList, HttpRequest, HttpResponse } from "../images/http.ts";
import type { HttpAttempt } from "../network/client.ts";
import { base64, byteLength, connectLimit, isIPv4, isTty } from "./support.ts";
import type { Tool, ToolIO, ToolResult } from "./types.ts";
import type { ToolUrl } from "./url.ts";
import { parseCurlUrl, resolveLocation } from "./url.ts";

/** The release whose texts this file reproduces; also the User-Agent. */
export const curlVersion = "8.21.0";

const hint = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** curl's default --max-redirs (lib/url.c DEFAULT_MAXREDIRS). */
const defaultMaxRedirs = 50;
/** src/tool_operate.c RETRY_SLEEP_DEFAULT / RETRY_SLEEP_MAX. */
const retrySleepDefaultMs = 1000;
const retrySleepMaxMs = 600_000;

type ArgType = "none" | "bool" | "string" | "secs" | "unum" | "num";

interface OptionDef {
  readonly long: string;
  readonly short?: string;
  readonly type: ArgType;
}

/**
 * The options curl 8.21 knows that lessons use (src/tool_listhelp.c). Those marked in
 * `ignored` are accepted and change nothing here (TLS, HTTP versions, buffering).
 */
const optionDefs: readonly OptionDef[] = [
  { long: "silent", short: "s", type: "bool" },
  { long: "show-error", short: "S", type: "bool" },
  { long: "verbose", short: "v", type: "bool" },
  { long: "include", short: "i", type: "bool" },
  { long: "show-headers", type: "bool" },
  { long: "head", short: "I", type: "bool" },
  { long: "location", short: "L", type: "bool" },
  { long: "location-trusted", type: "bool" },
  { long: "fail", short: "f", type: "bool" },
  { long: "fail-with-body", type: "bool" },
  { long: "insecure", short: "k", type: "bool" },
  { long: "remote-name", short: "O", type: "none" },
  { long: "globoff", short: "g", type: "bool" },
  { long: "buffer", short: "N", type: "bool" },
  { long: "compressed", type: "bool" },
  { long: "progress-meter", type: "bool" },
  { long: "ipv4", short: "4", type: "none" },
  { long: "http1.1", type: "none" },
  { long: "http1.0", short: "0", type: "none" },
  { long: "disable", short: "q", type: "bool" },
  { long: "output", short: "o", type: "string" },
  { long: "header", short: "H", type: "string" },
  { long: "request", short: "X", type: "string" },
  { long: "data", short: "d", type: "string" },
  { long: "data-ascii", type: "string" },
  { long: "data-raw", type: "string" },
  { long: "data-binary", type: "string" },
  { long: "data-urlencode", type: "string" },
  { long: "write-out", short: "w", type: "string" },
  { long: "max-redirs", type: "num" },
  { long: "user-agent", short: "A", type: "string" },
  { long: "user", short: "u", type: "string" },
  { long: "referer", short: "e", type: "string" },
  { long: "url", type: "string" },
  { long: "cacert", type: "string" },
  { long: "capath", type: "string" },
  { long: "cert", short: "E", type: "string" },
  { long: "key", type: "string" },
  { long: "max-time", short: "m", type: "secs" },
  { long: "connect-timeout", type: "secs" },
  { long: "retry", type: "unum" },
  { long: "retry-delay", type: "secs" },
  { long: "help", short: "h", type: "none" },
  { long: "version", short: "V", type: "none" },
];

const ignored = new Set([
  "insecure",
  "globoff",
  "buffer",
  "compressed",
  "ipv4",
  "http1.1",
  "disable",
  "cacert",
  "capath",
  "cert",
  "key",
]);

/** src/tool_helpers.c param2text, for the errors parsing can hit here. */
type ParamError =
  | "is unknown"
  | "requires parameter"
  | "expected a proper numerical parameter"
  | "expected a positive numerical parameter"
  | "blank argument where content is expected"
  | "the given option cannot be reversed with a --no- prefix"
  | "error encountered when reading a file";

interface Options {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  include: boolean;
  head: boolean;
  follow: boolean;
  fail: "no" | "fast" | "body";
  progressMeter: boolean;
  http10: boolean;
  maxRedirs: number;
  maxTimeMs?: number;
  connectTimeoutMs?: number;
  retry: number;
  retryDelayMs: number;
  headers: string[];
  method?: string;
  data?: string;
  writeOut?: string;
  userAgent?: string;
  user?: string;
  referer?: string;
  help: boolean;
  version: boolean;
  /** Warnings printed while the command line is read. */
  parseWarnings: string[];
  /** `-o FILE` and `-O` pair with URLs in order (src/tool_getparam.c url list). */
  outputs: ({ kind: "file"; path: string } | { kind: "remote" })[];
  urls: string[];
}

const defByLong = new Map(optionDefs.map((d) => [d.long, d]));
const defByShort = new Map(optionDefs.filter((d) => d.short).map((d) => [d.short!, d]));

function helpError(opt: string, reason: ParamError): ToolResult {
  // src/tool_operate.c: a read error is CURLE_READ_ERROR (26), the rest CURLE_FAILED_INIT (2).
  const exitCode = reason === "error encountered when reading a file" ? 26 : 2;
  return { stdout: "", stderr: `curl: option ${opt}: ${reason}\n${hint}`, exitCode };
}

/** src/tool_paramhlp.c str2udouble: a non-negative decimal number of seconds. */
function seconds(text: string): number | undefined {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return undefined;
  return Math.round(Number(text) * 1000);
}

/** Reads `@file` arguments (`-d @body.json`, `@-` for stdin). */
type FileReader = (path: string) => string | undefined;

function applyOption(
  o: Options,
  def: OptionDef,
  value: string | undefined,
  toggle: boolean,
  read: FileReader,
): ParamError | undefined {
  if (ignored.has(def.long)) return undefined;
  const v = value ?? "";
  switch (def.long) {
    case "silent":
      o.silent = toggle;
      return;
    case "show-error":
      o.showError = toggle;
      return;
    case "verbose":
      o.verbose = toggle;
      return;
    case "include":
    case "show-headers":
      o.include = toggle;
      return;
    case "head":
      o.head = toggle;
      return;
    case "location":
    case "location-trusted":
      o.follow = toggle;
      return;
    case "fail":
      o.fail = toggle ? "fast" : "no";
      return;
    case "fail-with-body":
      o.fail = toggle ? "body" : "no";
      return;
    case "progress-meter":
      o.progressMeter = toggle;
      return;
    case "http1.0":
      o.http10 = true;
      return;
    case "remote-name":
      o.outputs.push({ kind: "remote" });
      return;
    case "output":
      o.outputs.push({ kind: "file", path: v });
      return;
    case "header":
      // src/tool_getparam.c: warned while parsing, so a later -s does not mute it.
      if (!v.includes(":") && !v.includes(";") && !o.silent)
        o.parseWarnings.push(
          ...wrap("Warning: ", `The provided HTTP header '${v}' does not look like a header?`).split(/(?<=\n)/),
        );
      o.headers.push(v);
      return;
    case "request":
      o.method = v;
      return;
    case "data":
    case "data-ascii":
    case "data-raw":
    case "data-binary":
    case "data-urlencode": {
      // -d @FILE reads the file (src/tool_getparam.c data handling); --data-raw takes @ literally.
      let text = v;
      if (v.startsWith("@") && def.long !== "data-raw") {
        const content = read(v.slice(1));
        if (content === undefined) return "error encountered when reading a file";
        text = content;
      }
      // curl joins several -d with '&'; -d strips the newlines of what it read.
      const part = def.long === "data" || def.long === "data-ascii" ? text.replace(/[\r\n]/g, "") : text;
      const encoded = def.long === "data-urlencode" ? urlencodeData(part) : part;
      o.data = o.data === undefined ? encoded : `${o.data}&${encoded}`;
      return;
    }
    case "write-out":
      o.writeOut = v;
      return;
    case "user-agent":
      o.userAgent = v;
      return;
    case "user":
      o.user = v;
      return;
    case "referer":
      o.referer = v;
      return;
    case "url":
      o.urls.push(v);
      return;
    case "max-redirs": {
      if (!/^-?\d+$/.test(v) || Number(v) < -1) return "expected a proper numerical parameter";
      o.maxRedirs = Number(v);
      return;
    }
    case "max-time":
    case "connect-timeout":
    case "retry-delay": {
      const ms = seconds(v);
      if (ms === undefined) return "expected a proper numerical parameter";
      if (def.long === "max-time") o.maxTimeMs = ms;
      else if (def.long === "connect-timeout") o.connectTimeoutMs = ms;
      else o.retryDelayMs = ms;
      return;
    }
    case "retry": {
      if (/^-\d+$/.test(v)) return "expected a positive numerical parameter";
      if (!/^\d+$/.test(v)) return "expected a proper numerical parameter";
      o.retry = Number(v);
      return;
    }
    case "help":
      o.help = true;
      return;
    case "version":
      o.version = true;
      return;
  }
  return undefined;
}

/** --data-urlencode's forms: `content`, `=content`, `name=content` (src/tool_getparam.c data_urlencode). */
function urlencodeData(v: string): string {
  const enc = (s: string) =>
    s.replace(/[^A-Za-z0-9\-._~]/g, (c) =>
      [...byteArray(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
    );
  const eq = v.indexOf("=");
  if (eq < 0) return enc(v);
  if (eq === 0) return enc(v.slice(1));
  return `${v.slice(0, eq)}=${enc(v.slice(eq + 1))}`;
}

function byteArray(c: string): number[] {
  const code = c.codePointAt(0)!;
  if (code < 0x80) return [code];
  if (code < 0x800) return [0xc0 | (code >> 6), 0x80 | (code & 63)];
  if (code < 0x10000) return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)];
  return [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)];
}

/** src/tool_getparam.c parse_args/getparameter: long options (exact names, `--no-`, `=value`), bundled short ones, `--`. */
function parseArgs(argv: readonly string[], read: FileReader): Options | ToolResult {
  const o: Options = {
    silent: false,
    showError: false,
    verbose: false,
    include: false,
    head: false,
    follow: false,
    fail: "no",
    progressMeter: true,
    http10: false,
    maxRedirs: defaultMaxRedirs,
    retry: 0,
    retryDelayMs: 0,
    headers: [],
    parseWarnings: [],
    help: false,
    version: false,
    outputs: [],
    urls: [],
  };
  let stillFlags = true;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (stillFlags && arg.startsWith("-")) {
      if (arg === "--") {
        stillFlags = false;
        continue;
      }
      const next = argv[i + 1];
      if (arg.startsWith("--")) {
        let word = arg.slice(2);
        let toggle = true;
        let noFlagged = false;
        if (word.startsWith("no-")) {
          word = word.slice(3);
          toggle = false;
          noFlagged = true;
        }
        const eq = word.indexOf("=");
        const name = eq >= 0 ? word.slice(0, eq) : word;
        const def = defByLong.get(name);
        if (!def) return helpError(arg, "is unknown");
        if (noFlagged && def.type !== "bool")
          return helpError(arg, "the given option cannot be reversed with a --no- prefix");
        if (def.type === "none" || def.type === "bool") {
          const err = applyOption(o, def, undefined, toggle, read);
          if (err) return helpError(arg, err);
          continue;
        }
        let value: string | undefined;
        if (eq >= 0) value = word.slice(eq + 1);
        else if (def.long === "help") value = undefined;
        else if (next === undefined) return helpError(arg, "requires parameter");
        else {
          value = next;
          i++;
        }
        const err = applyOption(o, def, value, true, read);
        if (err) return helpError(arg, err);
        continue;
      }
      // One dash: letters bundle until one takes a parameter (-sSL, -sLo FILE, -m5).
      const letters = arg.slice(1);
      if (letters === "") return helpError(arg, "is unknown");
      for (let j = 0; j < letters.length; j++) {
        const def = defByShort.get(letters[j]!);
        if (!def) return helpError(arg, "is unknown");
        if (def.type === "none" || def.type === "bool") {
          const err = applyOption(o, def, undefined, true, read);
          if (err) return helpError(arg, err);
          continue;
        }
        let value: string | undefined = letters.slice(j + 1);
        if (value === "") {
          if (def.long === "help") value = undefined;
          else if (next === undefined) return helpError(arg, "requires parameter");
          else {
            value = next;
            i++;
          }
        }
        const err = applyOption(o, def, value, true, read);
        if (err) return helpError(arg, err);
        break;
      }
      continue;
    }
    if (arg === "") return helpError("", "blank argument where content is expected");
    o.urls.push(arg);
  }
  return o;
}

/** `curl --help`: the short menu of curl 8.21 (src/tool_help.c, src/tool_listhelp.c "important" category). */
const helpText = `Usage: curl [options...] <url>
 -d, --data <data>            HTTP POST data
 -f, --fail                   Fail fast with no output on HTTP errors
 -I, --head                   Show document info only
 -H, --header <header/@file>  Pass custom header(s) to server
 -h, --help <subject>         Get help for commands
 -o, --output <file>          Write to file instead of stdout
 -O, --remote-name            Write output to file named as remote file
 -i, --show-headers           Show response headers in output
 -s, --silent                 Silent mode
 -T, --upload-file <file>     Transfer local FILE to destination
 -u, --user <user:password>   Server user and password
 -A, --user-agent <name>      Send User-Agent <name> to server
 -v, --verbose                Make the operation more talkative
 -V, --version                Show version number and quit

This is not the full help; this menu is split into categories.
Use "--help category" to get an overview of all categories, which are:
auth, connection, curl, deprecated, dns, file, ftp, global, http, imap, ldap, 
output, pop3, post, proxy, scp, sftp, smtp, ssh, telnet, tftp, timeout, tls, 
upload, verbose.
Use "--help all" to list all options
Use "--help [option]" to view documentation for a given option
`;

/**
 * `curl --version`. The first line names only curl and libcurl: which library versions the
 * image links (OpenSSL, nghttp2 …) is not modelled. Protocols and features follow the
 * curl-container build (openssl, libssh2, nghttp2, gssapi, brotli, zstd, idn2, psl).
 */
const versionText = `curl ${curlVersion} (x86_64-pc-linux-musl) libcurl/${curlVersion}
Release-Date: 2026-06-24
Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt mqtts pop3 pop3s rtsp scp sftp smb smbs smtp smtps telnet tftp ws wss
Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd
`;

export const curl: Tool = (argv, io) => {
  const parsed = parseArgs(argv, (path) => (path === "-" ? io.stdin : io.net.readFile(path)));
  if ("exitCode" in parsed) return parsed;
  const o = parsed;
  if (o.help) return { stdout: helpText, stderr: "", exitCode: 0 };
  if (o.version) return { stdout: versionText, stderr: "", exitCode: 0 };
  if (o.urls.length === 0) {
    // No argument at all prints only the hint; options without a URL say so first.
    if (argv.length <= 1) return { stdout: "", stderr: hint, exitCode: 2 };
    return { stdout: "", stderr: `curl: (2) no URL specified\n${hint}`, exitCode: 2 };
  }
  const session = new Session(o, io);
  session.stderr = o.parseWarnings.join("");
  let exitCode = 0;
  for (let i = 0; i < o.urls.length; i++) {
    exitCode = session.transfer(o.urls[i]!, o.outputs[i]);
    if (session.interrupted) break;
  }
  // curl does not catch SIGINT: an interrupted run ends with 130 (128 + SIGINT).
  if (session.interrupted) return { stdout: session.stdout, stderr: session.stderr, exitCode: 130, interrupted: true };
  return { stdout: session.stdout, stderr: session.stderr, exitCode };
};

interface Conn {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  readonly ip: string;
  readonly localPort: number;
}

/** What `-w` can print about one finished transfer (src/tool_writeout.c variables). */
interface TransferInfo {
  code: number;
  errormsg: string;
  response?: HttpResponse;
  url?: ToolUrl;
  method: string;
  remoteIP: string;
  remotePort: number;
  localIP: string;
  localPort: number;
  bytes: number;
  headerBytes: number;
  requestBytes: number;
  redirects: number;
  redirectUrl: string;
  connects: number;
  namelookupMs: number;
  connectMs: number;
  totalMs: number;
  uploadBytes: number;
  retries: number;
  urlnum: number;
  input: string;
}

/** One curl process: connections and DNS answers outlive a transfer, as libcurl's caches do. */
class Session {
  stdout = "";
  stderr = "";
  interrupted = false;
  private readonly conns = new Map<string, Conn>();
  private readonly dnsCache = new Set<string>();
  private nextConnId = 0;
  private urlnum = 0;
  private readonly o: Options;
  private readonly io: ToolIO;
  private readonly startMs: number;

  constructor(o: Options, io: ToolIO) {
    this.o = o;
    this.io = io;
    this.startMs = io.net.elapsedMs;
  }

  private verbose(line: string): void {
    if (this.o.verbose) this.stderr += `${line}\n`;
  }

  /** src/tool_msgs.c warnf: muted by -s, wrapped to 79 columns when stderr is not a terminal. */
  private warn(text: string): void {
    if (this.o.silent) return;
    this.stderr += wrap("Warning: ", text);
  }

  /** One URL from the command line, with its retries. Returns its exit code. */
  transfer(input: string, output: Options["outputs"][number] | undefined): number {
    let retriesLeft = this.o.retry;
    let sleep = 0;
    let retries = 0;
    const urlnum = this.urlnum++;
    for (;;) {
      const r = this.attempt(input, output, urlnum, retries);
      if (this.interrupted) return r.code;
      const transient =
        r.code === 28 ||
        r.code === 6 ||
        ((r.code === 0 || r.code === 22) && [408, 429, 500, 502, 503, 504, 522, 524].includes(r.response?.status ?? 0));
      if (retriesLeft > 0 && transient) {
        // src/tool_operate.c retry_sleep: 1 s, doubling, unless --retry-delay.
        sleep =
          this.o.retryDelayMs > 0
            ? this.o.retryDelayMs
            : Math.min(sleep ? sleep * 2 : retrySleepDefaultMs, retrySleepMaxMs);
        const reason = r.code === 0 || r.code === 22 ? ": HTTP error" : ": timeout";
        const secs = `${Math.floor(sleep / 1000)}${sleep % 1000 ? `.${String(sleep % 1000).padStart(3, "0")}` : ""}`;
        this.warn(
          `Problem ${reason}. Retrying in ${secs} second${sleep === 1000 ? "" : "s"}. ${retriesLeft} retr${retriesLeft > 1 ? "ies" : "y"} left.`,
        );
        retriesLeft--;
        retries++;
        if (this.elapsed() + sleep > this.io.budgetMs) {
          this.io.net.wait(Math.max(0, this.io.budgetMs - this.elapsed()));
          this.interrupted = true;
          return r.code;
        }
        this.io.net.wait(sleep);
        continue;
      }
      this.finish(r);
      return r.code;
    }
  }

  private elapsed(): number {
    return this.io.net.elapsedMs - this.startMs;
  }

  /** After the last try: the error line (src/tool_operate.c post_check_result) and -w. */
  private finish(info: TransferInfo): void {
    if (info.code !== 0 && (!this.o.silent || this.o.showError))
      this.stderr += `curl: (${info.code}) ${info.errormsg}\n`;
    if (this.o.writeOut !== undefined) this.writeOut(this.o.writeOut, info);
  }

  private attempt(
    input: string,
    output: Options["outputs"][number] | undefined,
    urlnum: number,
    retries: number,
  ): TransferInfo {
    const o = this.o;
    const net = this.io.net;
    const start = net.elapsedMs;
    const since = () => net.elapsedMs - start;
    const info: TransferInfo = {
      code: 0,
      errormsg: "",
      method: "GET",
      remoteIP: "",
      remotePort: 0,
      localIP: "",
      localPort: 0,
      bytes: 0,
      headerBytes: 0,
      requestBytes: 0,
      redirects: 0,
      redirectUrl: "",
      connects: 0,
      namelookupMs: 0,
      connectMs: 0,
      totalMs: 0,
      uploadBytes: 0,
      retries,
      urlnum,
      input,
    };
    const fail = (code: number, message: string): TransferInfo => {
      info.code = code;
      info.errormsg = message;
      info.totalMs = since();
      return info;
    };
    const parsed = parseCurlUrl(input);
    if ("code" in parsed) return fail(parsed.code, parsed.message);
    let url = parsed;
    info.url = url;
    // The output sink: a file (-o, -O) or stdout. Output to a terminal hides the meter.
    let filePath: string | undefined;
    if (output?.kind === "file") filePath = output.path === "-" ? undefined : output.path;
    if (output?.kind === "remote") {
      const name = url.path.slice(url.path.lastIndexOf("/") + 1);
      if (name === "") {
        this.warn('No remote filename, uses "curl_response"');
        filePath = "curl_response";
      } else filePath = name;
    }
    const toTerminal = filePath === undefined && isTty(this.io);
    const meter = new Meter(!o.silent && o.progressMeter && !toTerminal);
    const inferred = o.head ? "HEAD" : o.data !== undefined ? "POST" : "GET";
    let method = o.method ?? inferred;
    let body = o.data;
    // src/tool_setopt.c / config2setopts.c: notef, shown with -v only.
    if (o.verbose && o.method === inferred && inferred !== "HEAD")
      this.stderr += `Note: Unnecessary use of -X or --request, ${inferred} is already inferred.\n`;
    let out = "";
    for (let hop = 0; ; hop++) {
      if (hop > 0 && this.elapsed() > this.io.budgetMs) {
        this.interrupted = true;
        return fail(0, "");
      }
      info.method = method;
      const key = `${url.host}:${url.port}`;
      let conn = this.conns.get(key);
      const request = this.buildRequest(url, method, body);
      info.requestBytes = requestSize(request);
      // curl's own limit (300 s unless set) is above the kernel's SYN give-up: leave that to the
      // kernel. The shell's budget may cut the wait short, as Ctrl-C would.
      const limit = () => connectLimit(minDefined(o.connectTimeoutMs, maxLeftNow()), this.io.budgetMs - this.elapsed());
      const interruptedBy = (lim: ReturnType<typeof connectLimit>) =>
        lim.byBudget && this.elapsed() >= this.io.budgetMs ? (this.interrupted = true) : false;
      let attempt: HttpAttempt | undefined;
      if (conn) {
        this.verbose(`* Reusing existing http: connection with host ${url.host}`);
        const lim = limit();
        attempt = net.request(conn.ip, url.port, request, lim);
        if (attempt.connect.outcome !== "connected" && interruptedBy(lim)) return fail(0, "");
        if (attempt.connect.outcome === "connected") this.stderr += meter.start(since());
        else {
          // The server went away between requests: curl opens a new connection.
          this.conns.delete(key);
          conn = undefined;
          attempt = undefined;
        }
      }
      if (!conn) {
        let addresses: readonly string[];
        if (isIPv4(url.host)) addresses = [url.host];
        else {
          if (this.dnsCache.has(url.host)) this.verbose(`* Hostname ${url.host} was found in DNS cache`);
          const resolved = net.resolve(url.host);
          info.namelookupMs = since();
          if (!resolved.ok) {
            if (o.maxTimeMs !== undefined && since() >= o.maxTimeMs) {
              const msg = `Resolving timed out after ${o.maxTimeMs} milliseconds`;
              this.verbose(`* ${msg}`);
              this.verbose(`* closing connection #${this.nextConnId++}`);
              return fail(28, msg);
            }
            // Seen from curl 8.21 -v: the threaded resolver reports twice, then the filter.
            this.verbose(`* Could not resolve host: ${url.host}`);
            this.verbose(`* Could not resolve host: ${url.host}`);
            this.verbose(`* Could not resolve: ${url.host}:${url.port}`);
            this.verbose(`* closing connection #${this.nextConnId++}`);
            return fail(6, `Could not resolve host: ${url.host}`);
          }
          this.dnsCache.add(url.host);
          addresses = resolved.addresses;
          this.verbose(`* Host ${url.host}:${url.port} was resolved.`);
          this.verbose("* IPv6: (none)");
          this.verbose(`* IPv4: ${addresses.join(", ")}`);
        }
        // lib/cf-ip-happy.c: the addresses in order until one connects.
        let lastFailure = "";
        for (const ip of addresses) {
          this.verbose(`*   Trying ${ip}:${url.port}...`);
          const lim = limit();
          const a = net.request(ip, url.port, request, lim);
          const outcome = a.connect.outcome;
          if (outcome !== "connected" && interruptedBy(lim)) return fail(0, "");
          if (outcome === "connected") {
            attempt = a;
            conn = { id: this.nextConnId++, host: url.host, port: url.port, ip, localPort: a.connect.localPort };
            info.connects++;
            info.connectMs = since();
            this.verbose(
              `* Established connection to ${url.host} (${ip} port ${url.port}) from ${net.localIP} port ${a.connect.localPort} `,
            );
            this.stderr += meter.start(since());
            this.verbose("* using HTTP/1.x");
            break;
          }
          info.remoteIP = ip;
          info.remotePort = url.port;
          if (outcome === "timeout") {
            const limited = o.connectTimeoutMs !== undefined || o.maxTimeMs !== undefined;
            if (limited && since() >= (minDefined(o.connectTimeoutMs, o.maxTimeMs) ?? 0)) {
              // lib/multi.c: our own timer fired while connecting.
              const msg = `Connection timed out after ${since()} milliseconds`;
              this.verbose(`* ${msg}`);
              this.verbose(`* closing connection #${this.nextConnId++}`);
              return fail(28, msg);
            }
            // The kernel gave up on the SYN (ETIMEDOUT): curl maps it to 28 (lib/cf-ip-happy.c SOCKETIMEDOUT).
            this.verbose(
              `* connect to ${ip} port ${url.port} from ${net.localIP} port ${a.connect.localPort} failed: Connection timed out`,
            );
            lastFailure = "timeout";
            break;
          }
          const why = outcome === "refused" ? "Connection refused" : "No route to host";
          this.verbose(
            `* connect to ${ip} port ${url.port} from ${net.localIP} port ${a.connect.localPort} failed: ${why}`,
          );
          lastFailure = outcome;
        }
        if (!attempt || !conn) {
          const msg = `Failed to connect to ${url.host}:${url.port} after ${since()} ms: Could not connect to server`;
          this.verbose(`* ${msg}`);
          this.verbose(`* closing connection #${this.nextConnId++}`);
          return fail(lastFailure === "timeout" ? 28 : 7, msg);
        }
      }
      const c = conn!;
      if (!attempt) return fail(7, "Could not connect to server");
      info.remoteIP = c.ip;
      info.remotePort = url.port;
      info.localIP = net.localIP;
      info.localPort = c.localPort;
      this.traceRequest(request, toTerminal);
      info.uploadBytes = byteLength(request.body);
      if (!attempt.ok) {
        this.conns.delete(key);
        const reset = (attempt as { readonly failure?: string }).failure === "reset";
        if (reset) {
          // lib/cf-socket.c: "Recv failure: %s" with ECONNRESET.
          this.verbose("* Recv failure: Connection reset by peer");
          this.verbose(`* closing connection #${c.id}`);
          if (!o.verbose) this.stderr += meter.newline();
          return fail(56, "Recv failure: Connection reset by peer");
        }
        this.stderr += meter.again();
        this.verbose("* Empty reply from server");
        this.stderr += meter.end(since());
        this.verbose(`* shutting down connection #${c.id}`);
        return fail(52, "Empty reply from server");
      }
      const r = attempt.response;
      info.response = r;
      const statusLine = `${r.version} ${r.status} ${r.reason}`;
      const headerText = `${statusLine}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
      info.headerBytes += byteLength(headerText);
      const location = headerValue(r.headers, "location");
      const following = o.follow && location !== undefined && [301, 302, 303, 307, 308].includes(r.status);
      const bodyExpected = method !== "HEAD" && r.status !== 204 && r.status !== 304;
      const clen = headerValue(r.headers, "content-length");
      const chunked = /chunked/i.test(headerValue(r.headers, "transfer-encoding") ?? "");
      const closes =
        /close/i.test(headerValue(r.headers, "connection") ?? "") ||
        (r.version === "HTTP/1.0" && !/keep-alive/i.test(headerValue(r.headers, "connection") ?? "")) ||
        (bodyExpected && clen === undefined && !chunked);
      // The response headers as -v shows them, with curl's notes where it makes them.
      if (o.verbose) {
        this.stderr += `< ${statusLine}\r\n`;
        for (const [k, v] of r.headers) {
          if (following && body !== undefined && k.toLowerCase() === "location")
            this.stderr += "* Need to rewind upload for next request\n";
          this.stderr += `< ${k}: ${v}\r\n`;
        }
      }
      if (o.fail !== "no" && r.status >= 400 && o.fail === "fast") {
        this.verbose(`* The requested URL returned error: ${r.status}`);
        if (o.verbose) this.stderr += "< \r\n";
        this.stderr += meter.newline();
        this.verbose(`* closing connection #${c.id}`);
        this.conns.delete(key);
        return fail(22, `The requested URL returned error: ${r.status}`);
      }
      if (following) {
        this.verbose("* Ignoring the response-body");
        this.verbose("* setting size while ignoring");
      } else if (bodyExpected && clen === undefined && !chunked) {
        this.verbose("* no chunk, no close, no size. Assume close to signal end");
      }
      if (o.verbose) this.stderr += "< \r\n";
      const received = bodyExpected ? byteLength(r.body) : 0;
      if (!following && received > 0 && o.verbose && !toTerminal) this.stderr += `{ [${received} bytes data]\n`;
      info.bytes = received;
      if (o.include || o.head) out += headerText;
      if (!following && bodyExpected) out += r.body;
      if (!following) {
        const w = this.writeBody(out, filePath, info);
        if (w) {
          info.totalMs = since();
          return w;
        }
      }
      this.stderr += meter.end(since(), received, clen !== undefined ? Number(clen) : undefined);
      if (closes) {
        this.verbose(`* shutting down connection #${c.id}`);
        this.conns.delete(key);
      } else {
        this.verbose(`* Connection #${c.id} to host ${key} left intact`);
        this.conns.set(key, c);
      }
      if (following) {
        const next = resolveLocation(url, location!);
        info.redirectUrl = next;
        if (o.maxRedirs >= 0 && info.redirects >= o.maxRedirs) {
          const msg = `Maximum (${o.maxRedirs}) redirects followed`;
          this.verbose(`* ${msg}`);
          this.writeBody(out, filePath, info);
          return fail(47, msg);
        }
        const parsedNext = parseCurlUrl(next);
        if ("code" in parsedNext) {
          this.writeBody(out, filePath, info);
          return fail(parsedNext.code, parsedNext.message);
        }
        this.verbose(`* Issue another request to this URL: '${parsedNext.href}'`);
        info.redirects++;
        // lib/http.c Curl_follow: 303 always, 301/302 for POST, become GET without a body.
        if (r.status === 303 || ((r.status === 301 || r.status === 302) && method === "POST")) {
          if (method !== "HEAD") method = o.method && r.status !== 303 ? o.method : "GET";
          body = undefined;
        }
        url = parsedNext;
        info.url = url;
        continue;
      }
      info.redirectUrl =
        location !== undefined && [301, 302, 303, 307, 308].includes(r.status) ? resolveLocation(url, location) : "";
      if (o.fail === "body" && r.status >= 400) return fail(22, `The requested URL returned error: ${r.status}`);
      info.totalMs = since();
      return info;
    }

    function maxLeftNow(): number | undefined {
      return o.maxTimeMs !== undefined ? Math.max(0, o.maxTimeMs - since()) : undefined;
    }
  }

  /** Body (and -i headers) to stdout or the -o/-O file; a file that cannot be written is error 23. */
  private writeBody(out: string, filePath: string | undefined, info: TransferInfo): TransferInfo | undefined {
    if (filePath === undefined) {
      this.stdout += out;
      return undefined;
    }
    if (filePath === "/dev/null") return undefined;
    const w = this.io.net.writeFile(filePath, out);
    if (w.ok) return undefined;
    // src/tool_cb_wrt.c tool_create_output_file, then lib/sendf.c's write error.
    this.warn(`Failed to open the file ${filePath}: ${w.message}`);
    if (!this.o.silent) this.stderr += "\n";
    info.code = 23;
    info.errormsg = `client returned ERROR on write of ${byteLength(out)} bytes`;
    return info;
  }

  /** The request as curl builds it (lib/http.c): Host, User-Agent, Accept, -H headers, then the body's. */
  private buildRequest(url: ToolUrl, method: string, body: string | undefined): HttpRequest {
    const o = this.o;
    const custom: [string, string][] = [];
    const removed = new Set<string>();
    let hostOverride: string | undefined;
    for (const h of o.headers) {
      const colon = h.indexOf(":");
      const semi = h.indexOf(";");
      if (colon > 0) {
        const name = h.slice(0, colon).trim();
        const value = h.slice(colon + 1).trim();
        if (name.toLowerCase() === "host") {
          if (value === "") removed.add("host");
          else hostOverride = value;
        } else if (value === "") removed.add(name.toLowerCase());
        else custom.push([name, value]);
      } else if (semi > 0 && h.slice(semi + 1).trim() === "") custom.push([h.slice(0, semi).trim(), ""]);
      // Neither ':' nor ';': lib/http.c leaves it out (warned while parsing).
    }
    const has = (n: string) => removed.has(n) || custom.some(([k]) => k.toLowerCase() === n);
    const headers: [string, string][] = [];
    if (!removed.has("host")) headers.push(["Host", hostOverride ?? url.hostHeader]);
    if (url.userinfo !== undefined && !has("authorization"))
      headers.push(["Authorization", `Basic ${base64(url.userinfo)}`]);
    else if (o.user !== undefined && !has("authorization"))
      headers.push(["Authorization", `Basic ${base64(o.user.includes(":") ? o.user : `${o.user}:`)}`]);
    if (!has("user-agent")) headers.push(["User-Agent", o.userAgent ?? `curl/${curlVersion}`]);
    if (!has("accept")) headers.push(["Accept", "*/*"]);
    if (o.referer !== undefined && !has("referer")) headers.push(["Referer", o.referer]);
    headers.push(...custom);
    if (body !== undefined) {
      if (!has("content-length")) headers.push(["Content-Length", String(byteLength(body))]);
      if (!has("content-type")) headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
    }
    return { method, target: url.target, version: o.http10 ? "HTTP/1.0" : "HTTP/1.1", headers, body: body ?? "" };
  }

  private traceRequest(req: HttpRequest, toTerminal: boolean): void {
    if (!this.o.verbose) return;
    this.stderr += `> ${req.method} ${req.target} ${req.version}\r\n`;
    for (const [k, v] of req.headers) this.stderr += `> ${k}:${v === "" ? "" : ` ${v}`}\r\n`;
    this.stderr += "> \r\n";
    if (req.body !== "") {
      if (!toTerminal) this.stderr += `} [${byteLength(req.body)} bytes data]\n`;
      this.stderr += `* upload completely sent off: ${byteLength(req.body)} bytes\n`;
    } else this.stderr += "* Request completely sent off\n";
  }

  /** src/tool_writeout.c ourWriteOut: %{var}, %header{name}, %%, \n \r \t. */
  private writeOut(format: string, info: TransferInfo): void {
    let toStderr = false;
    let text = "";
    const emit = (s: string) => {
      if (toStderr) this.stderr += s;
      else text += s;
    };
    const flush = () => {
      this.stdout += text;
      text = "";
    };
    const r = info.response;
    const time = (ms: number) => `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, "0")}`;
    const speed = (bytes: number, ms: number) => String(ms <= 0 ? bytes * 1_000_000 : Math.floor((bytes * 1000) / ms));
    const url = info.url;
    const vars: Record<string, () => string> = {
      content_type: () => (r ? (headerValue(r.headers, "content-type") ?? "") : ""),
      errormsg: () => info.errormsg,
      exitcode: () => String(info.code),
      filename_effective: () => "",
      http_code: () => String(r?.status ?? 0).padStart(3, "0"),
      response_code: () => String(r?.status ?? 0).padStart(3, "0"),
      http_version: () => (r ? (r.version === "HTTP/1.0" ? "1" : "1.1") : "0"),
      local_ip: () => info.localIP,
      local_port: () => String(info.localPort),
      method: () => info.method,
      num_connects: () => String(info.connects),
      num_headers: () => String(r ? r.headers.length : 0),
      num_redirects: () => String(info.redirects),
      num_retries: () => String(info.retries),
      redirect_url: () => info.redirectUrl,
      remote_ip: () => info.remoteIP,
      remote_port: () => String(info.remotePort),
      scheme: () => (url ? url.scheme : ""),
      size_download: () => String(info.bytes),
      size_header: () => String(info.headerBytes),
      size_request: () => String(info.requestBytes),
      size_upload: () => String(info.uploadBytes),
      speed_download: () => speed(info.bytes, info.totalMs),
      speed_upload: () => speed(info.uploadBytes, info.totalMs),
      time_appconnect: () => time(0),
      time_connect: () => time(info.connectMs),
      time_namelookup: () => time(info.namelookupMs),
      time_pretransfer: () => time(info.connectMs),
      time_redirect: () => time(0),
      time_starttransfer: () => time(info.totalMs),
      time_total: () => time(info.totalMs),
      url: () => info.input,
      url_effective: () => url?.href ?? info.input,
      urlnum: () => String(info.urlnum),
    };
    for (let i = 0; i < format.length; ) {
      const ch = format[i]!;
      if (ch === "%" && i + 1 < format.length) {
        const n = format[i + 1]!;
        if (n === "%") {
          emit("%");
          i += 2;
          continue;
        }
        if (n === "{") {
          const end = format.indexOf("}", i);
          if (end < 0) {
            emit("%{");
            i += 2;
            continue;
          }
          const name = format.slice(i + 2, end);
          i = end + 1;
          if (name === "stderr") {
            flush();
            toStderr = true;
          } else if (name === "stdout") toStderr = false;
          else if (name === "onerror") {
            if (info.code === 0) break;
          } else if (vars[name]) emit(vars[name]());
          else this.stderr += `curl: unknown --write-out variable: '${name}'\n`;
          continue;
        }
        if (format.startsWith("header{", i + 1)) {
          const end = format.indexOf("}", i);
          const name = format.slice(i + 8, end < 0 ? undefined : end);
          if (r) emit(headerValue(r.headers, name.toLowerCase()) ?? "");
          i = end < 0 ? format.length : end + 1;
          continue;
        }
        emit(ch + n);
        i += 2;
        continue;
      }
      if (ch === "\\" && i + 1 < format.length) {
        const n = format[i + 1]!;
        emit(n === "n" ? "\n" : n === "r" ? "\r" : n === "t" ? "\t" : ch + n);
        i += 2;
        continue;
      }
      emit(ch);
      i++;
    }
    flush();
  }
}

/**
 * The progress meter (lib/progress.c). It appears once a connection stands: the two header
 * lines and a zero line, then one line when the response is in. curl rewrites the line with
 * "\r" every second; here a request prints its first and its last state only.
 */
class Meter {
  private headerOut = false;
  private readonly on: boolean;

  constructor(on: boolean) {
    this.on = on;
  }

  start(elapsedMs: number): string {
    if (!this.on) return "";
    let s = "";
    if (!this.headerOut) {
      s +=
        "  % Total    % Received % Xferd  Average Speed  Time    Time    Time   Current\n" +
        "                                 Dload  Upload  Total   Spent   Left   Speed\n";
      this.headerOut = true;
    }
    return s + line(0, 0, undefined, elapsedMs);
  }

  /** The zero line again (curl updates before it reports a failure). */
  again(): string {
    return this.on ? line(0, 0, undefined, 0) : "";
  }

  /** The final update and the newline curl_pgrsDone prints. */
  end(elapsedMs: number, received = 0, expected?: number): string {
    if (!this.on) return "";
    return `${line(received, elapsedMs, expected, elapsedMs)}\n`;
  }

  newline(): string {
    return this.on ? "\n" : "";
  }
}

/** One meter line: `progress_meter`'s format with max6out sizes and time2str times. */
function line(received: number, transferMs: number, expected: number | undefined, spentMs: number): string {
  const us = transferMs * 1000;
  const speed = received === 0 ? 0 : us < 1 ? received * 1_000_000 : Math.floor((received * 1_000_000) / us);
  const total = expected ?? received;
  const pct = (t: number, c: number) =>
    t > 10000 ? Math.floor(c / Math.floor(t / 100)) : t > 0 ? Math.floor((c * 100) / t) : 0;
  const dlKnown = expected !== undefined;
  const dlPct = dlKnown && speed > 0 ? pct(total, received) : 0;
  const estSecs = dlKnown && speed > 0 ? Math.floor(total / speed) : 0;
  const spentSecs = Math.floor(spentMs / 1000);
  // Current speed: curl keeps a record per second; under a second it has no rate yet.
  const current = transferMs >= 1000 ? speed : 0;
  return (
    `\r${String(pct(total, received)).padStart(3)} ${max6out(total)} ${String(dlPct).padStart(3)} ${max6out(received)}` +
    `   0      0 ${max6out(speed)}      0 ${time2str(estSecs)} ${time2str(spentSecs)} ${time2str(estSecs > 0 ? estSecs - spentSecs : 0)} ${max6out(current)}`
  );
}

/** lib/progress.c max6out: at most six columns, k/M/G… in powers of 1024. */
export function max6out(bytes: number): string {
  if (bytes < 100000) return String(bytes).padStart(6);
  const units = ["k", "M", "G", "T", "P", "E"];
  let k = 0;
  let n = Math.floor(bytes / 1024);
  let b = bytes;
  while (n >= 1000 && k < units.length - 1) {
    b = n;
    k++;
    n = Math.floor(b / 1024);
  }
  const rest = b % 1024;
  if (n <= 99) return `${String(n).padStart(2)}.${String(Math.floor((rest * 100) / 1024)).padStart(2, "0")}${units[k]}`;
  return `${String(n).padStart(3)}.${Math.floor((rest * 10) / 1024)}${units[k]}`;
}

/** lib/progress.c time2str: seven columns, blank for zero. */
export function time2str(seconds: number): string {
  if (seconds <= 0) return "       ";
  const h = Math.floor(seconds / 3600);
  if (h <= 99) {
    const m = Math.floor((seconds - h * 3600) / 60);
    if (h <= 9) {
      const s = seconds - h * 3600 - m * 60;
      if (h) return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
      return `  ${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
    }
    return `${h}h ${String(m).padStart(2, "0")}m`;
  }
  const d = Math.floor(seconds / 86400);
  const hd = Math.floor((seconds - d * 86400) / 3600);
  if (d <= 99) return `${String(d).padStart(2)}d ${String(hd).padStart(2, "0")}h`;
  return `${String(d).padStart(6)}d`;
}

/** src/tool_msgs.c voutf: the prefix on each line, text cut at blanks to fit 79 columns. */
function wrap(prefix: string, text: string): string {
  const width = 79 - prefix.length;
  let s = "";
  let rest = text;
  while (rest.length > 0) {
    if (rest.length > width) {
      let cut = width - 1;
      while (cut > 0 && rest[cut] !== " " && rest[cut] !== "\t") cut--;
      if (cut === 0) cut = width - 1;
      s += `${prefix}${rest.slice(0, cut + 1)}\n`;
      rest = rest.slice(cut + 1);
    } else {
      s += `${prefix}${rest}\n`;
      rest = "";
    }
  }
  return s;
}

function headerValue(headers: HeaderList, name: string): string | undefined {
  for (const [k, v] of headers) if (k.toLowerCase() === name) return v;
  return undefined;
}

function requestSize(req: HttpRequest): number {
  let n = byteLength(`${req.method} ${req.target} ${req.version}\r\n`);
  for (const [k, v] of req.headers) n += byteLength(`${k}: ${v}\r\n`);
  return n + 2;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
