/**
 * The generated schema (scripts/gen-schema.ts) and its types. Field descriptions are loaded
 * on demand, so bundles that never need them (the site's first paint) stay small.
 */
import types from "./types.json" with { type: "json" };

/**
 * Types of the generated schema files (engine/api/README.md, "Schema and strict decoding").
 * Field types are expressions: a scalar (`string`, `boolean`, `int32`, `int64`, `int-or-string`,
 * `quantity`, `time`, `micro-time`, `bytes`, `free-form`), a key of `types` (`core.v1.ServicePort`),
 * a key of `named` (`v1.Protocol`), or `[]T` / `map[string]T` of those.
 */
export interface SchemaType {
  readonly fields: Readonly<Record<string, string>>;
  readonly required?: readonly string[];
}

export interface SchemaFile {
  readonly source: string;
  /** Kind → type key, for every kind in engine/api/resources.ts. */
  readonly roots: Readonly<Record<string, string>>;
  /** Go named type (as Go prints it, e.g. `v1.Protocol`) → its underlying type expression. */
  readonly named: Readonly<Record<string, string>>;
  readonly types: Readonly<Record<string, SchemaType>>;
}

export interface DescriptionsFile {
  readonly source: string;
  readonly types: Readonly<
    Record<string, { readonly type: string; readonly fields: Readonly<Record<string, string>> }>
  >;
}

export const schema: SchemaFile = types as unknown as SchemaFile;

/** Field descriptions for `kubectl explain`, loaded on demand. */
export function loadDescriptions(): Promise<DescriptionsFile> {
  return import("./descriptions.json", { with: { type: "json" } }).then(
    (m) => m.default as unknown as DescriptionsFile,
  );
}
