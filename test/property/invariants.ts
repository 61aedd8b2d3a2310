/**
 * What must hold of a settled cluster whatever was done to it. `violations` returns one
 * line per broken invariant (empty when all hold), so a failing property names every
 * problem at once. Only the engine's front door is used: the checks read what a user
 * could read with `kubectl get`.
 */
import type { Cluster, ClusterSnapshot, StoredObject, WatchEvent } from "../../engine/index.ts";
import { resources } from "../../engine/index.ts";
import { allObjects } from "./harness.ts";

type Labels = Record<string, string> | undefined;

interface PodLike extends StoredObject {
  spec?: {
    nodeName?: string;
    hostNetwork?: boolean;
    containers?: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[];
  };
  status?: { podIP?: string; phase?: string; conditions?: { type: string; status: string }[] };
}

interface ServiceLike extends StoredObject {
  spec?: {
    type?: string;
    selector?: Record<string, string>;
    clusterIP?: string;
    clusterIPs?: string[];
    publishNotReadyAddresses?: boolean;
    ports?: { port: number; targetPort?: number | string; protocol?: string; nodePort?: number }[];
  };
}

interface SliceLike extends StoredObject {
  endpoints?: {
    addresses: string[];
    conditions?: { ready?: boolean };
    targetRef?: { uid?: string; name?: string };
    nodeName?: string;
  }[];
}

interface EndpointsLike extends StoredObject {
  subsets?: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[] }[];
}

interface SelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: SelectorRequirement[];
}

interface RsLike extends StoredObject {
  spec?: { selector?: LabelSelector };
}

export function parseIPv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! * 256 + parts[1]!) * 256 + parts[2]!) * 256 + parts[3]!;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const b = parseIPv4(base ?? "");
  const n = parseIPv4(ip);
  const prefix = Number(bits);
  if (b === undefined || n === undefined || !(prefix >= 0 && prefix <= 32)) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(n / size) === Math.floor(b / size);
}

function matchesMap(selector: Labels, labels: Labels): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** metav1.LabelSelector semantics, for the selectors the generators produce. */
function matchesLabelSelector(sel: LabelSelector | undefined, labels: Labels): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels?.[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const v = labels?.[e.key];
    const values = e.values ?? [];
    const ok =
      e.operator === "In"
        ? v !== undefined && values.includes(v)
        : e.operator === "NotIn"
          ? v === undefined || !values.includes(v)
          : e.operator === "Exists"
            ? v !== undefined
            : e.operator === "DoesNotExist"
              ? v === undefined
              : false;
    if (!ok) return false;
  }
  return true;
}

/** Namespaces the API server refuses to delete: the garbage collector cannot collect them either. */
function undeletable(resource: string, o: StoredObject): boolean {
  return (
    resource === "namespaces" && ["default", "kube-system", "kube-public", "kube-node-lease"].includes(o.metadata.name)
  );
}

/** Whether a pod made from the ReplicaSet's template passes the API server (a dry run). */
function templateMakesValidPods(cluster: Cluster, rs: StoredObject): boolean {
  const template = (rs as StoredObject & { spec?: { template?: { metadata?: object; spec?: object } } }).spec?.template;
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { ...(template?.metadata ?? {}), generateName: `${rs.metadata.name}-`, namespace: rs.metadata.namespace },
    spec: template?.spec,
  };
  return cluster.create(pod, { dryRun: true }).ok;
}

function key(o: StoredObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

function isReady(p: PodLike): boolean {
  return p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/** podutil.FindPort, as the endpoint controllers resolve a Service port on one pod. */
function servesPort(pod: PodLike, port: NonNullable<NonNullable<ServiceLike["spec"]>["ports"]>[number]): boolean {
  const target = port.targetPort ?? port.port;
  if (typeof target === "number" || /^\d+$/.test(target)) return true;
  return (pod.spec?.containers ?? []).some((c) =>
    (c.ports ?? []).some((p) => p.name === target && (p.protocol ?? "TCP") === (port.protocol ?? "TCP")),
  );
}

function sorted(items: Iterable<string>): string[] {
  return [...items].sort();
}

export interface InvariantOptions {
  /** Every watch event seen since the cluster was made (for the resourceVersion order check). */
  readonly events?: readonly WatchEvent[];
  /** Check that endpoints match pods (only meaningful once the cluster has settled). */
  readonly endpoints?: boolean;
  /** Check that each ownerReference names (kind, name, namespace) the object its uid belongs to. */
  readonly strictOwners?: boolean;
  /** Check that namespaces being deleted are gone (only after enough quiet time for grace periods). */
  readonly quiet?: boolean;
}

/** Every broken invariant of the cluster as it is now, one line each. */
export function violations(cluster: Cluster, opts: InvariantOptions = {}): string[] {
  const out: string[] = [];
  const all = allObjects(cluster);
  const byUid = new Map<string, StoredObject>();
  for (const list of Object.values(all)) for (const o of list) byUid.set(o.metadata.uid, o);

  // uids and resourceVersions are unique: each object has its own uid, and every write its own revision.
  const seenUid = new Map<string, string>();
  const seenRv = new Map<string, string>();
  for (const r of resources) {
    for (const o of all[r.resource]!) {
      const id = `${r.resource} ${key(o)}`;
      const otherUid = seenUid.get(o.metadata.uid);
      if (otherUid) out.push(`${otherUid} and ${id} share uid ${o.metadata.uid}`);
      seenUid.set(o.metadata.uid, id);
      const otherRv = seenRv.get(o.metadata.resourceVersion);
      if (otherRv) out.push(`${otherRv} and ${id} share resourceVersion ${o.metadata.resourceVersion}`);
      seenRv.set(o.metadata.resourceVersion, id);
      const observed = (o as StoredObject & { status?: { observedGeneration?: number } }).status?.observedGeneration;
      if (observed !== undefined && observed > (o.metadata.generation ?? 0)) {
        out.push(
          `${id} has status.observedGeneration ${observed} ahead of metadata.generation ${o.metadata.generation}`,
        );
      }
    }
  }

  // Every namespaced object lives in a namespace that exists.
  const nsNames = new Set(all.namespaces!.map((n) => n.metadata.name));
  for (const r of resources) {
    if (!r.namespaced) continue;
    for (const o of all[r.resource]!) {
      if (!nsNames.has(o.metadata.namespace ?? ""))
        out.push(`${r.resource} ${key(o)} lives in a namespace that does not exist`);
    }
  }

  // ownerReferences point at live owners, or the dependent is on its way out.
  for (const r of resources) {
    for (const o of all[r.resource]!) {
      for (const ref of o.metadata.ownerReferences ?? []) {
        const owner = byUid.get(ref.uid);
        if (o.metadata.deletionTimestamp || undeletable(r.resource, o)) continue;
        if (!owner) {
          out.push(
            `${r.resource} ${key(o)} has an ownerReference to ${ref.kind}/${ref.name} (uid ${ref.uid}) that does not exist`,
          );
        } else if (opts.strictOwners !== false) {
          // The garbage collector looks owners up by kind, namespace and name and compares the uid:
          // a reference that names another object than the one with that uid is dangling.
          const sameNamespace = !owner.metadata.namespace || owner.metadata.namespace === o.metadata.namespace;
          if (owner.kind !== ref.kind || owner.metadata.name !== ref.name || !sameNamespace) {
            out.push(
              `${r.resource} ${key(o)} has an ownerReference to ${ref.kind} ${ref.name} whose uid ${ref.uid} belongs to ${owner.kind} ${key(owner)}`,
            );
          }
        }
      }
    }
  }

  // Pods controlled by a ReplicaSet match its selector.
  for (const p of all.pods as PodLike[]) {
    const ref = p.metadata.ownerReferences?.find((r) => r.controller === true);
    if (ref?.kind !== "ReplicaSet" || p.metadata.deletionTimestamp) continue;
    const rs = byUid.get(ref.uid) as RsLike | undefined;
    // A reference across namespaces is no controller relationship at all (the strict owner check's business).
    if (!rs || rs.metadata.namespace !== p.metadata.namespace) continue;
    if (rs.kind === "ReplicaSet" && !matchesLabelSelector(rs.spec?.selector, p.metadata.labels)) {
      out.push(
        `pod ${key(p)} (labels ${JSON.stringify(p.metadata.labels ?? {})}) is controlled by ReplicaSet ${key(rs)} whose selector ${JSON.stringify(rs.spec?.selector)} does not match it`,
      );
    }
  }

  // No two Services share a ClusterIP; no two ports share a NodePort.
  const services = all.services as ServiceLike[];
  const ipOwner = new Map<string, string>();
  const portOwner = new Map<number, string>();
  for (const s of services) {
    for (const ip of new Set([s.spec?.clusterIP, ...(s.spec?.clusterIPs ?? [])])) {
      if (!ip || ip === "None") continue;
      const other = ipOwner.get(ip);
      if (other) out.push(`services ${other} and ${key(s)} share ClusterIP ${ip}`);
      else ipOwner.set(ip, key(s));
    }
    for (const p of s.spec?.ports ?? []) {
      if (!p.nodePort) continue;
      const other = portOwner.get(p.nodePort);
      if (other) out.push(`services ${other} and ${key(s)} share NodePort ${p.nodePort}`);
      else portOwner.set(p.nodePort, key(s));
    }
  }

  // Pod IPs: inside the node's pod CIDR, unique among pods that have not finished.
  const nodes = new Map(all.nodes!.map((n) => [n.metadata.name, n as StoredObject & { spec?: { podCIDR?: string } }]));
  const podIPOwner = new Map<string, string>();
  for (const p of all.pods as PodLike[]) {
    const ip = p.status?.podIP;
    if (!ip || p.spec?.hostNetwork) continue;
    const cidr = nodes.get(p.spec?.nodeName ?? "")?.spec?.podCIDR;
    if (!cidr || !inCidr(ip, cidr)) {
      out.push(`pod ${key(p)} has IP ${ip} outside the pod CIDR ${cidr} of its node ${p.spec?.nodeName}`);
    }
    if (p.status?.phase === "Succeeded" || p.status?.phase === "Failed") continue;
    const other = podIPOwner.get(ip);
    if (other) out.push(`pods ${other} and ${key(p)} share IP ${ip}`);
    else podIPOwner.set(ip, key(p));
  }

  // ClusterIPs come from the service CIDR, NodePorts from the NodePort range (a default cluster's).
  for (const s of services) {
    for (const ip of s.spec?.clusterIPs ?? []) {
      if (ip !== "None" && !inCidr(ip, "10.96.0.0/16"))
        out.push(`service ${key(s)} has ClusterIP ${ip} outside 10.96.0.0/16`);
    }
    for (const p of s.spec?.ports ?? []) {
      if (p.nodePort !== undefined && !(p.nodePort >= 30000 && p.nodePort <= 32767)) {
        out.push(`service ${key(s)} has NodePort ${p.nodePort} outside 30000-32767`);
      }
    }
  }

  // A ReplicaSet owns exactly spec.replicas active pods once settled, and its status says so.
  const terminatingNs = new Set(
    all.namespaces!.filter((n) => n.metadata.deletionTimestamp).map((n) => n.metadata.name),
  );
  for (const rs of all.replicasets as (RsLike & { spec?: { replicas?: number }; status?: { replicas?: number } })[]) {
    if (rs.metadata.deletionTimestamp || terminatingNs.has(rs.metadata.namespace ?? "")) continue;
    const active = (all.pods as PodLike[]).filter(
      (p) =>
        p.metadata.namespace === rs.metadata.namespace &&
        p.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid && r.controller === true) &&
        !p.metadata.deletionTimestamp &&
        p.status?.phase !== "Succeeded" &&
        p.status?.phase !== "Failed",
    ).length;
    const want = rs.spec?.replicas ?? 1;
    // A template the API server accepts can still make pods it refuses (hostNetwork pods get their
    // hostPorts defaulted, templates do not, so two containers on one port collide only in the pod):
    // upstream records FailedCreate and tries again later. Only a template that makes valid pods counts.
    if (active !== want && templateMakesValidPods(cluster, rs)) {
      out.push(`ReplicaSet ${key(rs)} wants ${want} pods and has ${active} active`);
    }
    if ((rs.status?.replicas ?? 0) !== active) {
      out.push(`ReplicaSet ${key(rs)} reports status.replicas ${rs.status?.replicas}, it has ${active} active pods`);
    }
  }

  // A Deployment's status.replicas is the sum over the ReplicaSets it controls, once settled.
  for (const d of all.deployments as (StoredObject & { status?: { replicas?: number } })[]) {
    if (d.metadata.deletionTimestamp) continue;
    const owned = (all.replicasets as (StoredObject & { status?: { replicas?: number } })[]).filter((rs) =>
      rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid && r.controller === true),
    );
    const sum = owned.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
    if ((d.status?.replicas ?? 0) !== sum) {
      out.push(`Deployment ${key(d)} reports status.replicas ${d.status?.replicas}, its ReplicaSets have ${sum}`);
    }
  }

  // After a quiet period, a namespace being deleted is gone, unless something in it has a finalizer.
  if (opts.quiet) {
    for (const ns of all.namespaces!) {
      if (!ns.metadata.deletionTimestamp) continue;
      const inside = resources.flatMap((r) =>
        r.namespaced ? all[r.resource]!.filter((o) => o.metadata.namespace === ns.metadata.name) : [],
      );
      if (inside.some((o) => (o.metadata.finalizers?.length ?? 0) > 0)) continue;
      const left = inside.map((o) => `${o.kind}/${o.metadata.name}`).slice(0, 10);
      out.push(
        `namespace ${ns.metadata.name} is still terminating after the quiet period; left in it: ${JSON.stringify(left)}`,
      );
    }
  }

  if (opts.endpoints !== false) out.push(...endpointViolations(all));

  // resourceVersions strictly increase from one watch event to the next.
  if (opts.events) {
    let last = 0;
    for (const e of opts.events) {
      const rv = Number(e.object.metadata.resourceVersion);
      if (!(rv > last)) {
        out.push(
          `watch event ${e.type} ${e.resource.resource} ${key(e.object)} has resourceVersion ${e.object.metadata.resourceVersion} after ${last}`,
        );
      }
      last = Math.max(last, rv);
    }
  }
  return out;
}

/** EndpointSlices and Endpoints of every selector Service list exactly the pods that should be there. */
function endpointViolations(all: Record<string, StoredObject[]>): string[] {
  const out: string[] = [];
  const pods = all.pods as PodLike[];
  const slices = all.endpointslices as SliceLike[];
  const endpoints = new Map((all.endpoints as EndpointsLike[]).map((e) => [key(e), e]));
  for (const svc of all.services as ServiceLike[]) {
    const selector = svc.spec?.selector;
    if (svc.spec?.type === "ExternalName" || !selector || Object.keys(selector).length === 0) continue;
    if (svc.metadata.deletionTimestamp) continue;
    const ports = svc.spec?.ports ?? [];
    const want = pods.filter(
      (p) =>
        p.metadata.namespace === svc.metadata.namespace &&
        matchesMap(selector, p.metadata.labels) &&
        p.status?.podIP &&
        p.status.phase !== "Succeeded" &&
        p.status.phase !== "Failed" &&
        (ports.length === 0 || ports.some((sp) => servesPort(p, sp))),
    );
    const mine = slices.filter(
      (s) =>
        s.metadata.namespace === svc.metadata.namespace &&
        s.metadata.labels?.["kubernetes.io/service-name"] === svc.metadata.name &&
        s.metadata.labels?.["endpointslice.kubernetes.io/managed-by"] === "endpointslice-controller.k8s.io",
    );
    const sliceEndpoints = mine.flatMap((s) => s.endpoints ?? []);
    const wantPods = sorted(want.map((p) => `${p.metadata.name}@${p.status!.podIP}`));
    const havePods = sorted(sliceEndpoints.map((e) => `${e.targetRef?.name}@${e.addresses.join(",")}`));
    for (const e of sliceEndpoints) {
      const p = want.find((x) => x.metadata.name === e.targetRef?.name);
      if (p && (e.targetRef?.uid !== p.metadata.uid || e.nodeName !== p.spec?.nodeName)) {
        out.push(
          `EndpointSlice endpoint for pod ${key(p)} of service ${key(svc)} says uid ${e.targetRef?.uid} on ${e.nodeName}, the pod is ${p.metadata.uid} on ${p.spec?.nodeName}`,
        );
      }
    }
    if (JSON.stringify(wantPods) !== JSON.stringify(havePods)) {
      out.push(
        `EndpointSlices of service ${key(svc)} list ${JSON.stringify(havePods)}, the pods that match are ${JSON.stringify(wantPods)}`,
      );
    }
    if (mine.length === 0) out.push(`service ${key(svc)} has no EndpointSlice (not even the empty placeholder)`);

    // The legacy Endpoints agree with the slices on which addresses are ready.
    // Endpoints someone else rewrote (without the controller's label) are theirs: upstream leaves them alone too.
    const ep = endpoints.get(key(svc));
    const managed = ep?.metadata.labels?.["endpoints.kubernetes.io/managed-by"] === "endpoint-controller";
    const epReady = sorted((ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)));
    const sliceReady = sorted(sliceEndpoints.filter((e) => e.conditions?.ready === true).flatMap((e) => e.addresses));
    if (!ep) out.push(`service ${key(svc)} has no Endpoints object`);
    else if (managed && JSON.stringify(epReady) !== JSON.stringify(sliceReady)) {
      out.push(
        `Endpoints ${key(svc)} list ready addresses ${JSON.stringify(epReady)}, its EndpointSlices ${JSON.stringify(sliceReady)}`,
      );
    }
    // Readiness in the slices follows the pods.
    for (const e of sliceEndpoints) {
      const p = want.find((x) => x.metadata.name === e.targetRef?.name);
      if (!p) continue;
      const ready = svc.spec?.publishNotReadyAddresses === true || (isReady(p) && !p.metadata.deletionTimestamp);
      if (e.conditions?.ready !== ready) {
        out.push(
          `EndpointSlice endpoint for pod ${key(p)} of service ${key(svc)} says ready=${e.conditions?.ready}, the pod says ${ready}`,
        );
      }
    }
  }
  out.push(...mirroringViolations(all));
  return out;
}

/** Hand-written Endpoints of a Service without a selector are mirrored into EndpointSlices, address for address. */
function mirroringViolations(all: Record<string, StoredObject[]>): string[] {
  const out: string[] = [];
  const mirrored = (all.endpointslices as SliceLike[]).filter(
    (s) => s.metadata.labels?.["endpointslice.kubernetes.io/managed-by"] === "endpointslicemirroring-controller.k8s.io",
  );
  const serviceOf = (s: SliceLike) => `${s.metadata.namespace}/${s.metadata.labels?.["kubernetes.io/service-name"]}`;
  const services = new Map((all.services as ServiceLike[]).map((s) => [key(s), s]));
  const endpoints = new Map((all.endpoints as EndpointsLike[]).map((e) => [key(e), e]));
  for (const name of new Set([...endpoints.keys(), ...mirrored.map(serviceOf)])) {
    const svc = services.get(name);
    const ep = endpoints.get(name);
    const shouldMirror =
      svc !== undefined &&
      ep !== undefined &&
      svc.spec?.type !== "ExternalName" &&
      Object.keys(svc.spec?.selector ?? {}).length === 0 &&
      ep.metadata.labels?.["endpoints.kubernetes.io/managed-by"] === undefined &&
      ep.metadata.labels?.["endpointslice.kubernetes.io/skip-mirror"] !== "true";
    const slices = mirrored.filter((s) => serviceOf(s) === name);
    for (const ready of [true, false]) {
      const have = sorted(
        new Set(
          slices.flatMap((s) =>
            (s.endpoints ?? []).filter((e) => (e.conditions?.ready === true) === ready).flatMap((e) => e.addresses),
          ),
        ),
      );
      const want = shouldMirror
        ? sorted(
            new Set(
              (ep.subsets ?? []).flatMap((s) => ((ready ? s.addresses : s.notReadyAddresses) ?? []).map((a) => a.ip)),
            ),
          )
        : [];
      if (JSON.stringify(have) !== JSON.stringify(want)) {
        out.push(
          `mirrored EndpointSlices of ${name} list ${ready ? "ready" : "not-ready"} ${JSON.stringify(have)}, its Endpoints ${JSON.stringify(want)}`,
        );
      }
    }
  }
  return out;
}

/** The Service CIDR and NodePort range of a default cluster. */
const serviceBase = parseIPv4("10.96.0.0")!;
const nodePortBase = 30000;

/** The allocators hold exactly what live Services hold: nothing leaked, nothing double-booked. */
export function allocatorViolations(cluster: Cluster, snapshot: ClusterSnapshot): string[] {
  const out: string[] = [];
  const services = cluster.list("services") as ServiceLike[];
  const ips = new Set<number>();
  const ports = new Set<number>();
  for (const s of services) {
    for (const ip of s.spec?.clusterIPs ?? []) {
      const n = ip === "None" ? undefined : parseIPv4(ip);
      if (n !== undefined) ips.add(n - serviceBase - 1);
    }
    for (const p of s.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort - nodePortBase);
  }
  const held = new Set(snapshot.clusterIPs);
  const heldPorts = new Set(snapshot.nodePorts);
  const fmt = (i: number) => {
    const n = serviceBase + 1 + i;
    return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  };
  for (const i of held) if (!ips.has(i)) out.push(`ClusterIP ${fmt(i)} is allocated but no Service has it`);
  for (const i of ips) if (!held.has(i)) out.push(`ClusterIP ${fmt(i)} is used by a Service but not allocated`);
  for (const i of heldPorts)
    if (!ports.has(i)) out.push(`NodePort ${nodePortBase + i} is allocated but no Service has it`);
  for (const i of ports)
    if (!heldPorts.has(i)) out.push(`NodePort ${nodePortBase + i} is used by a Service but not allocated`);
  return out;
}
