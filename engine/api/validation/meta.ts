/**
 * ObjectMeta, labels, annotations and label selectors, as k8s.io/apimachinery
 * pkg/api/validation/objectmeta.go and pkg/apis/meta/v1/validation do it (v0.34.9), plus the
 * finalizer-name check pkg/apis/core/validation adds on top (ValidateObjectMeta/…Update).
 */
import type { FieldError } from "../field.ts";
import { field, goJson } from "../field.ts";
import type { NameFn } from "./names.ts";
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, validatePathSegmentName } from "./names.ts";
import {
  arr,
  child,
  goStruct,
  index,
  int,
  isRec,
  isSet,
  keysOf,
  rawValueError,
  rec,
  semanticEqual,
  str,
  strMap,
  utf8Len,
} from "./util.ts";

export const fieldImmutableErrorMsg = "field is immutable";
export const isNegativeErrorMsg = "must be greater than or equal to 0";
/** TotalAnnotationSizeLimitB: 256 KiB over all keys and values. */
export const totalAnnotationSizeLimitB = 256 * 1024;

/** ValidateNonnegativeField. */
export function validateNonnegative(value: number, path: string): FieldError[] {
  return value < 0 ? [field.invalid(path, value, isNegativeErrorMsg)] : [];
}

/** ValidateLabelName: a label key is a qualified name. */
export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((m) => field.invalid(path, name, m));
}

/** ValidateLabels: every key a qualified name, every value a label value; errors at the map's path. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const m = strMap(labels);
  if (!m) return [];
  const errs: FieldError[] = [];
  for (const k of Object.keys(m).sort()) {
    errs.push(...validateLabelName(k, path));
    for (const msg of isValidLabelValue(m[k]!)) errs.push(field.invalid(path, m[k], msg));
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names (checked lower-cased), total size ≤ 256 KiB. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const m = strMap(annotations);
  if (!m) return [];
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of Object.keys(m).sort()) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(field.invalid(path, k, msg));
    total += utf8Len(k) + utf8Len(m[k]!);
  }
  if (total > totalAnnotationSizeLimitB) errs.push(field.tooLong(path, totalAnnotationSizeLimitB));
  return errs;
}

/** schema.ParseGroupVersion's version part ("" when the text has more than one slash). */
function versionOf(apiVersion: string): string {
  const parts = apiVersion.split("/");
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 2) return parts[1]!;
  return "";
}

function groupOf(apiVersion: string): string {
  const parts = apiVersion.split("/");
  return parts.length === 2 ? parts[0]! : "";
}

function ownerReferenceJson(r: unknown): string {
  const o = rec(r);
  const f: [string, string][] = [
    ["apiVersion", goJson(str(o.apiVersion))],
    ["kind", goJson(str(o.kind))],
    ["name", goJson(str(o.name))],
    ["uid", goJson(str(o.uid))],
  ];
  if (typeof o.controller === "boolean") f.push(["controller", String(o.controller)]);
  if (typeof o.blockOwnerDeletion === "boolean") f.push(["blockOwnerDeletion", String(o.blockOwnerDeletion)]);
  return goStruct(f);
}

/** ValidateOwnerReferences (errors at `metadata.ownerReferences.<field>`, without an index, as upstream). */
export function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = "";
  for (const r of arr(refs)) {
    const o = rec(r);
    const apiVersion = str(o.apiVersion);
    const kind = str(o.kind);
    if (versionOf(apiVersion) === "") {
      errs.push(field.invalid(child(path, "apiVersion"), apiVersion, "version must not be empty"));
    }
    if (kind === "") errs.push(field.invalid(child(path, "kind"), kind, "must not be empty"));
    if (str(o.name) === "") errs.push(field.invalid(child(path, "name"), str(o.name), "must not be empty"));
    if (str(o.uid) === "") errs.push(field.invalid(child(path, "uid"), str(o.uid), "must not be empty"));
    if (groupOf(apiVersion) === "" && versionOf(apiVersion) === "v1" && kind === "Event") {
      errs.push(
        rawValueError(
          "Invalid value",
          path,
          ownerReferenceJson(r),
          "/v1, Kind=Event is disallowed from being an owner",
        ),
      );
    }
    if (o.controller === true) {
      const name = `${kind}/${str(o.name)}`;
      if (firstController !== "") {
        errs.push(
          rawValueError(
            "Invalid value",
            path,
            `[${arr(refs).map(ownerReferenceJson).join(",")}]`,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`,
          ),
        );
      } else firstController = name;
    }
  }
  return errs;
}

/** ValidateFinalizers (apimachinery): qualified names, not both orphan and foregroundDeletion. */
export function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  const list = arr(finalizers).map(str);
  const errs: FieldError[] = [];
  for (const f of list) for (const m of isQualifiedName(f)) errs.push(field.invalid(path, f, m));
  if (list.includes("orphan") && list.includes("foregroundDeletion")) {
    errs.push(field.invalid(path, list, "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  return errs;
}

const standardFinalizers = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/** validateKubeFinalizerName (core): an unqualified finalizer must be a standard one. */
export function validateKubeFinalizerName(name: string, path: string): FieldError[] {
  if (!name.includes("/") && !standardFinalizers.has(name)) {
    return [field.invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified")];
  }
  return [];
}

/** apimachinery ValidateObjectMetaAccessor. */
export function validateObjectMetaGeneric(
  metadata: unknown,
  requiresNamespace: boolean,
  nameFn: NameFn,
  path = "metadata",
): FieldError[] {
  const m = rec(metadata);
  const errs: FieldError[] = [];
  const generateName = str(m.generateName);
  const name = str(m.name);
  const namespace = str(m.namespace);
  if (generateName !== "") {
    for (const msg of nameFn(generateName, true))
      errs.push(field.invalid(child(path, "generateName"), generateName, msg));
  }
  if (name === "") errs.push(field.required(child(path, "name"), "name or generateName is required"));
  else for (const msg of nameFn(name, false)) errs.push(field.invalid(child(path, "name"), name, msg));
  if (requiresNamespace) {
    if (namespace === "") errs.push(field.required(child(path, "namespace")));
    else
      for (const msg of nameIsDNSLabel(namespace, false))
        errs.push(field.invalid(child(path, "namespace"), namespace, msg));
  } else if (namespace !== "") {
    errs.push(field.forbidden(child(path, "namespace"), "not allowed on this type"));
  }
  errs.push(...validateNonnegative(int(m.generation), child(path, "generation")));
  errs.push(...validateLabels(m.labels, child(path, "labels")));
  errs.push(...validateAnnotations(m.annotations, child(path, "annotations")));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(path, "ownerReferences")));
  errs.push(...validateFinalizers(m.finalizers, child(path, "finalizers")));
  return errs;
}

/** core ValidateObjectMeta: the generic checks plus kube finalizer names. */
export function validateObjectMeta(
  metadata: unknown,
  requiresNamespace: boolean,
  nameFn: NameFn,
  path = "metadata",
): FieldError[] {
  const errs = validateObjectMetaGeneric(metadata, requiresNamespace, nameFn, path);
  arr(rec(metadata).finalizers).forEach((f, i) => {
    errs.push(...validateKubeFinalizerName(str(f), index(child(path, "finalizers"), i)));
  });
  return errs;
}

/**
 * apimachinery ValidateObjectMetaAccessorUpdate, seen after the generic registry's
 * rest.BeforeUpdate: an empty uid takes the old one, creationTimestamp always does, and a set
 * deletionTimestamp / deletionGracePeriodSeconds cannot be removed — so those compare as
 * upstream's would after the reset. resourceVersion and generation are not checked: the
 * registry fills the first for unconditional updates and copies the second from the old object.
 */
export function validateObjectMetaUpdateGeneric(newMeta: unknown, oldMeta: unknown, path = "metadata"): FieldError[] {
  const n = rec(newMeta);
  const o = rec(oldMeta);
  const errs: FieldError[] = [];
  if (isSet(o.deletionTimestamp)) {
    const oldF = new Set(arr(o.finalizers).map(str));
    const extra = [...new Set(arr(n.finalizers).map(str))].filter((f) => !oldF.has(f)).sort();
    if (extra.length > 0) {
      errs.push(
        field.forbidden(
          child(path, "finalizers"),
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map((f) => goJson(f)).join(", ")}}`,
        ),
      );
    }
  }
  const immutable = (name: string, nv: unknown, ov: unknown) => {
    if (!semanticEqual(nv, ov)) errs.push(field.invalid(child(path, name), nv ?? null, fieldImmutableErrorMsg));
  };
  immutable("name", str(n.name), str(o.name));
  immutable("namespace", str(n.namespace), str(o.namespace));
  const uid = str(n.uid) === "" ? str(o.uid) : str(n.uid);
  immutable("uid", uid, str(o.uid));
  const deletionTimestamp = isSet(o.deletionTimestamp) ? o.deletionTimestamp : n.deletionTimestamp;
  immutable("deletionTimestamp", deletionTimestamp, o.deletionTimestamp);
  const grace =
    isSet(o.deletionGracePeriodSeconds) && !isSet(n.deletionGracePeriodSeconds)
      ? o.deletionGracePeriodSeconds
      : n.deletionGracePeriodSeconds;
  immutable("deletionGracePeriodSeconds", grace, o.deletionGracePeriodSeconds);
  errs.push(...validateLabels(n.labels, child(path, "labels")));
  errs.push(...validateAnnotations(n.annotations, child(path, "annotations")));
  errs.push(...validateOwnerReferences(n.ownerReferences, child(path, "ownerReferences")));
  return errs;
}

/** core ValidateObjectMetaUpdate: the generic update checks plus kube finalizer names. */
export function validateObjectMetaUpdate(newMeta: unknown, oldMeta: unknown, path = "metadata"): FieldError[] {
  const errs = validateObjectMetaUpdateGeneric(newMeta, oldMeta, path);
  arr(rec(newMeta).finalizers).forEach((f, i) => {
    errs.push(...validateKubeFinalizerName(str(f), index(child(path, "finalizers"), i)));
  });
  return errs;
}

/**
 * rest.BeforeUpdate's validateCommonFields: every update first re-checks the new metadata
 * (names only against path-segment rules) and the update rules, before the kind's own checks.
 */
export function validateCommonUpdate(obj: unknown, old: unknown, namespaced: boolean): FieldError[] {
  const meta = rec(rec(obj).metadata);
  return [
    ...validateObjectMetaGeneric(meta, namespaced, validatePathSegmentName),
    ...validateObjectMetaUpdateGeneric(meta, rec(old).metadata),
  ];
}

export interface LabelSelectorOptions {
  readonly allowInvalidLabelValueInSelector?: boolean;
}

/** ValidateLabelSelector. */
export function validateLabelSelector(sel: unknown, path: string, opts: LabelSelectorOptions = {}): FieldError[] {
  if (!isRec(sel)) return [];
  const errs = validateLabels(sel.matchLabels, child(path, "matchLabels"));
  arr(sel.matchExpressions).forEach((e, i) => {
    const r = rec(e);
    const p = index(child(path, "matchExpressions"), i);
    const op = str(r.operator);
    const values = arr(r.values).map(str);
    if (op === "In" || op === "NotIn") {
      if (values.length === 0) {
        errs.push(field.required(child(p, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (op === "Exists" || op === "DoesNotExist") {
      if (values.length > 0) {
        errs.push(
          field.forbidden(child(p, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
    } else {
      errs.push(field.invalid(child(p, "operator"), op, "not a valid selector operator"));
    }
    errs.push(...validateLabelName(str(r.key), child(p, "key")));
    if (!opts.allowInvalidLabelValueInSelector) {
      values.forEach((v, j) => {
        for (const msg of isValidLabelValue(v)) errs.push(field.invalid(index(child(p, "values"), j), v, msg));
      });
    }
  });
  return errs;
}

/** The result of metav1.LabelSelectorAsSelector. */
export type Selector =
  | { readonly ok: false }
  | { readonly ok: true; readonly empty: boolean; readonly matches: (labels: Record<string, string>) => boolean };

/**
 * LabelSelectorAsSelector: nil selects nothing, an empty selector everything; a selector that
 * does not pass the label rules cannot be built.
 */
export function labelSelectorAsSelector(sel: unknown): Selector {
  if (!isRec(sel)) return { ok: true, empty: false, matches: () => false };
  if (validateLabelSelector(sel, "").length > 0) return { ok: false };
  const ml = strMap(sel.matchLabels) ?? {};
  const exprs = arr(sel.matchExpressions).map((e) => {
    const r = rec(e);
    return { key: str(r.key), op: str(r.operator), values: arr(r.values).map(str) };
  });
  const empty = Object.keys(ml).length === 0 && exprs.length === 0;
  return {
    ok: true,
    empty,
    matches: (labels) => {
      for (const k of keysOf(ml)) if (labels[k] !== ml[k]) return false;
      for (const e of exprs) {
        const has = Object.hasOwn(labels, e.key);
        if (e.op === "In" && !(has && e.values.includes(labels[e.key]!))) return false;
        if (e.op === "NotIn" && has && e.values.includes(labels[e.key]!)) return false;
        if (e.op === "Exists" && !has) return false;
        if (e.op === "DoesNotExist" && has) return false;
      }
      return true;
    },
  };
}
