/**
 * The `k=v,k2=v2` label syntax kubectl's generators read (`--labels`, `--selector`,
 * the selector `run` and `expose` derive) — generate.ParseLabels and expose's parseLabels,
 * which share their texts. Not the selector language of `kubectl get -l`: `a!=b` here is
 * the key `a!` with the value `b`, as upstream reads it.
 */
import type { StringMap } from "./result.ts";

export type ParsedLabels =
  | { readonly ok: true; readonly labels: StringMap }
  | { readonly ok: false; readonly message: string };

export function parseLabelSpec(spec: string): ParsedLabels {
  if (spec.length === 0) return { ok: false, message: "no label spec passed" };
  const labels: StringMap = {};
  for (const item of spec.split(",")) {
    const parts = item.split("=");
    if (parts.length !== 2) return { ok: false, message: `unexpected label spec: ${item}` };
    const [key, value] = parts as [string, string];
    if (key.length === 0) return { ok: false, message: "unexpected empty label key" };
    labels[key] = value;
  }
  return { ok: true, labels };
}
