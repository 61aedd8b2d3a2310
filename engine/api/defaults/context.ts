/** What a defaulter may ask of its caller. Everything but `randomSuffix` is optional. */
import type { PriorityClassInfo } from "./admission.ts";

export interface DefaultingContext {
  /**
   * Five characters from `bcdfghjklmnpqrstvwxz2456789` (k8s.io/apimachinery/pkg/util/rand),
   * drawn by the caller from a seeded stream. Used for `kube-api-access-<suffix>`.
   */
  randomSuffix(): string;
  /**
   * "create" (the default) also runs the create-time steps: the mutating admission
   * plugins for Pods and the registry's PrepareForCreate for Namespaces. "update" runs
   * the scheme defaults (and DefaultTolerationSeconds, which upstream runs on update too).
   */
  readonly operation?: "create" | "update";
  /** The pod's ServiceAccount's `automountServiceAccountToken`, when it sets one. */
  serviceAccountAutomount?(namespace: string | undefined, name: string): boolean | undefined;
  /** A PriorityClass by name; system-cluster-critical and system-node-critical are built in. */
  priorityClass?(name: string): PriorityClassInfo | undefined;
}
