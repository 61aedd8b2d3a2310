/**
 * A request body as the API server's JSON decoder sees it: a tree whose objects keep their keys in
 * document order, duplicates included, and whose numbers keep their literal text.
 *
 * Two ways in:
 * - `fromJs` takes a parsed value (kubectl's YAML or JSON, already an object). kubectl sends such
 *   a value as Go's `json.Marshal` writes a map: keys sorted bytewise, so that is the order here.
 * - `parseJsonText` takes raw JSON text (a request made without kubectl) and reports syntax
 *   errors with the texts of Go's encoding/json scanner (scanner.go).
 *
 * Both are iterative and bound the nesting at MAX_DEPTH, as Go's scanner does: deep input cannot
 * overflow the stack. Nothing here throws on input.
 */
import { goJson } from "../field.ts";

/** Go's encoding/json `maxNestingDepth` (scanner.go): deeper input is a syntax error. */
export const MAX_DEPTH = 10_000;

export type JNode =
  | { readonly kind: "null" }
  | { readonly kind: "bool"; readonly value: boolean }
  /** `text` is the literal as it appears in the body. */
  | { readonly kind: "number"; readonly text: string }
  /** `raw` is the quoted literal as it appears in the body, when known. */
  | { readonly kind: "string"; readonly value: string; readonly raw?: string }
  | { readonly kind: "array"; readonly items: JNode[] }
  | { readonly kind: "object"; readonly entries: [string, JNode][] };

/** On failure, `partial` is what was read before the error (enough for the body's first bytes). */
export type ParseResult =
  | { readonly ok: true; readonly node: JNode }
  | { readonly ok: false; readonly error: string; readonly partial?: JNode };

const NULL: JNode = { kind: "null" };

// ------------------------------------------------------------------------------------------
// Parsed JavaScript values.

/** Leaves as JSON.stringify would write them; `undefined` means "left out" (undefined, functions, symbols). */
function leaf(value: unknown): JNode | "container" | undefined {
  switch (typeof value) {
    case "string":
      return { kind: "string", value };
    case "number":
      return Number.isFinite(value) ? { kind: "number", text: String(value) } : NULL;
    case "bigint":
      return { kind: "number", text: String(value) };
    case "boolean":
      return { kind: "bool", value };
    case "object":
      if (value === null) return NULL;
      if (value instanceof Date) {
        return Number.isNaN(value.getTime()) ? NULL : { kind: "string", value: value.toISOString() };
      }
      return "container";
    default:
      return undefined;
  }
}

/** Keys in the order Go's json.Marshal writes a map: by UTF-8 bytes, which is code point order. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

interface BuildFrame {
  readonly node: JNode & { kind: "array" | "object" };
  readonly source: readonly (readonly [string, unknown])[];
  next: number;
}

/** Converts a parsed value; cycles and nesting deeper than MAX_DEPTH give Go's depth error. */
export function fromJs(value: unknown): ParseResult {
  const start = leaf(value);
  if (start === undefined) return { ok: true, node: NULL };
  if (start !== "container") return { ok: true, node: start };
  const open = (v: object): BuildFrame => {
    if (Array.isArray(v)) {
      return { node: { kind: "array", items: [] }, source: Array.from(v, (x) => ["", x] as const), next: 0 };
    }
    const source = Object.keys(v)
      .sort(compareKeys)
      .map((k) => [k, (v as Record<string, unknown>)[k]] as const);
    return { node: { kind: "object", entries: [] }, source, next: 0 };
  };
  const root = open(value as object);
  const stack: BuildFrame[] = [root];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.source.length) {
      stack.pop();
      continue;
    }
    const [key, v] = frame.source[frame.next++]!;
    const l = leaf(v);
    let child: JNode;
    if (l === "container") {
      if (stack.length >= MAX_DEPTH) {
        const error = `invalid character ${quoteChar(Array.isArray(v) ? 0x5b : 0x7b)} exceeded max depth`;
        return { ok: false, error, partial: root.node };
      }
      const f = open(v as object);
      stack.push(f);
      child = f.node;
    } else if (l === undefined) {
      if (frame.node.kind === "object") continue; // JSON.stringify drops such members
      child = NULL;
    } else {
      child = l;
    }
    if (frame.node.kind === "array") frame.node.items.push(child);
    else frame.node.entries.push([key, child]);
  }
  return { ok: true, node: root.node };
}

/** Back to plain values (last duplicate wins), iteratively. */
export function toPlain(node: JNode): unknown {
  const single = (n: JNode): unknown => {
    switch (n.kind) {
      case "null":
        return null;
      case "bool":
        return n.value;
      case "number":
        return Number(n.text);
      case "string":
        return n.value;
      case "array":
        return [];
      case "object":
        return {};
    }
  };
  const result = single(node);
  const stack: [JNode, unknown][] = [[node, result]];
  while (stack.length > 0) {
    const [n, out] = stack.pop()!;
    if (n.kind === "array") {
      for (const item of n.items) {
        const v = single(item);
        (out as unknown[]).push(v);
        if (item.kind === "array" || item.kind === "object") stack.push([item, v]);
      }
    } else if (n.kind === "object") {
      for (const [k, item] of n.entries) {
        const v = single(item);
        setOwn(out as Record<string, unknown>, k, v);
        if (item.kind === "array" || item.kind === "object") stack.push([item, v]);
      }
    }
  }
  return result;
}

/** Assigns a property, `__proto__` included, without touching the prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

// ------------------------------------------------------------------------------------------
// Raw JSON text.

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** The byte Go's scanner would be looking at: the first UTF-8 byte of the character. */
function firstByte(text: string, i: number): number {
  const cp = text.codePointAt(i)!;
  if (cp < 0x80) return cp;
  if (cp < 0x800) return 0xc0 | (cp >> 6);
  if (cp >= 0xd800 && cp <= 0xdfff) return 0xef; // a lone surrogate reaches Go as U+FFFD
  if (cp < 0x10000) return 0xe0 | (cp >> 12);
  return 0xf0 | (cp >> 18);
}

/** Go's `quoteChar` (scanner.go): a byte as a quoted character literal. */
export function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const short: Record<number, string> = { 7: "a", 8: "b", 12: "f", 10: "n", 13: "r", 9: "t", 11: "v", 92: "\\" };
  let body: string;
  if (short[c] !== undefined) body = `\\${short[c]}`;
  else if (c < 0x20 || c === 0x7f) body = `\\x${c.toString(16).padStart(2, "0")}`;
  else if ((c >= 0x80 && c <= 0xa0) || c === 0xad) body = `\\u00${c.toString(16).padStart(2, "0")}`;
  else body = String.fromCharCode(c);
  return `'${body}'`;
}

class SyntaxFailure {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const unexpectedEnd = (): SyntaxFailure => new SyntaxFailure("unexpected end of JSON input");

interface TextFrame {
  readonly node: JNode & { kind: "array" | "object" };
  key: string;
}

/** Parses JSON text; syntax errors carry encoding/json's message (SyntaxError.Error()). */
export function parseJsonText(text: string): ParseResult {
  try {
    return { ok: true, node: new TextParser(text).parse() };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ok: false, error: e.message };
    throw e;
  }
}

class TextParser {
  private readonly text: string;
  private i = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** The byte at the cursor; at the end Go's scanner is fed a space (scanner.eof). */
  private cur(): number {
    return this.i < this.text.length ? firstByte(this.text, this.i) : 0x20;
  }

  private fail(context: string): SyntaxFailure {
    return new SyntaxFailure(`invalid character ${quoteChar(this.cur())} ${context}`);
  }

  private skipSpace(): void {
    while (this.i < this.text.length && isSpace(this.text.charCodeAt(this.i))) this.i++;
  }

  parse(): JNode {
    const stack: TextFrame[] = [];
    let root: JNode | undefined;
    type State = "value" | "valueOrEnd" | "keyOrEnd" | "key" | "colon" | "after";
    let state: State = "value";
    const place = (node: JNode): void => {
      const top = stack[stack.length - 1];
      if (!top) root = node;
      else if (top.node.kind === "array") top.node.items.push(node);
      else top.node.entries.push([top.key, node]);
    };
    const close = (): void => {
      stack.pop();
      state = "after";
    };
    for (;;) {
      this.skipSpace();
      const atEnd = this.i >= this.text.length;
      const c = atEnd ? -1 : this.text.charCodeAt(this.i);
      switch (state) {
        case "valueOrEnd":
        case "value": {
          if (atEnd) throw unexpectedEnd();
          if (state === "valueOrEnd" && c === 0x5d) {
            this.i++;
            close();
            break;
          }
          if (c === 0x7b || c === 0x5b) {
            if (stack.length >= MAX_DEPTH) throw this.fail("exceeded max depth");
            this.i++;
            const node: TextFrame["node"] = c === 0x7b ? { kind: "object", entries: [] } : { kind: "array", items: [] };
            place(node);
            stack.push({ node, key: "" });
            state = c === 0x7b ? "keyOrEnd" : "valueOrEnd";
            break;
          }
          place(this.scalar());
          state = "after";
          break;
        }
        case "keyOrEnd":
        case "key": {
          if (atEnd) throw unexpectedEnd();
          if (state === "keyOrEnd" && c === 0x7d) {
            this.i++;
            close();
            break;
          }
          if (c !== 0x22) throw this.fail("looking for beginning of object key string");
          stack[stack.length - 1]!.key = this.string().value;
          state = "colon";
          break;
        }
        case "colon":
          if (atEnd) throw unexpectedEnd();
          if (c !== 0x3a) throw this.fail("after object key");
          this.i++;
          state = "value";
          break;
        case "after": {
          const top = stack[stack.length - 1];
          if (!top) {
            if (atEnd) return root!;
            throw this.fail("after top-level value");
          }
          if (atEnd) throw unexpectedEnd();
          const isObject = top.node.kind === "object";
          if (c === 0x2c) {
            this.i++;
            state = isObject ? "key" : "value";
          } else if (c === (isObject ? 0x7d : 0x5d)) {
            this.i++;
            close();
          } else {
            throw this.fail(isObject ? "after object key:value pair" : "after array element");
          }
          break;
        }
      }
    }
  }

  private scalar(): JNode {
    const c = this.text.charCodeAt(this.i);
    if (c === 0x22) return this.string();
    if (c === 0x2d || isDigit(c)) return this.number();
    for (const word of ["true", "false", "null"]) {
      if (c !== word.charCodeAt(0)) continue;
      this.i++;
      for (const expected of word.slice(1)) {
        if (this.cur() !== expected.charCodeAt(0)) throw this.fail(`in literal ${word} (expecting '${expected}')`);
        this.i++;
      }
      return word === "null" ? NULL : { kind: "bool", value: word === "true" };
    }
    throw this.fail("looking for beginning of value");
  }

  private number(): JNode {
    const start = this.i;
    const digits = (): void => {
      while (this.i < this.text.length && isDigit(this.text.charCodeAt(this.i))) this.i++;
    };
    if (this.cur() === 0x2d) {
      this.i++;
      if (!isDigit(this.cur())) throw this.fail("in numeric literal");
    }
    if (this.cur() === 0x30) this.i++;
    else digits();
    if (this.i < this.text.length && this.text.charCodeAt(this.i) === 0x2e) {
      this.i++;
      if (!isDigit(this.cur())) throw this.fail("after decimal point in numeric literal");
      digits();
    }
    const e = this.i < this.text.length ? this.text.charCodeAt(this.i) : -1;
    if (e === 0x65 || e === 0x45) {
      this.i++;
      if (this.cur() === 0x2b || this.cur() === 0x2d) this.i++;
      if (!isDigit(this.cur())) throw this.fail("in exponent of numeric literal");
      digits();
    }
    return { kind: "number", text: this.text.slice(start, this.i) };
  }

  private string(): JNode & { kind: "string" } {
    const start = this.i;
    this.i++;
    for (;;) {
      if (this.i >= this.text.length) throw unexpectedEnd();
      const c = this.text.charCodeAt(this.i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        this.i++;
        const e = this.cur();
        if (e === 0x75) {
          this.i++;
          for (let k = 0; k < 4; k++, this.i++) {
            if (!isHex(this.cur())) throw this.fail("in \\u hexadecimal character escape");
          }
          continue;
        }
        if (!'bfnrt\\/"'.includes(String.fromCharCode(e))) throw this.fail("in string escape code");
        this.i++;
        continue;
      }
      if (c < 0x20) throw this.fail("in string literal");
      this.i++;
    }
    this.i++;
    const raw = this.text.slice(start, this.i);
    return { kind: "string", value: unquote(raw), raw };
  }
}

const escapes: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", "\\": "\\", "/": "/", '"': '"' };

/** A scanned string literal's value, as encoding/json's unquote: bad surrogates become U+FFFD. */
function unquote(raw: string): string {
  let out = "";
  const body = raw.slice(1, -1);
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c !== "\\") {
      const code = body.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < body.length) {
        const next = body.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          out += body.slice(i, i + 2);
          i += 2;
          continue;
        }
      }
      out += code >= 0xd800 && code <= 0xdfff ? "\ufffd" : c;
      i++;
      continue;
    }
    const e = body[i + 1]!;
    if (e !== "u") {
      out += escapes[e]!;
      i += 2;
      continue;
    }
    const unit = Number.parseInt(body.slice(i + 2, i + 6), 16);
    if (unit >= 0xd800 && unit <= 0xdbff && body.startsWith("\\u", i + 6)) {
      const low = Number.parseInt(body.slice(i + 8, i + 12), 16);
      if (low >= 0xdc00 && low <= 0xdfff) {
        out += String.fromCharCode(unit, low);
        i += 12;
        continue;
      }
    }
    out += unit >= 0xd800 && unit <= 0xdfff ? "\ufffd" : String.fromCharCode(unit);
    i += 6;
  }
  return out;
}

// ------------------------------------------------------------------------------------------
// The body's first bytes, for the API server's `summarizeData`.

/** UTF-8 bytes of a string; lone surrogates become U+FFFD's bytes. */
export function utf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/** Bytes back to text as Go's JSON encoder writes a string: each byte of a broken sequence is U+FFFD. */
function fromUtf8(bytes: readonly number[]): string {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    const cont = bytes.slice(i + 1, i + len);
    if (len === 0 || cont.length < len - 1 || cont.some((x) => (x & 0xc0) !== 0x80)) {
      out += "\ufffd";
      i++;
      continue;
    }
    let cp = len === 1 ? b : b & (0xff >> (len + 1));
    for (const x of cont) cp = (cp << 6) | (x & 63);
    out += String.fromCodePoint(cp);
    i += len;
  }
  return out;
}

/**
 * The first `limit` + 1 bytes of the body kubectl would send for this tree: compact JSON as
 * Go's encoder writes it, with a trailing newline. Stops early, so deep or large trees are cheap.
 */
export function bodyPrefix(node: JNode, limit: number): number[] {
  const out: number[] = [];
  const emit = (s: string): boolean => {
    out.push(...utf8(s));
    return out.length > limit;
  };
  type Item = JNode | string;
  const work: Item[] = [node];
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === "string") {
      if (emit(item)) return out;
      continue;
    }
    switch (item.kind) {
      case "null":
        if (emit("null")) return out;
        break;
      case "bool":
        if (emit(String(item.value))) return out;
        break;
      case "number":
        if (emit(item.text)) return out;
        break;
      case "string":
        // Escaping only lengthens a string: a cut one still fills the limit.
        if (emit(goJson(item.value.slice(0, limit + 1)))) return out;
        break;
      case "array": {
        const parts: Item[] = ["["];
        for (const [i, x] of item.items.entries()) parts.push(...(i > 0 ? [",", x] : [x]));
        parts.push("]");
        for (let i = parts.length - 1; i >= 0; i--) work.push(parts[i]!);
        break;
      }
      case "object": {
        const parts: Item[] = ["{"];
        for (const [i, [k, x]] of item.entries.entries()) {
          parts.push(`${i > 0 ? "," : ""}${goJson(k.slice(0, limit + 1))}:`, x);
        }
        parts.push("}");
        for (let i = parts.length - 1; i >= 0; i--) work.push(parts[i]!);
        break;
      }
    }
  }
  emit("\n");
  return out;
}

/** The API server's `summarizeData(body, 30)` (endpoints/handlers/rest.go). */
export function summarizeBody(bytes: readonly number[], maxLength = 30): string {
  if (bytes.length === 0) return "<empty>";
  const cut = bytes.length > maxLength ? bytes.slice(0, maxLength) : bytes;
  const more = bytes.length > maxLength ? " ..." : "";
  if (bytes[0] === 0x7b) return fromUtf8(cut) + more;
  return cut.map((b) => b.toString(16).padStart(2, "0")).join("") + more;
}
