/** networking.k8s.io/v1 (k8s.io/kubernetes pkg/apis/networking/v1/defaults.go, v1.34). */
import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import type { Mutable } from "../object.ts";

/**
 * SetDefaults_NetworkPolicy: without policyTypes, `[Ingress]`, plus `Egress` when the
 * policy has egress rules (an explicit list is kept as given).
 * SetDefaults_NetworkPolicyPort: every ingress and egress port `protocol: TCP`.
 * `podSelector` is a struct Go always writes: an omitted one reads back as `{}` (all pods).
 */
export function defaultNetworkPolicy(np: Mutable<NetworkPolicy>): void {
  const spec = (np.spec ??= { podSelector: {} });
  spec.podSelector ??= {};
  if ((spec.policyTypes ?? []).length === 0) {
    spec.policyTypes = (spec.egress ?? []).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
  }
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])])
    for (const port of rule.ports ?? [])
      if (port.protocol === undefined || port.protocol === null) port.protocol = "TCP";
}
