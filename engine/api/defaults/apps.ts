/**
 * apps/v1: Deployment, ReplicaSet, DaemonSet (k8s.io/kubernetes pkg/apis/apps/v1
 * defaults.go, v1.34). Their pod templates get the PodSpec defaults, not the Pod-only
 * ones and no admission plugins: those apply when the controllers create the Pods.
 */
import type { DaemonSet, Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Mutable } from "../object.ts";
import { defaultPodTemplate } from "./pod.ts";

type M<T> = Mutable<T>;

/**
 * `replicas: 1`, `strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%,
 * maxUnavailable: 25%}}` (a Recreate strategy gets no rollingUpdate),
 * `revisionHistoryLimit: 10`, `progressDeadlineSeconds: 600`.
 */
export function defaultDeployment(d: M<Deployment>): void {
  const spec = (d.spec ??= {} as M<NonNullable<Deployment["spec"]>>);
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  const strategy = (spec.strategy ??= {});
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const rolling = (strategy.rollingUpdate ??= {});
    if (rolling.maxUnavailable === undefined || rolling.maxUnavailable === null) rolling.maxUnavailable = "25%";
    if (rolling.maxSurge === undefined || rolling.maxSurge === null) rolling.maxSurge = "25%";
  }
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  if (spec.progressDeadlineSeconds === undefined || spec.progressDeadlineSeconds === null)
    spec.progressDeadlineSeconds = 600;
  defaultPodTemplate(spec.template);
}

/** `replicas: 1`. */
export function defaultReplicaSet(rs: M<ReplicaSet>): void {
  const spec = (rs.spec ??= {} as M<NonNullable<ReplicaSet["spec"]>>);
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  defaultPodTemplate(spec.template);
}

/**
 * `updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}`
 * (numbers, not percentages; OnDelete gets no rollingUpdate), `revisionHistoryLimit: 10`.
 */
export function defaultDaemonSet(ds: M<DaemonSet>): void {
  const spec = (ds.spec ??= {} as M<NonNullable<DaemonSet["spec"]>>);
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const rolling = (strategy.rollingUpdate ??= {});
    if (rolling.maxUnavailable === undefined || rolling.maxUnavailable === null) rolling.maxUnavailable = 1;
    if (rolling.maxSurge === undefined || rolling.maxSurge === null) rolling.maxSurge = 0;
  }
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  defaultPodTemplate(spec.template);
}
