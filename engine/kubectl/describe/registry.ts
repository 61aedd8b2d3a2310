/**
 * Which describer prints which kind, keyed by API group and kind as upstream's
 * `describerMap` is (k/kubectl pkg/describe/describe.go). A kind without an entry gets the
 * generic describer, as `GenericDescriberFor` gives it upstream — of the kinds the
 * simulation serves, that is Event.
 */
import type { ResourceInfo } from "../../api/resources.ts";
import { describeConfigMap, describeNamespace, describeServiceAccount } from "./core.ts";
import { describeEndpointSlice, describeEndpoints } from "./endpoints.ts";
import { describeGeneric } from "./generic.ts";
import { describeNetworkPolicy } from "./networking.ts";
import { describeNode } from "./node.ts";
import { describePod } from "./pod.ts";
import { describeService } from "./service.ts";
import type { Describer } from "./types.ts";
import { describeDaemonSet, describeDeployment, describeReplicaSet } from "./workloads.ts";

const describers: ReadonlyMap<string, Describer> = new Map([
  ["/ConfigMap", describeConfigMap],
  ["/Endpoints", describeEndpoints],
  ["/Namespace", describeNamespace],
  ["/Node", describeNode],
  ["/Pod", describePod],
  ["/Service", describeService],
  ["/ServiceAccount", describeServiceAccount],
  ["apps/DaemonSet", describeDaemonSet],
  ["apps/Deployment", describeDeployment],
  ["apps/ReplicaSet", describeReplicaSet],
  ["discovery.k8s.io/EndpointSlice", describeEndpointSlice],
  ["networking.k8s.io/NetworkPolicy", describeNetworkPolicy],
]);

export function describerFor(resource: ResourceInfo): Describer {
  return describers.get(`${resource.group}/${resource.kind}`) ?? describeGeneric;
}

/** Whether the kind has a describer of its own (false: the generic one prints it). */
export function hasDescriber(resource: ResourceInfo): boolean {
  return describers.has(`${resource.group}/${resource.kind}`);
}
