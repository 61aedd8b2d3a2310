/**
 * `node bench/site.ts [--runs N] [--no-build] [--no-lighthouse]`: the course site's figures, as
 * one JSON object on stdout (progress and details on stderr):
 *
 *   build_s                   wall time of `astro build`
 *   site_js_gz_kb             gzipped JavaScript a lesson page loads before the first Run
 *   first_run_ms              click on the first runnable block's Run → its output written (median)
 *   lighthouse_performance    Lighthouse 0–100 on the lesson page (default mobile settings)
 *   lighthouse_accessibility  Lighthouse 0–100
 *
 * Chromium is Debian's /usr/bin/chromium (KUBOOK_CHROMIUM overrides). See bench/README.md.
 * The site is served by engine/node/static-server.ts, the server the browser tests use.
 */

import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { type Browser, chromium } from "playwright-core";
import { serve } from "../engine/node/static-server.ts";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "no-build": { type: "boolean", default: false },
    "no-lighthouse": { type: "boolean", default: false },
  },
});
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${args.runs}`);

const root = fileURLToPath(new URL("..", import.meta.url));
/** ./dist (astro.config.mjs), or KUBOOK_DIST (to keep clear of another build of ./dist). */
const dist = process.env.KUBOOK_DIST ? resolve(process.env.KUBOOK_DIST) : join(root, "dist");
const chromiumPath = process.env.KUBOOK_CHROMIUM ?? "/usr/bin/chromium";
const log = (msg: string): void => void process.stderr.write(`bench/site: ${msg}\n`);
const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number | null, digits = 1): number | null => (x === null ? null : Number(x.toFixed(digits)));

// ---- build ------------------------------------------------------------------------------------------

async function build(): Promise<number> {
  const astro = join(root, "node_modules", "astro", "bin", "astro.mjs");
  const started = performance.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [astro, "build", "--outDir", dist], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1" },
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

/** The URL path of the first lesson (lowest frontmatter `order`) in ./dist. */
function firstLessonPath(): string {
  const content = join(root, "content");
  const ids = readdirSync(content)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .map((f) => ({
      id: f.slice(0, -3),
      order: Number(/^order:\s*(\d+)/m.exec(readFileSync(join(content, f), "utf8"))?.[1] ?? Number.POSITIVE_INFINITY),
    }))
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
    .map((l) => l.id);
  const pages = new Map<string, string>();
  for (const e of readdirSync(dist, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith(".html")) continue;
    const file = join(e.parentPath, e.name);
    const m = /data-kubook-lesson="([^"]+)"/.exec(readFileSync(file, "utf8"));
    if (m && !pages.has(m[1]!))
      pages.set(m[1]!, `/${relative(dist, file).split(sep).join("/")}`.replace(/(^|\/)index\.html$/, "$1"));
  }
  for (const id of ids) if (pages.has(id)) return pages.get(id)!;
  throw new Error("no page in ./dist has a data-kubook-lesson article");
}

// ---- measurements in Chromium ----------------------------------------------------------------------------

const runnable =
  "[data-kubook-lesson] [data-kubook-block]:has([data-kubook-run]):has([data-kubook-output]):not(.kb-exercise *)";

async function newPage(browser: Browser, origin: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: "block" });
  await context.route("**/*", (route) =>
    route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort("blockedbyclient"),
  );
  return { context, page: await context.newPage() };
}

/** Gzipped size (level 9, each file on its own, as a server would send it) of the page's JS before any Run. */
async function siteJs(browser: Browser, url: string, origin: string): Promise<number> {
  const { context, page } = await newPage(browser, origin);
  const bodies: Promise<{ url: string; body: Buffer }>[] = [];
  page.on("response", (res) => {
    const type = res.headers()["content-type"] ?? "";
    if (res.request().resourceType() === "script" || /javascript|ecmascript/.test(type))
      bodies.push(res.body().then((body) => ({ url: res.url(), body })));
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(1000); // idle callbacks and late imports
  await page.waitForLoadState("networkidle");
  const files = await Promise.all(bodies);
  const inline = await page.evaluate(() =>
    [...document.querySelectorAll("script:not([src])")]
      .filter((s) => !/json/i.test(s.getAttribute("type") ?? ""))
      .map((s) => s.textContent ?? ""),
  );
  await context.close();
  let total = 0;
  for (const f of files) {
    const gz = gzipSync(f.body, { level: 9 }).length;
    total += gz;
    log(`  js ${(gz / 1024).toFixed(1).padStart(7)} KB gz  ${f.url.replace(origin, "")}`);
  }
  const inlineGz = inline.reduce((n, s) => n + (s.trim() ? gzipSync(s, { level: 9 }).length : 0), 0);
  if (inlineGz) log(`  js ${(inlineGz / 1024).toFixed(1).padStart(7)} KB gz  (inline scripts)`);
  return (total + inlineGz) / 1024;
}

/** One fresh page load: ms from the click on the first runnable block's Run to the last write of its output. */
async function firstRun(browser: Browser, url: string, origin: string): Promise<number> {
  const { context, page } = await newPage(browser, origin);
  try {
    await page.goto(url, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    const block = page.locator(runnable).first();
    await block.scrollIntoViewIfNeeded();
    return await block.evaluate(
      (fig, quietMs) =>
        new Promise<number>((resolve, reject) => {
          const out = fig.querySelector("[data-kubook-output]")!;
          const run = fig.querySelector<HTMLButtonElement>("[data-kubook-run]")!;
          const finals = ["passed", "failed", "expected-failure", "skipped"];
          // window.__kubook (site/client/state.ts) counts finished runs; without it, a quiet output.
          const kubook = () => (window as { __kubook?: { runs: number; busy: boolean } }).__kubook;
          const runsBefore = kubook()?.runs ?? 0;
          let writes = 0;
          let lastWrite = Number.NaN;
          const observer = new MutationObserver(() => {
            writes++;
            lastWrite = performance.now();
          });
          observer.observe(out, { childList: true, characterData: true, subtree: true });
          const started = performance.now();
          run.click();
          const poll = setInterval(() => {
            const now = performance.now();
            const status = fig.getAttribute("data-kubook-status") ?? "";
            const k = kubook();
            const over = k ? k.runs > runsBefore && !k.busy : writes > 0 && now - lastWrite >= quietMs;
            const done = over && finals.includes(status) && fig.getAttribute("aria-busy") !== "true" && !run.disabled;
            if (done || now - started > 120_000) {
              clearInterval(poll);
              observer.disconnect();
              if (done && status === "failed") reject(new Error("the first Run failed"));
              else if (done && writes > 0) resolve(lastWrite - started);
              else if (done) reject(new Error("the run finished without writing the output"));
              else reject(new Error(`no output written within 120 s (status ${status}, ${writes} writes)`));
            }
          }, 10);
        }),
      300,
    );
  } finally {
    await context.close();
  }
}

async function lighthouseScores(url: string): Promise<{ performance: number | null; accessibility: number | null }> {
  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
    });
    const categories = result?.lhr.categories ?? {};
    const score = (k: string): number | null => {
      const s = categories[k]?.score;
      return s === null || s === undefined ? null : Math.round(s * 100);
    };
    for (const [id, audit] of Object.entries(result?.lhr.audits ?? {}))
      if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== "informative")
        log(`  lighthouse ${id}: ${audit.score} ${audit.displayValue ?? ""}`);
    return { performance: score("performance"), accessibility: score("accessibility") };
  } finally {
    chrome.kill();
  }
}

// ---- main ---------------------------------------------------------------------------------------------------

const result: Record<string, number | null | string[]> = {
  site_js_gz_kb: null,
  first_run_ms: null,
  build_s: null,
  lighthouse_performance: null,
  lighthouse_accessibility: null,
};
const notes: string[] = [];

if (args["no-build"]) notes.push("build_s: --no-build (./dist reused)");
else {
  log("astro build …");
  result.build_s = round(await build(), 2);
}
const server = await serve(dist);
const url = server.origin + firstLessonPath();
log(`lesson page ${url}`);
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
});
try {
  result.site_js_gz_kb = round(await siteJs(browser, url, server.origin));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    try {
      const ms = await firstRun(browser, url, server.origin);
      log(`  first run #${i + 1}: ${ms.toFixed(0)} ms`);
      samples.push(ms);
    } catch (e) {
      notes.push(`first_run_ms #${i + 1}: ${(e as Error).message}`);
    }
  }
  result.first_run_ms = round(median(samples), 0);
} finally {
  await browser.close();
}
if (args["no-lighthouse"]) notes.push("lighthouse: --no-lighthouse");
else {
  try {
    log("lighthouse …");
    const scores = await lighthouseScores(url);
    result.lighthouse_performance = scores.performance;
    result.lighthouse_accessibility = scores.accessibility;
  } catch (e) {
    notes.push(`lighthouse: ${(e as Error).message}`);
  }
}
await server.close();
if (notes.length) result.notes = notes;
process.stdout.write(`${JSON.stringify(result)}\n`);
