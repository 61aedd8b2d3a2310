/** Pod predicates the controllers share (k8s.io/kubernetes/pkg/api/v1/pod, controller_utils). */
import type { Pod, PodTemplateSpec } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../api/object.ts";

export type StoredPod = StoredObject & Mutable<Pod>;

export function podReadyCondition(pod: StoredPod) {
  return pod.status?.conditions?.find((c) => c.type === "Ready");
}

export function isPodReady(pod: StoredPod): boolean {
  return podReadyCondition(pod)?.status === "True";
}

/** Ready for at least minReadySeconds (IsPodAvailable). */
export function isPodAvailable(pod: StoredPod, minReadySeconds: number, nowMs: number): boolean {
  const c = podReadyCondition(pod);
  if (c?.status !== "True") return false;
  if (minReadySeconds <= 0) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
  return nowMs - since >= minReadySeconds * 1000;
}

/** Counted by a ReplicaSet: not terminating and not finished (controller.FilterActivePods). */
export function isPodActive(pod: StoredPod): boolean {
  return pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

export function restartCount(pod: StoredPod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

export function podFromTemplate(
  template: PodTemplateSpec | undefined,
  owner: StoredObject,
  generateName: string,
): Mutable<Pod> {
  const t = (template ?? {}) as Mutable<PodTemplateSpec>;
  const labels = { ...(t.metadata?.labels ?? {}) };
  const annotations = { ...(t.metadata?.annotations ?? {}) };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName,
      namespace: owner.metadata.namespace,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ...(t.metadata?.finalizers ? { finalizers: [...t.metadata.finalizers] } : {}),
      ownerReferences: [
        {
          apiVersion: owner.apiVersion,
          kind: owner.kind,
          name: owner.metadata.name,
          uid: owner.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: JSON.parse(JSON.stringify(t.spec ?? {})),
  };
}
