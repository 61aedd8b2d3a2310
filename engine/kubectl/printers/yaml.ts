/**
 * `-o yaml`: cli-runtime's YAMLPrinter is sigs.k8s.io/yaml, i.e. JSON → go-yaml v2. That fixes
 * the details kubectl users see:
 *   - map keys sorted by go-yaml's keyList order (runes compared, digit runs numerically, a
 *     non-letter before a letter), at every level;
 *   - 2-space indent, and a sequence under a key is *not* indented (`containers:` / `- image: …`);
 *   - a string that would read back as something else (`""`, `"80"`, `"true"`, `"y"`, `"null"`,
 *     timestamps such as `creationTimestamp: "2024-05-01T10:00:00Z"`) is double-quoted; one that
 *     YAML syntax forbids as a plain scalar (`'*'`, `'- x'`, `'a: b'`, leading/trailing space) is
 *     single-quoted; one with a newline becomes a literal block (`|`, `|-`, `|+`);
 *   - no line folding (sigs.k8s.io/yaml's go-yaml fork does not wrap long lines);
 *   - `{}` and `[]` for empty maps and sequences, `null` for null.
 */
import { goNumber, isObject, type JsonValue } from "./govalues.ts";

// ---- Key order (go-yaml v2 sorter.go keyList.Less) --------------------------------------------

const isLetter = (ch: string) => /\p{L}/u.test(ch);
const isDigitRune = (ch: string | undefined) => ch !== undefined && /\p{Nd}/u.test(ch);

export function yamlKeyOrder(a: string, b: string): number {
  if (a === b) return 0;
  return yamlKeyLess(a, b) ? -1 : 1;
}

function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigitRune(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigitRune(ar[ai]); ai++) an = an * 10 + (ar[ai]!.codePointAt(0)! - 48);
    let bi = i;
    for (; bi < br.length && isDigitRune(br[bi]); bi++) bn = bn * 10 + (br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

// ---- Does a plain string resolve to another type? (go-yaml v2 resolve.go) ----------------------

const resolveMap = new Set([
  "",
  "~",
  "null",
  "Null",
  "NULL",
  ...["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"],
  ...["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"],
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"],
  "<<",
]);
const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const goFloatSyntax = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|infinity|nan)$/i;
const base60Float = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
// parseTimestamp's layouts: 2006-1-2T15:4:5.999999999Z07:00 (also `t`), 2006-1-2 15:4:5.999999999, 2006-1-2.
const timestamp =
  /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})|[ ]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?)?$/;

/** strconv.ParseInt/ParseUint(s, 0, 64): decimal, 0x, 0o, 0b and legacy 0-octal, with a sign. */
function isGoInt(s: string): boolean {
  return /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.test(s);
}

function resolvesToNonString(s: string): boolean {
  if (resolveMap.has(s)) return true;
  const first = s[0]!;
  if (first === ".") return goFloatSyntax.test(s);
  if (first === "+" || first === "-" || (first >= "0" && first <= "9")) {
    if (timestamp.test(s)) return true;
    const plain = s.replaceAll("_", "");
    if (isGoInt(plain)) return true;
    if (yamlStyleFloat.test(plain)) return true;
    if (/^-?0b[01]+$/.test(plain)) return true;
  }
  return false;
}

// ---- Which scalar style the emitter allows (yaml_emitter_analyze_scalar) -----------------------

function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    cp === 0x85 ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}
const isBlankOrBreak = (ch: string | undefined) => ch === undefined || ch === " " || ch === "\n";

interface Analysis {
  readonly blockPlainAllowed: boolean;
  readonly singleQuotedAllowed: boolean;
  readonly blockAllowed: boolean;
  readonly multiline: boolean;
}

function analyze(s: string): Analysis {
  if (s === "") return { blockPlainAllowed: false, singleQuotedAllowed: true, blockAllowed: false, multiline: false };
  const chars = [...s];
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (s.startsWith("---") || s.startsWith("...")) blockIndicators = true;
  chars.forEach((ch, i) => {
    const next = chars[i + 1];
    const followedByWhitespace = isBlankOrBreak(next);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) blockIndicators = true;
      if ((ch === "?" || ch === ":" || ch === "-") && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ":" && followedByWhitespace) blockIndicators = true;
      if (ch === "#" && (chars[i - 1] === " " || chars[i - 1] === "\n")) blockIndicators = true;
    }
    if (!isPrintable(ch.codePointAt(0)!)) special = true;
    if (ch === "\n") lineBreaks = true;
    if (ch === " ") {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (ch === "\n") {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
  });
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { blockPlainAllowed, singleQuotedAllowed, blockAllowed, multiline: lineBreaks };
}

// ---- Writing scalars ---------------------------------------------------------------------------

const doubleQuoteEscapes: Record<number, string> = {
  0: "\\0",
  7: "\\a",
  8: "\\b",
  9: "\\t",
  10: "\\n",
  11: "\\v",
  12: "\\f",
  13: "\\r",
  27: "\\e",
  34: '\\"',
  92: "\\\\",
  133: "\\N",
  160: "\\_",
  8232: "\\L",
  8233: "\\P",
};

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const escaped = doubleQuoteEscapes[cp];
    if (escaped) out += escaped;
    else if (!isPrintable(cp) || cp === 0xfeff) {
      if (cp <= 0xff) out += `\\x${cp.toString(16).toUpperCase().padStart(2, "0")}`;
      else if (cp <= 0xffff) out += `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
      else out += `\\U${cp.toString(16).toUpperCase().padStart(8, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

const singleQuoted = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** A literal block scalar: the header (`|`, `|-`, `|+`, with an indent digit if it starts with a space). */
function literal(s: string, indent: string): string {
  let header = "|";
  if (s.startsWith(" ") || s.startsWith("\n")) header += "2";
  if (!s.endsWith("\n")) header += "-";
  else if (s.endsWith("\n\n")) header += "+";
  const body = s.endsWith("\n") ? s.slice(0, -1) : s;
  const lines = body.split("\n").map((line) => (line === "" ? "" : `${indent}${line}`));
  return `${header}\n${lines.join("\n")}`;
}

/**
 * encoder.stringv + yaml_emitter_select_scalar_style for a string in block context.
 * `key` strings are simple keys: no literal blocks there.
 */
function scalarString(s: string, indent: string, isKey: boolean): string {
  const canUsePlain = !resolvesToNonString(s) && !base60Float.test(s);
  const a = analyze(s);
  if (s.includes("\n") && !isKey) {
    // Literal style, unless the emitter refuses block scalars here.
    return a.blockAllowed ? literal(s, indent) : doubleQuoted(s);
  }
  if (s.includes("\n")) return doubleQuoted(s);
  if (!canUsePlain) return doubleQuoted(s);
  if (a.blockPlainAllowed) return s;
  return a.singleQuotedAllowed ? singleQuoted(s) : doubleQuoted(s);
}

function scalar(v: JsonValue, indent: string): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return yamlNumber(v);
  return scalarString(v as string, indent, false);
}

/** go-yaml v2 writes int64 plainly and float64 with strconv 'g' (-1 precision), `.inf`, `.nan`. */
function yamlNumber(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (!Number.isFinite(n)) return n > 0 ? ".inf" : "-.inf";
  return goNumber(n);
}

// ---- Block structure -------------------------------------------------------------------------

const isEmptyCollection = (v: JsonValue) =>
  Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0;
const isCollection = (v: JsonValue): v is JsonValue[] | { [key: string]: JsonValue } =>
  (Array.isArray(v) || isObject(v)) && !isEmptyCollection(v);

function flowEmpty(v: JsonValue): string {
  return Array.isArray(v) ? "[]" : "{}";
}

/** The lines of a mapping at `indent`. */
function mapping(obj: { [key: string]: JsonValue }, indent: string): string[] {
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort(yamlKeyOrder);
  const lines: string[] = [];
  for (const key of keys) {
    const value = obj[key]!;
    const k = scalarString(key, indent, true);
    if (Array.isArray(value) && value.length > 0) {
      lines.push(`${indent}${k}:`, ...sequence(value, indent));
    } else if (isObject(value) && Object.keys(value).length > 0) {
      lines.push(`${indent}${k}:`, ...mapping(value, `${indent}  `));
    } else {
      const text = isEmptyCollection(value) ? flowEmpty(value) : scalar(value, `${indent}  `);
      lines.push(`${indent}${k}: ${text}`);
    }
  }
  return lines;
}

/** The lines of a sequence whose dashes sit at `indent`. */
function sequence(items: JsonValue[], indent: string): string[] {
  const lines: string[] = [];
  for (const item of items) {
    if (isCollection(item)) {
      const inner = Array.isArray(item) ? sequence(item, `${indent}  `) : mapping(item, `${indent}  `);
      // The first line of the nested block shares the dash's line.
      lines.push(`${indent}- ${inner[0]!.slice(indent.length + 2)}`, ...inner.slice(1));
    } else {
      const text = isEmptyCollection(item) ? flowEmpty(item) : scalar(item, `${indent}  `);
      lines.push(`${indent}- ${text}`);
    }
  }
  return lines;
}

/** `kubectl get … -o yaml` for one object (or a List from listOf). */
export function printYaml(obj: unknown): string {
  const v = JSON.parse(JSON.stringify(obj ?? null)) as JsonValue;
  if (isObject(v) && Object.keys(v).length > 0) return `${mapping(v, "").join("\n")}\n`;
  if (Array.isArray(v) && v.length > 0) return `${sequence(v, "").join("\n")}\n`;
  return `${isEmptyCollection(v) ? flowEmpty(v) : scalar(v, "")}\n`;
}
