/**
 * Markdown → mdast, and the flat item stream the compiler walks: block nodes in document order
 * (lists and block quotes opened up), with each raw HTML block cut into the pieces kubook reads
 * (comments, `<details>`, `<summary>…</summary>`, `</details>`) and the HTML text between them.
 */
import type { Code, Nodes, Root, RootContent } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type { SourcePoint } from "../model.ts";

/**
 * A piece of Markdown being compiled: the whole lesson, or the body of a `kubook:hidden`
 * comment parsed on its own. `map` turns a point of this text into a point of the lesson.
 */
export interface Doc {
  readonly source: string;
  readonly lines: readonly string[];
  /** Where this text's first character sits in the lesson. */
  readonly origin: SourcePoint;
}

export function makeDoc(source: string, origin: SourcePoint = { line: 1, column: 1 }): Doc {
  return { source, lines: source.split("\n"), origin };
}

/** A 1-based point of `doc` as a point of the lesson. */
export function mapPoint(doc: Doc, line: number, column: number): SourcePoint {
  if (line === 1) return { line: doc.origin.line, column: doc.origin.column + column - 1 };
  return { line: doc.origin.line + line - 1, column };
}

/** The lesson point of character `index` of `text`, which starts at lesson point `start`. */
export function pointIn(text: string, index: number, start: SourcePoint): SourcePoint {
  let line = start.line;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return line === start.line ? { line, column: start.column + index } : { line, column: index - lineStart + 1 };
}

const withFrontmatter = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ["yaml"]);
const withoutFrontmatter = unified().use(remarkParse).use(remarkGfm);

export function parseMarkdown(source: string, frontmatter: boolean): Root {
  return (frontmatter ? withFrontmatter : withoutFrontmatter).parse(source);
}

export function startOf(doc: Doc, node: Nodes): SourcePoint {
  const p = node.position?.start;
  return p ? mapPoint(doc, p.line, p.column) : doc.origin;
}

export type Item =
  | {
      readonly t: "node";
      readonly node: RootContent;
      readonly at: SourcePoint;
      readonly start: number;
      readonly end: number;
    }
  | {
      readonly t: "comment";
      /** Between `<!--` and `-->`. */
      readonly inner: string;
      /** Lesson point of the first character of `inner`. */
      readonly innerAt: SourcePoint;
      readonly at: SourcePoint;
      readonly closed: boolean;
      /** The comment started inside another HTML block (no blank line before it). */
      readonly glued: boolean;
      readonly start: number;
      readonly end: number;
    }
  | { readonly t: "details-open"; readonly at: SourcePoint; readonly start: number; readonly end: number }
  | {
      readonly t: "summary";
      readonly text: string;
      readonly at: SourcePoint;
      readonly start: number;
      readonly end: number;
    }
  | { readonly t: "details-close"; readonly at: SourcePoint; readonly start: number; readonly end: number }
  | {
      readonly t: "html-text";
      readonly text: string;
      readonly at: SourcePoint;
      readonly start: number;
      readonly end: number;
    };

const htmlToken =
  /<!--([\s\S]*?)-->|<!--([\s\S]*)$|<details\b[^>]*>|<\/details\s*>|<summary\b[^>]*>([\s\S]*?)<\/summary\s*>/gi;

/** The blocks of `root` as kubook walks them; `start`/`end` are offsets in `doc.source`. */
export function itemsOf(doc: Doc, root: Root): Item[] {
  const items: Item[] = [];
  const visit = (nodes: readonly RootContent[]) => {
    for (const node of nodes) {
      if (node.type === "list" || node.type === "listItem" || node.type === "blockquote") {
        visit(node.children as RootContent[]);
        continue;
      }
      const start = node.position?.start.offset ?? 0;
      const end = node.position?.end.offset ?? start;
      const at = startOf(doc, node);
      if (node.type !== "html") {
        items.push({ t: "node", node, at, start, end });
        continue;
      }
      const value = node.value;
      let last = 0;
      const text = (from: number, to: number) => {
        const piece = value.slice(from, to);
        if (piece.trim() !== "")
          items.push({
            t: "html-text",
            text: piece,
            at: pointIn(value, from, at),
            start: start + from,
            end: start + to,
          });
      };
      for (const m of value.matchAll(htmlToken)) {
        const i = m.index;
        text(last, i);
        last = i + m[0].length;
        const tokenAt = pointIn(value, i, at);
        const range = { start: start + i, end: start + last };
        if (m[0].startsWith("<!--")) {
          const inner = m[1] ?? m[2] ?? "";
          items.push({
            t: "comment",
            inner,
            innerAt: pointIn(value, i + 4, at),
            at: tokenAt,
            closed: m[1] !== undefined,
            glued: i > 0 && value.slice(0, i).trim() !== "",
            ...range,
          });
        } else if (m[0].startsWith("</")) items.push({ t: "details-close", at: tokenAt, ...range });
        else if (/^<details/i.test(m[0])) items.push({ t: "details-open", at: tokenAt, ...range });
        else items.push({ t: "summary", text: (m[3] ?? "").replace(/<[^>]*>/g, "").trim(), at: tokenAt, ...range });
      }
      text(last, value.length);
    }
  };
  visit(root.children);
  return items;
}

/** The plain text of a node (headings, summaries). */
export function textOf(node: Nodes): string {
  if ("value" in node && typeof node.value === "string") return node.value;
  if ("children" in node) return (node.children as Nodes[]).map(textOf).join("");
  return "";
}

/** Whether a fenced block's closing fence is missing (mdast runs it to the end of its container). */
export function isUnclosedFence(doc: Doc, node: Code): boolean {
  const pos = node.position;
  if (!pos) return false;
  const strip = (line: string) => line.replace(/^[\s>]*/, "");
  const open = strip(doc.lines[pos.start.line - 1] ?? "");
  const marker = /^(`{3,}|~{3,})/.exec(open)?.[1];
  if (!marker) return false; // an indented code block has no fence
  if (pos.end.line === pos.start.line) return true;
  const close = strip(doc.lines[pos.end.line - 1] ?? "").trimEnd();
  const run = /^(`+|~+)$/.exec(close)?.[1];
  return !(run && run[0] === marker[0] && run.length >= marker.length);
}
