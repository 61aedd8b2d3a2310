/**
 * The lesson runtime on a page, DOM-free (unit-tested in Node): one LessonPlayer per page,
 * replaying steps to reach the block a reader runs, checking exercises against the cluster
 * as the reader left it, and remembering when anything but the player touched the cluster
 * (the terminal, a check), after which the next Run starts from a fresh cluster.
 *
 * This module and everything it imports (#lesson, #engine, just-bash) is the lazy chunk.
 */
import { type BlockResult, checkAssertion, type ExerciseStep, type Lesson, LessonPlayer, unifiedDiff } from "#lesson";

export { unifiedDiff };

export type Player = LessonPlayer;

export interface CheckOutcome {
  readonly ok: boolean;
  /** Korean messages of the failed assertions. */
  readonly failures: readonly string[];
  /** Whether the check ran on the cluster as the reader left it (true) or after replaying to the exercise. */
  readonly onReaderCluster: boolean;
}

export interface RunHooks {
  /** Called before replaying earlier steps (`from` … `to - 1`); `fresh` if the cluster was recreated. */
  readonly onReplay?: (from: number, to: number, fresh: boolean) => void;
}

/** Let the page paint and take input between steps. */
export function yieldToPage(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (s?.yield) return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class LessonRuntime {
  readonly lesson: Lesson;
  readonly player: LessonPlayer;
  /** Something other than the player's own steps changed the cluster or the shell. */
  private touched = false;
  /** Bumped when the player gets a new cluster/shell or jumps (listeners redraw the terminal). */
  generation = 0;

  private constructor(lesson: Lesson, player: LessonPlayer) {
    this.lesson = lesson;
    this.player = player;
  }

  static create(lesson: Lesson): { ok: true; runtime: LessonRuntime } | { ok: false; message: string } {
    const created = LessonPlayer.create(lesson);
    if (!created.ok) {
      const d = created.diagnostics.find((x) => x.severity === "error") ?? created.diagnostics[0];
      return { ok: false, message: d?.message.ko ?? created.blocks[0]?.message?.ko ?? "레슨을 실행할 수 없다" };
    }
    return { ok: true, runtime: new LessonRuntime(lesson, created.value) };
  }

  get dirty(): boolean {
    return this.touched;
  }

  get position(): number {
    return this.player.position;
  }

  /** The terminal (or a check) changed the cluster: the next Run starts again from step 0. */
  markDirty(): void {
    this.touched = true;
  }

  reset(): void {
    this.player.reset();
    this.touched = false;
    this.generation++;
  }

  /** Bring the player to "before step `index`": continue if it is behind and clean, else start again. */
  async bringTo(index: number, hooks: RunHooks = {}): Promise<void> {
    let fresh = false;
    if (this.touched || this.player.position > index) {
      this.reset();
      fresh = true;
    }
    const from = this.player.position;
    if (from < index) hooks.onReplay?.(from, index, fresh);
    for (let i = from; i < index; i++) {
      await yieldToPage();
      await this.player.step(i);
    }
    if (from < index || fresh) this.generation++;
  }

  /** Run block `index` (replaying what comes before it). */
  async run(index: number, hooks: RunHooks = {}): Promise<BlockResult> {
    await this.bringTo(index, hooks);
    await yieldToPage();
    const result = await this.player.step(index);
    this.generation++;
    return result;
  }

  /**
   * An exercise's check against the reader's cluster. If the reader has changed nothing yet
   * (no terminal, player not past the exercise) the player is first brought to the state
   * before the exercise, as the build checked it.
   */
  async check(index: number, hooks: RunHooks = {}): Promise<CheckOutcome> {
    const step = this.lesson.steps[index];
    if (step?.kind !== "exercise") throw new Error(`kubook: step ${index} is not an exercise`);
    let onReaderCluster = true;
    if (!this.touched && this.player.position <= index) {
      await this.bringTo(index, hooks);
      onReaderCluster = false;
    }
    await yieldToPage();
    const failures = checkExercise(step, this.player);
    // A request check spends virtual time: the cluster is no longer the build's.
    this.touched = true;
    return { ok: failures.length === 0, failures, onReaderCluster };
  }
}

function checkExercise(step: ExerciseStep, player: LessonPlayer): string[] {
  const shell = player.shell;
  const namespace = shell.config.contexts.get(shell.config.currentContext)?.namespace ?? "default";
  const failures: string[] = [];
  for (const a of step.check) {
    const r = checkAssertion(shell.cluster, a, namespace);
    if (!r.ok) failures.push(r.message.ko);
  }
  return failures;
}
