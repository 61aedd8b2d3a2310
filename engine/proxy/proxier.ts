/**
 * kube-proxy as a rule table and a walker over it. `sync()` turns pending Service and
 * EndpointSlice changes into rules (upstream `syncProxyRules`, but incremental: only the
 * Services that changed are rebuilt), and `interceptVip` / `interceptNodePort` walk the
 * rules for one new connection — a map lookup, never a scan of all Services.
 *
 * Modes differ where a learner can see it (fidelity reference §2):
 * - iptables (kind's default): each new connection is an independent draw — rule i of n
 *   matches with probability 1/(n−i), evaluated as the kernel's `statistic` match does;
 *   ClientIP affinity is the `recent` match (per node, refreshed on every new connection);
 *   a Service with no usable endpoints REJECTs (refused); Local policy with no local
 *   endpoint DROPs (timeout); a port the Service does not define has no rule (timeout).
 * - ipvs: round-robin per node and virtual server; VIPs are bound to kube-ipvs0, so a port
 *   the Service does not define and a Service without endpoints are refused by the node.
 * - nftables: random like iptables; invalid ports of a ClusterIP are rejected.
 */
import type { Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { RandomStream } from "../core/random.ts";
import type { ObjectStore, WatchEvent } from "../store/store.ts";
import { ServiceChangeTracker } from "./change-tracker.ts";
import type { EndpointInfo } from "./endpoints.ts";
import { categorizeEndpoints, endpointsFromSlices, portKey } from "./endpoints.ts";
import type { Protocol, ServicePortInfo } from "./service-info.ts";
import { servicePortInfos } from "./service-info.ts";

export type ProxyMode = "iptables" | "ipvs" | "nftables";
/** Why kube-proxy refused or dropped a connection (a subset of the data path's trace reasons). */
export type ProxyReason = "no-endpoints" | "no-local-endpoints" | "no-service-port";
export type Via = "cluster-ip" | "node-port" | "external-ip" | "load-balancer";

export interface ProxyContext {
  /** The node whose rules see the packet. */
  readonly node: string;
  /** The client address the rules see (before any SNAT). */
  readonly clientIP: string;
  /**
   * Traffic from outside the cluster (the workstation, another node's pod to this node's
   * NodePort). Pod and host traffic to an external address of a Service always uses the
   * Cluster policy ("pod-to-same-node-NodePort connections … always get Cluster traffic policy").
   */
  readonly external: boolean;
  readonly nowMs: number;
}

export type ProxyDecision =
  | { readonly kind: "pass" }
  | {
      readonly kind: "dnat";
      readonly service: ServicePortInfo;
      readonly via: Via;
      readonly endpoint: EndpointInfo;
      readonly chosenBy: "random" | "affinity" | "round-robin" | "only";
      readonly candidates: number;
      readonly terminatingFallback: boolean;
      /** Cluster-policy external traffic is masqueraded (SNAT to the node). */
      readonly masquerade: boolean;
    }
  | ProxyRefusal<"reject">
  | ProxyRefusal<"drop">;

/** REJECT (the client sees "refused" at once) or DROP (it times out). */
interface ProxyRefusal<K extends "reject" | "drop"> {
  readonly kind: K;
  readonly service?: ServicePortInfo;
  readonly via?: Via;
  readonly reason: ProxyReason;
}

interface ServiceRules {
  readonly ports: readonly ServicePortInfo[];
  readonly vipKeys: readonly string[];
  readonly nodePortKeys: readonly string[];
  readonly addresses: readonly string[];
}

export interface KubeProxyState {
  readonly affinity: readonly (readonly [string, string, number])[];
  readonly roundRobin: readonly (readonly [string, number])[];
}

const vipKey = (ip: string, port: number, protocol: Protocol) => `${ip}|${port}|${protocol}`;
const nodePortKey = (port: number, protocol: Protocol) => `${port}|${protocol}`;

export class KubeProxy {
  readonly mode: ProxyMode;
  private readonly store: ObjectStore;
  private readonly random: RandomStream;
  private readonly changes = new ServiceChangeTracker();
  private readonly services = new Map<string, ServiceRules>();
  private readonly vips = new Map<string, { readonly info: ServicePortInfo; readonly via: Via }>();
  /** Service addresses (any port) → how many Service ports use them. */
  private readonly vipAddresses = new Map<string, number>();
  private readonly nodePorts = new Map<string, ServicePortInfo>();
  private readonly endpoints = new Map<string, readonly EndpointInfo[]>();
  /** `node|servicePort|clientIP` → [endpoint "ip:port", last seen]. The `recent` match's table. */
  private affinity = new Map<string, { endpoint: string; lastMs: number }>();
  /** `node|servicePort` → next index (IPVS rr). */
  private roundRobin = new Map<string, number>();

  constructor(store: ObjectStore, mode: ProxyMode, random: RandomStream) {
    this.store = store;
    this.mode = mode;
    this.random = random;
  }

  observe(e: WatchEvent): void {
    this.changes.observe(e);
  }

  /** Rebuild every Service's rules from the store (after a restore). */
  rebuild(): void {
    this.changes.markAll(this.services.keys());
    for (const svc of this.store.list("services"))
      this.changes.markAll([`${svc.metadata.namespace}/${svc.metadata.name}`]);
    this.sync();
  }

  /** Apply pending changes; cheap when nothing changed. */
  sync(): void {
    if (!this.changes.dirty) return;
    for (const key of this.changes.take()) this.syncService(key);
  }

  private syncService(key: string): void {
    const old = this.services.get(key);
    if (old) {
      for (const k of old.vipKeys) this.vips.delete(k);
      for (const k of old.nodePortKeys) this.nodePorts.delete(k);
      for (const a of old.addresses) {
        const n = (this.vipAddresses.get(a) ?? 1) - 1;
        if (n <= 0) this.vipAddresses.delete(a);
        else this.vipAddresses.set(a, n);
      }
      for (const p of old.ports) this.endpoints.delete(p.key);
      this.services.delete(key);
    }
    const slash = key.indexOf("/");
    const svc = this.store.get("services", key.slice(0, slash), key.slice(slash + 1)) as Service | undefined;
    if (!svc) return;
    const ports = servicePortInfos(svc);
    if (ports.length === 0) return;
    const sliceKeys = this.store.byIndex("sliceService", `${key.slice(0, slash)}\0${key.slice(slash + 1)}`);
    const slices = [...sliceKeys]
      .sort()
      .map((k) => this.store.getByKey("endpointslices", k) as EndpointSlice | undefined)
      .filter((s): s is EndpointSlice => s !== undefined);
    const byPort = endpointsFromSlices(slices);
    const vipKeys: string[] = [];
    const nodePortKeys: string[] = [];
    const addresses = new Set<string>();
    for (const info of ports) {
      this.endpoints.set(info.key, byPort.get(portKey(info.portName, info.protocol)) ?? []);
      const add = (ip: string, via: Via) => {
        const k = vipKey(ip, info.port, info.protocol);
        if (this.vips.has(k)) return; // first Service wins, as the first matching rule does
        this.vips.set(k, { info, via });
        vipKeys.push(k);
        addresses.add(ip);
      };
      add(info.clusterIP, "cluster-ip");
      for (const ip of info.externalIPs) add(ip, "external-ip");
      for (const ip of info.loadBalancerIPs) add(ip, "load-balancer");
      if (info.nodePort !== undefined) {
        const k = nodePortKey(info.nodePort, info.protocol);
        if (!this.nodePorts.has(k)) {
          this.nodePorts.set(k, info);
          nodePortKeys.push(k);
        }
      }
    }
    for (const a of addresses) this.vipAddresses.set(a, (this.vipAddresses.get(a) ?? 0) + 1);
    this.services.set(key, { ports, vipKeys, nodePortKeys, addresses: [...addresses] });
  }

  /** Is this address some Service's load-balancer ingress IP? */
  isLoadBalancerAddress(ip: string): boolean {
    this.sync();
    for (const [k, v] of this.vips) if (v.via === "load-balancer" && k.startsWith(`${ip}|`)) return true;
    return false;
  }

  /** Does some Service use this address as a ClusterIP, external IP or load-balancer IP? */
  isServiceAddress(ip: string): boolean {
    this.sync();
    return this.vipAddresses.has(ip);
  }

  /** A connection to a Service address (ClusterIP, external IP, load-balancer IP) as `ctx.node`'s rules see it. */
  interceptVip(ip: string, port: number, protocol: Protocol, ctx: ProxyContext): ProxyDecision {
    this.sync();
    const hit = this.vips.get(vipKey(ip, port, protocol));
    if (!hit) {
      if (!this.vipAddresses.has(ip)) return { kind: "pass" };
      // A Service address on a port no Service defines.
      if (this.mode === "iptables") return { kind: "drop", reason: "no-service-port" };
      return { kind: "reject", reason: "no-service-port" };
    }
    return this.choose(hit.info, hit.via, ctx);
  }

  /** A connection to `ctx.node`'s own address on `port`: a NodePort, or nothing. */
  interceptNodePort(port: number, protocol: Protocol, ctx: ProxyContext): ProxyDecision {
    this.sync();
    const info = this.nodePorts.get(nodePortKey(port, protocol));
    return info ? this.choose(info, "node-port", ctx) : { kind: "pass" };
  }

  private choose(info: ServicePortInfo, via: Via, ctx: ProxyContext): ProxyDecision {
    const all = this.endpoints.get(info.key) ?? [];
    const cat = categorizeEndpoints(all, ctx.node);
    if (!cat.hasAnyEndpoints) return { kind: "reject", service: info, via, reason: "no-endpoints" };
    const isExternalVia = via !== "cluster-ip";
    const useLocal = isExternalVia ? info.externalPolicyLocal && ctx.external : info.internalPolicyLocal;
    const candidates = useLocal ? cat.localEndpoints : cat.clusterEndpoints;
    if (candidates.length === 0) return { kind: "drop", service: info, via, reason: "no-local-endpoints" };
    const fallback = useLocal ? cat.localFallback : cat.clusterFallback;
    const masquerade = isExternalVia && ctx.external && !useLocal;
    const picked = this.pick(info, candidates, ctx);
    return {
      kind: "dnat",
      service: info,
      via,
      endpoint: picked.endpoint,
      chosenBy: picked.chosenBy,
      candidates: candidates.length,
      terminatingFallback: fallback,
      masquerade,
    };
  }

  private pick(
    info: ServicePortInfo,
    candidates: readonly EndpointInfo[],
    ctx: ProxyContext,
  ): { endpoint: EndpointInfo; chosenBy: "random" | "affinity" | "round-robin" | "only" } {
    const affinityKey = `${ctx.node}|${info.key}|${ctx.clientIP}`;
    if (info.affinityTimeoutSeconds !== undefined) {
      const entry = this.affinity.get(affinityKey);
      if (entry && ctx.nowMs - entry.lastMs <= info.affinityTimeoutSeconds * 1000) {
        const sticky = candidates.find((e) => `${e.ip}:${e.port}` === entry.endpoint);
        if (sticky) {
          entry.lastMs = ctx.nowMs;
          return { endpoint: sticky, chosenBy: "affinity" };
        }
      }
    }
    let index: number;
    let chosenBy: "random" | "round-robin" | "only";
    if (candidates.length === 1) {
      index = 0;
      chosenBy = "only";
    } else if (this.mode === "ipvs") {
      const rrKey = `${ctx.node}|${info.key}`;
      const next = this.roundRobin.get(rrKey) ?? 0;
      index = next % candidates.length;
      this.roundRobin.set(rrKey, next + 1);
      chosenBy = "round-robin";
    } else {
      index = this.mode === "nftables" ? this.random.intn(candidates.length) : this.statisticDraw(candidates.length);
      chosenBy = "random";
    }
    const endpoint = candidates[index]!;
    if (info.affinityTimeoutSeconds !== undefined)
      this.affinity.set(affinityKey, { endpoint: `${endpoint.ip}:${endpoint.port}`, lastMs: ctx.nowMs });
    return { endpoint, chosenBy };
  }

  /**
   * iptables' chain of `-m statistic --mode random --probability 1/(n-i)` rules: the
   * probability is printed with ten decimals and the kernel compares 31 random bits with
   * `round(p × 2^31)`; the last rule has no match and always takes what is left.
   */
  private statisticDraw(n: number): number {
    for (let i = 0; i < n - 1; i++) {
      const p = Number((1 / (n - i)).toFixed(10));
      const threshold = Math.round(p * 0x80000000);
      if ((this.random.uint32() & 0x7fffffff) < threshold) return i;
    }
    return n - 1;
  }

  save(): KubeProxyState {
    return {
      affinity: [...this.affinity].map(([k, v]) => [k, v.endpoint, v.lastMs] as const),
      roundRobin: [...this.roundRobin],
    };
  }

  load(state: KubeProxyState): void {
    this.affinity = new Map(state.affinity.map(([k, endpoint, lastMs]) => [k, { endpoint, lastMs }]));
    this.roundRobin = new Map(state.roundRobin);
    this.rebuild();
  }
}
