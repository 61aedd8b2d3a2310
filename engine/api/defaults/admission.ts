/**
 * The mutating admission plugins of a kind (kubeadm) API server that change Pods, in the
 * order the API server runs them (v1.34 plugin order: ServiceAccount, Priority,
 * DefaultTolerationSeconds). They run after the scheme defaults on the way in; the
 * object is defaulted again whenever it is read, which changes nothing here.
 *
 * Rejections (a missing ServiceAccount or PriorityClass, a priority that disagrees with
 * its class) are admission errors for the registry to report; these functions only
 * mutate.
 */
import type { Pod, PodSpec, Toleration, Volume, VolumeMount } from "kubernetes-types/core/v1";
import type { Mutable } from "../object.ts";
import type { DefaultingContext } from "./context.ts";

type M<T> = Mutable<T>;

export const serviceAccountTokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
export const serviceAccountVolumePrefix = "kube-api-access-";

/** The projected volume the ServiceAccount plugin adds (TokenVolumeSource), defaults included. */
export function serviceAccountTokenVolume(name: string): M<Volume> {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
        {
          downwardAPI: {
            items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }],
          },
        },
      ],
    },
  };
}

/**
 * ServiceAccount admission, on create: `serviceAccountName` defaults to `default` (and
 * `serviceAccount` mirrors it). Unless `automountServiceAccountToken` is false — the
 * pod's setting wins, then the ServiceAccount's — every init container and container
 * without a mount at /var/run/secrets/kubernetes.io/serviceaccount gets one (read-only),
 * and the pod gets the projected `kube-api-access-<5 random>` volume, appended last. A
 * volume already named `kube-api-access-…` is reused instead.
 * Not simulated: copying the ServiceAccount's imagePullSecrets into the pod.
 */
export function admitServiceAccount(pod: M<Pod>, ctx: DefaultingContext): void {
  const spec = (pod.spec ??= { containers: [] }) as M<PodSpec>;
  if (!spec.serviceAccountName) spec.serviceAccountName = "default";
  spec.serviceAccount = spec.serviceAccountName;

  const automount =
    spec.automountServiceAccountToken ??
    ctx.serviceAccountAutomount?.(pod.metadata?.namespace, spec.serviceAccountName) ??
    true;
  if (!automount) return;

  const existing = (spec.volumes ?? []).find((v) => v.name.startsWith(serviceAccountVolumePrefix));
  const volumeName = existing?.name ?? `${serviceAccountVolumePrefix}${ctx.randomSuffix()}`;
  const mount: M<VolumeMount> = { mountPath: serviceAccountTokenMountPath, name: volumeName, readOnly: true };
  let needsVolume = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    if ((c.volumeMounts ?? []).some((m) => m.mountPath === serviceAccountTokenMountPath)) continue;
    (c.volumeMounts ??= []).push({ ...mount });
    needsVolume = true;
  }
  if (!existing && needsVolume) (spec.volumes ??= []).push(serviceAccountTokenVolume(volumeName));
}

export interface PriorityClassInfo {
  readonly value: number;
  /** The class's preemptionPolicy; PriorityClass objects default it to PreemptLowerPriority. */
  readonly preemptionPolicy?: string;
}

/** The two classes every cluster has (scheduling/v1 `SystemPriorityClasses`). */
export const systemPriorityClasses: Readonly<Record<string, PriorityClassInfo>> = {
  "system-cluster-critical": { value: 2000000000, preemptionPolicy: "PreemptLowerPriority" },
  "system-node-critical": { value: 2000001000, preemptionPolicy: "PreemptLowerPriority" },
};

/**
 * Priority admission, on create: without `priorityClassName` the pod gets priority 0
 * and `preemptionPolicy: PreemptLowerPriority` (kind has no globalDefault class); with
 * one, the class's value and preemption policy. An unknown class is the registry's
 * Forbidden error (`no PriorityClass with name x was found`); here it leaves the fields
 * alone. On update the registry carries both fields over from the stored pod.
 */
export function admitPriority(pod: M<Pod>, ctx: DefaultingContext): void {
  const spec = (pod.spec ??= { containers: [] }) as M<PodSpec>;
  let info: PriorityClassInfo | undefined;
  if (!spec.priorityClassName) info = { value: 0, preemptionPolicy: "PreemptLowerPriority" };
  else
    info =
      ctx.priorityClass?.(spec.priorityClassName) ??
      (Object.hasOwn(systemPriorityClasses, spec.priorityClassName)
        ? systemPriorityClasses[spec.priorityClassName]
        : undefined);
  if (!info) return;
  spec.priority = info.value;
  if (info.preemptionPolicy) spec.preemptionPolicy = info.preemptionPolicy;
}

const notReadyTaint = "node.kubernetes.io/not-ready";
const unreachableTaint = "node.kubernetes.io/unreachable";

/**
 * DefaultTolerationSeconds, on create and update: unless a toleration already covers
 * the taint (same key or empty key, effect NoExecute or empty), append
 * `{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute,
 * tolerationSeconds: 300}` and the same for `node.kubernetes.io/unreachable`.
 */
export function admitDefaultTolerationSeconds(pod: M<Pod>): void {
  const spec = (pod.spec ??= { containers: [] }) as M<PodSpec>;
  const covers = (t: Toleration, key: string) => (t.key === key || !t.key) && (t.effect === "NoExecute" || !t.effect);
  const tolerations = spec.tolerations ?? [];
  const add: M<Toleration>[] = [];
  if (!tolerations.some((t) => covers(t, notReadyTaint)))
    add.push({ effect: "NoExecute", key: notReadyTaint, operator: "Exists", tolerationSeconds: 300 });
  if (!tolerations.some((t) => covers(t, unreachableTaint)))
    add.push({ effect: "NoExecute", key: unreachableTaint, operator: "Exists", tolerationSeconds: 300 });
  if (add.length > 0) spec.tolerations = [...tolerations, ...add];
}
