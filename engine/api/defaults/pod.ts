/**
 * Scheme defaults for pods and pod templates (k8s.io/kubernetes pkg/apis/core/v1
 * defaults.go and zz_generated.defaults.go, v1.34): SetDefaults_PodSpec, _Container,
 * _Probe, _HTTPGetAction, _Volume and the volume sources, _ObjectFieldSelector, the
 * `+default` tags (ContainerPort.protocol, GRPCAction.service), and SetDefaults_Pod,
 * which applies to Pods only — never to the templates of Deployments, ReplicaSets and
 * DaemonSets (so templates show no `enableServiceLinks`).
 *
 * Two entries are not defaults but what Go's JSON encoding always writes, so that the
 * object matches what the API returns: `resources: {}` on every container (a struct,
 * never omitted) and `serviceAccount`, which the v1 conversion always mirrors from
 * `serviceAccountName` (and reads back into it when only the old field is given).
 */
import type {
  Container,
  EphemeralContainer,
  HTTPGetAction,
  Lifecycle,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Probe,
  Volume,
} from "kubernetes-types/core/v1";
import type { Mutable } from "../object.ts";
import { defaultPullPolicy } from "./image.ts";

type M<T> = Mutable<T>;

/** File modes the volume sources default to: 0644. */
const defaultMode = 420;

function defaultHttpGet(h: M<HTTPGetAction> | undefined): void {
  if (!h) return;
  if (!h.path) h.path = "/";
  if (!h.scheme) h.scheme = "HTTP";
}

function defaultProbe(p: M<Probe> | undefined): void {
  if (!p) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHttpGet(p.httpGet);
  if (p.grpc && p.grpc.service === undefined) p.grpc.service = "";
}

function defaultLifecycle(l: M<Lifecycle> | undefined): void {
  defaultHttpGet(l?.postStart?.httpGet);
  defaultHttpGet(l?.preStop?.httpGet);
}

/** Containers, init containers and ephemeral containers alike. */
function defaultContainer(c: M<Container> | M<EphemeralContainer>): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(c.image);
  if (!c.terminationMessagePath) c.terminationMessagePath = "/dev/termination-log";
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = "File";
  for (const port of c.ports ?? []) if (!port.protocol) port.protocol = "TCP";
  for (const env of c.env ?? []) {
    const ref = env.valueFrom?.fieldRef;
    if (ref && !ref.apiVersion) ref.apiVersion = "v1";
  }
  c.resources ??= {};
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultLifecycle(c.lifecycle);
}

/** A volume with no source is an emptyDir; sources get their file modes and field references. */
function defaultVolume(v: M<Volume>): void {
  const hasSource = Object.keys(v).some(
    (k) =>
      k !== "name" && (v as Record<string, unknown>)[k] !== undefined && (v as Record<string, unknown>)[k] !== null,
  );
  if (!hasSource) v.emptyDir = {};
  if (v.hostPath && v.hostPath.type === undefined) v.hostPath.type = "";
  if (v.secret && v.secret.defaultMode === undefined) v.secret.defaultMode = defaultMode;
  if (v.configMap && v.configMap.defaultMode === undefined) v.configMap.defaultMode = defaultMode;
  if (v.downwardAPI) {
    if (v.downwardAPI.defaultMode === undefined) v.downwardAPI.defaultMode = defaultMode;
    for (const item of v.downwardAPI.items ?? [])
      if (item.fieldRef && !item.fieldRef.apiVersion) item.fieldRef.apiVersion = "v1";
  }
  if (v.projected) {
    if (v.projected.defaultMode === undefined) v.projected.defaultMode = defaultMode;
    for (const source of v.projected.sources ?? []) {
      for (const item of source.downwardAPI?.items ?? [])
        if (item.fieldRef && !item.fieldRef.apiVersion) item.fieldRef.apiVersion = "v1";
      if (source.serviceAccountToken && source.serviceAccountToken.expirationSeconds === undefined)
        source.serviceAccountToken.expirationSeconds = 3600;
    }
  }
  const claimSpec = v.ephemeral?.volumeClaimTemplate?.spec;
  if (claimSpec && !claimSpec.volumeMode) claimSpec.volumeMode = "Filesystem";
  // ImageVolume (pullPolicy of `image` volumes) is off by default in v1.34: not defaulted.
}

/** SetDefaults_PodSpec and everything the generated defaulter reaches inside a PodSpec. */
export function defaultPodSpec(spec: M<PodSpec>): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = "ClusterFirst";
  if (!spec.restartPolicy) spec.restartPolicy = "Always";
  spec.securityContext ??= {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null)
    spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = "default-scheduler";
  // v1 conversion: serviceAccountName wins; the deprecated serviceAccount always mirrors it.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
  for (const v of spec.volumes ?? []) defaultVolume(v);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.ephemeralContainers ?? []) defaultContainer(c);
}

/** The pod template of a workload: PodSpec defaults only. */
export function defaultPodTemplate(template: M<PodTemplateSpec> | undefined): void {
  if (template?.spec) defaultPodSpec(template.spec);
}

/**
 * SetDefaults_Pod (Pods only): requests copied from limits where a container has limits
 * but no request for that resource; `enableServiceLinks: true`; with hostNetwork every
 * container port without a hostPort gets hostPort = containerPort. Then the PodSpec
 * defaults. Pod-level `spec.resources` defaulting (PodLevelResources) is not simulated.
 */
export function defaultPod(pod: M<Pod>): void {
  const spec = (pod.spec ??= { containers: [] });
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    const resources = (c.resources ??= {});
    const requests = (resources.requests ??= {});
    for (const [name, value] of Object.entries(limits)) if (!Object.hasOwn(requests, name)) requests[name] = value;
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
      for (const port of c.ports ?? []) if (!port.hostPort) port.hostPort = port.containerPort;
  }
  defaultPodSpec(spec);
}
