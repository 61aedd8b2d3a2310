/**
 * A scriptable `NetworkClient` for unit tests of client tools: names resolve to the
 * addresses a test gives, each `ip:port` answers as the test says (an HTTP handler, refused,
 * dropped, unreachable, an empty reply, a UDP handler), ICMP echoes answer with a given RTT,
 * and virtual time passes the way the real client's does (a refused connect takes 0 ms, a
 * drop takes the whole timeout, an answer takes `rttMs`). Nothing here reads wall time.
 */
import type { DnsExchange, DnsQuestion, DnsRecord, ResolvConf } from "../../engine/dns/types.ts";
import type { HttpRequest, HttpResponse } from "../../engine/images/http.ts";
import type {
  ConnectResult,
  HttpAttempt,
  NetworkClient,
  PingAttempt,
  ResolveResult,
  UdpAttempt,
} from "../../engine/network/client.ts";
import type { ConnectionTrace, ConnectOutcome, Protocol } from "../../engine/network/types.ts";
import type { Tool, ToolResult } from "../../engine/tools/types.ts";

/** How one `ip:port` (TCP) or `ip:port/udp` answers. */
export type FakeEndpoint =
  | { readonly kind: "http"; readonly handler: (req: HttpRequest) => HttpResponse }
  /** Accepts the connection and closes it without a byte: curl's "Empty reply from server". */
  | { readonly kind: "empty" }
  /** Accepts and then resets the connection (ECONNRESET on read). */
  | { readonly kind: "reset" }
  /** Accepts; nothing is said (nc's open port). */
  | { readonly kind: "open" }
  | { readonly kind: "refused" }
  | { readonly kind: "timeout" }
  | { readonly kind: "unreachable" }
  | { readonly kind: "udp"; readonly handler: (payload: string) => string | undefined };

export type FakeName =
  | readonly string[]
  | {
      readonly addresses: readonly string[];
      /** The name that answered (search list applied); defaults to the name asked. */
      readonly canonicalName?: string;
    }
  | { readonly failure: "nxdomain" | "timeout" | "servfail" };

export interface FakeNetworkOptions {
  readonly hostname?: string;
  readonly localIP?: string;
  readonly resolvConf?: ResolvConf;
  /** name → addresses, or a failure. Unknown names are NXDOMAIN. */
  readonly names?: Readonly<Record<string, FakeName>>;
  /** `ip:port` (TCP) or `ip:port/udp` → how it answers. Unknown TCP ports refuse; unknown UDP ports time out. */
  readonly endpoints?: Readonly<Record<string, FakeEndpoint>>;
  /** ip → echo reply (RTT in ms, TTL) or a failure. Unknown addresses time out. */
  readonly pings?: Readonly<
    Record<string, { readonly rttMs: number; readonly ttl?: number } | "timeout" | "unreachable">
  >;
  /** ip → name for PTR queries. */
  readonly ptr?: Readonly<Record<string, string>>;
  readonly files?: Readonly<Record<string, string>>;
  /** Paths under these prefixes cannot be written ("No such file or directory"). */
  readonly unwritable?: readonly string[];
  /** Virtual ms one resolve takes (default 0). */
  readonly dnsMs?: number;
  /** Virtual ms one request/response or UDP exchange takes after the connect (default 1). */
  readonly rttMs?: number;
  /** A dropped SYN with no timeout of the client's own (default 130 000, as the real data path). */
  readonly synTimeoutMs?: number;
  readonly startMs?: number;
}

export const podResolvConf: ResolvConf = {
  nameservers: ["10.96.0.10"],
  search: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"],
  options: { ndots: 5, timeoutSeconds: 5, attempts: 2 },
};

export class FakeNetworkClient implements NetworkClient {
  readonly hostname: string;
  readonly localIP: string;
  readonly resolvConf: ResolvConf;
  /** What the tool did, in order: `resolve web`, `connect 10.96.0.5:80/TCP refused`, `GET web /` … */
  readonly log: string[] = [];
  /** Requests the HTTP endpoints received. */
  readonly requests: HttpRequest[] = [];
  readonly files: Map<string, string>;
  private spentMs = 0;
  private nextPort = 43210;
  private readonly o: FakeNetworkOptions;

  constructor(o: FakeNetworkOptions = {}) {
    this.o = o;
    this.hostname = o.hostname ?? "client";
    this.localIP = o.localIP ?? "10.244.1.5";
    this.resolvConf = o.resolvConf ?? podResolvConf;
    this.files = new Map(Object.entries(o.files ?? {}));
  }

  get nowMs(): number {
    return (this.o.startMs ?? 1_763_715_600_000) + this.spentMs;
  }

  get elapsedMs(): number {
    return this.spentMs;
  }

  wait(ms: number): void {
    if (ms > 0 && Number.isFinite(ms)) this.spentMs += ms;
  }

  resolve(name: string): ResolveResult {
    const elapsedMs = this.o.dnsMs ?? 0;
    this.spentMs += elapsedMs;
    this.log.push(`resolve ${name}`);
    // DNS names compare without case.
    const key = Object.keys(this.o.names ?? {}).find((n) => n.toLowerCase() === name.toLowerCase());
    const entry =
      (key !== undefined ? this.o.names?.[key] : undefined) ?? (name === "localhost" ? ["127.0.0.1"] : undefined);
    if (!entry) return { ok: false, failure: "nxdomain", elapsedMs };
    if ("failure" in entry) return { ok: false, failure: entry.failure, elapsedMs };
    const addresses = "addresses" in entry ? entry.addresses : (entry as readonly string[]);
    const canonicalName = ("canonicalName" in entry ? entry.canonicalName : undefined) ?? name;
    return { ok: true, addresses, canonicalName, elapsedMs };
  }

  query(server: string, question: DnsQuestion, opts: { readonly timeoutMs?: number } = {}): DnsExchange {
    this.log.push(`query ${server} ${question.type} ${question.name}`);
    const rtt = this.o.rttMs ?? 1;
    if (question.type === "PTR") {
      const ip = question.name
        .replace(/\.in-addr\.arpa\.$/, "")
        .split(".")
        .reverse()
        .join(".");
      const name = this.o.ptr?.[ip];
      this.spentMs += rtt;
      const answers: DnsRecord[] = name ? [{ name: question.name, ttl: 30, type: "PTR", data: `${name}.` }] : [];
      return {
        ok: true,
        response: {
          question,
          rcode: name ? "NOERROR" : "NXDOMAIN",
          authoritative: true,
          answers,
          authority: [],
          additional: [],
        },
        elapsedMs: rtt,
      };
    }
    const timeoutMs = opts.timeoutMs ?? this.resolvConf.options.timeoutSeconds * 1000;
    this.spentMs += timeoutMs;
    return { ok: false, failure: "timeout", elapsedMs: timeoutMs };
  }

  private endpoint(ip: string, port: number, protocol: Protocol): FakeEndpoint | undefined {
    return this.o.endpoints?.[protocol === "UDP" ? `${ip}:${port}/udp` : `${ip}:${port}`];
  }

  /** The connect part of every exchange, with the real client's timing. */
  private open(ip: string, port: number, protocol: Protocol, timeoutMs?: number): ConnectResult {
    const ep = this.endpoint(ip, port, protocol);
    let outcome: ConnectOutcome;
    if (!ep) outcome = protocol === "UDP" ? "connected" : "refused";
    else if (ep.kind === "refused" || ep.kind === "timeout" || ep.kind === "unreachable") outcome = ep.kind;
    else outcome = "connected";
    const synTimeout = this.o.synTimeoutMs ?? 130_000;
    const elapsedMs =
      outcome === "timeout"
        ? (timeoutMs ?? synTimeout)
        : outcome === "unreachable"
          ? Math.min(timeoutMs ?? Number.POSITIVE_INFINITY, 3000)
          : 0;
    this.spentMs += elapsedMs;
    const localPort = this.nextPort++;
    this.log.push(`connect ${ip}:${port}/${protocol} ${outcome}`);
    return { outcome, trace: this.trace(ip, port, protocol, outcome, elapsedMs), elapsedMs, localPort };
  }

  private trace(
    ip: string,
    port: number,
    protocol: Protocol,
    outcome: ConnectOutcome,
    elapsedMs: number,
  ): ConnectionTrace {
    return {
      from: { ip: this.localIP, source: { kind: "pod", namespace: "default", pod: this.hostname } },
      to: { ip, port, protocol },
      steps: [{ step: "outcome", outcome }],
      outcome,
      elapsedMs,
      atMs: this.nowMs,
    };
  }

  connect(ip: string, port: number, protocol: Protocol, opts: { readonly timeoutMs?: number } = {}): ConnectResult {
    return this.open(ip, port, protocol, opts.timeoutMs);
  }

  request(ip: string, port: number, request: HttpRequest, opts: { readonly timeoutMs?: number } = {}): HttpAttempt {
    const connect = this.open(ip, port, "TCP", opts.timeoutMs);
    if (connect.outcome !== "connected") return { ok: false, connect, elapsedMs: connect.elapsedMs };
    const rtt = this.o.rttMs ?? 1;
    this.spentMs += rtt;
    const ep = this.endpoint(ip, port, "TCP")!;
    this.requests.push(request);
    this.log.push(`${request.method} ${ip}:${port} ${request.target}`);
    if (ep.kind === "http") return { ok: true, connect, response: ep.handler(request), elapsedMs: rtt };
    if (ep.kind === "reset")
      return { ok: false, connect, elapsedMs: rtt, failure: "reset" } as HttpAttempt & { failure: "reset" };
    return { ok: false, connect, elapsedMs: rtt };
  }

  udp(ip: string, port: number, payload: string, opts: { readonly timeoutMs: number }): UdpAttempt {
    const ep = this.endpoint(ip, port, "UDP");
    const trace = (o: ConnectOutcome) => this.trace(ip, port, "UDP", o, 0);
    this.log.push(`udp ${ip}:${port} ${JSON.stringify(payload)}`);
    if (ep?.kind === "refused") return { ok: false, failure: "refused", trace: trace("refused"), elapsedMs: 0 };
    if (ep?.kind === "unreachable") {
      const ms = Math.min(opts.timeoutMs, 3000);
      this.spentMs += ms;
      return { ok: false, failure: "unreachable", trace: trace("unreachable"), elapsedMs: ms };
    }
    const reply = ep?.kind === "udp" ? ep.handler(payload) : undefined;
    if (reply === undefined) {
      this.spentMs += opts.timeoutMs;
      return { ok: false, failure: "timeout", trace: trace("timeout"), elapsedMs: opts.timeoutMs };
    }
    const rtt = this.o.rttMs ?? 1;
    this.spentMs += rtt;
    return { ok: true, reply, trace: trace("connected"), elapsedMs: rtt };
  }

  ping(ip: string, opts: { readonly timeoutMs: number }): PingAttempt {
    const p = this.o.pings?.[ip] ?? "timeout";
    this.log.push(`ping ${ip}`);
    if (p === "timeout") {
      this.spentMs += opts.timeoutMs;
      return { ok: false, failure: "timeout" };
    }
    if (p === "unreachable") {
      this.spentMs += Math.min(opts.timeoutMs, 3000);
      return { ok: false, failure: "unreachable" };
    }
    if (p.rttMs > opts.timeoutMs) {
      this.spentMs += opts.timeoutMs;
      return { ok: false, failure: "timeout" };
    }
    this.spentMs += p.rttMs;
    return { ok: true, ttl: p.ttl ?? 64, rttMs: p.rttMs };
  }

  readFile(path: string): string | undefined {
    return this.files.get(path);
  }

  writeFile(path: string, content: string): { readonly ok: true } | { readonly ok: false; readonly message: string } {
    if (this.o.unwritable?.some((p) => path.startsWith(p))) return { ok: false, message: "No such file or directory" };
    this.files.set(path, content);
    return { ok: true };
  }
}

/** The nginx welcome page (615 bytes) and its 404, as nginx 1.27 serves them. */
export const nginxIndex = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

export const nginx404 =
  "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n";

const date = "Fri, 21 Nov 2025 09:00:00 GMT";

/**
 * An nginx-like handler: `/` is the welcome page, `/old` a 301 to http://web/, `/loop` a
 * 302 to itself, `/close` answers with `Connection: close`, anything else 404. The same
 * server the texts in the tool tests were recorded against.
 */
export function nginxLike(req: HttpRequest): HttpResponse {
  const path = req.target.split("?")[0];
  if (path === "/")
    return {
      version: "HTTP/1.1",
      status: 200,
      reason: "OK",
      headers: [
        ["Server", "nginx/1.27.3"],
        ["Date", date],
        ["Content-Type", "text/html"],
        ["Content-Length", "615"],
        ["Last-Modified", "Tue, 26 Nov 2024 15:55:00 GMT"],
        ["Connection", "keep-alive"],
        ["ETag", '"6745ef54-267"'],
        ["Accept-Ranges", "bytes"],
      ],
      body: req.method === "HEAD" ? "" : nginxIndex,
    };
  if (path === "/old") {
    const body =
      "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n";
    return {
      version: "HTTP/1.1",
      status: 301,
      reason: "Moved Permanently",
      headers: [
        ["Server", "nginx/1.27.3"],
        ["Date", date],
        ["Content-Type", "text/html"],
        ["Content-Length", String(body.length)],
        ["Connection", "keep-alive"],
        ["Location", "http://web/"],
      ],
      body,
    };
  }
  if (path === "/loop")
    return {
      version: "HTTP/1.1",
      status: 302,
      reason: "Found",
      headers: [
        ["Location", "/loop"],
        ["Content-Length", "0"],
      ],
      body: "",
    };
  if (path === "/close")
    return {
      version: "HTTP/1.1",
      status: 200,
      reason: "OK",
      headers: [
        ["Content-Length", "3"],
        ["Connection", "close"],
      ],
      body: "ok\n",
    };
  return {
    version: "HTTP/1.1",
    status: 404,
    reason: "Not Found",
    headers: [
      ["Server", "nginx/1.27.3"],
      ["Date", date],
      ["Content-Type", "text/html"],
      ["Content-Length", String(nginx404.length)],
      ["Connection", "keep-alive"],
    ],
    body: req.method === "HEAD" ? "" : nginx404,
  };
}

/** Run one tool against a fake network, as the shell would, with the virtual time it spent. */
export function runTool(
  tool: Tool,
  argv: readonly string[],
  net: FakeNetworkClient,
  opts: { readonly stdin?: string; readonly tty?: boolean; readonly budgetMs?: number } = {},
): ToolResult & { elapsedMs: number } {
  const r = tool(argv, {
    stdin: opts.stdin ?? "",
    env: {},
    net,
    budgetMs: opts.budgetMs ?? 60_000,
    ...(opts.tty !== undefined ? { tty: opts.tty } : {}),
  });
  return { ...r, elapsedMs: net.elapsedMs };
}
