/**
 * The browser tests' Node side: build the site (`astro build` → ./dist), serve ./dist on
 * 127.0.0.1 with a tiny static server, and drive Debian's Chromium through playwright-core with
 * every request that is not for the local server blocked and recorded.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium } from "playwright-core";
import { serve as serveDirectory } from "../../engine/node/static-server.ts";

export const root = fileURLToPath(new URL("../..", import.meta.url));
/** Where the site is built and served from: ./dist (astro.config.mjs), or KUBOOK_DIST. */
export const dist = process.env.KUBOOK_DIST ? resolve(process.env.KUBOOK_DIST) : join(root, "dist");
export const artifacts = fileURLToPath(new URL("./artifacts/", import.meta.url));

/** Debian's Chromium; KUBOOK_CHROMIUM overrides it. */
export const chromiumPath = process.env.KUBOOK_CHROMIUM ?? "/usr/bin/chromium";

// ---- build ------------------------------------------------------------------------------------------

/**
 * `astro build` with this Node binary; resolves with the wall time in seconds. A failed build
 * rejects with the tail of its output (a lesson whose blocks fail fails the build).
 * KUBOOK_SKIP_BUILD=1 reuses an existing ./dist (for iterating on the tests only).
 */
export async function buildSite(): Promise<number> {
  if (process.env.KUBOOK_SKIP_BUILD === "1") {
    statSync(join(dist, "index.html"));
    return 0;
  }
  const astro = join(root, "node_modules", "astro", "bin", "astro.mjs");
  const started = performance.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [astro, "build", "--outDir", dist], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (b: Buffer) => output.push(b.toString()));
    child.stderr.on("data", (b: Buffer) => output.push(b.toString()));
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) throw new Error(`astro build exited with ${code}:\n${output.join("").slice(-6000)}`);
  return (performance.now() - started) / 1000;
}

// ---- static server ------------------------------------------------------------------------------------

export type { StaticServer } from "../../engine/node/static-server.ts";

/** Serve the built site (default ./dist) on a free port of 127.0.0.1. */
export function serve(dir: string = dist) {
  return serveDirectory(dir);
}

// ---- lessons in dist ----------------------------------------------------------------------------------

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => join(e.parentPath, e.name));
}

/** The URL path of a built HTML file (`a/index.html` → `/a/`). */
function urlPathOf(file: string): string {
  const rel = relative(dist, file).split(sep).join("/");
  return `/${rel.replace(/(^|\/)index\.html$/, "$1")}`;
}

/** The lessons in `content/` by their frontmatter `order`: id (file name) and title. */
export function lessonsInContent(): { id: string; order: number; title: string }[] {
  const dir = join(root, "content");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      const order = Number(/^order:\s*(\d+)/m.exec(text)?.[1] ?? Number.POSITIVE_INFINITY);
      const title = /^title:\s*"?(.*?)"?\s*$/m.exec(text)?.[1] ?? "";
      return { id: f.slice(0, -3), order, title };
    })
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** The built page of each lesson: lesson id → URL path, found by its `data-kubook-lesson` article. */
export function lessonPages(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const file of htmlFiles(dist)) {
    const m = /data-kubook-lesson="([^"]+)"/.exec(readFileSync(file, "utf8"));
    if (m && !pages.has(m[1]!)) pages.set(m[1]!, urlPathOf(file));
  }
  return pages;
}

export function firstLesson(): { id: string; title: string; path: string } {
  const pages = lessonPages();
  for (const l of lessonsInContent()) {
    const path = pages.get(l.id);
    if (path !== undefined) return { id: l.id, title: l.title, path };
  }
  throw new Error(`no built page has a data-kubook-lesson article (pages: ${[...pages.keys()].join(", ") || "none"})`);
}

// ---- browser ------------------------------------------------------------------------------------------

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
}

/**
 * A browser context that may reach only `origin`: every other request (and every WebSocket) is
 * aborted and listed in `blocked`, so a test can assert the page attempted none.
 */
export async function isolatedContext(
  browser: Browser,
  origin: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: "ko-KR",
    serviceWorkers: "block",
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const blocked: string[] = [];
  const local = (url: string): boolean => url.startsWith(`${origin}/`) || url === origin;
  const inline = (url: string): boolean => url.startsWith("data:") || url.startsWith("blob:");
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (local(url)) return route.continue();
    if (!blocked.includes(url)) blocked.push(url);
    return route.abort("blockedbyclient");
  });
  await context.routeWebSocket(/.*/, (ws) => {
    if (!blocked.includes(ws.url())) blocked.push(ws.url());
    return ws.close();
  });
  // Requests the router does not see (should there be any) are still listed.
  context.on("request", (req) => {
    const url = req.url();
    if (!local(url) && !inline(url) && !blocked.includes(url)) blocked.push(url);
  });
  return { context, blocked };
}
