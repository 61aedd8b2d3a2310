/**
 * echoserver (k8s.gcr.io / registry.k8s.io `echoserver`): nginx with a Lua handler that
 * prints the request back.
 *
 * 1.10: kubernetes/ingress-nginx `images/echoheaders` at 84a6e0c (Makefile `TAG ?= 1.10`):
 * nginx-slim 0.21 (nginx 1.13.3, lua-nginx-module 10008), the lua-resty-template report in
 * `nginx.conf` — two empty lines, `Hostname:`, `Pod Information:` (the downward-API env
 * when POD_NAME is set), `Server values:`, `Request Information:`, `Request Headers:`
 * (lower-case, sorted) and `Request Body:` — sent as one chunk with `Server: echoserver`;
 * `run.sh` (bash, no exec) generates a certificate and starts nginx on 8080 and 8443.
 * A curl to it in a lesson transcript sends 404 bytes, logged as 416 with the chunk framing,
 * which this reproduces.
 *
 * 1.4: kubernetes/contrib `ingress/echoheaders`: the older `CLIENT VALUES:` report
 * (nginx 1.10.0, lua 10001), `query=nil` without a query, no trailing newline.
 *
 * Simplified: openssl's progress dots are derived from the pod name, not random; the HTTPS
 * port accepts connections but does not speak TLS; a repeated request header prints its
 * first value (the real template prints Lua's `table: 0x…`); the 1.4 image is started the
 * way 1.10 is (its own entrypoint is not known here).
 */
import type { HttpHandler, HttpRequest, ServerContext } from "../http.ts";
import type { ImageDefinition } from "../image.ts";
import { debianTools, defaultPath } from "../image.ts";
import type { Listener, LogLine, Program } from "../process.ts";
import { serving } from "../process.ts";
import { accessLogTime, byteLength, headerValue, imfDate, splitTarget, stableHash } from "./common.ts";

const row = {
  tags: ["1.10", "1.4"],
  sizeBytes: 46_000_000,
  entrypoint: ["/usr/local/bin/run.sh"],
  cmd: [],
  binaries: [...debianTools, "/usr/local/bin/run.sh", "nginx", "openssl"],
  shell: "dash",
  env: { PATH: defaultPath },
  files: {},
  flavours: {},
} as const;

export const images: readonly ImageDefinition[] = [
  // The same image under its old and its current registry.
  { ...row, repository: "k8s.gcr.io/echoserver" },
  { ...row, repository: "registry.k8s.io/echoserver" },
];

/** lua-resty-template's `{{ }}` escaping (the five HTML entities). */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** `ngx.req.get_headers()`: lower-case names, first value each, sorted as `table.sort` sorts them. */
function lowerHeaders(req: HttpRequest): [string, string][] {
  const seen = new Map<string, string>();
  for (const [n, v] of req.headers) if (!seen.has(n.toLowerCase())) seen.set(n.toLowerCase(), v);
  return [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function requestParts(req: HttpRequest, ctx: ServerContext) {
  const { query } = splitTarget(req.target);
  const hostHeader = headerValue(req.headers, "Host");
  // $host: the Host header without its port, lower-cased; the server_name `_` without one.
  const host = hostHeader === undefined ? "_" : hostHeader.replace(/:\d+$/, "").toLowerCase();
  const version = req.version === "HTTP/1.0" ? "1" : "1.1";
  return { query, host, version, uri: `http://${host}:${ctx.localPort}${req.target}` };
}

function report110(req: HttpRequest, ctx: ServerContext): string {
  const e = escapeHtml;
  const env = ctx.env;
  const p = requestParts(req, ctx);
  const pod = env.POD_NAME
    ? `\tnode name:\t${e(env.NODE_NAME ?? "N/A")}\n\tpod name:\t${e(env.POD_NAME)}\n\tpod namespace:\t${e(env.POD_NAMESPACE ?? "N/A")}\n\tpod IP:\t${e(env.POD_IP ?? "N/A")}\n`
    : "\t-no pod information available-\n";
  const headers = lowerHeaders(req)
    .map(([k, v]) => `\t${e(k)}=${e(v)}\n`)
    .join("");
  const body = req.body !== "" ? e(req.body) : "\t-no body in request-";
  return (
    `\n\nHostname: ${e(env.HOSTNAME ?? ctx.hostname)}\n\nPod Information:\n${pod}\n` +
    `Server values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\n` +
    `Request Information:\n\tclient_address=${ctx.remoteIP}\n\tmethod=${e(req.method)}\n\treal path=${e(req.target)}\n` +
    `\tquery=${e(p.query ?? "")}\n\trequest_version=${p.version}\n\trequest_scheme=http\n\trequest_uri=${e(p.uri)}\n\n` +
    `Request Headers:\n${headers}\nRequest Body:\n${body}\n\n`
  );
}

function report14(req: HttpRequest, ctx: ServerContext): string {
  const e = escapeHtml;
  const p = requestParts(req, ctx);
  const headers = lowerHeaders(req)
    .map(([k, v]) => `${k}=${e(v)}\n`)
    .join("");
  return (
    `CLIENT VALUES:\nclient_address=${ctx.remoteIP}\ncommand=${e(req.method)}\nreal path=${e(req.target)}\n` +
    `query=${p.query === undefined ? "nil" : e(p.query)}\nrequest_version=${p.version}\nrequest_uri=${e(p.uri)}\n\n` +
    `SERVER VALUES:\nserver_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\n${headers}BODY:\n${e(req.body || "-no body in request-")}`
  );
}

function handler(version: "1.10" | "1.4"): HttpHandler {
  return (req, ctx) => {
    const body = version === "1.10" ? report110(req, ctx) : report14(req, ctx);
    const chunked = req.version === "HTTP/1.1";
    const connection = (headerValue(req.headers, "Connection") ?? "").toLowerCase();
    const alive = chunked ? !connection.includes("close") : connection.includes("keep-alive");
    const size = byteLength(body);
    // One Lua `ngx.say`: one chunk, then the last chunk; $body_bytes_sent counts the framing.
    const sent = req.method === "HEAD" ? 0 : chunked ? size + size.toString(16).length + 4 + 5 : size;
    const headers: [string, string][] = [
      ...(version === "1.4" ? [["Server", "nginx/1.10.0"] as [string, string]] : []),
      ["Date", imfDate(ctx.nowMs)],
      ["Content-Type", "text/plain"],
      ...(chunked ? [["Transfer-Encoding", "chunked"] as [string, string]] : []),
      ["Connection", alive ? "keep-alive" : "close"],
      ...(version === "1.10" ? [["Server", "echoserver"] as [string, string]] : []),
    ];
    ctx.log(
      "stdout",
      `${ctx.remoteIP} - - [${accessLogTime(ctx.nowMs)}] "${req.method} ${req.target} ${req.version}" 200 ${sent} "${headerValue(req.headers, "Referer") ?? "-"}" "${headerValue(req.headers, "User-Agent") ?? "-"}"`,
    );
    return { version: "HTTP/1.1", status: 200, reason: "OK", headers, body: req.method === "HEAD" ? "" : body };
  };
}

/** openssl req's progress: two lines of dots ending in `+++`, lengths vary per run. */
function opensslDots(seed: string): string[] {
  const h = stableHash(seed);
  return [`${".".repeat(5 + (h % 80))}+++`, `${".".repeat(3 + ((h >>> 8) % 60))}+++`];
}

const runSh: Program = (_argv, ctx) => {
  const version = ctx.tag === "1.4" ? "1.4" : "1.10";
  const out = (text: string): LogLine => ({ atMs: 0, stream: "stdout", text });
  const err = (text: string): LogLine => ({ atMs: 0, stream: "stderr", text });
  const logs =
    version === "1.10"
      ? [
          out("Generating self-signed cert"),
          err("Generating a 2048 bit RSA private key"),
          ...opensslDots(ctx.hostname).map(err),
          err("writing new private key to '/certs/privateKey.key'"),
          err("-----"),
          out("Starting nginx"),
        ]
      : [];
  const listeners: Listener[] = [{ port: 8080, protocol: "TCP", http: handler(version) }];
  if (version === "1.10") listeners.push({ port: 8443, protocol: "TCP" });
  // run.sh is bash as PID 1 running nginx without exec: SIGTERM is ignored until SIGKILL.
  return serving(listeners, { logs });
};

export const programs: Readonly<Record<string, Program>> = { "/usr/local/bin/run.sh": runSh };
