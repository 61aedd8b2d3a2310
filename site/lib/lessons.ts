/**
 * Build-time lesson data: each lesson in content/ is compiled and played on its simulated
 * cluster exactly as `kubook check` does; a lesson with a failing block (or a compile error)
 * stops the build with a file:line report. The result is what a page needs: the compiled
 * `Lesson` (for the browser's LessonPlayer), and per step its status and verified terminal
 * output, looked up by source line while the Markdown is rendered.
 */
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import {
  type BlockResult,
  type CommandRun,
  compileLesson,
  type Diagnostic,
  type Lesson,
  type LessonResult,
  runLesson,
  type Step,
  unifiedDiff,
} from "#lesson";

/** A step's status on the page (site/README.md): a passed block that promised a failing exit is `expected-failure`. */
export type StepStatus = "passed" | "failed" | "expected-failure" | "skipped";

/** One command as the page shows it: the prompt, the command as it ran, what the terminal printed. */
export interface ShownCommand {
  readonly line: number;
  readonly prompt: string;
  readonly command: string;
  readonly output: string;
  readonly exitCode: number;
}

export interface StepView {
  readonly index: number;
  readonly step: Step;
  readonly status: StepStatus;
  /** Shell steps: their commands; exercises: the commands of their solution. */
  readonly commands: readonly ShownCommand[];
}

/** A shell or file block inside an exercise's solution. */
export interface SolutionView {
  readonly exercise: number;
  readonly index: number;
  readonly step: Step;
  readonly commands: readonly ShownCommand[];
}

export interface LessonData {
  /** `content/01-clusterip.md`, as kubook check names it. */
  readonly path: string;
  readonly source: string;
  readonly lesson: Lesson;
  readonly result: LessonResult;
  readonly steps: readonly StepView[];
  /** Step (top level) by the line of its fence or comment. */
  readonly byLine: ReadonlyMap<number, StepView>;
  /** Solution blocks by the line of their fence. */
  readonly solutionByLine: ReadonlyMap<number, SolutionView>;
  /** Lines of expected output that live in a separate (untagged) fence: those fences are not shown again. */
  readonly expectedLines: ReadonlySet<number>;
  /** The `#kubook-data` document (site/README.md). */
  readonly client: {
    readonly lesson: Lesson;
    readonly outputs: Readonly<Record<string, readonly string[]>>;
    readonly status: Readonly<Record<string, StepStatus>>;
  };
}

const cache = new Map<string, Promise<LessonData>>();

/** The project root: astro runs from it (package.json scripts, `npx astro build`). */
export function projectRoot(): string {
  return process.cwd();
}

/** Load, compile and run a lesson once per build; `file` is relative to the project root or absolute. */
export function lessonData(file: string): Promise<LessonData> {
  const full = isAbsolute(file) ? file : resolve(projectRoot(), file);
  let p = cache.get(full);
  if (!p) {
    p = load(full);
    cache.set(full, p);
  }
  return p;
}

async function load(full: string): Promise<LessonData> {
  const path = relative(projectRoot(), full).split("\\").join("/");
  let source = await readFile(full, "utf8");
  if (source.startsWith("\uFEFF")) source = source.slice(1);
  const lesson = compileLesson(path, source);
  const { result } = await runLesson(lesson);
  const failures = report(result);
  if (failures) throw new LessonBuildError(path, failures);
  return view(path, source, lesson, result);
}

export class LessonBuildError extends Error {
  constructor(path: string, details: string) {
    super(`kubook: ${path} does not pass its own checks; the site is not built.\n\n${details}`);
    this.name = "LessonBuildError";
  }
}

function allDiagnostics(r: LessonResult): Diagnostic[] {
  return [...r.diagnostics, ...r.blocks.flatMap((b) => b.diagnostics)].sort(
    (a, b) => a.at.line - b.at.line || a.at.column - b.at.column,
  );
}

/** The `kubook check` text report of a failing lesson, or "" when it passes. */
export function report(result: LessonResult): string {
  const errors = allDiagnostics(result).filter((d) => d.severity === "error");
  const failedBlocks = result.blocks.filter((b) => b.status === "failed");
  if (errors.length === 0 && failedBlocks.length === 0 && result.summary.failed === 0) return "";
  let out = "";
  for (const d of errors) {
    out += `${result.path}:${d.at.line}:${d.at.column}  ${d.severity}  ${d.message.ko}  ${d.ruleId}\n`;
    out += `      (${d.message.en})\n`;
    if (d.expected !== undefined && d.actual !== undefined) out += indent(unifiedDiff(d.expected, d.actual), "      ");
    else if (d.actual) out += indent(d.actual.trimEnd(), "      | ");
  }
  for (const b of failedBlocks)
    if (b.diagnostics.length === 0)
      out += `${result.path}:${b.at.line}:${b.at.column}  error  ${b.message?.ko ?? "블록이 실패했다"}${
        b.message ? ` (${b.message.en})` : ""
      }\n`;
  out += `${result.summary.passed} passed, ${result.summary.failed} failed\n`;
  return out;
}

function indent(text: string, by: string): string {
  const body = text
    .split("\n")
    .map((l) => (l === "" ? l : by + l))
    .join("\n");
  return body.endsWith("\n") ? body : `${body}\n`;
}

function shown(runs: readonly CommandRun[]): ShownCommand[] {
  return runs.map((c) => ({
    line: c.at.line,
    prompt: c.prompt,
    command: c.command,
    output: c.output,
    exitCode: c.exitCode,
  }));
}

export function statusOf(step: Step, block: BlockResult | undefined): StepStatus {
  if (!block) return "skipped";
  if (block.status !== "passed") return block.status;
  if (step.kind === "shell" && step.expectExit !== undefined) return "expected-failure";
  return "passed";
}

function view(path: string, source: string, lesson: Lesson, result: LessonResult): LessonData {
  const steps: StepView[] = [];
  const byLine = new Map<number, StepView>();
  const solutionByLine = new Map<number, SolutionView>();
  const expectedLines = new Set<number>();
  const outputs: Record<string, string[]> = {};
  const status: Record<string, StepStatus> = {};
  lesson.steps.forEach((step, index) => {
    const block = result.blocks[index];
    const runs = block?.commands ?? [];
    const s: StepView = { index, step, status: statusOf(step, block), commands: shown(runs) };
    steps.push(s);
    byLine.set(step.at.line, s);
    status[index] = s.status;
    if (runs.length > 0) outputs[index] = runs.map((c) => c.output);
    if (step.kind === "shell")
      for (const c of step.commands)
        if (c.expectedAt && c.expectedAt.line !== c.at.line) expectedLines.add(c.expectedAt.line);
    if (step.kind === "exercise")
      step.solution.forEach((sol, i) => {
        const lines = new Set(sol.kind === "shell" ? sol.commands.map((c) => c.at.line) : []);
        solutionByLine.set(sol.at.line, {
          exercise: index,
          index: i,
          step: sol,
          commands: shown(runs.filter((r) => lines.has(r.at.line))),
        });
        if (sol.kind === "shell")
          for (const c of sol.commands)
            if (c.expectedAt && c.expectedAt.line !== c.at.line) expectedLines.add(c.expectedAt.line);
      });
  });
  return {
    path,
    source,
    lesson,
    result,
    steps,
    byLine,
    solutionByLine,
    expectedLines,
    client: { lesson, outputs, status },
  };
}

/** `#kubook-data`'s text: JSON that cannot close its <script> element or open a comment in it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/<\//g, "<\\/")
    .replace(/<!--/g, "\\u003c!--")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
