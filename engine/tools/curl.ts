/**
 * curl 8.11.1 (what curlimages/curl:latest and the Debian images ship), with the options
 * lessons use: -s -S -v -i -I -o -L --max-redirs -m --connect-timeout -H -X -d -w -f.
 * Error texts follow curl's lib/strerror.c and lib/cf-socket.c / lib/connect.c
 * (`Failed to connect to %s port %u after %ld ms: %s`); exit codes are curl's CURLE_*.
 *
 * Simplified: TLS is not simulated (https:// is spoken like http:// on port 443, and -v
 * prints no handshake); the progress meter is printed as curl leaves it when stdout is not
 * a terminal, one finished line with speeds computed from virtual time.
 */
import type { HeaderList, HttpResponse } from "../images/http.ts";
import type { Tool, ToolResult } from "./types.ts";
import type { ToolUrl } from "./url.ts";
import { parseUrlOrProblem } from "./url.ts";

export const curlVersion = "8.11.1";
const hint = "curl: try 'curl --help' or 'curl --manual' for more information\n";

interface CurlOptions {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  include: boolean;
  head: boolean;
  output?: string;
  follow: boolean;
  maxRedirs: number;
  maxTimeMs?: number;
  connectTimeoutMs?: number;
  headers: [string, string][];
  method?: string;
  data?: string;
  writeOut?: string;
  fail: boolean;
  urls: string[];
}

/** Options that take a value, long and short. */
const valued = new Set([
  "-o",
  "--output",
  "-m",
  "--max-time",
  "--connect-timeout",
  "-H",
  "--header",
  "-X",
  "--request",
  "-d",
  "--data",
  "--data-raw",
  "--data-binary",
  "-w",
  "--write-out",
  "--max-redirs",
  "-A",
  "--user-agent",
  "-u",
  "--user",
  "--retry",
  "-e",
  "--referer",
  "--resolve",
  "-x",
  "--proxy",
]);
const flags: Readonly<Record<string, keyof CurlOptions | "ignore">> = {
  "-s": "silent",
  "--silent": "silent",
  "-S": "showError",
  "--show-error": "showError",
  "-v": "verbose",
  "--verbose": "verbose",
  "-i": "include",
  "--include": "include",
  "-I": "head",
  "--head": "head",
  "-L": "follow",
  "--location": "follow",
  "-f": "fail",
  "--fail": "fail",
  "-k": "ignore",
  "--insecure": "ignore",
  "-4": "ignore",
  "--ipv4": "ignore",
  "-q": "ignore",
  "-N": "ignore",
  "--no-buffer": "ignore",
  "-#": "ignore",
};

function parse(argv: readonly string[]): CurlOptions | ToolResult {
  const o: CurlOptions = {
    silent: false,
    showError: false,
    verbose: false,
    include: false,
    head: false,
    follow: false,
    maxRedirs: 50,
    headers: [],
    fail: false,
    urls: [],
  };
  const apply = (name: string, value: string | undefined): ToolResult | undefined => {
    const v = value ?? "";
    switch (name) {
      case "-o":
      case "--output":
        o.output = v;
        return;
      case "-m":
      case "--max-time":
      case "--connect-timeout": {
        const seconds = Number(v);
        if (!Number.isFinite(seconds) || seconds < 0)
          return {
            stdout: "",
            stderr: `curl: option ${name}: expected a proper numerical parameter\n${hint}`,
            exitCode: 2,
          };
        if (name === "--connect-timeout") o.connectTimeoutMs = Math.round(seconds * 1000);
        else o.maxTimeMs = Math.round(seconds * 1000);
        return;
      }
      case "-H":
      case "--header": {
        const colon = v.indexOf(":");
        if (colon > 0) o.headers.push([v.slice(0, colon).trim(), v.slice(colon + 1).trim()]);
        return;
      }
      case "-A":
      case "--user-agent":
        o.headers.push(["User-Agent", v]);
        return;
      case "-X":
      case "--request":
        o.method = v;
        return;
      case "-d":
      case "--data":
      case "--data-raw":
      case "--data-binary":
        o.data = o.data === undefined ? v : `${o.data}&${v}`;
        return;
      case "-w":
      case "--write-out":
        o.writeOut = v;
        return;
      case "--max-redirs":
        o.maxRedirs = Number(v);
        return;
      default:
        return;
    }
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      o.urls.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (valued.has(name)) {
        const r = apply(name, eq > 0 ? a.slice(eq + 1) : argv[++i]);
        if (r) return r;
      } else if (flags[name]) {
        const f = flags[name];
        if (f !== "ignore") (o as unknown as Record<string, boolean>)[f] = true;
      } else return { stdout: "", stderr: `curl: option ${name}: is unknown\n${hint}`, exitCode: 2 };
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      // Combined short options: -sS, -sSL, -sv, -o FILE, -oFILE.
      for (let j = 1; j < a.length; j++) {
        const name = `-${a[j]}`;
        if (valued.has(name)) {
          const rest = a.slice(j + 1);
          const r = apply(name, rest.length > 0 ? rest : argv[++i]);
          if (r) return r;
          break;
        }
        const f = flags[name];
        if (!f) return { stdout: "", stderr: `curl: option ${a}: is unknown\n${hint}`, exitCode: 2 };
        if (f !== "ignore") (o as unknown as Record<string, boolean>)[f] = true;
      }
      continue;
    }
    o.urls.push(a);
  }
  return o;
}

export const curl: Tool = (argv, io) => {
  const parsed = parse(argv);
  if ("exitCode" in parsed) return parsed;
  const o = parsed;
  if (o.urls.length === 0) return { stdout: "", stderr: `curl: no URL specified\n${hint}`, exitCode: 2 };
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  for (const text of o.urls) {
    const r = fetchOne(text, o, io);
    stdout += r.stdout;
    stderr += r.stderr;
    exitCode = r.exitCode || exitCode;
  }
  return { stdout, stderr, exitCode };
};

function fetchOne(text: string, o: CurlOptions, io: Parameters<Tool>[1]): ToolResult {
  let stderr = "";
  const verbose = (line: string) => {
    if (o.verbose) stderr += `${line}\n`;
  };
  const error = (code: number, message: string): ToolResult => ({
    stdout: "",
    stderr: `${stderr}${!o.silent || o.showError ? `curl: (${code}) ${message}\n` : ""}`,
    exitCode: code,
  });
  const startMs = io.net.elapsedMs;
  let url: ToolUrl;
  {
    const u = parseUrlOrProblem(text);
    if ("problem" in u)
      return u.problem === "scheme"
        ? error(1, `Protocol "${u.scheme}" not supported`)
        : error(3, `URL rejected: Malformed input to a URL function`);
    url = u;
  }
  for (let redirects = 0; ; redirects++) {
    const resolved = io.net.resolve(url.host);
    if (!resolved.ok) return error(6, `Could not resolve host: ${url.host}`);
    const ip = resolved.addresses[0]!;
    verbose(`* Host ${url.host}:${url.port} was resolved.`);
    verbose("* IPv6: (none)");
    verbose(`* IPv4: ${resolved.addresses.join(", ")}`);
    verbose(`*   Trying ${ip}:${url.port}...`);
    const method = o.method ?? (o.head ? "HEAD" : o.data !== undefined ? "POST" : "GET");
    const headers = requestHeaders(url, o);
    const timeoutMs = minDefined(o.connectTimeoutMs, o.maxTimeMs);
    const attempt = io.net.request(
      ip,
      url.port,
      { method, target: url.target, version: "HTTP/1.1", headers, body: o.data ?? "" },
      timeoutMs !== undefined ? { timeoutMs } : {},
    );
    const after = io.net.elapsedMs - startMs;
    if (!attempt.ok) {
      const outcome = attempt.connect.outcome;
      if (outcome === "connected") {
        verbose(`* Connected to ${url.host} (${ip}) port ${url.port}`);
        return error(52, "Empty reply from server");
      }
      if (outcome === "timeout")
        return error(
          28,
          timeoutMs !== undefined
            ? `Failed to connect to ${url.host} port ${url.port} after ${after} ms: Timeout was reached`
            : `Failed to connect to ${url.host} port ${url.port} after ${after} ms: Couldn't connect to server`,
        );
      verbose(
        `* connect to ${ip} port ${url.port} from ${io.net.localIP} port ${attempt.connect.localPort} failed: ${outcome === "refused" ? "Connection refused" : "No route to host"}`,
      );
      verbose(`* Failed to connect to ${url.host} port ${url.port} after ${after} ms: Couldn't connect to server`);
      verbose("* closing connection #0");
      return error(
        7,
        `Failed to connect to ${url.host} port ${url.port} after ${after} ms: Couldn't connect to server`,
      );
    }
    verbose(`* Connected to ${url.host} (${ip}) port ${url.port}`);
    verbose("* using HTTP/1.x");
    if (o.verbose) {
      stderr += `> ${method} ${url.target} HTTP/1.1\n`;
      for (const [k, v] of headers) stderr += `> ${k}: ${v}\n`;
      stderr += "> \n";
      if (o.data !== undefined) stderr += `* upload completely sent off: ${o.data.length} bytes\n`;
      else stderr += "* Request completely sent off\n";
    }
    const r = attempt.response;
    if (o.verbose) {
      stderr += `< ${r.version} ${r.status} ${r.reason}\n`;
      for (const [k, v] of r.headers) stderr += `< ${k}: ${v}\n`;
      stderr += "< \n";
    }
    const location = r.headers.find(([k]) => k.toLowerCase() === "location")?.[1];
    if (o.follow && location && r.status >= 300 && r.status < 400) {
      if (redirects >= o.maxRedirs) return error(47, `Maximum (${o.maxRedirs}) redirects followed`);
      verbose(`* Connection #0 to host ${url.host} left intact`);
      const next = parseUrlOrProblem(
        location.startsWith("/") ? `${url.scheme}://${url.hostHeader}${location}` : location,
      );
      if ("problem" in next) return error(1, `Protocol "${"scheme" in next ? next.scheme : ""}" not supported`);
      verbose(`* Issue another request to this URL: '${next.text}'`);
      url = next;
      continue;
    }
    if (o.fail && r.status >= 400) {
      verbose(`* The requested URL returned error: ${r.status}`);
      verbose("* closing connection #0");
      return error(22, `The requested URL returned error: ${r.status}`);
    }
    let out = "";
    if (o.include || o.head) out += headerBlock(r);
    if (!o.head) out += r.body;
    verbose(`* Connection #0 to host ${url.host} left intact`);
    if (!o.silent && !o.verbose) stderr = progressMeter(r.body.length, after) + stderr;
    let stdout = out;
    if (o.output !== undefined && o.output !== "-") {
      if (o.output !== "/dev/null") {
        const w = io.net.writeFile(o.output, out);
        if (!w.ok) return error(23, `Failure writing output to destination, passed ${out.length} returned 0`);
      }
      stdout = "";
    }
    if (o.writeOut !== undefined) stdout += writeOut(o.writeOut, r, ip, url, after);
    return { stdout, stderr, exitCode: 0 };
  }
}

function requestHeaders(url: ToolUrl, o: CurlOptions): HeaderList {
  const base: [string, string][] = [
    ["Host", url.hostHeader],
    ["User-Agent", `curl/${curlVersion}`],
    ["Accept", "*/*"],
  ];
  if (o.data !== undefined) {
    base.push(["Content-Length", String(o.data.length)]);
    base.push(["Content-Type", "application/x-www-form-urlencoded"]);
  }
  // A -H header replaces curl's own of the same name; an empty value removes it.
  for (const [k, v] of o.headers) {
    const i = base.findIndex(([name]) => name.toLowerCase() === k.toLowerCase());
    if (i >= 0) {
      if (v === "") base.splice(i, 1);
      else base[i] = [k, v];
    } else if (v !== "") base.push([k, v]);
  }
  return base;
}

function headerBlock(r: HttpResponse): string {
  let s = `${r.version} ${r.status} ${r.reason}\r\n`;
  for (const [k, v] of r.headers) s += `${k}: ${v}\r\n`;
  return `${s}\r\n`;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** `-w`: the variables lessons use, and the \n \t escapes. */
function writeOut(format: string, r: HttpResponse, ip: string, url: ToolUrl, elapsedMs: number): string {
  const vars: Readonly<Record<string, string>> = {
    http_code: String(r.status).padStart(3, "0"),
    response_code: String(r.status),
    remote_ip: ip,
    remote_port: String(url.port),
    size_download: String(r.body.length),
    time_total: (elapsedMs / 1000).toFixed(6),
    url_effective: url.text,
    content_type: r.headers.find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "",
  };
  return format
    .replace(/%\{([a-z_]+)\}/g, (m, name: string) => vars[name] ?? m)
    .replace(/\\n/g, "\n")
    .replace(/\\t/g, "\t")
    .replace(/\\r/g, "\r");
}

/** curl's meter as a non-terminal run leaves it: the two header lines and the final line. */
function progressMeter(bytes: number, elapsedMs: number): string {
  const speed = elapsedMs > 0 ? Math.round((bytes * 1000) / elapsedMs) : bytes;
  const size = meterSize(bytes);
  const rate = meterSize(speed);
  return (
    "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
    "                                 Dload  Upload   Total   Spent    Left  Speed\n" +
    `100 ${size.padStart(5)}  100 ${size.padStart(5)}    0     0 ${rate.padStart(6)}      0 --:--:-- --:--:-- --:--:-- ${rate.padStart(6)}\n`
  );
}

/** lib/progress.c max5data: at most five characters, k/M suffixes in powers of 1024. */
function meterSize(n: number): string {
  if (n < 100_000) return String(n);
  if (n < 10_000 * 1024) return `${Math.floor(n / 1024)}k`;
  if (n < 100 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)}M`;
  return `${Math.floor(n / 1024 / 1024)}M`;
}
