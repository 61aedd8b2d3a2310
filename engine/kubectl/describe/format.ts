/**
 * The small printers every describer shares (k/kubectl pkg/describe/describe.go):
 * printLabelsMultiline, printAnnotationsMultiline, taints, tolerations, and Go's time and
 * value formats as describe prints them.
 */
import type { Taint, Toleration } from "kubernetes-types/core/v1";
import type { PrefixWriter } from "./writer.ts";
import { LEVEL_0 } from "./writer.ts";

/** Annotations kubectl never shows (`skipAnnotations`): apply's copy of the whole object. */
export const lastAppliedConfigAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

/** Longer annotations (key + ": " + value) are printed on their own lines and cut (`maxAnnotationLen`). */
const maxAnnotationLen = 140;

/** Go's sort.Strings: byte order, which for UTF-16 code units differs only beyond the BMP. */
export function sortStrings(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `stringOrNone`. */
export function orNone(s: string | undefined | null): string {
  return s ? s : "<none>";
}

/** `printLabelsMultilineWithIndent`: `Title:\tk=v` then `\tk2=v2` per further key, sorted; `<none>` when empty. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Readonly<Record<string, string>> | undefined | null,
  initialIndent = "",
  innerIndent = "\t",
  skip: ReadonlySet<string> = new Set(),
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortStrings(Object.keys(labels ?? {}).filter((k) => !skip.has(k)));
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

/**
 * `printAnnotationsMultiline`: `key: value`, sorted, last-applied-configuration skipped. A
 * value that is multi-line or too long goes under `key:` as `  line` rows, each cut at 138
 * bytes with `...`.
 */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Readonly<Record<string, string>> | undefined | null,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = sortStrings(Object.keys(annotations ?? {}).filter((k) => k !== lastAppliedConfigAnnotation));
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const indent = "\t";
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, "");
    if (utf8Length(value) + utf8Length(key) + 2 > maxAnnotationLen || value.includes("\n")) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split("\n")) w.write(LEVEL_0, `${indent}  ${shorten(s, maxAnnotationLen - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** `printTaintsMultilineWithIndent`: sorted by effect then key, one `Taint.ToString()` a line. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: readonly Taint[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const key = (t: Taint) => `${t.effect ?? ""},${t.key}`;
  const sorted = [...taints].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** `Taint.ToString()`. */
export function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** `printTolerationsMultilineWithIndent`: sorted by key; `key=value:Effect op=Exists for 300s`. */
export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: readonly Toleration[] | undefined,
  initialIndent = "",
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const sorted = [...tolerations].sort((a, b) => {
    const x = a.key ?? "";
    const y = b.key ?? "";
    return x < y ? -1 : x > y ? 1 : 0;
  });
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    let text = t.key ?? "";
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    // `operator: Exists` with no key tolerates everything and prints a bare "op=Exists".
    if (t.operator === "Exists" && !t.value) text += t.key || t.effect ? " op=Exists" : "op=Exists";
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) text += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${text}\n`);
  });
}

const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * `Time.Format(time.RFC1123Z)`: `Mon, 01 Sep 2025 09:00:05 +0000`. kubectl prints the
 * learner's local zone; the simulated workstation runs in UTC, so the offset is always +0000.
 * An unset time prints Go's zero time, as upstream does.
 */
export function rfc1123z(timestamp: string | undefined | null): string {
  const ms = timestamp ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(ms)) return "Mon, 01 Jan 0001 00:00:00 +0000";
  const d = new Date(ms);
  const year = String(d.getUTCFullYear()).padStart(4, "0");
  return `${days[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${months[d.getUTCMonth()]} ${year} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

/** `time.Time.String()` in UTC (NetworkPolicy's `Created on:` prints the metav1.Time with %s). */
export function goTimeString(timestamp: string | undefined | null): string {
  const ms = timestamp ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(ms)) return "0001-01-01 00:00:00 +0000 UTC";
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ""} +0000 UTC`;
}

/** Go's `%v` of a bool or an unset one (false). */
export function goBool(b: boolean | undefined | null): string {
  return b ? "true" : "false";
}

/** `IntOrString.String()`; a nil pointer prints `<nil>`. */
export function intOrString(v: number | string | undefined | null): string {
  return v === undefined || v === null ? "<nil>" : String(v);
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** `shorten`: the first maxLength bytes and `...`. A rune cut in half is dropped whole (Go would emit its broken bytes). */
function shorten(s: string, maxLength: number): string {
  if (utf8Length(s) <= maxLength) return s;
  let out = "";
  let n = 0;
  for (const ch of s) {
    const size = utf8Length(ch);
    if (n + size > maxLength) break;
    out += ch;
    n += size;
  }
  return `${out}...`;
}
