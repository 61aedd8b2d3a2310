/**
 * Strategic merge patch: k8s.io/apimachinery pkg/util/strategicpatch/patch.go, translated
 * function by function so that results, list orders and error texts match upstream.
 *
 * - `strategicMergePatch` is StrategicMergeMapPatch, what the API server runs for
 *   `kubectl patch` (the default `--type strategic`) and for client-side `kubectl apply`.
 * - `threeWayMergePatch` is CreateThreeWayMergePatch with `overwrite` true (kubectl apply's
 *   default `--overwrite`): the patch `kubectl apply` sends.
 *
 * Directives (api-conventions "Strategic merge patch", preserve-order-in-strategic-merge-patch):
 * `$patch: replace | delete` on a map or list element, `$retainKeys` (fields to keep, for
 * `retainKeys` fields), `$deleteFromPrimitiveList/<list>` (scalars to remove from a merging
 * list of scalars), `$setElementOrder/<list>` (the order of a merging list).
 *
 * Upstream returns errors up long `if err != nil` chains; here one private exception type does
 * that job inside this file and each exported function turns it back into a value. Nothing
 * escapes. Inputs are copied first; upstream mutates its arguments, this code mutates only
 * those copies.
 */
import {
  clone,
  compareStrings,
  deepEqual,
  err,
  goSprintV,
  goTypeName,
  isObject,
  type Json,
  type JsonObject,
  jsonType,
  ok,
  type PatchResult,
  scalarEqual,
} from "./json.ts";
import { lookupField, lookupSlice, rootSchema, type SchemaRef, splitStrategies } from "./patch-meta.ts";

const directiveMarker = "$patch";
const deleteDirective = "delete";
const replaceDirective = "replace";
const mergeDirective = "merge";
const retainKeysDirective = "$retainKeys";
const deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
const setElementOrderPrefix = "$setElementOrder";

// k8s.io/apimachinery pkg/util/mergepatch/errors.go
const errBadPatchFormatForPrimitiveList = "invalid patch format of primitive list";
const errBadPatchFormatForRetainKeys = "invalid patch format of retainKeys";
const errBadPatchFormatForSetElementOrderList = "invalid patch format of setElementOrder list";
const errNoListOfLists = "lists of lists are not supported";
export const errUnsupportedStrategicMergePatchFormat = "strategic merge patch format is not supported";

class PatchFailure {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

function fail(message: string): never {
  throw new PatchFailure(message);
}

function errNoMergeKey(m: JsonObject, key: string): never {
  fail(`map: ${goSprintV(m)} does not contain declared merge key: ${key}`);
}

/** mergepatch.ErrBadArgType(expected, actual), with the expected type's name. */
function errBadArgType(expected: "map[string]interface {}" | "[]interface {}", actual: Json | undefined): never {
  fail(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

function errBadPatchType(t: Json | undefined, m: JsonObject): never {
  fail(
    `unknown patch type: ${typeof t === "string" ? t : `%!s(${goTypeName(t ?? null)}=${goSprintV(t ?? null)})`} in map: ${goSprintV(m)}`,
  );
}

function guard<T>(run: () => T): PatchResult<T> {
  try {
    return ok(run());
  } catch (e) {
    if (e instanceof PatchFailure) return err(e.message);
    throw e;
  }
}

const has = (o: JsonObject, k: string): boolean => Object.hasOwn(o, k);

// ------------------------------------------------------------------------------------------
// Scalars and element types.

/** SortableSliceOfScalars: ordered by the `%v` text of each value. */
function sortScalars(s: Json[]): Json[] {
  return s
    .map((v) => [goSprintV(v), v] as const)
    .sort((a, b) => compareStrings(a[0], b[0]))
    .map(([, v]) => v);
}

/** deduplicateScalars, including the way it moves the last element into a duplicate's place. */
function deduplicateScalars(input: Json[]): Json[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (scalarEqual(s[i], s[j])) {
        s[j] = s[length]!;
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** sliceElementType: the one type all elements share; maps, scalars; never lists. */
function sliceElementType(...slices: Json[][]): "map" | "scalar" {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = jsonType(v) === "number" ? (Number.isInteger(v) ? "int" : "float") : jsonType(v);
      if (prev === undefined) {
        prev = t;
        if (t === "array") fail(errNoListOfLists);
      } else if (prev !== t) {
        fail(`list element types are not identical: [${slices.map((x) => goSprintV(x)).join(" ")}]`);
      }
    }
  }
  if (prev === undefined) fail("no elements in any of the given slices");
  return prev === "object" ? "map" : "scalar";
}

function asMap(v: Json | undefined): JsonObject {
  if (!isObject(v)) errBadArgType("map[string]interface {}", v);
  return v;
}

function asList(v: Json | undefined): Json[] {
  if (!Array.isArray(v)) errBadArgType("[]interface {}", v);
  return v;
}

// ------------------------------------------------------------------------------------------
// Diff: building a patch from two documents.

interface DiffOptions {
  readonly setElementOrder: boolean;
  readonly ignoreChangesAndAdditions: boolean;
  readonly ignoreDeletions: boolean;
  readonly buildRetainKeysDirective: boolean;
}

function diffMaps(original: JsonObject, modified: JsonObject, ref: SchemaRef, o: DiffOptions): JsonObject {
  const patch: JsonObject = {};
  const retainKeysList: Json[] = [];
  for (const key of Object.keys(modified)) {
    const modifiedValue = modified[key]!;
    if (o.buildRetainKeysDirective && modifiedValue !== null) retainKeysList.push(key);
    if (!has(original, key)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key]!;
    if (key === directiveMarker) {
      if (typeof originalValue !== "string" || typeof modifiedValue !== "string") {
        fail(`invalid value for special key: ${directiveMarker}`);
      }
      if (modifiedValue !== originalValue) patch[directiveMarker] = modifiedValue;
      continue;
    }
    if (goTypeName(originalValue) !== goTypeName(modifiedValue)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isObject(originalValue)) handleMapDiff(key, originalValue, modifiedValue as JsonObject, patch, ref, o);
    else if (Array.isArray(originalValue)) handleSliceDiff(key, originalValue, modifiedValue as Json[], patch, ref, o);
    else replacePatchFieldIfNotEqual(key, originalValue, modifiedValue, patch, o);
  }
  if (!o.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!has(modified, key)) patch[key] = null;
  }
  if (retainKeysList.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))) {
    patch[retainKeysDirective] = sortScalars(retainKeysList);
  }
  return patch;
}

function hasAdditionalNewField(original: JsonObject, modified: JsonObject): boolean {
  return Object.keys(original).some((k) => original[k] !== null && !has(modified, k));
}

function handleMapDiff(
  key: string,
  originalValue: JsonObject,
  modifiedValue: JsonObject,
  patch: JsonObject,
  ref: SchemaRef,
  o: DiffOptions,
): void {
  const { sub, meta } = lookupField(ref, key);
  const { retainKeys, strategy } = splitStrategies(meta);
  const options = { ...o, buildRetainKeysDirective: retainKeys };
  if (strategy === replaceDirective) {
    if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
    return;
  }
  const patchValue = diffMaps(originalValue, modifiedValue, sub, options);
  if (Object.keys(patchValue).length > 0) patch[key] = patchValue;
}

function handleSliceDiff(
  key: string,
  originalValue: Json[],
  modifiedValue: Json[],
  patch: JsonObject,
  ref: SchemaRef,
  o: DiffOptions,
): void {
  const { sub, meta } = lookupSlice(ref, key);
  const { retainKeys, strategy } = splitStrategies(meta);
  if (strategy !== mergeDirective) {
    replacePatchFieldIfNotEqual(key, originalValue, modifiedValue, patch, o);
    return;
  }
  const options = { ...o, buildRetainKeysDirective: retainKeys };
  const { addList, deletionList, setOrderList } = diffLists(originalValue, modifiedValue, sub, meta.mergeKey, options);
  if (addList.length > 0) patch[key] = addList;
  if (deletionList.length > 0) patch[`${deleteFromPrimitiveListPrefix}/${key}`] = deletionList;
  if (setOrderList.length > 0) patch[`${setElementOrderPrefix}/${key}`] = setOrderList;
}

function replacePatchFieldIfNotEqual(key: string, original: Json, modified: Json, patch: JsonObject, o: DiffOptions) {
  if (o.ignoreChangesAndAdditions) return;
  if (deepEqual(original, modified)) return;
  patch[key] = modified;
}

function diffLists(
  original: Json[],
  modified: Json[],
  ref: SchemaRef,
  mergeKey: string,
  o: DiffOptions,
): { addList: Json[]; deletionList: Json[]; setOrderList: Json[] } {
  if (original.length === 0) {
    if (modified.length === 0 || o.ignoreChangesAndAdditions)
      return { addList: [], deletionList: [], setOrderList: [] };
    return { addList: modified, deletionList: [], setOrderList: [] };
  }
  const kind = sliceElementType(original, modified);
  if (kind === "map") {
    const lists = diffListsOfMaps(original, modified, ref, mergeKey, o);
    let patchList = normalizeSliceOrder(lists.patch, modified, mergeKey, kind);
    const orderSame = isOrderSame(original, modified, mergeKey);
    patchList = [...patchList, ...lists.deletions];
    let setOrderList: Json[] = [];
    if (
      o.setElementOrder &&
      ((!o.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) ||
        (!o.ignoreDeletions && patchList.length > 0))
    ) {
      setOrderList = modified.map((v) => ({ [mergeKey]: (v as JsonObject)[mergeKey]! }));
    }
    return { addList: patchList, deletionList: [], setOrderList };
  }
  const lists = diffListsOfScalars(original, modified, o);
  const patchList = normalizeSliceOrder(lists.add, modified, mergeKey, kind);
  let setOrderList: Json[] = [];
  if (
    o.setElementOrder &&
    ((!o.ignoreDeletions && lists.deletions.length > 0) ||
      (!o.ignoreChangesAndAdditions && !deepEqual(original, modified)))
  ) {
    setOrderList = modified;
  }
  return { addList: patchList, deletionList: lists.deletions, setOrderList };
}

function isOrderSame(original: Json[], modified: Json[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => mergeKeyValueEqual(original[i]!, m, mergeKey));
}

function diffListsOfScalars(original: Json[], modified: Json[], o: DiffOptions): { add: Json[]; deletions: Json[] } {
  const originalScalars = sortScalars(original);
  const modifiedScalars = sortScalars(modified);
  const add: Json[] = [];
  const deletions: Json[] = [];
  let oi = 0;
  let mi = 0;
  for (;;) {
    const originalInBounds = oi < originalScalars.length;
    const modifiedInBounds = mi < modifiedScalars.length;
    if (!originalInBounds && !modifiedInBounds) break;
    const os = originalInBounds ? goSprintV(originalScalars[oi]!) : "";
    const ms = modifiedInBounds ? goSprintV(modifiedScalars[mi]!) : "";
    const both = originalInBounds && modifiedInBounds;
    if (both && os === ms) {
      oi++;
      mi++;
    } else if (!originalInBounds || (both && os > ms)) {
      if (!o.ignoreChangesAndAdditions) add.push(modifiedScalars[mi]!);
      mi++;
    } else {
      if (!o.ignoreDeletions) deletions.push(originalScalars[oi]!);
      oi++;
    }
  }
  return { add, deletions: deduplicateScalars(deletions) };
}

/** sortMergeListsByNameArray without recursion: maps ordered by the `%v` text of their merge key. */
function sortByMergeKey(s: Json[], mergeKey: string): Json[] {
  if (s.length === 0) return s;
  if (sliceElementType(s) !== "map") return sortScalars(deduplicateScalars(s));
  return s
    .map((v) => [goSprintV((v as JsonObject)[mergeKey] ?? null), v] as const)
    .sort((a, b) => compareStrings(a[0], b[0]))
    .map(([, v]) => v);
}

function diffListsOfMaps(
  original: Json[],
  modified: Json[],
  ref: SchemaRef,
  mergeKey: string,
  o: DiffOptions,
): { patch: Json[]; deletions: Json[] } {
  const patch: Json[] = [];
  const deletions: Json[] = [];
  const originalSorted = sortByMergeKey(original, mergeKey);
  const modifiedSorted = sortByMergeKey(modified, mergeKey);
  const element = (list: Json[], i: number): [JsonObject, Json] => {
    const m = asMap(list[i]);
    if (!has(m, mergeKey)) errNoMergeKey(m, mergeKey);
    return [m, m[mergeKey]!];
  };
  let oi = 0;
  let mi = 0;
  for (;;) {
    const originalInBounds = oi < originalSorted.length;
    const modifiedInBounds = mi < modifiedSorted.length;
    if (!originalInBounds && !modifiedInBounds) break;
    const [originalElement, originalKey] = originalInBounds ? element(originalSorted, oi) : [{}, null];
    const [modifiedElement, modifiedKey] = modifiedInBounds ? element(modifiedSorted, mi) : [{}, null];
    const os = originalInBounds ? goSprintV(originalKey) : "";
    const ms = modifiedInBounds ? goSprintV(modifiedKey) : "";
    const both = originalInBounds && modifiedInBounds;
    if (both && os === ms) {
      const patchValue = diffMaps(originalElement, modifiedElement, ref, o);
      if (Object.keys(patchValue).length > 0) {
        patchValue[mergeKey] = modifiedKey;
        patch.push(patchValue);
      }
      oi++;
      mi++;
    } else if (!originalInBounds || (both && os > ms)) {
      if (!o.ignoreChangesAndAdditions) patch.push(modifiedElement);
      mi++;
    } else {
      if (!o.ignoreDeletions) deletions.push({ [mergeKey]: originalKey, [directiveMarker]: deleteDirective });
      oi++;
    }
  }
  return { patch, deletions };
}

// ------------------------------------------------------------------------------------------
// Ordering.

function validateMergeKeyInLists(mergeKey: string, ...lists: Json[][]): void {
  for (const list of lists) {
    for (const item of list) {
      const m = asMap(item);
      if (!has(m, mergeKey)) errNoMergeKey(m, mergeKey);
    }
  }
}

/** index: where an element (a map, by merge key; a scalar, by value) sits in a list, or -1. */
function indexIn(l: Json[], value: Json, mergeKey: string, kind: "map" | "scalar"): number {
  const key = (item: Json): Json | undefined => (kind === "map" ? (isObject(item) ? item[mergeKey] : undefined) : item);
  const wanted = key(value);
  return l.findIndex((v) => scalarEqual(key(v) ?? null, wanted ?? null));
}

function extractToDeleteItems(l: Json[]): { keep: Json[]; toDelete: Json[] } {
  const keep: Json[] = [];
  const toDelete: Json[] = [];
  for (const v of l) {
    const m = asMap(v);
    if (m[directiveMarker] === deleteDirective) toDelete.push(v);
    else keep.push(v);
  }
  return { keep, toDelete };
}

/** normalizeSliceOrder: sort by position in `order`; `$patch: delete` elements go last. */
function normalizeSliceOrder(toSort: Json[], order: Json[], mergeKey: string, kind: "map" | "scalar"): Json[] {
  let items = toSort;
  let toDelete: Json[] = [];
  if (kind === "map") {
    validateMergeKeyInLists(mergeKey, toSort, order);
    ({ keep: items, toDelete } = extractToDeleteItems(toSort));
  }
  const sorted = items
    .map((v, i) => ({ v, i, at: indexIn(order, v, mergeKey, kind) }))
    .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : a.i - b.i))
    .map((x) => x.v);
  return [...sorted, ...toDelete];
}

/** mergeSortedSlice: interleave server-only items into the patch's items by their live order. */
function mergeSortedSlice(
  left: Json[],
  right: Json[],
  serverOrder: Json[],
  mergeKey: string,
  kind: "map" | "scalar",
): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]!);
    else if (j >= right.length) out.push(left[i++]!);
    else {
      const li = indexIn(serverOrder, left[i]!, mergeKey, kind);
      const ri = indexIn(serverOrder, right[j]!, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}

function normalizeElementOrder(
  patch: Json[],
  serverOnly: Json[],
  patchOrder: Json[],
  serverOrder: Json[],
  mergeKey: string,
  kind: "map" | "scalar",
): Json[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

function partitionPrimitives(original: Json[], partitionBy: Json[]): { patch: Json[]; serverOnly: Json[] } {
  const patch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const v of original) {
    if (partitionBy.some((p) => scalarEqual(p, v))) patch.push(v);
    else serverOnly.push(v);
  }
  return { patch, serverOnly };
}

function findMapByKeyValue(list: Json[], key: string, value: Json): number {
  for (let k = 0; k < list.length; k++) {
    const m = list[k];
    if (!isObject(m)) fail(`value for key ${k} is not a map`);
    if (has(m, key) && scalarEqual(m[key]!, value)) return k;
  }
  return -1;
}

function partitionMaps(original: Json[], partitionBy: Json[], mergeKey: string): { patch: Json[]; serverOnly: Json[] } {
  const patch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const v of original) {
    const m = asMap(v);
    if (!has(m, mergeKey)) errNoMergeKey(m, mergeKey);
    if (findMapByKeyValue(partitionBy, mergeKey, m[mergeKey]!) >= 0) patch.push(v);
    else serverOnly.push(v);
  }
  return { patch, serverOnly };
}

function mergeKeyValueEqual(left: Json, right: Json, mergeKey: string): boolean {
  if (mergeKey === "") return scalarEqual(left, right);
  const l = asMap(left);
  const r = asMap(right);
  if (!has(l, mergeKey)) errNoMergeKey(l, mergeKey);
  if (!has(r, mergeKey)) errNoMergeKey(r, mergeKey);
  return scalarEqual(l[mergeKey]!, r[mergeKey]!);
}

// ------------------------------------------------------------------------------------------
// Merge: applying a patch.

interface MergeOptions {
  /** True when applying a patch (server side); false when merging two patches (three-way). */
  readonly mergeParallelList: boolean;
  readonly ignoreUnmatchedNulls: boolean;
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf("/");
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    fail(
      prefix === deleteFromPrimitiveListPrefix
        ? errBadPatchFormatForPrimitiveList
        : errBadPatchFormatForSetElementOrderList,
    );
  }
  return s.slice(slash + 1);
}

function validatePatchWithSetOrderList(patchList: Json[], setOrderList: Json[], mergeKey: string): void {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey !== "" ? extractToDeleteItems(patchList).keep : patchList;
  let pi = 0;
  let si = 0;
  while (pi < nonDelete.length && si < setOrderList.length) {
    const item = nonDelete[pi]!;
    if (isObject(item) && has(item, directiveMarker)) {
      pi++;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrderList[si]!, mergeKey)) pi++;
    si++;
  }
  if (pi < nonDelete.length && si >= setOrderList.length) {
    fail(
      `The order in patch list:\n${goSprintV(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goSprintV(setOrderList)}\n`,
    );
  }
}

function applyRetainKeysDirective(original: JsonObject, patch: JsonObject, mo: MergeOptions): void {
  if (!has(patch, retainKeysDirective)) return;
  const retainKeysInPatch = patch[retainKeysDirective]!;
  delete patch[retainKeysDirective];
  if (!mo.mergeParallelList) {
    if (has(original, retainKeysDirective)) {
      if (!deepEqual(original[retainKeysDirective]!, retainKeysInPatch)) {
        fail(
          `${goSprintV(original[retainKeysDirective]!)} and ${goSprintV(retainKeysInPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
      }
    } else {
      original[retainKeysDirective] = retainKeysInPatch;
    }
    return;
  }
  if (!Array.isArray(retainKeysInPatch)) fail(errBadPatchFormatForRetainKeys);
  const keep = new Set(retainKeysInPatch.filter((k) => typeof k === "string"));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListPrefix) || k.startsWith(setElementOrderPrefix)) continue;
    if (!keep.has(k)) fail(errBadPatchFormatForRetainKeys);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function mergePatchIntoOriginal(original: JsonObject, patch: JsonObject, ref: SchemaRef, mo: MergeOptions): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const setElementOrderInPatch = patch[key]!;
    if (!mo.mergeParallelList) {
      if (has(original, key)) {
        if (!deepEqual(original[key]!, setElementOrderInPatch)) fail(errBadPatchFormatForSetElementOrderList);
      } else {
        original[key] = setElementOrderInPatch;
      }
    }
    delete patch[key];

    const setOrderList = asList(setElementOrderInPatch);
    const originalKey = extractKey(key, setElementOrderPrefix);
    const foundOriginal = has(original, originalKey);
    const foundPatch = has(patch, originalKey);
    const originalList = foundOriginal ? asList(original[originalKey]) : [];
    const patchList = foundPatch ? asList(patch[originalKey]) : [];
    const { sub, meta } = lookupSlice(ref, originalKey);
    const { strategy } = splitStrategies(meta);
    validatePatchWithSetOrderList(patchList, setOrderList, meta.mergeKey);

    let merged: Json[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) {
      const [v] = removeDirectives(patchList);
      merged = v as Json[];
    } else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(originalList, patchList, sub, strategy, meta.mergeKey, false, mo);
    } else continue;

    const parts =
      meta.mergeKey === ""
        ? partitionPrimitives(merged, setOrderList)
        : partitionMaps(merged, setOrderList, meta.mergeKey);
    const kind = sliceElementType(originalList, patchList);
    original[originalKey] = normalizeElementOrder(
      parts.patch,
      parts.serverOnly,
      setOrderList,
      originalList,
      meta.mergeKey,
      kind,
    );
    delete patch[originalKey];
  }
}

/** removeDirectives: drop maps that carry `$patch` (and the fields holding them). */
function removeDirectives(obj: Json): [Json, boolean] {
  if (isObject(obj)) {
    if (has(obj, directiveMarker)) return [null, false];
    for (const k of Object.keys(obj)) {
      const [v, keep] = removeDirectives(obj[k]!);
      if (keep) obj[k] = v;
      else delete obj[k];
    }
    return [obj, true];
  }
  if (Array.isArray(obj)) {
    const res: Json[] = [];
    for (const v of obj) {
      const [nv, keep] = removeDirectives(v);
      if (keep) res.push(nv);
    }
    return [res, true];
  }
  return [obj, true];
}

function discardNullValuesFromPatch(v: Json): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNullValuesFromPatch(v[k]!);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) discardNullValuesFromPatch(x);
  }
}

function mergeMap(originalIn: JsonObject | null, patch: JsonObject, ref: SchemaRef, mo: MergeOptions): JsonObject {
  if (has(patch, directiveMarker)) {
    const directive = patch[directiveMarker];
    if (directive === replaceDirective) {
      delete patch[directiveMarker];
      return patch;
    }
    if (directive === deleteDirective) return {};
    errBadPatchType(directive, patch);
  }
  const original = originalIn ?? {};
  applyRetainKeysDirective(original, patch, mo);
  mergePatchIntoOriginal(original, patch, ref, mo);

  for (const patchKey of Object.keys(patch)) {
    let k = patchKey;
    const patchV = patch[patchKey]!;
    let isDeleteList = false;
    if (k.startsWith(deleteFromPrimitiveListPrefix)) {
      if (!mo.mergeParallelList) {
        original[k] = patchV;
        continue;
      }
      k = extractKey(k, deleteFromPrimitiveListPrefix);
      isDeleteList = true;
    }

    if (patchV === null) {
      delete original[k];
      if (mo.ignoreUnmatchedNulls) continue;
    }

    if (!has(original, k)) {
      if (!isDeleteList) {
        if (mo.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
        const [v, keep] = removeDirectives(patchV);
        if (keep) original[k] = v;
        else delete original[k];
      }
      continue;
    }

    const originalV = original[k]!;
    if (goTypeName(originalV) !== goTypeName(patchV)) {
      if (!isDeleteList) {
        if (mo.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
        const [v, keep] = removeDirectives(patchV);
        if (keep) original[k] = v;
        else delete original[k];
      }
      continue;
    }

    if (isObject(originalV)) {
      const { sub, meta } = lookupField(ref, k);
      const { strategy } = splitStrategies(meta);
      original[k] = strategy !== replaceDirective ? mergeMap(originalV, patchV as JsonObject, sub, mo) : patchV;
    } else if (Array.isArray(originalV)) {
      const { sub, meta } = lookupSlice(ref, k);
      const { strategy } = splitStrategies(meta);
      original[k] = mergeSliceHandler(originalV, patchV, sub, strategy, meta.mergeKey, isDeleteList, mo);
    } else {
      const [v, keep] = removeDirectives(patchV);
      if (keep) original[k] = v;
      else delete original[k];
    }
  }
  return original;
}

function mergeSliceHandler(
  original: Json,
  patch: Json,
  ref: SchemaRef,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  mo: MergeOptions,
): Json[] {
  const typedOriginal = asList(original);
  const typedPatch = asList(patch);
  if (strategy === mergeDirective || isDeleteList) {
    return mergeSlice(typedOriginal, typedPatch, ref, mergeKey, mo, isDeleteList);
  }
  return typedPatch;
}

function mergeSlice(
  originalIn: Json[],
  patchIn: Json[],
  ref: SchemaRef,
  mergeKey: string,
  mo: MergeOptions,
  isDeleteList: boolean,
): Json[] {
  if (originalIn.length === 0 && patchIn.length === 0) return originalIn;
  const kind = sliceElementType(originalIn, patchIn);
  let original = originalIn;
  let patch = patchIn;
  let merged: Json[];
  if (kind !== "map") {
    if (mo.mergeParallelList && isDeleteList) {
      return original.filter((v) => !patch.some((d) => scalarEqual(d, v)));
    }
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === "") fail(`cannot merge lists without merge key for ${ref ?? ""}`);
    ({ original, patch } = mergeSliceWithSpecialElements(original, patch, mergeKey));
    merged = mergeSliceWithoutSpecialElements(original, patch, mergeKey, ref, mo);
    original = merged.slice(0, original.length);
  }
  const parts = mergeKey === "" ? partitionPrimitives(merged, patch) : partitionMaps(merged, patch, mergeKey);
  return normalizeElementOrder(parts.patch, parts.serverOnly, patch, original, mergeKey, kind);
}

function mergeSliceWithSpecialElements(
  original: Json[],
  patch: Json[],
  mergeKey: string,
): { original: Json[]; patch: Json[] } {
  const plain: Json[] = [];
  let replace = false;
  let out = original;
  for (const v of patch) {
    const m = v as JsonObject;
    if (!has(m, directiveMarker)) {
      plain.push(v);
      continue;
    }
    const patchType = m[directiveMarker];
    if (patchType === deleteDirective) {
      if (!has(m, mergeKey)) errNoMergeKey(m, mergeKey);
      const value = m[mergeKey]!;
      out = out.filter((x) => !(isObject(x) && has(x, mergeKey) && scalarEqual(x[mergeKey]!, value)));
      for (let k = 0; k < out.length; k++) if (!isObject(out[k])) fail(`value for key ${k} is not a map`);
    } else if (patchType === replaceDirective) {
      replace = true;
    } else if (patchType === mergeDirective) {
      fail("merging lists cannot yet be specified in the patch");
    } else {
      errBadPatchType(patchType, m);
    }
  }
  if (replace) return { original: plain, patch: [] };
  return { original: out, patch: plain };
}

function mergeSliceWithoutSpecialElements(
  original: Json[],
  patch: Json[],
  mergeKey: string,
  ref: SchemaRef,
  mo: MergeOptions,
): Json[] {
  const out = [...original];
  for (const v of patch) {
    const m = v as JsonObject;
    if (!has(m, mergeKey)) errNoMergeKey(m, mergeKey);
    const at = findMapByKeyValue(out, mergeKey, m[mergeKey]!);
    if (at >= 0) out[at] = mergeMap(out[at] as JsonObject, m, ref, mo);
    else out.push(v);
  }
  return out;
}

// ------------------------------------------------------------------------------------------
// The public functions.

/**
 * StrategicMergeMapPatch: `patch` applied to `original` as the API server applies a
 * `application/strategic-merge-patch+json` body, with the merge keys of `kind`.
 */
export function strategicMergePatch(original: JsonObject, patch: JsonObject, kind: string): PatchResult<JsonObject> {
  const ref = rootSchema(kind);
  if (ref === undefined) return err(errUnsupportedStrategicMergePatchFormat);
  return guard(() =>
    mergeMap(clone(original), clone(patch), ref, { mergeParallelList: true, ignoreUnmatchedNulls: true }),
  );
}

export interface ThreeWayInput {
  /** The last-applied annotation, parsed; undefined when the live object has none. */
  readonly lastApplied: JsonObject | undefined;
  /** The configuration being applied (with its new last-applied annotation). */
  readonly modified: JsonObject;
  /** The live object. */
  readonly live: JsonObject;
  readonly kind: string;
}

/**
 * CreateThreeWayMergePatch(original, modified, current, overwrite=true): the changes from live to
 * modified (never deleting what only live has), plus the deletions from last-applied to
 * modified (what the configuration used to set and no longer does). `{}` means "unchanged".
 */
export function threeWayMergePatch(input: ThreeWayInput): PatchResult<JsonObject> {
  const ref = rootSchema(input.kind);
  if (ref === undefined) return err(errUnsupportedStrategicMergePatchFormat);
  const original = clone(input.lastApplied ?? {});
  const modified = clone(input.modified);
  const current = clone(input.live);
  return guard(() => {
    const delta = diffMaps(current, modified, ref, {
      ignoreDeletions: true,
      setElementOrder: true,
      ignoreChangesAndAdditions: false,
      buildRetainKeysDirective: false,
    });
    const deletions = diffMaps(original, modified, ref, {
      setElementOrder: true,
      ignoreChangesAndAdditions: true,
      ignoreDeletions: false,
      buildRetainKeysDirective: false,
    });
    return mergeMap(deletions, delta, ref, { mergeParallelList: false, ignoreUnmatchedNulls: false });
  });
}
