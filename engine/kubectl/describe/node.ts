/** `kubectl describe node` (k/kubectl `describeNode`, `describeNodeLease`, `describeNodeResource`). */
import type { Container, Node, Pod } from "kubernetes-types/core/v1";
import type { StoredObject } from "../../api/object.ts";
import type { Quantity } from "../../api/validation/quantity.ts";
import { compareQuantity, formatQuantity, parseQuantity } from "../../api/validation/quantity.ts";
import { formatRfc3339 } from "../../core/clock.ts";
import { translateTimestampSince } from "../printers/duration.ts";
import { describeEvents, searchEvents } from "./events.ts";
import {
  goBool,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  rfc1123z,
  sortStrings,
} from "./format.ts";
import type { DescribeContext } from "./types.ts";
import type { PrefixWriter } from "./writer.ts";
import { LEVEL_0, LEVEL_1, tabbedString } from "./writer.ts";

type StoredNode = Node & StoredObject;
type StoredPod = Pod & StoredObject;

/**
 * The kubelet renews its Lease in kube-node-lease every 10 s (a quarter of the 40 s lease).
 * The simulation keeps no Lease objects, so describe shows the lease kind's kubelet would
 * hold: this node as holder, no acquire time, renewed at the last 10 s tick since the node
 * registered.
 */
const leaseRenewIntervalMs = 10_000;

export function describeNode(ctx: DescribeContext, obj: StoredObject): string {
  const node = obj as StoredNode;
  const pods = (ctx.cluster.list("pods") as StoredPod[]).filter(
    (p) => p.spec?.nodeName === node.metadata.name && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed",
  );
  // Node events carry either the node's uid (controllers) or its name as the uid (kubelet): both searches, merged.
  const events = ctx.showEvents
    ? [
        ...searchEvents(ctx.cluster, { name: node.metadata.name, namespace: "", kind: "Node", uid: node.metadata.uid }),
        ...searchEvents(ctx.cluster, {
          name: node.metadata.name,
          namespace: "",
          kind: "Node",
          uid: node.metadata.name,
        }),
      ]
    : undefined;
  const spec = node.spec ?? {};
  const status = node.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(",") : "<none>"}\n`);
    printLabelsMultiline(w, "Labels", node.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printTaintsMultiline(w, "Taints", spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${goBool(spec.unschedulable)}\n`);
    describeLease(node, ctx.nowMs, w);
    if (status.conditions && status.conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of status.conditions) {
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`,
        );
      }
    }
    w.write(LEVEL_0, "Addresses:\n");
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    const printResources = (list: Readonly<Record<string, unknown>>) => {
      for (const name of sortStrings(Object.keys(list))) w.write(LEVEL_0, `  ${name}:\t${quantityText(list[name])}\n`);
    };
    if (status.capacity && Object.keys(status.capacity).length > 0) {
      w.write(LEVEL_0, "Capacity:\n");
      printResources(status.capacity);
    }
    if (status.allocatable && Object.keys(status.allocatable).length > 0) {
      w.write(LEVEL_0, "Allocatable:\n");
      printResources(status.allocatable);
    }
    const info = status.nodeInfo;
    w.write(LEVEL_0, "System Info:\n");
    w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ""}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ""}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ""}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ""}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ""}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ""}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ""}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ""}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs && spec.podCIDRs.length > 0) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(",")}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    describeNodeResource(pods, node, ctx.nowMs, w);
    if (events) describeEvents(events, w, ctx.nowMs);
  });
}

/** `findNodeRoles`: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>`, sorted, unique. */
function nodeRoles(node: StoredNode): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v) {
      roles.add(v);
    }
  }
  return sortStrings(roles);
}

function describeLease(node: StoredNode, nowMs: number, w: PrefixWriter): void {
  const created = Date.parse(node.metadata.creationTimestamp);
  const renewMs = created + Math.floor(Math.max(0, nowMs - created) / leaseRenewIntervalMs) * leaseRenewIntervalMs;
  w.write(LEVEL_0, "Lease:\n");
  w.write(LEVEL_1, `HolderIdentity:\t${node.metadata.name}\n`);
  w.write(LEVEL_1, "AcquireTime:\t<unset>\n");
  w.write(LEVEL_1, `RenewTime:\t${rfc1123z(formatRfc3339(renewMs))}\n`);
}

// ---- resource arithmetic (resource.Quantity Add / Cmp, resourcehelper.PodRequestsAndLimits) ----

type ResourceList = Map<string, Quantity>;
const zero: Quantity = { mantissa: 0n, exponent: 0, format: "DecimalSI" };

function quantityText(value: unknown): string {
  const q = parseQuantity(value);
  return q ? formatQuantity(q) : String(value);
}

/** Quantity.Add: the sum keeps the receiver's format (the addend's when the receiver is zero). */
function addQuantity(a: Quantity, b: Quantity): Quantity {
  const e = Math.min(a.exponent, b.exponent);
  const mantissa = a.mantissa * 10n ** BigInt(a.exponent - e) + b.mantissa * 10n ** BigInt(b.exponent - e);
  return { mantissa, exponent: e, format: a.mantissa === 0n ? b.format : a.format };
}

function toList(raw: Readonly<Record<string, unknown>> | undefined): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of Object.entries(raw ?? {})) {
    const q = parseQuantity(v);
    if (q) out.set(k, q);
  }
  return out;
}

function addList(into: ResourceList, add: ResourceList): void {
  for (const [k, q] of add) into.set(k, into.has(k) ? addQuantity(into.get(k)!, q) : q);
}

function maxList(into: ResourceList, other: ResourceList): void {
  for (const [k, q] of other) if (!into.has(k) || compareQuantity(q, into.get(k)!) > 0) into.set(k, q);
}

/**
 * The pod's effective requests or limits: the containers' sum, sidecar (restartable init)
 * containers added, at least the largest init container's, plus the pod overhead
 * (upstream adds the overhead to limits only where a limit is set). In-place resize
 * (status resources) is not simulated.
 */
function podResources(pod: StoredPod, pick: (c: Container) => Readonly<Record<string, unknown>> | undefined) {
  const total: ResourceList = new Map();
  for (const c of pod.spec?.containers ?? []) addList(total, toList(pick(c)));
  const sidecars: ResourceList = new Map();
  const init: ResourceList = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = toList(pick(c));
    if (c.restartPolicy === "Always") {
      addList(total, own);
      addList(sidecars, own);
      maxList(init, sidecars);
    } else {
      const tmp: ResourceList = new Map();
      addList(tmp, own);
      addList(tmp, sidecars);
      maxList(init, tmp);
    }
  }
  maxList(total, init);
  return total;
}

function podRequestsAndLimits(pod: StoredPod): { requests: ResourceList; limits: ResourceList } {
  const requests = podResources(pod, (c) => c.resources?.requests);
  const limits = podResources(pod, (c) => c.resources?.limits);
  const overhead = toList(pod.spec?.overhead);
  addList(requests, overhead);
  for (const [k, q] of overhead)
    if (limits.has(k) && limits.get(k)!.mantissa !== 0n) addList(limits, new Map([[k, q]]));
  return { requests, limits };
}

/** Value() (rounded up to an integer) and MilliValue(), as floats for the percentages. */
function scaledFloat(q: Quantity | undefined, milli: boolean): number {
  if (!q) return 0;
  const e = q.exponent + (milli ? 3 : 0);
  if (e >= 0) return Number(q.mantissa * 10n ** BigInt(e));
  const div = 10n ** BigInt(-e);
  const whole = q.mantissa / div;
  return Number(q.mantissa % div > 0n ? whole + 1n : whole);
}

/** `int64(float64(a) / float64(b) * 100)`: truncated toward zero. */
function percent(a: number, b: number): number {
  return Math.trunc((a / b) * 100);
}

function describeNodeResource(pods: readonly StoredPod[], node: StoredNode, nowMs: number, w: PrefixWriter): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  const allocatable = toList(
    node.status?.allocatable && Object.keys(node.status.allocatable).length > 0
      ? node.status.allocatable
      : node.status?.capacity,
  );
  const cpuAlloc = scaledFloat(allocatable.get("cpu"), true);
  const memAlloc = scaledFloat(allocatable.get("memory"), false);
  const text = (q: Quantity | undefined) => formatQuantity(q ?? zero);
  const totals = { requests: new Map() as ResourceList, limits: new Map() as ResourceList };
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    addList(totals.requests, requests);
    addList(totals.limits, limits);
    const cells = [
      `${text(requests.get("cpu"))} (${percent(scaledFloat(requests.get("cpu"), true), cpuAlloc)}%)`,
      `${text(limits.get("cpu"))} (${percent(scaledFloat(limits.get("cpu"), true), cpuAlloc)}%)`,
      `${text(requests.get("memory"))} (${percent(scaledFloat(requests.get("memory"), false), memAlloc)}%)`,
      `${text(limits.get("memory"))} (${percent(scaledFloat(limits.get("memory"), false), memAlloc)}%)`,
    ];
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace ?? ""}\t${pod.metadata.name}\t\t${cells.join("\t")}\t${translateTimestampSince(pod.metadata.creationTimestamp, nowMs)}\n`,
    );
  }
  w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
  w.write(LEVEL_1, "--------\t--------\t------\n");
  const row = (name: string, milli: boolean) => {
    const alloc = scaledFloat(allocatable.get(name), milli);
    const frac = (q: Quantity | undefined) => (alloc !== 0 ? percent(scaledFloat(q, milli), alloc) : 0);
    const req = totals.requests.get(name);
    const lim = totals.limits.get(name);
    w.write(LEVEL_1, `${name}\t${text(req)} (${frac(req)}%)\t${text(lim)} (${frac(lim)}%)\n`);
  };
  row("cpu", true);
  row("memory", false);
  row("ephemeral-storage", false);
  const names = [...allocatable.keys()];
  for (const name of sortStrings(names.filter((n) => n.startsWith("hugepages-")))) row(name, false);
  // Extended resources (vendor.example/gpu): not a standard container resource and not pods.
  const standard = new Set(["cpu", "memory", "ephemeral-storage", "pods"]);
  for (const name of sortStrings(names.filter((n) => !n.startsWith("hugepages-") && !standard.has(n)))) {
    w.write(LEVEL_1, `${name}\t${text(totals.requests.get(name))}\t${text(totals.limits.get(name))}\n`);
  }
}
