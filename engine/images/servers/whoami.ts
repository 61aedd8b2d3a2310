/**
 * traefik/whoami (github.com/traefik/whoami `app.go` at v1.11.0, the `latest` tag of
 * September 2025; v1.10.x answers the same): a Go server on `--port` /
 * `WHOAMI_PORT_NUMBER` (80) that prints who answered and the request it got.
 *
 * `/` (and every path no other route takes): `Name:` when set, `Hostname:`, one `IP:` per
 * interface address, `RemoteAddr:`, then the request as Go's `Request.Write` puts it on
 * the wire (request line, Host, User-Agent, the other headers sorted, CRLF line ends),
 * then the environment with `?env=true`. `/api` is the same as JSON, `/health` answers
 * the status last POSTed to it, `/bench` answers `1`, `/data?size=N` N bytes of filler.
 *
 * Simplified: `?wait=` does not delay the answer; `/echo` is a websocket endpoint and is
 * answered as a plain HTTP request to it is (400).
 */
import type { HttpHandler, HttpRequest, ServerContext } from "../http.ts";
import type { ImageDefinition } from "../image.ts";
import { defaultPath } from "../image.ts";
import type { Program } from "../process.ts";
import { serving } from "../process.ts";
import {
  accessLogTime,
  byteLength,
  goJsonString,
  goLogLine,
  goRequestHeader,
  goRespond,
  headerValue,
  parseQuery,
  remoteAddr,
  splitTarget,
} from "./common.ts";

export const images: readonly ImageDefinition[] = [
  {
    repository: "docker.io/traefik/whoami",
    tags: ["latest", "v1.11", "v1.11.0", "v1.10", "v1.10.4", "v1.10.3"],
    sizeBytes: 3_480_000,
    entrypoint: ["/whoami"],
    cmd: [],
    binaries: ["/whoami"],
    env: { PATH: defaultPath },
    files: {},
    flavours: {},
  },
];

/** Go's `flag` package: `-name=v`, `--name=v`, `-name v`, `--name v`. */
function goFlag(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `-${name}` || a === `--${name}`) return args[i + 1];
    if (a.startsWith(`-${name}=`) || a.startsWith(`--${name}=`)) return a.slice(a.indexOf("=") + 1);
  }
  return undefined;
}

/** strconv.ParseBool */
const parseBool = (v: string) => ["1", "t", "T", "TRUE", "true", "True"].includes(v);

/** The request as Go's `Request.Write` writes it (request.go `write`, transfer.go `writeHeader`). */
export function requestDump(req: HttpRequest): string {
  const { path, query } = splitTarget(req.target);
  const uri = query === undefined ? path : `${path}?${query}`;
  const host = headerValue(req.headers, "Host") ?? "";
  const header = goRequestHeader(req);
  const lines = [`${req.method} ${uri} HTTP/1.1`, `Host: ${host}`];
  lines.push(`User-Agent: ${header.get("User-Agent")?.[0] ?? "Go-http-client/1.1"}`);
  const size = byteLength(req.body);
  if (size > 0) lines.push(`Content-Length: ${size}`);
  const connection = header.get("Connection")?.join(",") ?? "";
  const closes = req.version === "HTTP/1.0" ? !/keep-alive/i.test(connection) : /close/i.test(connection);
  if (closes && !/close/i.test(connection)) lines.push("Connection: close");
  const excluded = new Set(["User-Agent", "Content-Length", "Transfer-Encoding", "Trailer"]);
  for (const [k, values] of header) if (!excluded.has(k)) for (const v of values) lines.push(`${k}: ${v}`);
  return `${lines.join("\r\n")}\r\n\r\n${req.body}`;
}

const contentCharset = "-ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const dataBytesMax = 1024 * 1024;

/** content.go `contentReader`: `|`, the charset cycled by position, a closing `|`. */
function filler(size: number): string {
  const length = size - 1;
  if (length <= 0) return "";
  let out = "|";
  for (let cur = 1; cur <= length; cur++) out += contentCharset[cur % contentCharset.length];
  return `${out.slice(0, -1)}|`;
}

interface WhoamiOptions {
  readonly name: string;
  readonly verbose: boolean;
}

function whoamiBody(req: HttpRequest, ctx: ServerContext, name: string): string {
  let out = "";
  if (name !== "") out += `Name: ${name}\n`;
  out += `Hostname: ${ctx.hostname}\n`;
  for (const ip of ctx.interfaceIPs) out += `IP: ${ip}\n`;
  out += `RemoteAddr: ${remoteAddr(ctx)}\n`;
  out += requestDump(req);
  const q = parseQuery(splitTarget(req.target).query);
  if (parseBool(q.get("env")?.[0] ?? "")) for (const [k, v] of Object.entries(ctx.env)) out += `${k}=${v}\n`;
  return out;
}

function apiBody(req: HttpRequest, ctx: ServerContext, name: string): string {
  const q = parseQuery(splitTarget(req.target).query);
  const fields: string[] = [`"hostname":${goJsonString(ctx.hostname)}`];
  if (ctx.interfaceIPs.length > 0) fields.push(`"ip":[${ctx.interfaceIPs.map(goJsonString).join(",")}]`);
  const headers = goRequestHeader(req);
  if (headers.size > 0)
    fields.push(
      `"headers":{${[...headers].map(([k, v]) => `${goJsonString(k)}:[${v.map(goJsonString).join(",")}]`).join(",")}}`,
    );
  const { path, query } = splitTarget(req.target);
  fields.push(`"url":${goJsonString(query === undefined ? path : `${path}?${query}`)}`);
  const host = headerValue(req.headers, "Host") ?? "";
  if (host) fields.push(`"host":${goJsonString(host)}`);
  fields.push(`"method":${goJsonString(req.method)}`);
  if (name) fields.push(`"name":${goJsonString(name)}`);
  fields.push(`"remoteAddr":${goJsonString(remoteAddr(ctx))}`);
  if (parseBool(q.get("env")?.[0] ?? "")) {
    const env = Object.entries(ctx.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (env.length > 0)
      fields.push(`"environ":{${env.map(([k, v]) => `${goJsonString(k)}:${goJsonString(v)}`).join(",")}}`);
  }
  return `{${fields.join(",")}}\n`;
}

function whoamiHandler(o: WhoamiOptions): HttpHandler {
  return (req, ctx) => {
    const { path } = splitTarget(req.target);
    const response = route(req, ctx, path, o);
    if (o.verbose)
      ctx.log(
        "stderr",
        goLogLine(
          ctx.nowMs,
          `${remoteAddr(ctx)} - - [${accessLogTime(ctx.nowMs)}] "${req.method} ${path} ${req.version}" - -`,
        ),
      );
    return response;
  };
}

function route(req: HttpRequest, ctx: ServerContext, path: string, o: WhoamiOptions) {
  switch (path) {
    case "/api":
      return goRespond(req, ctx, { headers: [["Content-Type", "application/json"]], body: apiBody(req, ctx, o.name) });
    case "/bench":
      return goRespond(req, ctx, {
        headers: [
          ["Connection", "keep-alive"],
          ["Content-Type", "text/plain"],
        ],
        body: "1",
      });
    case "/health": {
      if (req.method === "POST") {
        const text = req.body.trim();
        if (!/^-?\d+$/.test(text)) {
          const message = text === "" ? "EOF" : `invalid character '${text[0]}' looking for beginning of value`;
          return goRespond(req, ctx, {
            status: 400,
            headers: [
              ["Content-Type", "text/plain; charset=utf-8"],
              ["X-Content-Type-Options", "nosniff"],
            ],
            body: `${message}\n`,
          });
        }
        ctx.log("stdout", `Update health check status code [${Number(text)}]`);
        ctx.state.whoamiHealthStatus = Number(text);
        return goRespond(req, ctx, { body: "" });
      }
      return goRespond(req, ctx, { status: Number(ctx.state.whoamiHealthStatus ?? 200), body: "" });
    }
    case "/data": {
      const q = parseQuery(splitTarget(req.target).query);
      const sizeText = q.get("size")?.[0] ?? "";
      let size = /^[+-]?\d+$/.test(sizeText) ? Number(sizeText) : 1;
      if (size < 0) size = 0;
      const unit = (q.get("unit")?.[0] ?? "").toLowerCase();
      size *= { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 }[unit] ?? 1;
      return goRespond(req, ctx, { body: filler(Math.min(size, dataBytesMax)) });
    }
    case "/echo":
      // gorilla/websocket's Upgrader refuses a plain request and logs why.
      ctx.log(
        "stderr",
        goLogLine(
          ctx.nowMs,
          "websocket: the client is not using the websocket protocol: 'upgrade' token not found in 'Connection' header",
        ),
      );
      return goRespond(req, ctx, {
        status: 400,
        headers: [
          ["Content-Type", "text/plain; charset=utf-8"],
          ["Sec-Websocket-Version", "13"],
          ["X-Content-Type-Options", "nosniff"],
        ],
        body: "Bad Request\n",
      });
    default:
      return goRespond(req, ctx, { body: whoamiBody(req, ctx, o.name) });
  }
}

const whoami: Program = (argv, ctx) => {
  const args = argv.slice(1);
  const port = goFlag(args, "port") ?? (ctx.env.WHOAMI_PORT_NUMBER || "80");
  const name = goFlag(args, "name") ?? ctx.env.WHOAMI_NAME ?? "";
  const verboseFlag = args.find((a) => a === "-verbose" || a === "--verbose" || /^--?verbose=/.test(a));
  const verbose = verboseFlag !== undefined && (!verboseFlag.includes("=") || parseBool(verboseFlag.split("=")[1]!));
  return serving([{ port: Number(port) || 80, protocol: "TCP", http: whoamiHandler({ name, verbose }) }], {
    // No SIGTERM handler: the Go runtime, as PID 1, exits with status 2 at once.
    sigtermStopMs: 0,
    sigtermExitCode: 2,
    logs: [{ atMs: 0, stream: "stderr", text: goLogLine(ctx.nowMs ?? 0, `Starting up on port ${port}`) }],
  });
};

export const programs: Readonly<Record<string, Program>> = { "/whoami": whoami };
