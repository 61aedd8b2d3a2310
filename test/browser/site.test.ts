/// <reference lib="dom" />
/**
 * The built site in Chromium: the first lesson's static outputs, its Run/Reset buttons, the
 * terminal, an exercise check with the progress mark, Korean search, the theme toggle, and that
 * lesson or simulation text stays text. Every page may reach only the local server: any other
 * request is blocked and fails the test. Screenshots go to test/browser/artifacts/.
 *
 * `npx vitest run test/browser` builds the site first (`astro build`); KUBOOK_SKIP_BUILD=1 reuses
 * ./dist. Needs Chromium at /usr/bin/chromium (KUBOOK_CHROMIUM overrides; .ci/run installs it).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifacts, buildSite, firstLesson, isolatedContext, launch, type StaticServer, serve } from "./harness.ts";
import {
  checkExercise,
  openTerminal,
  resetBlock,
  runBlock,
  runnableBlocks,
  terminal,
  terminalCommand,
  terminalText,
} from "./page.ts";

let server: StaticServer;
let browser: Browser;
let lesson: { id: string; title: string; path: string };

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  await buildSite();
  server = await serve();
  browser = await launch();
  lesson = firstLesson();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Opened {
  readonly page: Page;
  readonly context: BrowserContext;
}

/**
 * Run `body` on a fresh page at `path`, then check that the page reached nothing but the local
 * server and threw no uncaught error.
 */
async function onPage(
  path: string,
  body: (o: Opened) => Promise<void>,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<void> {
  const { context, blocked } = await isolatedContext(browser, server.origin, options);
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(String(e.stack ?? e)));
    await page.goto(server.origin + path, { waitUntil: "load" });
    await body({ page, context });
    await page.waitForLoadState("networkidle");
  } finally {
    await context.close();
  }
  expect(blocked, "requests beyond the site's own files").toEqual([]);
  expect(errors, "uncaught errors in the page").toEqual([]);
}

interface StaticBlock {
  readonly index: string;
  readonly kind: string | null;
  readonly status: string | null;
  readonly text: string;
}

async function staticBlocks(page: Page): Promise<StaticBlock[]> {
  return runnableBlocks(page).evaluateAll((figs) =>
    figs.map((fig) => ({
      index: fig.getAttribute("data-kubook-block") ?? "",
      kind: fig.getAttribute("data-kubook-kind"),
      status: fig.getAttribute("data-kubook-status"),
      text: fig.querySelector("[data-kubook-output]")?.textContent ?? "",
    })),
  );
}

const passing = ["passed", "expected-failure"];

describe("the first lesson page", () => {
  it("carries every runnable block's verified output, escaped, and its data as inert JSON", async () => {
    const html = await (await fetch(server.origin + lesson.path)).text();

    // The lesson data: one JSON script that cannot end early (`</script>`) or open a comment.
    const data = /<script\b[^>]*\bid="kubook-data"[^>]*>([\s\S]*?)<\/script>/.exec(html);
    expect(data, "a <script id=kubook-data>").not.toBeNull();
    expect(/type="application\/json"/.test(data![0]), "kubook-data is application/json").toBe(true);
    expect(data![1]).not.toMatch(/<\/|<!--/);
    const parsed = JSON.parse(data![1]!) as {
      lesson: { steps: unknown[] };
      outputs: Record<string, string[]>;
      status: Record<string, string>;
    };
    expect(Array.isArray(parsed.lesson.steps)).toBe(true);

    // Outputs are text: no markup inside them, `<` written as an entity.
    const outputs = [...html.matchAll(/<pre\b[^>]*\bdata-kubook-output\b[^>]*>([\s\S]*?)<\/pre>/g)].map((m) => m[1]!);
    expect(outputs.length).toBeGreaterThan(0);
    for (const inner of outputs) expect(inner).not.toContain("<");
    const escapedLt = outputs.join("").match(/&lt;|&#60;|&#x3c;/gi)?.length ?? 0;

    await onPage(
      lesson.path,
      async ({ page }) => {
        const blocks = await staticBlocks(page);
        expect(blocks.length).toBeGreaterThan(0);
        const lts = blocks.reduce((n, b) => n + (b.text.match(/</g)?.length ?? 0), 0);
        expect(lts, "the first lesson's outputs show `<none>`-style text").toBeGreaterThan(0);
        expect(escapedLt).toBeGreaterThanOrEqual(lts);
        for (const b of blocks) {
          expect(b.text.trim(), `block ${b.index} has its static output`).not.toBe("");
          expect(passing, `block ${b.index} status`).toContain(b.status);
          expect(parsed.status[b.index], `block ${b.index} status in kubook-data`).toBe(b.status);
          for (const out of parsed.outputs[b.index] ?? []) expect(b.text).toContain(out.trimEnd());
        }
        // Every shell block of the lesson body is runnable.
        const shells = await page
          .locator('[data-kubook-lesson] [data-kubook-kind="shell"]:not(.kb-exercise *)')
          .evaluateAll((figs) => figs.map((f) => f.getAttribute("data-kubook-block")));
        expect(blocks.map((b) => b.index)).toEqual(expect.arrayContaining(shells));
      },
      { javaScriptEnabled: false },
    );
  });

  it("replays each block on Run, in order, to the build's output byte for byte", async () => {
    await onPage(lesson.path, async ({ page }) => {
      const before = await staticBlocks(page);
      const blocks = runnableBlocks(page);
      expect(await blocks.count()).toBe(before.length);
      for (let i = 0; i < before.length; i++) {
        const b = before[i]!;
        const after = await runBlock(blocks.nth(i), {
          afterClick:
            i === 0
              ? async () => {
                  // The first Run loads the engine and replays the steps before the block.
                  await page.screenshot({ path: join(artifacts, "lesson-mid-run.png") });
                }
              : undefined,
        });
        expect(after.text, `block ${b.index} (${b.kind}) output after Run`).toBe(b.text);
        expect(after.status, `block ${b.index} status after Run`).toBe(b.status);
        expect(passing).toContain(after.status);
      }
      await page.screenshot({ path: join(artifacts, "lesson-after-runs.png"), fullPage: true });
    });
  }, 600_000);

  it("runs commands typed in the terminal, and Reset gives a fresh cluster", async () => {
    await onPage(lesson.path, async ({ page }) => {
      await openTerminal(page);
      const fresh = await terminalCommand(page, "kubectl get svc", (t) => /\bkubernetes\b/.test(t));
      expect(fresh).toMatch(/\bkubernetes\b/);
      await terminal(page).screenshot({ path: join(artifacts, "terminal.png") });

      // The first block that creates the Service `web`, then Reset.
      const blocks = runnableBlocks(page);
      const n = await blocks.count();
      let created = -1;
      for (let i = 0; i < n && created < 0; i++) {
        const run = await runBlock(blocks.nth(i));
        expect(passing).toContain(run.status);
        if (/service\/web created/.test(run.text)) created = i;
      }
      expect(created, "a block prints `service/web created`").toBeGreaterThanOrEqual(0);
      const withWeb = await terminalCommand(page, "kubectl get svc", (t) => /\bweb\b/.test(t) && /kubernetes/.test(t));
      expect(withWeb).toMatch(/^web\s+ClusterIP/m);

      await resetBlock(blocks.nth(created));
      const afterReset = await terminalCommand(page, "kubectl get svc", (t) => /\bkubernetes\b/.test(t));
      expect(afterReset).not.toMatch(/^web\s/m);
      await terminal(page).screenshot({ path: join(artifacts, "terminal-after-reset.png") });
    });
  }, 600_000);

  it("checks an exercise: fails before the solution, passes after it, and marks progress", async () => {
    await onPage(lesson.path, async ({ page }) => {
      const exercise = page.locator("[data-kubook-exercise]").first();
      expect(await exercise.count(), "the first lesson has an exercise").toBe(1);
      const id = await exercise.getAttribute("data-kubook-exercise");
      const mark = page.locator(`nav [data-kubook-progress="${lesson.id}"]`);
      expect(await mark.count(), "a progress mark for the lesson (sidebar)").toBeGreaterThan(0);
      expect(await mark.first().getAttribute("data-kubook-complete")).toBeNull();

      // Checking replays the lesson up to the exercise; its task is not done yet.
      const before = await checkExercise(exercise);
      expect(before.status, `check before solving: ${before.text}`).toBe("failed");

      // The solution: its runnable blocks if the page has them, else its commands in the terminal.
      const solutionRuns = exercise.locator(".kb-solution [data-kubook-block]:has([data-kubook-run])");
      if ((await solutionRuns.count()) > 0) {
        await exercise.locator(".kb-solution > summary").first().click();
        for (let i = 0; i < (await solutionRuns.count()); i++) await runBlock(solutionRuns.nth(i));
      } else {
        const data = JSON.parse((await page.locator("#kubook-data").textContent()) ?? "{}") as {
          lesson: {
            steps: { kind: string; id?: string; solution?: { kind: string; commands?: { text: string }[] }[] }[];
          };
        };
        const step = data.lesson.steps.find((s) => s.kind === "exercise" && s.id === id);
        const commands = (step?.solution ?? []).flatMap((s) => (s.kind === "shell" ? (s.commands ?? []) : []));
        expect(commands.length, "the exercise has solution commands").toBeGreaterThan(0);
        await openTerminal(page);
        for (const c of commands) await terminalCommand(page, c.text, (t) => /[$#] ?$/.test(t));
      }
      const after = await checkExercise(exercise);
      expect(after.status, `check after solving: ${after.text}`).toBe("passed");
      await exercise.screenshot({ path: join(artifacts, "exercise-passed.png") });

      // The progress mark: on this page and, after a reload, still there (localStorage).
      await expect.poll(() => mark.first().getAttribute("data-kubook-complete")).not.toBeNull();
      expect(await mark.first().textContent()).toContain("✓");
      expect(await exercise.getAttribute("data-kubook-passed")).not.toBeNull();
      await page.reload({ waitUntil: "load" });
      await expect.poll(() => mark.first().getAttribute("data-kubook-complete")).not.toBeNull();
      await page
        .locator("nav")
        .first()
        .screenshot({ path: join(artifacts, "sidebar-progress.png") });
    });
  }, 600_000);

  it("keeps simulation output as text in the terminal", async () => {
    await onPage(lesson.path, async ({ page }) => {
      await openTerminal(page);
      const script = "<script>window.__pwned=1</script>";
      const img = '<img src=x onerror="window.__pwned=2">';
      const a = await terminalCommand(page, `echo '${script}'`, (t) => t.includes(script));
      expect(a).toContain(script);
      const b = await terminalCommand(page, `echo '${img}'`, (t) => t.includes(img));
      expect(b).toContain(img);
      expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(await terminal(page).locator("script, img").count()).toBe(0);
      expect(await terminalText(page)).toContain(script);
    });
  }, 300_000);
});

describe("the site", () => {
  it("finds the lesson by a Korean word", async () => {
    await onPage("/", async ({ page }) => {
      const box = page.locator('[data-kubook-search] input, input[data-kubook-search], input[type="search"]').first();
      await box.fill("엔드포인트");
      const hit = page
        .locator(`[data-kubook-search-results] a, [data-kubook-search] a`)
        .filter({ hasText: lesson.title.slice(0, 10) });
      await expect.poll(() => hit.count(), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await hit.first().getAttribute("href")).toContain(lesson.path.replace(/\/$/, ""));
      await page.screenshot({ path: join(artifacts, "search.png") });
    });
  }, 120_000);

  it("toggles the theme", async () => {
    await onPage(lesson.path, async ({ page }) => {
      const theme = () => page.evaluate(() => document.documentElement.getAttribute("data-theme"));
      const first = await theme();
      await page.locator("[data-kubook-theme-toggle]").first().click();
      await expect.poll(theme).not.toBe(first);
      const second = await theme();
      expect(["light", "dark"]).toContain(second);
      await page.locator("[data-kubook-theme-toggle]").first().click();
      await expect.poll(theme).not.toBe(second);
    });
  }, 120_000);
});
