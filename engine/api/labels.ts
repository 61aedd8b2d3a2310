/**
 * Label selectors, as k8s.io/apimachinery v0.34 (Kubernetes v1.34) implements them:
 * the string syntax `kubectl -l` and the API's `labelSelector` parameter accept
 * (pkg/labels/selector.go `Parse`), matching a label map, `metav1.LabelSelector`
 * conversion (`LabelSelectorAsSelector`) and the printers' formatting
 * (`labels.FormatLabels`, `metav1.FormatLabelSelector`).
 *
 * Errors are values, never exceptions, and their texts are the upstream ones: the API
 * server answers a bad `labelSelector` with `BadRequest` and exactly this message.
 *
 * Written from the upstream behaviour and messages; no upstream code is copied.
 */

import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { FieldError } from "./field.ts";
import { field, formatFieldError } from "./field.ts";
import { isQualifiedName, isValidLabelValue } from "./validation/names.ts";

/** The operators of k8s.io/apimachinery/pkg/selection, spelled as upstream spells them. */
export type LabelOperator = "in" | "notin" | "=" | "==" | "!=" | "exists" | "!" | "gt" | "lt";

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /**
   * As given. The parser hands over a set (sorted, without duplicates); a
   * `metav1.LabelSelector` hands over its list unchanged. `String()` sorts either way.
   */
  readonly values: readonly string[];
}

/**
 * A parsed label selector: the AND of its requirements, sorted by key. `nothing` is
 * upstream's `labels.Nothing()` (what a nil `metav1.LabelSelector` converts to): it
 * matches no object and prints as "".
 */
export interface Selector {
  readonly nothing: boolean;
  readonly requirements: readonly LabelRequirement[];
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const everything: Selector = { nothing: false, requirements: [] };
export const nothing: Selector = { nothing: true, requirements: [] };

function good<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function bad<T>(error: string): Parsed<T> {
  return { ok: false, error };
}

// ---------------------------------------------------------------------------------------
// Validation texts (k8s.io/apimachinery/pkg/util/validation), needed for the parser's errors.

/**
 * An error list as `field.ErrorList.ToAggregate().Error()` prints it: one error alone,
 * several (duplicates dropped) as `[a, b]`.
 */
function aggregate(errors: readonly FieldError[]): string | undefined {
  const texts = [...new Set(errors.map(formatFieldError))];
  if (texts.length === 0) return undefined;
  return texts.length === 1 ? texts[0] : `[${texts.join(", ")}]`;
}

/** The path the parser passes is nil, and a nil `*field.Path` prints as `<nil>`. */
const nilPath = "<nil>";

// ---------------------------------------------------------------------------------------
// Requirements

const binaryOperators: readonly LabelOperator[] = ["in", "notin", "=", "==", "!=", "gt", "lt"];

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, within int64. */
function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n < int64Min || n > int64Max ? undefined : n;
}

/**
 * `labels.NewRequirement`: checks the key, the number of values for the operator and
 * each value, and reports every problem at once. The field paths are relative
 * (`key`, `values`, `values[0][app]`), as upstream's are when it is given no path.
 */
export function newRequirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[] | null,
): Parsed<LabelRequirement> {
  const errors: FieldError[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) errors.push(field.invalid("key", key, keyErrs.join("; ")));
  // A nil list (a LabelSelectorRequirement without values) prints as null, an empty one as [].
  const vals = values ?? [];
  switch (operator) {
    case "in":
    case "notin":
      if (vals.length === 0)
        errors.push(field.invalid("values", values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case "=":
    case "==":
    case "!=":
      if (vals.length !== 1)
        errors.push(field.invalid("values", values, "exact-match compatibility requires one single value"));
      break;
    case "exists":
    case "!":
      if (vals.length !== 0)
        errors.push(field.invalid("values", values, "values set must be empty for exists and does not exist"));
      break;
    case "gt":
    case "lt":
      if (vals.length !== 1)
        errors.push(field.invalid("values", values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined)
          errors.push(field.invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  vals.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0) errors.push(field.invalid(`values[${i}][${key}]`, v, valueErrs.join("; ")));
  });
  const error = aggregate(errors);
  if (error !== undefined) return bad(error);
  return good({ key, operator, values: [...vals] });
}

export function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>> | undefined): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return value !== undefined && r.values.includes(value);
    case "notin":
    case "!=":
      return value === undefined || !r.values.includes(value);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      if (value === undefined || r.values.length !== 1) return false;
      const have = parseInt64(value);
      const want = parseInt64(r.values[0]!);
      if (have === undefined || want === undefined) return false;
      return r.operator === "gt" ? have > want : have < want;
    }
  }
}

/** Go's sort.Strings order (bytes, which for these ASCII-only values is code units). */
function sortStrings(values: readonly string[]): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `Requirement.String()`: `!a`, `a`, `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a>1`. */
export function requirementString(r: LabelRequirement): string {
  let out = r.operator === "!" ? `!${r.key}` : r.key;
  switch (r.operator) {
    case "exists":
    case "!":
      return out;
    case "=":
    case "==":
    case "!=":
      out += r.operator;
      break;
    case "in":
    case "notin":
      out += ` ${r.operator} (`;
      break;
    case "gt":
      out += ">";
      break;
    case "lt":
      out += "<";
      break;
  }
  out += r.values.length === 1 ? r.values[0] : sortStrings(r.values).join(",");
  if (r.operator === "in" || r.operator === "notin") out += ")";
  return out;
}

/** Requirements sorted by key, keeping the order of equal keys (Go sorts these small lists stably). */
function byKey(requirements: readonly LabelRequirement[]): LabelRequirement[] {
  return requirements
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : a.i - b.i))
    .map((x) => x.r);
}

// ---------------------------------------------------------------------------------------
// Selectors

export function isEverything(s: Selector): boolean {
  return !s.nothing && s.requirements.length === 0;
}

/** Whether `labels` satisfy every requirement. The empty selector matches everything, `nothing` nothing. */
export function matches(s: Selector, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (s.nothing) return false;
  return s.requirements.every((r) => requirementMatches(r, labels));
}

/** The canonical `Selector.String()`: requirements (sorted by key) joined by `,`; "" for everything and nothing. */
export function selectorString(s: Selector): string {
  if (s.nothing) return "";
  return s.requirements.map(requirementString).join(",");
}

/** `labels.SelectorFromSet`: `k=v` for every entry, no validation. An empty map selects everything. */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined): Selector {
  const keys = Object.keys(set ?? {});
  return {
    nothing: false,
    requirements: byKey(keys.map((key) => ({ key, operator: "=" as const, values: [set![key]!] }))),
  };
}

/** `labels.FormatLabels` (`labels.Set.String()`): `k=v` entries sorted as strings, joined by `,`; `<none>` when empty. */
export function formatLabels(set: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(set ?? {}).map(([k, v]) => `${k}=${v}`);
  return entries.length === 0 ? "<none>" : sortStrings(entries).join(",");
}

const selectorOperators: Readonly<Record<string, LabelOperator>> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * `metav1.LabelSelectorAsSelector`. A nil selector gives `nothing`; an empty one
 * (`{}`, no matchLabels and no matchExpressions) gives everything. matchLabels become
 * `=` requirements, matchExpressions In/NotIn/Exists/DoesNotExist; the first invalid
 * requirement is the error (upstream walks matchLabels in Go map order; here it is
 * key order, so that the error is deterministic).
 */
export function labelSelectorAsSelector(ps: LabelSelector | null | undefined): Parsed<Selector> {
  if (ps === null || ps === undefined) return good(nothing);
  const matchLabels = ps.matchLabels ?? {};
  const expressions = ps.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + expressions.length === 0) return good(everything);
  const requirements: LabelRequirement[] = [];
  for (const key of sortStrings(Object.keys(matchLabels))) {
    const r = newRequirement(key, "=", [matchLabels[key]!]);
    if (!r.ok) return r;
    requirements.push(r.value);
  }
  for (const expr of expressions) {
    const op = Object.hasOwn(selectorOperators, expr.operator) ? selectorOperators[expr.operator] : undefined;
    if (op === undefined) return bad(`"${expr.operator}" is not a valid label selector operator`);
    const r = newRequirement(expr.key, op, expr.values && expr.values.length > 0 ? expr.values : null);
    if (!r.ok) return r;
    requirements.push(r.value);
  }
  return good({ nothing: false, requirements: byKey(requirements) });
}

/**
 * `metav1.FormatLabelSelector`, the POD-SELECTOR / SELECTOR cell: the selector's string,
 * `<none>` when that is empty (an empty or a nil selector), `<error>` when it is invalid.
 */
export function formatLabelSelector(ps: LabelSelector | null | undefined): string {
  const s = labelSelectorAsSelector(ps);
  if (!s.ok) return "<error>";
  const text = selectorString(s.value);
  return text.length === 0 ? "<none>" : text;
}

// ---------------------------------------------------------------------------------------
// The string parser: a lexer and a recursive-descent parser with one token of lookahead.

type Token =
  | "end"
  | "closePar"
  | "comma"
  | "bang"
  | "doubleEquals"
  | "equals"
  | "greater"
  | "identifier"
  | "in"
  | "less"
  | "notEquals"
  | "notin"
  | "openPar";

interface Item {
  readonly token: Token;
  readonly literal: string;
}

const keywords: Readonly<Record<string, Token>> = {
  ")": "closePar",
  ",": "comma",
  "!": "bang",
  "==": "doubleEquals",
  "=": "equals",
  ">": "greater",
  in: "in",
  "<": "less",
  "!=": "notEquals",
  notin: "notin",
  "(": "openPar",
};

function isWhitespace(c: string): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}

function isSpecial(c: string): boolean {
  return c === "=" || c === "!" || c === "(" || c === ")" || c === "," || c === ">" || c === "<";
}

/**
 * Splits the input into tokens, reading it as upstream's lexer does: byte by byte, with
 * a NUL byte read as "end". A NUL where a token would start ends the input; a NUL inside
 * a token ends that token and is skipped. Runs of special characters give the longest
 * token they start with (`!=`, `==`, else one character); identifiers run to the next
 * special character or blank.
 */
function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  const read = (): string => (pos < input.length ? input[pos++]! : "\0");
  for (;;) {
    let c = read();
    while (isWhitespace(c)) c = read();
    if (c === "\0") {
      items.push({ token: "end", literal: "" });
      return items;
    }
    pos--;
    let buffer = "";
    if (isSpecial(c)) {
      // Every single special character is a token, so `longest` is always set.
      let longest = "";
      for (;;) {
        const ch = read();
        if (ch === "\0") break;
        if (!isSpecial(ch)) {
          pos--;
          break;
        }
        buffer += ch;
        if (Object.hasOwn(keywords, buffer)) longest = buffer;
        else {
          pos--;
          break;
        }
      }
      items.push({ token: keywords[longest]!, literal: longest });
      continue;
    }
    for (;;) {
      const ch = read();
      if (ch === "\0") break;
      if (isSpecial(ch) || isWhitespace(ch)) {
        pos--;
        break;
      }
      buffer += ch;
    }
    items.push({ token: Object.hasOwn(keywords, buffer) ? keywords[buffer]! : "identifier", literal: buffer });
  }
}

class ParseError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** In the values context `in` and `notin` are plain identifiers (`a in (in)`). */
type Context = "keyAndOperator" | "values";

class Parser {
  private position = 0;
  private readonly items: readonly Item[];

  constructor(items: readonly Item[]) {
    this.items = items;
  }

  private view(item: Item, context: Context): Item {
    if (context === "values" && (item.token === "in" || item.token === "notin"))
      return { token: "identifier", literal: item.literal };
    return item;
  }

  lookahead(context: Context): Item {
    return this.view(this.items[this.position]!, context);
  }

  consume(context: Context): Item {
    // Past the end stays at the end token, which the grammar never consumes twice.
    const item = this.items[Math.min(this.position, this.items.length - 1)]!;
    this.position++;
    return this.view(item, context);
  }

  parse(): LabelRequirement[] | ParseError {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const next = this.lookahead("values");
      if (next.token === "identifier" || next.token === "bang") {
        const r = this.parseRequirement();
        if (r instanceof ParseError) return new ParseError(`unable to parse requirement: ${r.message}`);
        requirements.push(r);
        const after = this.consume("values");
        if (after.token === "end") return requirements;
        if (after.token === "comma") {
          const following = this.lookahead("values");
          if (following.token !== "identifier" && following.token !== "bang")
            return new ParseError(`found '${following.literal}', expected: identifier after ','`);
          continue;
        }
        return new ParseError(`found '${after.literal}', expected: ',' or 'end of string'`);
      }
      if (next.token === "end") return requirements;
      return new ParseError(`found '${next.literal}', expected: !, identifier, or 'end of string'`);
    }
  }

  private parseRequirement(): LabelRequirement | ParseError {
    let item = this.consume("values");
    let operator: LabelOperator | undefined;
    if (item.token === "bang") {
      operator = "!";
      item = this.consume("values");
    }
    if (item.token !== "identifier") return new ParseError(`found '${item.literal}', expected: identifier`);
    const key = item.literal;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length > 0) return new ParseError(formatFieldError(field.invalid(nilPath, key, keyErrs.join("; "))));
    const next = this.lookahead("values").token;
    if ((next === "end" || next === "comma") && operator === undefined) operator = "exists";
    if (operator !== undefined) return fromParsed(newRequirement(key, operator, []));

    const opItem = this.consume("keyAndOperator");
    const op = operatorTokens[opItem.token];
    if (op === undefined) return new ParseError(`found '${opItem.literal}', expected: ${binaryOperators.join(", ")}`);
    const values = op === "in" || op === "notin" ? this.parseValues() : this.parseExactValue();
    if (values instanceof ParseError) return values;
    return fromParsed(newRequirement(key, op, sortStrings([...values])));
  }

  private parseValues(): Set<string> | ParseError {
    const open = this.consume("values");
    if (open.token !== "openPar") return new ParseError(`found '${open.literal}' expected: '('`);
    const first = this.lookahead("values");
    if (first.token === "identifier" || first.token === "comma") {
      const values = this.parseIdentifiersList();
      if (values instanceof ParseError) return values;
      // Upstream reports the token it looked at before the list here, not the one it found.
      if (this.consume("values").token !== "closePar") return new ParseError(`found '${first.literal}', expected: ')'`);
      return values;
    }
    if (first.token === "closePar") {
      this.consume("values");
      return new Set([""]);
    }
    return new ParseError(`found '${first.literal}', expected: ',', ')' or identifier`);
  }

  /**
   * A comma-separated list in which values may be empty: `(a,,b)`, `(,a)`, `(a,)`.
   * As in v1.34, two commas in a row consume the second one here, so `(a,,)` is an
   * error (`found ')', expected: ',', or identifier`) — a quirk fixed after v1.34.
   */
  private parseIdentifiersList(): Set<string> | ParseError {
    const values = new Set<string>();
    for (;;) {
      const item = this.consume("values");
      if (item.token === "identifier") {
        values.add(item.literal);
        const next = this.lookahead("values");
        if (next.token === "comma") continue;
        if (next.token === "closePar") return values;
        return new ParseError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (item.token === "comma") {
        if (values.size === 0) values.add("");
        const next = this.lookahead("values").token;
        if (next === "closePar") {
          values.add("");
          return values;
        }
        if (next === "comma") {
          this.consume("values");
          values.add("");
        }
        continue;
      }
      return new ParseError(`found '${item.literal}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): Set<string> | ParseError {
    const next = this.lookahead("values").token;
    if (next === "end" || next === "comma") return new Set([""]);
    const item = this.consume("values");
    if (item.token === "identifier") return new Set([item.literal]);
    return new ParseError(`found '${item.literal}', expected: identifier`);
  }
}

const operatorTokens: Partial<Record<Token, LabelOperator>> = {
  in: "in",
  equals: "=",
  doubleEquals: "==",
  greater: "gt",
  less: "lt",
  notin: "notin",
  notEquals: "!=",
};

function fromParsed(r: Parsed<LabelRequirement>): LabelRequirement | ParseError {
  return r.ok ? r.value : new ParseError(r.error);
}

/**
 * `labels.Parse`: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`,
 * `a<1`, joined by `,` (AND). Blanks (space, tab, CR, LF) separate tokens and are
 * otherwise ignored. The empty string selects everything. The requirements come back
 * sorted by key; errors carry upstream's exact message, e.g.
 * `unable to parse requirement: found '', expected: in, notin, =, ==, !=, gt, lt`.
 *
 * kubectl sends `-l` to the server unparsed (after trimming surrounding blanks), so
 * these messages reach the user inside kubectl's "Unable to find … that match label
 * selector …" wrapper (see fields.ts `listErrorMessage`).
 */
export function parseSelector(input: string): Parsed<Selector> {
  const result = new Parser(lex(input)).parse();
  if (result instanceof ParseError) return bad(result.message);
  return good({ nothing: false, requirements: byKey(result) });
}
