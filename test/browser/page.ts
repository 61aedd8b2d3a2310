/// <reference lib="dom" />
/**
 * What a reader does on a lesson page, through the `data-kubook-*` hooks of site/README.md:
 * run a block and wait for its output, type into the terminal and read it back.
 */
import type { Locator, Page } from "playwright-core";

/** Statuses a block can end a run with (site/README.md). */
export const finalStatuses = ["passed", "failed", "expected-failure", "skipped"] as const;

export interface BlockRun {
  readonly status: string | null;
  readonly text: string;
  /** Milliseconds from the click to the last write into the block's output. */
  readonly ms: number;
}

type Watch = {
  writes: number;
  clickedAt: number;
  lastWriteAt: number;
  runsBefore: number;
  observer: MutationObserver;
};
/** `window.__kubook` (site/client/state.ts): counters tests can wait on. */
type KubookState = { runs: number; checks: number; resets: number; busy: boolean };
type WatchGlobal = { __kubookWatch?: WeakMap<Element, Watch>; __kubook?: KubookState };

/**
 * Click the block's Run button and wait until the run is over: the page's `window.__kubook`
 * counts one more finished run and is not busy (without it: the output was written and has been
 * quiet for `quietMs`), the block's status is final and nothing marks it busy (`aria-busy`, a
 * disabled Run button).
 */
export async function runBlock(
  block: Locator,
  options: { timeout?: number; quietMs?: number; afterClick?: () => Promise<void> } = {},
): Promise<BlockRun> {
  const quietMs = options.quietMs ?? 300;
  await block.scrollIntoViewIfNeeded();
  await block.evaluate((fig) => {
    const g = globalThis as unknown as WatchGlobal;
    g.__kubookWatch ??= new WeakMap();
    g.__kubookWatch.get(fig)?.observer.disconnect();
    const out = fig.querySelector("[data-kubook-output]") ?? fig;
    const watch: Watch = {
      writes: 0,
      clickedAt: Number.NaN,
      lastWriteAt: Number.NaN,
      runsBefore: g.__kubook?.runs ?? 0,
      observer: new MutationObserver(() => {
        watch.writes++;
        watch.lastWriteAt = performance.now();
      }),
    };
    watch.observer.observe(out, { childList: true, characterData: true, subtree: true });
    g.__kubookWatch.set(fig, watch);
    const run = fig.querySelector<HTMLButtonElement>("[data-kubook-run]");
    if (!run) throw new Error(`block ${fig.getAttribute("data-kubook-block")} has no [data-kubook-run]`);
    // The click is dispatched here so that the timing starts exactly at it.
    watch.clickedAt = performance.now();
    run.click();
  });
  if (options.afterClick) await options.afterClick();
  const handle = await block.elementHandle();
  await block.page().waitForFunction(
    ([fig, quiet, finals]) => {
      const g = globalThis as unknown as WatchGlobal;
      const watch = g.__kubookWatch?.get(fig!);
      if (!watch) return false;
      const status = fig!.getAttribute("data-kubook-status");
      if (status === null || !finals.includes(status)) return false;
      if (fig!.getAttribute("aria-busy") === "true") return false;
      if (fig!.querySelector<HTMLButtonElement>("[data-kubook-run]")?.disabled) return false;
      if (g.__kubook) return g.__kubook.runs > watch.runsBefore && !g.__kubook.busy;
      return watch.writes > 0 && performance.now() - watch.lastWriteAt >= quiet;
    },
    [handle, quietMs, finalStatuses as readonly string[]] as const,
    { timeout: options.timeout ?? 120_000, polling: 50 },
  );
  return block.evaluate((fig) => {
    const watch = (globalThis as unknown as WatchGlobal).__kubookWatch!.get(fig)!;
    watch.observer.disconnect();
    return {
      status: fig.getAttribute("data-kubook-status"),
      text: fig.querySelector("[data-kubook-output]")?.textContent ?? "",
      ms: watch.lastWriteAt - watch.clickedAt,
    };
  });
}

/**
 * Click an exercise's Check button and wait for its verdict: `data-kubook-check-status`
 * (passed, failed or error) on its `[data-kubook-check-result]`.
 */
export async function checkExercise(exercise: Locator, timeout = 120_000): Promise<{ status: string; text: string }> {
  const result = exercise.locator("[data-kubook-check-result]");
  await exercise.scrollIntoViewIfNeeded();
  const before = await exercise.page().evaluate(() => (globalThis as unknown as WatchGlobal).__kubook?.checks ?? 0);
  await exercise.locator("[data-kubook-check]").click();
  const handle = await result.elementHandle();
  await exercise.page().waitForFunction(
    ([out, n]) => {
      const k = (globalThis as unknown as WatchGlobal).__kubook;
      if (k && (k.checks <= n || k.busy)) return false;
      return out!.hasAttribute("data-kubook-check-status");
    },
    [handle, before] as const,
    { timeout, polling: 50 },
  );
  return {
    status: (await result.getAttribute("data-kubook-check-status")) ?? "",
    text: (await result.textContent()) ?? "",
  };
}

/** The runnable blocks of the lesson body in document order (exercise solutions excluded). */
export function runnableBlocks(page: Page): Locator {
  return page.locator(
    "[data-kubook-lesson] [data-kubook-block]:has([data-kubook-run]):has([data-kubook-output]):not(.kb-exercise *):not(.kb-exercise)",
  );
}

// ---- terminal ----------------------------------------------------------------------------------------------

export function terminal(page: Page): Locator {
  return page.locator("[data-kubook-terminal]").first();
}

/** Open the terminal (clicking it if xterm is not there yet) and wait for xterm's input. */
export async function openTerminal(page: Page): Promise<Locator> {
  const term = terminal(page);
  await term.scrollIntoViewIfNeeded();
  const input = term.locator(".xterm-helper-textarea");
  if ((await input.count()) === 0) {
    const opener = page.locator("[data-kubook-terminal-open]");
    if ((await opener.count()) > 0) await opener.first().click();
    else await term.click();
  }
  await input.waitFor({ state: "attached", timeout: 60_000 });
  return term;
}

/** What xterm shows (its DOM renderer's rows), non-breaking spaces as spaces. */
export async function terminalText(page: Page): Promise<string> {
  const rows = terminal(page).locator(".xterm-rows");
  if ((await rows.count()) === 0) return "";
  const lines = await rows.first().evaluate((el) => [...el.children].map((row) => row.textContent ?? ""));
  return lines
    .map((l) => l.replace(/\u00a0/g, " ").trimEnd())
    .join("\n")
    .trimEnd();
}

/** Type a command line into the terminal and press Enter. */
export async function typeCommand(page: Page, line: string): Promise<void> {
  const input = terminal(page).locator(".xterm-helper-textarea");
  await input.focus();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

/**
 * Type a command and wait until the text after its last echo satisfies `done`; returns that text
 * (the command's output and the next prompt).
 */
export async function terminalCommand(
  page: Page,
  line: string,
  done: (after: string) => boolean,
  timeout = 60_000,
): Promise<string> {
  const echoes = (text: string): number => text.split(line).length - 1;
  const before = echoes(await terminalText(page));
  await typeCommand(page, line);
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await terminalText(page);
    // The line echoed once more than before it was typed.
    const fresh = echoes(text) > before;
    const at = text.lastIndexOf(line);
    const after = at < 0 ? "" : text.slice(at + line.length);
    if (fresh && done(after)) return after;
    if (Date.now() > deadline)
      throw new Error(`terminal: no expected output after ${JSON.stringify(line)} within ${timeout} ms:\n${text}`);
    await page.waitForTimeout(100);
  }
}

/** Click a block's Reset button and wait until the page has finished resetting. */
export async function resetBlock(block: Locator, timeout = 60_000): Promise<void> {
  const page = block.page();
  const before = await page.evaluate(() => (globalThis as unknown as WatchGlobal).__kubook?.resets ?? 0);
  await block.locator("[data-kubook-reset]").click();
  await page.waitForFunction(
    (n) => {
      const k = (globalThis as unknown as WatchGlobal).__kubook;
      return k !== undefined && k.resets > n && !k.busy;
    },
    before,
    { timeout, polling: 50 },
  );
}
