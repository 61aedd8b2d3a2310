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
} as const;
