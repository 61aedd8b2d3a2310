/**
 * Namespace validation, after pkg/apis/core/validation ValidateNamespace (and the namespace
 * registry strategy, whose update re-validates the whole object before the update rules).
 */
import type { FieldError } from "../field.ts";
import { field } from "../field.ts";
import { validateKubeFinalizerName, validateObjectMeta, validateObjectMetaUpdate } from "./meta.ts";
import { isQualifiedName, nameIsDNSLabel } from "./names.ts";
import { arr, rec, str } from "./util.ts";

/** ValidateNamespace: a DNS-1123 label name, no namespace, valid spec.finalizers (reported without an index, as upstream). */
export function validateNamespace(nsIn: unknown): FieldError[] {
  const ns = rec(nsIn);
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel);
  for (const f of arr(rec(ns.spec).finalizers).map(str)) {
    for (const m of isQualifiedName(f)) errs.push(field.invalid("spec.finalizers", f, m));
    errs.push(...validateKubeFinalizerName(f, "spec.finalizers"));
  }
  return errs;
}

export function validateNamespaceUpdate(ns: unknown, old: unknown): FieldError[] {
  return [...validateNamespace(ns), ...validateObjectMetaUpdate(rec(ns).metadata, rec(old).metadata)];
}
