/**
 * `kubectl get` human-readable output: the server's table (columns.ts) decorated the way
 * cli-runtime's tableprinter does (`decorateTable`, `printTable`): NAMESPACE first with `-A`,
 * `-L` label columns, LABELS last with `--show-labels`, `kind/` prefixed names for multi-type
 * output, wide columns only with `-o wide`, and cells cut at the first newline with `...`.
 */
import type { StoredObject } from "../../api/object.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import { type ColumnDefinition, defaultTablePrinter, tablePrinters } from "./columns.ts";
import { formatLabels } from "./labels.ts";
import { kindPrefix } from "./name.ts";
import { sortObjects } from "./sort.ts";
import { formatTable } from "./tabwriter.ts";

export interface TableOptions {
  readonly nowMs: number;
  /** `-o wide`. */
  readonly wide?: boolean;
  /** `--show-labels`. */
  readonly showLabels?: boolean;
  /** `-L key1,key2`: one column per key, headed by the key's last `/` segment upper-cased. */
  readonly labelColumns?: readonly string[];
  /** `--no-headers`. */
  readonly noHeaders?: boolean;
  /** `-A`: a NAMESPACE column first. */
  readonly allNamespaces?: boolean;
  /** Several types in one command (`get svc,ep`, `get all`): names become `service/web`. */
  readonly withKind?: boolean;
  /** `--sort-by`, a (relaxed) jsonpath expression. */
  readonly sortBy?: string;
}

export type TableResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly message: string };

/**
 * What printTable writes for one cell: text up to the first line break (tabwriter would treat
 * one as the end of the row) followed by `...`, with terminal escapes neutralised (WriteEscaped).
 */
function cellText(cell: string): string {
  const breakAt = cell.search(/[\f\n\r]/);
  const shown = breakAt >= 0 ? `${cell.slice(0, breakAt)}...` : cell;
  return shown.replaceAll("\x1b", "^[");
}

/** The header of a `-L` column: `formatLabelHeaders`. */
function labelHeader(key: string): string {
  return (key.split("/").at(-1) ?? key).toUpperCase();
}

/**
 * One resource's table, header included, each line ending in "\n". Empty when there are no
 * objects (kubectl then prints `No resources found …` on stderr, which is the caller's job).
 */
export function printTable(
  resource: ResourceInfo,
  objects: readonly StoredObject[],
  options: TableOptions,
): TableResult {
  if (objects.length === 0) return { ok: true, text: "" };
  let items = objects;
  if (options.sortBy !== undefined) {
    const sorted = sortObjects(objects, options.sortBy);
    if (!sorted.ok) return sorted;
    items = sorted.objects;
  }
  const wide = options.wide ?? false;
  const printer = tablePrinters[resource.resource] ?? defaultTablePrinter;
  const ctx = { nowMs: options.nowMs, wide };
  const labelKeys = options.labelColumns ?? [];
  // `-A` adds NAMESPACE only for namespaced resources (get.go: RESTScopeNameRoot prints none).
  const withNamespace = (options.allNamespaces ?? false) && resource.namespaced;

  const columns: ColumnDefinition[] = [
    ...(withNamespace ? [{ name: "Namespace", priority: 0 as const }] : []),
    ...printer.columns,
    ...labelKeys.map((key) => ({ name: labelHeader(key), priority: 0 as const })),
    ...(options.showLabels ? [{ name: "Labels", priority: 0 as const }] : []),
  ];
  const nameColumn = options.withKind ? columns.findIndex((c) => c.format === "name") : -1;
  const prefix = kindPrefix(resource);

  const rows = items.map((obj) => {
    const labels = obj.metadata.labels ?? {};
    const cells = [
      ...(withNamespace ? [obj.metadata.namespace ?? ""] : []),
      ...printer.cells(obj, ctx),
      ...labelKeys.map((key) => labels[key] ?? ""),
      ...(options.showLabels ? [formatLabels(labels)] : []),
    ];
    if (nameColumn >= 0) cells[nameColumn] = `${prefix}/${cells[nameColumn]}`;
    return cells;
  });

  const visible = columns.map((c) => wide || c.priority === 0);
  const pick = (cells: readonly string[]) => cells.filter((_, i) => visible[i]);
  const lines = rows.map((cells) => pick(cells).map(cellText));
  if (!options.noHeaders) lines.unshift(pick(columns.map((c) => c.name.toUpperCase())));
  return { ok: true, text: formatTable(lines) };
}
