/**
 * The API server's defaulting, one function per kind: the scheme defaults
 * (k8s.io/kubernetes pkg/apis/<group>/<version>/defaults.go and the generated
 * zz_generated.defaults.go of v1.34) plus the create-time changes a kind cluster's API
 * server makes before storing an object (Pod admission plugins, the Namespace
 * registry's PrepareForCreate). Each defaulter mutates the fresh copy it is given.
 *
 * Not here (the registry's job): names from generateName, uid, resourceVersion,
 * creationTimestamp, generation; Service clusterIP(s), ipFamilies, ipFamilyPolicy and
 * nodePorts; status resets (Pod `phase: Pending` and `qosClass`, Service status).
 */
import type { KubeObject } from "../object.ts";
import { admitDefaultTolerationSeconds, admitPriority, admitServiceAccount } from "./admission.ts";
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet } from "./apps.ts";
import type { DefaultingContext } from "./context.ts";
import { defaultEndpoints, defaultNamespace, defaultService } from "./core.ts";
import { defaultEndpointSlice } from "./discovery.ts";
import { defaultNetworkPolicy } from "./networking.ts";
import { defaultPod } from "./pod.ts";

export type { PriorityClassInfo } from "./admission.ts";
export { serviceAccountTokenMountPath, serviceAccountVolumePrefix, systemPriorityClasses } from "./admission.ts";
export type { DefaultingContext } from "./context.ts";
export { defaultPullPolicy, imageTag } from "./image.ts";

export type Defaulter = (obj: KubeObject, ctx: DefaultingContext) => void;

/* biome-ignore lint/suspicious/noExplicitAny: each entry knows its kind; the table is keyed by kind name */
type AnyObject = any;

/** Defaulters by kind. Kinds without an entry (ConfigMap, ServiceAccount, Node, Event) have no defaults here. */
export const defaulters: Readonly<Record<string, Defaulter>> = {
  Service: (obj) => defaultService(obj as AnyObject),
  Endpoints: (obj) => defaultEndpoints(obj as AnyObject),
  Namespace: (obj, ctx) => defaultNamespace(obj as AnyObject, ctx),
  Pod: (obj, ctx) => {
    const pod = obj as AnyObject;
    defaultPod(pod);
    if ((ctx.operation ?? "create") === "create") {
      admitServiceAccount(pod, ctx);
      admitPriority(pod, ctx);
    }
    admitDefaultTolerationSeconds(pod);
  },
  Deployment: (obj) => defaultDeployment(obj as AnyObject),
  ReplicaSet: (obj) => defaultReplicaSet(obj as AnyObject),
  DaemonSet: (obj) => defaultDaemonSet(obj as AnyObject),
  EndpointSlice: (obj) => defaultEndpointSlice(obj as AnyObject),
  NetworkPolicy: (obj) => defaultNetworkPolicy(obj as AnyObject),
};

/** Runs the kind's defaulter, if it has one, on `obj` (which must be a fresh copy). */
export function applyDefaults(kind: string, obj: KubeObject, ctx: DefaultingContext): void {
  if (Object.hasOwn(defaulters, kind)) defaulters[kind]!(obj, ctx);
}
