/**
 * The column aligner behind every `kubectl get` table: cli-runtime's `GetNewTabWriter`, i.e.
 * `tabwriter.NewWriter(out, 6, 4, 3, ' ', RememberWidths)` (github.com/liggitt/tabwriter, a fork
 * of Go's text/tabwriter). Ported from its `format`/`writeLines` so ragged rows align the way Go
 * aligns them:
 *
 *   - every cell but a line's last is "tab-terminated" and belongs to a column; the last cell is
 *     written as is, so table lines never end in padding (unless the last cell is empty and the
 *     one before it is padded, which Go does too, e.g. `-L missing-label`);
 *   - a column's width is max(minwidth 6, widest cell + padding 3) over a *block* of consecutive
 *     lines that have a cell in that column;
 *   - width is counted in runes (`utf8.RuneCount`), not bytes or UTF-16 units, so `파드` is 2 wide.
 *     (East Asian wide glyphs therefore misalign in a terminal exactly as they do with kubectl.)
 */

/** kubectl's own small tables use other settings (`rollout history`: minwidth 0, padding 2). */
export interface TabOptions {
  readonly minWidth?: number;
  readonly padding?: number;
}

interface Cell {
  readonly text: string;
  readonly width: number;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Aligns rows of cells; each row becomes one line ending in "\n". */
export function formatTable(rows: readonly (readonly string[])[], options: TabOptions = {}): string {
  const minWidth = options.minWidth ?? 6;
  const padding = options.padding ?? 3;
  const lines: Cell[][] = rows.map((row) => row.map((text) => ({ text, width: runeCount(text) })));
  const widths: number[] = [];
  let out = "";

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      line.forEach((c, j) => {
        out += c.text;
        if (j < widths.length) out += " ".repeat(widths[j]! - c.width);
      });
      out += "\n";
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current]!.length - 1) continue;
      // A cell exists in this column: print the lines before the block, then size the block.
      writeLines(line0, current);
      line0 = current;
      let width = minWidth;
      for (; current < line1; current++) {
        const line = lines[current]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + padding);
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}
