/**
 * What several simulated servers share: reading a request (headers, target, query), the
 * time formats their logs and headers use, and how Go's net/http writes a response —
 * most of the images here are Go programs, and curl -v shows their header order.
 */
import { formatHttpDate } from "../../core/clock.ts";
import type { HeaderList, HttpRequest, HttpResponse, ServerContext } from "../http.ts";

const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

interface UtcParts {
  readonly year: string;
  readonly month: string;
  readonly monthName: string;
  readonly day: string;
  readonly weekday: string;
  readonly hh: string;
  readonly mm: string;
  readonly ss: string;
  /** Microseconds within the second, six digits (virtual time has milliseconds: the rest are zeros). */
  readonly micros: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function utc(ms: number): UtcParts {
  const d = new Date(Math.floor(ms));
  const msPart = ((Math.floor(ms) % 1000) + 1000) % 1000;
  return {
    year: String(d.getUTCFullYear()),
    month: pad(d.getUTCMonth() + 1),
    monthName: months[d.getUTCMonth()]!,
    day: pad(d.getUTCDate()),
    weekday: weekdays[d.getUTCDay()]!,
    hh: pad(d.getUTCHours()),
    mm: pad(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
    micros: pad(msPart * 1000, 6),
  };
}

/** RFC 9110 IMF-fixdate, the `Date` and `Last-Modified` headers: `Mon, 01 Sep 2025 09:00:05 GMT`. */
export const imfDate: (ms: number) => string = formatHttpDate;

/** nginx's error log and Go's `log` package: `2025/09/01 09:00:05`. */
export function slashTime(ms: number): string {
  const t = utc(ms);
  return `${t.year}/${t.month}/${t.day} ${t.hh}:${t.mm}:${t.ss}`;
}

/** Common/combined access log `$time_local` in a UTC container: `01/Sep/2025:09:00:05 +0000`. */
export function accessLogTime(ms: number): string {
  const t = utc(ms);
  return `${t.day}/${t.monthName}/${t.year}:${t.hh}:${t.mm}:${t.ss} +0000`;
}

/** Apache's error log: `Mon Sep 01 09:00:05.123000 2025`. */
export function apacheErrorTime(ms: number): string {
  const t = utc(ms);
  return `${t.weekday} ${t.monthName} ${t.day} ${t.hh}:${t.mm}:${t.ss}.${t.micros} ${t.year}`;
}

/**
 * A klog line as agnhost's standard-library log bridge prints it (component-base logs,
 * `log.go:245` in agnhost 2.53): `I0917 13:22:36.569412       1 log.go:245] Started …`.
 * The thread id column is PID 1 right-aligned in seven characters.
 */
export function klogLine(ms: number, message: string): string {
  const t = utc(ms);
  return `I${t.month}${t.day} ${t.hh}:${t.mm}:${t.ss}.${t.micros}       1 log.go:245] ${message}`;
}

/** Go's `log.Printf` with the default flags: `2025/09/01 09:00:05 message`. */
export function goLogLine(ms: number, message: string): string {
  return `${slashTime(ms)} ${message}`;
}

/** Go's `time.Time.String()` in UTC with the monotonic reading: `2025-09-01 09:00:05.123 +0000 UTC m=+12.345000001`. */
export function goTimeString(ms: number, sinceStartMs: number): string {
  const t = utc(ms);
  const frac = t.micros.replace(/0+$/, "");
  const mono = Math.max(0, sinceStartMs);
  return `${t.year}-${t.month}-${t.day} ${t.hh}:${t.mm}:${t.ss}${frac ? `.${frac}` : ""} +0000 UTC m=+${Math.floor(mono / 1000)}.${pad((mono % 1000) * 1_000_000, 9)}`;
}

/** The first value of a request header, matched case-insensitively. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** `/echo?msg=hi` → path `/echo`, query `msg=hi` (undefined when there is no `?`). */
export function splitTarget(target: string): { readonly path: string; readonly query: string | undefined } {
  const q = target.indexOf("?");
  return q < 0 ? { path: target, query: undefined } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

function unescapeQuery(s: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "+") bytes.push(0x20);
    else if (c === "%") {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...utf8(c));
  }
  return fromUtf8(bytes);
}

function utf8(ch: string): number[] {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) return [c];
  if (c < 0x800) return [0xc0 | (c >> 6), 0x80 | (c & 63)];
  return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
}

/** Percent-escapes are bytes: decode them as UTF-8 (a bad sequence becomes U+FFFD, as Go prints it). */
function fromUtf8(bytes: readonly number[]): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    if (need === 0) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    let cp = need > 0 ? b & (0x3f >> need) : 0;
    let ok = need > 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const n = bytes[i + k]!;
      if ((n & 0xc0) !== 0x80) ok = false;
      cp = (cp << 6) | (n & 63);
    }
    out += ok ? String.fromCodePoint(cp) : "\ufffd";
    i += ok ? need + 1 : 1;
  }
  return out;
}

/** Go's `url.ParseQuery`: pairs split on `&`, `+` is a space, a bad escape drops that pair. */
export function parseQuery(query: string | undefined): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  if (!query) return out;
  for (const part of query.split("&")) {
    if (part === "" || part.includes(";")) continue;
    const eq = part.indexOf("=");
    const key = unescapeQuery(eq < 0 ? part : part.slice(0, eq));
    const value = unescapeQuery(eq < 0 ? "" : part.slice(eq + 1));
    if (key === undefined || value === undefined) continue;
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
  }
  return out;
}

/** `r.FormValue(name)` / `Query().Get(name)`: the first value or "". */
export function queryValue(target: string, name: string): string {
  return parseQuery(splitTarget(target).query).get(name)?.[0] ?? "";
}

/** `ip:port` as Go's `RemoteAddr` and `net.UDPAddr.String()` print it. */
export function remoteAddr(ctx: ServerContext): string {
  return `${ctx.remoteIP}:${ctx.remotePort}`;
}

/** Go's `http.StatusText`, for the status line. */
const goStatusTexts: Readonly<Record<number, string>> = {
  100: "Continue",
  101: "Switching Protocols",
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  413: "Request Entity Too Large",
  417: "Expectation Failed",
  418: "I'm a teapot",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function statusText(code: number): string {
  return goStatusTexts[code] ?? "";
}

/** Go's `textproto.CanonicalMIMEHeaderKey`: `x-forwarded-for` → `X-Forwarded-For`. */
export function canonicalHeaderKey(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(name)) return name;
  return name
    .split("-")
    .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p))
    .join("-");
}

/** A request's headers as Go's server keeps them in `r.Header`: canonical keys, in sorted order, Host removed. */
export function goRequestHeader(req: HttpRequest): ReadonlyMap<string, readonly string[]> {
  const m = new Map<string, string[]>();
  for (const [n, v] of req.headers) {
    const k = canonicalHeaderKey(n);
    if (k === "Host") continue;
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  }
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const htmlSignatures = [
  "<!DOCTYPE HTML",
  "<HTML",
  "<HEAD",
  "<SCRIPT",
  "<IFRAME",
  "<H1",
  "<DIV",
  "<FONT",
  "<TABLE",
  "<A",
  "<STYLE",
  "<TITLE",
  "<B",
  "<BODY",
  "<BR",
  "<P",
  "<!--",
];

/** Go's `http.DetectContentType` for the text bodies these servers write. */
export function detectContentType(body: string): string {
  // Go skips leading whitespace: tab, newline, form feed, carriage return, space.
  const head = body.replace(/^[\t\n\f\r ]+/, "").slice(0, 512);
  const upper = head.toUpperCase();
  for (const sig of htmlSignatures) {
    if (upper.startsWith(sig)) {
      const next = head[sig.length];
      if (next === " " || next === ">") return "text/html; charset=utf-8";
    }
  }
  if (head.startsWith("<?xml")) return "text/xml; charset=utf-8";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: binary detection as Go does it
  return /[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]/.test(head) ? "application/octet-stream" : "text/plain; charset=utf-8";
}

/** Go's `json.Marshal` of a string: HTML-safe escapes (`<` → `\u003c`) and U+2028/2029 escaped. */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029 || c < 0x20)
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Bytes of a string as sent (UTF-8). */
export function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** net/http buffers this much of a handler's output before it gives up on Content-Length and chunks. */
const goChunkingBufferBytesMax = 2048;

export interface GoReply {
  readonly status?: number;
  /** Headers the handler set with `w.Header().Set`, any order (Go writes them sorted). */
  readonly headers?: readonly (readonly [string, string])[];
  readonly body: string;
}

/**
 * A response as Go's net/http server writes it (server.go `chunkWriter.writeHeader`): the
 * handler's headers sorted by key, then Date, Content-Length (when the whole body fit in
 * the 2 KiB buffer) or Transfer-Encoding: chunked, a sniffed Content-Type when the handler
 * set none, and Connection: close when the client asked to close. HEAD gets the headers
 * without the body.
 */
export function goRespond(req: HttpRequest, ctx: ServerContext, reply: GoReply): HttpResponse {
  const status = reply.status ?? 200;
  const own = [...(reply.headers ?? [])].map(([n, v]) => [canonicalHeaderKey(n), v] as const);
  own.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const has = (name: string) => own.some(([n]) => n === name);
  const headers: [string, string][] = own.map(([n, v]) => [n, v]);
  const bodyAllowed = !(status === 204 || status === 304 || (status >= 100 && status < 200));
  const size = byteLength(reply.body);
  const chunked = size > goChunkingBufferBytesMax && req.version === "HTTP/1.1";
  if (!has("Date")) headers.push(["Date", imfDate(ctx.nowMs)]);
  if (bodyAllowed && !chunked && !has("Content-Length") && !has("Transfer-Encoding"))
    headers.push(["Content-Length", String(size)]);
  if (bodyAllowed && !has("Content-Type") && size > 0) headers.push(["Content-Type", detectContentType(reply.body)]);
  const wantsClose = /(^|,)\s*close\s*($|,)/i.test(headerValue(req.headers, "Connection") ?? "");
  if (req.version === "HTTP/1.1" && wantsClose) headers.push(["Connection", "close"]);
  if (chunked && bodyAllowed) headers.push(["Transfer-Encoding", "chunked"]);
  return {
    version: "HTTP/1.1",
    status,
    reason: statusText(status) || `status code ${status}`,
    headers,
    body: req.method === "HEAD" || !bodyAllowed ? "" : reply.body,
  };
}

/** `http.Error(w, msg, code)`: text/plain, nosniff, the message and a newline. */
export function goError(req: HttpRequest, ctx: ServerContext, message: string, status: number): HttpResponse {
  return goRespond(req, ctx, {
    status,
    headers: [
      ["Content-Type", "text/plain; charset=utf-8"],
      ["X-Content-Type-Options", "nosniff"],
    ],
    body: `${message}\n`,
  });
}

/** A Go duration as `%v` prints it for sub-millisecond spans: `31.417µs`. */
export function goMicroseconds(micros: number, nanos: number): string {
  const frac = String(nanos).padStart(3, "0").replace(/0+$/, "");
  return `${micros}${frac ? `.${frac}` : ""}µs`;
}

/** A deterministic ephemeral-looking number from a text (openssl's progress dots, key ids). */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
