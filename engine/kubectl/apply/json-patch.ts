/**
 * JSON patch (RFC 6902) as gopkg.in/evanphx/json-patch.v4 patch.go implements it, which is what
 * the API server runs for `kubectl patch --type json`. Written here rather than taken from npm
 * (fast-json-patch 3.1.1 fits the browser but not the texts): the error texts and a few
 * deliberate quirks are upstream's:
 * - negative array indices count from the end (SupportNegativeIndices defaults to true);
 * - `replace` of a missing object member adds it (partialDoc.get never fails), while `replace`
 *   past the end of an array fails;
 * - `test` of a missing member against `null` passes;
 * - a path without a leading `/` addresses the root's member named by its last segment.
 */
import { clone, deepEqual, err, isObject, type Json, type JsonObject, ok, type PatchResult } from "./json.ts";

const errMissing = "missing value";
const errInvalidIndex = "invalid index referenced";
const errTestFailed = "test failed";

type Container = JsonObject | Json[];
/** A container operation's outcome: undefined when it worked, else the error text. */
type OpError = string | undefined;

function decodePatchKey(k: string): string {
  return k.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** strconv.Atoi, with its error texts. */
function atoi(s: string): { ok: true; value: number } | { ok: false; message: string } {
  if (!/^[+-]?\d+$/.test(s))
    return { ok: false, message: `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax` };
  const n = Number(s);
  if (!Number.isSafeInteger(n))
    return { ok: false, message: `strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range` };
  return { ok: true, value: n };
}

/** partialArray / partialDoc get: the member (undefined when an object lacks it), or an error. */
function get(c: Container, key: string): { value: Json | undefined; error: OpError } {
  if (!Array.isArray(c)) return { value: Object.hasOwn(c, key) ? c[key] : undefined, error: undefined };
  const i = atoi(key);
  if (!i.ok) return { value: undefined, error: i.message };
  let idx = i.value;
  if (idx < 0) {
    if (idx < -c.length)
      return { value: undefined, error: `Unable to access invalid index: ${idx}: ${errInvalidIndex}` };
    idx += c.length;
  }
  if (idx >= c.length) return { value: undefined, error: `Unable to access invalid index: ${idx}: ${errInvalidIndex}` };
  return { value: c[idx], error: undefined };
}

function set(c: Container, key: string, value: Json): OpError {
  if (!Array.isArray(c)) {
    c[key] = value;
    return undefined;
  }
  const i = atoi(key);
  if (!i.ok) return i.message;
  let idx = i.value;
  if (idx < 0) {
    if (idx < -c.length) return `Unable to access invalid index: ${idx}: ${errInvalidIndex}`;
    idx += c.length;
  }
  c[idx] = value;
  return undefined;
}

function add(c: Container, key: string, value: Json): OpError {
  if (!Array.isArray(c)) {
    c[key] = value;
    return undefined;
  }
  if (key === "-") {
    c.push(value);
    return undefined;
  }
  const i = atoi(key);
  if (!i.ok) return `value was not a proper array index: '${key}': ${i.message}`;
  let idx = i.value;
  const size = c.length + 1;
  if (idx >= size) return `Unable to access invalid index: ${idx}: ${errInvalidIndex}`;
  if (idx < 0) {
    if (idx < -size) return `Unable to access invalid index: ${idx}: ${errInvalidIndex}`;
    idx += size;
  }
  c.splice(idx, 0, value);
  return undefined;
}

function remove(c: Container, key: string): OpError {
  if (!Array.isArray(c)) {
    if (!Object.hasOwn(c, key)) return `Unable to remove nonexistent key: ${key}: ${errMissing}`;
    delete c[key];
    return undefined;
  }
  const i = atoi(key);
  if (!i.ok) return i.message;
  let idx = i.value;
  if (idx >= c.length) return `Unable to access invalid index: ${idx}: ${errInvalidIndex}`;
  if (idx < 0) {
    if (idx < -c.length) return `Unable to access invalid index: ${idx}: ${errInvalidIndex}`;
    idx += c.length;
  }
  c.splice(idx, 1);
  return undefined;
}

/** findObject: the container holding the path's last segment, and that segment; undefined if absent. */
function findObject(doc: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split("/");
  if (split.length < 2) return undefined;
  let con: Container = doc;
  for (const part of split.slice(1, -1)) {
    const { value, error } = get(con, decodePatchKey(part));
    if (error !== undefined || value === undefined || value === null) return undefined;
    if (!Array.isArray(value) && !isObject(value)) return undefined;
    con = value;
  }
  return { con, key: decodePatchKey(split[split.length - 1]!) };
}

type Operation = JsonObject | null;

/** Operation.Path / From: the member as a string, or the decoding error. */
function stringField(
  op: Operation,
  name: "path" | "from",
): { ok: true; value: string } | { ok: false; message: string } {
  const v = op?.[name];
  if (v === undefined || v === null) {
    const message =
      name === "path" ? `operation missing path field: ${errMissing}` : `operation, missing from field: ${errMissing}`;
    return { ok: false, message };
  }
  if (typeof v !== "string")
    return { ok: false, message: `json: cannot unmarshal ${goJsonKind(v)} into Go value of type string` };
  return { ok: true, value: v };
}

/** The JSON kind Go's decoder names in `cannot unmarshal <kind> into …`. */
export function goJsonKind(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (isObject(v)) return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

/** The operation's value; a missing `value` member behaves as `null`. */
function opValue(op: Operation): Json {
  const v = op?.value;
  return v === undefined ? null : clone(v);
}

function applyOp(doc: { root: Container }, op: Operation): OpError {
  const kind = typeof op?.op === "string" ? op.op : "unknown";
  switch (kind) {
    case "add": {
      const path = stringField(op, "path");
      if (!path.ok) return `add operation failed to decode path: ${errMissing}`;
      const at = findObject(doc.root, path.value);
      if (!at) return `add operation does not apply: doc is missing path: "${path.value}": ${errMissing}`;
      const e = add(at.con, at.key, opValue(op));
      return e === undefined ? undefined : `error in add for path: '${path.value}': ${e}`;
    }
    case "remove": {
      const path = stringField(op, "path");
      if (!path.ok) return `remove operation failed to decode path: ${errMissing}`;
      const at = findObject(doc.root, path.value);
      if (!at) return `remove operation does not apply: doc is missing path: "${path.value}": ${errMissing}`;
      const e = remove(at.con, at.key);
      return e === undefined ? undefined : `error in remove for path: '${path.value}': ${e}`;
    }
    case "replace": {
      const path = stringField(op, "path");
      if (!path.ok) return `replace operation failed to decode path: ${path.message}`;
      if (path.value === "") {
        const v = opValue(op);
        if (!Array.isArray(v) && !isObject(v)) return "replace operation value must be object or array: %!w(<nil>)";
        doc.root = v;
        return undefined;
      }
      const at = findObject(doc.root, path.value);
      if (!at) return `replace operation does not apply: doc is missing path: ${path.value}: ${errMissing}`;
      if (get(at.con, at.key).error !== undefined) {
        return `replace operation does not apply: doc is missing key: ${path.value}: ${errMissing}`;
      }
      const e = set(at.con, at.key, opValue(op));
      return e === undefined ? undefined : `error in remove for path: '${path.value}': ${e}`;
    }
    case "move": {
      const from = stringField(op, "from");
      if (!from.ok) return `move operation failed to decode from: ${from.message}`;
      const src = findObject(doc.root, from.value);
      if (!src) return `move operation does not apply: doc is missing from path: ${from.value}: ${errMissing}`;
      const got = get(src.con, src.key);
      if (got.error !== undefined) return `error in move for path: '${src.key}': ${got.error}`;
      const removed = remove(src.con, src.key);
      if (removed !== undefined) return `error in move for path: '${src.key}': ${removed}`;
      const path = stringField(op, "path");
      if (!path.ok) return `move operation failed to decode path: ${path.message}`;
      const dst = findObject(doc.root, path.value);
      if (!dst) return `move operation does not apply: doc is missing destination path: ${path.value}: ${errMissing}`;
      const e = add(dst.con, dst.key, got.value ?? null);
      return e === undefined ? undefined : `error in move for path: '${path.value}': ${e}`;
    }
    case "test": {
      const path = stringField(op, "path");
      if (!path.ok) return `test operation failed to decode path: ${path.message}`;
      const failed = `testing value ${path.value} failed: ${errTestFailed}`;
      const expected = op?.value;
      if (path.value === "") return expected !== undefined && deepEqual(doc.root, expected) ? undefined : failed;
      const at = findObject(doc.root, path.value);
      if (!at) return `test operation does not apply: is missing path: ${path.value}: ${errMissing}`;
      const got = get(at.con, at.key);
      if (got.error !== undefined) return `error in test for path: '${path.value}': ${got.error}`;
      if (got.value === undefined || got.value === null)
        return expected === undefined || expected === null ? undefined : failed;
      if (expected === undefined) return failed;
      return deepEqual(got.value, expected) ? undefined : failed;
    }
    case "copy": {
      const from = stringField(op, "from");
      if (!from.ok) return `copy operation failed to decode from: ${from.message}`;
      const src = findObject(doc.root, from.value);
      if (!src) return `copy operation does not apply: doc is missing from path: ${from.value}: ${errMissing}`;
      const got = get(src.con, src.key);
      if (got.error !== undefined) return `error in copy for from: '${from.value}': ${got.error}`;
      const path = stringField(op, "path");
      if (!path.ok) return `copy operation failed to decode path: ${errMissing}`;
      const dst = findObject(doc.root, path.value);
      if (!dst) return `copy operation does not apply: doc is missing destination path: ${path.value}: ${errMissing}`;
      const e = add(dst.con, dst.key, clone(got.value ?? null));
      return e === undefined ? undefined : `error while adding value during copy: ${e}`;
    }
    default:
      return `Unexpected kind: ${kind}`;
  }
}

/**
 * DecodePatch + Apply: the operations (a JSON array of objects) applied in order to a copy of
 * `target`. The first failing operation's error is the result, with upstream's text.
 */
export function jsonPatch(target: Json, ops: Json): PatchResult<Json> {
  if (ops !== null && !Array.isArray(ops)) {
    return err(`json: cannot unmarshal ${goJsonKind(ops)} into Go value of type jsonpatch.Patch`);
  }
  const list = ops ?? [];
  for (const op of list) {
    if (op !== null && !isObject(op)) {
      return err(`json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  if (!Array.isArray(target) && !isObject(target))
    return err(`json: cannot unmarshal ${goJsonKind(target)} into Go value of type jsonpatch.partialDoc`);
  const doc = { root: clone(target) as Container };
  for (const op of list as Operation[]) {
    const e = applyOp(doc, op);
    if (e !== undefined) return err(e);
  }
  return ok(doc.root);
}
