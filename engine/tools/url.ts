/**
 * URLs as curl and busybox wget read them. The two differ: curl (lib/urlapi.c, with
 * CURLU_GUESS_SCHEME) accepts `web`, `web:8080/path`, `http://user:pw@web/`, keeps the
 * fragment in its effective URL and rejects bad ports with its own texts; busybox
 * (networking/wget.c parse_url) splits at the first `/`, `?` or `#`, falls back to http://
 * when there is no scheme, and resolves the port later. Only http and https are spoken
 * here (see README: https is plain HTTP to port 443).
 */

export interface ToolUrl {
  readonly scheme: "http" | "https";
  /** The host as written (case kept, brackets and credentials removed). */
  readonly host: string;
  readonly port: number;
  /** The port was written in the URL (`WEB:80` keeps `:80` in curl's effective URL). */
  readonly explicitPort: boolean;
  /** Path starting with `/`. */
  readonly path: string;
  /** Query with its `?`, or "". */
  readonly query: string;
  /** Fragment with its `#`, or "" (never sent). */
  readonly fragment: string;
  /** `user:password` from the URL, percent-decoded, if any. */
  readonly userinfo?: string;
  /** What goes on the request line: path and query. */
  readonly target: string;
  /** The Host header: the host, with `:port` unless it is the scheme's default. */
  readonly hostHeader: string;
  /** curl's `url_effective`: `http://web/`, `http://WEB:80/`, `http://web/?a=1#frag`. */
  readonly href: string;
}

/** Why curl rejects a URL: its exit code and the text after `curl: (N) `. */
export interface UrlError {
  readonly code: number;
  readonly message: string;
}

const defaultPort = (scheme: string) => (scheme === "https" ? 443 : 80);

/** Schemes curl knows but this simulation does not speak (ftp, …): `Protocol "x" not supported`, exit 1. */
export function parseCurlUrl(text: string): ToolUrl | UrlError {
  // lib/urlapi.c junkscan: control characters and spaces are "Malformed input".
  if ([...text].some((c) => c <= " " || c === "\x7f"))
    return { code: 3, message: "URL rejected: Malformed input to a URL function" };
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  let scheme = "http";
  let rest = text;
  if (schemeMatch) {
    scheme = schemeMatch[1]!.toLowerCase();
    rest = text.slice(schemeMatch[0].length).replace(/^\/+/, "");
    if (scheme !== "http" && scheme !== "https")
      return { code: 1, message: `Protocol "${schemeMatch[1]}" not supported` };
  }
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? "" : rest.slice(end);
  const at = authority.lastIndexOf("@");
  const userinfo = at >= 0 ? percentDecode(authority.slice(0, at)) : undefined;
  const hostport = at >= 0 ? authority.slice(at + 1) : authority;
  if (hostport.startsWith("[")) return { code: 3, message: "URL rejected: Bad IPv6 address" };
  const colon = hostport.indexOf(":");
  const host = colon >= 0 ? hostport.slice(0, colon) : hostport;
  const portText = colon >= 0 ? hostport.slice(colon + 1) : "";
  if (colon >= 0 && portText !== "" && !/^\d{1,5}$/.test(portText))
    return { code: 3, message: "URL rejected: Port number was not a decimal number between 0 and 65535" };
  const port = portText === "" ? defaultPort(scheme) : Number(portText);
  if (port > 65535)
    return { code: 3, message: "URL rejected: Port number was not a decimal number between 0 and 65535" };
  if (host === "") return { code: 3, message: "URL rejected: No host part in the URL" };
  const hashAt = tail.indexOf("#");
  const beforeHash = hashAt >= 0 ? tail.slice(0, hashAt) : tail;
  const fragment = hashAt >= 0 ? tail.slice(hashAt) : "";
  const q = beforeHash.indexOf("?");
  const rawPath = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
  const query = q >= 0 ? beforeHash.slice(q) : "";
  const path = rawPath.startsWith("/") ? normalizeDots(rawPath) : `/${rawPath}`;
  const explicitPort = portText !== "";
  const s = scheme as "http" | "https";
  const creds = at >= 0 ? `${authority.slice(0, at)}@` : "";
  return {
    scheme: s,
    host,
    port,
    explicitPort,
    path,
    query,
    fragment,
    ...(userinfo !== undefined ? { userinfo } : {}),
    target: path + query,
    hostHeader: port === defaultPort(scheme) ? host : `${host}:${port}`,
    href: `${s}://${creds}${host}${explicitPort ? `:${port}` : ""}${path}${query}${fragment}`,
  };
}

/**
 * A redirect's Location against the URL that returned it (RFC 3986 §5.2, as curl's
 * Curl_follow does it): absolute, scheme-relative `//host/x`, absolute-path `/x`, or
 * relative to the current path's directory.
 */
export function resolveLocation(base: ToolUrl, location: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(location)) return location;
  const origin = `${base.scheme}://${base.host}${base.explicitPort ? `:${base.port}` : ""}`;
  if (location.startsWith("//")) return `${base.scheme}:${location}`;
  if (location.startsWith("/")) return origin + location;
  if (location.startsWith("?")) return origin + base.path + location;
  const dir = base.path.slice(0, base.path.lastIndexOf("/") + 1);
  return origin + dir + location;
}

/** Removes `.` and `..` path segments (urlapi.c dedotdotify). */
function normalizeDots(path: string): string {
  if (!/(^|\/)\.\.?(\/|$)/.test(path)) return path;
  const out: string[] = [];
  const segments = path.split("/").slice(1);
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (seg === ".") {
      if (last) out.push("");
    } else if (seg === "..") {
      out.pop();
      if (last) out.push("");
    } else out.push(seg);
  });
  return `/${out.join("/")}`;
}

function percentDecode(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** A URL as busybox wget's parse_url splits it. */
export interface BusyboxUrl {
  readonly scheme: "http" | "https" | "ftp";
  /** `web` or `web:8080`: what wget prints in `Connecting to %s` and sends as Host. */
  readonly hostport: string;
  /** The path after the first `/` (or after `?`/`#` when there is no `/`), without its leading slash. */
  readonly path: string;
  readonly user?: string;
}

/** busybox's parse_url; `not an http or ftp url: %s` for other schemes. */
export function parseBusyboxUrl(text: string): BusyboxUrl | { readonly error: string } {
  let scheme: BusyboxUrl["scheme"] = "http";
  let rest = text;
  const sep = text.indexOf("://");
  if (sep >= 0) {
    const s = text.slice(0, sep);
    if (s === "https" || s === "ftp") scheme = s;
    else if (s !== "http") return { error: `not an http or ftp url: ${text}` };
    rest = text.slice(sep + 3);
  }
  // The first of '/', '?', '#' ends the host part.
  const end = rest.search(/[/?#]/);
  let hostport = end < 0 ? rest : rest.slice(0, end);
  const path = end < 0 ? "" : rest.slice(end + 1);
  let user: string | undefined;
  const at = hostport.lastIndexOf("@");
  if (at >= 0) {
    user = percentDecode(hostport.slice(0, at));
    hostport = hostport.slice(at + 1);
  }
  return { scheme, hostport, path, ...(user !== undefined ? { user } : {}) };
}

/**
 * libbb/xconnect.c str2sockaddr's "ugly parsing of host:port": the last `:` splits off a
 * port (`bad port '%s'` when it is not a number up to 65535).
 */
export function splitHostPort(hostport: string, port: number): { host: string; port: number } | { error: string } {
  const colon = hostport.lastIndexOf(":");
  if (colon < 0 || hostport.indexOf(":") !== colon) return { host: hostport, port };
  const p = hostport.slice(colon + 1);
  if (!/^\d+$/.test(p) || Number(p) > 0xffff) return { error: `bad port '${p}'` };
  return { host: hostport.slice(0, colon), port: Number(p) };
}
