/**
 * `kubectl describe service` (k/kubectl `describeService`, `buildIngressString`,
 * `formatEndpointSlices`). The Endpoints line comes from the Service's EndpointSlices
 * (label `kubernetes.io/service-name`), not from the v1 Endpoints object.
 */
import type { LoadBalancerIngress, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { formatLabels } from "../../api/labels.ts";
import type { StoredObject } from "../../api/object.ts";
import { describeEvents, eventsFor } from "./events.ts";
import { printAnnotationsMultiline, printLabelsMultiline } from "./format.ts";
import type { DescribeContext } from "./types.ts";
import { LEVEL_0, tabbedString } from "./writer.ts";

type StoredService = Service & StoredObject;

export function describeService(ctx: DescribeContext, obj: StoredObject): string {
  const service = obj as StoredService;
  const slices = (
    ctx.cluster.list("endpointslices", { namespace: service.metadata.namespace }) as EndpointSlice[]
  ).filter((s) => s.metadata?.labels?.["kubernetes.io/service-name"] === service.metadata.name);
  const events = ctx.showEvents ? eventsFor(ctx.cluster, obj) : undefined;
  const spec = service.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${service.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${service.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", service.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", service.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ""}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    const families = spec.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(",") : "<none>"}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ""}\n`);
    const ips = spec.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(",") : "<none>"}\n`);
    if (spec.externalIPs && spec.externalIPs.length > 0)
      w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(",")}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress = service.status?.loadBalancer?.ingress ?? [];
    if (ingress.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingressString(ingress)}\n`);
    for (const sp of spec.ports ?? []) {
      const name = sp.name ? sp.name : "<unset>";
      const protocol = sp.protocol ?? "";
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${protocol}\n`);
      // An unset targetPort is defaulted to the port by the API server, so it is always here.
      w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? 0}/${protocol}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${protocol}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, new Set([sp.name ?? ""]))}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ""}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (spec.loadBalancerSourceRanges && spec.loadBalancerSourceRanges.length > 0)
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(",")}\n`);
    if (spec.trafficDistribution) w.write(LEVEL_0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
    if (events) describeEvents(events, w, ctx.nowMs);
  });
}

/** `buildIngressString`: `ip (ipMode)` or the hostname, joined by `, `. */
function ingressString(ingress: readonly LoadBalancerIngress[]): string {
  return ingress.map((i) => (i.ip ? (i.ipMode ? `${i.ip} (${i.ipMode})` : i.ip) : (i.hostname ?? ""))).join(", ");
}

/** net.JoinHostPort: IPv6 addresses in brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * `formatEndpointSlices`: `ip:port` of READY endpoints (an unset ready counts as ready) for
 * the slices' ports named in `ports` (all ports when undefined), the first three, then
 * ` + N more...`; `<none>` when there are no slices at all, "" when none is ready.
 * Headless slices without ports list bare addresses.
 */
export function formatEndpointSlices(slices: readonly EndpointSlice[], ports?: ReadonlySet<string>): string {
  if (slices.length === 0) return "<none>";
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    const isReady = (i: number) => endpoints[i]!.conditions?.ready !== false;
    if (!slice.ports || slice.ports.length === 0) {
      endpoints.forEach((ep, i) => {
        // Upstream sets `more` before it skips a not-ready endpoint: a not-ready one after
        // three ready ones still turns on " + N more..." (with N possibly 0).
        if (list.length === max) more = true;
        if (!isReady(i)) return;
        if (!more) list.push(ep.addresses[0] ?? "");
        count++;
      });
      continue;
    }
    for (const port of slice.ports) {
      if (ports !== undefined && !ports.has(port.name ?? "")) continue;
      endpoints.forEach((ep, i) => {
        if (list.length === max) more = true;
        if (!isReady(i)) return;
        if (!more) list.push(joinHostPort(ep.addresses[0] ?? "", port.port ?? 0));
        count++;
      });
    }
  }
  const text = list.join(",");
  return more ? `${text} + ${count - max} more...` : text;
}
