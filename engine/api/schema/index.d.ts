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

export declare const schema: SchemaFile;

export declare function loadDescriptions(): Promise<DescriptionsFile>;
