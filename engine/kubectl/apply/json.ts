/**
 * JSON values as the patch code sees them, and the few Go behaviours the upstream error texts
 * and orderings depend on: `fmt.Sprintf("%v", x)` of a decoded JSON value, and the
 * `reflect.TypeOf(x)` names that mergepatch.ErrBadArgType prints.
 */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** The result of every function in this folder: errors are values and nothing throws. */
export type PatchResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

export function ok<T>(value: T): PatchResult<T> {
  return { ok: true, value };
}

export function err<T>(message: string): PatchResult<T> {
  return { ok: false, message };
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Go's reflect type of a decoded JSON value, coarse enough for the type checks upstream makes. */
export type JsonType = "null" | "bool" | "number" | "string" | "array" | "object";

export function jsonType(v: Json): JsonType {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
      return "number";
    case "string":
      return "string";
    default:
      return "object";
  }
}

/** A deep copy of a JSON value; `undefined` members are dropped as JSON would drop them. */
export function clone<T extends Json>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => clone(x)) as T;
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clone(x);
    return out as T;
  }
  return v;
}

/** Turns any parsed value (YAML or JSON) into a JSON value: `undefined` members are left out. */
export function toJson(v: unknown): Json {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : toJson(x)));
  if (typeof v === "object") {
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().replace(".000Z", "Z");
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJson(x);
    return out;
  }
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean" || typeof v === "string") return v;
  return null;
}

/** reflect.DeepEqual over decoded JSON. */
export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]!));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k]!, b[k]!));
  }
  return false;
}

/** Sorted keys, as Go's fmt and encoding/json order map keys (bytewise; UTF-16 order agrees for the BMP). */
export function sortedKeys(o: JsonObject): string[] {
  return Object.keys(o).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

/** strconv.FormatFloat(f, 'g', -1, 64) as fmt's %v uses it: exponent form below 1e-4 and from 1e21. */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [mantissa, e] = n.toExponential().split("e");
    const sign = e!.startsWith("-") ? "-" : "+";
    const digits = e!.replace(/^[+-]/, "").padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

/**
 * fmt.Sprintf("%v", x) for a decoded JSON value: `map[a:1 b:[x y]]`, `<nil>`, strings bare.
 * Integers print as int64 does (the API server decodes integers as int64).
 */
export function goSprintV(v: Json): string {
  if (v === null) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goSprintV).join(" ")}]`;
  if (isObject(v))
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${goSprintV(v[k]!)}`)
      .join(" ")}]`;
  if (typeof v === "number") return goFloat(v);
  return String(v);
}

/** reflect.TypeOf(x) printed with %s, as mergepatch.ErrBadArgType prints it. */
export function goTypeName(v: Json | undefined): string {
  if (v === null || v === undefined) return "%!s(<nil>)";
  if (Array.isArray(v)) return "[]interface {}";
  if (isObject(v)) return "map[string]interface {}";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (typeof v === "boolean") return "bool";
  return "string";
}

/** Go `==` on two interface{} values holding JSON scalars (maps and slices never compare equal). */
export function scalarEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === "object" && a !== null) return false;
  if (typeof b === "object" && b !== null) return false;
  return a === b;
}

/** Go's `<` on strings, for sort comparators. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
