/**
 * Go's text/tabwriter as kubectl configures it for its own small tables (api-resources,
 * config get-contexts, rollout history): each row is its cells, every cell but the last is
 * tab-terminated and padded to its column; a column's width is set by the consecutive rows
 * that have that column (Go's column blocks). An empty last cell after a tab leaves the
 * padding of the cell before it, as real kubectl does (trailing spaces and all).
 */

export interface TabOptions {
  readonly minWidth?: number;
  readonly padding?: number;
}

/** `rows[i]` holds the tab-terminated cells of line i followed by its final (unpadded) cell. */
export function tabbed(rows: readonly (readonly string[])[], opts: TabOptions = {}): string {
  const minWidth = opts.minWidth ?? 6;
  const padding = opts.padding ?? 3;
  const width = (s: string) => [...s].length;
  const widths: number[][] = rows.map((r) => new Array<number>(Math.max(0, r.length - 1)).fill(0));
  const columns = Math.max(0, ...rows.map((r) => r.length - 1));
  for (let col = 0; col < columns; col++) {
    let start = 0;
    while (start < rows.length) {
      if (rows[start]!.length - 1 <= col) {
        start++;
        continue;
      }
      let end = start;
      let w = 0;
      while (end < rows.length && rows[end]!.length - 1 > col) {
        w = Math.max(w, width(rows[end]![col]!) + padding);
        end++;
      }
      w = Math.max(w, minWidth);
      for (let i = start; i < end; i++) widths[i]![col] = w;
      start = end;
    }
  }
  return rows
    .map((r, i) => {
      const cells = r.map((cell, col) =>
        col < r.length - 1 ? cell + " ".repeat(widths[i]![col]! - width(cell)) : cell,
      );
      return `${cells.join("")}\n`;
    })
    .join("");
}
