/**
 * NetworkPolicy (networking.k8s.io/v1) enforcement as kind's CNI does it: kindnetd embeds
 * sigs.k8s.io/kube-network-policies (v0.8.0 in kind v0.30, the release for v1.34), which
 * queues the first packet of each connection and evaluates it in user space —
 * `evaluator`, `evaluateIngress`/`evaluateEgress`, `evaluateSelectors`, `evaluateIPBlocks`
 * and `evaluatePorts` in pkg/networkpolicy/networkpolicy.go. This module is that evaluation;
 * the data path calls it once per direction (egress at the source pod, ingress at the
 * destination pod) and keeps the verdict for the connection (replies are not evaluated).
 *
 * What the index keeps: every NetworkPolicy compiled once per version (selectors parsed,
 * CIDRs parsed), grouped by namespace and sorted by name, and every Namespace's labels. An
 * evaluation reads only the subject's namespace.
 *
 * Upstream behaviours kept on purpose (they are what a kind cluster does):
 * - A pod is isolated for a direction when a policy in its namespace selects it and lists
 *   that direction in `policyTypes`; a policy that selects it only for the other direction
 *   does not isolate it here.
 * - `ipBlock` is matched against any address, pod addresses included.
 * - Selectors only ever match pods: traffic from or to a node, the workstation or an outside
 *   address matches only `ipBlock` peers or rules without peers.
 * - A named port matches when the destination pod (the subject for ingress, the peer for
 *   egress) has a container port of that name, number and protocol.
 * - Namespace selectors read the labels of the peer pod's Namespace object; a pod whose
 *   namespace is gone matches only an empty namespace selector.
 * - Host-network pods are invisible: kube-network-policies does not map node addresses to
 *   pods, so such a pod is never a subject and counts as a pod-less peer.
 * - Defensive branches upstream takes on objects the API would not accept: an invalid
 *   policy podSelector makes the policy select nothing; an invalid peer selector, or an IPv4
 *   CIDR Go cannot parse, accepts the packet; an IPv6 CIDR never contains an IPv4 address.
 *
 * Written from the upstream behaviour; no upstream code is copied.
 */
import type { Namespace, Pod } from "kubernetes-types/core/v1";
import type { IPBlock, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from "kubernetes-types/networking/v1";
import type { Parsed, Selector } from "../api/labels.ts";
import { isEverything, labelSelectorAsSelector, matches } from "../api/labels.ts";
import type { StoredObject } from "../api/object.ts";
import { type Cidr, cidrContains, parseCidr, parseIPv4 } from "../core/ip.ts";
import type { ObjectStore, WatchEvent } from "../store/store.ts";
import type { Protocol } from "./types.ts";

export type PolicyDirection = "ingress" | "egress";

/** A pod as policy evaluation sees it. */
export interface PolicyPod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ip: string;
  /** The regular containers' ports, to resolve named ports (a missing protocol is TCP). */
  readonly ports: readonly { readonly name?: string; readonly containerPort: number; readonly protocol?: string }[];
  /** A host-network pod shares its node's address: never a subject, and a pod-less peer. */
  readonly hostNetwork?: boolean;
}

/** The other end: `pod` is undefined for a node, the workstation or an outside address. */
export interface PolicyPeer {
  readonly ip: string;
  readonly pod?: PolicyPod;
}

export interface PolicyVerdict {
  readonly verdict: "allowed" | "denied" | "not-isolated";
  /** The policies (`namespace/name`, sorted) that select the subject for this direction. */
  readonly policies: readonly string[];
  /** When allowed: the first policy, in that order, with a rule that let the traffic through. */
  readonly allowedBy?: string;
}

/** What the index reads to build itself: the store, or anything that lists objects the same way. */
export type PolicySource = Pick<ObjectStore, "list">;

/** The view of a Pod a caller needs to evaluate its traffic; undefined while it has no IP. */
export function policyPodOf(pod: Pod & { readonly metadata: { readonly name: string } }): PolicyPod | undefined {
  const ip = pod.status?.podIP;
  if (!ip) return undefined;
  const ports: { name?: string; containerPort: number; protocol?: string }[] = [];
  // kube-network-policies reads only spec.containers (not init containers) for named ports.
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? [])
      ports.push({
        containerPort: p.containerPort,
        ...(p.name ? { name: p.name } : {}),
        ...(p.protocol ? { protocol: p.protocol } : {}),
      });
  return {
    namespace: pod.metadata.namespace ?? "default",
    name: pod.metadata.name,
    labels: pod.metadata.labels ?? {},
    ip,
    ports,
    ...(pod.spec?.hostNetwork === true ? { hostNetwork: true } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// Compiled policies

/** A parsed CIDR, or one upstream's Go parser treats specially. */
type CompiledCidr =
  | { readonly kind: "v4"; readonly cidr: Cidr }
  /** Go's net.ParseCIDR fails (the API's legacy parser accepted it): upstream accepts the packet. */
  | { readonly kind: "unparsable" }
  /** An IPv6 block never contains an IPv4 address. */
  | { readonly kind: "v6" };

type CompiledPeer =
  | { readonly kind: "ipBlock"; readonly cidr: CompiledCidr; readonly except: readonly CompiledCidr[] }
  | {
      readonly kind: "selectors";
      /** undefined: not set. */
      readonly pod?: Parsed<Selector>;
      readonly namespace?: Parsed<Selector>;
    }
  /** Neither a selector nor an ipBlock (validation rejects it): matches nothing. */
  | { readonly kind: "none" };

interface CompiledPort {
  readonly protocol: string;
  /** No port: every port of the protocol. */
  readonly any: boolean;
  /** `IntOrString.IntValue()`: the number, or a named port's (failed) integer parse, 0. */
  readonly number: number;
  readonly name?: string;
  readonly endPort?: number;
}

interface CompiledRule {
  /** Empty: every port. */
  readonly ports: readonly CompiledPort[];
  /** Empty: every peer. */
  readonly peers: readonly CompiledPeer[];
}

interface CompiledPolicy {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  /** undefined: the podSelector is invalid and the policy selects nothing. */
  readonly podSelector: Selector | undefined;
  /** undefined: the policy has no such policyType; empty: the type with no rules (deny all). */
  readonly ingress: readonly CompiledRule[] | undefined;
  readonly egress: readonly CompiledRule[] | undefined;
}

function compileCidr(text: string | undefined): CompiledCidr {
  const t = text ?? "";
  if (t.includes(":")) return { kind: "v6" };
  const cidr = parseCidr(t);
  return cidr ? { kind: "v4", cidr } : { kind: "unparsable" };
}

function compileSelector(sel: NetworkPolicyPeer["podSelector"]): Parsed<Selector> | undefined {
  return sel === undefined || sel === null ? undefined : labelSelectorAsSelector(sel);
}

function compilePeer(peer: NetworkPolicyPeer): CompiledPeer {
  const block: IPBlock | undefined = peer.ipBlock ?? undefined;
  if (block) return { kind: "ipBlock", cidr: compileCidr(block.cidr), except: (block.except ?? []).map(compileCidr) };
  const pod = compileSelector(peer.podSelector);
  const namespace = compileSelector(peer.namespaceSelector);
  if (!pod && !namespace) return { kind: "none" };
  return { kind: "selectors", ...(pod ? { pod } : {}), ...(namespace ? { namespace } : {}) };
}

/** Go's strconv.Atoi as IntOrString.IntValue uses it: a decimal integer, else 0. */
function intValue(port: number | string | undefined): number {
  if (typeof port === "number") return port;
  if (typeof port === "string" && /^[+-]?\d+$/.test(port)) return Number(port);
  return 0;
}

function compilePort(p: NetworkPolicyPort): CompiledPort {
  const port = p.port ?? undefined;
  return {
    protocol: p.protocol ?? "TCP",
    any: port === undefined,
    number: intValue(port),
    ...(typeof port === "string" && port !== "" ? { name: port } : {}),
    ...(typeof p.endPort === "number" ? { endPort: p.endPort } : {}),
  };
}

function compileRules(
  rules: readonly { ports?: NetworkPolicyPort[]; from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[] }[] | undefined,
  peersOf: "from" | "to",
): CompiledRule[] {
  return (rules ?? []).map((r) => ({
    ports: (r.ports ?? []).map(compilePort),
    peers: (r[peersOf] ?? []).map(compilePeer),
  }));
}

function compilePolicy(np: NetworkPolicy & StoredObject): CompiledPolicy {
  const spec = np.spec;
  const namespace = np.metadata.namespace ?? "default";
  // The API defaults policyTypes; an object without them reads as the defaulting would fill them.
  const declared = spec?.policyTypes ?? [];
  const types = declared.length > 0 ? declared : (spec?.egress ?? []).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
  // podSelector is a struct in Go: a missing one is the empty selector (every pod).
  const podSelector = labelSelectorAsSelector(spec?.podSelector ?? {});
  return {
    key: `${namespace}/${np.metadata.name}`,
    name: np.metadata.name,
    namespace,
    podSelector: podSelector.ok ? podSelector.value : undefined,
    // An empty rule list is stored as none (omitempty), so `ingress: []` denies like a missing one.
    ingress: types.includes("Ingress") ? compileRules(spec?.ingress, "from") : undefined,
    egress: types.includes("Egress") ? compileRules(spec?.egress, "to") : undefined,
  };
}

// ---------------------------------------------------------------------------------------
// Matching

function cidrContainsIP(c: CompiledCidr, ip: number): boolean | "accept" {
  switch (c.kind) {
    case "v4":
      return cidrContains(c.cidr, ip);
    case "v6":
      return false;
    case "unparsable":
      return "accept";
  }
}

/** evaluateIPBlocks: inside `cidr` and outside every `except`. */
function ipBlockMatches(peer: Extract<CompiledPeer, { kind: "ipBlock" }>, ipText: string): boolean {
  const ip = parseIPv4(ipText);
  if (ip === undefined) return false;
  const inside = cidrContainsIP(peer.cidr, ip);
  if (inside === "accept") return true;
  if (!inside) return false;
  for (const e of peer.except) {
    const excluded = cidrContainsIP(e, ip);
    if (excluded === "accept") return true;
    if (excluded) return false;
  }
  return true;
}

/** evaluatePorts: any entry of the protocol whose port, name or range covers `port`. */
function portsMatch(
  ports: readonly CompiledPort[],
  destination: PolicyPod | undefined,
  port: number,
  protocol: string,
) {
  if (ports.length === 0) return true;
  for (const p of ports) {
    if (p.protocol !== protocol) continue;
    if (p.any || port === p.number) return true;
    if (p.name !== undefined && destination) {
      for (const cp of destination.ports)
        if (cp.name === p.name && cp.containerPort === port && (cp.protocol || "TCP") === protocol) return true;
    }
    if (p.endPort !== undefined && port > p.number && port <= p.endPort) return true;
  }
  return false;
}

export class NetworkPolicyIndex {
  private readonly source: PolicySource;
  /** Namespace → its policies sorted by name. */
  private readonly byNamespace = new Map<string, CompiledPolicy[]>();
  /** Namespace name → its labels. */
  private readonly namespaces = new Map<string, Readonly<Record<string, string>>>();

  constructor(source: PolicySource) {
    this.source = source;
    this.rebuild();
  }

  /** Follow NetworkPolicy and Namespace changes; other kinds are ignored. */
  observe(e: Readonly<WatchEvent>): void {
    if (e.resource.kind === "NetworkPolicy") {
      const np = e.object as NetworkPolicy & StoredObject;
      if (e.type === "DELETED") this.remove(np.metadata.namespace ?? "default", np.metadata.name);
      else this.put(compilePolicy(np));
    } else if (e.resource.kind === "Namespace") {
      if (e.type === "DELETED") this.namespaces.delete(e.object.metadata.name);
      else this.namespaces.set(e.object.metadata.name, (e.object as Namespace).metadata?.labels ?? {});
    }
  }

  /** Read everything again from the source (after a snapshot is restored). */
  rebuild(): void {
    this.byNamespace.clear();
    this.namespaces.clear();
    for (const ns of this.source.list("namespaces")) this.namespaces.set(ns.metadata.name, ns.metadata.labels ?? {});
    // The store lists by namespace then name, so each namespace's array comes out sorted.
    for (const np of this.source.list("networkpolicies")) {
      const policy = compilePolicy(np as NetworkPolicy & StoredObject);
      const list = this.byNamespace.get(policy.namespace);
      if (list) list.push(policy);
      else this.byNamespace.set(policy.namespace, [policy]);
    }
    for (const list of this.byNamespace.values()) list.sort(byName);
  }

  /** Number of policies held (tests and diagnostics). */
  get size(): number {
    let n = 0;
    for (const list of this.byNamespace.values()) n += list.length;
    return n;
  }

  /**
   * May traffic go from `peer` to `subject` (ingress) or from `subject` to `peer` (egress)
   * on `port`/`protocol`? `port` is the destination port after DNAT (the pod's port, not
   * the Service's).
   */
  evaluate(
    direction: PolicyDirection,
    subject: PolicyPod,
    peer: PolicyPeer,
    port: number,
    protocol: Protocol,
  ): PolicyVerdict {
    if (subject.hostNetwork) return notIsolated;
    const candidates = this.byNamespace.get(subject.namespace);
    if (!candidates) return notIsolated;
    const peerPod = peer.pod && !peer.pod.hostNetwork ? peer.pod : undefined;
    // The pod whose container ports name the destination port.
    const destination = direction === "ingress" ? subject : peerPod;
    const policies: string[] = [];
    let allowedBy: string | undefined;
    for (const policy of candidates) {
      const rules = direction === "ingress" ? policy.ingress : policy.egress;
      if (rules === undefined || !policy.podSelector || !matches(policy.podSelector, subject.labels)) continue;
      policies.push(policy.key);
      if (allowedBy !== undefined) continue;
      for (const rule of rules) {
        if (!portsMatch(rule.ports, destination, port, protocol)) continue;
        if (
          rule.peers.length === 0 ||
          rule.peers.some((p) => this.peerMatches(p, policy.namespace, peer.ip, peerPod))
        ) {
          allowedBy = policy.key;
          break;
        }
      }
    }
    if (policies.length === 0) return notIsolated;
    return allowedBy !== undefined ? { verdict: "allowed", policies, allowedBy } : { verdict: "denied", policies };
  }

  /** One `from`/`to` entry against the other end (evaluateIPBlocks, evaluateSelectors). */
  private peerMatches(peer: CompiledPeer, policyNamespace: string, ip: string, pod: PolicyPod | undefined): boolean {
    if (peer.kind === "ipBlock") return ipBlockMatches(peer, ip);
    if (peer.kind === "none" || !pod) return false;
    if (peer.pod) {
      if (!peer.pod.ok) return true;
      if (!matches(peer.pod.value, pod.labels)) return false;
      if (!peer.namespace) return pod.namespace === policyNamespace;
    }
    if (peer.namespace) {
      if (!peer.namespace.ok) return true;
      if (isEverything(peer.namespace.value)) return true;
      const labels = this.namespaces.get(pod.namespace);
      return labels !== undefined && matches(peer.namespace.value, labels);
    }
    return true;
  }

  private put(policy: CompiledPolicy): void {
    const list = this.byNamespace.get(policy.namespace) ?? [];
    const i = list.findIndex((p) => p.name >= policy.name);
    if (i < 0) list.push(policy);
    else if (list[i]!.name === policy.name) list[i] = policy;
    else list.splice(i, 0, policy);
    this.byNamespace.set(policy.namespace, list);
  }

  private remove(namespace: string, name: string): void {
    const list = this.byNamespace.get(namespace);
    if (!list) return;
    const i = list.findIndex((p) => p.name === name);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNamespace.delete(namespace);
  }
}

const notIsolated: PolicyVerdict = Object.freeze({ verdict: "not-isolated", policies: Object.freeze([]) });

function byName(a: CompiledPolicy, b: CompiledPolicy): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
