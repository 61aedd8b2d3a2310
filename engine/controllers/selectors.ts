/**
 * Selector matching as controllers need it. Service selectors are plain maps (all pairs
 * must match; an empty or missing map selects nothing for a Service — upstream skips
 * selector-less Services); workload selectors are metav1.LabelSelectors.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1";
import { labelSelectorAsSelector, matches } from "../api/labels.ts";

export type Labels = Readonly<Record<string, string>> | undefined;

export function matchesMap(selector: Labels, labels: Labels): boolean {
  if (!selector) return false;
  for (const k of Object.keys(selector)) if (labels?.[k] !== selector[k]) return false;
  return true;
}

/** metav1.LabelSelectorAsSelector semantics: an empty selector matches everything; nil, or an invalid one, matches nothing. */
export function matchesLabelSelector(sel: LabelSelector | undefined, labels: Labels): boolean {
  if (!sel) return false;
  // Stored objects are immutable, so a selector object parses to the same thing every time.
  let parsed = parsedSelectors.get(sel);
  if (!parsed) {
    parsed = labelSelectorAsSelector(sel);
    parsedSelectors.set(sel, parsed);
  }
  return parsed.ok && matches(parsed.value, labels);
}

const parsedSelectors = new WeakMap<LabelSelector, ReturnType<typeof labelSelectorAsSelector>>();

/** The `key=value` pairs an object's labels are indexed under. */
export function labelPairs(namespace: string | undefined, labels: Labels): string[] {
  if (!labels) return [];
  return Object.keys(labels).map((k) => `${namespace ?? ""}\0${k}=${labels[k]}`);
}
