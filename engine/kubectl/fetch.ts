/**
 * Reading objects for get/describe/delete/label …: each target (a name, or every object of a
 * type in scope, filtered by label and field selectors) becomes the objects the server
 * returns, grouped by type in the order the user named the types; NotFound and bad
 * selectors are collected for the caller to print after what it did find, as kubectl does.
 */
import { type FieldSelector, objectMatchesFields, parseFieldSelector } from "../api/fields.ts";
import { matches, parseSelector, type Selector } from "../api/labels.ts";
import type { StoredObject } from "../api/object.ts";
import type { ResourceInfo } from "../api/resources.ts";
import type { ApiStatus } from "../api/status.ts";
import type { Cluster } from "../simulation/cluster.ts";
import type { ResourceTarget } from "./builder.ts";

export interface FetchedGroup {
  readonly resource: ResourceInfo;
  readonly objects: StoredObject[];
}

export interface FetchOptions {
  readonly namespace: string;
  readonly allNamespaces: boolean;
  readonly selector: string;
  readonly fieldSelector: string;
}

export type Fetched =
  | { readonly ok: true; readonly groups: FetchedGroup[]; readonly errors: ApiStatus[] }
  | { readonly ok: false; readonly message: string };

export function parseSelectors(
  selector: string,
  fieldSelector: string,
): { ok: true; labels: Selector | undefined; fields: FieldSelector | undefined } | { ok: false; message: string } {
  let labels: Selector | undefined;
  let fields: FieldSelector | undefined;
  if (selector) {
    const p = parseSelector(selector);
    if (!p.ok) return { ok: false, message: p.error };
    labels = p.value;
  }
  if (fieldSelector) {
    const p = parseFieldSelector(fieldSelector);
    if (!p.ok) return { ok: false, message: p.error };
    fields = p.value;
  }
  return { ok: true, labels, fields };
}

export function fetchTargets(cluster: Cluster, targets: readonly ResourceTarget[], opts: FetchOptions): Fetched {
  const sel = parseSelectors(opts.selector, opts.fieldSelector);
  if (!sel.ok) return sel;
  const groups: FetchedGroup[] = [];
  const errors: ApiStatus[] = [];
  const groupOf = (resource: ResourceInfo): FetchedGroup => {
    let g = groups.find((x) => x.resource === resource);
    if (!g) {
      g = { resource, objects: [] };
      groups.push(g);
    }
    return g;
  };
  for (const t of targets) {
    const g = groupOf(t.resource);
    if (t.name !== undefined) {
      const r = cluster.get(t.resource, t.name, { namespace: opts.namespace });
      if (r.ok) g.objects.push(r.value);
      else errors.push(r.status);
      continue;
    }
    const scope = t.resource.namespaced && !opts.allNamespaces ? opts.namespace : undefined;
    for (const o of cluster.list(t.resource, scope === undefined ? {} : { namespace: scope })) {
      if (sel.labels && !matches(sel.labels, o.metadata.labels)) continue;
      if (sel.fields && !objectMatchesFields(t.resource.kind, sel.fields, o)) continue;
      g.objects.push(o);
    }
  }
  return { ok: true, groups, errors };
}
