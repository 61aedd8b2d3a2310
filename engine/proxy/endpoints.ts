/**
 * Endpoints as kube-proxy reads them from EndpointSlices (upstream
 * pkg/proxy/endpointslicecache.go): all slices of a Service merged, one list per
 * `ServicePortName` (port name + protocol), duplicates across slices dropped, and sorted
 * so the rule order — and so which endpoint a random draw picks — does not depend on
 * slice order. `categorizeEndpoints` follows pkg/proxy/topology.go.
 */
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { parseIPv4 } from "../core/ip.ts";
import type { Protocol } from "./service-info.ts";

export interface EndpointInfo {
  readonly ip: string;
  readonly port: number;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName?: string;
  readonly pod?: { readonly namespace: string; readonly name: string };
}

/** `portName/protocol` → endpoints. */
export type EndpointsByPort = Map<string, EndpointInfo[]>;

export function portKey(portName: string, protocol: Protocol): string {
  return `${portName}/${protocol}`;
}

export function endpointsFromSlices(slices: readonly EndpointSlice[]): EndpointsByPort {
  const out: EndpointsByPort = new Map();
  const seen = new Set<string>();
  for (const slice of slices) {
    if (slice.addressType !== "IPv4") continue;
    for (const p of slice.ports ?? []) {
      if (p.port === undefined || p.port === null) continue;
      const key = portKey(p.name ?? "", (p.protocol ?? "TCP") as Protocol);
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      for (const e of slice.endpoints ?? []) {
        const ip = e.addresses?.[0];
        if (!ip) continue;
        const id = `${key}|${ip}:${p.port}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const c = e.conditions ?? {};
        // A nil condition means "unknown", which the API says to treat as ready/serving.
        const ready = c.ready ?? true;
        const ref = e.targetRef;
        list.push({
          ip,
          port: p.port,
          ready,
          serving: c.serving ?? ready,
          terminating: c.terminating ?? false,
          ...(e.nodeName ? { nodeName: e.nodeName } : {}),
          ...(ref?.kind === "Pod" && ref.name
            ? { pod: { namespace: ref.namespace ?? slice.metadata?.namespace ?? "", name: ref.name } }
            : {}),
        });
      }
    }
  }
  for (const list of out.values()) list.sort(compareEndpoints);
  return out;
}

function compareEndpoints(a: EndpointInfo, b: EndpointInfo): number {
  return (parseIPv4(a.ip) ?? 0) - (parseIPv4(b.ip) ?? 0) || a.port - b.port;
}

export interface CategorizedEndpoints {
  /** What traffic with Cluster policy may use. */
  readonly clusterEndpoints: readonly EndpointInfo[];
  /** What traffic with Local policy may use on this node. */
  readonly localEndpoints: readonly EndpointInfo[];
  /** Any usable endpoint anywhere (decides REJECT vs DROP). */
  readonly hasAnyEndpoints: boolean;
  /** The cluster list is the terminating fallback. */
  readonly clusterFallback: boolean;
  readonly localFallback: boolean;
}

/**
 * Ready endpoints if there are any, else the serving-terminating ones
 * (ProxyTerminatingEndpoints, GA 1.28); the same separately for this node's endpoints.
 * Topology hints are not simulated.
 */
export function categorizeEndpoints(all: readonly EndpointInfo[], nodeName: string): CategorizedEndpoints {
  const ready = all.filter((e) => e.ready);
  const clusterFallback = ready.length === 0;
  const clusterEndpoints = clusterFallback ? all.filter((e) => e.serving && e.terminating) : ready;
  const local = all.filter((e) => e.nodeName === nodeName);
  const localReady = local.filter((e) => e.ready);
  const localFallback = localReady.length === 0;
  const localEndpoints = localFallback ? local.filter((e) => e.serving && e.terminating) : localReady;
  return {
    clusterEndpoints,
    localEndpoints,
    hasAnyEndpoints: clusterEndpoints.length > 0 || localEndpoints.length > 0,
    clusterFallback: clusterFallback && clusterEndpoints.length > 0,
    localFallback: localFallback && localEndpoints.length > 0,
  };
}
