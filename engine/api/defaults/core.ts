/**
 * Core (v1) kinds other than Pod: Service, Endpoints, Namespace
 * (k8s.io/kubernetes pkg/apis/core/v1/defaults.go, v1.34; Namespace also the registry's
 * PrepareForCreate).
 */
import type { Endpoints, Namespace, Service, ServiceSpec } from "kubernetes-types/core/v1";
import type { Mutable } from "../object.ts";
import type { DefaultingContext } from "./context.ts";

type M<T> = Mutable<T>;

/** `service.ExternallyAccessible`: NodePort, LoadBalancer, or ClusterIP with externalIPs. */
function externallyAccessible(spec: M<ServiceSpec>): boolean {
  return (
    spec.type === "LoadBalancer" ||
    spec.type === "NodePort" ||
    (spec.type === "ClusterIP" && (spec.externalIPs ?? []).length > 0)
  );
}

/**
 * SetDefaults_Service. `sessionAffinity: None` (and then no sessionAffinityConfig at
 * all), ClientIP without a timeout gets `clientIP.timeoutSeconds: 10800`; `type:
 * ClusterIP`; every port `protocol: TCP` and `targetPort` = `port` when unset or 0/"";
 * `externalTrafficPolicy: Cluster` when externally accessible; `internalTrafficPolicy:
 * Cluster` for ClusterIP, NodePort and LoadBalancer (not ExternalName);
 * `allocateLoadBalancerNodePorts: true` for LoadBalancer; status ingress IPs get
 * `ipMode: VIP`.
 *
 * Not here: clusterIP/clusterIPs, ipFamilies and ipFamilyPolicy, nodePorts and
 * healthCheckNodePort are set by the Service registry when it allocates addresses and
 * ports (a headless or ExternalName Service gets no IPs; ExternalName no families), and
 * the registry's PrepareForCreate clears status.
 */
export function defaultService(svc: M<Service>): void {
  const spec = (svc.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP") {
    const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (timeout === undefined || timeout === null) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = "ClusterIP";
  for (const port of spec.ports ?? []) {
    if (!port.protocol) port.protocol = "TCP";
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === "") port.targetPort = port.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if (
    (spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) &&
    (spec.type === "NodePort" || spec.type === "LoadBalancer" || spec.type === "ClusterIP")
  )
    spec.internalTrafficPolicy = "Cluster";
  if (spec.type === "LoadBalancer") {
    if (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)
      spec.allocateLoadBalancerNodePorts = true;
    for (const ingress of svc.status?.loadBalancer?.ingress ?? [])
      if (ingress.ip && !ingress.ipMode) ingress.ipMode = "VIP";
  }
}

/** SetDefaults_Endpoints: every subset port `protocol: TCP`. */
export function defaultEndpoints(ep: M<Endpoints>): void {
  for (const subset of ep.subsets ?? [])
    for (const port of subset.ports ?? []) if (!port.protocol) port.protocol = "TCP";
}

/**
 * SetDefaults_Namespace: label `kubernetes.io/metadata.name=<name>` whenever the name is
 * known (not for a bare generateName); SetDefaults_NamespaceStatus: `phase: Active` when
 * empty. On create (the registry's PrepareForCreate) the `kubernetes` finalizer is
 * appended to spec.finalizers unless present. Discarding a client-supplied status on
 * create, and keeping finalizers and status on update, stay with the registry strategy.
 */
export function defaultNamespace(ns: M<Namespace>, ctx: DefaultingContext): void {
  const name = ns.metadata?.name;
  if (name) {
    const meta = (ns.metadata ??= {});
    meta.labels = { ...meta.labels, "kubernetes.io/metadata.name": name };
  }
  if ((ctx.operation ?? "create") === "create") {
    const spec = (ns.spec ??= {});
    const finalizers = spec.finalizers ?? [];
    if (!finalizers.includes("kubernetes")) spec.finalizers = [...finalizers, "kubernetes"];
  }
  const status = (ns.status ??= {});
  if (!status.phase) status.phase = "Active";
}
