/**
 * `kubectl create namespace NAME` (k8s.io/kubectl pkg/cmd/create/create_namespace.go).
 */
import type { Namespace } from "kubernetes-types/core/v1";
import type { Mutable } from "../../api/object.ts";
import { fail, type Generated, ok } from "./result.ts";

export interface NamespaceOptions {
  readonly name: string;
}

/** The Namespace; the only failure is `name must be specified` (plain `error: `) for `""`. */
export function generateNamespace(o: NamespaceOptions): Generated<Mutable<Namespace>> {
  if (o.name === "") return fail("name must be specified");
  return ok({ apiVersion: "v1", kind: "Namespace", metadata: { name: o.name }, spec: {}, status: {} });
}
