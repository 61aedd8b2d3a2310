/**
 * Label and selector strings as apimachinery renders them: `labels.FormatLabels`,
 * `labels.Selector.String()` and `metav1.FormatLabelSelector`.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1";

/** Go's sort.Strings order (byte order; the same as UTF-16 order for the label alphabet). */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** labels.FormatLabels: `k=v,k2=v2` with keys sorted, `<none>` when there are none. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort(byteOrder);
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}

const operatorText: Record<string, (key: string, values: string[]) => string> = {
  In: (key, values) => `${key} in (${values.join(",")})`,
  NotIn: (key, values) => `${key} notin (${values.join(",")})`,
  Exists: (key) => key,
  DoesNotExist: (key) => `!${key}`,
};

/**
 * metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key (matchLabels and
 * matchExpressions together), values sorted. `undefined` when the selector is invalid; "" when
 * it selects everything (or is nil: labels.Nothing() also prints as "").
 */
export function selectorString(selector: LabelSelector | undefined | null): string | undefined {
  if (!selector) return "";
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const expr of selector.matchExpressions ?? []) {
    const render = operatorText[expr.operator];
    if (!render) return undefined;
    requirements.push({ key: expr.key, text: render(expr.key, [...(expr.values ?? [])].sort(byteOrder)) });
  }
  // selector.Add sorts with sort.Sort(ByKey) — not stable; equal keys keep insertion order here.
  requirements.sort((a, b) => byteOrder(a.key, b.key));
  return requirements.map((r) => r.text).join(",");
}

/** metav1.FormatLabelSelector: like selectorString, but `<none>` when empty and `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  const s = selectorString(selector);
  if (s === undefined) return "<error>";
  return s === "" ? "<none>" : s;
}
