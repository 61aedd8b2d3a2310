/**
 * The official httpd image (docker-library/httpd `2.4/Dockerfile` at 684a447, August 2025:
 * Apache 2.4.65 on Debian trixie). `httpd-foreground` removes the pid file and runs
 * `exec httpd -DFOREGROUND "$@"`; the Dockerfile points CustomLog at stdout and ErrorLog at
 * stderr, so `kubectl logs` shows the access log (common format) and the startup notices.
 *
 * Answers as Apache's default handler does (server/core.c `default_handler`): GET, HEAD and
 * POST serve a file, PUT and other methods get 405 (after the 404 check), a missing file
 * 404 with Apache's canned page (modules/http/http_protocol.c); the placeholder page is
 * `htdocs/index.html`, 45 bytes, whose mtime (11 Jun 2007 18:53:14 GMT) every httpd
 * transcript shows in Last-Modified and in `ETag: "2d-432a5e4a73a80"` (size-mtime in µs).
 *
 * Simplified: files written at runtime keep that mtime; a directory without index.html
 * answers 404 (Apache would list it with mod_autoindex); OPTIONS and TRACE are not modelled.
 */
import type { HttpHandler, HttpRequest, HttpResponse, ServerContext } from "../http.ts";
import type { ImageDefinition } from "../image.ts";
import { alpineOsRelease, alpineTools, busyboxFlavours, debianOsRelease, debianTools, defaultPath } from "../image.ts";
import type { Program } from "../process.ts";
import { exited, serving } from "../process.ts";
import { accessLogTime, apacheErrorTime, byteLength, headerValue, imfDate, splitTarget } from "./common.ts";

const version = "2.4.65";
const prefix = "/usr/local/apache2";
export const htdocs = `${prefix}/htdocs`;
/** The placeholder page's mtime, seconds (the `2d-432a5e4a73a80` ETag every httpd image sends). */
const pageMtimeS = 1181587994;

const itWorks = "<html><body><h1>It works!</h1></body></html>\n";

const env = {
  PATH: `${prefix}/bin:${defaultPath}`,
  HTTPD_PREFIX: prefix,
  HTTPD_VERSION: version,
  HTTPD_SHA256: "58b8be97d9940ec17f7656c0c6b9f41b618aac468b894b534148e3296c53b8b3",
  HTTPD_PATCHES: "",
};

const files = { [`${htdocs}/index.html`]: itWorks, "/etc/os-release": debianOsRelease("trixie") };

export const images: readonly ImageDefinition[] = [
  {
    repository: "docker.io/library/httpd",
    tags: ["latest", "2", "2.4", "2.4.65", "alpine", "2.4-alpine", "2.4.65-alpine"],
    sizeBytes: 58_400_000,
    entrypoint: [],
    cmd: ["httpd-foreground"],
    binaries: [...debianTools, "httpd-foreground", "httpd"],
    shell: "dash",
    env,
    files,
    workdir: prefix,
    flavours: {},
    forTag: (tag) =>
      tag.endsWith("alpine")
        ? {
            binaries: [...alpineTools, "httpd-foreground", "httpd"],
            shell: "ash",
            files: { "/etc/os-release": alpineOsRelease("3.22.1") },
            flavours: busyboxFlavours,
          }
        : undefined,
  },
];

/** modules/http/http_protocol.c `get_canned_error_string` and the page around it. */
function cannedPage(status: number, method: string): string {
  const title = status === 404 ? "404 Not Found" : "405 Method Not Allowed";
  const text =
    status === 404
      ? "<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n"
      : `<h1>Method Not Allowed</h1>\n<p>The requested method ${method} is not allowed for this URL.</p>\n`;
  return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${title}</title>\n</head><body>\n${text}</body></html>\n`;
}

function connectionHeaders(req: HttpRequest): [string, string][] {
  const connection = (headerValue(req.headers, "Connection") ?? "").toLowerCase();
  if (connection.includes("close") || (req.version === "HTTP/1.0" && !connection.includes("keep-alive")))
    return [["Connection", "close"]];
  // Apache answers with Keep-Alive only to a client that asked for it by name.
  if (connection.includes("keep-alive"))
    return [
      ["Keep-Alive", "timeout=5, max=100"],
      ["Connection", "Keep-Alive"],
    ];
  return [];
}

function answer(req: HttpRequest, ctx: ServerContext): HttpResponse {
  const head = req.method === "HEAD";
  let path = splitTarget(req.target).path;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Apache answers 400 for a bad escape; keep the raw path here.
  }
  if (path.endsWith("/")) path += "index.html";
  const content = req.method === "PUT" ? undefined : ctx.readFile(`${htdocs}${path}`);
  const base: [string, string][] = [
    ["Date", imfDate(ctx.nowMs)],
    ["Server", `Apache/${version} (Unix)`],
  ];
  const allowed = req.method === "GET" || head || req.method === "POST";
  if (content === undefined || !allowed) {
    const status = content === undefined && req.method !== "PUT" ? 404 : 405;
    const body = cannedPage(status, req.method);
    return {
      version: "HTTP/1.1",
      status,
      reason: status === 404 ? "Not Found" : "Method Not Allowed",
      headers: [
        ...base,
        ...(status === 405 ? [["Allow", "POST,OPTIONS,HEAD,GET,TRACE"] as [string, string]] : []),
        ["Content-Length", String(byteLength(body))],
        ...connectionHeaders(req),
        ["Content-Type", "text/html; charset=iso-8859-1"],
      ],
      body: head ? "" : body,
    };
  }
  const size = byteLength(content);
  return {
    version: "HTTP/1.1",
    status: 200,
    reason: "OK",
    headers: [
      ...base,
      ["Last-Modified", imfDate(pageMtimeS * 1000)],
      ["ETag", `"${size.toString(16)}-${(pageMtimeS * 1_000_000).toString(16)}"`],
      ["Accept-Ranges", "bytes"],
      ["Content-Length", String(size)],
      ...connectionHeaders(req),
      ["Content-Type", path.endsWith(".html") || path.endsWith(".htm") ? "text/html" : "text/plain"],
    ],
    body: head ? "" : content,
  };
}

export const httpdHandler: HttpHandler = (req, ctx) => {
  const res = answer(req, ctx);
  const bytes = byteLength(res.body);
  ctx.log(
    "stdout",
    `${ctx.remoteIP} - - [${accessLogTime(ctx.nowMs)}] "${req.method} ${req.target} ${req.version}" ${res.status} ${bytes === 0 ? "-" : bytes}`,
  );
  return res;
};

const httpd: Program = (argv, ctx) => {
  if (argv.includes("-v"))
    return exited(0, [{ atMs: 0, stream: "stdout", text: `Server version: Apache/${version} (Unix)` }]);
  const at = ctx.nowMs ?? 0;
  // ServerName is unset: Apache names the address it found, once while it checks the
  // configuration and once when it starts for real.
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ctx.podIP ?? ""}. Set the 'ServerName' directive globally to suppress this message`;
  const command = [
    "httpd",
    ...argv.slice(1).flatMap((a) => (a.startsWith("-D") && a.length > 2 ? ["-D", a.slice(2)] : [a])),
  ];
  return serving([{ port: 80, protocol: "TCP", http: httpdHandler }], {
    // STOPSIGNAL SIGWINCH: a graceful stop.
    sigtermStopMs: 100,
    sigtermExitCode: 0,
    logs: [
      { atMs: 0, stream: "stderr", text: fqdn },
      { atMs: 0, stream: "stderr", text: fqdn },
      {
        atMs: 0,
        stream: "stderr",
        text: `[${apacheErrorTime(at)}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${version} (Unix) configured -- resuming normal operations`,
      },
      {
        atMs: 0,
        stream: "stderr",
        text: `[${apacheErrorTime(at)}] [core:notice] [pid 1:tid 1] AH00094: Command line: '${command.join(" ")}'`,
      },
    ],
    imageFiles: files,
  });
};

export const programs: Readonly<Record<string, Program>> = {
  // `exec httpd -DFOREGROUND "$@"`
  "httpd-foreground": (argv, ctx) => httpd(["httpd", "-DFOREGROUND", ...argv.slice(1)], ctx),
  httpd,
};
