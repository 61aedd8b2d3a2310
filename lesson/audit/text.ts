/** Small text helpers the audit shares: bilingual messages, edit distance, Hangul. */

export interface Bilingual {
  readonly ko: string;
  readonly en: string;
}

export const hangulChar = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/u;

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate nearest to `word` if it is near enough (at most `max` edits and less than half
 * the word); ties go to the earlier candidate, so callers list the likelier ones first.
 */
export function closest(word: string, candidates: Iterable<string>, max = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const dist = editDistance(word, candidate);
    if (dist < bestDistance) {
      best = candidate;
      bestDistance = dist;
    }
  }
  if (best === undefined || bestDistance > max || bestDistance * 2 >= Math.max(word.length, 2)) return undefined;
  return best;
}

/** `text` with the fence/list indentation of every line removed, as far as all non-blank lines share it. */
export function dedent(text: string): string {
  const lines = text.split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return cut === 0 ? text : lines.map((l) => l.slice(Math.min(cut, l.length - l.trimStart().length))).join("\n");
}
