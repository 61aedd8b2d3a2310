/**
 * What kube-proxy keeps of a Service: one `ServicePortInfo` per port (upstream
 * pkg/proxy/serviceport.go `BaseServicePortInfo`), keyed like `ServicePortName`
 * (`namespace/name:portName`, protocol alongside). Services kube-proxy does not handle
 * produce none: headless and ExternalName Services (`ShouldSkipService`), and Services
 * carrying the `service.kubernetes.io/service-proxy-name` or `service.kubernetes.io/headless`
 * labels, which kube-proxy's informer filters out.
 */
import type { Service } from "kubernetes-types/core/v1";

/** The same literal type as the data path's; kube-proxy sits below it and keeps its own. */
export type Protocol = "TCP" | "UDP" | "SCTP";

export interface ServicePortInfo {
  /** `namespace/name:portName/protocol`. */
  readonly key: string;
  /** `namespace/name`. */
  readonly serviceKey: string;
  readonly namespace: string;
  readonly name: string;
  readonly portName: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly nodePort?: number;
  readonly clusterIP: string;
  readonly externalIPs: readonly string[];
  readonly loadBalancerIPs: readonly string[];
  /** ClientIP affinity timeout; undefined when sessionAffinity is None. */
  readonly affinityTimeoutSeconds?: number;
  readonly internalPolicyLocal: boolean;
  readonly externalPolicyLocal: boolean;
}

export const serviceProxyNameLabel = "service.kubernetes.io/service-proxy-name";
export const headlessLabel = "service.kubernetes.io/headless";

export type SkipReason = "not-proxied" | "headless" | "external-name";

/** Why kube-proxy has no rules for this Service, or undefined when it has. */
export function skipReason(svc: Service): SkipReason | undefined {
  const labels = svc.metadata?.labels;
  if (labels && (serviceProxyNameLabel in labels || headlessLabel in labels)) return "not-proxied";
  if (svc.spec?.type === "ExternalName") return "external-name";
  const ip = svc.spec?.clusterIP;
  if (!ip || ip === "None") return "headless";
  return undefined;
}

export function servicePortInfos(svc: Service): ServicePortInfo[] {
  if (skipReason(svc)) return [];
  const spec = svc.spec!;
  const namespace = svc.metadata?.namespace ?? "default";
  const name = svc.metadata?.name ?? "";
  const type = spec.type ?? "ClusterIP";
  const external = type === "NodePort" || type === "LoadBalancer";
  const affinity =
    spec.sessionAffinity === "ClientIP" ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : undefined;
  const lbIPs =
    type === "LoadBalancer"
      ? (svc.status?.loadBalancer?.ingress ?? [])
          // ipMode Proxy means the load balancer forwards to nodes: kube-proxy does not short-circuit it.
          .filter((i) => i.ip && (i as { ipMode?: string }).ipMode !== "Proxy")
          .map((i) => i.ip!)
      : [];
  return (spec.ports ?? []).map((p) => {
    const protocol = (p.protocol ?? "TCP") as Protocol;
    const portName = p.name ?? "";
    return {
      key: `${namespace}/${name}:${portName}/${protocol}`,
      serviceKey: `${namespace}/${name}`,
      namespace,
      name,
      portName,
      protocol,
      port: p.port,
      ...(external && p.nodePort ? { nodePort: p.nodePort } : {}),
      clusterIP: spec.clusterIP!,
      externalIPs: spec.externalIPs ?? [],
      loadBalancerIPs: lbIPs,
      ...(affinity !== undefined ? { affinityTimeoutSeconds: affinity } : {}),
      internalPolicyLocal: spec.internalTrafficPolicy === "Local",
      externalPolicyLocal: (external || (spec.externalIPs?.length ?? 0) > 0) && spec.externalTrafficPolicy === "Local",
    };
  });
}
