/**
 * Deployment, ReplicaSet and DaemonSet validation, after pkg/apis/apps/validation
 * (ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateDaemonSetSpec, the rolling-update
 * checks) and the apps/v1 registry strategies, which add selector immutability on update.
 * Internal apps structs carry no JSON tags, so a whole strategy prints with Go field names.
 */
import type { FieldError } from "../field.ts";
import { field, goJson } from "../field.ts";
import type { Selector } from "./meta.ts";
import {
  fieldImmutableErrorMsg,
  labelSelectorAsSelector,
  validateLabelSelector,
  validateNonnegative,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.ts";
import { isValidPercent, nameIsDNSSubdomain } from "./names.ts";
import { validatePodTemplateSpec } from "./pod.ts";
import type { Obj } from "./util.ts";
import {
  child,
  goStruct,
  int,
  intOrStringJson,
  isRec,
  isSet,
  labelSelectorJson,
  num,
  rawValueError,
  rec,
  semanticEqual,
  str,
  strMap,
} from "./util.ts";

/** ValidatePositiveIntOrPercent. */
function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === "string") return isValidPercent(v).map((m) => field.invalid(path, v, m));
  return validateNonnegative(int(v), path);
}

function percentValue(v: unknown): number | undefined {
  if (typeof v !== "string" || isValidPercent(v).length > 0) return undefined;
  return Number(v.slice(0, -1));
}

/** getIntOrPercentValue: the percentage, the integer, or a numeric string read with Atoi. */
function intOrPercentValue(v: unknown): number {
  const p = percentValue(v);
  if (p !== undefined) return p;
  if (typeof v === "string") return /^[+-]?[0-9]+$/.test(v) ? Number(v) : 0;
  return int(v);
}

function isNotMoreThan100Percent(v: unknown, path: string): FieldError[] {
  const p = percentValue(v);
  return p !== undefined && p > 100 ? [field.invalid(path, v, "must not be greater than 100%")] : [];
}

function rollingUpdateJson(ru: unknown): string {
  if (!isRec(ru)) return "null";
  return goStruct([
    ["MaxUnavailable", intOrStringJson(ru.maxUnavailable)],
    ["MaxSurge", intOrStringJson(ru.maxSurge)],
  ]);
}

function strategyJson(s: Obj, rollingUpdate: unknown): string {
  return goStruct([
    ["Type", goJson(str(s.type))],
    ["RollingUpdate", rollingUpdateJson(rollingUpdate)],
  ]);
}

function validateDeploymentStrategy(strategy: unknown, path: string): FieldError[] {
  const s = rec(strategy);
  const type = str(s.type);
  const ru = s.rollingUpdate;
  if (type === "Recreate") {
    return isSet(ru)
      ? [field.forbidden(child(path, "rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")]
      : [];
  }
  if (type === "RollingUpdate") {
    if (!isRec(ru)) return [field.required(child(path, "rollingUpdate"), "this should be defaulted and never be nil")];
    const p = child(path, "rollingUpdate");
    const errs = validatePositiveIntOrPercent(ru.maxUnavailable, child(p, "maxUnavailable"));
    errs.push(...validatePositiveIntOrPercent(ru.maxSurge, child(p, "maxSurge")));
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
      errs.push(field.invalid(child(p, "maxUnavailable"), ru.maxUnavailable ?? 0, "may not be 0 when `maxSurge` is 0"));
    }
    errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(p, "maxUnavailable")));
    return errs;
  }
  return [
    rawValueError("Unsupported value", path, strategyJson(s, ru), 'supported values: "Recreate", "RollingUpdate"'),
  ];
}

/** The selector part shared by Deployments and ReplicaSets; returns the built selector if any. */
function validateStrictSelector(
  selector: unknown,
  kindWord: string,
  path: string,
): { errs: FieldError[]; sel: Selector } {
  const errs: FieldError[] = [];
  if (!isSet(selector)) errs.push(field.required(path));
  else {
    errs.push(...validateLabelSelector(selector, path));
    const s = rec(selector);
    if (
      Object.keys(rec(s.matchLabels)).length + (Array.isArray(s.matchExpressions) ? s.matchExpressions.length : 0) ===
      0
    ) {
      errs.push(
        rawValueError("Invalid value", path, labelSelectorJson(selector), `empty selector is invalid for ${kindWord}`),
      );
    }
  }
  const sel = labelSelectorAsSelector(selector);
  if (!sel.ok) errs.push(rawValueError("Invalid value", path, labelSelectorJson(selector), "invalid label selector"));
  return { errs, sel };
}

/** ValidatePodTemplateSpecForReplicaSet. */
function validateTemplateForReplicaSet(template: unknown, sel: Selector, path: string, kindWord: string): FieldError[] {
  const t = rec(template);
  const errs: FieldError[] = [];
  const labels = strMap(rec(t.metadata).labels);
  if (sel.ok && !sel.empty && !sel.matches(labels ?? {})) {
    errs.push(
      field.invalid(child(path, "metadata", "labels"), labels ?? null, "`selector` does not match template `labels`"),
    );
  }
  errs.push(...validatePodTemplateSpec(t, path));
  errs.push(...templateRestrictions(t, path, kindWord));
  return errs;
}

function templateRestrictions(t: Obj, path: string, kindWord: string): FieldError[] {
  const spec = rec(t.spec);
  const errs: FieldError[] = [];
  const rp = str(spec.restartPolicy);
  if (rp !== "Always") errs.push(field.notSupported(child(path, "spec", "restartPolicy"), rp, ["Always"]));
  if (isSet(spec.activeDeadlineSeconds)) {
    errs.push(
      field.forbidden(
        child(path, "spec", "activeDeadlineSeconds"),
        `activeDeadlineSeconds in ${kindWord} is not Supported`,
      ),
    );
  }
  return errs;
}

/** ValidateDeploymentSpec. */
function validateDeploymentSpec(specIn: unknown): FieldError[] {
  const spec = rec(specIn);
  const errs = validateNonnegative(int(spec.replicas), "spec.replicas");
  const { errs: selErrs, sel } = validateStrictSelector(spec.selector, "deployment", "spec.selector");
  errs.push(...selErrs);
  if (sel.ok) errs.push(...validateTemplateForReplicaSet(spec.template, sel, "spec.template", "ReplicaSet"));
  errs.push(...validateDeploymentStrategy(spec.strategy, "spec.strategy"));
  const minReady = int(spec.minReadySeconds);
  errs.push(...validateNonnegative(minReady, "spec.minReadySeconds"));
  const rhl = num(spec.revisionHistoryLimit);
  if (rhl !== undefined) errs.push(...validateNonnegative(rhl, "spec.revisionHistoryLimit"));
  const pds = num(spec.progressDeadlineSeconds);
  if (pds !== undefined) {
    errs.push(...validateNonnegative(pds, "spec.progressDeadlineSeconds"));
    if (pds <= minReady)
      errs.push(field.invalid("spec.progressDeadlineSeconds", pds, "must be greater than minReadySeconds"));
  }
  return errs;
}

/** ValidateReplicaSetSpec (the empty-selector message says "deployment" upstream too). */
function validateReplicaSetSpec(specIn: unknown): FieldError[] {
  const spec = rec(specIn);
  const errs = validateNonnegative(int(spec.replicas), "spec.replicas");
  errs.push(...validateNonnegative(int(spec.minReadySeconds), "spec.minReadySeconds"));
  const { errs: selErrs, sel } = validateStrictSelector(spec.selector, "deployment", "spec.selector");
  errs.push(...selErrs);
  if (sel.ok) errs.push(...validateTemplateForReplicaSet(spec.template, sel, "spec.template", "ReplicaSet"));
  return errs;
}

function validateDaemonSetUpdateStrategy(strategy: unknown, path: string): FieldError[] {
  const s = rec(strategy);
  const type = str(s.type);
  if (type === "OnDelete") return [];
  if (type === "RollingUpdate") {
    const ru = s.rollingUpdate;
    if (!isRec(ru)) return [field.required(child(path, "rollingUpdate"))];
    const p = child(path, "rollingUpdate");
    const errs = validatePositiveIntOrPercent(ru.maxUnavailable, child(p, "maxUnavailable"));
    errs.push(...validatePositiveIntOrPercent(ru.maxSurge, child(p, "maxSurge")));
    errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(p, "maxUnavailable")));
    errs.push(...isNotMoreThan100Percent(ru.maxSurge, child(p, "maxSurge")));
    const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
    const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
    if (hasUnavailable && hasSurge) {
      errs.push(
        field.invalid(child(p, "maxSurge"), ru.maxSurge ?? 0, "may not be set when maxUnavailable is non-zero"),
      );
    } else if (!hasUnavailable && !hasSurge) {
      errs.push(field.required(child(p, "maxUnavailable"), "cannot be 0 when maxSurge is 0"));
    }
    return errs;
  }
  return [
    rawValueError(
      "Unsupported value",
      path,
      strategyJson(s, s.rollingUpdate),
      'supported values: "RollingUpdate", "OnDelete"',
    ),
  ];
}

/** ValidateDaemonSetSpec: no Required selector here; a nil selector simply matches nothing. */
function validateDaemonSetSpec(specIn: unknown): FieldError[] {
  const spec = rec(specIn);
  const errs = validateLabelSelector(spec.selector, "spec.selector");
  const template = rec(spec.template);
  const sel = labelSelectorAsSelector(spec.selector);
  const labels = strMap(rec(template.metadata).labels);
  if (sel.ok && !sel.matches(labels ?? {})) {
    errs.push(
      field.invalid("spec.template.metadata.labels", labels ?? null, "`selector` does not match template `labels`"),
    );
  }
  if (isRec(spec.selector)) {
    const s = spec.selector;
    if (
      Object.keys(rec(s.matchLabels)).length + (Array.isArray(s.matchExpressions) ? s.matchExpressions.length : 0) ===
      0
    ) {
      errs.push(
        rawValueError(
          "Invalid value",
          "spec.selector",
          labelSelectorJson(s),
          "empty selector is invalid for daemonset",
        ),
      );
    }
  }
  errs.push(...validatePodTemplateSpec(template, "spec.template"));
  errs.push(...templateRestrictions(template, "spec.template", "DaemonSet"));
  errs.push(...validateNonnegative(int(spec.minReadySeconds), "spec.minReadySeconds"));
  errs.push(...validateDaemonSetUpdateStrategy(spec.updateStrategy, "spec.updateStrategy"));
  const rhl = num(spec.revisionHistoryLimit);
  if (rhl !== undefined) errs.push(...validateNonnegative(rhl, "spec.revisionHistoryLimit"));
  return errs;
}

/** The apps/v1 strategies' selector immutability: `spec.selector: Invalid value: {…}: field is immutable`. */
function selectorImmutable(obj: Obj, old: Obj): FieldError[] {
  const n = rec(obj.spec).selector;
  const o = rec(old.spec).selector;
  if (isSet(n) !== isSet(o) || !semanticEqual(n, o)) {
    return [rawValueError("Invalid value", "spec.selector", labelSelectorJson(n), fieldImmutableErrorMsg)];
  }
  return [];
}

export function validateDeploymentCreate(obj: unknown): FieldError[] {
  const d = rec(obj);
  return [...validateObjectMeta(d.metadata, true, nameIsDNSSubdomain), ...validateDeploymentSpec(d.spec)];
}

export function validateDeploymentUpdate(obj: unknown, oldIn: unknown): FieldError[] {
  const d = rec(obj);
  const old = rec(oldIn);
  return [
    ...validateObjectMetaUpdate(d.metadata, old.metadata),
    ...validateDeploymentSpec(d.spec),
    ...selectorImmutable(d, old),
  ];
}

export function validateReplicaSetCreate(obj: unknown): FieldError[] {
  const r = rec(obj);
  return [...validateObjectMeta(r.metadata, true, nameIsDNSSubdomain), ...validateReplicaSetSpec(r.spec)];
}

export function validateReplicaSetUpdate(obj: unknown, oldIn: unknown): FieldError[] {
  const r = rec(obj);
  const old = rec(oldIn);
  return [
    ...validateObjectMetaUpdate(r.metadata, old.metadata),
    ...validateReplicaSetSpec(r.spec),
    ...selectorImmutable(r, old),
  ];
}

export function validateDaemonSetCreate(obj: unknown): FieldError[] {
  const d = rec(obj);
  return [...validateObjectMeta(d.metadata, true, nameIsDNSSubdomain), ...validateDaemonSetSpec(d.spec)];
}

export function validateDaemonSetUpdate(obj: unknown, oldIn: unknown): FieldError[] {
  const d = rec(obj);
  const old = rec(oldIn);
  return [
    ...validateObjectMetaUpdate(d.metadata, old.metadata),
    ...validateDaemonSetSpec(d.spec),
    ...selectorImmutable(d, old),
  ];
}
