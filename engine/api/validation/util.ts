/**
 * Small helpers shared by the validators: defensive readers for decoded objects (the strict
 * decoder runs first, but a validator must never throw on odd input), field paths built as
 * k8s.io/apimachinery/pkg/util/validation/field.Path prints them, and Go-shaped renderings of
 * values upstream passes to field errors.
 */
import type { FieldError, FieldErrorType } from "../field.ts";
import { goJson, omitValue } from "../field.ts";

export type Obj = Record<string, unknown>;

export function isRec(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The value as an object, or an empty one. */
export function rec(v: unknown): Obj {
  return isRec(v) ? v : {};
}

/** The value as an array, or an empty one. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value as a string; Go's zero value "" for anything else. */
export function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** A string map (labels, annotations, selectors): non-string values are skipped. */
export function strMap(v: unknown): Record<string, string> | undefined {
  if (!isRec(v)) return undefined;
  const out: Record<string, string> = {};
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (typeof x === "string") out[k] = x;
    else if (typeof x === "number" || typeof x === "boolean") out[k] = String(x);
  }
  return out;
}

/** A finite number, or undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** A number with Go's zero value 0 for anything else. */
export function int(v: unknown): number {
  return num(v) ?? 0;
}

/** Whether a field is set (Go: pointer non-nil). */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** Keys in a fixed order. Go iterates maps randomly; the simulation sorts them. */
export function keysOf(v: unknown): string[] {
  return isRec(v) ? Object.keys(v).sort() : [];
}

/** Byte length of the UTF-8 encoding, as Go's len(string). */
export function utf8Len(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** field.Path building: `spec.ports[0].name`, `metadata.labels[app]`. */
export function child(path: string, ...names: string[]): string {
  let p = path;
  for (const n of names) p = p === "" ? n : `${p}.${n}`;
  return p;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

/**
 * A field error whose bad value is a Go struct. Go's encoding/json writes struct fields in
 * declaration order while field.ts's goJson sorts object keys (right for maps), so the value
 * is rendered here and carried in the detail; the printed text is identical to upstream's.
 */
export function rawValueError(type: FieldErrorType, field: string, rendered: string, detail = ""): FieldError {
  return { type, field, value: omitValue, detail: detail ? `${rendered}: ${detail}` : rendered };
}

/** encoding/json of a Go struct: fields in the given order, `omitempty` fields dropped by the caller. */
export function goStruct(fields: readonly (readonly [string, string])[]): string {
  return `{${fields.map(([k, v]) => `${goJson(k)}:${v}`).join(",")}}`;
}

/** encoding/json of an intstr.IntOrString: a number or a string. */
export function intOrStringJson(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return goJson(v);
  return "0";
}

/** encoding/json of a *metav1.LabelSelector (json tags, omitempty). */
export function labelSelectorJson(sel: unknown): string {
  if (!isRec(sel)) return "null";
  const fields: [string, string][] = [];
  const ml = strMap(sel.matchLabels);
  if (ml && Object.keys(ml).length > 0) fields.push(["matchLabels", goJson(ml)]);
  const me = arr(sel.matchExpressions);
  if (me.length > 0) {
    const items = me.map((e) => {
      const r = rec(e);
      const f: [string, string][] = [
        ["key", goJson(str(r.key))],
        ["operator", goJson(str(r.operator))],
      ];
      const values = arr(r.values).filter((x): x is string => typeof x === "string");
      if (values.length > 0) f.push(["values", goJson(values)]);
      return goStruct(f);
    });
    fields.push(["matchExpressions", `[${items.join(",")}]`]);
  }
  return goStruct(fields);
}

/**
 * apiequality.Semantic.DeepEqual over decoded JSON: like deep equality, but an absent field
 * equals its Go zero value ("" / 0 / false / empty list / empty map), as nil and empty slices
 * and maps are equal there. An empty object also equals an absent one, which Go only does for
 * maps (a nil pointer to a struct differs from an empty struct); without types this is the
 * closer approximation.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isZero(a) && isZero(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = arr(a);
    const y = arr(b);
    if (x.length !== y.length) return false;
    return x.every((v, i) => semanticEqual(v, y[i]));
  }
  if (isRec(a) && isRec(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === "" || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isRec(v) && Object.keys(v).every((k) => v[k] === undefined);
}

/** Drops repeated messages, as field.ErrorList.ToAggregate does when upstream builds the Status message. */
export function dedupe(errors: readonly FieldError[], format: (e: FieldError) => string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    const t = format(e);
    if (seen.has(t)) continue;
    seen.add(t);
    out.push(e);
  }
  return out;
}
