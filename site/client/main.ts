/**
 * The eager client of every lesson page (site/README.md is the contract): wires the Run,
 * Reset and Check buttons and the terminal placeholder, fills progress marks, and imports the
 * heavy part — the engine and the lesson runtime (controller.ts) and xterm.js (terminal.ts) —
 * only when the reader first runs, checks or opens the terminal. Hovering or focusing one of
 * those buttons starts the download early; `data-kubook-prefetch="idle"` on the article also
 * prefetches when the browser is idle (not the default: it would count toward the page's
 * first-load bytes).
 */
import "./kubook.css";
import type { Controller } from "./controller.ts";
import { recordExercises, refreshProgress } from "./progress.ts";
import { kubookState } from "./state.ts";

const state = kubookState();
const article = document.querySelector<HTMLElement>("[data-kubook-lesson]");

let controller: Promise<Controller> | undefined;
let chunk: Promise<typeof import("./controller.ts")> | undefined;
let terminalChunk: Promise<typeof import("./terminal.ts")> | undefined;

function prefetch(): void {
  chunk ??= import("./controller.ts");
}

function load(): Promise<Controller> {
  if (!controller) {
    prefetch();
    controller = chunk!.then((m) => {
      const c = m.createController(article!);
      state.loaded = true;
      state.idle = () => c.idle();
      return c;
    });
    controller.catch(() => {
      // A failed download may be retried by the next click.
      controller = undefined;
      chunk = undefined;
    });
  }
  return controller;
}

const loadingText = "엔진을 불러오는 중…";

/** Show that the engine is downloading on the block that asked for it. */
async function withEngine(target: HTMLElement, fn: (c: Controller) => Promise<void>): Promise<void> {
  const badge = target.querySelector<HTMLElement>("[data-kubook-badge]");
  const before = badge?.textContent ?? null;
  const buttons = target.querySelectorAll<HTMLButtonElement>("button");
  let c: Controller;
  if (!state.loaded) {
    target.setAttribute("aria-busy", "true");
    target.setAttribute("data-kubook-running", "load");
    if (badge) badge.textContent = loadingText;
    for (const b of buttons) b.disabled = true;
  }
  try {
    c = await load();
  } catch (e) {
    console.error(e);
    if (badge) badge.textContent = "엔진을 불러오지 못했다";
    return;
  } finally {
    target.removeAttribute("aria-busy");
    target.removeAttribute("data-kubook-running");
    for (const b of buttons) b.disabled = false;
  }
  if (badge && badge.textContent === loadingText) badge.textContent = before;
  await fn(c);
}

function blockIndex(el: Element | null): number | undefined {
  const block = el?.closest<HTMLElement>("[data-kubook-block]");
  const n = Number(block?.dataset.kubookBlock);
  return block && Number.isInteger(n) ? n : undefined;
}

function onClick(ev: MouseEvent): void {
  const target = ev.target as Element | null;
  const button = target?.closest<HTMLButtonElement>(
    "[data-kubook-run], [data-kubook-reset], [data-kubook-check], [data-kubook-terminal-open]",
  );
  if (!button || !article?.contains(button) || button.disabled) return;
  ev.preventDefault();
  const host = button.closest<HTMLElement>("[data-kubook-block]") ?? article;
  if (button.hasAttribute("data-kubook-terminal-open")) {
    void openTerminal(button.closest<HTMLElement>("[data-kubook-terminal]"));
    return;
  }
  if (button.hasAttribute("data-kubook-reset")) {
    // Before the engine was ever loaded the page already shows the build's state.
    if (!controller) return;
    void withEngine(host, (c) => c.reset());
    return;
  }
  const index = blockIndex(button);
  if (index === undefined) return;
  if (button.hasAttribute("data-kubook-check")) void withEngine(host, (c) => c.check(index));
  else void withEngine(host, (c) => c.run(index));
}

async function openTerminal(host: HTMLElement | null): Promise<void> {
  if (!host || host.dataset.kubookTerminalState === "loading" || host.dataset.kubookTerminalState === "open") return;
  host.dataset.kubookTerminalState = "loading";
  const open = host.querySelector<HTMLButtonElement>("[data-kubook-terminal-open]");
  if (open) {
    open.disabled = true;
    open.textContent = "터미널을 여는 중…";
  }
  try {
    terminalChunk ??= import("./terminal.ts");
    const [c, m] = await Promise.all([load(), terminalChunk]);
    open?.remove();
    m.mountTerminal(host, c);
    host.dataset.kubookTerminalState = "open";
  } catch (e) {
    console.error(e);
    terminalChunk = undefined;
    host.dataset.kubookTerminalState = "closed";
    if (open) {
      open.disabled = false;
      open.textContent = "터미널을 열지 못했다 — 다시 시도";
    }
  }
}

function wire(page: HTMLElement): void {
  const slug = page.dataset.kubookLesson ?? "";
  recordExercises(
    slug,
    [...page.querySelectorAll<HTMLElement>("[data-kubook-exercise]")].map((e) => e.dataset.kubookExercise ?? ""),
  );
  page.addEventListener("click", onClick);
  // Download the engine as soon as the reader shows intent.
  const intent = (ev: Event) => {
    const t = ev.target as Element | null;
    if (t?.closest?.("[data-kubook-run], [data-kubook-check], [data-kubook-terminal-open]")) prefetch();
  };
  page.addEventListener("pointerover", intent, { passive: true });
  page.addEventListener("focusin", intent);
  if (page.dataset.kubookPrefetch === "idle") {
    const idle = (window as { requestIdleCallback?: (cb: () => void) => number }).requestIdleCallback;
    if (idle) idle(prefetch);
    else setTimeout(prefetch, 3000);
  }
  for (const host of page.querySelectorAll<HTMLElement>("[data-kubook-terminal]")) {
    host.dataset.kubookTerminalState = "closed";
    if (host.querySelector("[data-kubook-terminal-open]")) continue;
    const b = document.createElement("button");
    b.type = "button";
    b.className = "kb-terminal-open";
    b.setAttribute("data-kubook-terminal-open", "");
    b.textContent = "터미널 열기 — 이 레슨의 클러스터에서 직접 명령을 실행한다";
    host.append(b);
  }
}

refreshProgress(document);
if (article) wire(article);
// Progress changed in another tab.
window.addEventListener("storage", (e) => {
  if (e.key?.startsWith("kubook:")) refreshProgress(document);
});
