/**
 * ConfigMap validation, after pkg/apis/core/validation ValidateConfigMap /
 * ValidateConfigMapUpdate: config-map keys, no key in both data and binaryData, at most 1 MiB
 * of values, and `immutable: true` freezing the data.
 */
import type { FieldError } from "../field.ts";
import { field } from "../field.ts";
import { validateObjectMeta, validateObjectMetaUpdate } from "./meta.ts";
import { isConfigMapKey, nameIsDNSSubdomain } from "./names.ts";
import { key, keysOf, rec, semanticEqual, str, utf8Len } from "./util.ts";

/** core.MaxSecretSize, which ConfigMaps share. */
export const maxConfigMapSize = 1024 * 1024;

/** Bytes a base64 text decodes to (binaryData values travel base64-encoded). */
function base64Size(s: string): number {
  const clean = s.replace(/\s/g, "");
  const pad = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - pad);
}

export function validateConfigMap(cmIn: unknown): FieldError[] {
  const cm = rec(cmIn);
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain);
  const data = rec(cm.data);
  const binary = rec(cm.binaryData);
  let total = 0;
  for (const k of keysOf(data)) {
    for (const m of isConfigMapKey(k)) errs.push(field.invalid(key("data", k), k, m));
    if (Object.hasOwn(binary, k)) errs.push(field.invalid(key("data", k), k, "duplicate of key present in binaryData"));
    total += utf8Len(str(data[k]));
  }
  for (const k of keysOf(binary)) {
    for (const m of isConfigMapKey(k)) errs.push(field.invalid(key("binaryData", k), k, m));
    total += base64Size(str(binary[k]));
  }
  // Upstream reports the size at field.NewPath(""), which prints as "[]".
  if (total > maxConfigMapSize) errs.push(field.tooLong("[]", maxConfigMapSize));
  return errs;
}

export function validateConfigMapUpdate(cmIn: unknown, oldIn: unknown): FieldError[] {
  const cm = rec(cmIn);
  const old = rec(oldIn);
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata);
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(field.forbidden("immutable", "field is immutable when `immutable` is set"));
    if (!semanticEqual(cm.data, old.data))
      errs.push(field.forbidden("data", "field is immutable when `immutable` is set"));
    if (!semanticEqual(cm.binaryData, old.binaryData))
      errs.push(field.forbidden("binaryData", "field is immutable when `immutable` is set"));
  }
  errs.push(...validateConfigMap(cm));
  return errs;
}
