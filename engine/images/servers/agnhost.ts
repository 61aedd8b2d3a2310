/**
 * agnhost, Kubernetes' e2e test image (kubernetes/kubernetes `test/images/agnhost`), and
 * the older standalone `serve_hostname` it absorbed (`test/images/serve-hostname`).
 *
 * The image: Alpine with bind-tools, curl, netcat-openbsd, iproute2, iperf and bash
 * (`Dockerfile`), ENTRYPOINT ["/agnhost"], CMD ["pause"]. Logs go through klog's bridge
 * for the standard `log` package (stderr, `log.go:245]`, as agnhost 2.53 prints them).
 *
 * Subcommands here: `netexec` (netexec/netexec.go: HTTP on --http-port, UDP on --udp-port,
 * the handlers below), `serve-hostname` (serve-hostname/serve_hostname.go), `pause`
 * (pause/pause.go). Others exit with cobra's unknown-command error.
 *
 * Simplified: `/shell` runs only `echo`, `hostname` and `cat` (anything else answers as
 * if the command was not found); `/dial?protocol=udp` and sctp report an error entry
 * (a server has no UDP client yet); `/exit` and `/shutdown` set `state.exitCode`, which
 * the runtime turns into the exit (the client sees the connection close, no response);
 * `/upload` always reports that no file came; `--http-override` and TLS are ignored.
 */
import type { HttpHandler, HttpRequest, HttpResponse, ServerContext, UdpHandler } from "../http.ts";
import type { ImageDefinition } from "../image.ts";
import { alpineOsRelease, alpineTools, defaultPath } from "../image.ts";
import type { Listener, LogLine, Program, ProgramContext } from "../process.ts";
import { exited, serving, stateKeys } from "../process.ts";
import {
  goError,
  goJsonString,
  goLogLine,
  goRequestHeader,
  goRespond,
  goTimeString,
  headerValue,
  klogLine,
  parseQuery,
  queryValue,
  remoteAddr,
  splitTarget,
} from "./common.ts";

const agnhostBinaries = [
  ...alpineTools,
  "/agnhost",
  "agnhost",
  "agnhost-2",
  "bash",
  "curl",
  "dig",
  "host",
  "nslookup",
  "iperf",
  "ss",
  "/coredns",
];

export const images: readonly ImageDefinition[] = [
  {
    repository: "registry.k8s.io/e2e-test-images/agnhost",
    tags: ["2.53", "2.52", "2.51", "2.50", "2.47", "2.45", "2.43", "2.40", "2.39"],
    sizeBytes: 51_120_000,
    entrypoint: ["/agnhost"],
    cmd: ["pause"],
    binaries: agnhostBinaries,
    shell: "ash",
    env: { PATH: defaultPath },
    files: { "/etc/os-release": alpineOsRelease("3.21.4") },
    flavours: {
      nslookup: "bind",
      dig: "bind",
      host: "bind",
      wget: "busybox",
      ping: "busybox",
      nc: "openbsd",
      curl: "curl",
    },
  },
  {
    // FROM busybox (BASEIMAGE for amd64), COPY serve_hostname /, ENTRYPOINT ["/serve_hostname"].
    repository: "registry.k8s.io/serve_hostname",
    tags: ["latest", "1.4", "v1.4"],
    sizeBytes: 2_350_000,
    entrypoint: ["/serve_hostname"],
    cmd: [],
    binaries: ["/serve_hostname"],
    env: { PATH: defaultPath },
    files: {},
    flavours: {},
  },
];

// ---------------------------------------------------------------------------------------
// Flags as cobra parses them: --name=value or --name value; ints for the ports.

function flag(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${name}` || a === `-${name}`) return args[i + 1];
    if (a.startsWith(`--${name}=`) || a.startsWith(`-${name}=`)) return a.slice(a.indexOf("=") + 1);
  }
  return undefined;
}

function boolFlag(args: readonly string[], name: string, dflt: boolean): boolean {
  const a = args.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (!a) return dflt;
  const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : "true";
  return v === "true" || v === "1" || v === "t" || v === "T" || v === "TRUE" || v === "True";
}

const klog = (ms: number, text: string): LogLine => ({ atMs: 0, stream: "stderr", text: klogLine(ms, text) });

// ---------------------------------------------------------------------------------------
// netexec

interface NetexecOptions {
  readonly httpPort: number;
  readonly udpPort: number;
  readonly sctpPort: number;
  readonly startMs: number;
}

/** Ready once the UDP (or SCTP) server started: with both disabled, /healthz stays 412. */
const ready = (o: NetexecOptions) => o.udpPort !== -1 || o.sctpPort !== -1;

function logRequest(ctx: ServerContext, text: string): void {
  ctx.log("stderr", klogLine(ctx.nowMs, text));
}

function goQuoted(s: string): string {
  return goJsonString(s)
    .replace(/\\u003c/g, "<")
    .replace(/\\u003e/g, ">")
    .replace(/\\u0026/g, "&");
}

/** A Go error for a request that got no response (dialHTTP's `httpClient.Get`). */
function getError(url: string, failure: string, message: string): string {
  const hostPort = url.replace(/^http:\/\//, "").split("/")[0]!;
  switch (failure) {
    case "refused":
      return `Get "${url}": dial tcp ${hostPort}: connect: connection refused`;
    case "timeout":
      return `Get "${url}": dial tcp ${hostPort}: i/o timeout (Client.Timeout exceeded while awaiting headers)`;
    case "unreachable":
      return `Get "${url}": dial tcp ${hostPort}: connect: no route to host`;
    case "reset":
      return `Get "${url}": read tcp ${hostPort}: read: connection reset by peer`;
    default:
      return `Get "${url}": ${message}`;
  }
}

function dial(req: HttpRequest, ctx: ServerContext): HttpResponse {
  const q = parseQuery(splitTarget(req.target).query);
  const get = (k: string) => q.get(k)?.[0] ?? "";
  const host = get("host");
  const port = get("port");
  const request = get("request");
  const protocol = get("protocol");
  const tryParam = get("tries");
  logRequest(ctx, `GET /dial?host=${host}&protocol=${protocol}&port=${port}&request=${request}&tries=${tryParam}`);
  let tries = 1;
  if (tryParam.length > 0) {
    if (!/^[+-]?\d+$/.test(tryParam))
      return goError(
        req,
        ctx,
        `tries parameter is invalid. strconv.Atoi: parsing ${goQuoted(tryParam)}: invalid syntax`,
        400,
      );
    tries = Number(tryParam);
  }
  if (request.length === 0) return goError(req, ctx, "request parameter not specified. <nil>", 400);
  const proto = protocol.toLowerCase();
  if (proto !== "" && proto !== "http" && proto !== "udp" && proto !== "sctp")
    return goError(req, ctx, `unsupported protocol. ${protocol}`, 400);
  if (!/^\d+$/.test(port) || Number(port) > 65535)
    return goError(
      req,
      ctx,
      `host and/or port param are invalid. ${port === "" ? `address ${host}: missing port in address` : `lookup ${proto === "udp" ? "udp" : "tcp"}/${port}: unknown port`}`,
      400,
    );
  const hostPort = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  const responses: string[] = [];
  const errors: string[] = [];
  let last = "";
  const triesMax = 100;
  for (let i = 0; i < Math.min(tries, triesMax); i++) {
    if (proto === "udp" || proto === "sctp") {
      last = "";
      errors.push(`${proto} dial failed. err:not supported by the simulated agnhost`);
      continue;
    }
    const url = `http://${hostPort}/${request}`;
    const r = ctx.fetch(url, { timeoutMs: 5000, headers: [["User-Agent", "Go-http-client/1.1"]] });
    if (r.ok) {
      last = r.response.body;
      responses.push(last);
    } else {
      last = "";
      errors.push(getError(url, r.failure, r.message));
    }
  }
  // dialHandler keeps "responses" only when the last try answered (`if len(response) > 0`).
  const parts: string[] = [];
  if (errors.length > 0) parts.push(`"errors":[${errors.map(goJsonString).join(",")}]`);
  if (last.length > 0) parts.push(`"responses":[${responses.map(goJsonString).join(",")}]`);
  return goRespond(req, ctx, { body: `{${parts.join(",")}}` });
}

/** What `sh -c` would print for the few commands the simulated /shell runs. */
function shell(cmd: string, ctx: ServerContext): { output: string; error?: string } {
  const words = cmd.trim().split(/\s+/).filter(Boolean);
  const [name, ...args] = words;
  if (name === undefined) return { output: "" };
  if (name === "echo") return { output: `${args.join(" ")}\n` };
  if (name === "hostname") return { output: `${ctx.hostname}\n` };
  if (name === "cat") {
    let out = "";
    for (const f of args) {
      const c = ctx.readFile(f);
      if (c === undefined)
        return { output: `${out}cat: can't open '${f}': No such file or directory\n`, error: "exit status 1" };
      out += c;
    }
    return { output: out };
  }
  return { output: `/bin/sh: ${name}: not found\n`, error: "exit status 127" };
}

function netexecHandler(o: NetexecOptions): HttpHandler {
  return (req, ctx) => {
    const { path } = splitTarget(req.target);
    const form = (k: string) => queryValue(req.target, k);
    switch (path) {
      case "/clientip":
        logRequest(ctx, "GET /clientip");
        return goRespond(req, ctx, { body: remoteAddr(ctx) });
      case "/hostname":
      case "/hostName":
        logRequest(ctx, `GET ${path}`);
        return goRespond(req, ctx, { body: ctx.hostname });
      case "/echo": {
        const msg = form("msg");
        const code = form("code");
        logRequest(ctx, `GET /echo?msg=${msg}&code=${code}`);
        if (code !== "" && !/^[+-]?\d+$/.test(code))
          return goRespond(req, ctx, { body: `argument 'code' must be an integer or empty, got ${goQuoted(code)}\n` });
        // WriteHeader panics outside 100–999; net/http then drops the connection (not modelled).
        return goRespond(req, ctx, {
          status: code === "" ? 200 : Math.min(999, Math.max(100, Number(code))),
          body: msg,
        });
      }
      case "/healthz":
        logRequest(ctx, "GET /healthz");
        return goRespond(req, ctx, { status: ready(o) ? 200 : 412, body: "" });
      case "/readyz":
        logRequest(ctx, "GET /readyz");
        if (ctx.state[stateKeys.terminating] === true)
          return goRespond(req, ctx, { status: 503, body: "shutting down" });
        return ready(o) ? goRespond(req, ctx, { body: "ok" }) : goRespond(req, ctx, { status: 412, body: "" });
      case "/header": {
        const key = form("key");
        const headers = goRequestHeader(req);
        if (key !== "") {
          logRequest(ctx, `GET /header?key=${key}`);
          return goRespond(req, ctx, { body: headerValue(req.headers, key) ?? "" });
        }
        logRequest(ctx, "GET /header");
        const json = [...headers].map(([k, v]) => `${goJsonString(k)}:[${v.map(goJsonString).join(",")}]`).join(",");
        return goRespond(req, ctx, { body: `{${json}}` });
      }
      case "/dial":
        return dial(req, ctx);
      case "/shell": {
        const cmd = form("shellCommand") || form("cmd");
        logRequest(ctx, `GET /shell?cmd=${cmd}`);
        const r = shell(cmd, ctx);
        const fields: string[] = [];
        if (r.error) fields.push(`"error":${goJsonString(r.error)}`);
        if (r.output.length > 0) fields.push(`"output":${goJsonString(r.output)}`);
        logRequest(
          ctx,
          `Output: map[${r.error ? `error:${r.error} ` : ""}${r.output ? `output:${r.output}` : ""}]`.replace(
            / \]$/,
            "]",
          ),
        );
        return goRespond(req, ctx, { body: `{${fields.join(",")}}` });
      }
      case "/upload":
        logRequest(ctx, "GET /upload");
        logRequest(ctx, "Unable to upload file: request Content-Type isn't multipart/form-data");
        return goRespond(req, ctx, { body: '{"error":"Unable to upload file."}' });
      case "/redirect": {
        const location = form("location");
        const code = form("code");
        logRequest(ctx, `${req.method} /redirect?msg=${location}&code=${code}`);
        if (code !== "" && !/^[+-]?\d+$/.test(code))
          return goRespond(req, ctx, { body: `argument 'code' must be an integer or empty, got ${goQuoted(code)}\n` });
        const status = code === "" ? 302 : Number(code);
        const body =
          req.method === "GET" || req.method === "HEAD"
            ? `<a href="${location}">${status === 301 ? "Moved Permanently" : status === 307 ? "Temporary Redirect" : status === 308 ? "Permanent Redirect" : "Found"}</a>.\n\n`
            : "";
        return goRespond(req, ctx, {
          status,
          headers: [
            ["Location", location],
            ...(body ? [["Content-Type", "text/html; charset=utf-8"] as [string, string]] : []),
          ],
          body,
        });
      }
      case "/exit": {
        const wait = form("wait");
        const timeout = form("timeout");
        const code = form("code");
        logRequest(ctx, `GET /exit?code=${code}&timeout=${timeout}&wait=${wait}`);
        if (code !== "" && !/^[+-]?\d+$/.test(code))
          return goRespond(req, ctx, {
            body: `argument 'code' must be an integer [0-127] or empty, got ${goQuoted(code)}\n`,
          });
        const n = code === "" ? 0 : Number(code);
        logRequest(
          ctx,
          `Will begin shutdown in ${wait || "0s"}, allowing ${timeout || "0s"} for connections to close, then will exit with ${n}`,
        );
        ctx.state[stateKeys.exitCode] = n;
        return goRespond(req, ctx, { body: "" });
      }
      case "/shutdown":
        logRequest(ctx, "GET /shutdown");
        ctx.state[stateKeys.exitCode] = 0;
        return goRespond(req, ctx, { body: "" });
      default:
        // ServeMux's "/" pattern catches every other path.
        logRequest(ctx, "GET /");
        return goRespond(req, ctx, { body: `NOW: ${goTimeString(ctx.nowMs, ctx.nowMs - o.startMs)}` });
    }
  };
}

/** netexec's UDP server: `hostname`, `echo <msg>`, `clientip`, case-folded and trimmed. */
const netexecUdp: UdpHandler = (payload, ctx) => {
  const text = payload.trim().toLowerCase();
  if (text === "hostname") {
    logRequest(ctx, "Sending udp hostName response");
    return ctx.hostname;
  }
  if (text.startsWith("echo ")) {
    const resp = text.slice(5);
    logRequest(ctx, `Echoing ${resp} to UDP client ${remoteAddr(ctx)}`);
    return resp;
  }
  if (text === "clientip") {
    logRequest(ctx, `Sending clientip back to UDP client ${remoteAddr(ctx)}`);
    return remoteAddr(ctx);
  }
  if (text.length > 0) logRequest(ctx, `Unknown UDP command received from ${remoteAddr(ctx)}: ${text}`);
  return undefined;
};

function intFlag(args: readonly string[], name: string, dflt: number): number | string {
  const v = flag(args, name);
  if (v === undefined) return dflt;
  return /^[+-]?\d+$/.test(v) ? Number(v) : v;
}

function netexec(args: readonly string[], ctx: ProgramContext): ReturnType<Program> {
  const start = ctx.nowMs ?? 0;
  const values = {
    httpPort: intFlag(args, "http-port", 8080),
    udpPort: intFlag(args, "udp-port", 8081),
    sctpPort: intFlag(args, "sctp-port", -1),
  };
  for (const [name, v] of [
    ["http-port", values.httpPort],
    ["udp-port", values.udpPort],
    ["sctp-port", values.sctpPort],
  ] as const)
    if (typeof v === "string")
      return exited(1, [
        {
          atMs: 0,
          stream: "stderr",
          text: `Error: invalid argument "${v}" for "--${name}" flag: strconv.ParseInt: parsing "${v}": invalid syntax`,
        },
      ]);
  const o: NetexecOptions = {
    httpPort: values.httpPort as number,
    udpPort: values.udpPort as number,
    sctpPort: values.sctpPort as number,
    startMs: start,
  };
  const delay = Number(flag(args, "delay-shutdown") ?? 0) || 0;
  const listeners: Listener[] = [{ port: o.httpPort, protocol: "TCP", http: netexecHandler(o) }];
  const logs = [klog(start, `Started HTTP server on port ${o.httpPort}`)];
  if (o.udpPort !== -1) {
    listeners.push({ port: o.udpPort, protocol: "UDP", udp: netexecUdp });
    logs.push(klog(start, `Started UDP server on port  ${o.udpPort}`));
  }
  return serving(listeners, {
    // SIGTERM: exit 0 at once, or after --delay-shutdown seconds.
    sigtermStopMs: delay * 1000,
    sigtermExitCode: 0,
    ...(delay > 0
      ? { sigtermLogs: (at: number) => [klog(at, `Sleeping ${delay} seconds before terminating...`)] }
      : {}),
    logs,
  });
}

// ---------------------------------------------------------------------------------------
// serve-hostname (agnhost's and the standalone image's)

function serveHostname(args: readonly string[], ctx: ProgramContext, line: (ms: number, text: string) => string) {
  const start = ctx.nowMs ?? 0;
  const log = (text: string): LogLine => ({ atMs: 0, stream: "stderr", text: line(start, text) });
  const tcp = boolFlag(args, "tcp", false);
  const udp = boolFlag(args, "udp", false);
  const http = boolFlag(args, "http", true);
  const port = Number(flag(args, "port") ?? 9376) || 9376;
  if (http && (tcp || udp)) return exited(1, [log("Can't server TCP/UDP mode and HTTP mode at the same time")]);
  const listeners: Listener[] = [];
  if (tcp) listeners.push({ port, protocol: "TCP" });
  if (udp)
    listeners.push({
      port,
      protocol: "UDP",
      udp: (_payload, c) => {
        c.log("stderr", line(c.nowMs, `UDP request from ${remoteAddr(c)}`));
        return c.hostname;
      },
    });
  if (http)
    listeners.push({
      port,
      protocol: "TCP",
      http: (req, c) => {
        c.log("stderr", line(c.nowMs, `HTTP request from ${remoteAddr(c)}`));
        return goRespond(req, c, { body: c.hostname });
      },
    });
  return serving(listeners, {
    // It logs the signal and then sleeps 60 s "awaiting pod deletion": the grace period ends first.
    sigtermStopMs: 60_000,
    sigtermExitCode: 0,
    sigtermLogs: (at) => [
      { atMs: 0, stream: "stderr", text: line(at, "Shutting down after receiving signal: terminated.") },
      { atMs: 0, stream: "stderr", text: line(at, "Awaiting pod deletion.") },
    ],
    logs: [log(`Serving on port ${port}.`)],
  });
}

// ---------------------------------------------------------------------------------------
// pause: prints "Paused"; SIGTERM exits 2 (pause.go's signal switch).

function pause(ctx: ProgramContext) {
  void ctx;
  return serving([], {
    sigtermStopMs: 0,
    sigtermExitCode: 2,
    logs: [{ atMs: 0, stream: "stdout", text: "Paused" }],
  });
}

const agnhost: Program = (argv, ctx) => {
  const args = argv.slice(1);
  const sub = args[0];
  const rest = args.slice(1);
  switch (sub) {
    case "netexec":
      return netexec(rest, ctx);
    case "serve-hostname":
      return serveHostname(rest, ctx, klogLine);
    case "pause":
      return pause(ctx);
    case undefined:
      return exited(0);
    default:
      return exited(1, [
        { atMs: 0, stream: "stderr", text: `Error: unknown command "${sub ?? ""}" for "app"` },
        { atMs: 0, stream: "stderr", text: "Run 'app --help' for usage." },
      ]);
  }
};

export const programs: Readonly<Record<string, Program>> = {
  "/agnhost": agnhost,
  agnhost,
  "agnhost-2": agnhost,
  // The standalone image: Go's flag package and the standard log format.
  "/serve_hostname": (argv, ctx) => serveHostname(argv.slice(1), ctx, goLogLine),
};
