import type { AddressPool } from "../controllers/service-lb.ts";
import type { ExternalHost } from "../network/world.ts";

/**
 * What a simulated cluster starts from. Every field has a default that reproduces a kind
 * cluster created with a three-node config (one control plane, two workers).
 */
export interface ClusterOptions {
  /** Seed of every random choice (names, IPs, endpoint picks). Same seed, same cluster. */
  readonly seed?: number;
  /** Nodes in all, the control plane included (1–250). With one node, workloads run on the control plane, as kind removes its taint. */
  readonly nodes?: number;
  /** Virtual time the cluster is created at, RFC 3339. */
  readonly startTime?: string;
  readonly serviceCidr?: string;
  readonly podCidr?: string;
  readonly nodePortRange?: string;
  /** Name prefix of the nodes: `kind` gives kind-control-plane, kind-worker, kind-worker2 … */
  readonly clusterName?: string;
  /** kube-proxy's mode: kind's default iptables, ipvs (round-robin; VIPs answer ping), or nftables. */
  readonly proxyMode?: "iptables" | "ipvs" | "nftables";
  /** The CNI: kind's kindnet enforces NetworkPolicy; a Flannel-like plugin ignores it. */
  readonly cni?: "kindnet" | "flannel";
  /**
   * A load-balancer provider (as cloud-provider-kind or MetalLB would be) handing out
   * addresses from `pool` (`172.18.255.200-172.18.255.250` or a CIDR). Absent: EXTERNAL-IP
   * stays `<pending>`, as on a plain kind cluster.
   */
  readonly loadBalancer?: { readonly pool?: string };
  /** Hosts of the outside world the lesson declares, besides the well-known ones (example.com …). */
  readonly externalHosts?: readonly ExternalHost[];
  /** Debug checks for tests: freeze stored objects so any in-place mutation throws, and validate the control plane's own writes. */
  readonly debugFreeze?: boolean;
}

export interface ResolvedOptions {
  readonly seed: number;
  readonly nodes: number;
  readonly startMs: number;
  readonly serviceCidr: string;
  readonly podCidr: string;
  readonly nodePortBase: number;
  readonly nodePortSize: number;
  readonly clusterName: string;
  readonly debugFreeze: boolean;
  readonly proxyMode: "iptables" | "ipvs" | "nftables";
  readonly cni: "kindnet" | "flannel";
  /** The provider's pool, when one is enabled. */
  readonly loadBalancerPool?: AddressPool;
  readonly externalHosts: readonly ExternalHost[];
}

/** A /24 per node out of the pod CIDR: kind's 10.244.0.0/16 has room for 256; keep some headroom. */
export const nodesMax = 250;

export const defaultOptions = {
  seed: 1,
  nodes: 3,
  startTime: "2025-09-01T09:00:00Z",
  serviceCidr: "10.96.0.0/16",
  podCidr: "10.244.0.0/16",
  nodePortRange: "30000-32767",
  clusterName: "kind",
  proxyMode: "iptables",
  cni: "kindnet",
  /** cloud-provider-kind's habit: the top of the kind network. */
  loadBalancerPool: "172.18.255.200-172.18.255.250",
} as const;
