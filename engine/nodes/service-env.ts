/**
 * The Docker-links-style variables the kubelet puts in every container for the Services
 * that exist when it starts (pkg/kubelet/envvars/envvars.go `FromServices`, and
 * kubelet_pods.go `getServiceEnvVarMap`): Services of the pod's namespace when
 * `enableServiceLinks` is true (the default), and the `kubernetes` Service of `default`
 * always. Headless and ExternalName Services have no address and give no variables.
 * A Service created after the pod started is not in its environment — a classic lesson.
 */
import type { Pod, Service } from "kubernetes-types/core/v1";

export function serviceEnv(
  pod: Pod,
  services: readonly Service[],
  masterNamespace = "default",
): Record<string, string> {
  const byName = new Map<string, Service>();
  const podNs = pod.metadata?.namespace ?? "default";
  const links = pod.spec?.enableServiceLinks ?? true;
  for (const svc of services) {
    const ns = svc.metadata?.namespace ?? "default";
    const name = svc.metadata?.name ?? "";
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === "None") continue;
    // The master service from the default namespace is always present; the pod's own
    // namespace wins for the same name.
    if (ns === masterNamespace && name === "kubernetes" && !byName.has(name)) byName.set(name, svc);
    if (links && ns === podNs) byName.set(name, svc);
  }
  const out: Record<string, string> = {};
  for (const name of [...byName.keys()].sort()) {
    const svc = byName.get(name)!;
    const prefix = name.toUpperCase().replace(/-/g, "_");
    const ip = svc.spec!.clusterIP!;
    const ports = svc.spec?.ports ?? [];
    const first = ports[0];
    if (!first) continue;
    out[`${prefix}_SERVICE_HOST`] = ip;
    out[`${prefix}_SERVICE_PORT`] = String(first.port);
    for (const p of ports)
      if (p.name) out[`${prefix}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, "_")}`] = String(p.port);
    const proto = (first.protocol ?? "TCP").toLowerCase();
    out[`${prefix}_PORT`] = `${proto}://${ip}:${first.port}`;
    for (const p of ports) {
      const pr = (p.protocol ?? "TCP").toLowerCase();
      const base = `${prefix}_PORT_${p.port}_${pr.toUpperCase()}`;
      out[base] = `${pr}://${ip}:${p.port}`;
      out[`${base}_PROTO`] = pr;
      out[`${base}_PORT`] = String(p.port);
      out[`${base}_ADDR`] = ip;
    }
  }
  return out;
}
