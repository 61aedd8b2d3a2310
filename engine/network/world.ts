/**
 * The world outside the cluster: a few well-known hosts with fixed public addresses that
 * answer HTTP, plus whatever a lesson declares (the two external IPs behind a selector-less
 * Service, an API the cluster calls). Everything else an address or name reaches out there
 * does not exist: names get NXDOMAIN from the upstream resolver, addresses time out.
 *
 * Fidelity shortcuts: one address per name (real example.com has several, served by a CDN);
 * HTTPS is answered like HTTP on port 443 (no TLS handshake is simulated).
 */

import { formatHttpDate } from "../core/clock.ts";
import type { HeaderList, HttpRequest, HttpResponse } from "../images/http.ts";

export interface ExternalHostResponse {
  readonly status?: number;
  readonly body: string;
  readonly contentType?: string;
  readonly headers?: HeaderList;
}

/** A host a lesson declares through the cluster options. */
export interface ExternalHost {
  /** DNS name; omit for an address-only host. */
  readonly name?: string;
  readonly ip: string;
  /** TCP ports that accept connections (default 80 and 443). */
  readonly ports?: readonly number[];
  /** Path → response; other paths get 404. Default: a one-line page naming the host. */
  readonly responses?: Readonly<Record<string, ExternalHostResponse>>;
  /** The `Server` header. */
  readonly server?: string;
}

const examplePage = `<!doctype html>
<html>
<head>
    <title>Example Domain</title>

    <meta charset="utf-8" />
    <meta http-equiv="Content-type" content="text/html; charset=utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
</head>

<body>
<div>
    <h1>Example Domain</h1>
    <p>This domain is for use in illustrative examples in documents. You may use this
    domain in literature without prior coordination or asking for permission.</p>
    <p><a href="https://www.iana.org/domains/example">More information...</a></p>
</div>
</body>
</html>
`;

/** Hosts every cluster can reach (lessons and the kiamol ExternalName exercise use them). */
export const wellKnownHosts: readonly ExternalHost[] = [
  {
    name: "example.com",
    ip: "93.184.215.14",
    server: "ECAcc (lac/55B8)",
    responses: { "/": { body: examplePage, contentType: "text/html; charset=UTF-8" } },
  },
  {
    name: "www.example.com",
    ip: "93.184.215.14",
    server: "ECAcc (lac/55B8)",
    responses: { "/": { body: examplePage, contentType: "text/html; charset=UTF-8" } },
  },
  {
    name: "raw.githubusercontent.com",
    ip: "185.199.108.133",
    server: "GitHub.com",
    // The file the kiamol numbers-web app reads when numbers-api is an ExternalName Service.
    responses: { "/sixeyed/kiamol/master/ch03/numbers/rng": { body: "42", contentType: "text/plain; charset=utf-8" } },
  },
];

export class OutsideWorld {
  private readonly byName = new Map<string, ExternalHost>();
  private readonly byIP = new Map<string, ExternalHost>();

  constructor(hosts: readonly ExternalHost[]) {
    // Declared hosts come after the well-known ones, so a lesson can redefine example.com.
    for (const h of hosts) {
      if (h.name) this.byName.set(h.name.toLowerCase().replace(/\.$/, ""), h);
      this.byIP.set(h.ip, h);
    }
  }

  /** The A record of a name, or undefined (NXDOMAIN upstream). */
  lookup(name: string): string | undefined {
    return this.byName.get(name.toLowerCase().replace(/\.$/, ""))?.ip;
  }

  /** The reverse name of an address, for PTR. */
  reverse(ip: string): string | undefined {
    return this.byIP.get(ip)?.name;
  }

  hostAt(ip: string): ExternalHost | undefined {
    return this.byIP.get(ip);
  }

  accepts(ip: string, port: number): boolean {
    const h = this.byIP.get(ip);
    return h !== undefined && (h.ports ?? [80, 443]).includes(port);
  }

  answer(ip: string, request: HttpRequest, nowMs: number): HttpResponse {
    const host = this.byIP.get(ip);
    const path = request.target.split("?")[0] ?? "/";
    const found = host?.responses ? host.responses[path] : { body: `${host?.name ?? ip}\n` };
    const status = found ? (found.status ?? 200) : 404;
    const body = found ? found.body : "404: Not Found";
    const headers: [string, string][] = [
      ["Content-Type", found?.contentType ?? "text/plain; charset=utf-8"],
      ["Date", formatHttpDate(nowMs)],
      ...(host?.server ? ([["Server", host.server]] as [string, string][]) : []),
      ...((found?.headers ?? []) as [string, string][]),
      ["Content-Length", String(utf8Length(body))],
    ];
    return {
      version: "HTTP/1.1",
      status,
      reason: reasonPhrase(status),
      headers,
      body: request.method === "HEAD" ? "" : body,
    };
  }
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const reasons: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

export function reasonPhrase(status: number): string {
  return reasons[status] ?? "";
}
