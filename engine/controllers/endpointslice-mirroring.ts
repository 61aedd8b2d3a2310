/**
 * EndpointSlice mirroring (pkg/controller/endpointslicemirroring): a Service without a
 * selector whose Endpoints someone wrote by hand gets EndpointSlices that mirror them, so
 * kube-proxy and DNS (which read slices) see those addresses. Endpoints made by the
 * Endpoints controller, and those labelled `endpointslice.kubernetes.io/skip-mirror`, are
 * not mirrored.
 */
import type { Endpoints } from "kubernetes-types/core/v1";
import type { Endpoint, EndpointPort } from "kubernetes-types/discovery/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { resourceForKind } from "../api/resources.ts";
import type { WatchEvent } from "../store/store.ts";
import type { StoredService } from "./endpoint-util.ts";
import {
  compareIPs,
  headlessLabel,
  managedByLabel,
  mirroringControllerName,
  serviceNameLabel,
} from "./endpoint-util.ts";
import { managedByLabel as endpointsManagedByLabel } from "./endpoints.ts";
import type { DesiredSet, StoredSlice } from "./endpointslice-reconciler.ts";
import { managedSlices, planSlices, portSetKey } from "./endpointslice-reconciler.ts";
import type { Controller, ControllerContext } from "./framework.ts";
import { WorkQueue } from "./framework.ts";

type StoredEndpoints = StoredObject & Mutable<Endpoints>;

const skipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror";
/** Labels of the Endpoints that are not copied onto mirrored slices. */
const notCopied = new Set([skipMirrorLabel, endpointsManagedByLabel, serviceNameLabel, managedByLabel, headlessLabel]);

/** One desired set per port set: subsets sharing ports are merged (a repeated address once). */
export function mirroredSets(ep: StoredEndpoints): DesiredSet[] {
  const merged = new Map<string, { ports: EndpointPort[]; endpoints: Mutable<Endpoint>[] }>();
  for (const set of subsetSets(ep)) {
    const key = portSetKey(set.ports);
    const into = merged.get(key) ?? { ports: [...set.ports], endpoints: [] };
    for (const e of set.endpoints)
      if (!into.endpoints.some((x) => x.addresses[0] === e.addresses[0])) into.endpoints.push(e);
    merged.set(key, into);
  }
  for (const m of merged.values()) m.endpoints.sort((a, b) => compareIPs(a.addresses[0]!, b.addresses[0]!));
  return [...merged.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, m]) => m);
}

function subsetSets(ep: StoredEndpoints): DesiredSet[] {
  return (ep.subsets ?? []).map((subset) => {
    const ports: EndpointPort[] = (subset.ports ?? []).map((p) => ({
      name: p.name ?? "",
      port: p.port,
      protocol: p.protocol ?? "TCP",
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    }));
    const toEndpoint =
      (ready: boolean) =>
      (a: NonNullable<typeof subset.addresses>[number]): Mutable<Endpoint> => ({
        addresses: [a.ip],
        conditions: { ready },
        ...(a.hostname ? { hostname: a.hostname } : {}),
        ...(a.targetRef ? { targetRef: { ...a.targetRef } } : {}),
        ...(a.nodeName ? { nodeName: a.nodeName } : {}),
      });
    const endpoints = [
      ...(subset.addresses ?? []).map(toEndpoint(true)),
      ...(subset.notReadyAddresses ?? []).map(toEndpoint(false)),
    ];
    endpoints.sort((a, b) => compareIPs(a.addresses[0]!, b.addresses[0]!));
    return { ports, endpoints };
  });
}

export class EndpointSliceMirroringController implements Controller {
  readonly name = "endpointslicemirroring-controller";
  readonly kinds = ["Service", "Endpoints", "EndpointSlice"] as const;
  readonly queue = new WorkQueue();
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  observe(e: WatchEvent): void {
    const kind = e.resource.kind;
    if (kind === "Service") this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    else if (kind === "Endpoints") {
      // Endpoints the Endpoints controller writes are never mirrored (their Service has a selector).
      const managed = e.object.metadata.labels?.[endpointsManagedByLabel] !== undefined;
      const wasManaged = e.old?.metadata.labels?.[endpointsManagedByLabel] !== undefined;
      if (!managed || !wasManaged) this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    } else if (kind === "EndpointSlice" && e.object.metadata.labels?.[managedByLabel] === mirroringControllerName) {
      const svc = e.object.metadata.labels?.[serviceNameLabel];
      if (svc) this.queue.add(`${e.object.metadata.namespace}/${svc}`);
    }
  }

  sync(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const svc = this.ctx.store.get("services", ns, name) as StoredService | undefined;
    const ep = this.ctx.store.get("endpoints", ns, name) as StoredEndpoints | undefined;
    const existing = this.mirroredSlices(ns, name);
    const sliceResource = resourceForKind("EndpointSlice")!;
    const mirror =
      svc &&
      ep &&
      svc.spec?.type !== "ExternalName" &&
      Object.keys(svc.spec?.selector ?? {}).length === 0 &&
      ep.metadata.labels?.[endpointsManagedByLabel] === undefined &&
      ep.metadata.labels?.[skipMirrorLabel] !== "true";
    if (!mirror) {
      for (const s of existing) this.ctx.api.delete(sliceResource, ns, s.metadata.name);
      return;
    }
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(ep.metadata.labels ?? {})) if (!notCopied.has(k)) labels[k] = v;
    labels[serviceNameLabel] = name;
    labels[managedByLabel] = mirroringControllerName;
    const sets = mirroredSets(ep).filter((s) => s.endpoints.length > 0);
    // Annotations are copied too, except the trigger time and kubectl's last-applied configuration.
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(ep.metadata.annotations ?? {})) {
      if (
        k !== "endpoints.kubernetes.io/last-change-trigger-time" &&
        k !== "kubectl.kubernetes.io/last-applied-configuration"
      )
        annotations[k] = v;
    }
    const plan = planSlices(sets, existing, {
      labels,
      annotations,
      ownerReferences: [
        {
          apiVersion: "v1",
          kind: "Endpoints",
          name: ep.metadata.name,
          uid: ep.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      namespace: ns,
      generateName: `${name}-`,
    });
    // Mirroring keeps no placeholder: Endpoints with no addresses have no slices.
    const creates = sets.length === 0 ? [] : plan.create;
    const deletes = sets.length === 0 ? existing : plan.delete;
    for (const s of deletes) this.ctx.api.delete(sliceResource, ns, s.metadata.name);
    for (const s of sets.length === 0 ? [] : plan.update) this.ctx.api.update(s);
    for (const s of creates) this.ctx.api.create(s, { namespace: ns });
  }

  private mirroredSlices(ns: string, svcName: string): StoredSlice[] {
    return managedSlices(this.ctx.store, ns, svcName, mirroringControllerName);
  }
}
