/**
 * How Go's fmt prints the JSON-shaped values kubectl hands to its printers (unstructured
 * content: map[string]interface{}, []interface{}, string, int64, float64, bool, nil).
 * jsonpath text output, custom-columns cells, go-template output and the `%#v` dump in
 * jsonpath errors all go through these rules.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Go's sort order for map keys (fmt sorts map keys; so does encoding/json): byte order. */
export function goKeyOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isObject(v: unknown): v is { [key: string]: JsonValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function exponentForm(n: number): string {
  // Go writes at least two exponent digits: 1e+06, 1.5e-07.
  return n.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
}

/**
 * strconv.FormatFloat(f, 'g', -1, 64), which is also fmt's %v for float64: shortest digits,
 * exponent form when the exponent is < -4 or >= 6 ("if precision was the shortest possible, use
 * precision 6 for this decision"), so 1234567.5 prints as 1.2345675e+06.
 */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 6) return exponentForm(n);
  return String(n);
}

/**
 * A JSON number as unstructured content holds it: integers became int64 (printed plainly),
 * everything else float64. (JavaScript cannot tell 1.0 from 1; both print as the integer.)
 */
export function goNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63 ? BigInt(n).toString() : goFloat(n);
}

/** fmt.Sprint / %v of a JSON value: `map[a:1 b:x]`, `[a b]`, `<nil>`. */
export function goSprint(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return goNumber(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(" ")}]`;
  const keys = Object.keys(v).sort(goKeyOrder);
  return `map[${keys.map((k) => `${k}:${goSprint(v[k])}`).join(" ")}]`;
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const shortEscapes: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
};

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, "0");
}

/** strconv.Quote: Go's `%q` of a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (printable.test(ch)) out += ch;
    else if (shortEscapes[ch]) out += shortEscapes[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

/**
 * fmt's `%#v` of unstructured content, as in jsonpath's "object given to jsonpath engine was:"
 * dump: `map[string]interface {}{"kind":"Pod", "spec":map[string]interface {}{…}}`.
 * Values sit in interface{} slots, so a JSON null prints as `interface {}(nil)`.
 */
export function goSyntax(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return "interface {}(nil)";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number") return goNumber(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(", ")}}`;
  const keys = Object.keys(v).sort(goKeyOrder);
  return `map[string]interface {}{${keys.map((k) => `${goQuote(k)}:${goSyntax(v[k])}`).join(", ")}}`;
}

/** cli-runtime printers.EscapeTerminal: neutralise terminal escape sequences in cell text. */
export function escapeTerminal(s: string): string {
  return s.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");
}
