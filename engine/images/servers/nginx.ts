/**
 * The official nginx image (nginxinc/docker-nginx → github.com/nginx/docker-nginx).
 *
 * The image: ENV, entrypoint scripts and STOPSIGNAL from `mainline/debian/Dockerfile` at
 * the commit that built each release (1.29.1: 5a4ad48; stable 1.28.0, 1.27.5: eaf8875 …);
 * `/etc/nginx/nginx.conf` and `conf.d/default.conf` from nginx/pkg-oss
 * `debian/debian/nginx.conf` and `nginx.default.conf` at tag `<version>-1`; the welcome and
 * 50x pages from nginx `docs/html/` at `release-<version>` (615/497 bytes since 1.21.x,
 * 612/494 before, 537 for the 50x page of 1.14).
 *
 * The server (nginx `ngx_http_static_module.c`, `ngx_http_index_module.c`,
 * `ngx_http_special_response.c`, `ngx_http_header_filter_module.c`): listens on 80 whatever
 * containerPort says; serves `/usr/share/nginx/html` through the container's filesystem,
 * so a file written there is what it serves; `index.html` for a path ending in `/`; GET
 * and HEAD serve, POST to an existing file is 405, other methods 405; the error pages end
 * in `nginx/<version>`. Access log in the image's `main` format on stdout, errors on
 * stderr (the image links both log files to the container's output).
 *
 * Simplified: Last-Modified/ETag use the release's tag time as every file's mtime (the
 * real one is the package build time, hours later; written files will get their write
 * time once the filesystem records it); directories other than the root are not known,
 * so `/sub` never redirects to `/sub/`; no Range, gzip or keep-alive reuse.
 */
import type { HttpHandler, HttpRequest, HttpResponse, ServerContext } from "../http.ts";
import type { ImageConfig, ImageDefinition } from "../image.ts";
import { alpineOsRelease, alpineTools, busyboxFlavours, debianOsRelease, debianTools, defaultPath } from "../image.ts";
import type { LogLine, Program, ProgramContext } from "../process.ts";
import { exited, lookupProgram, serving } from "../process.ts";
import { accessLogTime, byteLength, headerValue, imfDate, slashTime, splitTarget } from "./common.ts";

type Distro = "bookworm" | "bullseye" | "buster" | "stretch" | "alpine";

interface NginxRelease {
  readonly version: string;
  readonly distro: Distro;
  /** ENV after PATH, in Dockerfile order. */
  readonly env: readonly (readonly [string, string])[];
  /** `nginx -V`'s "built by" (NGX_COMPILER keeps gcc's trailing space). */
  readonly compiler: string;
  /** Tag time of `release-<version>` in nginx/nginx, seconds: the files' mtime here. */
  readonly mtimeS: number;
  /** The docker-entrypoint.d scripts the image ships, sorted as `sort -V` runs them; none: no entrypoint. */
  readonly scripts: readonly string[];
  /** nginx.conf generation: worker count and error_log level changed in 1.21, the pid path in 1.27.5. */
  readonly conf: "1.14" | "1.21" | "1.27.5";
  /** PID of the first worker: 29 after the entrypoint's scripts (30 on alpine), 6 without them, in every docker log of these images. */
  readonly firstWorkerPid: number;
}

const bookworm = "gcc 12.2.0 (Debian 12.2.0-14) ";
const scripts125 = [
  "10-listen-on-ipv6-by-default.sh",
  "15-local-resolvers.envsh",
  "20-envsubst-on-templates.sh",
  "30-tune-worker-processes.sh",
];
const scripts119 = ["10-listen-on-ipv6-by-default.sh", "20-envsubst-on-templates.sh", "30-tune-worker-processes.sh"];

const debianEnv = (nginx: string, njs: string, withRelease: boolean, dynpkg = "1~bookworm") =>
  [
    ["NGINX_VERSION", nginx],
    ["NJS_VERSION", njs],
    ...(withRelease ? [["NJS_RELEASE", "1~bookworm"] as const] : []),
    ["PKG_RELEASE", "1~bookworm"],
    ...(withRelease ? [["DYNPKG_RELEASE", dynpkg] as const] : []),
  ] as const;

const releases = {
  "1.29.1": {
    version: "1.29.1",
    distro: "bookworm",
    env: debianEnv("1.29.1", "0.9.1", true),
    compiler: "gcc 12.2.0 (Debian 12.2.0-14+deb12u1) ",
    mtimeS: 1755095621,
    scripts: scripts125,
    conf: "1.27.5",
    firstWorkerPid: 29,
  },
  "1.29.1-alpine": {
    version: "1.29.1",
    distro: "alpine",
    env: [
      ["NGINX_VERSION", "1.29.1"],
      ["PKG_RELEASE", "1"],
      ["DYNPKG_RELEASE", "1"],
      ["NJS_VERSION", "0.9.1"],
      ["NJS_RELEASE", "1"],
    ],
    compiler: "gcc 14.2.0 (Alpine 14.2.0) ",
    mtimeS: 1755095621,
    scripts: scripts125,
    conf: "1.27.5",
    firstWorkerPid: 30,
  },
  "1.28.0": {
    version: "1.28.0",
    distro: "bookworm",
    env: debianEnv("1.28.0", "0.8.10", true),
    compiler: bookworm,
    mtimeS: 1745408934,
    scripts: scripts125,
    conf: "1.27.5",
    firstWorkerPid: 29,
  },
  "1.27.5": {
    version: "1.27.5",
    distro: "bookworm",
    env: debianEnv("1.27.5", "0.8.10", true),
    compiler: bookworm,
    mtimeS: 1744804871,
    scripts: scripts125,
    conf: "1.27.5",
    firstWorkerPid: 29,
  },
  "1.27.3": {
    version: "1.27.3",
    distro: "bookworm",
    env: debianEnv("1.27.3", "0.8.7", true),
    compiler: bookworm,
    mtimeS: 1732636500,
    scripts: scripts125,
    conf: "1.21",
    firstWorkerPid: 29,
  },
  "1.25.5": {
    version: "1.25.5",
    distro: "bookworm",
    env: debianEnv("1.25.5", "0.8.4", false),
    compiler: bookworm,
    mtimeS: 1713277670,
    scripts: scripts125,
    conf: "1.21",
    firstWorkerPid: 29,
  },
  "1.25.3": {
    version: "1.25.3",
    distro: "bookworm",
    env: debianEnv("1.25.3", "0.8.2", false),
    compiler: bookworm,
    mtimeS: 1698155206,
    scripts: scripts125,
    conf: "1.21",
    firstWorkerPid: 29,
  },
  "1.21.6": {
    version: "1.21.6",
    distro: "bullseye",
    env: [
      ["NGINX_VERSION", "1.21.6"],
      ["NJS_VERSION", "0.7.2"],
      ["PKG_RELEASE", "1~bullseye"],
    ],
    compiler: "gcc 10.2.1 20210110 (Debian 10.2.1-6) ",
    mtimeS: 1643123031,
    scripts: scripts119,
    conf: "1.21",
    firstWorkerPid: 29,
  },
  "1.19.10": {
    version: "1.19.10",
    distro: "buster",
    env: [
      ["NGINX_VERSION", "1.19.10"],
      ["NJS_VERSION", "0.5.3"],
      ["PKG_RELEASE", "1~buster"],
    ],
    compiler: "gcc 8.3.0 (Debian 8.3.0-6) ",
    mtimeS: 1618326838,
    scripts: scripts119,
    conf: "1.14",
    firstWorkerPid: 29,
  },
  "1.16.1": {
    version: "1.16.1",
    distro: "buster",
    env: [
      ["NGINX_VERSION", "1.16.1"],
      ["NJS_VERSION", "0.3.4"],
      ["PKG_RELEASE", "1~buster"],
    ],
    compiler: "gcc 8.3.0 (Debian 8.3.0-6) ",
    mtimeS: 1565700702,
    scripts: [],
    conf: "1.14",
    firstWorkerPid: 6,
  },
  "1.14.2": {
    version: "1.14.2",
    distro: "stretch",
    env: [
      ["NGINX_VERSION", "1.14.2-1~stretch"],
      ["NJS_VERSION", "1.14.2.0.2.6-1~stretch"],
    ],
    compiler: "gcc 6.3.0 20170516 (Debian 6.3.0-18+deb9u1) ",
    mtimeS: 1543935144,
    scripts: [],
    conf: "1.14",
    firstWorkerPid: 6,
  },
} satisfies Record<string, NginxRelease>;

type ReleaseKey = keyof typeof releases;

/** Docker Hub tags as of September 2025 (mainline 1.29.1, stable 1.28.0) and the release each names. */
const tagReleases: Readonly<Record<string, ReleaseKey>> = {
  latest: "1.29.1",
  mainline: "1.29.1",
  "1": "1.29.1",
  "1.29": "1.29.1",
  "1.29.1": "1.29.1",
  alpine: "1.29.1-alpine",
  "mainline-alpine": "1.29.1-alpine",
  "1.29-alpine": "1.29.1-alpine",
  "1.29.1-alpine": "1.29.1-alpine",
  stable: "1.28.0",
  "1.28": "1.28.0",
  "1.28.0": "1.28.0",
  "1.27": "1.27.5",
  "1.27.5": "1.27.5",
  "1.27.3": "1.27.3",
  "1.25": "1.25.5",
  "1.25.5": "1.25.5",
  "1.25.3": "1.25.3",
  "1.21": "1.21.6",
  "1.21.6": "1.21.6",
  "1.19": "1.19.10",
  "1.19.10": "1.19.10",
  "1.16": "1.16.1",
  "1.16.1": "1.16.1",
  "1.14.2": "1.14.2",
};

export function nginxRelease(tag: string | undefined): NginxRelease {
  return releases[tagReleases[tag ?? "latest"] ?? "1.29.1"];
}

const newPages = (v: string) => v !== "1.14.2" && v !== "1.16.1" && v !== "1.19.10";

/** nginx `docs/html/index.html`: 615 bytes since 1.21.x (dark-mode style), 612 before. */
function welcomePage(version: string): string {
  const style = newPages(version)
    ? "html { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n"
    : "    body {\n        width: 35em;\n        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n";
  return `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
${style}</style>
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
}

/** nginx `docs/html/50x.html`: 497 bytes since 1.21.x, 494 before, 537 in 1.14 (error_log link). */
function errorPage(version: string): string {
  const style = newPages(version)
    ? "html { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n"
    : "    body {\n        width: 35em;\n        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n";
  const log = version === "1.14.2" ? '<a href="http://nginx.org/r/error_log">error log</a>' : "error log";
  return `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
${style}</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the ${log} for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;
}

/** pkg-oss `nginx.conf` (debian and alpine are the same file). */
function nginxConf(conf: NginxRelease["conf"]): string {
  return `
user  nginx;
worker_processes  ${conf === "1.14" ? "1" : "auto"};

error_log  /var/log/nginx/error.log ${conf === "1.14" ? "warn" : "notice"};
pid        ${conf === "1.27.5" ? "/run/nginx.pid" : "/var/run/nginx.pid"};


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;
}

/** pkg-oss `nginx.default.conf` (`nginx.vh.default.conf` before 1.19); the charset comment went in 1.21. */
function defaultConf(version: string): string {
  const charset = newPages(version) ? "" : "    #charset koi8-r;\n";
  return `server {
    listen       80;
    server_name  localhost;

${charset}    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }

    # proxy the PHP scripts to Apache listening on 127.0.0.1:80
    #
    #location ~ \\.php$ {
    #    proxy_pass   http://127.0.0.1;
    #}

    # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000
    #
    #location ~ \\.php$ {
    #    root           html;
    #    fastcgi_pass   127.0.0.1:9000;
    #    fastcgi_index  index.php;
    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;
    #    include        fastcgi_params;
    #}

    # deny access to .htaccess files, if Apache's document root
    # concurs with nginx's one
    #
    #location ~ /\\.ht {
    #    deny  all;
    #}
}

`;
}

/** What `10-listen-on-ipv6-by-default.sh` makes of default.conf: `listen  [::]:80;` after `listen       80;`. */
function withIpv6Listen(conf: string): string {
  return conf.replace("    listen       80;\n", "    listen       80;\n    listen  [::]:80;\n");
}

export const htmlRoot = "/usr/share/nginx/html";

function filesFor(r: NginxRelease): Record<string, string> {
  return {
    [`${htmlRoot}/index.html`]: welcomePage(r.version),
    [`${htmlRoot}/50x.html`]: errorPage(r.version),
    "/etc/nginx/nginx.conf": nginxConf(r.conf),
    "/etc/nginx/conf.d/default.conf": defaultConf(r.version),
    "/etc/os-release": r.distro === "alpine" ? alpineOsRelease("3.22.1") : debianOsRelease(r.distro),
  };
}

function configFor(r: NginxRelease): Partial<ImageConfig> {
  const entry = r.scripts.length > 0 ? ["/docker-entrypoint.sh"] : [];
  const alpine = r.distro === "alpine";
  return {
    entrypoint: entry,
    env: { PATH: defaultPath, ...Object.fromEntries(r.env) },
    files: filesFor(r),
    binaries: alpine
      ? [...alpineTools, "nginx", "curl", ...entry]
      : // curl came into the image with the entrypoint scripts (1.19).
        [...debianTools, "nginx", ...entry, ...(r.scripts.length > 0 ? ["curl"] : [])],
    shell: alpine ? "ash" : "dash",
    flavours: alpine ? { ...busyboxFlavours, curl: "curl" } : r.scripts.length > 0 ? { curl: "curl" } : {},
  };
}

const latest = nginxRelease("latest");

export const images: readonly ImageDefinition[] = [
  {
    repository: "docker.io/library/nginx",
    tags: Object.keys(tagReleases),
    sizeBytes: 72_195_292,
    entrypoint: ["/docker-entrypoint.sh"],
    cmd: ["nginx", "-g", "daemon off;"],
    binaries: [...debianTools, "nginx", "/docker-entrypoint.sh", "curl"],
    shell: "dash",
    env: { PATH: defaultPath, ...Object.fromEntries(latest.env) },
    files: filesFor(latest),
    flavours: { curl: "curl" },
    forTag: (tag) => (tag === "latest" ? undefined : configFor(nginxRelease(tag))),
  },
];

// ---------------------------------------------------------------------------------------
// The server

/** ngx_http_special_response.c: the page head per status; every page ends in the version tail. */
const specialTitles: Readonly<Record<number, string>> = {
  301: "301 Moved Permanently",
  400: "400 Bad Request",
  403: "403 Forbidden",
  404: "404 Not Found",
  405: "405 Not Allowed",
  500: "500 Internal Server Error",
};

const reasons: Readonly<Record<number, string>> = {
  200: "OK",
  301: "Moved Permanently",
  304: "Not Modified",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  405: "Not Allowed",
  500: "Internal Server Error",
};

export function nginxErrorBody(status: number, version: string, userAgent = ""): string {
  const title = specialTitles[status] ?? `${status}`;
  const page = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n`;
  const tail = `<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
  // Browsers that show their own "friendly" page for short 4xx bodies get a padding comment.
  const padded = status >= 400 && (/MSIE /.test(userAgent) || /Chrome\//.test(userAgent));
  const padding = padded ? "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n".repeat(6) : "";
  return page + tail + padding;
}

/** conf/mime.types, the types a lesson meets. */
const mimeTypes: Readonly<Record<string, string>> = {
  html: "text/html",
  htm: "text/html",
  shtml: "text/html",
  css: "text/css",
  xml: "text/xml",
  gif: "image/gif",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  js: "application/javascript",
  txt: "text/plain",
  png: "image/png",
  svg: "image/svg+xml",
  ico: "image/x-icon",
  json: "application/json",
  pdf: "application/pdf",
};

function contentType(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return (dot > 0 && mimeTypes[base.slice(dot + 1).toLowerCase()]) || "application/octet-stream";
}

/** Decode %XX and resolve `.`/`..` and `//` as nginx's URI parser does; undefined when it climbs above `/`. */
function normalisePath(raw: string): string | undefined {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  const out: string[] = [];
  const parts = decoded.split("/");
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    if (p === "" && i < parts.length - 1) continue;
    if (p === ".") continue;
    if (p === "..") {
      if (out.length === 0) return undefined;
      out.pop();
      continue;
    }
    out.push(p);
  }
  return `/${out.join("/")}`;
}

interface Outcome {
  status: number;
  file?: { path: string; content: string };
  errorLog?: string;
}

function route(req: HttpRequest, ctx: ServerContext): Outcome {
  const method = req.method;
  if (method !== "GET" && method !== "HEAD" && method !== "POST") return { status: 405 };
  const path = normalisePath(splitTarget(req.target).path);
  if (path === undefined || !path.startsWith("/")) return { status: 400 };
  let file = `${htmlRoot}${path}`;
  if (path.endsWith("/")) {
    const index = ["index.html", "index.htm"].map((n) => `${file}${n}`).find((p) => ctx.readFile(p) !== undefined);
    if (!index) {
      if (path === "/") return { status: 403, errorLog: `directory index of "${file}" is forbidden` };
      return { status: 404, errorLog: `"${file}index.html" is not found (2: No such file or directory)` };
    }
    file = index;
  }
  const content = ctx.readFile(file);
  if (content === undefined) return { status: 404, errorLog: `open() "${file}" failed (2: No such file or directory)` };
  if (method === "POST") return { status: 405 };
  return { status: 200, file: { path: file, content } };
}

function keepAlive(req: HttpRequest, status: number): boolean {
  if ([400, 413, 414, 500, 501].includes(status)) return false;
  const connection = (headerValue(req.headers, "Connection") ?? "").toLowerCase();
  if (req.version === "HTTP/1.0") return connection.includes("keep-alive");
  return !connection.includes("close");
}

/** The handler nginx answers with on port 80. */
export function nginxHandler(release: NginxRelease): HttpHandler {
  const server = `nginx/${release.version}`;
  const worker = release.firstWorkerPid;
  return (req, ctx) => {
    const connection = Number(ctx.state.nginxConnections ?? 0) + 1;
    ctx.state.nginxConnections = connection;
    const outcome = route(req, ctx);
    const requestLine = `${req.method} ${req.target} ${req.version}`;
    const host = headerValue(req.headers, "Host");
    const referer = headerValue(req.headers, "Referer");
    if (outcome.errorLog)
      ctx.log(
        "stderr",
        `${slashTime(ctx.nowMs)} [error] ${worker}#${worker}: *${connection} ${outcome.errorLog}, client: ${ctx.remoteIP}, server: localhost, request: "${requestLine}"${host !== undefined ? `, host: "${host}"` : ""}${referer !== undefined ? `, referrer: "${referer}"` : ""}`,
      );
    const response = respond(req, ctx, outcome, server, release);
    const sent = byteLength(response.body);
    ctx.log(
      "stdout",
      `${ctx.remoteIP} - - [${accessLogTime(ctx.nowMs)}] "${requestLine}" ${response.status} ${sent} "${referer ?? "-"}" "${headerValue(req.headers, "User-Agent") ?? "-"}" "${headerValue(req.headers, "X-Forwarded-For") ?? "-"}"`,
    );
    return response;
  };
}

function respond(
  req: HttpRequest,
  ctx: ServerContext,
  outcome: Outcome,
  server: string,
  release: NginxRelease,
): HttpResponse {
  const alive = keepAlive(req, outcome.status);
  const connection: [string, string] = ["Connection", alive ? "keep-alive" : "close"];
  const head = req.method === "HEAD";
  if (outcome.status === 200 && outcome.file) {
    const size = byteLength(outcome.file.content);
    const mtime = release.mtimeS;
    const etag = `"${mtime.toString(16)}-${size.toString(16)}"`;
    const lastModified = imfDate(mtime * 1000);
    const notModified =
      headerValue(req.headers, "If-None-Match") === etag ||
      (headerValue(req.headers, "If-None-Match") === undefined &&
        headerValue(req.headers, "If-Modified-Since") === lastModified);
    if (notModified)
      return {
        version: "HTTP/1.1",
        status: 304,
        reason: "Not Modified",
        headers: [
          ["Server", server],
          ["Date", imfDate(ctx.nowMs)],
          ["Last-Modified", lastModified],
          connection,
          ["ETag", etag],
        ],
        body: "",
      };
    return {
      version: "HTTP/1.1",
      status: 200,
      reason: "OK",
      headers: [
        ["Server", server],
        ["Date", imfDate(ctx.nowMs)],
        ["Content-Type", contentType(outcome.file.path)],
        ["Content-Length", String(size)],
        ["Last-Modified", lastModified],
        connection,
        ["ETag", etag],
        ["Accept-Ranges", "bytes"],
      ],
      body: head ? "" : outcome.file.content,
    };
  }
  const body = nginxErrorBody(outcome.status, release.version, headerValue(req.headers, "User-Agent") ?? "");
  return {
    version: "HTTP/1.1",
    status: outcome.status,
    reason: reasons[outcome.status] ?? "",
    headers: [
      ["Server", server],
      ["Date", imfDate(ctx.nowMs)],
      ["Content-Type", "text/html"],
      ["Content-Length", String(byteLength(body))],
      connection,
    ],
    body: head ? "" : body,
  };
}

// ---------------------------------------------------------------------------------------
// The programs: the entrypoint script and nginx itself

/** What docker-entrypoint.sh and its scripts print before `exec nginx` (stdout). */
function entrypointLines(release: NginxRelease, env: Readonly<Record<string, string>>): string[] {
  if (env.NGINX_ENTRYPOINT_QUIET_LOGS) return [];
  const me = "/docker-entrypoint.sh";
  const out = [
    `${me}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`,
    `${me}: Looking for shell scripts in /docker-entrypoint.d/`,
  ];
  for (const s of release.scripts) {
    if (s.endsWith(".envsh")) out.push(`${me}: Sourcing /docker-entrypoint.d/${s}`);
    else out.push(`${me}: Launching /docker-entrypoint.d/${s}`);
    if (s === "10-listen-on-ipv6-by-default.sh")
      out.push(
        `${s}: info: Getting the checksum of /etc/nginx/conf.d/default.conf`,
        `${s}: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf`,
      );
  }
  out.push(`${me}: Configuration complete; ready for start up`);
  return out;
}

/** nginx's notice lines at start (error_log level notice since 1.21; warn before: none). */
function noticeLines(release: NginxRelease, atMs: number): string[] {
  if (release.conf === "1.14") return [];
  const t = slashTime(atMs);
  const workers = 4; // worker_processes auto on a kind node with 4 CPUs
  const lines = [
    `${t} [notice] 1#1: using the "epoll" event method`,
    `${t} [notice] 1#1: nginx/${release.version}`,
    `${t} [notice] 1#1: built by ${release.compiler}`,
    `${t} [notice] 1#1: OS: Linux 6.8.0-60-generic`,
    `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
    `${t} [notice] 1#1: start worker processes`,
  ];
  for (let i = 0; i < workers; i++) lines.push(`${t} [notice] 1#1: start worker process ${release.firstWorkerPid + i}`);
  return lines;
}

/** STOPSIGNAL SIGQUIT (1.19+): a graceful shutdown, exit 0, and these notices. */
function shutdownLines(release: NginxRelease, atMs: number): LogLine[] {
  if (release.conf === "1.14") return [];
  const t = slashTime(atMs);
  const lines = [`${t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`];
  const pids = [0, 1, 2, 3].map((i) => release.firstWorkerPid + i);
  for (const p of pids) lines.push(`${t} [notice] ${p}#${p}: gracefully shutting down`);
  for (const p of pids) lines.push(`${t} [notice] ${p}#${p}: exiting`, `${t} [notice] ${p}#${p}: exit`);
  for (const p of pids)
    lines.push(
      `${t} [notice] 1#1: signal 17 (SIGCHLD) received from ${p}`,
      `${t} [notice] 1#1: worker process ${p} exited with code 0`,
    );
  lines.push(`${t} [notice] 1#1: exit`);
  return lines.map((text) => ({ atMs: 0, stream: "stderr", text }));
}

function startNginx(ctx: ProgramContext, prelude: readonly LogLine[], files: { path: string; content: string }[]) {
  const release = nginxRelease(ctx.tag);
  const start = ctx.nowMs ?? 0;
  const logs: LogLine[] = [
    ...prelude,
    ...noticeLines(release, start).map((text) => ({ atMs: 0, stream: "stderr" as const, text })),
  ];
  return serving([{ port: 80, protocol: "TCP", http: nginxHandler(release) }], {
    sigtermStopMs: 100,
    sigtermExitCode: 0,
    sigtermLogs: (at) => shutdownLines(release, at),
    logs,
    files: files.map((f) => ({ path: f.path, fromMs: 0, content: f.content })),
    imageFiles: filesFor(release),
  });
}

const nginx: Program = (argv, ctx) => {
  if (argv.includes("-v") || argv.includes("-V"))
    return exited(0, [{ atMs: 0, stream: "stderr", text: `nginx version: nginx/${nginxRelease(ctx.tag).version}` }]);
  return startNginx(ctx, [], []);
};

const entrypoint: Program = (argv, ctx) => {
  const release = nginxRelease(ctx.tag);
  const next = argv[1];
  if (next === "nginx" || next === "nginx-debug") {
    const prelude = entrypointLines(release, ctx.env).map((text) => ({ atMs: 0, stream: "stdout" as const, text }));
    const ipv6 = release.scripts.includes("10-listen-on-ipv6-by-default.sh")
      ? [{ path: "/etc/nginx/conf.d/default.conf", content: withIpv6Listen(defaultConf(release.version)) }]
      : [];
    return startNginx(ctx, prelude, ipv6);
  }
  // `exec "$@"` (line 47) for anything else; dash reports a missing command with the line.
  if (next === undefined) return exited(0);
  const program = lookupProgram(next, ctx.image);
  if (!program)
    return exited(127, [{ atMs: 0, stream: "stderr", text: `/docker-entrypoint.sh: 47: exec: ${next}: not found` }]);
  return program(argv.slice(1), ctx);
};

export const programs: Readonly<Record<string, Program>> = {
  nginx,
  "/docker-entrypoint.sh": entrypoint,
};
