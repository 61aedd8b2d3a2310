/**
 * API errors as values, shaped like `metav1.Status`. kubectl turns them into its own text
 * (`Error from server (NotFound): …`, `The Service "web" is invalid: …`); the messages here
 * are the API server's, built as k8s.io/apimachinery/pkg/api/errors builds them.
 */
import type { FieldError } from "./field.ts";
import { formatFieldError } from "./field.ts";

export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "BadRequest"
  | "Forbidden"
  | "MethodNotAllowed"
  | "InternalError";

export interface StatusCause {
  readonly reason: string;
  readonly message: string;
  readonly field?: string;
}

export interface ApiStatus {
  readonly kind: "Status";
  readonly apiVersion: "v1";
  readonly status: "Failure";
  readonly message: string;
  readonly reason: StatusReason;
  readonly code: number;
  readonly details?: {
    readonly name?: string;
    readonly group?: string;
    readonly kind?: string;
    readonly causes?: readonly StatusCause[];
  };
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status: ApiStatus };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(status: ApiStatus): Result<T> {
  return { ok: false, status };
}

function status(reason: StatusReason, code: number, message: string, details?: ApiStatus["details"]): ApiStatus {
  return details
    ? { kind: "Status", apiVersion: "v1", status: "Failure", message, reason, code, details }
    : { kind: "Status", apiVersion: "v1", status: "Failure", message, reason, code };
}

/** `services "web" not found` — qualified resource is `resource[.group]`. */
export function notFound(qualifiedResource: string, name: string): ApiStatus {
  const [resource, ...group] = qualifiedResource.split(".");
  return status("NotFound", 404, `${qualifiedResource} ${goQuote(name)} not found`, {
    name,
    group: group.join("."),
    kind: resource,
  });
}

export function alreadyExists(qualifiedResource: string, name: string): ApiStatus {
  const [resource, ...group] = qualifiedResource.split(".");
  return status("AlreadyExists", 409, `${qualifiedResource} ${goQuote(name)} already exists`, {
    name,
    group: group.join("."),
    kind: resource,
  });
}

/** The optimistic-concurrency failure of an update with a stale resourceVersion. */
export function conflict(qualifiedResource: string, name: string, detail: string): ApiStatus {
  const [resource, ...group] = qualifiedResource.split(".");
  return status("Conflict", 409, `Operation cannot be fulfilled on ${qualifiedResource} ${goQuote(name)}: ${detail}`, {
    name,
    group: group.join("."),
    kind: resource,
  });
}

/**
 * `Service "web" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive`.
 * Several errors print as an aggregate: `[err1, err2]`.
 */
export function invalid(kind: string, group: string, name: string, all: readonly FieldError[]): ApiStatus {
  // ToAggregate drops repeated messages.
  const seen = new Set<string>();
  const errors = all.filter((e) => {
    const t = formatFieldError(e);
    if (seen.has(t)) return false;
    seen.add(t);
    return true;
  });
  const texts = errors.map(formatFieldError);
  const aggregate = texts.length === 1 ? texts[0]! : `[${texts.join(", ")}]`;
  const qualifiedKind = group === "" ? kind : `${kind}.${group}`;
  return status("Invalid", 422, `${qualifiedKind} ${goQuote(name)} is invalid: ${aggregate}`, {
    name,
    group,
    kind,
    causes: errors.map((e) => ({
      reason: causeReasons[e.type],
      message: formatFieldError(e).slice(e.field.length + 2),
      field: e.field,
    })),
  });
}

/** `Internal error occurred: …` (apierrors.NewInternalError). */
export function internalError(message: string): ApiStatus {
  return status("InternalError", 500, `Internal error occurred: ${message}`, { causes: [{ reason: "", message }] });
}

/** metav1.CauseType for each field error type. */
const causeReasons: Readonly<Record<FieldError["type"], string>> = {
  "Not found": "FieldValueNotFound",
  "Required value": "FieldValueRequired",
  "Duplicate value": "FieldValueDuplicate",
  "Invalid value": "FieldValueInvalid",
  "Unsupported value": "FieldValueNotSupported",
  Forbidden: "FieldValueForbidden",
  "Too long": "FieldValueTooLong",
  "Too many": "FieldValueTooMany",
  "Too short": "FieldValueTooShort",
  "Internal error": "InternalError",
};

export function badRequest(message: string): ApiStatus {
  return status("BadRequest", 400, message);
}

export function forbidden(message: string, details?: ApiStatus["details"]): ApiStatus {
  return status("Forbidden", 403, message, details);
}

export function methodNotAllowed(message: string): ApiStatus {
  return status("MethodNotAllowed", 405, message);
}

/** Go's %q for the ASCII names the API accepts; other characters are escaped as Go would. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}
