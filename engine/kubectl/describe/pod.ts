/** `kubectl describe pod` (k/kubectl `describePod`, `PodDescriber.Describe`). */
import type { EnvVar, Pod, ResourceRequirements } from "kubernetes-types/core/v1";
import type { StoredObject } from "../../api/object.ts";
import { controllerOf } from "../../api/object.ts";
import { translateTimestampSince } from "../printers/duration.ts";
import {
  describeContainers,
  describeResources,
  describeTopologySpreadConstraints,
  describeVolumes,
} from "./containers.ts";
import { describeEvents, searchEvents } from "./events.ts";
import { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline, rfc1123z } from "./format.ts";
import type { DescribeContext } from "./types.ts";
import { LEVEL_0, LEVEL_1, tabbedString } from "./writer.ts";

type StoredPod = Pod & StoredObject;

/** The kubelet's mirror-pod annotation: a static pod's events are recorded against the config's UID. */
const mirrorPodAnnotation = "kubernetes.io/config.mirror";

export function describePod(ctx: DescribeContext, obj: StoredObject): string {
  const pod = obj as StoredPod;
  // kubectl clears the reference's kind for pods: events of any kind with this name and uid.
  const events = ctx.showEvents
    ? searchEvents(ctx.cluster, {
        name: pod.metadata.name,
        namespace: pod.metadata.namespace ?? "",
        uid: pod.metadata.annotations?.[mirrorPodAnnotation] ?? pod.metadata.uid,
      })
    : undefined;
  // Pod-level resources (v1.34 beta) are newer than kubernetes-types (1.30).
  const spec: NonNullable<Pod["spec"]> & { readonly resources?: ResourceRequirements } = pod.spec ?? {
    containers: [],
  };
  const status = pod.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ""}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(LEVEL_0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ""}\n` : "Node:\t<none>\n");
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, "Labels", pod.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", pod.metadata.annotations);
    if (pod.metadata.deletionTimestamp && status.phase !== "Failed" && status.phase !== "Succeeded") {
      // The deletion timestamp lies in the future (now + grace), so this reads "<invalid>" as upstream's does.
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${translateTimestampSince(pod.metadata.deletionTimestamp, ctx.nowMs)})\n`,
      );
      w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ""}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === "Localhost") w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ""}\n`);
    if (!status.podIPs || status.podIPs.length === 0) {
      w.write(LEVEL_0, "IPs:\t<none>\n");
    } else {
      w.write(LEVEL_0, "IPs:\n");
      for (const ip of status.podIPs) w.write(LEVEL_1, `IP:\t${ip.ip ?? ""}\n`);
    }
    const controller = controllerOf(pod);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, "Resources:\n");
      describeResources(spec.resources, w, LEVEL_1);
    }
    const resolve = envResolver(pod);
    if (spec.initContainers && spec.initContainers.length > 0)
      describeContainers("Init Containers", spec.initContainers, status.initContainerStatuses, resolve, w, "");
    describeContainers("Containers", spec.containers ?? [], status.containerStatuses, resolve, w, "");
    if (spec.ephemeralContainers && spec.ephemeralContainers.length > 0)
      describeContainers(
        "Ephemeral Containers",
        spec.ephemeralContainers,
        status.ephemeralContainerStatuses,
        resolve,
        w,
        "",
      );
    if (spec.readinessGates && spec.readinessGates.length > 0) {
      w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
      for (const g of spec.readinessGates) {
        const c = status.conditions?.find((x) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : "<none>"} \n`);
      }
    }
    if (status.conditions && status.conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
      for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, "");
    w.write(LEVEL_0, `QoS Class:\t${status.qosClass || computeQosClass(pod)}\n`);
    printLabelsMultiline(w, "Node-Selectors", spec.nodeSelector);
    printTolerationsMultiline(w, "Tolerations", spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, "");
    if (events) describeEvents(events, w, ctx.nowMs);
  });
}

/**
 * `EnvValueRetriever`: kubectl converts the field path with client-go's scheme, which has no
 * Pod field-label conversions, so only metadata.name and metadata.namespace resolve; every
 * other fieldRef (status.podIP, spec.nodeName, …) prints an empty value before its path.
 */
function envResolver(pod: StoredPod): (e: EnvVar) => string {
  return (e) => {
    const path = e.valueFrom?.fieldRef?.fieldPath;
    if (path === "metadata.name") return pod.metadata.name;
    if (path === "metadata.namespace") return pod.metadata.namespace ?? "";
    return "";
  };
}

/**
 * qos.ComputePodQOS, for a pod whose status has no qosClass yet: BestEffort without
 * requests or limits, Guaranteed when every container limits cpu and memory and requests
 * equal limits, Burstable otherwise. (Quantities compared as canonical text.)
 */
function computeQosClass(pod: StoredPod): string {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const requests = new Map<string, string>();
  const limits = new Map<string, string>();
  let guaranteed = true;
  const qosResource = (name: string) => name === "cpu" || name === "memory";
  for (const c of containers) {
    for (const [k, v] of Object.entries(c.resources?.requests ?? {}))
      if (qosResource(k) && String(v) !== "0") requests.set(k, String(v));
    const lim = Object.entries(c.resources?.limits ?? {}).filter(([k, v]) => qosResource(k) && String(v) !== "0");
    for (const [k, v] of lim) limits.set(k, String(v));
    const names = new Set(lim.map(([k]) => k));
    if (!names.has("cpu") || !names.has("memory")) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) for (const [k, v] of requests) if (limits.get(k) !== v) guaranteed = false;
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
