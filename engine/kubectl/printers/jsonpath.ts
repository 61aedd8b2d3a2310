/**
 * client-go `util/jsonpath`, the template language of `-o jsonpath=…`, `custom-columns` and
 * `--sort-by`: a port of its parser (parser.go) and evaluator (jsonpath.go), including the
 * range/end bookkeeping of FindResults, so `{range .items[*]}{.metadata.name}{"\n"}{end}` and
 * nested ranges behave as upstream. Deliberate differences, both for determinism: `*` and `..`
 * over a map visit keys in sorted order (Go's map order is random), and strings are walked by
 * UTF-16 unit rather than byte.
 */

import { goFloat, goKeyOrder, goNumber, goQuote, goSprint, goSyntax, isObject, type JsonValue } from "./govalues.ts";
import { marshalJson, marshalJsonIndent } from "./json.ts";

export type PrintResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly message: string };

// ---- Nodes ----------------------------------------------------------------------------------

interface Param {
  value: number;
  known: boolean;
  derived: boolean;
}

export type Node =
  | { readonly type: "list"; readonly nodes: Node[] }
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "field"; readonly value: string }
  | { readonly type: "array"; readonly params: readonly [Param, Param, Param] }
  | { readonly type: "filter"; readonly left: ListNode; readonly right: ListNode; readonly operator: string }
  | { readonly type: "int"; readonly value: number }
  | { readonly type: "float"; readonly value: number }
  | { readonly type: "bool"; readonly value: boolean }
  | { readonly type: "wildcard" }
  | { readonly type: "recursive" }
  | { readonly type: "union"; readonly nodes: ListNode[] }
  | { readonly type: "identifier"; readonly name: string };

type ListNode = Extract<Node, { type: "list" }>;

const newList = (): ListNode => ({ type: "list", nodes: [] });

class ParseError extends Error {}

// ---- Parser (parser.go) ---------------------------------------------------------------------

const eof = -1;
const dictKeyRex = /^'([^']*)'$/;
const sliceOperatorRex = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const filterRex = /^([^!<>=]+)([!<>=]+)(.+?)$/s;

const isSpace = (r: number) => r === 0x20 || r === 0x09;
const isEndOfLine = (r: number) => r === 0x0d || r === 0x0a;
const isDigit = (r: number) => r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number) => r === 0x5f || (r >= 0 && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));
function isTerminator(r: number): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === eof || ".,[]$@{}".includes(String.fromCodePoint(r));
}

/** Go's `%#U`: `U+007E '~'`. */
function goRuneU(r: number): string {
  const hex = r.toString(16).toUpperCase().padStart(4, "0");
  return /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(String.fromCodePoint(r))
    ? `U+${hex} '${String.fromCodePoint(r)}'`
    : `U+${hex}`;
}

/** strconv.UnquoteChar-based unquoting for '…' and "…" (UnquoteExtend). */
function unquoteExtend(s: string): string {
  const quote = s[0]!;
  const body = s.slice(1, -1);
  if (!body.includes("\\") && !body.includes(quote)) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === quote) throw new ParseError("invalid syntax");
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = {
      a: "\x07",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
      "'": "'",
      '"': '"',
    };
    if (e !== undefined && simple[e] !== undefined) {
      if ((e === "'" || e === '"') && e !== quote) throw new ParseError("invalid syntax");
      out += simple[e];
      continue;
    }
    const lengths: Record<string, number> = { x: 2, u: 4, U: 8 };
    if (e !== undefined && lengths[e]) {
      const digits = body.slice(i + 1, i + 1 + lengths[e]);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== lengths[e]) throw new ParseError("invalid syntax");
      out += String.fromCodePoint(Number.parseInt(digits, 16));
      i += lengths[e];
      continue;
    }
    if (e !== undefined && /[0-7]/.test(e)) {
      const digits = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(digits)) throw new ParseError("invalid syntax");
      out += String.fromCharCode(Number.parseInt(digits, 8));
      i += 2;
      continue;
    }
    throw new ParseError("invalid syntax");
  }
  return out;
}

class Parser {
  private input = "";
  private pos = 0;
  private start = 0;
  private width = 0;
  root: ListNode = newList();

  parse(text: string): void {
    this.input = text;
    this.root = newList();
    this.pos = 0;
    this.start = 0;
    this.parseText(this.root);
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return eof;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private rest(): string {
    return this.input.slice(this.pos);
  }

  private parseText(cur: ListNode): void {
    // Iterative where Go recurses (parseText → parseLeftDelim → … → parseRightDelim → parseText).
    for (;;) {
      if (this.rest().startsWith("{")) {
        if (this.pos > this.start) cur.nodes.push({ type: "text", text: this.consumeText() });
        this.pos += 1;
        this.consumeText();
        const action = newList();
        cur.nodes.push(action);
        this.parseInsideAction(action);
        // parseRightDelim: back to the root list.
        cur = this.root;
        continue;
      }
      if (this.next() === eof) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: "text", text: this.consumeText() });
  }

  /** Parses up to and including the closing `}`. */
  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.rest();
      if (rest.startsWith("}")) {
        this.pos += 1;
        this.consumeText();
        return;
      }
      if (rest.startsWith("[?(")) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith("..")) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === eof || isEndOfLine(r)) throw new ParseError("unclosed action");
      if (r === 0x20 || r === 0x40 || r === 0x24) {
        this.consumeText(); // ' ', '@' and '$' (the current object) add nothing.
      } else if (r === 0x5b) {
        this.parseArray(cur);
      } else if (r === 0x22 || r === 0x27) {
        this.parseQuote(cur, r);
      } else if (r === 0x2e) {
        this.parseField(cur);
      } else if (r === 0x2b || r === 0x2d || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else {
        throw new ParseError(`unrecognized character in action: ${goRuneU(r)}`);
      }
    }
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      if (isTerminator(this.next())) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === "true" || value === "false") cur.nodes.push({ type: "bool", value: value === "true" });
    else cur.nodes.push({ type: "identifier", name: value });
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === "recursive") throw new ParseError("invalid multiple recursive descent");
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: "recursive" });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const first = this.peek();
    if (first === 0x2b || first === 0x2d) this.next();
    for (;;) {
      const r = this.next();
      if (r !== 0x2e && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) {
      cur.nodes.push({ type: "int", value: Number.parseInt(value, 10) });
    } else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) {
      cur.nodes.push({ type: "float", value: Number.parseFloat(value) });
    } else {
      throw new ParseError(`cannot parse number ${value}`);
    }
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === eof || r === 0x0a) throw new ParseError("unterminated array");
      if (r === 0x5d) break;
    }
    let text = this.consumeText().slice(1, -1);
    if (text === "*") text = ":";

    const parts = text.split(",");
    if (parts.length > 1) {
      const union = parts.map((part) => parseAction(`[${part.trim()}]`));
      cur.nodes.push({ type: "union", nodes: union });
      return;
    }

    const dictKey = dictKeyRex.exec(text);
    if (dictKey) {
      cur.nodes.push(...parseAction(`.${dictKey[1]}`).nodes);
      return;
    }

    const slice = sliceOperatorRex.exec(text);
    if (!slice) throw new ParseError(`invalid array index ${text}`);
    const params: [Param, Param, Param] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      let part = slice[i + 1] ?? "";
      const param = params[i]!;
      if (part !== "") {
        if (i > 0) part = part.slice(1);
        if (i > 0 && part === "") {
          param.known = false;
        } else {
          if (!/^[+-]?\d+$/.test(part)) throw new ParseError(`array index ${part} is not a number`);
          param.known = true;
          param.value = Number.parseInt(part, 10);
        }
      } else if (i === 1) {
        // `[3]` means `[3:4]`; Derived marks it so `[-1]` can become `[len-1:len]`.
        param.known = true;
        param.value = params[0].value + 1;
        param.derived = true;
      }
    }
    cur.nodes.push({ type: "array", params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === eof || r === 0x0a) throw new ParseError("unterminated filter");
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== "\\" && r === pair) end = true;
      } else if (r === 0x29 && begin === end) {
        break;
      }
    }
    if (this.next() !== 0x5d) throw new ParseError("unclosed array expect ]");
    const text = this.consumeText().slice(0, -2);
    const m = filterRex.exec(text);
    if (!m) {
      cur.nodes.push({ type: "filter", left: parseAction(text), right: newList(), operator: "exists" });
    } else {
      cur.nodes.push({ type: "filter", left: parseAction(m[1]!), right: parseAction(m[3]!), operator: m[2]! });
    }
  }

  private parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === eof || r === 0x0a) throw new ParseError("unterminated quoted string");
      if (r === end && this.input[this.pos - 2] !== "\\") break;
    }
    const value = this.consumeText();
    let s: string;
    try {
      s = unquoteExtend(value);
    } catch (e) {
      throw new ParseError(`unquote string ${value} error ${(e as Error).message}`);
    }
    cur.nodes.push({ type: "text", text: s });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    for (;;) {
      const r = this.next();
      if (r === 0x5c) {
        this.next();
      } else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === "*") cur.nodes.push({ type: "wildcard" });
    else cur.nodes.push({ type: "field", value: value.replaceAll("\\", "") });
  }
}

/** parseAction: parse `{text}` and return the action's list. */
function parseAction(text: string): ListNode {
  const p = new Parser();
  p.parse(`{${text}}`);
  return p.root.nodes[0] as ListNode;
}

/** Parses a jsonpath template; the message is upstream's parse error. */
export function parseJsonPath(template: string): { ok: true; root: ListNode } | { ok: false; message: string } {
  const p = new Parser();
  try {
    p.parse(template);
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: e.message };
    throw e;
  }
  return { ok: true, root: p.root };
}

// ---- Evaluation (jsonpath.go) ---------------------------------------------------------------

/** A float literal from the template: Go keeps it a float64, which never equals an int64 field. */
class FloatLiteral {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

type Value = JsonValue | FloatLiteral;

class ExecutionError extends Error {}

/** reflect's type names, for "… is not array or slice". */
function goTypeName(v: Value): string {
  if (v instanceof FloatLiteral) return "float64";
  if (v === null) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  return Array.isArray(v) ? "[]interface {}" : "map[string]interface {}";
}

/** The children of a map, slice or string (the string's units), in a deterministic order. */
function children(v: Value): Value[] | undefined {
  if (Array.isArray(v)) return v;
  if (isObject(v))
    return Object.keys(v)
      .sort(goKeyOrder)
      .map((k) => v[k]!);
  if (typeof v === "string") return [...v].map((ch) => ch.charCodeAt(0));
  return undefined;
}

type Kind = "bool" | "int" | "float" | "string" | "invalid";
function basicKind(v: Value): Kind {
  if (v instanceof FloatLiteral) return "float";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  return "invalid";
}
const numeric = (v: Value) => (v instanceof FloatLiteral ? v.value : (v as number | string | boolean));

/** The comparison functions of the forked text/template (eq, ne, lt, le, gt, ge). */
function compare(operator: string, left: Value, right: Value): boolean {
  const k1 = basicKind(left);
  const k2 = basicKind(right);
  if (k1 === "invalid" || k2 === "invalid") throw new ExecutionError("invalid type for comparison");
  if (k1 !== k2) throw new ExecutionError("incompatible types for comparison");
  const a = numeric(left);
  const b = numeric(right);
  if (operator === "==") return a === b;
  if (operator === "!=") return a !== b;
  if (k1 === "bool") throw new ExecutionError("invalid type for comparison");
  switch (operator) {
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case ">=":
      return a >= b;
  }
  throw new ExecutionError(`unrecognized filter operator ${operator}`);
}

class Evaluator {
  private inRange = 0;
  private beginRange = 0;
  private endRange = 0;
  private lastEndNode = -1;

  private readonly nodes: readonly Node[];
  private readonly allowMissingKeys: boolean;

  constructor(nodes: readonly Node[], allowMissingKeys: boolean) {
    this.nodes = nodes;
    this.allowMissingKeys = allowMissingKeys;
  }

  /** FindResults over nodes[start:], with the range bookkeeping of upstream. */
  findResults(data: Value, start = 0): Value[][] {
    const cur: Value[] = [data];
    const full: Value[][] = [];
    for (let i = start; i < this.nodes.length; i++) {
      const results = this.walk(cur, this.nodes[i]!);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = i;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) {
          for (const value of results) full.push(...this.findResults(value, i + 1));
        } else {
          // Still walk the body so the position advances to the matching end.
          this.findResults(null, i + 1);
        }
        this.inRange--;
        if (this.lastEndNode > i) i = this.lastEndNode;
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: Value[], node: Node): Value[] {
    switch (node.type) {
      case "list":
        return this.evalList(input, node);
      case "text":
        return [node.text];
      case "field":
        return this.evalField(input, node.value);
      case "array":
        return this.evalArray(input, node.params);
      case "filter":
        return this.evalFilter(input, node);
      case "int":
      case "bool":
        return input.map(() => node.value);
      case "float":
        return input.map(() => new FloatLiteral(node.value));
      case "wildcard":
        return input.flatMap((v) => (v === null ? [] : (children(v) ?? [])));
      case "recursive":
        return this.evalRecursive(input);
      case "union":
        return node.nodes.flatMap((list) => this.evalList(input, list));
      case "identifier":
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalList(input: Value[], node: ListNode): Value[] {
    let cur = input;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalIdentifier(input: Value[], name: string): Value[] {
    if (name === "range") {
      this.beginRange++;
      return input;
    }
    if (name === "end") {
      if (this.inRange > 0) {
        this.endRange++;
        return [];
      }
      throw new ExecutionError("not in range, nothing to end");
    }
    throw new ExecutionError(`unrecognized identifier ${name}`);
  }

  private evalField(input: Value[], key: string): Value[] {
    if (input.length === 0) return [];
    const results: Value[] = [];
    for (const value of input) {
      if (isObject(value) && Object.hasOwn(value, key)) results.push(value[key]!);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new ExecutionError(`${key} is not found`);
    return results;
  }

  private evalArray(input: Value[], given: readonly [Param, Param, Param]): Value[] {
    const result: Value[] = [];
    for (const value of input) {
      if (value === null) continue;
      if (!Array.isArray(value)) throw new ExecutionError(`${goTypeName(value)} is not array or slice`);
      // Upstream mutates the parsed params in place; copy so a template can run twice.
      const [p0, p1, p2] = given.map((p) => ({ ...p })) as [Param, Param, Param];
      const length = value.length;
      if (!p0.known) p0.value = 0;
      if (p0.value < 0) p0.value += length;
      if (!p1.known) p1.value = length;
      if (p1.value < 0 || (p1.value === 0 && p1.derived)) p1.value += length;
      if (p1.value === p0.value) return result; // Zero elements requested.
      if (p0.value >= length || p0.value < 0) {
        throw new ExecutionError(`array index out of bounds: index ${p0.value}, length ${length}`);
      }
      if (p1.value > length || p1.value < 0) {
        throw new ExecutionError(`array index out of bounds: index ${p1.value - 1}, length ${length}`);
      }
      if (p0.value > p1.value) {
        throw new ExecutionError(`starting index ${p0.value} is greater than ending index ${p1.value}`);
      }
      let step = 1;
      if (p2.known) {
        if (p2.value <= 0) throw new ExecutionError("step must be > 0");
        step = p2.value;
      }
      const sliced = value.slice(p0.value, p1.value);
      for (let i = 0; i < sliced.length; i += step) result.push(sliced[i]!);
    }
    return result;
  }

  private evalRecursive(input: Value[]): Value[] {
    const result: Value[] = [];
    for (const value of input) {
      if (value === null) continue;
      const kids = children(value) ?? [];
      if (kids.length === 0) continue;
      result.push(value);
      result.push(...this.evalRecursive(typeof value === "string" ? [] : kids));
    }
    return result;
  }

  private evalFilter(input: Value[], node: Extract<Node, { type: "filter" }>): Value[] {
    const results: Value[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) {
        const shown = value === null ? "<invalid reflect.Value>" : goSprintValue(value);
        throw new ExecutionError(`${shown} is not array or slice and cannot be filtered`);
      }
      for (const item of value) {
        let lefts: Value[];
        try {
          lefts = this.evalList([item], node.left);
        } catch (e) {
          if (node.operator === "exists") continue;
          throw e;
        }
        if (node.operator === "exists") {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new ExecutionError("can only compare one element at a time");
        const rights = this.evalList([item], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new ExecutionError("can only compare one element at a time");
        if (compare(node.operator, lefts[0]!, rights[0]!)) results.push(item);
      }
    }
    return results;
  }
}

/** `%v` of a value, for the "cannot be filtered" message. */
function goSprintValue(v: Value): string {
  return v instanceof FloatLiteral ? goFloat(v.value) : goSprint(v);
}

/** evalToText: fmt.Fprint of a scalar; a JSON null prints `null`. */
function textOf(v: JsonValue): string {
  if (v === null) return "null";
  if (typeof v === "number") return goNumber(v);
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  return marshalJson(v);
}

/** PrintResults: maps and slices as compact JSON, scalars as text, results joined by spaces. */
function printResults(results: Value[], outputJson: boolean): string {
  if (outputJson) {
    const plain = results.map((r) => (r instanceof FloatLiteral ? r.value : r));
    return `${marshalJsonIndent(plain, "    ")}\n`;
  }
  return results
    .map((r) =>
      r instanceof FloatLiteral ? goFloat(r.value) : typeof r === "object" && r !== null ? marshalJson(r) : textOf(r),
    )
    .join(" ");
}

export interface JsonPathOptions {
  /** `--allow-missing-template-keys`, true by default in kubectl. */
  readonly allowMissingKeys?: boolean;
  /** `-o jsonpath-as-json`. */
  readonly outputJson?: boolean;
}

/** jsonpath.FindResults with a parsed template: the raw result groups (custom-columns, sort-by). */
export function findJsonPathResults(
  root: ListNode,
  data: JsonValue,
  allowMissingKeys: boolean,
): { ok: true; results: JsonValue[][] } | { ok: false; message: string } {
  try {
    const groups = new Evaluator(root.nodes, allowMissingKeys).findResults(data);
    return {
      ok: true,
      results: groups.map((g) => g.map((v) => (v instanceof FloatLiteral ? v.value : v))),
    };
  } catch (e) {
    if (e instanceof ExecutionError) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * `kubectl get … -o jsonpath=TEMPLATE` over one object or a List (cli-runtime JSONPathPrinter and
 * JSONPathPrintFlags). Messages are what kubectl prints after its `error: ` prefix.
 */
export function printJsonPath(template: string, data: unknown, options: JsonPathOptions = {}): PrintResult {
  if (template === "") return { ok: false, message: "template format specified but no template given" };
  const parsed = parseJsonPath(template);
  if (!parsed.ok) return { ok: false, message: `error parsing jsonpath ${template}, ${parsed.message}` };
  const evaluator = new Evaluator(parsed.root.nodes, options.allowMissingKeys ?? true);
  let groups: Value[][];
  try {
    groups = evaluator.findResults(data as JsonValue);
  } catch (e) {
    if (!(e instanceof ExecutionError)) throw e;
    const detail =
      `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${template}\n` +
      `\tobject given to jsonpath engine was:\n\t\t${goSyntax(data as JsonValue)}\n\n`;
    return { ok: false, message: `error executing jsonpath ${goQuote(template)}: ${detail}\n` };
  }
  return { ok: true, text: groups.map((g) => printResults(g, options.outputJson ?? false)).join("") };
}
