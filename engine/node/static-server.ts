/**
 * A small static file server on 127.0.0.1 for the built site (./dist): the browser tests and
 * `bench/site.ts` serve the same files the same way. GET/HEAD only, no caching, paths kept
 * inside the folder, `/a/` and `/a` served from `a/index.html` (then `a.html`), 404.html for
 * anything else.
 */
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, isAbsolute, join, normalize, relative, resolve } from "node:path";

const mimeTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".wasm": "application/wasm",
  ".webmanifest": "application/manifest+json",
};

export interface StaticServer {
  readonly origin: string;
  /** Every path requested, in order (for the bench and for debugging). */
  readonly requested: string[];
  close(): Promise<void>;
}

/** The file a URL path names under `dir`: `/a/` and `/a` → `a/index.html`, then `/a` → `a.html`. */
function resolvePath(dir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = normalize(join(dir, decoded));
  const rel = relative(dir, file);
  if (rel.startsWith("..") || isAbsolute(rel)) return null;
  for (const candidate of [file, join(file, "index.html"), `${file}.html`]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return null;
}

export async function serve(dir: string): Promise<StaticServer> {
  const base = resolve(dir);
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requested.push(url.pathname);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const file = resolvePath(base, url.pathname);
    if (file === null) {
      const notFound = resolvePath(base, "/404.html");
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      if (notFound && req.method === "GET") createReadStream(notFound).pipe(res);
      else res.end(req.method === "GET" ? "<!doctype html><title>404</title><p>Not found</p>" : undefined);
      return;
    }
    res.writeHead(200, {
      "content-type": mimeTypes[extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": statSync(file).size,
      "cache-control": "no-store",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requested,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
