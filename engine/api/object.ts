/**
 * The shape every stored API object shares. Concrete kinds come from `kubernetes-types`
 * (the OpenAPI-generated TypeScript types); this file only names what the store needs.
 */
import type { ObjectMeta, OwnerReference } from "kubernetes-types/meta/v1";

export type { ObjectMeta, OwnerReference };

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/**
 * `kubernetes-types` marks every field readonly. Objects in the store are never mutated, but
 * the code that builds a new version of one (always a fresh copy) needs to write to it.
 */
export type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** A stored object: apiVersion, kind and metadata are always set once the store holds it. */
export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: Mutable<ObjectMeta> & { name: string; uid: string; resourceVersion: string; creationTimestamp: string };
}

export type Stored<T extends KubeObject> = Mutable<T> & StoredObject;

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function keyOf(obj: StoredObject): string {
  return objectKey(obj.metadata.namespace, obj.metadata.name);
}

/** The controller ownerReference (`controller: true`), as metav1.GetControllerOf. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}
