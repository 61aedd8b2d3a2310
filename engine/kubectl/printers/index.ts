// kubectl's output printers: tables for `get`, and the structured formats (-o yaml|json|name|
// jsonpath|custom-columns|go-template). Re-exports only.
export type { CellContext, ColumnDefinition, TablePrinter } from "./columns.ts";
export { defaultTablePrinter, tablePrinters } from "./columns.ts";
export type { CustomColumnsOptions } from "./customcolumns.ts";
export { printCustomColumns, relaxedJsonPath } from "./customcolumns.ts";
export { humanDuration, translateTimestampSince } from "./duration.ts";
export { printGoTemplate } from "./gotemplate.ts";
export { marshalJson, printJson } from "./json.ts";
export type { JsonPathOptions, PrintResult } from "./jsonpath.ts";
export { printJsonPath } from "./jsonpath.ts";
export { formatLabelSelector, formatLabels } from "./labels.ts";
export type { List } from "./name.ts";
export { kindPrefix, listOf, printName } from "./name.ts";
export { sortObjects } from "./sort.ts";
export type { TableOptions, TableResult } from "./table.ts";
export { printTable } from "./table.ts";
export { formatTable } from "./tabwriter.ts";
export { printYaml } from "./yaml.ts";
