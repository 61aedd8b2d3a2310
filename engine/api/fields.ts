/**
 * Field selectors, as Kubernetes v1.34 implements them: the syntax of
 * k8s.io/apimachinery/pkg/fields (`metadata.name=x`, `status.phase!=Running`, `==`,
 * `,` for AND, `\` escapes in values), the per-kind field labels the API server accepts
 * (the scheme's field label conversion functions) and the values the registry matches
 * them against (each strategy's `ToSelectableFields`).
 *
 * The list handler parses the selector, then converts every term for the resource's
 * kind; either step's error goes back as `BadRequest` with the message alone. kubectl
 * then wraps it (cli-runtime `EnhanceListError`), see `listErrorMessage`:
 *
 *   Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo
 *   Error from server (BadRequest): Unable to find "apps/v1, Resource=replicasets" that match label selector "", field selector "status.replicas=0": "status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"
 *
 * (The second line is a real v1.34 kind transcript, kubernetes/kubernetes#135136.)
 * Written from the upstream behaviour and messages; no upstream code is copied.
 */

import type { Parsed } from "./labels.ts";
import type { KubeObject } from "./object.ts";
import { resourceForKind } from "./resources.ts";
import { goQuote } from "./status.ts";

export type { Parsed };

export interface FieldRequirement {
  readonly field: string;
  /** `==` is read as `=`, as upstream stores both as the same term. */
  readonly operator: "=" | "!=";
  readonly value: string;
}

/** The AND of its requirements, in the order upstream keeps them (terms sorted as text). Empty selects everything. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

export const everythingFields: FieldSelector = { requirements: [] };

function good<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function bad<T>(error: string): Parsed<T> {
  return { ok: false, error };
}

/** Splits on commas that are not escaped with a backslash. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (escaped) escaped = false;
    else if (c === "\\") escaped = true;
    else if (c === ",") {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const termOperators = ["!=", "==", "="] as const;

/** The first position where `!=`, `==` or `=` starts (tried in that order) splits the term. */
function splitTerm(term: string): { lhs: string; op: (typeof termOperators)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/**
 * `fields.UnescapeValue`: `\\`, `\,` and `\=` stand for themselves; any other escape,
 * a trailing `\` or a bare `,` or `=` is an error. Upstream prints the bad character
 * with `%v` of a rune, i.e. as its number (`=` is 61, `,` is 44).
 */
function unescapeValue(text: string): Parsed<string> {
  if (!/[\\,=]/.test(text)) return good(text);
  let out = "";
  let escaped = false;
  for (const c of text) {
    if (escaped) {
      if (c !== "\\" && c !== "," && c !== "=") return bad(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      escaped = false;
      continue;
    }
    if (c === "\\") escaped = true;
    else if (c === "," || c === "=")
      return bad(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (escaped) return bad("invalid field selector: invalid escape sequence: \\");
  return good(out);
}

/** `fields.EscapeValue`. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `fields.ParseSelector`. Terms are sorted as text first (so errors and the printed form
 * follow that order), empty terms are skipped, and a term with neither field nor value
 * (`=`) selects everything. Errors:
 *   invalid selector: 'foo'; can't understand 'foo'
 *   invalid field selector: invalid escape sequence: \x
 *   invalid field selector: unescaped character in value: 61
 * No blanks are trimmed: `metadata.name = x` is the field `metadata.name ` (kubectl
 * trims only the ends of the whole `--field-selector` argument).
 */
export function parseFieldSelector(selector: string): Parsed<FieldSelector> {
  const terms = splitTerms(selector).sort(compareText);
  const requirements: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === "") continue;
    const split = splitTerm(term);
    if (!split) return bad(`invalid selector: '${selector}'; can't understand '${term}'`);
    const value = unescapeValue(split.rhs);
    if (!value.ok) return value;
    if (split.lhs === "" && value.value === "") continue;
    requirements.push({ field: split.lhs, operator: split.op === "!=" ? "!=" : "=", value: value.value });
  }
  return good({ requirements });
}

/** `Selector.String()`: `field=value` / `field!=value`, values escaped, joined by `,`. */
export function fieldSelectorString(s: FieldSelector): string {
  return s.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(",");
}

/** A field the object does not have reads as "" (`fields.Set.Get`). */
export function matchesFields(s: FieldSelector, fields: Readonly<Record<string, string>>): boolean {
  return s.requirements.every((r) => {
    const have = Object.hasOwn(fields, r.field) ? fields[r.field]! : "";
    return r.operator === "=" ? have === r.value : have !== r.value;
  });
}

// ---------------------------------------------------------------------------------------
// Per-kind field labels (v1.34). Kinds with a conversion function of their own reject
// other labels with `field label not supported: <label>`; every other kind accepts
// metadata.name and metadata.namespace only and says so.

const customFieldLabels: Readonly<Record<string, readonly string[]>> = {
  Pod: [
    "metadata.name",
    "metadata.namespace",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.podIPs",
    "status.nominatedNodeName",
  ],
  Node: ["metadata.name", "spec.unschedulable"],
  ReplicationController: ["metadata.name", "metadata.namespace", "status.replicas"],
  Event: [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
    "metadata.namespace",
    "metadata.name",
  ],
  Namespace: ["status.phase", "metadata.name"],
  Secret: ["type", "metadata.namespace", "metadata.name"],
  Service: ["metadata.namespace", "metadata.name", "spec.clusterIP", "spec.type"],
};

const defaultFieldLabels = ["metadata.name", "metadata.namespace"] as const;

/** The field labels the API server accepts for a kind, in upstream's order. */
export function supportedFieldLabels(kind: string): readonly string[] {
  return Object.hasOwn(customFieldLabels, kind) ? customFieldLabels[kind]! : defaultFieldLabels;
}

/** One term through the kind's conversion function: the (possibly renamed) field, or the error. */
function convertFieldLabel(kind: string, label: string): Parsed<string> {
  if (Object.hasOwn(customFieldLabels, kind)) {
    if (customFieldLabels[kind]!.includes(label)) return good(label);
    // Old v1 clients' name for spec.nodeName.
    if (kind === "Pod" && label === "spec.host") return good("spec.nodeName");
    return bad(`field label not supported: ${label}`);
  }
  if (label === "metadata.name" || label === "metadata.namespace") return good(label);
  return bad(
    `${goQuote(label)} is not a known field selector: only ${goQuote("metadata.name")}, ${goQuote("metadata.namespace")}`,
  );
}

/** The handler's `Transform` with the kind's conversion: the first term (in order) that fails is the error. */
export function convertFieldSelector(kind: string, s: FieldSelector): Parsed<FieldSelector> {
  const requirements: FieldRequirement[] = [];
  for (const r of s.requirements) {
    const label = convertFieldLabel(kind, r.field);
    if (!label.ok) return label;
    requirements.push({ ...r, field: label.value });
  }
  return good({ requirements });
}

/** Parse, then convert for the kind: what the list and watch handlers do with `fieldSelector`. */
export function fieldSelectorForKind(kind: string, selector: string): Parsed<FieldSelector> {
  const parsed = parseFieldSelector(selector);
  return parsed.ok ? convertFieldSelector(kind, parsed.value) : parsed;
}

// ---------------------------------------------------------------------------------------
// The values a stored object offers (the registries' ToSelectableFields).

/* biome-ignore lint/suspicious/noExplicitAny: objects of any kind are read by path here */
type Loose = any;

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/**
 * The fields of an object as the registry matches them. Every object has
 * `metadata.name`; namespaced ones also `metadata.namespace`. A field missing here
 * reads as "" — e.g. Pods accept the label `status.podIPs` but never offer it, so
 * `status.podIPs=<ip>` matches no Pod (as upstream).
 */
export function selectableFields(kind: string, obj: KubeObject): Record<string, string> {
  const o = obj as Loose;
  const meta = o.metadata ?? {};
  const namespaced = resourceForKind(kind)?.namespaced ?? true;
  const out: Record<string, string> = { "metadata.name": str(meta.name) };
  if (namespaced) out["metadata.namespace"] = str(meta.namespace);
  const spec = o.spec ?? {};
  const status = o.status ?? {};
  switch (kind) {
    case "Pod":
      out["spec.nodeName"] = str(spec.nodeName);
      out["spec.restartPolicy"] = str(spec.restartPolicy);
      out["spec.schedulerName"] = str(spec.schedulerName);
      out["spec.serviceAccountName"] = str(spec.serviceAccountName);
      out["spec.hostNetwork"] = spec.hostNetwork === true ? "true" : "false";
      out["status.phase"] = str(status.phase);
      out["status.podIP"] = str(status.podIPs?.[0]?.ip);
      out["status.nominatedNodeName"] = str(status.nominatedNodeName);
      break;
    case "Service":
      out["spec.clusterIP"] = str(spec.clusterIP);
      out["spec.type"] = str(spec.type);
      break;
    case "Namespace":
      out["status.phase"] = str(status.phase);
      // Kept upstream for backward compatibility (the label is not accepted, so never asked for).
      out.name = str(meta.name);
      break;
    case "Node":
      out["spec.unschedulable"] = spec.unschedulable === true ? "true" : "false";
      break;
    case "Secret":
      out.type = str(o.type);
      break;
    case "ReplicaSet":
    case "ReplicationController":
      // ReplicaSets offer it too, but apps/v1 has no conversion that accepts it (kubernetes/kubernetes#135136).
      out["status.replicas"] = String(typeof status.replicas === "number" ? status.replicas : 0);
      break;
    case "Event": {
      const ref = o.involvedObject ?? {};
      out["involvedObject.kind"] = str(ref.kind);
      out["involvedObject.namespace"] = str(ref.namespace);
      out["involvedObject.name"] = str(ref.name);
      out["involvedObject.uid"] = str(ref.uid);
      out["involvedObject.apiVersion"] = str(ref.apiVersion);
      out["involvedObject.resourceVersion"] = str(ref.resourceVersion);
      out["involvedObject.fieldPath"] = str(ref.fieldPath);
      out.reason = str(o.reason);
      out.reportingComponent = str(o.reportingComponent);
      out.source = str(o.source?.component) || str(o.reportingComponent);
      out.type = str(o.type);
      break;
    }
  }
  return out;
}

export function objectMatchesFields(kind: string, s: FieldSelector, obj: KubeObject): boolean {
  return s.requirements.length === 0 || matchesFields(s, selectableFields(kind, obj));
}

// ---------------------------------------------------------------------------------------

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** `schema.GroupVersionResource.String()`: `/v1, Resource=pods`, `apps/v1, Resource=deployments`. */
export function gvrString(r: GroupVersionResource): string {
  return `${r.group}/${r.version}, Resource=${r.resource}`;
}

/**
 * kubectl's wording of a BadRequest (or NotFound) answer to a list (cli-runtime
 * `EnhanceListError`): with no selectors `Unable to list "<gvr>": <message>`, otherwise
 * `Unable to find "<gvr>" that match label selector "<l>", field selector "<f>": <message>`.
 * The selectors are the strings kubectl sent (its flags with surrounding blanks trimmed),
 * quoted as Go's %q quotes them. kubectl prints the result after `Error from server (BadRequest): `.
 */
export function listErrorMessage(
  resource: GroupVersionResource,
  labelSelector: string,
  fieldSelector: string,
  message: string,
): string {
  const subject = goQuote(gvrString(resource));
  if (labelSelector.length === 0 && fieldSelector.length === 0) return `Unable to list ${subject}: ${message}`;
  return `Unable to find ${subject} that match label selector ${goQuote(labelSelector)}, field selector ${goQuote(fieldSelector)}: ${message}`;
}
