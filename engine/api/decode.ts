/**
 * Strict decoding of a request body into one of our kinds, as the v1.34 API server does it for a
 * create or update with `fieldValidation=Strict` (kubectl's default).
 *
 * Upstream, in order (k8s.io/apimachinery pkg/runtime/serializer/json/json.go, Serializer.Decode):
 * 1. `SimpleMetaFactory.Interpret` reads apiVersion and kind with encoding/json; a syntax error,
 *    too deep a nesting, or a non-string apiVersion/kind fails here.
 * 2. `kjson.UnmarshalStrict` (sigs.k8s.io/json) decodes into the typed object, case-sensitively.
 *    It collects "unknown field" and "duplicate field" errors (deduplicated, at most 100) and keeps
 *    going; the first type mismatch is kept and wins over them; an error from a type's own
 *    UnmarshalJSON (IntOrString, Quantity, Time) stops decoding at once and wins over both.
 * 3. The create/update handler wraps the error (endpoints/handlers/rest.go transformDecodeError):
 *    `Service in version "v1" cannot be handled as a Service: <error>`, or, when step 1 failed,
 *    `the object provided is unrecognized (must be of type Service): <error> (<first 30 bytes>)`.
 *    Strict errors print as runtime.strictDecodingError does:
 *    `strict decoding error: unknown field "spec.ports[0].targetport", unknown field "…"`.
 *
 * A parsed value (`decodeObject`) is walked in the order kubectl sends it, keys sorted (Go's
 * json.Marshal of a map); raw text (`decodeJson`) in document order, with duplicate keys.
 * Nothing here throws on input.
 */
import { goJson } from "./field.ts";
import type { KubeObject } from "./object.ts";
import type { ResourceInfo } from "./resources.ts";
import { base64Decode, base64Encode, base64Error, goIntInRange, quantityError, timeError } from "./schema/go-values.ts";
import { schema } from "./schema/index.ts";
import type { JNode, ParseResult } from "./schema/json.ts";
import { bodyPrefix, fromJs, MAX_DEPTH, parseJsonText, setOwn, summarizeBody, toPlain, utf8 } from "./schema/json.ts";
import type { ApiStatus, Result } from "./status.ts";
import { badRequest, fail, goQuote, ok } from "./status.ts";

export { MAX_DEPTH };

/** sigs.k8s.io/json stops collecting strict errors after this many (kubernetes_patch.go). */
export const MAX_STRICT_ERRORS = 100;

/** Decodes a parsed body (an object from kubectl's YAML or JSON) for the resource it maps to. */
export function decodeObject(raw: unknown, info: ResourceInfo): Result<KubeObject> {
  return guarded(() => {
    return decodeNode(fromJs(raw), info, (node) => summarizeBody(bodyPrefix(node ?? { kind: "null" }, 30)));
  });
}

/** Decodes raw JSON text: syntax errors and duplicate keys are reported as the API server does. */
export function decodeJson(text: string, info: ResourceInfo): Result<KubeObject> {
  return guarded(() => {
    // Every character is at least one byte: 31 characters decide whether the body exceeds 30 bytes.
    const summary = (): string => summarizeBody(utf8(text.slice(0, 31)));
    return decodeNode(parseJsonText(text), info, summary);
  });
}

/** The last line of "never throws": a value whose properties throw when read (a Proxy, a getter). */
function guarded(run: () => Result<KubeObject>): Result<KubeObject> {
  try {
    return run();
  } catch (e) {
    const status: ApiStatus = {
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      message: `the request body could not be read: ${e instanceof Error ? e.message : String(e)}`,
      reason: "InternalError",
      code: 500,
    };
    return fail(status);
  }
}

function decodeNode(
  parsed: ParseResult,
  info: ResourceInfo,
  summary: (node: JNode | undefined) => string,
): Result<KubeObject> {
  const unrecognized = (error: string, node: JNode | undefined): Result<KubeObject> =>
    fail(badRequest(`the object provided is unrecognized (must be of type ${info.kind}): ${error} (${summary(node)})`));
  if (!parsed.ok) return unrecognized(`couldn't get version/kind; json parse error: ${parsed.error}`, parsed.partial);
  const node = parsed.node;
  const gvk = interpret(node, info);
  if (typeof gvk === "string") return unrecognized(gvk, node);

  const root = schema.roots[info.kind];
  if (node.kind !== "object") return ok({}); // `null`: Go decodes nothing and the object stays empty
  if (!root) return ok(toPlain(node) as KubeObject); // a kind without schema (none: schema.test.ts checks)
  const walk = new Walk();
  const value = walk.value(node, typeOf(root), { struct: undefined, fields: [], path: "" });
  const error =
    walk.fatal ??
    walk.saved ??
    (walk.strict.length > 0 ? `strict decoding error: ${walk.strict.join(", ")}` : undefined);
  if (error !== undefined) {
    return fail(
      badRequest(`${gvk.kind} in version ${goQuote(gvk.version)} cannot be handled as a ${info.kind}: ${error}`),
    );
  }
  return ok(value as KubeObject);
}

// ------------------------------------------------------------------------------------------
// Step 1: apiVersion and kind.

/** reflect's name for the anonymous struct Interpret decodes into (serializer/json/meta.go). */
const FIND_KIND_TYPE =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** encoding/json matches keys to fields case-insensitively (with Unicode simple folding). */
function foldsTo(key: string, name: string): boolean {
  if (key.length !== name.length) return false;
  for (let i = 0; i < key.length; i++) {
    const a = key[i]!;
    const b = name[i]!.toLowerCase();
    if (a.toLowerCase() === b) continue;
    if (b === "k" && a === "\u212a") continue; // KELVIN SIGN
    if (b === "s" && a === "\u017f") continue; // LATIN SMALL LETTER LONG S
    return false;
  }
  return true;
}

/** The body's group/version/kind with the endpoint's as defaults, or Interpret's error. */
function interpret(node: JNode, info: ResourceInfo): { kind: string; version: string } | string {
  let apiVersion = "";
  let kind = "";
  if (node.kind !== "object" && node.kind !== "null") {
    return `couldn't get version/kind; json parse error: json: cannot unmarshal ${valueName(node)} into Go value of type ${FIND_KIND_TYPE}`;
  }
  let typeError: string | undefined;
  for (const [key, value] of node.kind === "object" ? node.entries : []) {
    const field = foldsTo(key, "apiVersion") ? "apiVersion" : foldsTo(key, "kind") ? "kind" : undefined;
    if (!field || value.kind === "null") continue;
    if (value.kind !== "string") {
      typeError ??= `json: cannot unmarshal ${valueName(value)} into Go struct field .${field} of type string`;
      continue;
    }
    if (field === "apiVersion") apiVersion = value.value;
    else kind = value.value;
  }
  if (typeError) return `couldn't get version/kind; json parse error: ${typeError}`;
  let group = "";
  let version = "";
  if (apiVersion !== "" && apiVersion !== "/") {
    const parts = apiVersion.split("/");
    if (parts.length > 2) return `unexpected GroupVersion string: ${apiVersion}`;
    [group, version] = parts.length === 2 ? [parts[0]!, parts[1]!] : ["", parts[0]!];
  }
  // gvkWithDefaults (serializer/json/json.go).
  if (kind === "") kind = info.kind;
  if (version === "" && (group === "" || group === info.group)) version = info.version;
  return { kind, version };
}

// ------------------------------------------------------------------------------------------
// Step 2: the typed walk.

type SchemaType =
  | { readonly k: "string"; readonly go: string }
  | { readonly k: "boolean" }
  | { readonly k: "int"; readonly bits: 8 | 32 | 64; readonly go: string }
  | { readonly k: "int-or-string" | "quantity" | "bytes" | "free-form" }
  | { readonly k: "time"; readonly micro: boolean }
  | { readonly k: "array"; readonly of: SchemaType; readonly go: string }
  | { readonly k: "map"; readonly of: SchemaType; readonly go: string }
  | { readonly k: "struct"; readonly key: string; readonly name: string; readonly go: string };

const typeCache = new Map<string, SchemaType>();

/** A `[]byte` given as a JSON array: encoding/json decodes each number into a uint8. */
const BYTE_ARRAY = { k: "array", of: { k: "int", bits: 8, go: "uint8" }, go: "[]uint8" } as const;

/** The parsed form of a schema type expression (engine/api/schema/index.ts), memoised. */
function typeOf(expr: string, named?: string): SchemaType {
  const cacheKey = named ? `${named}=${expr}` : expr;
  const hit = typeCache.get(cacheKey);
  if (hit) return hit;
  const t = parseType(expr, named);
  typeCache.set(cacheKey, t);
  return t;
}

function parseType(expr: string, named: string | undefined): SchemaType {
  if (expr.startsWith("[]")) {
    const of = typeOf(expr.slice(2));
    return { k: "array", of, go: named ?? `[]${goName(of)}` };
  }
  if (expr.startsWith("map[string]")) {
    const of = typeOf(expr.slice(11));
    return { k: "map", of, go: named ?? `map[string]${goName(of)}` };
  }
  switch (expr) {
    case "string":
      return { k: "string", go: named ?? "string" };
    case "boolean":
      return { k: "boolean" };
    case "int32":
      return { k: "int", bits: 32, go: "int32" };
    case "int64":
      return { k: "int", bits: 64, go: "int64" };
    case "time":
    case "micro-time":
      return { k: "time", micro: expr === "micro-time" };
    case "int-or-string":
    case "quantity":
    case "bytes":
    case "free-form":
      return { k: expr };
  }
  const underlying = schema.named[expr];
  if (underlying !== undefined) return typeOf(underlying, expr);
  if (schema.types[expr]) {
    const name = expr.slice(expr.lastIndexOf(".") + 1);
    const pkg = expr.split(".")[1]!;
    return { k: "struct", key: expr, name, go: `${pkg}.${name}` };
  }
  // The generator checks every expression; an unknown one means a broken schema file.
  throw new Error(`schema: unknown type ${expr}`);
}

/** The type as Go's reflect prints it in UnmarshalTypeError. */
function goName(t: SchemaType): string {
  switch (t.k) {
    case "boolean":
      return "bool";
    case "int-or-string":
      return "intstr.IntOrString";
    case "quantity":
      return "resource.Quantity";
    case "bytes":
      return "[]uint8";
    case "free-form":
      return "v1.FieldsV1";
    case "time":
      return t.micro ? "v1.MicroTime" : "v1.Time";
    default:
      return t.go;
  }
}

/** What encoding/json calls a JSON value in "cannot unmarshal <value>". */
function valueName(node: JNode): string {
  switch (node.kind) {
    case "bool":
      return "bool";
    case "null":
      return "null";
    default:
      return node.kind;
  }
}

/** Go's decoder state that error messages read. */
interface Ctx {
  /** errorContext.Struct: the struct whose field is being decoded. */
  readonly struct: string | undefined;
  /** errorContext.FieldStack: JSON names of the struct fields on the way (no indices, no map keys). */
  readonly fields: readonly string[];
  /** The strict errors' path: `spec.ports[0].targetport`. */
  readonly path: string;
}

const fieldCache = new Map<string, Map<string, SchemaType>>();

function fieldsOf(key: string): Map<string, SchemaType> {
  let fields = fieldCache.get(key);
  if (!fields) {
    fields = new Map(Object.entries(schema.types[key]!.fields).map(([name, expr]) => [name, typeOf(expr)]));
    fieldCache.set(key, fields);
  }
  return fields;
}

const child = (path: string, key: string): string => (path === "" ? key : `${path}.${key}`);

class Walk {
  readonly strict: string[] = [];
  private readonly seen = new Set<string>();
  /** The first type mismatch (decodeState.savedError). */
  saved: string | undefined;
  /** An error that stopped decoding. */
  fatal: string | undefined;

  private strictError(kind: "unknown field" | "duplicate field", path: string): void {
    if (this.strict.length >= MAX_STRICT_ERRORS) return;
    const key = `${kind}\n${path}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.strict.push(`${kind} ${goQuote(path)}`);
  }

  /** `json: cannot unmarshal …`, with the context Go adds to an UnmarshalTypeError. */
  private typeError(value: string, goType: string, ctx: Ctx): string {
    if (ctx.struct !== undefined || ctx.fields.length > 0) {
      return `json: cannot unmarshal ${value} into Go struct field ${ctx.struct ?? ""}.${ctx.fields.join(".")} of type ${goType}`;
    }
    return `json: cannot unmarshal ${value} into Go value of type ${goType}`;
  }

  private save(message: string): void {
    this.saved ??= message;
  }

  /** The decoded value, or undefined for "nothing set" (JSON null, or a value Go rejected). */
  value(node: JNode, type: SchemaType, ctx: Ctx): unknown {
    if (node.kind === "null") return undefined;
    switch (type.k) {
      case "string":
        if (node.kind === "string") return node.value;
        this.save(this.typeError(valueName(node), type.go, ctx));
        return undefined;
      case "boolean":
        if (node.kind === "bool") return node.value;
        this.save(this.typeError(valueName(node), "bool", ctx));
        return undefined;
      case "int":
        if (node.kind === "number") {
          // Only the elements of a []byte are 8-bit, and those are unsigned.
          if (goIntInRange(node.text, type.bits, type.bits === 8)) return Number(node.text);
          this.save(this.typeError(`number ${node.text}`, type.go, ctx));
          return undefined;
        }
        this.save(this.typeError(valueName(node), type.go, ctx));
        return undefined;
      case "int-or-string":
        // IntOrString.UnmarshalJSON: a string, else encoding/json into an int32. Its errors
        // stop the decoding and get the outer context (intstr.go).
        if (node.kind === "string") return node.value;
        if (node.kind === "number" && goIntInRange(node.text, 32, false)) return Number(node.text);
        this.fatal = this.typeError(node.kind === "number" ? `number ${node.text}` : valueName(node), "int32", ctx);
        return undefined;
      case "quantity": {
        // Quantity.UnmarshalJSON parses the literal's text, quotes removed (quantity.go).
        const raw =
          node.kind === "string"
            ? (node.raw ?? goJson(node.value)).slice(1, -1)
            : node.kind === "number"
              ? node.text
              : node.kind === "bool"
                ? String(node.value)
                : node.kind === "array"
                  ? "["
                  : "{";
        const error = quantityError(raw);
        if (error) this.fatal = error;
        return error ? undefined : node.kind === "string" ? node.value : raw;
      }
      case "time": {
        // metav1.Time.UnmarshalJSON: encoding/json into a string, then time.Parse (time.go).
        if (node.kind !== "string") {
          this.fatal = this.typeError(valueName(node), "string", ctx);
          return undefined;
        }
        const error = timeError(node.value, type.micro);
        if (error) this.fatal = error;
        return error ? undefined : node.value;
      }
      case "bytes":
        if (node.kind === "string") {
          const error = base64Error(node.value);
          if (error) this.save(error);
          return error ? undefined : base64Encode(base64Decode(node.value));
        }
        if (node.kind === "array") {
          // encoding/json also takes a []byte as an array of numbers.
          const bytes = this.array(node, BYTE_ARRAY, ctx) as number[] | undefined;
          return bytes ? base64Encode(bytes) : undefined;
        }
        this.save(this.typeError(valueName(node), "[]uint8", ctx));
        return undefined;
      case "free-form":
        return toPlain(node);
      case "array":
        return this.array(node, type, ctx);
      case "map":
        return this.map(node, type, ctx);
      case "struct":
        return this.struct(node, type, ctx);
    }
  }

  private array(node: JNode, type: SchemaType & { k: "array" }, ctx: Ctx): unknown {
    if (node.kind !== "array") {
      this.save(this.typeError(valueName(node), type.go, ctx));
      return undefined;
    }
    const out: unknown[] = [];
    for (let i = 0; i < node.items.length; i++) {
      const v = this.value(node.items[i]!, type.of, { ...ctx, path: `${ctx.path}[${i}]` });
      if (this.fatal) return undefined;
      out.push(v === undefined ? zero(type.of) : v);
    }
    return out;
  }

  private map(node: JNode, type: SchemaType & { k: "map" }, ctx: Ctx): unknown {
    if (node.kind !== "object") {
      this.save(this.typeError(valueName(node), type.go, ctx));
      return undefined;
    }
    const out: Record<string, unknown> = {};
    const keys = new Set<string>();
    for (const [key, item] of node.entries) {
      const path = child(ctx.path, key);
      if (keys.has(key)) this.strictError("duplicate field", path);
      keys.add(key);
      const v = this.value(item, type.of, { ...ctx, path });
      if (this.fatal) return undefined;
      setOwn(out, key, v === undefined ? zero(type.of) : v);
    }
    return out;
  }

  private struct(node: JNode, type: SchemaType & { k: "struct" }, ctx: Ctx): unknown {
    if (node.kind !== "object") {
      this.save(this.typeError(valueName(node), type.go, ctx));
      return undefined;
    }
    const fields = fieldsOf(type.key);
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const [key, item] of node.entries) {
      const path = child(ctx.path, key);
      const fieldType = fields.get(key);
      if (!fieldType) {
        this.strictError("unknown field", path);
        continue;
      }
      if (seen.has(key)) this.strictError("duplicate field", path);
      seen.add(key);
      const v = this.value(item, fieldType, { struct: type.name, fields: [...ctx.fields, key], path });
      if (this.fatal) return undefined;
      if (v !== undefined) setOwn(out, key, v);
    }
    return out;
  }
}

/** What Go stores for a null array element or map value: the element type's zero value. */
function zero(t: SchemaType): unknown {
  switch (t.k) {
    case "string":
      return "";
    case "boolean":
      return false;
    case "int":
    case "int-or-string":
      return 0;
    case "quantity":
      return "0";
    case "struct":
      return {};
    default:
      return null;
  }
}
