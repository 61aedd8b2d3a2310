/** discovery.k8s.io/v1 (k8s.io/kubernetes pkg/apis/discovery/v1/defaults.go, v1.34). */
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Mutable } from "../object.ts";

/** SetDefaults_EndpointPort: every port `name: ""` and `protocol: TCP` when unset (so `-o yaml` shows `name: ""`). */
export function defaultEndpointSlice(slice: Mutable<EndpointSlice>): void {
  for (const port of slice.ports ?? []) {
    if (port.name === undefined || port.name === null) port.name = "";
    if (port.protocol === undefined || port.protocol === null) port.protocol = "TCP";
  }
}
