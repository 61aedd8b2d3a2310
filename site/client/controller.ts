/**
 * The page's lesson controller (lazy chunk): Run, Reset and Check on the static blocks, one
 * queue for everything that touches the player (buttons and the terminal), and the DOM
 * updates the contract in site/README.md describes. All text goes in with textContent.
 */
import type { BlockResult, CommandRun, Diagnostic, Lesson, Step } from "#lesson";
import { defaultStyle, detectStyle, formatBlock, type OutputStyle } from "./format.ts";
import { markPassed } from "./progress.ts";
import { LessonRuntime, unifiedDiff } from "./runtime.ts";
import { kubookState } from "./state.ts";

export interface PageData {
  readonly lesson: Lesson;
  readonly outputs?: Readonly<Record<string, readonly string[]>>;
  readonly status?: Readonly<Record<string, string>>;
}

export type ChangeReason = "run" | "reset" | "check";

const badgeText: Record<string, string> = {
  passed: "통과",
  failed: "실패",
  "expected-failure": "예상된 실패",
  skipped: "건너뜀",
};

const text = {
  replaying: "이전 단계를 재생하는 중…",
  running: "실행 중…",
  checking: "확인하는 중…",
  error: "오류",
  checkPassed: "통과했다 ✓",
  checkFailed: "아직 아니다",
  checkReplayed:
    "터미널에서 아직 아무것도 하지 않아, 연습 직전까지 재생한 클러스터로 확인했다. 아래 터미널에서 문제를 푼 뒤 다시 확인하자.",
  alreadyPassed: "이미 통과한 연습이다 ✓",
};

interface Snapshot {
  readonly status: string | null;
  readonly badge: string | null;
  readonly outputs: readonly string[];
}

export class Controller {
  readonly article: HTMLElement;
  readonly lessonSlug: string;
  readonly runtime: LessonRuntime;
  private readonly snapshots = new Map<number, Snapshot>();
  private style: OutputStyle | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private busyCount = 0;
  private readonly listeners = new Set<(reason: ChangeReason) => void>();

  constructor(article: HTMLElement, runtime: LessonRuntime) {
    this.article = article;
    this.runtime = runtime;
    this.lessonSlug = article.dataset.kubookLesson ?? "";
    for (const el of article.querySelectorAll<HTMLElement>("[data-kubook-block]")) {
      const index = Number(el.dataset.kubookBlock);
      this.snapshots.set(index, {
        status: el.getAttribute("data-kubook-status"),
        badge: this.badgeOf(el)?.textContent ?? null,
        outputs: this.outputsOf(el).map((o) => o.textContent ?? ""),
      });
    }
  }

  get busy(): boolean {
    return this.busyCount > 0;
  }

  /** Called after a Run, Reset or Check changed the player (the terminal prints a notice). */
  onChange(listener: (reason: ChangeReason) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Run `fn` when nothing else uses the player; buttons are disabled meanwhile. */
  exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    this.setBusy(+1);
    const next = this.queue.then(fn);
    this.queue = next.then(
      () => this.setBusy(-1),
      () => this.setBusy(-1),
    );
    return next;
  }

  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  async run(index: number): Promise<void> {
    const el = this.block(index);
    const step = this.runtime.lesson.steps[index];
    if (!el || !step) return;
    const gen = this.runtime.generation;
    await this.exclusive(async () => {
      el.setAttribute("aria-busy", "true");
      this.clearDiagnostics(el);
      this.setRunning(el, "run", text.running);
      try {
        const result = await this.runtime.run(index, {
          onReplay: () => this.setRunning(el, "replay", text.replaying),
        });
        this.setRunning(el, null);
        this.show(el, index, step, result);
      } catch (e) {
        this.setRunning(el, null);
        this.showError(el, e);
      } finally {
        el.removeAttribute("aria-busy");
        kubookState().runs++;
      }
    });
    if (this.runtime.generation !== gen) this.emit("run");
  }

  /** Reset: a fresh cluster, and every block shows the build's output again. */
  async reset(): Promise<void> {
    await this.exclusive(() => {
      this.runtime.reset();
      for (const [index, snap] of this.snapshots) {
        const el = this.block(index);
        if (!el) continue;
        this.clearDiagnostics(el);
        if (snap.status === null) el.removeAttribute("data-kubook-status");
        else el.setAttribute("data-kubook-status", snap.status);
        const badge = this.badgeOf(el);
        if (badge && snap.badge !== null) badge.textContent = snap.badge;
        this.outputsOf(el).forEach((o, i) => {
          o.textContent = snap.outputs[i] ?? "";
        });
      }
      for (const r of this.article.querySelectorAll<HTMLElement>("[data-kubook-check-result]")) {
        r.textContent = "";
        r.removeAttribute("data-kubook-check-status");
      }
      kubookState().resets++;
    });
    this.emit("reset");
  }

  async check(index: number): Promise<void> {
    const section = this.article.querySelector<HTMLElement>(`[data-kubook-exercise][data-kubook-block="${index}"]`);
    const step = this.runtime.lesson.steps[index];
    if (!section || step?.kind !== "exercise") return;
    const out = section.querySelector<HTMLElement>("[data-kubook-check-result]");
    await this.exclusive(async () => {
      section.setAttribute("aria-busy", "true");
      if (out) {
        out.removeAttribute("data-kubook-check-status");
        out.textContent = text.checking;
      }
      try {
        const r = await this.runtime.check(index, {
          onReplay: () => {
            if (out) out.textContent = text.replaying;
          },
        });
        section.setAttribute("data-kubook-check-status", r.ok ? "passed" : "failed");
        if (r.ok) markPassed(this.lessonSlug, step.id);
        if (out) {
          out.setAttribute("data-kubook-check-status", r.ok ? "passed" : "failed");
          out.replaceChildren();
          const head = document.createElement("strong");
          head.textContent = r.ok ? text.checkPassed : text.checkFailed;
          out.append(head);
          if (!r.ok) {
            const list = document.createElement("ul");
            list.className = "kb-check-failures";
            for (const f of r.failures) {
              const li = document.createElement("li");
              li.textContent = f;
              list.append(li);
            }
            out.append(list);
            if (!r.onReaderCluster) {
              const note = document.createElement("p");
              note.className = "kb-check-note";
              note.textContent = text.checkReplayed;
              out.append(note);
            }
          }
        }
      } catch (e) {
        if (out) {
          out.setAttribute("data-kubook-check-status", "error");
          out.textContent = `${text.error}: ${messageOf(e)}`;
        }
        console.error(e);
      } finally {
        section.removeAttribute("aria-busy");
        kubookState().checks++;
      }
    });
    this.emit("check");
  }

  // ---- DOM ------------------------------------------------------------------------------

  block(index: number): HTMLElement | null {
    return this.article.querySelector<HTMLElement>(`[data-kubook-block="${index}"]`);
  }

  private badgeOf(el: HTMLElement): HTMLElement | null {
    return this.own(el, "[data-kubook-badge]")[0] ?? null;
  }

  private outputsOf(el: HTMLElement): HTMLElement[] {
    return this.own(el, "[data-kubook-output]");
  }

  /** Elements inside `el` that belong to it rather than to a block nested in it. */
  private own(el: HTMLElement, selector: string): HTMLElement[] {
    return [...el.querySelectorAll<HTMLElement>(selector)].filter(
      (x) => x.parentElement?.closest("[data-kubook-block]") === el,
    );
  }

  private setRunning(el: HTMLElement, state: "replay" | "run" | null, label?: string): void {
    if (state === null) {
      el.removeAttribute("data-kubook-running");
      return;
    }
    el.setAttribute("data-kubook-running", state);
    const badge = this.badgeOf(el);
    if (badge && label) badge.textContent = label;
  }

  private show(el: HTMLElement, index: number, step: Step, result: BlockResult): void {
    const status =
      result.status === "passed" && step.kind === "shell" && step.expectExit !== undefined
        ? "expected-failure"
        : result.status;
    el.setAttribute("data-kubook-status", status);
    const badge = this.badgeOf(el);
    if (badge) badge.textContent = badgeText[status] ?? status;
    const outputs = this.outputsOf(el);
    const groups = groupRuns(step, result.commands, outputs.length);
    const snap = this.snapshots.get(index);
    outputs.forEach((o, i) => {
      const runs = groups[i] ?? [];
      o.textContent = formatBlock(runs, this.styleFor(runs, snap?.outputs[i]));
    });
    if (result.status === "failed") this.showDiagnostics(el, result);
  }

  /** The build's layout, learnt from the first block whose static text a clean run reproduces. */
  private styleFor(runs: readonly CommandRun[], staticText: string | undefined): OutputStyle {
    if (this.style) return this.style;
    if (staticText !== undefined) {
      const found = detectStyle(runs, staticText);
      if (found) {
        this.style = found;
        return found;
      }
    }
    return defaultStyle;
  }

  private showDiagnostics(el: HTMLElement, result: BlockResult): void {
    const box = document.createElement("div");
    box.className = "kb-diagnostics";
    box.setAttribute("data-kubook-diagnostics", "");
    box.setAttribute("role", "alert");
    const diags: readonly Pick<Diagnostic, "message" | "expected" | "actual">[] =
      result.diagnostics.length > 0 ? result.diagnostics : result.message ? [{ message: result.message }] : [];
    for (const d of diags) {
      const p = document.createElement("p");
      p.className = "kb-diagnostic";
      p.textContent = d.message.ko;
      box.append(p);
      if (d.expected !== undefined && d.actual !== undefined) {
        const pre = document.createElement("pre");
        pre.className = "kb-diff";
        pre.textContent = unifiedDiff(d.expected, d.actual);
        box.append(pre);
      }
    }
    this.placeDiagnostics(el, box);
  }

  private showError(el: HTMLElement, e: unknown): void {
    console.error(e);
    el.setAttribute("data-kubook-status", "failed");
    const badge = this.badgeOf(el);
    if (badge) badge.textContent = text.error;
    const box = document.createElement("div");
    box.className = "kb-diagnostics";
    box.setAttribute("data-kubook-diagnostics", "");
    box.setAttribute("role", "alert");
    const p = document.createElement("p");
    p.className = "kb-diagnostic";
    p.textContent = `kubook: ${messageOf(e)}`;
    box.append(p);
    this.placeDiagnostics(el, box);
  }

  private placeDiagnostics(el: HTMLElement, box: HTMLElement): void {
    const last = this.outputsOf(el).at(-1);
    if (last) last.after(box);
    else el.append(box);
  }

  private clearDiagnostics(el: HTMLElement): void {
    for (const d of this.own(el, "[data-kubook-diagnostics]")) d.remove();
  }

  private setBusy(delta: number): void {
    this.busyCount += delta;
    const busy = this.busyCount > 0;
    kubookState().busy = busy;
    this.article.toggleAttribute("data-kubook-busy", busy);
    for (const b of this.article.querySelectorAll<HTMLButtonElement>(
      "[data-kubook-run], [data-kubook-reset], [data-kubook-check]",
    ))
      b.disabled = busy;
  }

  private emit(reason: ChangeReason): void {
    for (const l of this.listeners) {
      try {
        l(reason);
      } catch (e) {
        console.error(e);
      }
    }
  }
}

/**
 * Which commands go to which output element: all to one; for an exercise whose solution has
 * several shell blocks shown with an output each, the solution's commands block by block.
 */
function groupRuns(step: Step, runs: readonly CommandRun[], outputs: number): CommandRun[][] {
  if (outputs <= 1) return [[...runs]];
  if (step.kind !== "exercise") return [[...runs]];
  const sizes = step.solution.filter((s) => s.kind === "shell").map((s) => s.commands.length);
  const groups: CommandRun[][] = [];
  let at = 0;
  for (const n of sizes) {
    groups.push(runs.slice(at, at + n));
    at += n;
  }
  return groups;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Read the page's data and start the runtime. */
export function createController(article: HTMLElement): Controller {
  const script = document.getElementById("kubook-data");
  if (!script?.textContent) throw new Error("kubook: the page has no #kubook-data");
  const data = JSON.parse(script.textContent) as PageData;
  const created = LessonRuntime.create(data.lesson);
  if (!created.ok) throw new Error(created.message);
  return new Controller(article, created.runtime);
}
