/**
 * `kubook check --update`: put what the simulation printed where a lesson's expected output
 * was (or, for a command that showed none, leave it alone). Text in, text out — the CLI
 * reads and writes the file.
 */
import type { OutputEdit } from "./runner.ts";

/** Replace each edited expected-output region (bottom-up, so earlier line numbers stay right). */
export function applyEdits(source: string, edits: readonly OutputEdit[]): string {
  const lines = source.split("\n");
  const sorted = [...edits].filter((e) => e.expectedAt).sort((a, b) => b.expectedAt!.line - a.expectedAt!.line);
  for (const e of sorted) {
    const start = e.expectedAt!.line - 1;
    const indent = /^\s*/.exec(lines[start] ?? "")?.[0] ?? "";
    const actual = e.actual.endsWith("\n") ? e.actual.slice(0, -1) : e.actual;
    const replacement = actual === "" ? [] : actual.split("\n").map((l) => (l === "" ? l : indent + l));
    lines.splice(start, e.expectedLines, ...replacement);
  }
  return lines.join("\n");
}
