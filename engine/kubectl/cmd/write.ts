/**
 * What the writing commands (`apply`, `create`, `patch`, `edit`) share: their common flags
 * (`--dry-run`, `--validate`, `--save-config`, `-o` without tables), the name printer's
 * success line (`service/web created (dry run)`), how manifests map to resources (cli-runtime's
 * mapper and RequireNamespace errors), and how several errors print at the end (checkErr on
 * one error, MultipleErrors on an aggregate). Sources: k8s.io/kubectl pkg/cmd/util/helpers.go,
 * k8s.io/cli-runtime pkg/resource/{mapper,visitor}.go, pkg/genericclioptions/print_flags.go.
 */
import type { StoredObject } from "../../api/object.ts";
import { type ResourceInfo, resourceForTypeMeta } from "../../api/resources.ts";
import type { ApiStatus } from "../../api/status.ts";
import type { ManifestDocument } from "../builder.ts";
import type { CommandContext } from "../command.ts";
import { formatApiError, standardErrorMessage } from "../errors.ts";
import type { FlagSpec } from "../flags.ts";
import * as printers from "../printers/index.ts";

export type DryRun = "none" | "client" | "server";

export const validateFlag: FlagSpec = {
  name: "validate",
  type: "string",
  defaultValue: "strict",
  noOptDefault: "strict",
  usage:
    'Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or "ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.',
};

export const saveConfigFlag: FlagSpec = {
  name: "save-config",
  type: "bool",
  usage:
    "If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.",
};

export function fieldManagerFlag(defaultValue: string): FlagSpec {
  return {
    name: "field-manager",
    type: "string",
    defaultValue,
    usage: "Name of the manager used to track field ownership.",
  };
}

export function filenameFlag(what: string): FlagSpec {
  return {
    name: "filename",
    shorthand: "f",
    type: "stringSlice",
    usage: `Filename, directory, or URL to files ${what}`,
  };
}

export const recursiveFlag: FlagSpec = {
  name: "recursive",
  shorthand: "R",
  type: "bool",
  usage:
    "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.",
};

/** PrintFlags without the table printers: what create/apply/patch/edit accept for `-o`. */
export const writeOutputFlag: FlagSpec = {
  name: "output",
  shorthand: "o",
  type: "string",
  usage:
    "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).",
};

export const showManagedFieldsFlag: FlagSpec = {
  name: "show-managed-fields",
  type: "bool",
  usage: "If true, keep the managedFields when printing objects in JSON or YAML format.",
};

const allowedWriteFormats =
  "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

/** cmdutil.GetDryRunStrategy. */
export function parseDryRun(value: string): { ok: true; value: DryRun } | { ok: false; message: string } {
  switch (value) {
    case "unchanged":
    case "client":
    case "1":
    case "t":
    case "T":
    case "true":
    case "TRUE":
    case "True":
      return { ok: true, value: "client" };
    case "server":
      return { ok: true, value: "server" };
    case "none":
    case "0":
    case "f":
    case "F":
    case "false":
    case "FALSE":
    case "False":
      return { ok: true, value: "none" };
    default:
      return { ok: false, message: `Invalid dry-run value (${value}). Must be "none", "server", or "client".` };
  }
}

/** cmdutil.GetValidationDirective: only its error matters here (the server always validates strictly). */
export function checkValidate(value: string): string | undefined {
  if (
    [
      "strict",
      "warn",
      "ignore",
      "1",
      "t",
      "T",
      "true",
      "TRUE",
      "True",
      "0",
      "f",
      "F",
      "false",
      "FALSE",
      "False",
    ].includes(value)
  )
    return undefined;
  return `invalid - validate option "${value}"; must be one of: strict (or true), warn, ignore (or false)`;
}

export type WriteFormat =
  | { readonly kind: "success" }
  | { readonly kind: "name" | "yaml" | "json" }
  | { readonly kind: "jsonpath" | "go-template"; readonly template: string };

/** PrintFlags.ToPrinter for the writing commands: no tables, and the NoCompatiblePrinterError text. */
export function parseWriteOutput(o: string): { ok: true; format: WriteFormat } | { ok: false; message: string } {
  if (o === "") return { ok: true, format: { kind: "success" } };
  if (o === "yaml" || o === "json" || o === "name") return { ok: true, format: { kind: o } };
  const eq = o.indexOf("=");
  const head = eq >= 0 ? o.slice(0, eq) : o;
  const template = eq >= 0 ? o.slice(eq + 1) : "";
  const kinds: Record<string, "jsonpath" | "go-template"> = {
    jsonpath: "jsonpath",
    "jsonpath-as-json": "jsonpath",
    "go-template": "go-template",
    template: "go-template",
  };
  const kind = kinds[head];
  if (kind) {
    if (template === "") return { ok: false, message: "template format specified but no template given" };
    return { ok: true, format: { kind, template } };
  }
  return {
    ok: false,
    message: `unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowedWriteFormats}`,
  };
}

/** The suffix PrintFlagsWithDryRunStrategy adds to the operation. */
export function dryRunSuffix(dryRun: DryRun): string {
  return dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
}

/**
 * One object through the chosen printer: the name printer's `service/web created`, `-o name`'s
 * `service/web`, or the structured formats. `index` counts the objects printed so far (the YAML
 * printer puts `---` between documents).
 */
export function printWritten(
  resource: ResourceInfo,
  obj: unknown,
  format: WriteFormat,
  operation: string,
  index: number,
): { ok: true; text: string } | { ok: false; message: string } {
  const name = (obj as StoredObject).metadata?.name ?? "";
  const prefix = `${printers.kindPrefix(resource)}/${name}`;
  switch (format.kind) {
    case "success":
      return { ok: true, text: operation ? `${prefix} ${operation}\n` : `${prefix}\n` };
    case "name":
      return { ok: true, text: `${prefix}\n` };
    case "yaml":
      return { ok: true, text: `${index > 0 ? "---\n" : ""}${printers.printYaml(obj)}` };
    case "json":
      return { ok: true, text: printers.printJson(obj) };
    case "jsonpath":
      return printers.printJsonPath(format.template, obj);
    case "go-template":
      return printers.printGoTemplate(format.template, obj);
  }
}

/** The `v1 List` apply and edit put several objects in (a corev1.List: empty metadata). */
export function listOfObjects(items: readonly unknown[]): unknown {
  return { apiVersion: "v1", items, kind: "List", metadata: {} };
}

/** An error kubectl collects: an API status, plain text, or a nested aggregate (the builder's). */
export type CollectedError =
  | { readonly status: ApiStatus }
  | { readonly message: string }
  | { readonly aggregate: readonly string[] };

/** The text of a nested aggregate (utilerrors.aggregate.Error: one message, or `[a, b]` deduplicated). */
function aggregateText(messages: readonly string[]): string {
  const seen = [...new Set(messages)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(", ")}]`;
}

/**
 * What CheckErr prints for the errors a command collected: one error as checkErr prints it
 * (`error: …`, `Error from server (…): …`, `The Service "web" is invalid: …`); several (an
 * aggregate) as MultipleErrors does, one line each, API errors with their `Error from server`
 * prefix and everything else bare.
 */
export function formatCollected(errors: readonly CollectedError[]): string {
  const flat =
    errors.length === 1 && "aggregate" in errors[0]! && errors[0].aggregate.length === 1
      ? [{ message: errors[0].aggregate[0]! }]
      : errors;
  if (flat.length === 1) {
    const e = flat[0]!;
    if ("status" in e) return formatApiError(e.status);
    if ("message" in e) return `${e.message.startsWith("error: ") ? "" : "error: "}${e.message}\n`;
    return formatCollected(e.aggregate.map((message) => ({ message })));
  }
  return flat
    .map((e) => {
      if ("status" in e) return `${standardErrorMessage(e.status)}\n`;
      if ("message" in e) return `${e.message}\n`;
      return `${aggregateText(e.aggregate)}\n`;
    })
    .join("");
}

/** A manifest document mapped to its resource and the namespace it goes to. */
export interface MappedDocument {
  readonly source: string;
  readonly resource: ResourceInfo;
  readonly object: Record<string, unknown>;
  readonly name: string;
  /** The namespace for namespaced resources ("" for cluster-scoped ones). */
  readonly namespace: string;
}

/**
 * cli-runtime's mapper and the namespace visitors: an unknown kind or version is the
 * `resource mapping not found …` error; with `-n`, a different namespace in the file is
 * RequireNamespace's error; a namespaced object without one gets the command's namespace.
 */
export function mapDocument(
  ctx: CommandContext,
  doc: ManifestDocument,
): { ok: true; value: MappedDocument } | { ok: false; message: string } {
  const meta = (typeof doc.object.metadata === "object" && doc.object.metadata !== null ? doc.object.metadata : {}) as {
    name?: unknown;
    namespace?: unknown;
  };
  const name = typeof meta.name === "string" ? meta.name : "";
  const own = typeof meta.namespace === "string" ? meta.namespace : "";
  const apiVersion = String(doc.object.apiVersion);
  const kind = String(doc.object.kind);
  const resource = resourceForTypeMeta(apiVersion, kind);
  if (!resource)
    return {
      ok: false,
      message: `resource mapping not found for name: "${name}" namespace: "${own}" from "${doc.source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
    };
  let namespace = "";
  if (resource.namespaced) {
    if (own === "") namespace = ctx.namespace;
    else if (ctx.namespaceExplicit && own !== ctx.namespace)
      return {
        ok: false,
        message: `the namespace from the provided object "${own}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
      };
    else namespace = own;
  }
  let object = doc.object;
  if (resource.namespaced && own === "") {
    const m = (
      typeof doc.object.metadata === "object" && doc.object.metadata !== null ? doc.object.metadata : {}
    ) as Record<string, unknown>;
    object = { ...doc.object, metadata: { ...m, namespace } };
  }
  return { ok: true, value: { source: doc.source, resource, object, name, namespace } };
}

/** resource.Info's String(): how apply names an object in its long error texts. */
export function infoString(resource: ResourceInfo, name: string, namespace: string): string {
  return `Resource: "${resource.group}/${resource.version}, Resource=${resource.resource}", GroupVersionKind: "${resource.group}/${resource.version}, Kind=${resource.kind}"\nName: "${name}", Namespace: "${namespace}"`;
}

/** Go's %v of a []string: `[a b]`. */
export function goStringSlice(items: readonly string[]): string {
  return `[${items.join(" ")}]`;
}
