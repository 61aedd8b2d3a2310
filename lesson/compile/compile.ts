/**
 * Markdown lesson → `Lesson`: frontmatter, then the blocks in document order as steps, with
 * every problem as a diagnostic. Never throws: any input gives a Lesson.
 */
import type { Code, Root, Yaml } from "mdast";
import type {
  Assertion,
  AssertStep,
  Command,
  Diagnostic,
  ExerciseStep,
  FileStep,
  Frontmatter,
  IllustrativeStep,
  Lesson,
  MatchMode,
  ShellStep,
  SourcePoint,
  Step,
} from "../model.ts";
import { type Attribute, parseAttributes } from "./attributes.ts";
import { diagnostic } from "./diagnostics.ts";
import {
  type Doc,
  type Item,
  isUnclosedFence,
  itemsOf,
  makeDoc,
  mapPoint,
  parseMarkdown,
  pointIn,
  textOf,
} from "./markdown.ts";
import { checkShape, type Shape, type ShapeProblem } from "./shape.ts";
import { type ShellState, splitShell } from "./shell.ts";
import { assertionShapes, clusterShape, frontmatterShape } from "./specs.ts";
import { loadYaml, locate } from "./yaml.ts";

/** Lessons longer than this (in UTF-16 code units, about a megabyte) are not compiled. */
export const maxLessonLength = 1_000_000;

const shellLangs = new Set(["sh", "bash", "shell", "console", "zsh"]);
const fileLangs = new Set(["yaml", "yml", "json"]);
const outputLangs = new Set(["", "text", "output", "plaintext", "console-output"]);
const fenceAttributes = ["illustrative", "exit", "fails", "match", "kubook", "title", "file", "filename"];
const allowedBy = {
  shell: ["illustrative", "exit", "fails", "match"],
  file: ["illustrative", "fails", "kubook", "title", "file", "filename"],
  output: ["illustrative", "exit", "fails", "match"],
  other: ["illustrative"],
} as const;
const fileNameComment = /^#\s*([\w./-]+\.(?:ya?ml|json))\s*$/;

export function compileLesson(path: string, source: string): Lesson {
  try {
    return compile(path, source);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      path,
      frontmatter: fallbackFrontmatter(path),
      steps: [],
      diagnostics: [
        diagnostic(
          "kubook/internal-error",
          { line: 1, column: 1 },
          `레슨 컴파일러 내부 오류: ${reason}`,
          `internal error in the lesson compiler: ${reason}`,
        ),
      ],
    };
  }
}

function fallbackFrontmatter(title: string): Frontmatter {
  return { title, description: "", order: 0, cluster: {} };
}

function compile(path: string, raw: string): Lesson {
  const diagnostics: Diagnostic[] = [];
  const text = typeof raw === "string" ? raw : "";
  if (text.length > maxLessonLength)
    return {
      path,
      frontmatter: fallbackFrontmatter(path),
      steps: [],
      diagnostics: [
        diagnostic(
          "kubook/file-too-large",
          { line: 1, column: 1 },
          `레슨 파일이 너무 크다 (${text.length}자). ${maxLessonLength}자까지 읽는다.`,
          `the lesson is too large (${text.length} characters); the limit is ${maxLessonLength}.`,
        ),
      ],
    };
  const source = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const badAt = [source.indexOf("\uFFFD"), source.indexOf("\u0000")].filter((i) => i !== -1);
  const bad = badAt.length === 0 ? undefined : { index: Math.min(...badAt), char: source[Math.min(...badAt)]! };
  const doc = makeDoc(source);
  if (bad) {
    const what = bad.char === "\u0000" ? "NUL 바이트" : "U+FFFD 대체 문자";
    const whatEn = bad.char === "\u0000" ? "a NUL byte" : "a U+FFFD replacement character";
    diagnostics.push(
      diagnostic(
        "kubook/invalid-utf8",
        pointIn(source, bad.index, doc.origin),
        `파일이 올바른 UTF-8 텍스트가 아니다 (${what}가 있다). UTF-8로 저장한다.`,
        `the file is not valid UTF-8 text (it contains ${whatEn}); save it as UTF-8.`,
      ),
    );
  }
  const root = parseMarkdown(source, true);
  const frontmatter = readFrontmatter(doc, root, path, diagnostics);
  const compiler = new Compiler(diagnostics);
  const steps: Step[] = [];
  compiler.walk(doc, itemsOf(doc, root), { steps, hidden: false, mode: "main" });
  const order = diagnostics.map((d, i) => ({ d, i }));
  order.sort((a, b) => a.d.at.line - b.d.at.line || a.d.at.column - b.d.at.column || a.i - b.i);
  return { path, frontmatter, steps, diagnostics: order.map((o) => o.d) };
}

// ---- frontmatter ---------------------------------------------------------------------------

function readFrontmatter(doc: Doc, root: Root, path: string, diagnostics: Diagnostic[]): Frontmatter {
  const heading = root.children.find((n) => n.type === "heading");
  const fallbackTitle = heading ? textOf(heading).trim() || path : path;
  const first = root.children[0];
  if (first?.type !== "yaml") {
    const unclosed = /^---[ \t]*\n/.test(doc.source);
    diagnostics.push(
      unclosed
        ? diagnostic(
            "kubook/frontmatter-missing",
            { line: 1, column: 1 },
            "프런트매터를 닫는 `---` 줄이 없다.",
            "the frontmatter has no closing `---` line.",
          )
        : diagnostic(
            "kubook/frontmatter-missing",
            { line: 1, column: 1 },
            "레슨은 `---`로 감싼 YAML 프런트매터(title, description, order)로 시작한다.",
            "a lesson starts with YAML frontmatter between `---` lines (title, description, order).",
          ),
    );
    return fallbackFrontmatter(fallbackTitle);
  }
  const node = first as Yaml;
  const start = node.position?.start.line ?? 1;
  const at = (line0: number, column0 = 0): SourcePoint => ({ line: start + 1 + line0, column: column0 + 1 });
  const loaded = loadYaml(node.value);
  if (!loaded.ok) {
    const p = loaded.problem;
    diagnostics.push(
      diagnostic("kubook/frontmatter-syntax", at(p.line, p.column), `프런트매터: ${p.ko}`, `frontmatter: ${p.en}`),
    );
    return fallbackFrontmatter(fallbackTitle);
  }
  const value = loaded.docs[0] ?? {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    diagnostics.push(
      diagnostic(
        "kubook/frontmatter-invalid",
        { line: start, column: 1 },
        "프런트매터는 키와 값의 매핑이다 (title: …).",
        "the frontmatter must be a mapping of keys to values (title: …).",
      ),
    );
    return fallbackFrontmatter(fallbackTitle);
  }
  for (const p of checkShape(value, frontmatterShape))
    diagnostics.push(
      diagnostic(
        p.kind === "unknown" ? "kubook/frontmatter-unknown-key" : "kubook/frontmatter-invalid",
        at(p.path.length === 0 ? -1 : locate(node.value, p.path)),
        `프런트매터: ${p.ko}`,
        `frontmatter: ${p.en}`,
      ),
    );
  const fm = value as Record<string, unknown>;
  const valid = (v: unknown, shape: Shape) => v !== undefined && checkShape(v, shape).length === 0;
  const cluster: Record<string, unknown> = {};
  const rawCluster = fm.cluster;
  if (
    typeof rawCluster === "object" &&
    rawCluster !== null &&
    !Array.isArray(rawCluster) &&
    clusterShape.type === "map"
  )
    for (const [key, field] of Object.entries(clusterShape.fields)) {
      const v = (rawCluster as Record<string, unknown>)[key];
      if (valid(v, field.shape)) cluster[key] = v;
    }
  const fields = frontmatterShape.type === "map" ? frontmatterShape.fields : {};
  return {
    title: valid(fm.title, fields.title!.shape) ? (fm.title as string) : fallbackTitle,
    description: valid(fm.description, fields.description!.shape) ? (fm.description as string) : "",
    order: valid(fm.order, fields.order!.shape) ? (fm.order as number) : 0,
    cluster,
    ...(valid(fm.budgetSeconds, fields.budgetSeconds!.shape) ? { budgetSeconds: fm.budgetSeconds as number } : {}),
  };
}

// ---- blocks --------------------------------------------------------------------------------

interface Sink {
  readonly steps: Step[];
  readonly hidden: boolean;
  /** `solution`: inside an exercise's solution, where only file and shell steps belong. */
  readonly mode: "main" | "solution";
}

interface OpenExercise {
  readonly at: SourcePoint;
  readonly id: string;
  readonly title: string;
  readonly taskStart: number;
  taskEnd?: number;
  readonly hints: string[];
  readonly check: Assertion[];
  checkAt?: SourcePoint;
  readonly solution: (FileStep | ShellStep)[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

class Compiler {
  readonly shell: ShellState = { podShell: false };
  readonly exerciseIds = new Set<string>();

  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    this.diagnostics = diagnostics;
  }

  walk(doc: Doc, items: readonly Item[], sink: Sink): void {
    let exercise: OpenExercise | undefined;
    /** The shell step the previous item made, for an output fence right after it. */
    let previousShell: number | undefined;
    let skipUntil = -1;
    const endTask = (offset: number) => {
      if (exercise && exercise.taskEnd === undefined) exercise.taskEnd = offset;
    };
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      const shellBefore = previousShell;
      previousShell = undefined;
      if (item.start < skipUntil) continue;
      if (item.t === "node") {
        if (item.node.type === "code") previousShell = this.code(doc, item.node, sink, shellBefore);
        continue;
      }
      if (item.t === "html-text") {
        const fenceInHtml = /^[ \t]*(?:```|~~~)/m.exec(item.text);
        if (fenceInHtml)
          this.report(
            "kubook/fence-in-html",
            pointIn(item.text, fenceInHtml.index, item.at),
            "HTML 블록 안의 코드 펜스는 코드 블록이 되지 않는다. `<details>`/`<summary>` 줄과 코드 블록 사이에 빈 줄을 둔다.",
            "a code fence inside an HTML block is not a code block; leave a blank line between the `<details>`/`<summary>` lines and the code block.",
          );
        continue;
      }
      if (item.t === "details-open" && exercise && sink.mode === "main") {
        const summary = items[k + 1];
        const kind = summary?.t === "summary" ? classifySummary(summary.text) : undefined;
        if (!kind || !summary) continue;
        const close = matchingClose(items, k);
        if (close === undefined)
          this.report(
            "kubook/unclosed-details",
            item.at,
            "`<details>`를 닫는 `</details>`가 없다.",
            "the `<details>` has no closing `</details>`.",
          );
        const end = close === undefined ? items.length : close;
        const endOffset = close === undefined ? doc.source.length : items[close]!.start;
        endTask(item.start);
        if (kind === "hint") exercise.hints.push(doc.source.slice(summary.end, endOffset).trim());
        else {
          const saved = this.shell.podShell;
          const steps: Step[] = [];
          this.walk(doc, items.slice(k + 2, end), { steps, hidden: false, mode: "solution" });
          this.shell.podShell = saved;
          exercise.solution.push(...(steps as (FileStep | ShellStep)[]));
        }
        k = end;
        continue;
      }
      if (item.t !== "comment") continue;
      if (!item.closed) {
        const close = doc.source.indexOf("-->", item.start + 4);
        if (item.glued && close !== -1) {
          this.report(
            "kubook/comment-in-html-block",
            item.at,
            "주석이 바로 위의 HTML 블록에 붙어 있어 빈 줄에서 끊긴다. 주석 앞에 빈 줄을 둔다.",
            "the comment is glued to the HTML block above it, so a blank line cuts it; leave a blank line before the comment.",
          );
          skipUntil = close + 3;
        } else
          this.report(
            "kubook/unclosed-comment",
            item.at,
            "HTML 주석을 닫는 `-->`가 없다.",
            "the HTML comment has no closing `-->`.",
          );
        continue;
      }
      const directive = /^\s*kubook:(\S*)/.exec(item.inner);
      if (!directive) continue;
      const name = directive[1]!;
      const rest = item.inner.slice(directive[0].length);
      const restAt = pointIn(item.inner, directive[0].length, item.innerAt);
      switch (name) {
        case "hidden": {
          const before = sink.steps.length;
          const body = makeDoc(rest, restAt);
          const root = parseMarkdown(rest, false);
          this.walk(body, itemsOf(body, root), { ...sink, hidden: true });
          if (sink.steps.length === before)
            this.report(
              "kubook/empty-hidden",
              item.at,
              "`kubook:hidden` 주석 안에 실행할 코드 블록이 없다.",
              "the `kubook:hidden` comment holds no code block to run.",
            );
          break;
        }
        case "assert": {
          if (sink.mode === "solution") {
            this.notInSolution(item.at);
            break;
          }
          const assertions = this.assertions(rest, restAt, 1);
          if (assertions?.length)
            sink.steps.push({ kind: "assert", at: item.at, assertions, hidden: true } satisfies AssertStep);
          break;
        }
        case "exercise": {
          if (sink.mode === "solution") {
            this.notInSolution(item.at);
            break;
          }
          if (exercise) {
            this.report(
              "kubook/nested-exercise",
              item.at,
              `연습 문제 \`${exercise.id}\`가 아직 열려 있다. 새 연습 문제 전에 \`<!-- kubook:end-exercise -->\`로 닫는다.`,
              `exercise \`${exercise.id}\` is still open; close it with \`<!-- kubook:end-exercise -->\` before the next one.`,
            );
            break;
          }
          exercise = this.openExercise(item, rest, restAt);
          break;
        }
        case "check": {
          if (!exercise) {
            this.outsideExercise(item.at, name);
            break;
          }
          endTask(item.start);
          const assertions = this.assertions(rest, restAt, 1);
          if (assertions) exercise.check.push(...assertions);
          exercise.checkAt ??= item.at;
          break;
        }
        case "end-exercise": {
          if (!exercise) {
            this.outsideExercise(item.at, name);
            break;
          }
          endTask(item.start);
          sink.steps.push(this.closeExercise(doc, exercise));
          exercise = undefined;
          break;
        }
        default:
          this.report(
            "kubook/unknown-directive",
            item.at,
            `알 수 없는 지시문 \`kubook:${name}\`. 쓸 수 있는 지시문: hidden, assert, exercise, check, end-exercise.`,
            `unknown directive \`kubook:${name}\`; the directives are hidden, assert, exercise, check, end-exercise.`,
          );
      }
    }
    if (exercise) {
      this.report(
        "kubook/unclosed-exercise",
        exercise.at,
        `연습 문제 \`${exercise.id}\`를 닫는 \`<!-- kubook:end-exercise -->\`가 없다.`,
        `exercise \`${exercise.id}\` has no closing \`<!-- kubook:end-exercise -->\`.`,
      );
      endTask(doc.source.length);
      sink.steps.push(this.closeExercise(doc, exercise));
    }
  }

  report(
    ruleId: Parameters<typeof diagnostic>[0],
    at: SourcePoint,
    ko: string,
    en: string,
    severity?: Diagnostic["severity"],
  ) {
    this.diagnostics.push(diagnostic(ruleId, at, ko, en, severity));
  }

  notInSolution(at: SourcePoint) {
    this.report(
      "kubook/invalid-solution-block",
      at,
      "풀이(`<details><summary>풀이</summary>`)에는 파일 블록과 셸 블록만 둔다.",
      "a solution (`<details><summary>풀이</summary>`) holds only file and shell blocks.",
    );
  }

  outsideExercise(at: SourcePoint, name: string) {
    this.report(
      "kubook/directive-outside-exercise",
      at,
      `\`kubook:${name}\`는 \`<!-- kubook:exercise … -->\`로 연 연습 문제 안에서만 쓴다.`,
      `\`kubook:${name}\` belongs inside an exercise opened with \`<!-- kubook:exercise … -->\`.`,
    );
  }

  openExercise(item: Extract<Item, { t: "comment" }>, rest: string, restAt: SourcePoint): OpenExercise {
    const attrs = parseAttributes(rest);
    if (attrs.garbage)
      this.report(
        "kubook/invalid-attribute",
        pointIn(rest, attrs.garbage.index, restAt),
        `속성을 읽을 수 없다: \`${attrs.garbage.text}\`. \`key="value"\` 꼴로 쓴다.`,
        `cannot read the attribute \`${attrs.garbage.text}\`; write \`key="value"\`.`,
      );
    for (const a of attrs.list)
      if (a.key !== "id" && a.key !== "title")
        this.report(
          "kubook/unknown-attribute",
          pointIn(rest, a.index, restAt),
          `알 수 없는 속성 \`${a.key}\`. 연습 문제에 쓸 수 있는 속성: id, title.`,
          `unknown attribute \`${a.key}\`; an exercise takes id and title.`,
        );
    const id = attrs.list.find((a) => a.key === "id")?.value?.trim() ?? "";
    const title = attrs.list.find((a) => a.key === "title")?.value?.trim() ?? "";
    if (id === "" || title === "")
      this.report(
        "kubook/exercise-attributes",
        item.at,
        '연습 문제에는 `id="…"`와 `title="…"`가 필요하다.',
        'an exercise needs `id="…"` and `title="…"`.',
      );
    const exerciseId = id === "" ? `exercise-${item.at.line}` : id;
    if (this.exerciseIds.has(exerciseId))
      this.report(
        "kubook/duplicate-exercise-id",
        item.at,
        `연습 문제 id \`${exerciseId}\`가 이미 쓰였다.`,
        `the exercise id \`${exerciseId}\` is already used.`,
      );
    this.exerciseIds.add(exerciseId);
    return { at: item.at, id: exerciseId, title, taskStart: item.end, hints: [], check: [], solution: [] };
  }

  closeExercise(doc: Doc, ex: OpenExercise): ExerciseStep {
    if (ex.checkAt === undefined)
      this.report(
        "kubook/exercise-without-check",
        ex.at,
        `연습 문제 \`${ex.id}\`에 \`<!-- kubook:check … -->\`가 없다.`,
        `exercise \`${ex.id}\` has no \`<!-- kubook:check … -->\`.`,
      );
    if (ex.solution.length === 0)
      this.report(
        "kubook/exercise-without-solution",
        ex.at,
        `연습 문제 \`${ex.id}\`에 파일이나 셸 블록이 든 풀이(\`<details><summary>풀이</summary>\`)가 없다.`,
        `exercise \`${ex.id}\` has no solution (\`<details><summary>풀이</summary>\`) with file or shell blocks.`,
      );
    return {
      kind: "exercise",
      at: ex.at,
      id: ex.id,
      title: ex.title,
      task: doc.source.slice(ex.taskStart, ex.taskEnd ?? doc.source.length).trim(),
      hints: ex.hints,
      check: ex.check,
      checkAt: ex.checkAt ?? ex.at,
      solution: ex.solution,
    };
  }

  /**
   * An assertion list from YAML `text` whose first character sits at `textAt`; later lines
   * start at column `indent`. Undefined when the YAML cannot be read.
   */
  assertions(text: string, textAt: SourcePoint, indent: number): Assertion[] | undefined {
    const point = (line0: number, column0 = 0): SourcePoint =>
      line0 === 0
        ? { line: textAt.line, column: textAt.column + column0 }
        : { line: textAt.line + line0, column: indent + column0 };
    const loaded = loadYaml(text);
    if (!loaded.ok) {
      const p = loaded.problem;
      this.report("kubook/yaml-syntax", point(p.line, p.column), `어서션: ${p.ko}`, `assertion: ${p.en}`);
      return undefined;
    }
    const docs = loaded.docs.filter((d) => d !== null && d !== undefined);
    const entries: { value: unknown; path: (string | number)[] }[] = [];
    for (const d of docs) {
      if (Array.isArray(d))
        for (const [i, value] of d.entries()) entries.push({ value, path: docs.length === 1 ? [i] : [] });
      else entries.push({ value: d, path: [] });
    }
    if (entries.length === 0) {
      this.report("kubook/invalid-assertion", textAt, "어서션이 비어 있다.", "the assertion is empty.");
      return [];
    }
    const kinds = Object.keys(assertionShapes);
    const out: Assertion[] = [];
    for (const { value, path } of entries) {
      const keys = typeof value === "object" && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
      const kind = keys.length === 1 && kinds.includes(keys[0]!) ? keys[0]! : undefined;
      if (!kind) {
        const unknown = keys.find((k) => !kinds.includes(k));
        this.report(
          "kubook/invalid-assertion",
          point(locate(text, unknown ? [...path, unknown] : path)),
          `어서션은 ${kinds.join(", ")} 중 한 키를 가진 매핑이다${unknown ? ` (\`${unknown}\`는 알 수 없는 키다)` : ""}.`,
          `an assertion is a mapping with one key, one of ${kinds.join(", ")}${unknown ? ` (\`${unknown}\` is unknown)` : ""}.`,
        );
        continue;
      }
      const problems: ShapeProblem[] = checkShape((value as Record<string, unknown>)[kind], assertionShapes[kind]!, [
        ...path,
        kind,
      ]);
      for (const p of problems)
        this.report("kubook/invalid-assertion", point(locate(text, p.path)), `어서션: ${p.ko}`, `assertion: ${p.en}`);
      if (problems.length === 0) out.push(value as Assertion);
    }
    return out;
  }

  /** Compiles a fenced block; returns the index of the shell step it made, if any. */
  code(doc: Doc, node: Code, sink: Sink, previousShell: number | undefined): number | undefined {
    const start = node.position?.start ?? { line: 1, column: 1 };
    const at = mapPoint(doc, start.line, start.column);
    let lang = node.lang ?? "";
    let meta = node.meta ?? "";
    if (lang.includes("=")) {
      meta = meta === "" ? lang : `${lang} ${meta}`;
      lang = "";
    }
    if (isUnclosedFence(doc, node)) {
      this.report(
        "kubook/unclosed-fence",
        at,
        "코드 블록을 닫는 펜스(```)가 없다. 파일 끝까지 모두 코드 블록이 된다.",
        "the code block has no closing fence (```); everything to the end of the file is in it.",
      );
      return undefined;
    }
    const lower = lang.toLowerCase();
    const kind = shellLangs.has(lower)
      ? "shell"
      : fileLangs.has(lower)
        ? "file"
        : outputLangs.has(lower)
          ? "output"
          : "other";
    const fenceLine = doc.lines[start.line - 1] ?? "";
    const attrs = parseAttributes(meta);
    const metaOffset = meta === "" ? -1 : fenceLine.lastIndexOf(meta);
    const attrAt = (key: string): SourcePoint => {
      const index = attrs.list.find((a) => a.key === key)?.index ?? attrs.garbage?.index;
      const column = metaOffset === -1 || index === undefined ? start.column : metaOffset + index + 1;
      return mapPoint(doc, start.line, column);
    };
    if (attrs.garbage)
      this.report(
        "kubook/invalid-attribute",
        attrAt(attrs.garbage.text),
        `블록 속성을 읽을 수 없다: \`${attrs.garbage.text}\`. \`key="value"\`나 \`key\` 꼴로 쓴다.`,
        `cannot read the block attribute \`${attrs.garbage.text}\`; write \`key="value"\` or \`key\`.`,
      );
    const attr = new Map<string, Attribute>();
    const invalid = (key: string, ko: string, en: string, severity?: Diagnostic["severity"]) =>
      this.report("kubook/invalid-attribute", attrAt(key), ko, en, severity);
    for (const a of attrs.list) {
      if (!fenceAttributes.includes(a.key)) {
        this.report(
          "kubook/unknown-attribute",
          attrAt(a.key),
          `알 수 없는 블록 속성 \`${a.key}\`. 쓸 수 있는 속성: ${fenceAttributes.join(", ")}.`,
          `unknown block attribute \`${a.key}\`; the attributes are ${fenceAttributes.join(", ")}.`,
        );
        continue;
      }
      if (attr.has(a.key)) {
        invalid(a.key, `속성 \`${a.key}\`가 두 번 있다.`, `the attribute \`${a.key}\` is given twice.`);
        continue;
      }
      if (!(allowedBy[kind] as readonly string[]).includes(a.key)) {
        invalid(
          a.key,
          `\`${lang || "(언어 없음)"}\` 블록에는 \`${a.key}\` 속성을 쓸 수 없다.`,
          `the \`${a.key}\` attribute does not apply to a \`${lang || "(untagged)"}\` block.`,
        );
        continue;
      }
      attr.set(a.key, a);
    }
    const illustrative = attr.get("illustrative");
    if (illustrative) {
      if (illustrative.value === undefined || illustrative.value.trim() === "")
        invalid(
          "illustrative",
          '`illustrative="…"`에 실행하지 않는 이유를 적는다.',
          'give `illustrative="…"` the reason the block is not run.',
          "warning",
        );
      if (sink.hidden) {
        invalid(
          "illustrative",
          "숨긴 블록은 보이지 않으므로 `illustrative`가 뜻이 없다.",
          "a hidden block is never shown, so `illustrative` means nothing there.",
          "warning",
        );
        return undefined;
      }
      if (sink.mode === "main")
        sink.steps.push({
          kind: "illustrative",
          at,
          lang,
          content: node.value,
          reason: illustrative.value ?? "",
        } satisfies IllustrativeStep);
      return undefined;
    }
    const expectExit = this.exitOf(attr, invalid);
    const match = this.matchOf(attr, invalid);
    const contentAt = (line0: number, column0 = 0): SourcePoint =>
      mapPoint(doc, start.line + 1 + line0, start.column + column0);
    if (kind === "file") {
      if (attr.get("kubook")) {
        const value = attr.get("kubook")!.value;
        if (value !== "assert") {
          invalid(
            "kubook",
            '`kubook` 속성의 값은 "assert"뿐이다.',
            'the only value of the `kubook` attribute is "assert".',
          );
          return undefined;
        }
        if (sink.mode === "solution") {
          this.notInSolution(at);
          return undefined;
        }
        const assertions = this.assertions(node.value, contentAt(0), start.column);
        if (assertions?.length)
          sink.steps.push({ kind: "assert", at, assertions, hidden: sink.hidden } satisfies AssertStep);
        return undefined;
      }
      this.file(node, at, attr, sink, contentAt, invalid);
      return undefined;
    }
    if (kind === "shell") return this.shellStep(node, at, lang, sink, contentAt, match, expectExit);
    if (kind === "output") {
      const step = previousShell === undefined ? undefined : (sink.steps[previousShell] as ShellStep | undefined);
      if (step?.kind !== "shell") {
        for (const key of ["exit", "fails", "match"])
          if (attr.has(key))
            invalid(
              key,
              `\`${key}\`는 셸 블록 바로 뒤의 출력 블록에만 쓴다.`,
              `\`${key}\` applies only to an output block right after a shell block.`,
            );
        return undefined;
      }
      const commands = [...step.commands];
      const last = commands[commands.length - 1]!;
      if (last.expected !== undefined && last.expected !== "") {
        this.report(
          "kubook/duplicate-output",
          at,
          "앞 셸 블록의 마지막 명령에 이미 기대 출력이 있다.",
          "the last command of the shell block before already has expected output.",
        );
        return undefined;
      }
      commands[commands.length - 1] = {
        ...last,
        expected: trimTrailingBlankLines(node.value),
        expectedAt: contentAt(0),
      };
      const updated: Mutable<ShellStep> = { ...step, commands };
      if (match) updated.match = match;
      if (expectExit !== undefined) updated.expectExit = expectExit;
      sink.steps[previousShell!] = updated;
      return undefined;
    }
    return undefined;
  }

  exitOf(
    attr: Map<string, Attribute>,
    invalid: (key: string, ko: string, en: string) => void,
  ): number | "nonzero" | undefined {
    const exit = attr.get("exit");
    const fails = attr.get("fails");
    if (exit && fails) {
      invalid("fails", "`exit`와 `fails`는 함께 쓰지 않는다.", "`exit` and `fails` do not go together.");
      return undefined;
    }
    if (fails) {
      if (fails.value !== undefined) invalid("fails", "`fails`는 값 없이 쓴다.", "`fails` takes no value.");
      return "nonzero";
    }
    if (!exit) return undefined;
    const n = exit.value !== undefined && /^\d{1,3}$/.test(exit.value) ? Number(exit.value) : Number.NaN;
    if (!(n >= 0 && n <= 255)) {
      invalid("exit", "`exit`의 값은 0부터 255까지의 정수다.", "the value of `exit` is an integer from 0 to 255.");
      return undefined;
    }
    return n;
  }

  matchOf(attr: Map<string, Attribute>, invalid: (key: string, ko: string, en: string) => void): MatchMode | undefined {
    const match = attr.get("match");
    if (!match) return undefined;
    if (match.value === "exact" || match.value === "tolerant") return match.value;
    invalid("match", '`match`의 값은 "exact"나 "tolerant"다.', 'the value of `match` is "exact" or "tolerant".');
    return undefined;
  }

  file(
    node: Code,
    at: SourcePoint,
    attr: Map<string, Attribute>,
    sink: Sink,
    contentAt: (line0: number, column0?: number) => SourcePoint,
    invalid: (key: string, ko: string, en: string) => void,
  ): void {
    const named = ["title", "file", "filename"].filter((k) => attr.has(k));
    if (named.length > 1)
      invalid(
        named[1]!,
        "파일 이름은 title, file, filename 중 하나로만 준다.",
        "name the file with one of title, file, filename.",
      );
    const metaName = named.length > 0 ? attr.get(named[0]!)!.value?.trim() : undefined;
    if (named.length > 0 && !metaName) invalid(named[0]!, "파일 이름이 비어 있다.", "the file name is empty.");
    const firstLine = node.value.split("\n", 1)[0] ?? "";
    const name = metaName || fileNameComment.exec(firstLine.trim())?.[1];
    if (!name)
      this.report(
        "kubook/unnamed-file",
        at,
        '매니페스트에 이름이 없다. 펜스에 `title="web.yaml"`을 붙이거나 첫 줄에 `# web.yaml`을 쓴다. 실행하지 않는 조각이면 `illustrative="이유"`를 붙인다.',
        'the manifest has no name: add `title="web.yaml"` to the fence or a first line `# web.yaml`; a fragment that is not run takes `illustrative="reason"`.',
      );
    const body = fileNameComment.test(firstLine.trim()) ? node.value.slice(firstLine.length) : node.value;
    if (body.trim() === "") {
      this.report("kubook/empty-file", at, "파일 블록이 비어 있다.", "the file block is empty.");
      return;
    }
    if (!attr.has("fails")) {
      const loaded = loadYaml(node.value);
      if (!loaded.ok) {
        const p = loaded.problem;
        this.report(
          "kubook/yaml-syntax",
          contentAt(p.line, p.column),
          `${name ?? "매니페스트"}: ${p.ko} 일부러 틀린 파일이면 펜스에 \`fails\`를 붙인다.`,
          `${name ?? "manifest"}: ${p.en} If the file is broken on purpose, add \`fails\` to the fence.`,
        );
      }
    }
    if (!name) return;
    const content = node.value.endsWith("\n") ? node.value : `${node.value}\n`;
    if (sink.mode === "solution" || sink.mode === "main")
      sink.steps.push({ kind: "file", at, name, content, hidden: sink.hidden } satisfies FileStep);
  }

  shellStep(
    node: Code,
    at: SourcePoint,
    lang: string,
    sink: Sink,
    contentAt: (line0: number, column0?: number) => SourcePoint,
    match: MatchMode | undefined,
    expectExit: number | "nonzero" | undefined,
  ): number | undefined {
    const split = splitShell(node.value, this.shell);
    for (const p of split.problems) {
      if (p.kind === "output-without-command")
        this.report(
          "kubook/output-without-command",
          contentAt(p.line),
          "프롬프트(`$ `) 앞이나 빈 프롬프트 뒤에 명령 없는 줄이 있다.",
          "there are lines before the first prompt (`$ `) or after an empty prompt, belonging to no command.",
        );
      else {
        const why = {
          quote: ["따옴표가 닫히지 않았다", "a quote is not closed"],
          backslash: ["마지막 줄이 `\\`로 끝난다", "the last line ends with `\\`"],
          heredoc: ["히어독의 끝 표시 줄이 없다", "a heredoc has no terminator line"],
          operator: ["`|`, `&&`, `||` 뒤에 명령이 없다", "nothing follows `|`, `&&` or `||`"],
          compound: ["`if`/`for`/`while`/`case`/`{`가 닫히지 않았다", "an `if`/`for`/`while`/`case`/`{` is not closed"],
        }[p.why];
        this.report(
          "kubook/incomplete-command",
          contentAt(p.line),
          `명령이 끝나지 않았다: ${why[0]}.`,
          `the command is not complete: ${why[1]}.`,
        );
      }
    }
    if (split.commands.length === 0) {
      this.report("kubook/empty-block", at, "셸 블록에 명령이 없다.", "the shell block has no command.");
      return undefined;
    }
    const commands: Command[] = split.commands.map((c) => ({
      at: contentAt(c.line),
      text: c.text,
      ...(c.expected !== undefined ? { expected: c.expected } : {}),
      ...(c.expectedLine !== undefined ? { expectedAt: contentAt(c.expectedLine) } : {}),
    }));
    const step: ShellStep = {
      kind: "shell",
      at,
      lang,
      commands,
      hidden: sink.hidden,
      match: match ?? "tolerant",
      ...(expectExit !== undefined ? { expectExit } : {}),
    };
    sink.steps.push(step);
    return sink.steps.length - 1;
  }
}

function trimTrailingBlankLines(text: string): string {
  return text.replace(/(?:\n[ \t]*)+$/, "");
}

function classifySummary(text: string): "hint" | "solution" | undefined {
  const t = text.replace(/^[^\p{L}\p{N}]+/u, "").toLowerCase();
  if (/^(?:힌트|hint)/.test(t)) return "hint";
  if (/^(?:풀이|정답|해답|solution|answer)/.test(t)) return "solution";
  return undefined;
}

/** The index of the `</details>` that closes the `<details>` at `open`. */
function matchingClose(items: readonly Item[], open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < items.length; i++) {
    const t = items[i]!.t;
    if (t === "details-open") depth++;
    else if (t === "details-close" && --depth === 0) return i;
  }
  return undefined;
}
