/**
 * The EndpointSlice controller (pkg/controller/endpointslice): for every Service with a
 * selector, `syncService` turns the selected pods into endpoints (ready / serving /
 * terminating conditions, named targetPorts resolved per pod, grouped by port set), asks
 * the reconciler for a plan against the existing slices, and applies it.
 */
import type { Endpoint, EndpointPort } from "kubernetes-types/discovery/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { resourceForKind } from "../api/resources.ts";
import type { WatchEvent } from "../store/store.ts";
import type { StoredService } from "./endpoint-util.ts";
import {
  compareIPs,
  endpointHostname,
  endpointSliceControllerName,
  findPort,
  hasSelector,
  headlessLabel,
  inheritedLabels,
  lastChangeTriggerTimeAnnotation,
  managedByLabel,
  selectedPods,
  serviceKeysForPodChange,
  serviceNameLabel,
  shouldPodBeInEndpoints,
} from "./endpoint-util.ts";
import type { DesiredSet, StoredSlice } from "./endpointslice-reconciler.ts";
import { managedSlices, planSlices, portSetKey } from "./endpointslice-reconciler.ts";
import type { Controller, ControllerContext } from "./framework.ts";
import { WorkQueue } from "./framework.ts";
import type { StoredPod } from "./podutil.ts";
import { isPodReady } from "./podutil.ts";

/** The endpoints a Service should have, grouped by the port set each pod serves. */
export function desiredEndpointSets(svc: StoredService, pods: readonly StoredPod[]): DesiredSet[] {
  const groups = new Map<string, { ports: EndpointPort[]; endpoints: Mutable<Endpoint>[] }>();
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports: EndpointPort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const number = findPort(pod, sp);
      if (number === undefined) continue;
      ports.push({
        name: sp.name ?? "",
        port: number,
        protocol: sp.protocol ?? "TCP",
        ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
      });
    }
    // A pod that serves none of several named ports is left out; a Service with no ports (headless) keeps it.
    if ((svc.spec?.ports?.length ?? 0) > 0 && ports.length === 0) continue;
    const terminating = pod.metadata.deletionTimestamp !== undefined;
    const ready = isPodReady(pod);
    const endpoint: Mutable<Endpoint> = {
      addresses: [pod.status!.podIP!],
      conditions: { ready: publishNotReady || (ready && !terminating), serving: ready, terminating },
      ...(endpointHostname(pod, svc) ? { hostname: endpointHostname(pod, svc) } : {}),
      targetRef: { kind: "Pod", namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    };
    const key = portSetKey(ports);
    const g = groups.get(key) ?? { ports, endpoints: [] };
    g.endpoints.push(endpoint);
    groups.set(key, g);
  }
  for (const g of groups.values()) g.endpoints.sort((a, b) => compareIPs(a.addresses[0]!, b.addresses[0]!));
  return [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, g]) => g);
}

export class EndpointSliceController implements Controller {
  readonly name = "endpointslice-controller";
  readonly kinds = ["Service", "Pod", "EndpointSlice"] as const;
  readonly queue = new WorkQueue();
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  observe(e: WatchEvent): void {
    const kind = e.resource.kind;
    if (kind === "Service") this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    else if (kind === "Pod") {
      for (const key of serviceKeysForPodChange(this.ctx.store, e)) this.queue.add(key);
    } else if (kind === "EndpointSlice") {
      // Someone else touched our slice: put it back.
      const svcName = e.object.metadata.labels?.[serviceNameLabel];
      if (svcName && e.object.metadata.labels?.[managedByLabel] === endpointSliceControllerName) {
        this.queue.add(`${e.object.metadata.namespace}/${svcName}`);
      }
    }
  }

  sync(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const svc = this.ctx.store.get("services", ns, name) as StoredService | undefined;
    const existing = this.ownedSlices(ns, name);
    const sliceResource = resourceForKind("EndpointSlice")!;
    if (!svc || svc.metadata.deletionTimestamp || !hasSelector(svc)) {
      // The garbage collector removes slices of a deleted Service; a Service that lost its selector loses them here.
      if (svc && !hasSelector(svc)) for (const s of existing) this.ctx.api.delete(sliceResource, ns, s.metadata.name);
      return;
    }
    const desired = desiredEndpointSets(svc, selectedPods(this.ctx.store, svc));
    const labels: Record<string, string> = {
      ...inheritedLabels(svc),
      [managedByLabel]: endpointSliceControllerName,
      [serviceNameLabel]: svc.metadata.name,
    };
    if (svc.spec?.clusterIP === "None") labels[headlessLabel] = "";
    const plan = planSlices(desired, existing, {
      labels,
      annotations: { [lastChangeTriggerTimeAnnotation]: this.ctx.clock.rfc3339() },
      ownerReferences: [
        {
          apiVersion: "v1",
          kind: "Service",
          name: svc.metadata.name,
          uid: svc.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      namespace: ns,
      generateName: `${svc.metadata.name}-`,
    });
    for (const s of plan.delete) this.ctx.api.delete(sliceResource, ns, s.metadata.name);
    for (const s of plan.update) this.ctx.api.update(s);
    for (const s of plan.create) this.ctx.api.create(s, { namespace: ns });
  }

  private ownedSlices(ns: string, svcName: string): StoredSlice[] {
    return managedSlices(this.ctx.store, ns, svcName, endpointSliceControllerName);
  }
}

export type { StoredObject };
