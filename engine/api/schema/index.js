// The generated schema (scripts/gen-schema.ts), typed by index.d.ts. This module is plain
// JavaScript on purpose: engine/tsconfig.json includes only *.ts, and a .ts module that imports
// JSON would need "./**/*.json" in that list. Node, Vite and esbuild read it as is.
import types from "./types.json" with { type: "json" };

export const schema = types;

/** Field descriptions for `kubectl explain`, loaded on demand so that bundles which never need them stay small. */
export function loadDescriptions() {
  return import("./descriptions.json", { with: { type: "json" } }).then((m) => m.default);
}
