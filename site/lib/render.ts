/**
 * Lesson Markdown → the page's HTML (site/README.md, "The contract"). A remark plugin
 * replaces each code block by its step's markup, found by source line (`step.at.line` = the
 * fence's `position.start.line`, which is why the whole file, frontmatter included, is parsed
 * here rather than Astro's frontmatter-less body); drops the untagged output fences a shell
 * step already shows; wraps exercises; turns `<details>` into real elements. Any other raw HTML
 * in a lesson is shown as text: nothing from a lesson reaches the page unescaped.
 */
import type { Element, ElementContent, RootContent as HastContent, Root as HastRoot } from "hast";
import type { Code, Heading, Html, Link, Nodes, Parent, Root, RootContent } from "mdast";
import rehypeStringify from "rehype-stringify";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { type Child, h } from "./hast.ts";
import type { LessonData, ShownCommand, SolutionView, StepStatus, StepView } from "./lessons.ts";

export interface TocEntry {
  readonly depth: 2 | 3;
  readonly id: string;
  readonly text: string;
}

export interface RenderedLesson {
  readonly html: string;
  /** The first h1's text (the page title falls back to the frontmatter's). */
  readonly h1?: string;
  readonly toc: readonly TocEntry[];
  /** The page's visible text (prose, headings and code), for the search index. */
  readonly text: string;
}

export const statusLabel: Record<StepStatus, string> = {
  passed: "통과",
  failed: "실패",
  "expected-failure": "예상된 실패",
  skipped: "실행 안 함",
};

/** Heading ids: lowercase letters (Hangul included), digits and hyphens; repeats get -1, -2. */
export function slugger(): (text: string) => string {
  const seen = new Map<string, number>();
  return (text) => {
    const base =
      text
        .toLowerCase()
        .trim()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s+/g, "-") || "section";
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  };
}

// ---- step markup ---------------------------------------------------------------------------
// Every visible <pre> may scroll sideways, so it takes keyboard focus (tabindex="0").

function codeEl(value: string, lang?: string | null): Element {
  return h("code", lang ? { className: [`language-${lang}`] } : {}, [value]);
}

function commandLines(c: ShownCommand): Child[] {
  const lines = c.command.split("\n");
  const out: Child[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push("\n");
    out.push(h("span", { className: ["kb-prompt"], ariaHidden: "true" }, [i === 0 ? c.prompt : "> "]));
    out.push(line);
  });
  return out;
}

function badge(status: StepStatus, title?: string): Element {
  return h("span", { className: ["kb-badge"], dataKubookBadge: "", ...(title ? { title } : {}) }, [
    statusLabel[status],
  ]);
}

function expectedExitNote(s: StepView): string | undefined {
  if (s.step.kind !== "shell" || s.step.expectExit === undefined) return undefined;
  const code = s.step.expectExit === "nonzero" ? "0이 아닌 종료 코드" : `종료 코드 ${s.step.expectExit}`;
  return `이 블록의 마지막 명령은 실패하는 것이 정상이다 (${code}).`;
}

/**
 * A shell block's visible terminal: each command as `prompt + command + "\n" + output`, the
 * `kubook run` transcript, which is also what site/client/ writes back after a Run.
 */
export function transcript(commands: readonly ShownCommand[]): string {
  return commands.map((c) => `${c.prompt}${c.command}\n${c.output}`).join("");
}

function terminal(commands: readonly ShownCommand[]): Child[] {
  return [
    // The commands alone, with their prompts (not selectable), for screen readers and copying.
    h("pre", { className: ["kb-code"] }, [
      h(
        "code",
        {},
        commands.flatMap((c, i) => [i > 0 ? "\n" : null, ...commandLines(c)]),
      ),
    ]),
    h("pre", { className: ["kb-output"], dataKubookOutput: "", tabIndex: 0 }, [transcript(commands)]),
  ];
}

function shellFigure(s: StepView): Element {
  const note = expectedExitNote(s);
  return h(
    "figure",
    {
      className: ["kb-block", "kb-shell"],
      dataKubookBlock: String(s.index),
      dataKubookKind: "shell",
      dataKubookStatus: s.status,
    },
    [
      h("div", { className: ["kb-toolbar"] }, [
        h("button", { type: "button", dataKubookRun: "" }, ["실행"]),
        h("button", { type: "button", dataKubookReset: "" }, ["처음부터"]),
        badge(s.status, note),
      ]),
      ...terminal(s.commands),
      note ? h("figcaption", { className: ["kb-note"] }, [note]) : null,
    ],
  );
}

function fileFigure(
  index: number | undefined,
  name: string,
  value: string,
  lang: string | null | undefined,
  extra = {},
): Element {
  return h(
    "figure",
    {
      className: ["kb-block", "kb-file"],
      ...(index !== undefined ? { dataKubookBlock: String(index), dataKubookStatus: "passed" } : {}),
      dataKubookKind: "file",
      ...extra,
    },
    [
      h("figcaption", {}, [h("span", { className: ["kb-label"] }, ["파일"]), " ", h("code", {}, [name])]),
      h("pre", { className: ["kb-code"], tabIndex: 0 }, [codeEl(value, lang)]),
    ],
  );
}

function stepMarkup(s: StepView, node: Code): Element {
  const step = s.step;
  switch (step.kind) {
    case "shell":
      return shellFigure(s);
    case "file":
      return fileFigure(s.index, step.name, node.value, node.lang);
    case "illustrative":
      return h(
        "figure",
        {
          className: ["kb-block", "kb-illustrative"],
          dataKubookBlock: String(s.index),
          dataKubookKind: "illustrative",
          dataKubookStatus: s.status,
        },
        [
          h("pre", { className: ["kb-code"], tabIndex: 0 }, [codeEl(node.value, node.lang)]),
          h("figcaption", { className: ["kb-note"] }, [
            h("span", { className: ["kb-label"] }, ["설명용"]),
            " ",
            step.reason,
          ]),
        ],
      );
    case "assert":
      return h(
        "figure",
        {
          className: ["kb-block", "kb-assert"],
          dataKubookBlock: String(s.index),
          dataKubookKind: "assert",
          dataKubookStatus: s.status,
        },
        [
          h("div", { className: ["kb-toolbar"] }, [
            h("button", { type: "button", dataKubookRun: "" }, ["검사"]),
            h("button", { type: "button", dataKubookReset: "" }, ["처음부터"]),
            badge(s.status),
          ]),
          h("figcaption", { className: ["kb-note"] }, ["kubook이 확인하는 클러스터 상태"]),
          h("pre", { className: ["kb-code"], tabIndex: 0 }, [codeEl(node.value, node.lang)]),
        ],
      );
    case "exercise":
      // An exercise opens with a comment, never a fence.
      return h("pre", { tabIndex: 0 }, [codeEl(node.value, node.lang)]);
  }
}

function solutionMarkup(v: SolutionView, node: Code): Element {
  const extra = { dataKubookSolution: String(v.index), dataKubookSolutionOf: String(v.exercise) };
  if (v.step.kind === "file") return fileFigure(undefined, v.step.name, node.value, node.lang, extra);
  return h(
    "figure",
    { className: ["kb-block", "kb-shell", "kb-solution-block"], dataKubookKind: "shell", ...extra },
    terminal(v.commands),
  );
}

// ---- the remark plugin -------------------------------------------------------------------

interface Frame {
  readonly kind: "root" | "details" | "exercise";
  readonly children: RootContent[];
  readonly props: Record<string, string | string[]>;
  readonly summary?: string;
  readonly exercise?: { id: string; title: string; index?: number; status?: StepStatus };
}

interface Ctx {
  readonly data: LessonData;
  readonly slug: (text: string) => string;
  readonly toc: TocEntry[];
  h1?: string;
  readonly lessonHref: (file: string) => string | undefined;
}

/** A mdast node that remark-rehype turns into the given hast element (children: mdast). */
function container(tagName: string, props: Record<string, unknown>, children: RootContent[]): RootContent {
  return { type: "kubookContainer", data: { hName: tagName, hProperties: props }, children } as unknown as RootContent;
}

/** A mdast node that becomes a ready-made hast element. */
function block(el: Element): RootContent {
  return {
    type: "kubookBlock",
    data: { hName: el.tagName, hProperties: el.properties, hChildren: el.children },
  } as unknown as RootContent;
}

function paragraphOfText(value: string): RootContent {
  return { type: "paragraph", children: [{ type: "text", value }] };
}

const phrasingParents = new Set([
  "paragraph",
  "heading",
  "emphasis",
  "strong",
  "delete",
  "link",
  "linkReference",
  "tableCell",
]);

function attrs(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/([\w-]+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

function textOf(node: Nodes): string {
  if ("value" in node && typeof node.value === "string" && node.type !== "html") return node.value;
  if ("children" in node) return (node.children as Nodes[]).map(textOf).join("");
  return "";
}

function closeFrame(stack: Frame[]): void {
  const f = stack.pop()!;
  const parent = stack[stack.length - 1]!;
  if (f.kind === "details") {
    const cls = /^\s*(힌트|hint)/i.test(f.summary ?? "")
      ? ["kb-hint"]
      : /^\s*(풀이|정답|해답|solution)/i.test(f.summary ?? "")
        ? ["kb-solution"]
        : [];
    const summary = block(h("summary", {}, [f.summary || "자세히"]));
    parent.children.push(container("details", { className: cls, ...f.props }, [summary, ...f.children]));
    return;
  }
  if (f.kind === "exercise") {
    const ex = f.exercise!;
    const check = block(
      h("div", { className: ["kb-check"] }, [
        h("button", { type: "button", dataKubookCheck: "" }, ["확인"]),
        " ",
        h("output", { dataKubookCheckResult: "", ariaLive: "polite" }, []),
      ]),
    );
    const kids = [...f.children];
    const at = kids.findIndex(
      (k) =>
        k.type === ("kubookContainer" as string) &&
        ((k.data as { hProperties?: { className?: string[] } }).hProperties?.className ?? []).includes("kb-solution"),
    );
    kids.splice(at < 0 ? kids.length : at, 0, check);
    const title = block(
      h("p", { className: ["kb-exercise-title"] }, [h("span", { className: ["kb-label"] }, ["연습"]), " ", ex.title]),
    );
    parent.children.push(
      container(
        "section",
        {
          className: ["kb-exercise"],
          dataKubookExercise: ex.id,
          ...(ex.index !== undefined ? { dataKubookBlock: String(ex.index) } : {}),
          ...(ex.status ? { dataKubookStatus: ex.status } : {}),
          ariaLabel: `연습: ${ex.title}`,
        },
        [title, ...kids],
      ),
    );
  }
}

function transformBlocks(children: readonly RootContent[], ctx: Ctx): RootContent[] {
  const root: Frame = { kind: "root", children: [], props: {} };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1]!;
  for (const node of children) {
    if (node.type === "yaml" || (node.type as string) === "toml") continue;
    if (node.type === "html") {
      const v = node.value.trim();
      const comment = /^<!--([\s\S]*?)-->$/.exec(v);
      if (comment) {
        const body = comment[1]!.trim();
        if (/^kubook:exercise\b/.test(body)) {
          const a = attrs(body);
          const s = ctx.data.byLine.get(node.position?.start.line ?? -1);
          const step = s?.step.kind === "exercise" ? s.step : undefined;
          stack.push({
            kind: "exercise",
            children: [],
            props: {},
            exercise: {
              id: step?.id ?? a.id ?? "exercise",
              title: step?.title ?? a.title ?? "",
              ...(s ? { index: s.index, status: s.status } : {}),
            },
          });
        } else if (/^kubook:end-exercise\b/.test(body)) {
          if (stack.some((f) => f.kind === "exercise"))
            while (stack.length > 1) {
              const k = top().kind;
              closeFrame(stack);
              if (k === "exercise") break;
            }
        }
        // Every other comment (hidden steps, assertions, checks, notes) renders nothing.
        continue;
      }
      const open = /^<details(\s+open)?\s*>\s*(?:<summary>([\s\S]*?)<\/summary>)?([\s\S]*)$/i.exec(v);
      if (open) {
        stack.push({
          kind: "details",
          children: [],
          props: open[1] ? { open: "" } : {},
          summary: (open[2] ?? "").replace(/<[^>]*>/g, "").trim(),
        });
        let rest = open[3]!.trim();
        const closes = /<\/details>$/i.test(rest);
        if (closes) rest = rest.replace(/<\/details>$/i, "").trim();
        if (rest) top().children.push(paragraphOfText(rest));
        if (closes) closeFrame(stack);
        continue;
      }
      if (/^<\/details>$/i.test(v)) {
        if (top().kind === "details") closeFrame(stack);
        continue;
      }
      top().children.push(paragraphOfText(node.value));
      continue;
    }
    top().children.push(...transformNode(node, ctx));
  }
  while (stack.length > 1) closeFrame(stack);
  return root.children;
}

function transformNode(node: RootContent, ctx: Ctx): RootContent[] {
  if (node.type === "code") {
    const line = node.position?.start.line ?? -1;
    const sol = ctx.data.solutionByLine.get(line);
    if (sol) return [block(solutionMarkup(sol, node))];
    const s = ctx.data.byLine.get(line);
    if (s) return [block(stepMarkup(s, node))];
    const end = node.position?.end.line ?? line;
    for (let l = line + 1; l < end; l++) if (ctx.data.expectedLines.has(l)) return [];
    return [block(h("pre", { tabIndex: 0 }, [codeEl(node.value, node.lang)]))];
  }
  if (node.type === "heading") {
    const heading = node as Heading;
    heading.children = transformInline(heading.children, ctx) as Heading["children"];
    const text = textOf(heading).trim();
    if (heading.depth === 1 && ctx.h1 === undefined) ctx.h1 = text;
    if (heading.depth >= 2) {
      const id = ctx.slug(text);
      heading.data = { ...heading.data, hProperties: { ...(heading.data?.hProperties ?? {}), id } };
      if (heading.depth <= 3) ctx.toc.push({ depth: heading.depth as 2 | 3, id, text });
    }
    return [heading];
  }
  if ("children" in node) {
    const parent = node as Parent;
    parent.children = (
      phrasingParents.has(node.type)
        ? transformInline(parent.children, ctx)
        : transformBlocks(parent.children as RootContent[], ctx)
    ) as Parent["children"];
  }
  if (node.type === "link") rewriteLink(node, ctx);
  return [node];
}

function transformInline(children: readonly RootContent[], ctx: Ctx): RootContent[] {
  return children.flatMap((c): RootContent[] => {
    if (c.type === "html") {
      const v = (c as Html).value;
      return /^<!--[\s\S]*-->$/.test(v.trim()) ? [] : [{ type: "text", value: v }];
    }
    return transformNode(c, ctx);
  });
}

function rewriteLink(node: Link, ctx: Ctx): void {
  const m = /^(?:\.\/)?([\w.-]+\.md)(#.*)?$/.exec(node.url);
  if (!m) return;
  const href = ctx.lessonHref(m[1]!);
  if (href) node.url = href + (m[2] ?? "");
}

function remarkKubook(ctx: Ctx) {
  return (tree: Root) => {
    tree.children = transformBlocks(tree.children, ctx) as Root["children"];
  };
}

// ---- the pipeline ----------------------------------------------------------------------

function hastText(node: HastRoot | HastContent, out: string[]): void {
  if (node.type === "text") out.push(node.value);
  else if (node.type === "element" || node.type === "root") {
    if (node.type === "element" && (node.tagName === "button" || node.tagName === "output")) return;
    for (const c of node.children as (ElementContent | HastContent)[]) hastText(c, out);
    if (node.type === "element" && /^(p|h\d|li|pre|figcaption|summary|td|th|div)$/.test(node.tagName)) out.push("\n");
  }
}

/**
 * Render a lesson's Markdown. `lessonHref` maps a linked `NN-name.md` to its page (links
 * between lessons work on GitHub and on the site).
 */
export async function renderLesson(
  data: LessonData,
  lessonHref: (file: string) => string | undefined = () => undefined,
): Promise<RenderedLesson> {
  const ctx: Ctx = { data, slug: slugger(), toc: [], lessonHref };
  const texts: string[] = [];
  const processor = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ["yaml"])
    .use(remarkGfm)
    .use(remarkKubook, ctx)
    .use(remarkRehype, { footnoteLabel: "각주", footnoteBackLabel: "본문으로 돌아가기" })
    .use(() => (tree: HastRoot) => {
      hastText(tree, texts);
    })
    .use(rehypeStringify);
  const file = await processor.process(data.source);
  return {
    html: String(file),
    ...(ctx.h1 !== undefined ? { h1: ctx.h1 } : {}),
    toc: ctx.toc,
    text: texts.join(""),
  };
}
