/**
 * `--sort-by=<jsonpath>` (kubectl pkg/cmd/get/sorter.go): each object's first jsonpath result is
 * compared with upstream's isLess — numbers numerically, strings as resource quantities when both
 * parse (`"2Gi" < "10Gi"`, `"9" < "10"`) and byte-wise otherwise; objects without the field sort
 * first. Upstream uses the unstable sort.Sort; kubook uses a stable sort so equal keys keep the
 * server's order (by name), which is what kubectl shows in practice for small lists.
 */

import { relaxedJsonPath } from "./customcolumns.ts";
import type { JsonValue } from "./govalues.ts";
import { findJsonPathResults, parseJsonPath } from "./jsonpath.ts";

const binarySuffixes: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const decimalSuffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** resource.ParseQuantity, reduced to the value (kubook only needs to order quantities). */
export function parseQuantity(s: string): number | undefined {
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/.exec(s);
  if (!m) return undefined;
  const number = Number.parseFloat(m[1]!);
  const suffix = m[2]!;
  const exponent = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  if (exponent) return number * 10 ** Number.parseInt(exponent[1]!, 10);
  const multiplier = binarySuffixes[suffix] ?? decimalSuffixes[suffix];
  return multiplier === undefined ? undefined : number * multiplier;
}

type Less = { ok: true; less: boolean } | { ok: false; message: string };

function typeName(v: JsonValue): string {
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  return Array.isArray(v) ? "[]interface {}" : "map[string]interface {}";
}

/** isLess for values held in interface{} (unstructured content). */
function isLess(i: JsonValue, j: JsonValue): Less {
  if (i === null && j === null) return { ok: true, less: false };
  if (i === null) return { ok: true, less: true };
  if (j === null) return { ok: true, less: false };
  const ti = typeName(i);
  if (ti === "int64" || ti === "float64") {
    if (typeName(j) === ti) return { ok: true, less: (i as number) < (j as number) };
  } else if (ti === "string") {
    if (typeof j === "string") {
      const qi = parseQuantity(i as string);
      const qj = parseQuantity(j);
      if (qi === undefined || qj === undefined) return { ok: true, less: (i as string) < j };
      return { ok: true, less: qi < qj };
    }
  } else {
    return { ok: false, message: `unsortable type: ${ti}` };
  }
  return { ok: false, message: "unsortable interface: interface" };
}

/** Sorts objects by a `--sort-by` expression; a new array, or upstream's error message. */
export function sortObjects<T>(
  objects: readonly T[],
  sortBy: string,
): { ok: true; objects: T[] } | { ok: false; message: string } {
  const relaxed = relaxedJsonPath(sortBy);
  if (!relaxed.ok) return relaxed;
  const parsed = parseJsonPath(relaxed.path);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const keys: (JsonValue | undefined)[] = [];
  for (const obj of objects) {
    const found = findJsonPathResults(parsed.root, obj as JsonValue, true);
    if (!found.ok) return { ok: false, message: found.message };
    const first = found.results[0];
    keys.push(first && first.length > 0 ? first[0] : undefined);
  }
  if (objects.length > 0 && keys.every((k) => k === undefined)) {
    return { ok: false, message: `couldn't find any field with path "${relaxed.path}" in the list of objects` };
  }
  let failure: string | undefined;
  const less = (a: JsonValue | undefined, b: JsonValue | undefined): boolean => {
    if (a === undefined) return true;
    if (b === undefined) return false;
    const r = isLess(a, b);
    if (!r.ok) failure ??= r.message;
    return r.ok && r.less;
  };
  const order = objects.map((_, ix) => ix);
  order.sort((x, y) => (less(keys[x], keys[y]) ? -1 : less(keys[y], keys[x]) ? 1 : 0));
  if (failure !== undefined) {
    // klog.Exitf's text, without klog's header line prefix.
    return {
      ok: false,
      message: `Field ${relaxed.path} in *unstructured.Unstructured is an unsortable type: interface, err: ${failure}`,
    };
  }
  return { ok: true, objects: order.map((ix) => objects[ix]!) };
}
