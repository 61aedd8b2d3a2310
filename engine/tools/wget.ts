/**
 * busybox wget (networking/wget.c, libbb/xconnect.c): the applet in busybox, alpine and
 * the images built on them. Messages are busybox's: `Connecting to %s (%s)`, `saving to
 * '%s'`, `writing to stdout`, `'%s' saved`, `bad address '%s'`, `can't connect to remote
 * host (%s): %s`, `server returned error: %s`, `download timed out`, `remote file exists`.
 *
 * Simplified: the progress bar is printed as one finished line (what a non-interactive run
 * leaves behind); FTP, proxies, `-c` and cookies are not simulated.
 */
import type { HeaderList } from "../images/http.ts";
import type { Tool, ToolResult } from "./types.ts";
import type { ToolUrl } from "./url.ts";
import { parseUrl } from "./url.ts";

const redirectsMax = 20;

interface WgetOptions {
  quiet: boolean;
  output?: string;
  timeoutSeconds?: number;
  spider: boolean;
  serverResponse: boolean;
  userAgent: string;
  headers: [string, string][];
  url?: string;
}

function usage(): ToolResult {
  return {
    stdout: "",
    stderr:
      "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n",
    exitCode: 1,
  };
}

function parse(argv: readonly string[]): WgetOptions | ToolResult {
  const o: WgetOptions = { quiet: false, spider: false, serverResponse: false, userAgent: "Wget", headers: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i];
    if (a === "--spider") o.spider = true;
    else if (a === "-O" || a === "--output-document") o.output = value();
    else if (a.startsWith("-O") && a.length > 2) o.output = a.slice(2);
    else if (a === "-T" || a === "--timeout") o.timeoutSeconds = Number(value());
    else if (a === "-U" || a === "--user-agent") o.userAgent = value() ?? "";
    else if (a === "--header") {
      const h = value() ?? "";
      const colon = h.indexOf(":");
      if (colon > 0) o.headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
    } else if (a === "-Y") value();
    else if (/^-[a-zA-Z]/.test(a)) {
      // getopt: flags combine (-qS), a value may be attached (-qO-, -T5) or follow.
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        if (ch === "q") o.quiet = true;
        else if (ch === "S") o.serverResponse = true;
        else if (ch === "c") continue;
        else if ("OTUYPo".includes(ch)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : value();
          if (ch === "O") o.output = v;
          else if (ch === "T") o.timeoutSeconds = Number(v);
          else if (ch === "U") o.userAgent = v ?? "";
          break;
        } else
          return {
            stdout: "",
            stderr: `wget: invalid option -- '${ch}'\n${usage().stderr}`,
            exitCode: 1,
          };
      }
    } else if (a.startsWith("-") && a !== "-") {
      return { stdout: "", stderr: `wget: unrecognized option '${a}'\n${usage().stderr}`, exitCode: 1 };
    } else o.url = a;
  }
  return o;
}

export const wget: Tool = (argv, io) => {
  const parsed = parse(argv);
  if ("exitCode" in parsed) return parsed;
  const o = parsed;
  if (!o.url) return usage();
  let stderr = "";
  const fail = (message: string): ToolResult => ({ stdout: "", stderr: `${stderr}wget: ${message}\n`, exitCode: 1 });
  const first = parseUrl(o.url);
  if (!first) return fail(`bad address '${o.url}'`);
  let url: ToolUrl = first;
  const timeoutMs = o.timeoutSeconds && o.timeoutSeconds > 0 ? o.timeoutSeconds * 1000 : undefined;
  for (let hop = 0; hop <= redirectsMax; hop++) {
    const resolved = io.net.resolve(url.host);
    if (!resolved.ok) return fail(`bad address '${url.host}'`);
    const ip = resolved.addresses[0]!;
    if (!o.quiet) stderr += `Connecting to ${url.hostHeader} (${ip}:${url.port})\n`;
    const headers: HeaderList = [
      ["Host", url.hostHeader],
      ["User-Agent", o.userAgent],
      ...o.headers,
      ["Connection", "close"],
    ];
    const attempt = io.net.request(
      ip,
      url.port,
      { method: o.spider ? "HEAD" : "GET", target: url.target, version: "HTTP/1.1", headers, body: "" },
      timeoutMs !== undefined ? { timeoutMs } : {},
    );
    if (!attempt.ok) {
      const outcome = attempt.connect.outcome;
      if (outcome === "timeout")
        return fail(
          timeoutMs !== undefined ? "download timed out" : `can't connect to remote host (${ip}): Connection timed out`,
        );
      if (outcome === "refused") return fail(`can't connect to remote host (${ip}): Connection refused`);
      if (outcome === "unreachable") return fail(`can't connect to remote host (${ip}): Host is unreachable`);
      return fail("error getting response: Connection reset by peer");
    }
    const r = attempt.response;
    const statusLine = `${r.version} ${r.status} ${r.reason}`;
    if (o.serverResponse) {
      stderr += `  ${statusLine}\n`;
      for (const [k, v] of r.headers) stderr += `  ${k}: ${v}\n`;
    }
    if (r.status >= 300 && r.status < 400) {
      const location = r.headers.find(([k]) => k.toLowerCase() === "location")?.[1];
      const next = location
        ? parseUrl(location.startsWith("/") ? `${url.scheme}://${url.hostHeader}${location}` : location)
        : undefined;
      if (!next) return fail(`server returned error: ${statusLine}`);
      url = next;
      continue;
    }
    if (r.status >= 400) return fail(`server returned error: ${statusLine}`);
    if (o.spider) return { stdout: "", stderr: `${stderr}${o.quiet ? "" : "remote file exists\n"}`, exitCode: 0 };
    const toStdout = o.output === "-";
    const file = o.output ?? (url.target.split("?")[0]!.split("/").pop() || "index.html");
    if (toStdout) {
      if (!o.quiet) stderr += "writing to stdout\n";
      if (!o.quiet) stderr += progressLine("-", r.body.length);
      return { stdout: r.body, stderr, exitCode: 0 };
    }
    if (o.output === undefined && io.net.readFile(file) !== undefined) return fail(`can't open '${file}': File exists`);
    if (!o.quiet) stderr += `saving to '${file}'\n`;
    const written = io.net.writeFile(file, r.body);
    if (!written.ok) return fail(`can't open '${file}': ${written.message}`);
    if (!o.quiet) stderr += `${progressLine(file, r.body.length)}'${file}' saved\n`;
    return { stdout: "", stderr, exitCode: 0 };
  }
  return fail("too many redirections");
};

/** The finished progress bar busybox leaves: name in 20 columns, percentage, bar, size, time. */
function progressLine(name: string, size: number): string {
  return `${name.padEnd(20).slice(0, 20)} 100% |${"*".repeat(31)}| ${String(size).padStart(5)}  0:00:00 ETA\n`;
}
