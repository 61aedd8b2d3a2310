/**
 * HTTP as the simulated programs speak it: one request, one response, no keep-alive. A
 * server program answers through an `HttpHandler` on a listener; a client tool (curl,
 * wget) builds an `HttpRequest` and prints what comes back. Headers are kept as ordered
 * pairs with their names as sent, because `curl -v` and `wget -S` print them in order.
 *
 * Shared by images/ (servers), network/ (delivery) and tools/ (clients); it imports nothing.
 */
export type HeaderList = readonly (readonly [name: string, value: string])[];

export interface HttpRequest {
  readonly method: string;
  /** The request target as sent on the request line: path and query, e.g. `/echo?msg=hi`. */
  readonly target: string;
  readonly version: "HTTP/1.1" | "HTTP/1.0";
  /** In the order the client sends them, including Host, User-Agent and Accept. */
  readonly headers: HeaderList;
  readonly body: string;
}

export interface HttpResponse {
  readonly version: "HTTP/1.1" | "HTTP/1.0";
  readonly status: number;
  /** The reason phrase, e.g. `OK`, `Not Found`. */
  readonly reason: string;
  /** In the order the server sends them, Date, Content-Length and Server included. */
  readonly headers: HeaderList;
  readonly body: string;
}

/** Why an outbound request from inside a container got no response. */
export type OutboundFailure = "unresolved" | "refused" | "timeout" | "unreachable" | "reset";

export type OutboundResult =
  | { readonly ok: true; readonly response: HttpResponse }
  | { readonly ok: false; readonly failure: OutboundFailure; readonly message: string };

export interface OutboundRequest {
  readonly method?: string;
  readonly headers?: HeaderList;
  readonly body?: string;
  /** Connect timeout in milliseconds; the kernel's own (~130 s) when absent. */
  readonly timeoutMs?: number;
}

/** What a server sees of the world while it answers one request or datagram. */
export interface ServerContext {
  /** Virtual time of the request, milliseconds since the epoch. */
  readonly nowMs: number;
  /** The pod's hostname (pod name, or spec.hostname). */
  readonly hostname: string;
  readonly podIP: string;
  readonly namespace: string;
  readonly podName: string;
  /** The port the request arrived on (after DNAT: the container's port). */
  readonly localPort: number;
  /** The client's address as the server sees it — after any SNAT on the way. */
  readonly remoteIP: string;
  readonly remotePort: number;
  /** The container's environment (image ENV, pod env, service links, HOSTNAME …). */
  readonly env: Readonly<Record<string, string>>;
  /** The container's interface addresses, loopback first (whoami prints them). */
  readonly interfaceIPs: readonly string[];
  /** The container's filesystem: image files plus what was written since it started. */
  readFile(path: string): string | undefined;
  /** Append one line to the container's log (what `kubectl logs` shows). */
  log(stream: "stdout" | "stderr", text: string): void;
  /**
   * Per-process state that outlives one request (a call counter). Kept in the cluster's
   * snapshot, so values must be JSON-like; reset when the container restarts.
   */
  readonly state: Record<string, string | number | boolean>;
  /** A uniform draw in [0, 1) from the cluster's seeded randomness. */
  random(): number;
  /** An HTTP request from inside this container, through the cluster's network. */
  fetch(url: string, init?: OutboundRequest): OutboundResult;
}

export type HttpHandler = (request: HttpRequest, ctx: ServerContext) => HttpResponse;

/** A UDP server's answer to one datagram; undefined sends nothing back. */
export type UdpHandler = (payload: string, ctx: ServerContext) => string | undefined;
