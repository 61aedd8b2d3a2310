/**
 * URLs as curl and wget take them: `http://web`, `web`, `web:8080/path?x=1`, `https://…`.
 * A scheme other than http(s) is not supported (curl: "Protocol … not supported").
 */
export interface ToolUrl {
  readonly scheme: "http" | "https";
  readonly host: string;
  readonly port: number;
  /** Path and query as sent on the request line. */
  readonly target: string;
  /** What goes in the Host header: the host, with the port when it is not the default. */
  readonly hostHeader: string;
  readonly text: string;
}

export type UrlProblem = { readonly problem: "scheme"; readonly scheme: string } | { readonly problem: "malformed" };

export function parseUrlOrProblem(text: string): ToolUrl | UrlProblem {
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (schemeMatch && !/^https?$/i.test(schemeMatch[1]!)) return { problem: "scheme", scheme: schemeMatch[1]! };
  const scheme = (schemeMatch?.[1]?.toLowerCase() ?? "http") as "http" | "https";
  const rest = schemeMatch ? text.slice(schemeMatch[0].length) : text;
  const m = /^([^/:?#\s]+)(?::(\d*))?([^#\s]*)/.exec(rest);
  if (!m?.[1]) return { problem: "malformed" };
  const port = m[2] ? Number(m[2]) : scheme === "https" ? 443 : 80;
  if (!(port > 0 && port < 65536)) return { problem: "malformed" };
  const path = m[3] ?? "";
  const target = path.startsWith("/") ? path : `/${path}`;
  const host = m[1].toLowerCase();
  const defaultPort = scheme === "https" ? 443 : 80;
  return {
    scheme,
    host,
    port,
    target,
    hostHeader: port === defaultPort ? host : `${host}:${port}`,
    text: `${scheme}://${host}${port === defaultPort ? "" : `:${port}`}${target}`,
  };
}

export function parseUrl(text: string): ToolUrl | undefined {
  const r = parseUrlOrProblem(text);
  return "problem" in r ? undefined : r;
}
