/**
 * Go's text/tabwriter, as far as kubectl describe uses it: `Init(buf, minwidth, tabwidth,
 * padding, padchar, flags=0)` with a space pad character (describe's `tabbedString` passes
 * 0, 8, 2, ' ', 0). Alignment is the whole point of describe output, so this follows the Go
 * algorithm rather than "pad every column to its widest cell":
 *
 * - A cell is text terminated by a tab; the text after a line's last tab is not a cell of any
 *   column and is never padded (but an empty cell before it is: `IP:\t\n` keeps its spaces).
 * - A column is aligned only across a *block* of consecutive lines that all have a cell in
 *   it; a line with fewer cells ends the block. Width = widest cell in the block + padding,
 *   at least minwidth.
 * - A line with a single cell (no tab) and an explicit flush both format everything buffered
 *   so far; later lines never widen earlier ones.
 *
 * Widths count Unicode code points, as Go counts runes (not display columns).
 */

interface Cell {
  readonly text: string;
  readonly width: number;
}

export interface TabWriterOptions {
  readonly minwidth: number;
  readonly padding: number;
  readonly padchar: string;
}

export class TabWriter {
  private readonly options: TabWriterOptions;
  private out = "";
  /** Complete lines not yet formatted; each is its cells (the last one being the trailing text). */
  private lines: Cell[][] = [];
  /** The cells of the line being written, and the text of the cell being written. */
  private cells: Cell[] = [];
  private cell = "";
  private widths: number[] = [];

  constructor(options: TabWriterOptions) {
    this.options = options;
  }

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== "\t" && ch !== "\n") continue;
      this.cell += text.slice(start, i);
      start = i + 1;
      this.cells.push({ text: this.cell, width: runeCount(this.cell) });
      this.cell = "";
      if (ch === "\n") {
        const ncells = this.cells.length;
        this.lines.push(this.cells);
        this.cells = [];
        // Go flushes after a one-cell line: it cannot affect the alignment of what follows.
        if (ncells === 1) this.flush();
      }
    }
    this.cell += text.slice(start);
  }

  /** Format every complete line written so far (Go's Flush; a partial line stays buffered). */
  flush(): void {
    this.format(0, this.lines.length);
    this.lines = [];
  }

  /** Everything written, formatted; the writer is finished after this. */
  finish(): string {
    if (this.cell.length > 0 || this.cells.length > 0) {
      this.cells.push({ text: this.cell, width: runeCount(this.cell) });
      this.lines.push(this.cells);
      this.cells = [];
      this.cell = "";
      this.format(0, this.lines.length);
      // The final partial line has no newline of its own: drop the one format() added.
      this.out = this.out.slice(0, -1);
      this.lines = [];
    } else {
      this.flush();
    }
    return this.out;
  }

  /** Go's recursive `format`: find each column block, fix its width, recurse to the right. */
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= this.lines[current]!.length - 1) continue;
      // This line has a cell in `column`: the lines before it are complete.
      this.writeLines(line0, current);
      line0 = current;
      let width = this.options.minwidth;
      for (; current < line1; current++) {
        const line = this.lines[current]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + this.options.padding);
      }
      this.widths.push(width);
      this.format(line0, current);
      this.widths.pop();
      line0 = current;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      line.forEach((c, j) => {
        this.out += c.text;
        if (j < this.widths.length) this.out += this.options.padchar.repeat(Math.max(0, this.widths[j]! - c.width));
      });
      this.out += "\n";
    }
  }
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
