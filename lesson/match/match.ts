/**
 * Expected terminal output against what the terminal showed: literal lines, `...` lines
 * (any number of lines), typed and capturing `{{…}}` placeholders (placeholders.ts), and in
 * tolerant mode trailing whitespace ignored and table rows compared cell by cell.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import type { MatchMode } from "../model.ts";
import { matchPiece } from "./placeholders.ts";

export interface MatchOptions {
  readonly mode: MatchMode;
  /** Values captured by earlier commands of the lesson. */
  readonly captures: ReadonlyMap<string, string>;
}

export type MatchResult =
  | { readonly ok: true; readonly captures: Map<string, string> }
  | {
      readonly ok: false;
      /**
       * 1-based line in `expected` that did not match; one past its last line when the
       * actual output goes on after everything expected matched.
       */
      readonly line: number;
      readonly expectedLine: string;
      /** The actual line it was compared with; "" when the output ended before it. */
      readonly actualLine: string;
    };

/** Table cells: two or more spaces (or a tab) between them, as kubectl's tabwriter pads. */
const cellGap = /(?: {2,}|\t)[ \t]*/;

/** The text as lines: one trailing newline is not a line; tolerant mode drops trailing blanks. */
function linesOf(text: string, mode: MatchMode): string[] {
  if (mode === "exact") {
    if (text === "") return [];
    return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
  }
  const lines = text.split("\n").map((l) => l.replace(/[ \t\r]+$/, ""));
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function cellsOf(line: string): string[] {
  return line.trim().split(cellGap);
}

/** One expected line against one actual line; the captures after it, or undefined. */
export function matchLine(
  expected: string,
  actual: string,
  mode: MatchMode,
  captures: ReadonlyMap<string, string>,
): Map<string, string> | undefined {
  if (mode === "tolerant") {
    const cells = cellsOf(expected);
    if (cells.length >= 2) {
      let got = cellsOf(actual);
      if (got.length !== cells.length) {
        // A trailing `{{any}}` cell takes the rest of the row, gaps and all.
        const lastAny = /^\{\{\s*any(?::[A-Za-z_][A-Za-z0-9_]*)?\s*\}\}$/.test(cells[cells.length - 1]!);
        if (!lastAny || got.length < cells.length) return undefined;
        got = [...got.slice(0, cells.length - 1), tailAfterCells(actual, cells.length - 1)];
      }
      let current: ReadonlyMap<string, string> | undefined = captures;
      for (let i = 0; i < cells.length && current; i++) current = matchPiece(cells[i]!, got[i]!, current);
      return current ? new Map(current) : undefined;
    }
  }
  return matchPiece(expected, actual, captures);
}

/** The text of a row after its first `n` cells. */
function tailAfterCells(line: string, n: number): string {
  let rest = line.trim();
  for (let i = 0; i < n; i++) {
    const m = cellGap.exec(rest);
    if (!m) return "";
    rest = rest.slice(m.index + m[0].length);
  }
  return rest;
}

const isEllipsis = (line: string) => line.trimEnd() === "...";

/**
 * Match `actual` against `expected`. Lines are compared in order; a `...` line takes any
 * number of actual lines (fewest first). On failure, the report is the expected line the
 * match got furthest to, compared with the last actual line it was tried against.
 */
export function matchOutput(expected: string, actual: string, options: MatchOptions): MatchResult {
  const want = linesOf(expected, options.mode);
  const got = linesOf(actual, options.mode);
  let worst: { ei: number; ai: number } | undefined;
  // Prefer the furthest expected line; then a real actual line over the end of output; then the later one.
  const rank = (ei: number, ai: number) => [ei, ai < got.length ? 1 : 0, ai] as const;
  const fail = (ei: number, ai: number) => {
    const a = rank(ei, ai);
    const b = worst ? rank(worst.ei, worst.ai) : undefined;
    if (!b || a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])))) worst = { ei, ai };
  };
  const dead = new Set<string>();
  const keyOf = (ei: number, ai: number, caps: ReadonlyMap<string, string>) =>
    `${ei}:${ai}:${JSON.stringify([...caps])}`;

  const go = (ei0: number, ai0: number, caps0: ReadonlyMap<string, string>): Map<string, string> | undefined => {
    let ei = ei0;
    let ai = ai0;
    let caps = caps0;
    // Straight runs of lines iteratively; recursion only at `...`.
    while (ei < want.length && !isEllipsis(want[ei]!)) {
      if (ai >= got.length) {
        fail(ei, ai);
        return undefined;
      }
      const next = matchLine(want[ei]!, got[ai]!, options.mode, caps);
      if (!next) {
        fail(ei, ai);
        return undefined;
      }
      caps = next;
      ei++;
      ai++;
    }
    if (ei >= want.length) {
      if (ai === got.length) return new Map(caps);
      fail(ei, ai);
      return undefined;
    }
    // A run of `...` lines is one.
    let after = ei;
    while (after < want.length && isEllipsis(want[after]!)) after++;
    for (let k = ai; k <= got.length; k++) {
      const key = keyOf(after, k, caps);
      if (dead.has(key)) continue;
      const r = go(after, k, caps);
      if (r) return r;
      dead.add(key);
    }
    return undefined;
  };

  const result = go(0, 0, options.captures);
  if (result) return { ok: true, captures: result };
  const at = worst ?? { ei: 0, ai: 0 };
  return {
    ok: false,
    line: at.ei + 1,
    expectedLine: want[at.ei] ?? "",
    actualLine: got[at.ai] ?? "",
  };
}

/**
 * A command with every captured `{{NAME}}` replaced by its value. An upper-case name
 * (`{{WEB_IP}}`) that was never captured is an error; other `{{…}}` text stays as written
 * (Go templates: `-o go-template='{{range .items}}…{{end}}'`).
 */
export function substitute(
  text: string,
  captures: ReadonlyMap<string, string>,
): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly missing: string } {
  let missing: string | undefined;
  const out = text.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => {
    const value = captures.get(name);
    if (value !== undefined) return value;
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) missing ??= name;
    return whole;
  });
  return missing === undefined ? { ok: true, text: out } : { ok: false, missing };
}

/** A unified diff of expected and actual output, labelled `expected` and `actual`. */
export function unifiedDiff(expected: string, actual: string): string {
  const nl = (s: string) => (s === "" || s.endsWith("\n") ? s : `${s}\n`);
  return createTwoFilesPatch("expected", "actual", nl(expected), nl(actual), undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}
