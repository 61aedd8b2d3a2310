/**
 * What `kubectl apply` (client-side) and `kubectl patch` decide, as plans the command then
 * carries out: the object to write and the word to print. The engine's API server has no PATCH
 * verb, so the server half of a patch (applying it, and its error texts) is computed here too.
 *
 * Sources: k8s.io/kubectl pkg/cmd/apply/apply.go (applyOneObject), pkg/util/apply.go
 * (GetModifiedConfiguration, CreateApplyAnnotation), pkg/cmd/apply/patcher.go (patchSimple),
 * pkg/cmd/patch/patch.go (RunPatch, patchOperation); k8s.io/apiserver
 * pkg/endpoints/handlers/patch.go (validateAndTranscodePatch, applyJSPatch, strategicPatchObject,
 * interpretStrategicMergePatchError); kubectl pkg/cmd/util/helpers.go (checkErr) for how the
 * errors print.
 */
import { load, YAML11_SCHEMA, YAMLException } from "js-yaml";
import { goJson } from "../../api/field.ts";
import { resourceForKind } from "../../api/resources.ts";
import { goQuote } from "../../api/status.ts";
import { goYamlReason } from "../yaml-errors.ts";
import { clone, deepEqual, err, isObject, type Json, type JsonObject, ok, type PatchResult, toJson } from "./json.ts";
import { goJsonKind, jsonPatch } from "./json-patch.ts";
import { errBadJSONPatch, jsonMergePatch } from "./merge-patch.ts";
import { strategicMergePatch, threeWayMergePatch } from "./strategic.ts";

/** corev1.LastAppliedConfigAnnotation. */
export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

function annotationsOf(obj: JsonObject): Record<string, string> {
  const meta = obj.metadata;
  const annotations = isObject(meta) ? meta.annotations : undefined;
  const out: Record<string, string> = {};
  if (isObject(annotations)) for (const [k, v] of Object.entries(annotations)) if (typeof v === "string") out[k] = v;
  return out;
}

function withAnnotations(obj: JsonObject, annotations: Record<string, string>): JsonObject {
  const copy = clone(obj);
  const meta = isObject(copy.metadata) ? copy.metadata : {};
  meta.annotations = { ...annotations };
  copy.metadata = meta;
  return copy;
}

/**
 * The annotation's value exactly as kubectl writes it (GetModifiedConfiguration with
 * annotate=false, encoded by unstructured.UnstructuredJSONScheme): the configuration without
 * its own last-applied annotation, as compact JSON with keys sorted and `<`, `>`, `&` escaped
 * (Go's json.Encoder), followed by a newline. Its `metadata.annotations` is always present,
 * `{}` when the configuration has none, because the annotations map is written back even
 * when empty.
 */
export function lastAppliedConfiguration(config: JsonObject): string {
  const annotations = annotationsOf(config);
  delete annotations[LAST_APPLIED_ANNOTATION];
  return `${goJson(withAnnotations(config, annotations))}\n`;
}

/** cli-runtime's SetNamespace visitor: a namespaced object without a namespace gets the default one. */
function withNamespace(config: JsonObject, kind: string, namespace: string): JsonObject {
  const info = resourceForKind(kind);
  const meta = config.metadata;
  if (!info?.namespaced || !isObject(meta) || (typeof meta.namespace === "string" && meta.namespace !== ""))
    return config;
  const copy = clone(config);
  (copy.metadata as JsonObject).namespace = namespace;
  return copy;
}

/** apply.go pruneNullsFromMap: null members go (recursively); null list elements stay. */
function pruneNulls(v: Json): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else pruneNulls(v[k]!);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) pruneNulls(x);
  }
}

export interface ApplyPlan {
  /** The word kubectl prints after `<kind>/<name>`. */
  readonly operation: "created" | "configured" | "unchanged";
  /** The object to create or write back; for `unchanged`, the live object as it is. */
  readonly object: JsonObject;
  /** The live object lacks the annotation: print warningNoLastAppliedConfigAnnotation first. */
  readonly warnMissingAnnotation: boolean;
  /** The strategic merge patch kubectl would send (`{}` for `unchanged`); undefined on create. */
  readonly patch: JsonObject | undefined;
}

export interface ApplyOptions {
  /** The namespace a namespaced object without one goes to (`-n`, or the context's). */
  readonly namespace?: string;
}

/**
 * Client-side `kubectl apply` of one object. `config` is the manifest as parsed; `live` is the
 * object as the server has it, or undefined when it does not exist yet.
 * - Absent: create `config` with the annotation set, nulls pruned → `created`.
 * - Present: three-way patch from the live annotation, the new configuration (annotation
 *   included) and the live object. An empty patch → `unchanged`; else the patch applied to
 *   the live object → `configured`.
 */
export function planApply(
  live: JsonObject | undefined,
  config: JsonObject,
  kind: string,
  options: ApplyOptions = {},
): PatchResult<ApplyPlan> {
  const base = withNamespace(toJson(config) as JsonObject, kind, options.namespace ?? "default");
  const annotations = annotationsOf(base);
  const applied = lastAppliedConfiguration(base);
  delete annotations[LAST_APPLIED_ANNOTATION];
  const modified = withAnnotations(base, { ...annotations, [LAST_APPLIED_ANNOTATION]: applied });

  if (live === undefined) {
    const object = clone(modified);
    pruneNulls(object);
    return ok({ operation: "created", object, warnMissingAnnotation: false, patch: undefined });
  }

  const liveAnnotations =
    isObject(live.metadata) && isObject(live.metadata.annotations) ? live.metadata.annotations : {};
  const warnMissingAnnotation = !Object.hasOwn(liveAnnotations, LAST_APPLIED_ANNOTATION);
  const originalText = liveAnnotations[LAST_APPLIED_ANNOTATION];
  let lastApplied: JsonObject | undefined;
  if (typeof originalText === "string" && originalText !== "") {
    const parsed = parseJson(originalText);
    if (!parsed.ok || !isObject(parsed.value)) {
      return err(
        `error when applying patch:\n{}\nto:\n${goJson(live)}\nfor: creating patch with:\noriginal:\n${originalText}\nmodified:\n${goJson(modified)}\ncurrent:\n${goJson(live)}\nfor: invalid JSON document`,
      );
    }
    lastApplied = parsed.value;
  }

  const patch = threeWayMergePatch({ lastApplied, modified, live, kind });
  if (!patch.ok) return patch;
  if (Object.keys(patch.value).length === 0) {
    return ok({ operation: "unchanged", object: clone(live), warnMissingAnnotation, patch: patch.value });
  }
  const object = strategicMergePatch(live, patch.value, kind);
  if (!object.ok) return object;
  return ok({ operation: "configured", object: object.value, warnMissingAnnotation, patch: patch.value });
}

function parseJson(text: string): PatchResult<Json> {
  try {
    return ok(JSON.parse(text) as Json);
  } catch {
    return err("invalid JSON");
  }
}

// ------------------------------------------------------------------------------------------
// kubectl patch

export type PatchType = "strategic" | "merge" | "json";

export interface PatchPlan {
  /** The patched object. */
  readonly object: JsonObject;
  /** Whether it differs from the live object: `patched`, else `patched (no change)`. */
  readonly changed: boolean;
}

/** What checkErr prints for a StatusError with reason Invalid and no kind, name or causes. */
const invalidRequest = "The request is invalid: the server rejected our request due to an error in our request";

/** k8s.io/apimachinery/pkg/util/yaml.ToJSON: text starting with `{` is passed on untouched. */
function patchToJson(text: string): PatchResult<string> {
  if (/^\s*\{/u.test(text)) return ok(text);
  try {
    // sigs.k8s.io/yaml reads YAML 1.1 (go-yaml v2): `yes`/`on` are booleans there.
    return ok(JSON.stringify(toJson(load(text, { schema: YAML11_SCHEMA }))));
  } catch (e) {
    if (!(e instanceof YAMLException)) return err(String(e));
    return err(`yaml: ${goYamlReason(e)}`);
  }
}

/**
 * `kubectl patch <resource> -p <patchText> --type <type>` against `live`. On failure,
 * `message` is what kubectl prints on stderr (without the final newline): `error: …` for
 * text it cannot parse, `Error from server (BadRequest): …` / `Error from server: …` /
 * `The request is invalid: …` for what the API server rejects.
 *
 * Not here: decoding the result into the kind (type errors, unknown fields) and defaulting;
 * the caller runs the registry's decode and compares again if defaults matter for `changed`.
 */
export function planPatch(
  live: JsonObject,
  patchText: string,
  type: PatchType,
  kind: string = typeof live.kind === "string" ? live.kind : "",
): PatchResult<PatchPlan> {
  if (patchText === "") return err("error: must specify --patch or --patch-file containing the contents of the patch");
  const converted = patchToJson(patchText);
  if (!converted.ok) return err(`error: unable to parse ${goQuote(patchText)}: ${converted.message}`);
  const parsed = parseJson(converted.value);
  if (!parsed.ok) return err("Error from server (BadRequest): invalid JSON patch");
  const body = parsed.value;

  let result: PatchResult<Json>;
  switch (type) {
    case "json": {
      const shape = jsonPatchShapeError(body);
      if (shape) return err(`Error from server (BadRequest): error decoding patch: ${shape}`);
      result = jsonPatch(live, body);
      if (!result.ok || !isObject(result.value)) return err(invalidRequest);
      break;
    }
    case "merge": {
      if (body !== null && !isObject(body)) {
        return err(
          `Error from server (BadRequest): error decoding patch: json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`,
        );
      }
      result = jsonMergePatch(live, body);
      if (!result.ok) return err(`Error from server (BadRequest): ${errBadJSONPatch}`);
      if (!isObject(result.value)) return err(invalidRequest);
      break;
    }
    case "strategic": {
      if (body !== null && !isObject(body)) {
        return err(
          `Error from server (BadRequest): json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`,
        );
      }
      result = strategicMergePatch(live, body ?? {}, kind);
      if (!result.ok) return err(strategicErrorText(result.message));
      break;
    }
  }
  const object = result.value as JsonObject;
  return ok({ object, changed: !deepEqual(live, object) });
}

/** The API server's strict decode of a JSON patch into []jsonPatchOp (fieldValidation=Warn). */
function jsonPatchShapeError(body: Json): string | undefined {
  if (body === null) return undefined;
  if (!Array.isArray(body))
    return `json: cannot unmarshal ${goJsonKind(body)} into Go value of type []handlers.jsonPatchOp`;
  for (const op of body) {
    if (op === null) continue;
    if (!isObject(op)) return `json: cannot unmarshal ${goJsonKind(op)} into Go value of type handlers.jsonPatchOp`;
    for (const field of ["op", "path", "from"] as const) {
      const v = op[field];
      if (v !== undefined && v !== null && typeof v !== "string") {
        return `json: cannot unmarshal ${goJsonKind(v)} into Go struct field jsonPatchOp.${field} of type string`;
      }
    }
  }
  return undefined;
}

/** interpretStrategicMergePatchError, then checkErr. */
function strategicErrorText(message: string): string {
  switch (message) {
    case "invalid JSON document":
    case "invalid patch format of primitive list":
    case "invalid patch format of retainKeys":
    case "invalid patch format of setElementOrder list":
    case "strategic merge patch format is not supported":
      return `Error from server (BadRequest): ${message}`;
    case "lists of lists are not supported":
    case "patch content doesn't match retainKeys list":
      return invalidRequest;
    default:
      return `Error from server: ${message}`;
  }
}
