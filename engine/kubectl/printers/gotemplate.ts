/**
 * `-o go-template=…`: a subset of Go's text/template, enough for what lessons and users type —
 * fields (`{{.metadata.name}}`), `{{range}}` (with `{{else}}` and `$i, $e :=`), `{{if}}` /
 * `{{else if}}` / `{{with}}`, string and number literals (`{{"\n"}}`), variables, pipes,
 * parentheses and the functions `index len eq ne lt le gt ge not and or print printf println
 * base64decode`. Missing map keys print `<no value>` (kubectl's missingkey=default). Anything else
 * is refused with a `kubook:` message instead of a half-right answer.
 */
import { goKeyOrder, goNumber, goQuote, goSprint, isObject, type JsonValue } from "./govalues.ts";
import type { PrintResult } from "./jsonpath.ts";

// A template value: JSON, or `undefined` for Go's "no value" (a missing map key).
type Value = JsonValue | undefined;

class TemplateError extends Error {}

const unsupported = (what: string) => new TemplateError(`kubook: go-template: ${what} is not supported by kubook`);

// ---- Lexing actions and text ------------------------------------------------------------------

type Token =
  | { kind: "field"; names: string[]; pos: number; text: string } // .a.b  (names [] for ".")
  | { kind: "var"; name: string; fields: string[]; pos: number } // $x.a
  | { kind: "string"; value: string; pos: number }
  | { kind: "number"; value: number; pos: number }
  | { kind: "bool"; value: boolean; pos: number }
  | { kind: "ident"; name: string; pos: number }
  | { kind: "pipe" | "lparen" | "rparen" | "declare" | "comma"; pos: number };

function unquoteGo(raw: string): string {
  if (raw.startsWith("`")) return raw.slice(1, -1);
  return JSON.parse(
    raw
      .replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1")
      .replace(/\\a/g, "\\u0007")
      .replace(/\\v/g, "\\u000b"),
  );
}

function lexAction(src: string, base: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    const pos = base + i;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "|") {
      tokens.push({ kind: "pipe", pos });
      i++;
    } else if (ch === "(" || ch === ")") {
      tokens.push({ kind: ch === "(" ? "lparen" : "rparen", pos });
      i++;
    } else if (ch === ",") {
      tokens.push({ kind: "comma", pos });
      i++;
    } else if (src.startsWith(":=", i)) {
      tokens.push({ kind: "declare", pos });
      i += 2;
    } else if (ch === '"' || ch === "`") {
      const m = ch === '"' ? /^"(?:[^"\\]|\\.)*"/.exec(src.slice(i)) : /^`[^`]*`/.exec(src.slice(i));
      if (!m) throw new TemplateError(`kubook: go-template: unterminated quoted string`);
      tokens.push({ kind: "string", value: unquoteGo(m[0]), pos });
      i += m[0].length;
    } else if (ch === "." || ch === "$") {
      const m = /^(\$[A-Za-z0-9_]*)?((?:\.[A-Za-z0-9_]+)*)(\.?)/.exec(src.slice(i))!;
      const fields = m[2] ? m[2].slice(1).split(".") : [];
      if (m[1]) tokens.push({ kind: "var", name: m[1], fields, pos });
      else tokens.push({ kind: "field", names: fields, pos, text: m[0] });
      i += m[0].length;
    } else if (/[-+0-9]/.test(ch)) {
      const m = /^[-+]?[0-9][0-9.eE+-]*/.exec(src.slice(i));
      if (!m || Number.isNaN(Number(m[0]))) throw unsupported(`the number ${src.slice(i)}`);
      tokens.push({ kind: "number", value: Number(m[0]), pos });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      if (m[0] === "true" || m[0] === "false") tokens.push({ kind: "bool", value: m[0] === "true", pos });
      else tokens.push({ kind: "ident", name: m[0], pos });
      i += m[0].length;
    } else {
      throw unsupported(`the character ${goQuote(ch)} in an action`);
    }
  }
  return tokens;
}

// ---- Parse tree ------------------------------------------------------------------------------

type Expr =
  | { type: "literal"; value: JsonValue }
  | { type: "field"; receiver: Expr | null; names: string[]; pos: number; text: string }
  | { type: "var"; name: string }
  | { type: "call"; name: string; args: Expr[] };

interface Pipeline {
  readonly decl: string[];
  readonly commands: Expr[][];
}

type TNode =
  | { type: "text"; text: string }
  | { type: "print"; pipe: Pipeline }
  | { type: "if" | "with" | "range"; pipe: Pipeline; body: TNode[]; elseBody: TNode[] };

const functions = new Set([
  "index",
  "len",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
  "not",
  "and",
  "or",
  "print",
  "printf",
  "println",
  "base64decode",
]);

function parsePipeline(tokens: Token[]): Pipeline {
  let decl: string[] = [];
  const declareAt = tokens.findIndex((t) => t.kind === "declare");
  if (declareAt >= 0) {
    decl = tokens
      .slice(0, declareAt)
      .filter((t): t is Extract<Token, { kind: "var" }> => t.kind === "var")
      .map((t) => t.name);
    tokens = tokens.slice(declareAt + 1);
  }
  let pos = 0;
  const parseOperand = (): Expr => {
    const t = tokens[pos++];
    if (!t) throw new TemplateError("kubook: go-template: missing value in action");
    let expr: Expr;
    switch (t.kind) {
      case "string":
        return { type: "literal", value: t.value };
      case "number":
        return { type: "literal", value: t.value };
      case "bool":
        return { type: "literal", value: t.value };
      case "field":
        return { type: "field", receiver: null, names: t.names, pos: t.pos, text: t.text };
      case "var":
        expr = { type: "var", name: t.name };
        return t.fields.length > 0
          ? { type: "field", receiver: expr, names: t.fields, pos: t.pos, text: t.name }
          : expr;
      case "lparen": {
        const inner = parseCommand(true);
        if (tokens[pos]?.kind !== "rparen") throw new TemplateError("kubook: go-template: unclosed left paren");
        pos++;
        return inner;
      }
      case "ident":
        if (!functions.has(t.name)) throw unsupported(`the function or keyword "${t.name}"`);
        return { type: "call", name: t.name, args: [] };
      default:
        throw unsupported(`"${t.kind}" here`);
    }
  };
  const parseCommand = (inParens: boolean): Expr => {
    const first = tokens[pos];
    if (first?.kind === "ident" && functions.has(first.name)) {
      pos++;
      const args: Expr[] = [];
      while (pos < tokens.length && tokens[pos]!.kind !== "pipe" && !(inParens && tokens[pos]!.kind === "rparen")) {
        args.push(parseOperand());
      }
      return { type: "call", name: first.name, args };
    }
    const operand = parseOperand();
    if (pos < tokens.length && tokens[pos]!.kind !== "pipe" && !(inParens && tokens[pos]!.kind === "rparen")) {
      throw unsupported("calling a non-function with arguments");
    }
    return operand;
  };
  const commands: Expr[][] = [];
  while (pos < tokens.length) {
    commands.push([parseCommand(false)]);
    if (tokens[pos]?.kind === "pipe") pos++;
  }
  if (commands.length === 0) throw new TemplateError("kubook: go-template: missing value for command");
  return { decl, commands };
}

function parseTemplate(template: string): TNode[] {
  const root: TNode[] = [];
  const stack: { node: Extract<TNode, { body: TNode[] }>; inElse: boolean; chained: number }[] = [];
  const current = () => {
    const top = stack.at(-1);
    return top ? (top.inElse ? top.node.elseBody : top.node.body) : root;
  };
  let i = 0;
  let trimNext = false;
  while (i < template.length) {
    const open = template.indexOf("{{", i);
    let text = open < 0 ? template.slice(i) : template.slice(i, open);
    if (trimNext) text = text.replace(/^\s+/, "");
    trimNext = false;
    if (open < 0) {
      if (text) current().push({ type: "text", text });
      break;
    }
    let start = open + 2;
    if (template.startsWith("- ", start) || template.startsWith("-\t", start) || template.startsWith("-\n", start)) {
      text = text.replace(/\s+$/, "");
      start += 1;
    }
    if (text) current().push({ type: "text", text });
    const close = template.indexOf("}}", start);
    if (close < 0) throw new TemplateError("kubook: go-template: unclosed action");
    let end = close;
    if (/\s-$/.test(template.slice(start, close))) {
      end = close - 1;
      trimNext = true;
    }
    i = close + 2;
    const body = template.slice(start, end);
    const trimmed = body.trim();
    if (trimmed.startsWith("/*")) continue;
    const tokens = lexAction(body, start);
    const head = tokens[0];
    const keyword = head?.kind === "ident" ? head.name : undefined;
    if (keyword === "if" || keyword === "with" || keyword === "range") {
      const node = { type: keyword, pipe: parsePipeline(tokens.slice(1)), body: [], elseBody: [] } as Extract<
        TNode,
        { body: TNode[] }
      >;
      current().push(node);
      stack.push({ node, inElse: false, chained: 0 });
    } else if (keyword === "else") {
      const top = stack.at(-1);
      if (!top || top.inElse) throw new TemplateError("kubook: go-template: unexpected {{else}}");
      top.inElse = true;
      const next = tokens[1];
      if (next?.kind === "ident" && (next.name === "if" || next.name === "with")) {
        // `{{else if x}}` is `{{else}}{{if x}}…{{end}}{{end}}` with one shared end.
        const node = {
          type: next.name,
          pipe: parsePipeline(tokens.slice(2)),
          body: [],
          elseBody: [],
        } as Extract<TNode, { body: TNode[] }>;
        top.node.elseBody.push(node);
        stack.push({ node, inElse: false, chained: top.chained + 1 });
        stack.splice(stack.length - 2, 1);
      }
    } else if (keyword === "end") {
      const top = stack.pop();
      if (!top) throw new TemplateError("kubook: go-template: unexpected {{end}}");
    } else if (keyword && !functions.has(keyword)) {
      throw unsupported(`{{${trimmed}}}`);
    } else {
      current().push({ type: "print", pipe: parsePipeline(tokens) });
    }
  }
  if (stack.length > 0) throw new TemplateError("kubook: go-template: unexpected EOF (missing {{end}})");
  return root;
}

// ---- Execution -------------------------------------------------------------------------------

class ExecError extends Error {}

function truth(v: Value): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v.length > 0;
  return Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0;
}

function printValue(v: Value): string {
  return v === undefined ? "<no value>" : goSprint(v);
}

/** len of a Go string counts UTF-8 bytes. */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

function base64decode(s: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const clean = s.replace(/=+$/, "");
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const ch of clean) {
    const ix = alphabet.indexOf(ch);
    if (ix < 0) throw new ExecError("base64 decode failed: illegal base64 data");
    value = (value << 6) | ix;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  return decodeURIComponent(bytes.map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""));
}

/** fmt.Sprintf for %s %v %d %q %%. */
function sprintf(format: string, args: Value[]): string {
  let n = 0;
  return format.replace(/%([%svdq])/g, (_, verb: string) => {
    if (verb === "%") return "%";
    const arg = args[n++];
    if (verb === "q" && typeof arg === "string") return goQuote(arg);
    if (verb === "d" && typeof arg === "number") return goNumber(arg);
    return printValue(arg);
  });
}

class Executor {
  out = "";
  private readonly vars: Map<string, Value>[] = [];
  private readonly template: string;

  constructor(template: string, root: JsonValue) {
    this.template = template;
    this.vars.push(new Map([["$", root]]));
  }

  private lookupVar(name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.has(name)) return this.vars[i]!.get(name);
    throw new ExecError(`undefined variable: ${name}`);
  }

  private fail(expr: Extract<Expr, { type: "field" }>, message: string): never {
    const before = this.template.slice(0, expr.pos);
    const line = before.split("\n").length;
    const col = expr.pos - (before.lastIndexOf("\n") + 1);
    throw new ExecError(`template: output:${line}:${col}: executing "output" at <${expr.text}>: ${message}`);
  }

  private evalExpr(expr: Expr, dot: Value, piped: Value[]): Value {
    switch (expr.type) {
      case "literal":
        return expr.value;
      case "var":
        return this.lookupVar(expr.name);
      case "field": {
        let v: Value = expr.receiver ? this.evalExpr(expr.receiver, dot, []) : dot;
        for (const name of expr.names) {
          if (v === undefined || v === null) this.fail(expr, `nil pointer evaluating interface {}.${name}`);
          if (!isObject(v))
            this.fail(
              expr,
              `can't evaluate field ${name} in type ${Array.isArray(v) ? "[]interface {}" : typeof v === "string" ? "string" : "interface {}"}`,
            );
          v = Object.hasOwn(v, name) ? v[name] : undefined;
        }
        return v;
      }
      case "call":
        return this.call(expr.name, [...expr.args.map((a) => this.evalExpr(a, dot, [])), ...piped]);
    }
  }

  private call(name: string, args: Value[]): Value {
    const cmp = (f: (a: number | string, b: number | string) => boolean): boolean => {
      const [a, b] = args;
      if (typeof a !== typeof b || (typeof a !== "number" && typeof a !== "string")) {
        throw new ExecError(`error calling ${name}: incompatible types for comparison`);
      }
      return f(a as number | string, b as number | string);
    };
    switch (name) {
      case "index": {
        let v = args[0];
        for (const key of args.slice(1)) {
          if (isObject(v) && typeof key === "string") v = Object.hasOwn(v, key) ? v[key] : undefined;
          else if (Array.isArray(v) && typeof key === "number") {
            if (key < 0 || key >= v.length) throw new ExecError(`error calling index: index out of range: ${key}`);
            v = v[key];
          } else if (v === undefined || v === null) throw new ExecError("error calling index: index of untyped nil");
          else throw new ExecError(`error calling index: cannot index slice/array with type ${typeof key}`);
        }
        return v;
      }
      case "len": {
        const v = args[0];
        if (typeof v === "string") return utf8Length(v);
        if (Array.isArray(v)) return v.length;
        if (isObject(v)) return Object.keys(v).length;
        throw new ExecError("error calling len: len of type");
      }
      case "eq":
        return args.slice(1).some((b) => args[0] === b);
      case "ne":
        return cmp((a, b) => a !== b);
      case "lt":
        return cmp((a, b) => a < b);
      case "le":
        return cmp((a, b) => a <= b);
      case "gt":
        return cmp((a, b) => a > b);
      case "ge":
        return cmp((a, b) => a >= b);
      case "not":
        return !truth(args[0]);
      case "and":
        return args.find((a) => !truth(a)) ?? args.at(-1);
      case "or":
        return args.find((a) => truth(a)) ?? args.at(-1);
      case "print":
        return args.map(printValue).join("");
      case "println":
        return `${args.map(printValue).join(" ")}\n`;
      case "printf":
        return sprintf(String(args[0] ?? ""), args.slice(1));
      case "base64decode":
        return base64decode(String(args[0] ?? ""));
    }
    throw unsupported(`the function "${name}"`);
  }

  private evalPipeline(pipe: Pipeline, dot: Value): Value {
    let piped: Value[] = [];
    let value: Value;
    for (const [command] of pipe.commands) {
      if (piped.length > 0 && command!.type !== "call") throw unsupported("piping into a non-function");
      value = this.evalExpr(command!, dot, piped);
      piped = [value];
    }
    return value;
  }

  run(nodes: readonly TNode[], dot: Value): void {
    for (const node of nodes) {
      switch (node.type) {
        case "text":
          this.out += node.text;
          break;
        case "print": {
          const v = this.evalPipeline(node.pipe, dot);
          if (node.pipe.decl.length > 0) this.vars.at(-1)!.set(node.pipe.decl[0]!, v);
          else this.out += printValue(v);
          break;
        }
        case "if": {
          const v = this.evalPipeline(node.pipe, dot);
          this.run(truth(v) ? node.body : node.elseBody, dot);
          break;
        }
        case "with": {
          const v = this.evalPipeline(node.pipe, dot);
          if (truth(v)) this.run(node.body, v);
          else this.run(node.elseBody, dot);
          break;
        }
        case "range": {
          const v = this.evalPipeline(node.pipe, dot);
          const entries: [JsonValue, JsonValue][] = Array.isArray(v)
            ? v.map((x, i) => [i, x])
            : isObject(v)
              ? Object.keys(v)
                  .sort(goKeyOrder)
                  .map((k) => [k, v[k]!])
              : [];
          if (v !== undefined && v !== null && !Array.isArray(v) && !isObject(v)) {
            throw new ExecError(`range can't iterate over ${goSprint(v)}`);
          }
          if (entries.length === 0) {
            this.run(node.elseBody, dot);
            break;
          }
          for (const [key, item] of entries) {
            const scope = new Map<string, Value>();
            const [first, second] = node.pipe.decl;
            if (second !== undefined) {
              scope.set(first!, key);
              scope.set(second, item);
            } else if (first !== undefined) scope.set(first, item);
            this.vars.push(scope);
            this.run(node.body, item);
            this.vars.pop();
          }
          break;
        }
      }
    }
  }
}

/** `kubectl get … -o go-template=TEMPLATE` over one object or a List. */
export function printGoTemplate(template: string, data: unknown): PrintResult {
  if (template === "") return { ok: false, message: "template format specified but no template given" };
  let nodes: TNode[];
  try {
    nodes = parseTemplate(template);
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, message: e.message };
    throw e;
  }
  const exec = new Executor(template, data as JsonValue);
  try {
    exec.run(nodes, data as JsonValue);
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, message: e.message };
    if (e instanceof ExecError)
      return { ok: false, message: `error executing template ${goQuote(template)}: ${e.message}` };
    throw e;
  }
  return { ok: true, text: exec.out };
}
