/**
 * `kubectl explain` (k8s.io/kubectl pkg/cmd/explain with pkg/explain/v2 and its
 * templates/plaintext.tmpl): the OpenAPI-v3 text layout — `GROUP:`/`KIND:`/`VERSION:`, then
 * `FIELD: name <type>` for a field path, `DESCRIPTION:` wrapped at 76 columns as
 * mitchellh/go-wordwrap wraps it and indented 4, and `FIELDS:` with `name\t<type>` (plus
 * ` -required-`) and each description wrapped at 78 minus the indent; `--recursive` lists the
 * nested fields one line each. Built from the engine's schema (engine/api/schema): a field
 * whose type is another type is treated as the `allOf: [$ref]` wrapper OpenAPI v3 uses, so a
 * field's DESCRIPTION is its own text followed by its type's, as in real output.
 *
 * Not modelled (the schema data does not carry them): `enum:` lines and "Possible enum
 * values" paragraphs, and the descriptions of IntOrString, Quantity, Time and FieldsV1.
 */
import type { ResourceInfo } from "../../api/resources.ts";
import { type DescriptionsFile, loadDescriptions, schema } from "../../api/schema/index.ts";
import { resolveType } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";

/** mitchellh/go-wordwrap v1.0.1 WrapString: breaks only at white space; long words overflow. */
export function wrapString(s: string, lim: number): string {
  let buf = "";
  let current = 0;
  let word = "";
  let wordLen = 0;
  let space = "";
  let spaceLen = 0;
  const isSpace = (ch: string) => ch !== "\u00a0" && /^[\s\u0085]$/u.test(ch);
  for (const ch of s) {
    if (ch === "\n") {
      if (word.length === 0) {
        if (current + spaceLen > lim) current = 0;
        else {
          current += spaceLen;
          buf += space;
        }
        space = "";
        spaceLen = 0;
      } else {
        current += spaceLen + wordLen;
        buf += space + word;
        space = "";
        spaceLen = 0;
        word = "";
        wordLen = 0;
      }
      buf += ch;
      current = 0;
    } else if (isSpace(ch)) {
      if (space.length === 0 || word.length > 0) {
        current += spaceLen + wordLen;
        buf += space + word;
        space = "";
        spaceLen = 0;
        word = "";
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + wordLen + spaceLen > lim && wordLen < lim) {
        buf += "\n";
        current = 0;
        space = "";
        spaceLen = 0;
      }
    }
  }
  if (word.length === 0) {
    if (current + spaceLen <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

/** The template's `indent`: pad the first line and every line after a newline. */
function indent(amount: number, s: string): string {
  const pad = " ".repeat(amount);
  return pad + s.replaceAll("\n", `\n${pad}`);
}

/**
 * A schema node as the template sees it: a type expression from types.json, the field's own
 * description (for a field), and whether the node is a `$ref` wrapper.
 */
interface Node {
  /** Type expression: scalar, type key, named type, `[]T`, `map[string]T`. */
  readonly expr: string;
  readonly description?: string;
}

/** Resolve named Go types (`v1.Protocol` → `string`) to their underlying expression. */
function underlying(expr: string): string {
  let e = expr;
  for (let i = 0; i < 10 && schema.named[e] !== undefined; i++) e = schema.named[e]!;
  return e;
}

const scalarTypes: Record<string, string> = {
  string: "string",
  time: "string",
  "micro-time": "string",
  bytes: "string",
  boolean: "boolean",
  int32: "integer",
  int64: "integer",
  number: "number",
  "int-or-string": "IntOrString",
  quantity: "Quantity",
  "free-form": "FieldsV1",
};

/** The `typeGuess` template. */
function typeGuess(expr: string): string {
  const e = underlying(expr);
  if (e.startsWith("[]")) return `[]${typeGuess(e.slice(2))}`;
  if (e.startsWith("map[string]")) return `map[string]${typeGuess(e.slice("map[string]".length))}`;
  if (scalarTypes[e] !== undefined) return scalarTypes[e]!;
  if (schema.types[e]) return e.split(".").pop() || "Object";
  return "Object";
}

/** The object type a node leads to (through arrays and maps), if any. */
function objectTypeOf(expr: string): string | undefined {
  const e = underlying(expr);
  if (e.startsWith("[]")) return objectTypeOf(e.slice(2));
  if (e.startsWith("map[string]")) return objectTypeOf(e.slice("map[string]".length));
  return schema.types[e] ? e : undefined;
}

class Explainer {
  private readonly descriptions: DescriptionsFile;
  constructor(descriptions: DescriptionsFile) {
    this.descriptions = descriptions;
  }

  private typeDescription(key: string): string | undefined {
    return this.descriptions.types[key]?.type || undefined;
  }

  private fieldDescription(typeKey: string, field: string): string | undefined {
    return this.descriptions.types[typeKey]?.fields[field] || undefined;
  }

  /** The `description` template: the node's own text, then its type's (each followed by a newline). */
  description(node: Node): string {
    let text = node.description ? `${node.description}\n` : "";
    const t = objectTypeOf(node.expr);
    if (t) {
      const d = this.typeDescription(t);
      if (d) text += `${d}\n`;
    }
    return text;
  }

  /** The `fieldDetail` template. */
  fieldDetail(typeKey: string, name: string, level: number, short: boolean): string {
    const type = schema.types[typeKey]!;
    const indentAmount = level * 2;
    let out = `${indent(indentAmount, name)}\t<${typeGuess(type.fields[name]!)}>`;
    if (type.required?.includes(name)) out += " -required-";
    out += "\n";
    if (!short) {
      const d = this.fieldDescription(typeKey, name) ?? "<no description>";
      out += `${indent(indentAmount + 2, wrapString(d, 78 - indentAmount))}\n\n`;
    }
    return out;
  }

  /** The `fieldList` template over the object type a node leads to; `seen` stops cycles. */
  fieldList(expr: string, level: number, recursive: boolean, seen: ReadonlySet<string>): string {
    const t = objectTypeOf(expr);
    if (!t || seen.has(t)) return "";
    const next = new Set(seen).add(t);
    const type = schema.types[t]!;
    let out = "";
    for (const name of Object.keys(type.fields).sort(goOrder)) {
      out += this.fieldDetail(t, name, level, recursive);
      if (recursive) out += this.fieldList(type.fields[name]!, level + 1, recursive, next);
    }
    return out;
  }

  /** The `output` template: follow the path, then print FIELD/DESCRIPTION/FIELDS; undefined when a field is missing. */
  output(node: Node, path: readonly string[], recursive: boolean): string | undefined {
    if (path.length === 0) {
      const d = this.description(node) || "<empty>";
      let out = `DESCRIPTION:\n${indent(4, wrapString(d, 76))}\n`;
      const fields = this.fieldList(node.expr, 1, recursive, new Set());
      if (fields) out += `FIELDS:\n${fields}`;
      return out;
    }
    const t = objectTypeOf(node.expr);
    if (!t) return undefined;
    const type = schema.types[t]!;
    const name = path[0]!;
    const fieldExpr = type.fields[name];
    if (fieldExpr === undefined) return undefined;
    let head = "";
    if (path.length === 1) head = `FIELD: ${name} <${typeGuess(fieldExpr)}>\n\n\n`;
    const sub: Node = {
      expr: fieldExpr,
      ...(type.fields[name] ? { description: this.fieldDescription(t, name) } : {}),
    };
    const rest = this.output(sub, path.slice(1), recursive);
    return rest === undefined ? undefined : head + rest;
  }
}

/** Go's string order (bytewise), as text/template ranges over a map. */
function goOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SplitAndParseResourceRequestWithMatchingPrefix, for the `type.field.field` forms learners type. */
function splitRequest(
  input: string,
): { ok: true; resource: ResourceInfo; path: string[] } | { ok: false; message: string } {
  const parts = input.split(".");
  const resource = resolveType(parts[0]!);
  if (!resource) return { ok: false, message: `the server doesn't have a resource type "${parts[0]}"` };
  const groupResource = resource.group ? `${resource.resource}.${resource.group}` : resource.resource;
  let rest = parts.slice(1);
  if (input.startsWith(groupResource) && (input.length === groupResource.length || input[groupResource.length] === "."))
    rest = input.slice(groupResource.length).split(".").slice(1);
  if (rest.some((p) => p === "" || /[[\]]/.test(p)))
    return { ok: false, message: "invalid jsonpath syntax, first node must be field node" };
  return { ok: true, resource, path: rest };
}

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out } = ctx;
  if (f.args.length === 0)
    return out.error(
      'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
  if (f.args.length > 1) return out.error("We accept only this format: explain RESOURCE\n");
  const req = splitRequest(f.args[0]!);
  if (!req.ok) return out.error(req.message);
  const output = f.str("output");
  if (output === "plaintext-openapiv2") {
    out.err("kubook: kubectl explain --output=plaintext-openapiv2 is not simulated\n");
    return 1;
  }
  if (output !== "plaintext") return out.error(`unrecognized format: ${output}`);
  const apiVersion = f.str("api-version");
  const { resource } = req;
  if (apiVersion) {
    const [g, v] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    if (g !== resource.group || v !== resource.version) {
      const gvr = `${g}/${v}, Resource=${resource.resource}`;
      return out.error(`couldn't find resource for "${gvr}"`);
    }
  }
  const typeKey = schema.roots[resource.kind];
  if (!typeKey)
    return out.error(
      `GVR (${resource.group}/${resource.version}, Resource=${resource.resource}) not found in OpenAPI schema`,
    );
  const explainer = new Explainer(await loadDescriptions());
  let text = "";
  if (resource.group) text += `GROUP:      ${resource.group}\n`;
  text += `KIND:       ${resource.kind}\nVERSION:    ${resource.version}\n\n`;
  const body = explainer.output({ expr: typeKey }, req.path, f.bool("recursive"));
  if (body === undefined) return out.error(`field "${req.path[req.path.length - 1]}" does not exist`);
  out.out(`${text}${body}\n`);
  return 0;
}

export const explainCommand: CommandSpec = {
  name: "explain",
  short: "Get documentation for a resource",
  group: "basic",
  usage:
    "kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]",
  examples:
    "  # Get the documentation of the resource and its fields\n  kubectl explain pods\n\n  # Get all the fields in the resource\n  kubectl explain pods --recursive\n\n  # Get the explanation for deployment in supported api versions\n  kubectl explain deployments --api-version=apps/v1\n\n  # Get the documentation of a specific field of a resource\n  kubectl explain pods.spec.containers\n\n  # Get the documentation of resources in different format\n  kubectl explain deployment --output=plaintext-openapiv2",
  flags: [
    { name: "recursive", type: "bool", usage: "Print the fields of fields (Currently only 1 level deep)" },
    {
      name: "api-version",
      type: "string",
      usage: "Get different explanations for particular API version (API group/version)",
    },
    {
      name: "output",
      shorthand: "o",
      type: "string",
      defaultValue: "plaintext",
      usage: "Format in which to render the schema (plaintext, plaintext-openapiv2)",
    },
  ],
  run,
};
