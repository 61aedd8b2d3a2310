/**
 * Run a compiled lesson against a fresh simulated cluster: files are written to the
 * workstation, shell steps run line by line in one ShellSession (state persists across
 * blocks), each command's terminal output is matched against what the lesson promises,
 * assertions are checked against the cluster, and an exercise's check must fail before its
 * solution and pass after it. Pure and browser-safe: the site runs lessons with it too.
 */
import { createCluster, type ShellStep as SessionStep, ShellSession } from "#engine";
import { checkAssertion } from "../assert/index.ts";
import { matchOutput, substitute } from "../match/index.ts";
import type {
  Assertion,
  AssertStep,
  BlockResult,
  Command,
  CommandRun,
  Diagnostic,
  ExerciseStep,
  FileStep,
  Lesson,
  LessonResult,
  ShellStep,
  SourcePoint,
  Step,
} from "../model.ts";
import { diagnostic, messages } from "./messages.ts";

export interface RunOptions {
  /** Called as each block starts (the CLI's progress line). */
  readonly onBlock?: (index: number, total: number, step: Step) => void;
  /**
   * Virtual milliseconds before each command line (default the shell's 1 s). Audits use more:
   * authors of ordinary posts waited for their pods before the next command.
   */
  readonly thinkMs?: number;
  /** Rewrite each expected output before matching (audits: volatile values become placeholders). */
  readonly relax?: (expected: string) => string;
}

/** A rewrite of one command's expected output (`kubook check --update`). */
export interface OutputEdit {
  readonly command: SourcePoint;
  /** The expected output's first line, or undefined when the command showed none. */
  readonly expectedAt?: SourcePoint;
  /** Lines the old expected output spans. */
  readonly expectedLines: number;
  readonly actual: string;
}

export interface LessonRun {
  readonly result: LessonResult;
  /** Commands whose expected output did not match, with what the simulation printed. */
  readonly edits: readonly OutputEdit[];
}

interface RunState {
  readonly relax: (expected: string) => string;
  readonly session: ShellSession;
  readonly captures: Map<string, string>;
  readonly edits: OutputEdit[];
}

export async function runLesson(lesson: Lesson, options: RunOptions = {}): Promise<LessonRun> {
  const player = LessonPlayer.create(lesson, options);
  if (!player.ok) return { result: summarize(lesson.path, player.blocks, player.diagnostics), edits: [] };
  const blocks: BlockResult[] = [];
  for (let i = 0; i < lesson.steps.length; i++) {
    options.onBlock?.(i, lesson.steps.length, lesson.steps[i]!);
    blocks.push(await player.value.step(i));
  }
  return { result: summarize(lesson.path, blocks, lesson.diagnostics), edits: player.value.edits };
}

/**
 * A lesson played step by step on its own cluster and shell: the site's Run buttons use it
 * (replaying earlier steps to reach the state before the one clicked), `runLesson` plays all.
 * Steps must be played in order from 0; `reset()` starts again on a fresh cluster.
 */
export class LessonPlayer {
  readonly lesson: Lesson;
  private readonly options: RunOptions;
  private state!: RunState;
  private played = 0;

  private constructor(lesson: Lesson, options: RunOptions) {
    this.lesson = lesson;
    this.options = options;
  }

  static create(
    lesson: Lesson,
    options: RunOptions = {},
  ): { ok: true; value: LessonPlayer } | { ok: false; blocks: BlockResult[]; diagnostics: Diagnostic[] } {
    if (lesson.diagnostics.some((d) => d.severity === "error"))
      return {
        ok: false,
        blocks: lesson.steps.map((s) => skipped(s, messages.notRunCompileErrors)),
        diagnostics: [...lesson.diagnostics],
      };
    const player = new LessonPlayer(lesson, options);
    const fresh = player.fresh();
    if (!fresh.ok) {
      const d = diagnostic(
        "kubook/cluster-options",
        "error",
        { line: 1, column: 1 },
        messages.clusterOptions(fresh.message),
      );
      return {
        ok: false,
        blocks: lesson.steps.map((s) => skipped(s, messages.notRunCluster)),
        diagnostics: [...lesson.diagnostics, d],
      };
    }
    return { ok: true, value: player };
  }

  private fresh(): { ok: true } | { ok: false; message: string } {
    const c = this.lesson.frontmatter.cluster;
    const created = createCluster({
      seed: c.seed ?? 1,
      ...(c.nodes !== undefined ? { nodes: c.nodes } : {}),
      ...(c.proxyMode ? { proxyMode: c.proxyMode } : {}),
      ...(c.cni ? { cni: c.cni } : {}),
      ...(c.loadBalancer ? { loadBalancer: c.loadBalancer } : {}),
      ...(c.externalHosts ? { externalHosts: c.externalHosts as never } : {}),
    });
    if (!created.ok) return created;
    created.cluster.settle();
    const budget = this.lesson.frontmatter.budgetSeconds;
    this.state = {
      session: new ShellSession(created.cluster, {
        ...(budget ? { budgetMs: budget * 1000 } : {}),
        ...(this.options.thinkMs !== undefined ? { thinkMs: this.options.thinkMs } : {}),
      }),
      captures: new Map(),
      edits: [],
      relax: this.options.relax ?? ((e) => e),
    };
    this.played = 0;
    return { ok: true };
  }

  /** The learner's shell on this lesson's cluster (the site's terminal types into it). */
  get shell(): ShellSession {
    return this.state.session;
  }

  /** How many steps have been played since the last reset. */
  get position(): number {
    return this.played;
  }

  get edits(): readonly OutputEdit[] {
    return this.state.edits;
  }

  /** A fresh cluster and shell, as before step 0. */
  reset(): void {
    this.fresh();
  }

  /** Play step `index`; it must be the next one. */
  async step(index: number): Promise<BlockResult> {
    if (index !== this.played)
      throw new Error(`LessonPlayer: step ${index} played out of order (next is ${this.played})`);
    const result = await runStep(this.lesson.steps[index]!, this.state);
    this.played++;
    return result;
  }
}

async function runStep(step: Step, state: RunState): Promise<BlockResult> {
  switch (step.kind) {
    case "file":
      return runFile(step, state);
    case "shell":
      return runShell(step, state);
    case "assert":
      return runAssert(step, state);
    case "illustrative":
      return {
        at: step.at,
        kind: step.kind,
        status: "skipped",
        message: messages.illustrative(step.reason),
        commands: [],
        diagnostics: [],
      };
    case "exercise":
      return runExercise(step, state);
  }
}

async function runFile(step: FileStep, state: RunState): Promise<BlockResult> {
  await state.session.writeFile(step.name, step.content);
  return { at: step.at, kind: "file", status: "passed", commands: [], diagnostics: [] };
}

function terminalText(steps: readonly SessionStep[]): { output: string; stdout: string; stderr: string } {
  const chunks = steps.flatMap((s) => s.chunks);
  return {
    output: chunks.map((c) => c.text).join(""),
    stdout: chunks
      .filter((c) => c.stream === "stdout")
      .map((c) => c.text)
      .join(""),
    stderr: chunks
      .filter((c) => c.stream === "stderr")
      .map((c) => c.text)
      .join(""),
  };
}

async function runCommand(
  cmd: Command,
  state: RunState,
): Promise<{ run: CommandRun; steps: SessionStep[] } | { missing: string }> {
  const text = substitute(cmd.text, state.captures);
  if (!text.ok) return { missing: text.missing };
  const prompt = state.session.prompt;
  const steps: SessionStep[] = [];
  for (const line of text.text.split("\n")) steps.push(...(await state.session.input(line)));
  steps.push(...(await state.session.end()));
  const t = terminalText(steps);
  const last = steps.at(-1);
  return {
    steps,
    run: {
      at: cmd.at,
      context: steps[0]?.context ?? "workstation",
      prompt,
      command: text.text,
      exitCode: last?.exitCode ?? 0,
      stdout: t.stdout,
      stderr: t.stderr,
      output: t.output,
      interrupted: steps.some((s) => s.interrupted),
      notes: steps.flatMap((s) => s.notes),
    },
  };
}

async function runShell(step: ShellStep, state: RunState): Promise<BlockResult> {
  const runs: CommandRun[] = [];
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < step.commands.length; i++) {
    const cmd = step.commands[i]!;
    const isLast = i === step.commands.length - 1;
    const ran = await runCommand(cmd, state);
    if ("missing" in ran) {
      diagnostics.push(diagnostic("kubook/unknown-capture", "error", cmd.at, messages.unknownCapture(ran.missing)));
      break;
    }
    runs.push(ran.run);
    const code = ran.run.exitCode;
    if (isLast && step.expectExit !== undefined) {
      const okExit = step.expectExit === "nonzero" ? code !== 0 : code === step.expectExit;
      if (!okExit)
        diagnostics.push(diagnostic("kubook/exit-code", "error", cmd.at, messages.exitCode(step.expectExit, code)));
    }
    if (cmd.expected !== undefined) {
      const m = matchOutput(state.relax(cmd.expected), ran.run.output, { mode: step.match, captures: state.captures });
      if (m.ok) for (const [k, v] of m.captures) state.captures.set(k, v);
      else {
        diagnostics.push({
          ...diagnostic(
            "kubook/output-mismatch",
            "error",
            cmd.expectedAt ?? cmd.at,
            messages.outputMismatch(ran.run.command, m.line),
          ),
          expected: cmd.expected,
          actual: ran.run.output,
        });
        state.edits.push({
          command: cmd.at,
          ...(cmd.expectedAt ? { expectedAt: cmd.expectedAt } : {}),
          expectedLines: lineCount(cmd.expected),
          actual: ran.run.output,
        });
      }
    } else if (code !== 0 && !(isLast && step.expectExit !== undefined) && !ran.run.interrupted) {
      // A command that fails where the lesson shows no failure is a broken lesson.
      diagnostics.push({
        ...diagnostic("kubook/command-failed", "error", cmd.at, messages.commandFailed(ran.run.command, code)),
        actual: ran.run.output,
      });
    }
  }
  const failed = diagnostics.length > 0;
  return {
    at: step.at,
    kind: "shell",
    status: failed ? "failed" : "passed",
    ...(failed ? { message: diagnostics[0]!.message } : {}),
    commands: runs,
    diagnostics,
  };
}

/** `{{WEB_IP}}` in an assertion's strings means the value an earlier output captured. */
function withCaptures<T>(value: T, captures: ReadonlyMap<string, string>, depth = 0): T {
  if (depth > 20) return value;
  if (typeof value === "string") {
    const s = substitute(value, captures);
    return (s.ok ? s.text : value) as T;
  }
  if (Array.isArray(value)) return value.map((v) => withCaptures(v, captures, depth + 1)) as T;
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withCaptures(v, captures, depth + 1)])) as T;
  return value;
}

function checkAll(
  assertions: readonly Assertion[],
  state: RunState,
): { ok: boolean; failures: { ko: string; en: string }[] } {
  const failures: { ko: string; en: string }[] = [];
  for (const a of assertions) {
    const r = checkAssertion(state.session.cluster, withCaptures(a, state.captures), namespaceOf(state));
    if (!r.ok) failures.push(r.message);
  }
  return { ok: failures.length === 0, failures };
}

/** Assertions read the namespace the learner's kubectl uses (set-context may have changed it). */
function namespaceOf(state: RunState): string {
  const ctx = state.session.config.contexts.get(state.session.config.currentContext);
  return ctx?.namespace ?? "default";
}

async function runAssert(step: AssertStep, state: RunState): Promise<BlockResult> {
  const r = checkAll(step.assertions, state);
  const diagnostics = r.failures.map((m) => diagnostic("kubook/assertion-failed", "error", step.at, m));
  return {
    at: step.at,
    kind: "assert",
    status: r.ok ? "passed" : "failed",
    ...(r.ok ? {} : { message: r.failures[0]! }),
    commands: [],
    diagnostics,
  };
}

async function runExercise(step: ExerciseStep, state: RunState): Promise<BlockResult> {
  const diagnostics: Diagnostic[] = [];
  const before = checkAll(step.check, state);
  if (before.ok)
    diagnostics.push(
      diagnostic("kubook/exercise-check-passes-early", "error", step.checkAt, messages.checkPassesEarly(step.id)),
    );
  const commands: CommandRun[] = [];
  for (const s of step.solution) {
    const r = s.kind === "file" ? await runFile(s, state) : await runShell(s, state);
    commands.push(...r.commands);
    diagnostics.push(...r.diagnostics);
  }
  const after = checkAll(step.check, state);
  if (!after.ok)
    diagnostics.push(
      ...after.failures.map((m) =>
        diagnostic("kubook/exercise-check-fails", "error", step.checkAt, messages.checkFailsAfter(step.id, m)),
      ),
    );
  const failed = diagnostics.length > 0;
  return {
    at: step.at,
    kind: "exercise",
    status: failed ? "failed" : "passed",
    ...(failed ? { message: diagnostics[0]!.message } : {}),
    commands,
    diagnostics,
  };
}

function skipped(step: Step, message: { ko: string; en: string }): BlockResult {
  return { at: step.at, kind: step.kind, status: "skipped", message, commands: [], diagnostics: [] };
}

function summarize(path: string, blocks: BlockResult[], diagnostics: readonly Diagnostic[]): LessonResult {
  const count = (s: BlockResult["status"]) => blocks.filter((b) => b.status === s).length;
  const compileErrors = diagnostics.filter((d) => d.severity === "error").length;
  return {
    path,
    blocks,
    diagnostics,
    summary: { passed: count("passed"), failed: count("failed") + compileErrors, skipped: count("skipped") },
  };
}

/** Lines a text spans in the source (its trailing newline, if any, ends the last one). */
function lineCount(text: string): number {
  const t = text.endsWith("\n") ? text.slice(0, -1) : text;
  return t === "" ? 0 : t.split("\n").length;
}
