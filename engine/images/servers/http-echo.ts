/**
 * hashicorp/http-echo (github.com/hashicorp/http-echo): answers every path with its text
 * and a newline, `/health` with `{"status":"ok"}`.
 *
 * 1.0.0 (`latest`, `1.0`; main.go, handlers.go at v1.0.0; image FROM
 * distroless/static-debian12:nonroot with `ENV ECHO_TEXT="hello-world"`): text from `-text`
 * or ECHO_TEXT, `-status-code`, `X-App-Name`/`X-App-Version` headers, a request log line
 * on stdout, SIGTERM shuts down and exits 2. 0.2.3 (FROM scratch): `-text` only, no status
 * flag; it listens to every signal but only SIGINT stops it, so SIGTERM is logged as an
 * unknown signal and the kubelet kills it at the end of the grace period.
 *
 * Simplified: the request log's duration is a small deterministic value, not a measured one;
 * `-version` is not modelled (its output carries build-time values).
 */
import type { HttpHandler } from "../http.ts";
import type { ImageDefinition } from "../image.ts";
import { defaultPath } from "../image.ts";
import type { Program } from "../process.ts";
import { exited, serving } from "../process.ts";
import {
  byteLength,
  goLogLine,
  goMicroseconds,
  goRespond,
  headerValue,
  remoteAddr,
  slashTime,
  splitTarget,
} from "./common.ts";

export const images: readonly ImageDefinition[] = [
  {
    repository: "docker.io/hashicorp/http-echo",
    tags: ["latest", "1.0", "1.0.0", "0.2.3"],
    sizeBytes: 3_000_000,
    entrypoint: ["/http-echo"],
    cmd: [],
    binaries: ["/http-echo"],
    env: { PATH: defaultPath, ECHO_TEXT: "hello-world" },
    files: {},
    // distroless's nonroot user.
    user: "65532",
    flavours: {},
    forTag: (tag) => (tag === "0.2.3" ? { env: { PATH: defaultPath }, user: undefined } : undefined),
  },
];

/** Go's `flag` package: `-text=x`, `--text=x`, `-text x`. */
function goFlag(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `-${name}` || a === `--${name}`) return args[i + 1];
    if (a.startsWith(`-${name}=`) || a.startsWith(`--${name}=`)) return a.slice(a.indexOf("=") + 1);
  }
  return undefined;
}

/** Words that are not flags (or flag values): `http-echo -text=hi extra` → ["extra"]. */
function positional(args: readonly string[], valued: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("-")) {
      out.push(...args.slice(i));
      break;
    }
    if (a === "--") {
      out.push(...args.slice(i + 1));
      break;
    }
    const name = a.replace(/^--?/, "").split("=")[0]!;
    if (!a.includes("=") && valued.includes(name)) i++;
  }
  return out;
}

function handler(text: string, status: number, version: string, logRequests: boolean): HttpHandler {
  return (req, ctx) => {
    const { path } = splitTarget(req.target);
    const health = path === "/health";
    const body = health ? '{"status":"ok"}\n' : `${text}\n`;
    const res = goRespond(req, ctx, {
      status: health ? 200 : status,
      headers: [
        ["X-App-Name", "http-echo"],
        ["X-App-Version", version],
      ],
      body,
    });
    if (!health && logRequests) {
      // handlers.go httpLog: time, r.Host, r.RemoteAddr, "method path proto", status, bytes, UA, duration.
      const micros = 20 + Math.floor(ctx.random() * 40);
      const nanos = Math.floor(ctx.random() * 1000);
      ctx.log(
        "stdout",
        `${slashTime(ctx.nowMs)} ${headerValue(req.headers, "Host") ?? ""} ${remoteAddr(ctx)} "${req.method} ${path} ${req.version}" ${res.status} ${byteLength(body)} "${headerValue(req.headers, "User-Agent") ?? ""}" ${goMicroseconds(micros, nanos)}`,
      );
    }
    return res;
  };
}

const httpEcho: Program = (argv, ctx) => {
  const args = argv.slice(1);
  const legacy = ctx.tag === "0.2.3";
  const version = legacy ? "0.2.3" : "1.0.0";
  const start = ctx.nowMs ?? 0;
  const err = (text: string) => exited(127, [{ atMs: 0, stream: "stderr", text }]);
  const flagText = goFlag(args, "text") ?? "";
  const text = legacy ? flagText : flagText !== "" ? flagText : (ctx.env.ECHO_TEXT ?? "");
  if (text === "") return err(legacy ? "Missing -text option!" : "Missing -text option or ECHO_TEXT env var!");
  if (positional(args, ["text", "listen", "status-code"]).length > 0) return err("Too many arguments!");
  const listen = goFlag(args, "listen") ?? ":5678";
  const port = Number(listen.slice(listen.lastIndexOf(":") + 1)) || 5678;
  const status = legacy ? 200 : Number(goFlag(args, "status-code") ?? 200) || 200;
  const http = handler(text, status, version, true);
  if (legacy)
    return serving([{ port, protocol: "TCP", http }], {
      logs: [{ atMs: 0, stream: "stderr", text: goLogLine(start, `Server is listening on ${listen}`) }],
      // signal.Notify(all): SIGTERM is "unknown", it keeps running until killed.
      sigtermLogs: (at) => [{ atMs: 0, stream: "stderr", text: goLogLine(at, "[ERR] Unknown signal terminated") }],
    });
  return serving([{ port, protocol: "TCP", http }], {
    logs: [{ atMs: 0, stream: "stderr", text: goLogLine(start, `[INFO] server is listening on ${listen}`) }],
    sigtermStopMs: 0,
    sigtermExitCode: 2,
    sigtermLogs: (at) => [
      { atMs: 0, stream: "stderr", text: goLogLine(at, "[INFO] received interrupt, shutting down...") },
    ],
  });
};

export const programs: Readonly<Record<string, Program>> = { "/http-echo": httpEcho };
