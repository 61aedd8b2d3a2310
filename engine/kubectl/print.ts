/**
 * `-o` for every command that prints objects: the table (wide), yaml, json, name, jsonpath,
 * custom-columns and go-template, chosen as kubectl's PrintFlags chooses, with its error for
 * an unknown format. Several objects print as a `List` for yaml/json, as kubectl does.
 */
import type { StoredObject } from "../api/object.ts";
import type { ResourceInfo } from "../api/resources.ts";
import type { FlagSpec } from "./flags.ts";
import * as printers from "./printers/index.ts";

export const allowedFormats =
  "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

export const outputFlag: FlagSpec = {
  name: "output",
  shorthand: "o",
  type: "string",
  usage: `Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].`,
};

export type OutputFormat =
  | { readonly kind: "table"; readonly wide: boolean }
  | { readonly kind: "yaml" | "json" | "name" }
  | { readonly kind: "jsonpath" | "custom-columns" | "go-template"; readonly template: string };

export function parseOutputFormat(o: string): { ok: true; format: OutputFormat } | { ok: false; message: string } {
  if (o === "") return { ok: true, format: { kind: "table", wide: false } };
  if (o === "wide") return { ok: true, format: { kind: "table", wide: true } };
  if (o === "yaml" || o === "json" || o === "name") return { ok: true, format: { kind: o } };
  const eq = o.indexOf("=");
  const head = eq >= 0 ? o.slice(0, eq) : o;
  const template = eq >= 0 ? o.slice(eq + 1) : "";
  const kinds: Record<string, "jsonpath" | "custom-columns" | "go-template"> = {
    jsonpath: "jsonpath",
    "custom-columns": "custom-columns",
    "go-template": "go-template",
    template: "go-template",
  };
  const kind = kinds[head];
  if (kind) {
    if (template === "") {
      const what =
        kind === "custom-columns"
          ? "custom-columns format specified but no custom columns given"
          : "template format specified but no template given";
      return { ok: false, message: what };
    }
    return { ok: true, format: { kind, template } };
  }
  return {
    ok: false,
    message: `unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowedFormats}`,
  };
}

export interface PrintGroup {
  readonly resource: ResourceInfo;
  readonly objects: readonly StoredObject[];
}

/** The table printer's options but `wide`, which comes from `-o wide`. */
export type TableOptions = Omit<printers.TableOptions, "wide">;

/** Print the groups in one format; `single` prints a lone named object without a List around it. */
export function printGroups(
  groups: readonly PrintGroup[],
  format: OutputFormat,
  opts: TableOptions & { readonly single: boolean },
): { ok: true; text: string } | { ok: false; message: string } {
  const all = groups.flatMap((g) => g.objects);
  switch (format.kind) {
    case "table": {
      const tables: string[] = [];
      for (const g of groups) {
        if (g.objects.length === 0) continue;
        const { single: _single, sortBy, ...table } = opts;
        const t = printers.printTable(g.resource, g.objects, {
          ...table,
          wide: format.wide,
          // An empty --sort-by means no sorting.
          ...(sortBy ? { sortBy } : {}),
        });
        if (!t.ok) return t;
        tables.push(t.text);
      }
      // Several types print one table each, separated by a blank line.
      return { ok: true, text: tables.join("\n") };
    }
    case "name":
      return {
        ok: true,
        text: groups.flatMap((g) => g.objects.map((o) => printers.printName(g.resource, o))).join(""),
      };
    case "yaml":
      return { ok: true, text: printers.printYaml(opts.single && all.length === 1 ? all[0]! : printers.listOf(all)) };
    case "json":
      return { ok: true, text: printers.printJson(opts.single && all.length === 1 ? all[0]! : printers.listOf(all)) };
    case "jsonpath": {
      const data = opts.single && all.length === 1 ? all[0]! : printers.listOf(all);
      return printers.printJsonPath(format.template, data);
    }
    case "go-template": {
      const data = opts.single && all.length === 1 ? all[0]! : printers.listOf(all);
      return printers.printGoTemplate(format.template, data);
    }
    case "custom-columns": {
      return printers.printCustomColumns(format.template, all, { noHeaders: opts.noHeaders ?? false });
    }
  }
}
