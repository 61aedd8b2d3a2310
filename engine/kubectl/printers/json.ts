/**
 * `-o json`: cli-runtime's JSONPrinter is `json.MarshalIndent(obj, "", "    ")` plus "\n" over
 * unstructured content, so this is Go's encoding/json: map keys sorted, 4-space indent, and
 * HTML-safe escaping (`<none>` becomes `\u003cnone\u003e`, as real kubectl prints it).
 */
import { goKeyOrder, type JsonValue } from "./govalues.ts";

const escapes: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  // Go 1.22+ writes \b and \f short forms.
  "\b": "\\b",
  "\f": "\\f",
};

/** encoding/json's string encoder with escapeHTML on (the default for Marshal). */
export function goJsonString(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what Go escapes.
  const escaped = s.replace(/["\\\u0000-\u001f<>&\u2028\u2029]/g, (ch) => {
    return escapes[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `"${escaped}"`;
}

function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) return "null"; // Go refuses these; JSON from the store never has them.
  return String(n); // JS and Go agree: exponent form below 1e-6 and from 1e21.
}

function encode(v: JsonValue | undefined, indent: string | null, depth: number): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goJsonString(v);
  if (typeof v === "number") return goJsonNumber(v);
  if (typeof v === "boolean") return String(v);
  const nl = indent === null ? "" : `\n${indent.repeat(depth + 1)}`;
  const end = indent === null ? "" : `\n${indent.repeat(depth)}`;
  const colon = indent === null ? ":" : ": ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${v.map((x) => nl + encode(x, indent, depth + 1)).join(",")}${end}]`;
  }
  const keys = Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .sort(goKeyOrder);
  if (keys.length === 0) return "{}";
  return `{${keys.map((k) => nl + goJsonString(k) + colon + encode(v[k], indent, depth + 1)).join(",")}${end}}`;
}

/** json.Marshal: compact. */
export function marshalJson(v: unknown): string {
  return encode(v as JsonValue, null, 0);
}

/** json.MarshalIndent(v, "", indent). */
export function marshalJsonIndent(v: unknown, indent: string): string {
  return encode(v as JsonValue, indent, 0);
}

/** `kubectl get … -o json` for one object (or a List from listOf). */
export function printJson(obj: unknown): string {
  return `${marshalJsonIndent(obj, "    ")}\n`;
}
