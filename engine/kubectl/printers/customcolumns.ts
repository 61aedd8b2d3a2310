/**
 * `-o custom-columns=NAME:.metadata.name,IP:.status.podIP` (kubectl pkg/cmd/get/customcolumn.go):
 * headers printed as given, each cell the `fmt.Sprint` of every jsonpath result joined by ",",
 * `<none>` when the path finds nothing; aligned by the same tabwriter as tables.
 */
import { escapeTerminal, goSprint, type JsonValue } from "./govalues.ts";
import { findJsonPathResults, type PrintResult, parseJsonPath } from "./jsonpath.ts";
import { formatTable } from "./tabwriter.ts";

const jsonRegexp = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/**
 * RelaxedJSONPathExpression: `metadata.name`, `{metadata.name}`, `.metadata.name` and
 * `{.metadata.name}` all become `{.metadata.name}`.
 */
export function relaxedJsonPath(expression: string): { ok: true; path: string } | { ok: false; message: string } {
  if (expression === "") return { ok: true, path: expression };
  const m = jsonRegexp.exec(expression);
  if (!m) {
    return {
      ok: false,
      message:
        "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    };
  }
  return { ok: true, path: `{.${m[1] ?? m[2]}}` };
}

export interface CustomColumnsOptions {
  readonly noHeaders?: boolean;
}

/** Prints `objects` (the items, not a List) with a `custom-columns` spec. */
export function printCustomColumns(
  spec: string,
  objects: readonly unknown[],
  options: CustomColumnsOptions = {},
): PrintResult {
  if (spec === "") return { ok: false, message: "custom-columns format specified but no custom columns given" };
  const columns: { header: string; path: string }[] = [];
  for (const part of spec.split(",")) {
    const colon = part.indexOf(":");
    if (colon < 0) {
      return { ok: false, message: `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>` };
    }
    const relaxed = relaxedJsonPath(part.slice(colon + 1));
    if (!relaxed.ok) return relaxed;
    columns.push({ header: part.slice(0, colon), path: relaxed.path });
  }
  const parsers = [];
  for (const c of columns) {
    const parsed = parseJsonPath(c.path);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    parsers.push(parsed.root);
  }
  const rows: string[][] = options.noHeaders ? [] : [columns.map((c) => c.header)];
  for (const obj of objects) {
    const row: string[] = [];
    for (const root of parsers) {
      const found = findJsonPathResults(root, obj as JsonValue, true);
      if (!found.ok) return { ok: false, message: found.message };
      const values: string[] = [];
      if (found.results.length === 0 || found.results[0]!.length === 0) values.push("<none>");
      for (const group of found.results) for (const v of group) values.push(escapeTerminal(goSprint(v)));
      row.push(values.join(","));
    }
    rows.push(row);
  }
  return { ok: true, text: formatTable(rows) };
}
