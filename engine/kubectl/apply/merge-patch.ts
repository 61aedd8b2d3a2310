/**
 * JSON merge patch (RFC 7386) as gopkg.in/evanphx/json-patch.v4 merge.go implements it
 * (`MergePatch`), which is what the API server runs for `kubectl patch --type merge`:
 * objects merge key by key, `null` deletes, anything else replaces, and nulls inside a newly
 * added object are dropped.
 */
import { clone, err, isObject, type Json, type JsonObject, ok, type PatchResult } from "./json.ts";

/** evanphx/json-patch ErrBadJSONPatch: the patch is `null` or a scalar. */
export const errBadJSONPatch = "Invalid JSON Patch";

function pruneNulls(v: Json): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else pruneNulls(v[k]!);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) if (x !== null) pruneNulls(x);
  }
}

function merge(cur: Json, patch: Json): Json {
  if (!isObject(cur)) {
    pruneNulls(patch);
    return patch;
  }
  if (!isObject(patch)) return patch;
  mergeDocs(cur, patch);
  return cur;
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    if (cur === undefined || cur === null) {
      pruneNulls(v);
      doc[k] = v;
    } else {
      doc[k] = merge(cur, v);
    }
  }
}

/** MergePatch(target, patch). An array patch replaces the document (nulls inside objects pruned). */
export function jsonMergePatch(target: JsonObject, patch: Json): PatchResult<Json> {
  const p = clone(patch);
  if (Array.isArray(p)) {
    pruneNulls(p);
    return ok(p);
  }
  if (!isObject(p)) return err(errBadJSONPatch);
  const doc = clone(target);
  mergeDocs(doc, p);
  return ok(doc);
}
