/**
 * `-o name` and the List wrapper that `kubectl get` prints several objects in.
 */
import type { StoredObject } from "../../api/object.ts";
import type { ResourceInfo } from "../../api/resources.ts";

/**
 * `kind[.group]` lower-cased, as `strings.ToLower(GroupKind.String())`: `service`,
 * `deployment.apps`, `endpointslice.discovery.k8s.io`. The prefix of `-o name` and of names in
 * multi-type tables.
 */
export function kindPrefix(resource: ResourceInfo): string {
  return (resource.group === "" ? resource.kind : `${resource.kind}.${resource.group}`).toLowerCase();
}

/** cli-runtime NamePrinter: `service/web`, `deployment.apps/web`. */
export function printName(resource: ResourceInfo, obj: StoredObject): string {
  return `${kindPrefix(resource)}/${obj.metadata.name}\n`;
}

export interface List {
  readonly apiVersion: "v1";
  readonly items: readonly unknown[];
  readonly kind: "List";
  readonly metadata: { readonly resourceVersion: "" };
}

/**
 * The `v1 List` kubectl get wraps results in for `-o yaml|json|jsonpath|go-template` unless one
 * object was asked for by name (`kubectl get pods -o yaml` with one pod still prints a List).
 */
export function listOf(items: readonly unknown[]): List {
  return { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
}
