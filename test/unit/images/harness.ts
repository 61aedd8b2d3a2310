/**
 * Running an image's program outside a cluster: resolve the image for its tag, start the
 * program the way the kubelet does (entrypoint + cmd, the image's ENV plus HOSTNAME and
 * the pod's env), and talk to its listeners with a ServerContext whose log, state and
 * outbound requests the test can see.
 */
import { lookupImage } from "../../../engine/images/catalog.ts";
import type {
  HeaderList,
  HttpRequest,
  HttpResponse,
  OutboundRequest,
  OutboundResult,
  ServerContext,
} from "../../../engine/images/http.ts";
import type { ImageDefinition } from "../../../engine/images/image.ts";
import type { ImageView, ProcessPlan } from "../../../engine/images/process.ts";
import { lookupProgram } from "../../../engine/images/process.ts";
import { parseImageReference } from "../../../engine/images/reference.ts";

/** 2025-09-01T09:00:05Z, the instant the lesson examples use. */
export const t0 = Date.UTC(2025, 8, 1, 9, 0, 5);

export interface Started {
  readonly image: ImageDefinition;
  readonly plan: ProcessPlan;
  readonly env: Readonly<Record<string, string>>;
}

export function imageOf(reference: string): ImageDefinition {
  const ref = parseImageReference(reference);
  if (!ref) throw new Error(`bad reference ${reference}`);
  const found = lookupImage(ref);
  if (!found.ok) throw new Error(`${reference}: ${found.reason}`);
  return found.image;
}

export function start(
  reference: string,
  opts: {
    readonly command?: readonly string[];
    readonly args?: readonly string[];
    readonly env?: Readonly<Record<string, string>>;
    readonly hostname?: string;
    readonly podIP?: string;
    readonly nowMs?: number;
  } = {},
): Started {
  const ref = parseImageReference(reference)!;
  const image = imageOf(reference);
  const argv = [...(opts.command ?? image.entrypoint), ...(opts.args ?? (opts.command ? [] : image.cmd))];
  const view: ImageView = { binaries: new Set(image.binaries), ...(image.shell ? { shell: image.shell } : {}) };
  const hostname = opts.hostname ?? "web-7d4b9c6f5-x2x9k";
  const env = { ...image.env, HOSTNAME: hostname, ...(opts.env ?? {}) };
  const program = lookupProgram(argv[0]!, view);
  if (!program) throw new Error(`${reference}: no program for ${argv[0]}`);
  const started = program(argv, {
    image: view,
    env,
    hostname,
    tag: ref.tag,
    podIP: opts.podIP ?? "10.244.1.7",
    nowMs: opts.nowMs ?? t0,
  });
  if (!started.ok) throw new Error(started.message);
  return { image, plan: started.plan, env };
}

export interface FakeContext extends ServerContext {
  readonly logged: { stream: "stdout" | "stderr"; text: string }[];
  readonly fetched: { url: string; init: OutboundRequest | undefined }[];
}

/** A ServerContext for one request: files from the image (plus `written`), a log the test reads. */
export function context(
  started: Started | undefined,
  opts: {
    readonly nowMs?: number;
    readonly remoteIP?: string;
    readonly remotePort?: number;
    readonly localPort?: number;
    readonly written?: Readonly<Record<string, string | null>>;
    readonly state?: Record<string, string | number | boolean>;
    readonly random?: () => number;
    readonly fetch?: (url: string, init?: OutboundRequest) => OutboundResult;
    readonly env?: Readonly<Record<string, string>>;
  } = {},
): FakeContext {
  const logged: FakeContext["logged"] = [];
  const fetched: FakeContext["fetched"] = [];
  const files = started?.plan.imageFiles ?? started?.image.files ?? {};
  return {
    nowMs: opts.nowMs ?? t0 + 60_000,
    hostname: "web-7d4b9c6f5-x2x9k",
    podIP: "10.244.1.7",
    namespace: "default",
    podName: "web-7d4b9c6f5-x2x9k",
    localPort: opts.localPort ?? 80,
    remoteIP: opts.remoteIP ?? "10.244.2.5",
    remotePort: opts.remotePort ?? 43210,
    env: opts.env ?? started?.env ?? {},
    interfaceIPs: ["127.0.0.1", "::1", "10.244.1.7", "fe80::a8c1:abff:fe12:3456"],
    readFile: (path) => {
      const w = opts.written?.[path];
      if (w !== undefined) return w ?? undefined;
      return files[path];
    },
    log: (stream, text) => {
      logged.push({ stream, text });
    },
    state: opts.state ?? started?.plan.state ?? {},
    random: opts.random ?? (() => 0.42),
    fetch: (url, init) => {
      fetched.push({ url, init });
      return opts.fetch ? opts.fetch(url, init) : { ok: false, failure: "refused", message: "connection refused" };
    },
    logged,
    fetched,
  };
}

/** A request as curl 8.15 sends it. */
export function curl(target: string, host: string, more: HeaderList = [], method = "GET", body = ""): HttpRequest {
  return {
    method,
    target,
    version: "HTTP/1.1",
    headers: [["Host", host], ["User-Agent", "curl/8.15.0"], ["Accept", "*/*"], ...more],
    body,
  };
}

/** The HTTP handler listening on a TCP port of a started program. */
export function http(started: Started, port: number): (req: HttpRequest, ctx: ServerContext) => HttpResponse {
  const l = started.plan.listeners.find((x) => x.port === port && x.protocol === "TCP");
  if (!l?.http) throw new Error(`nothing answers HTTP on ${port}`);
  return l.http;
}

/** A response as `curl -i` prints it (CRLF kept out for readability: one line per header). */
export function show(res: HttpResponse): string[] {
  return [`${res.version} ${res.status} ${res.reason}`, ...res.headers.map(([n, v]) => `${n}: ${v}`)];
}

export function response(status: number, body: string): OutboundResult {
  return {
    ok: true,
    response: { version: "HTTP/1.1", status, reason: "", headers: [], body },
  };
}
