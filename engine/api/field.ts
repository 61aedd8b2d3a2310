/**
 * Field errors, formatted as k8s.io/apimachinery/pkg/util/validation/field formats them:
 * `spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive`.
 * Strings are Go-quoted, numbers and booleans printed bare, anything else as Go's JSON.
 */
import { goQuote } from "./status.ts";

export type FieldErrorType =
  | "Not found"
  | "Required value"
  | "Duplicate value"
  | "Invalid value"
  | "Unsupported value"
  | "Forbidden"
  | "Too long"
  | "Too many"
  | "Too short"
  | "Internal error";

/** A value left out of the message (as upstream's `omitValue`). */
export const omitValue: unique symbol = Symbol("omitValue");

export interface FieldError {
  readonly type: FieldErrorType;
  readonly field: string;
  readonly value?: unknown;
  readonly detail?: string;
}

/** Types whose message never shows the bad value. */
const valueless = new Set<FieldErrorType>(["Required value", "Forbidden", "Too long", "Too short", "Internal error"]);

export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

export function fieldErrorBody(e: FieldError): string {
  let s: string = e.type;
  if (!valueless.has(e.type) && e.value !== omitValue) s = `${e.type}: ${formatBadValue(e.value)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

function formatBadValue(v: unknown): string {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string") return goQuote(v);
  return goJson(v);
}

/** encoding/json output: compact, map keys sorted, `<`, `>` and `&` escaped as Go does. */
export function goJson(v: unknown): string {
  if (v === undefined || v === null) return "null";
  if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${goJsonString(k)}:${goJson(o[k])}`).join(",")}}`;
  }
  if (typeof v === "string") return goJsonString(v);
  return JSON.stringify(v) ?? "null";
}

function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export const field = {
  required: (path: string, detail = ""): FieldError => ({ type: "Required value", field: path, detail }),
  invalid: (path: string, value: unknown, detail = ""): FieldError => ({
    type: "Invalid value",
    field: path,
    value,
    detail,
  }),
  notSupported: (path: string, value: unknown, valid: readonly string[]): FieldError => ({
    type: "Unsupported value",
    field: path,
    value,
    detail: valid.length > 0 ? `supported values: ${valid.map((x) => JSON.stringify(x)).join(", ")}` : "",
  }),
  duplicate: (path: string, value: unknown): FieldError => ({ type: "Duplicate value", field: path, value }),
  forbidden: (path: string, detail: string): FieldError => ({ type: "Forbidden", field: path, detail }),
  notFound: (path: string, value: unknown): FieldError => ({ type: "Not found", field: path, value }),
  tooLong: (path: string, maxLength: number): FieldError => ({
    type: "Too long",
    field: path,
    detail: `may not be more than ${maxLength} ${maxLength === 1 ? "byte" : "bytes"}`,
  }),
  tooMany: (path: string, actual: number, max: number): FieldError => ({
    type: "Too many",
    field: path,
    value: actual,
    detail: `must have at most ${max} ${max === 1 ? "item" : "items"}`,
  }),
};
