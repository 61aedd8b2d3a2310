/**
 * The generic describer, for kinds kubectl has no describer of its own for (here: Event —
 * see the registry): Name, Namespace, Labels, Annotations, then every other
 * field of the object, sorted, with camel-case names turned into words
 * (k/kubectl `genericDescriber`, `printUnstructuredContent`, `smartLabelFor`).
 */
import type { StoredObject } from "../../api/object.ts";
import { describeEvents, eventsFor } from "./events.ts";
import { printAnnotationsMultiline, printLabelsMultiline, sortStrings } from "./format.ts";
import type { DescribeContext } from "./types.ts";
import type { PrefixWriter } from "./writer.ts";
import { LEVEL_0, tabbedString } from "./writer.ts";

const skipped = new Set([
  ".metadata.managedFields",
  ".metadata.name",
  ".metadata.namespace",
  ".metadata.labels",
  ".metadata.annotations",
]);

export function describeGeneric(ctx: DescribeContext, obj: StoredObject): string {
  const events = ctx.showEvents ? eventsFor(ctx.cluster, obj) : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", obj.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", obj.metadata.annotations);
    printUnstructuredContent(w, LEVEL_0, obj as unknown as Record<string, unknown>, "");
    if (events) describeEvents(events, w, ctx.nowMs);
  });
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function printUnstructuredContent(w: PrefixWriter, level: number, content: Json, skipPrefix: string): void {
  for (const field of sortStrings(Object.keys(content))) {
    const value = content[field];
    const path = `${skipPrefix}.${field}`;
    if (skipped.has(path)) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isMap(child)) printUnstructuredContent(w, level + 1, child, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

/** Go's `%v` of a decoded JSON scalar: nil prints `<nil>`; a whole number is an int64. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  return String(v);
}

const acronyms = new Set(["API", "URL", "UID", "OSB", "GUID"]);

/** `smartLabelFor`: `apiVersion` → `API Version`; names with digits or other marks stay as they are. */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelcaseSplit(field)
    .filter((part) => part !== "_")
    .map((part) => (acronyms.has(part.toUpperCase()) ? part.toUpperCase() : part[0]!.toUpperCase() + part.slice(1)))
    .join(" ");
}

/** fatih/camelcase.Split: runs of lower, upper, digit and other; an upper run's last letter starts the next lower run. */
function camelcaseSplit(src: string): string[] {
  const classOf = (ch: string) => (/\p{Ll}/u.test(ch) ? 1 : /\p{Lu}/u.test(ch) ? 2 : /\p{Nd}/u.test(ch) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const ch of src) {
    const c = classOf(ch);
    if (c === last) runs[runs.length - 1]!.push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (/\p{Lu}/u.test(runs[i]![0]!) && /\p{Ll}/u.test(runs[i + 1]![0]!)) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(""));
}
