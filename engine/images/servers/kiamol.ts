/**
 * The chapter 3 images of "Learn Kubernetes in a Month of Lunches" (sixeyed/kiamol
 * `ch03/docker-images`, .NET 6 on `aspnet:6.0-alpine` since 6df11cf): a random-number API,
 * a web page that calls it, and a sleeping client.
 *
 * numbers-api (`Numbers.Api`): GET `/rng` (also `/sixeyed/kiamol/master/ch03/numbers/rng`,
 * the GitHub path of the static answer) returns 0–99 as JSON; after `FailAfterCallCount`
 * calls (image ENV 0: never) it turns unhealthy and answers 500 `{"message":"Unhealthy!"}`;
 * `/healthz` (and `/health`) says `Ok` or 500 `{"message":"Unhealthy"}`; `/reset` heals.
 * Console logging in systemd format (Program.cs), so `<4>…RngController[0] Unhealthy!`.
 *
 * numbers-web (`Numbers.Web`): the Razor page "KIAMOL Random Number Generator" with a Go!
 * button; its POST calls `RngApi__Url` through RestSharp, retries a 404 with the Host
 * header `RngApi__RetryHost` (so an ExternalName to raw.githubusercontent.com gets the
 * static `42`), and shows `Here it is: N` or `RNG service unavailable!`. `v2` only swaps
 * site.css.
 *
 * sleep (`sleep/Dockerfile`): alpine 3.15 with curl and jq,
 * `CMD exec /bin/sh -c "trap : TERM INT; (while true; do sleep 1000; done) & wait"`.
 *
 * Simplified: the page's whitespace approximates Razor's; the antiforgery token and cookie
 * are deterministic stand-ins and a POST is accepted when it carries any token; static
 * files under wwwroot are not served; Kestrel's headers are listed in the order its
 * responses show them (known headers alphabetically).
 */
import type { HeaderList, HttpHandler, HttpRequest, HttpResponse, ServerContext } from "../http.ts";
import type { ImageDefinition } from "../image.ts";
import { alpineOsRelease, alpineTools, busyboxFlavours, defaultPath } from "../image.ts";
import type { LogLine, Program } from "../process.ts";
import { serving } from "../process.ts";
import { headerValue, imfDate, splitTarget, stableHash } from "./common.ts";

const dotnetEnv = {
  PATH: defaultPath,
  ASPNETCORE_URLS: "http://+:80",
  DOTNET_RUNNING_IN_CONTAINER: "true",
};

const rngApiUrl = "http://numbers-api/sixeyed/kiamol/master/ch03/numbers/rng";

export const images: readonly ImageDefinition[] = [
  {
    repository: "docker.io/kiamol/ch03-numbers-api",
    tags: ["latest"],
    sizeBytes: 45_000_000,
    entrypoint: ["dotnet", "/app/Numbers.Api.dll"],
    cmd: [],
    binaries: [...alpineTools, "dotnet"],
    shell: "ash",
    env: { ...dotnetEnv, FailAfterCallCount: "0" },
    files: { "/etc/os-release": alpineOsRelease("3.15.0") },
    workdir: "/app",
    flavours: busyboxFlavours,
  },
  {
    repository: "docker.io/kiamol/ch03-numbers-web",
    tags: ["latest", "v2"],
    sizeBytes: 47_000_000,
    entrypoint: ["dotnet", "/app/Numbers.Web.dll"],
    cmd: [],
    binaries: [...alpineTools, "dotnet"],
    shell: "ash",
    env: { ...dotnetEnv, RngApi__Url: rngApiUrl, RngApi__RetryHost: "raw.githubusercontent.com" },
    files: { "/etc/os-release": alpineOsRelease("3.15.0") },
    workdir: "/app",
    flavours: busyboxFlavours,
  },
  {
    repository: "docker.io/kiamol/ch03-sleep",
    tags: ["latest"],
    sizeBytes: 5_900_000,
    entrypoint: [],
    cmd: ["/bin/sh", "-c", 'exec /bin/sh -c "trap : TERM INT; (while true; do sleep 1000; done) & wait"'],
    binaries: [...alpineTools, "curl", "jq"],
    shell: "ash",
    env: { PATH: defaultPath },
    files: { "/etc/os-release": alpineOsRelease("3.15.0") },
    flavours: { ...busyboxFlavours, curl: "curl" },
  },
];

// ---------------------------------------------------------------------------------------
// Kestrel

const knownOrder = [
  "Allow",
  "Cache-Control",
  "Connection",
  "Content-Length",
  "Content-Type",
  "Date",
  "Pragma",
  "Server",
  "Set-Cookie",
  "Transfer-Encoding",
];

const reasons: Readonly<Record<number, string>> = {
  200: "OK",
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  500: "Internal Server Error",
};

/** A Kestrel response: Date, Server: Kestrel, chunked unless empty; Connection: close echoed. */
function kestrel(req: HttpRequest, ctx: ServerContext, status: number, extra: HeaderList, body: string): HttpResponse {
  const headers: [string, string][] = extra.map(([n, v]) => [n, v]);
  headers.push(["Date", imfDate(ctx.nowMs)], ["Server", "Kestrel"]);
  if (body === "") headers.push(["Content-Length", "0"]);
  else headers.push(["Transfer-Encoding", "chunked"]);
  if (/close/i.test(headerValue(req.headers, "Connection") ?? "")) headers.push(["Connection", "close"]);
  const rank = (n: string) => {
    const i = knownOrder.indexOf(n);
    return i < 0 ? knownOrder.length : i;
  };
  headers.sort(([a], [b]) => rank(a) - rank(b));
  return {
    version: "HTTP/1.1",
    status,
    reason: reasons[status] ?? "",
    headers,
    body: req.method === "HEAD" ? "" : body,
  };
}

/** ASP.NET Core routes match case-insensitively and ignore one trailing slash. */
function routePath(target: string): string {
  const p = splitTarget(target).path.toLowerCase();
  return p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p;
}

const systemd = (level: number, category: string, message: string): string => `<${level}>${category} ${message}`;

// ---------------------------------------------------------------------------------------
// numbers-api

const json = "application/json; charset=utf-8";
const text = "text/plain; charset=utf-8";

function guid(ctx: ServerContext): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(ctx.random() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89ab"[Math.floor(ctx.random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const apiHandler: HttpHandler = (req, ctx) => {
  const path = routePath(req.target);
  const routes = ["/rng", "/sixeyed/kiamol/master/ch03/numbers/rng", "/health", "/healthz", "/reset"];
  if (!routes.includes(path)) return kestrel(req, ctx, 404, [], "");
  if (req.method !== "GET" && req.method !== "HEAD") return kestrel(req, ctx, 405, [["Allow", "GET"]], "");
  const healthy = ctx.state.healthy !== false;
  if (path === "/reset") {
    ctx.state.healthy = true;
    return kestrel(req, ctx, 200, [["Content-Type", text]], "Ok");
  }
  if (path === "/health" || path === "/healthz")
    return healthy
      ? kestrel(req, ctx, 200, [["Content-Type", text]], "Ok")
      : kestrel(req, ctx, 500, [["Content-Type", json]], '{"message":"Unhealthy"}');
  const calls = Number(ctx.state.rngCalls ?? 0) + 1;
  ctx.state.rngCalls = calls;
  if (healthy) {
    const n = Math.floor(ctx.random() * 100);
    const failAfter = Number.parseInt(ctx.env.FailAfterCallCount ?? "0", 10) || 0;
    if (failAfter > 0 && calls >= failAfter) ctx.state.healthy = false;
    return kestrel(req, ctx, 200, [["Content-Type", json]], String(n));
  }
  const message = /^true$/i.test(ctx.env.UseFailureId ?? "") ? `Unhealthy! Failure ID: ${guid(ctx)}` : "Unhealthy!";
  ctx.log("stdout", systemd(4, "Numbers.Api.Controllers.RngController[0]", message));
  return kestrel(req, ctx, 500, [["Content-Type", json]], `{"message":"${message}"}`);
};

function lifetimeLines(format: (level: number, category: string, message: string) => string[]): LogLine[] {
  const life = "Microsoft.Hosting.Lifetime";
  return [
    ...format(6, `${life}[14]`, "Now listening on: http://[::]:80"),
    ...format(6, `${life}[0]`, "Application started. Press Ctrl+C to shut down."),
    ...format(6, `${life}[0]`, "Hosting environment: Production"),
    ...format(6, `${life}[0]`, "Content root path: /app"),
  ].map((t) => ({ atMs: 0, stream: "stdout", text: t }));
}

/** The default "simple" console format: `info: Category[id]` then the message indented six spaces. */
const simple = (level: number, category: string, message: string): string[] => [
  `${{ 3: "fail", 4: "warn", 6: "info" }[level as 3 | 4 | 6]}: ${category}`,
  ...message.split("\n").map((l, i) => (i === 0 ? `      ${l}` : l)),
];

// ---------------------------------------------------------------------------------------
// numbers-web

const siteJsVersion = "D4TFpxvZBRwxBiTkpn2L_q-zBuyBxK-Rvd7M1cA7jP4";

/** Razor's HtmlEncoder: the four named entities, `&#xHH;` for the other characters it escapes. */
function htmlEncode(s: string): string {
  const named: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
  return s.replace(/[&<>"'+]/g, (c) => named[c] ?? `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}

function page(body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>KIAMOL - Numbers.Web</title>
    <link rel="stylesheet" href="/lib/bootstrap/dist/css/bootstrap.min.css" />
    <link rel="stylesheet" href="/css/site.css" />
</head>
<body>

    <div class="container">
        <main role="main" class="pb-3">
            
<h1>KIAMOL Random Number Generator</h1>

${body}
        </main>
    </div>

    <script src="/lib/jquery/dist/jquery.min.js"></script>
    <script src="/lib/bootstrap/dist/js/bootstrap.bundle.min.js"></script>
    <script src="/js/site.js?v=${siteJsVersion}"></script>

    
</body>
</html>
`;
}

function token(ctx: ServerContext, n: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let h = stableHash(`${ctx.hostname}#${n}`);
  let out = "CfDJ8";
  for (let i = 0; i < 150; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    out += alphabet[h % 64];
  }
  return out;
}

const statusNames: Readonly<Record<number, string>> = {
  400: "BadRequest",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

type Call = { ok: true; n: number } | { ok: false; error: string[] };

const getNumberFrames = (line: number) => [
  `   at Numbers.Web.Services.RandomNumberService.GetNumber() in /src/Services/RandomNumberService.cs:line ${line}`,
  "   at Numbers.Web.Pages.IndexModel.OnPostAsync() in /src/Pages/Index.cshtml.cs:line 38",
];

/** RandomNumberService.GetNumber through RestSharp 106: GET, a 404 retried with the retry Host. */
function getNumber(ctx: ServerContext, url: string): Call {
  const headers: [string, string][] = [
    ["Accept", "application/json, text/json, text/x-json, text/javascript, application/xml, text/xml"],
    ["User-Agent", "RestSharp/106.10.1.0"],
  ];
  let r = ctx.fetch(url, { headers, timeoutMs: 100_000 });
  if (r.ok && r.response.status === 404) {
    const retryHost = ctx.env.RngApi__RetryHost ?? "";
    r = ctx.fetch(url, { headers: [["Host", retryHost], ...headers], timeoutMs: 100_000 });
  }
  if (!r.ok || r.response.status < 200 || r.response.status > 299) {
    const host = url.replace(/^https?:\/\//, "").split("/")[0]!;
    const hostPort = host.includes(":") ? host : `${host}:80`;
    const status = r.ok ? (statusNames[r.response.status] ?? String(r.response.status)) : "0";
    const message = r.ok
      ? ""
      : r.failure === "unresolved"
        ? `Name or service not known (${hostPort})`
        : r.failure === "refused"
          ? `Connection refused (${hostPort})`
          : r.failure === "timeout"
            ? "The operation has timed out."
            : r.message;
    return {
      ok: false,
      error: [
        `API call failed: System.Exception: Service call failed, status: ${status}, message: ${message}`,
        ...getNumberFrames(33),
      ],
    };
  }
  const content = r.response.body;
  if (!/^\s*[+-]?\d+\s*$/.test(content))
    return {
      ok: false,
      error: [
        "API call failed: System.FormatException: Input string was not in a correct format.",
        "   at System.Number.ThrowOverflowOrFormatException(ParsingStatus status, TypeCode type)",
        "   at System.Int32.Parse(String s)",
        ...getNumberFrames(35),
      ],
    };
  return { ok: true, n: Number(content.trim()) };
}

const webHandler: HttpHandler = (req, ctx) => {
  const path = routePath(req.target);
  if (path !== "/" && path !== "/index") return kestrel(req, ctx, 404, [], "");
  const url = ctx.env.RngApi__Url ?? "";
  const html = [["Content-Type", "text/html; charset=utf-8"]] as [string, string][];
  if (req.method === "POST") {
    if (!req.body.includes("__RequestVerificationToken=")) return kestrel(req, ctx, 400, [], "");
    const call = getNumber(ctx, url);
    if (!call.ok)
      for (const line of simple(3, "Numbers.Web.Pages.IndexModel[0]", call.error.join("\n"))) ctx.log("stdout", line);
    const body = call.ok
      ? `    <p>Here it is: ${call.n}</p>\n    <p>(Using API at: ${htmlEncode(url)})</p>\n`
      : `    <p>RNG service unavailable!</p>\n    <p>(Using API at: ${htmlEncode(url)})</p>\n`;
    return kestrel(req, ctx, 200, html, page(body));
  }
  if (req.method !== "GET" && req.method !== "HEAD") return kestrel(req, ctx, 405, [["Allow", "GET, POST"]], "");
  const n = Number(ctx.state.antiforgeryTokens ?? 0) + 1;
  ctx.state.antiforgeryTokens = n;
  if (n === 1) {
    // The first antiforgery token creates the data-protection key ring, in a directory
    // that dies with the container.
    const keyId = guid(ctx);
    for (const line of [
      ...simple(
        4,
        "Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository[60]",
        "Storing keys in a directory '/root/.aspnet/DataProtection-Keys' that may not be persisted outside of the container. Protected data will be unavailable when container is destroyed.",
      ),
      ...simple(
        4,
        "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager[35]",
        `No XML encryptor configured. Key {${keyId}} may be persisted to storage in unencrypted form.`,
      ),
    ])
      ctx.log("stdout", line);
  }
  const t = token(ctx, n);
  const form = `    <form method="post">\n        <p>Get a random number</p>\n        <input type="submit" value="Go!"/>\n    <input name="__RequestVerificationToken" type="hidden" value="${t}" /></form>\n`;
  return kestrel(
    req,
    ctx,
    200,
    [
      ...html,
      ["Cache-Control", "no-cache, no-store"],
      ["Pragma", "no-cache"],
      [
        "Set-Cookie",
        `.AspNetCore.Antiforgery.${token(ctx, 0).slice(5, 16)}=${token(ctx, -n).slice(0, 155)}; path=/; samesite=strict; httponly`,
      ],
      ["X-Frame-Options", "SAMEORIGIN"],
    ],
    page(form),
  );
};

// ---------------------------------------------------------------------------------------
// dotnet <dll>

const dotnet: Program = (argv, _ctx) => {
  const dll = (argv[1] ?? "").split("/").pop();
  const api = dll === "Numbers.Api.dll";
  const web = dll === "Numbers.Web.dll";
  if (!api && !web) return { ok: true, plan: { exitAfterMs: 0, exitCode: 1, listeners: [], files: [], logs: [] } };
  const logs = api ? lifetimeLines((l, c, m) => [systemd(l, c, m)]) : lifetimeLines(simple);
  const stopping = (_at: number): LogLine[] =>
    (api
      ? [systemd(6, "Microsoft.Hosting.Lifetime[0]", "Application is shutting down...")]
      : simple(6, "Microsoft.Hosting.Lifetime[0]", "Application is shutting down...")
    ).map((text) => ({ atMs: 0, stream: "stdout", text }));
  return serving([{ port: 80, protocol: "TCP", http: api ? apiHandler : webHandler }], {
    // The generic host stops on SIGTERM and exits 0.
    sigtermStopMs: 100,
    sigtermExitCode: 0,
    sigtermLogs: stopping,
    logs,
  });
};

export const programs: Readonly<Record<string, Program>> = { dotnet };
