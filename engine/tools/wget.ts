/**
 * busybox wget (networking/wget.c, libbb/xconnect.c, libbb/progress.c), as busybox:latest
 * (the glibc build, 1.37) ships it; busybox 1.28–1.37 print the same texts. Checked against
 * busybox built from source and run against a test server:
 *
 *   Connecting to web (10.96.12.34:80)
 *   saving to 'index.html'
 *   index.html           100% |********************************|   615  0:00:00 ETA
 *   'index.html' saved
 *
 * Errors: `bad address '%s'`, `can't connect to remote host (%s): %s`, `download timed out`
 * (-T, default 900 s, counts for the connect and for each read), `server returned error:
 * %s`, `error getting response`, `too many redirections`, `can't open '%s': File exists`
 * (without -O busybox opens with O_EXCL), `not an http or ftp url: %s`.
 *
 * Simplified (README): the progress bar is the finished bar only (the 80-column layout a
 * pipe gets; a terminal gets a leading "\r"); FTP, proxies (-Y is accepted), -c and -o
 * LOGFILE are not simulated; https is plain HTTP to port 443.
 */
import type { HttpRequest, HttpResponse } from "../images/http.ts";
import {
  base64,
  busyboxBanner,
  busyboxNumber,
  byteLength,
  connectLimit,
  errnoText,
  getopt,
  isIPv4,
  isTty,
  type OptionSpec,
} from "./support.ts";
import type { Tool, ToolResult } from "./types.ts";
import type { BusyboxUrl } from "./url.ts";
import { parseBusyboxUrl, splitHostPort } from "./url.ts";

/** wget_main: `redir_limit = 16`, decremented before each redirect. */
const redirLimit = 16;

const usageText = `${busyboxBanner}

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
	[--post-data STR | --post-file FILE] [-Y on/off]
	[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

	--spider	Only check URL existence: $? is 0 if exists
	--header STR	Add STR (of form 'header: value') to headers
	--post-data STR	Send STR using POST method
	--post-file FILE	Send FILE using POST method
	--no-check-certificate	Don't validate the server's certificate
	-c		Continue retrieval of aborted transfer
	-q		Quiet
	-P DIR		Save to DIR (default .)
	-S    		Show server response
	-T SEC		Network read timeout is SEC seconds
	-O FILE		Save to FILE ('-' for stdout)
	-o LOGFILE	Log messages to FILE
	-U STR		Use STR for User-Agent header
	-Y on/off	Use proxy
`;

/** wget_longopts plus the short string "cqSO:o:P:Y:U:T:+t:n::" (getopt32). */
const specs: readonly OptionSpec[] = [
  { short: "c", long: "continue" },
  { short: "q", long: "quiet" },
  { short: "S", long: "server-response" },
  { short: "O", long: "output-document", value: true },
  { short: "o", long: "output-file", value: true },
  { short: "P", long: "directory-prefix", value: true },
  { short: "Y", long: "proxy", value: true },
  { short: "U", long: "user-agent", value: true },
  { short: "T", long: "timeout", value: true },
  { short: "t", long: "tries", value: true },
  { short: "n", value: true },
  { long: "header", value: true },
  { long: "post-data", value: true },
  { long: "spider" },
  { long: "no-check-certificate" },
  { long: "post-file", value: true },
  { long: "passive-ftp" },
  { long: "no-cache" },
  { long: "no-verbose" },
  { long: "no-clobber" },
  { long: "no-host-directories" },
  { long: "no-parent" },
];

function usage(prefix = ""): ToolResult {
  return { stdout: "", stderr: prefix + usageText, exitCode: 1 };
}

export const wget: Tool = (argv, io) => {
  // getopt32's "n::" takes an optional attached argument only (-nv, -nc); rewrite "-nX" so
  // the generic parser does not eat the next word.
  const args = argv.slice(1).map((a) => (/^-n[a-zA-Z]+$/.test(a) ? `-n${a.slice(2)}` : a));
  const parsed = getopt("wget", args, specs);
  if (!parsed.ok) return usage(`${parsed.message}\n`);
  const opts = parsed.options;
  let quiet = false;
  let serverResponse = false;
  let spider = false;
  let output: string | undefined;
  let timeoutSeconds = 900;
  let userAgent = "Wget";
  let dirPrefix: string | undefined;
  let postData: string | undefined;
  let postFile: string | undefined;
  const extraHeaders: string[] = [];
  for (const [k, v] of opts) {
    if (k === "quiet") quiet = true;
    else if (k === "server-response") serverResponse = true;
    else if (k === "spider") spider = true;
    else if (k === "output-document") output = v as string;
    else if (k === "user-agent") userAgent = v as string;
    else if (k === "directory-prefix") dirPrefix = v as string;
    else if (k === "header") extraHeaders.push(v as string);
    else if (k === "post-data") postData = v as string;
    else if (k === "post-file") postFile = v as string;
    else if (k === "timeout") {
      const n = busyboxNumber(v as string);
      if (n === undefined) return { stdout: "", stderr: `wget: invalid number '${v}'\n`, exitCode: 1 };
      timeoutSeconds = n;
    }
  }
  // "-1": at least one URL, else usage.
  if (parsed.operands.length === 0) return usage();
  if (postFile !== undefined) {
    const content = io.net.readFile(postFile);
    if (content === undefined)
      return { stdout: "", stderr: `wget: can't open '${postFile}': No such file or directory\n`, exitCode: 1 };
    postData = content;
  }
  let stdout = "";
  let stderr = "";
  const die = (message: string): ToolResult => ({ stdout, stderr: `${stderr}wget: ${message}\n`, exitCode: 1 });
  const net = io.net;
  const tty = isTty(io);
  // -T arms alarm() around the connect (0: none); past the kernel's own give-up it never
  // fires. The shell's budget may cut a wait short, as Ctrl-C would (exit 130).
  const start = net.elapsedMs;
  const limit = () =>
    connectLimit(timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined, io.budgetMs - (net.elapsedMs - start));
  const interrupted = (): ToolResult => ({ stdout, stderr, exitCode: 130, interrupted: true });
  // wget_user_headers: a --header starting "Host:", "User-Agent:", "Content-Type:" or
  // "Authorization:" (any case) replaces wget's own.
  const userHeader = (name: string) => extraHeaders.some((h) => h.toLowerCase().startsWith(name));
  // With -O FILE every URL goes to the same file (opened once, truncated); -O - is stdout.
  let outputOpened = false;
  let fileContent = "";

  for (const urlText of parsed.operands) {
    const first = parseBusyboxUrl(urlText);
    if ("error" in first) return die(first.error);
    let target: BusyboxUrl = first;
    let fname = output;
    if (fname === undefined) {
      const slash = target.path.lastIndexOf("/");
      let last = slash < 0 ? target.path : target.path.slice(slash + 1);
      if (last === "" || last.startsWith("/")) last = "index.html";
      fname = dirPrefix !== undefined ? `${dirPrefix.replace(/\/$/, "")}/${last}` : last;
    }
    const curfile = fname === "-" ? "-" : fname.slice(fname.lastIndexOf("/") + 1);
    let redirLeft = redirLimit;
    let server = target;
    let sameServer = false;
    let ip = "";
    let port = 80;
    for (;;) {
      if (!sameServer) {
        // resolve_lsa: host:port; a numeric IPv4 skips getaddrinfo.
        const hp = splitHostPort(server.hostport, server.scheme === "https" ? 443 : server.scheme === "ftp" ? 21 : 80);
        if ("error" in hp) return die(hp.error);
        port = hp.port;
        if (isIPv4(hp.host)) ip = hp.host;
        else {
          const resolved = net.resolve(hp.host);
          if (!resolved.ok) return die(`bad address '${server.hostport}'`);
          ip = resolved.addresses[0]!;
        }
        if (!quiet) stderr += `Connecting to ${server.hostport} (${ip}:${port})\n`;
      }
      sameServer = false;
      if (server.scheme === "ftp") {
        // FTP is not simulated past the connect: a server that does not greet closes on us.
        const lim = limit();
        const c = net.connect(ip, port, "TCP", lim);
        if (c.outcome === "connected") return die("error getting response");
        if (c.outcome === "timeout" && lim.byBudget) return interrupted();
        if (c.outcome === "timeout")
          return lim.timeoutMs !== undefined
            ? die("download timed out")
            : die(`can't connect to remote host (${ip}): ${errnoText.timeout}`);
        return die(
          `can't connect to remote host (${ip}): ${c.outcome === "refused" ? errnoText.refused : errnoText.unreachable}`,
        );
      }
      // establish_session: one connection per request ("Connection: close").
      const exchange = (): HttpResponse | ToolResult => {
        const headers: [string, string][] = [];
        if (!userHeader("host:")) headers.push(["Host", target.hostport]);
        if (!userHeader("user-agent:")) headers.push(["User-Agent", userAgent]);
        headers.push(["Connection", "close"]);
        if (target.user !== undefined && !userHeader("authorization:"))
          headers.push(["Authorization", `Basic ${base64(target.user)}`]);
        for (const h of extraHeaders) {
          const colon = h.indexOf(":");
          headers.push(colon >= 0 ? [h.slice(0, colon), h.slice(colon + 1).trimStart()] : [h, ""]);
        }
        if (postData !== undefined) {
          if (!userHeader("content-type:")) headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
          headers.push(["Content-Length", String(byteLength(postData))]);
        }
        const request: HttpRequest = {
          method: postData !== undefined ? "POST" : "GET",
          target: `/${target.path}`,
          version: "HTTP/1.1",
          headers,
          body: postData ?? "",
        };
        const lim = limit();
        const attempt = net.request(ip, port, request, lim);
        const outcome = attempt.connect.outcome;
        if (outcome === "timeout" && lim.byBudget) return interrupted();
        if (outcome === "timeout")
          return lim.timeoutMs !== undefined
            ? die("download timed out")
            : die(`can't connect to remote host (${ip}): ${errnoText.timeout}`);
        if (outcome === "refused") return die(`can't connect to remote host (${ip}): ${errnoText.refused}`);
        if (outcome === "unreachable") return die(`can't connect to remote host (${ip}): ${errnoText.unreachable}`);
        if (!attempt.ok) {
          // fgets_trim_sanitize: EOF with errno 0 prints the bare message.
          const reset = (attempt as { readonly failure?: string }).failure === "reset";
          return die(reset ? `error getting response: ${errnoText.reset}` : "error getting response");
        }
        return attempt.response;
      };
      const r = exchange();
      if ("exitCode" in r) return r;
      // Control characters end a line (sanitize_string); the reason phrase is kept.
      const statusLine = sanitize(`${r.version} ${r.status} ${r.reason}`);
      if (serverResponse) stderr += `  ${statusLine}\n`;
      const status = r.status;
      const ok = [200, 201, 202, 203, 204].includes(status);
      const redirect = [300, 301, 302, 303, 307, 308].includes(status);
      if (!ok && !redirect) return die(`server returned error: ${statusLine}`);
      let location: string | undefined;
      for (const [k, v] of r.headers) {
        const line = sanitize(`${k}: ${v}`);
        if (serverResponse) stderr += `  ${line}\n`;
        const name = k.toLowerCase();
        const value = sanitize(v).replace(/[ \t]+$/, "");
        if (name === "content-length" && !/^\d+$/.test(value)) return die(`content-length ${value} is garbage`);
        if (name === "transfer-encoding" && value.toLowerCase() !== "chunked")
          return die(`transfer encoding '${value}' is not supported`);
        if (name === "location" && status >= 300) {
          location = value;
          break;
        }
      }
      if (location !== undefined) {
        if (--redirLeft === 0) return die("too many redirections");
        if (location.startsWith("/")) {
          // Same server and address: wget.c `goto establish_session`, no "Connecting to" line.
          target = { ...target, path: location.slice(1) };
          sameServer = true;
          continue;
        }
        // parse_url keeps the credentials of the first URL when the new one has none.
        const next = parseBusyboxUrl(location);
        if ("error" in next) return die(next.error);
        target = next.user === undefined && target.user !== undefined ? { ...next, user: target.user } : next;
        server = target;
        continue;
      }
      if (serverResponse) stderr += "  \n";
      if (spider) {
        if (!quiet) stderr += "remote file exists\n";
        break;
      }
      // Open the output: -O - is stdout, -O FILE truncates, the URL's name must not exist.
      if (fname !== "-" && !outputOpened) {
        if (output === undefined && net.readFile(fname) !== undefined) return die(`can't open '${fname}': File exists`);
        const w = net.writeFile(fname, "");
        if (!w.ok) return die(`can't open '${fname}': ${w.message}`);
        if (output !== undefined) outputOpened = true;
      }
      if (!quiet) stderr += fname === "-" ? "writing to stdout\n" : `saving to '${fname}'\n`;
      const bytes = byteLength(r.body);
      if (fname === "-") stdout += r.body;
      else {
        fileContent = output !== undefined ? fileContent + r.body : r.body;
        const w = net.writeFile(fname, fileContent);
        if (!w.ok) return die(`write error: ${w.message}`);
      }
      if (!quiet) {
        stderr += progressLine(curfile, bytes, tty);
        stderr += fname === "-" ? "written to stdout\n" : `'${fname}' saved\n`;
      }
      break;
    }
  }
  return { stdout, stderr, exitCode: 0 };
};

/** sanitize_string: the text up to the first control character other than tab; tabs become spaces. */
function sanitize(s: string): string {
  let out = "";
  for (const ch of s) {
    if (ch < " ") {
      if (ch !== "\t") break;
      out += " ";
    } else out += ch;
  }
  return out;
}

/**
 * libbb/progress.c bb_progress_update for the last call of a finished transfer: the file
 * name in 20 columns, the percentage, a 32-star bar (80 columns − 48), the size in five
 * columns (smart_ulltoa5) and the ETA, which is 0 once everything has arrived. Without a
 * terminal each update is its own line; on a terminal it starts with "\r" and
 * progress_meter adds the newline at the end.
 */
export function progressLine(curfile: string, bytes: number, tty: boolean): string {
  const name = curfile.length > 20 ? curfile.slice(0, 20) : curfile.padEnd(20);
  let s = `${tty ? "\r" : ""}${name} `;
  if (bytes > 0) s += `100% |${"*".repeat(32)}| `;
  s += smartUlltoa5(bytes);
  s += bytes > 0 ? "  0:00:00 ETA" : " --:--:-- ETA";
  return `${s}\n`;
}

/** libbb/human_readable.c smart_ulltoa5 with scale " kMGTPEZY": "  615", "92.1M", " 123M". */
export function smartUlltoa5(value: number): string {
  const scale = " kMGTPEZY";
  let ul = value;
  let idx = 0;
  if (ul > 99999) {
    ul *= 10;
    do {
      ul = Math.floor(ul / 1024);
      idx++;
    } while (ul >= 100000);
  }
  let u = Math.floor(ul / 10);
  let v = ul % 10;
  const digits = "0123456789";
  let fmt = " 123456789";
  const pick = (table: string, i: number) => {
    const c = table[i]!;
    if (c !== " ") fmt = digits;
    return c;
  };
  if (idx === 0) {
    const c0 = pick(" 123456789", Math.floor(u / 1000));
    const c1 = pick(fmt, Math.floor(u / 100) % 10);
    const c2 = pick(fmt, Math.floor(u / 10) % 10);
    const c3 = fmt[u % 10]!;
    return c0 + c1 + c2 + c3 + digits[v]!;
  }
  if (u >= 100) {
    const c0 = pick(" 123456789", Math.floor(u / 1000));
    const c1 = pick(fmt, Math.floor(u / 100) % 10);
    v = u % 10;
    u = Math.floor(u / 10);
    const c2 = fmt[u % 10]!;
    return c0 + c1 + c2 + digits[v]! + scale[idx]!;
  }
  const c0 = pick(" 123456789", Math.floor(u / 10));
  const c1 = fmt[u % 10]!;
  return `${c0}${c1}.${digits[v]!}${scale[idx]!}`;
}
