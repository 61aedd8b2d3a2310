/**
 * The Endpoints controller (pkg/controller/endpoint): the legacy Endpoints object named
 * after each Service with a selector. Ready pods go to `addresses`, unready ones to
 * `notReadyAddresses` (all to `addresses` with publishNotReadyAddresses); subsets are
 * grouped by port set and sorted as upstream's RepackSubsets/SortSubsets do.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { resourceForKind } from "../api/resources.ts";
import { deepClone, deepEqual, stableStringify } from "../core/clone.ts";
import type { WatchEvent } from "../store/store.ts";
import type { StoredService } from "./endpoint-util.ts";
import {
  endpointHostname,
  findPort,
  hasSelector,
  headlessLabel,
  inheritedLabels,
  lastChangeTriggerTimeAnnotation,
  selectedPods,
  serviceKeysForPodChange,
  shouldPodBeInEndpoints,
} from "./endpoint-util.ts";
import type { Controller, ControllerContext } from "./framework.ts";
import { WorkQueue } from "./framework.ts";
import type { StoredPod } from "./podutil.ts";
import { isPodReady } from "./podutil.ts";

type StoredEndpoints = StoredObject & Mutable<Endpoints>;

/** endpointscontroller.LabelManagedBy / ControllerName (deprecated label, still set in v1.34). */
export const managedByLabel = "endpoints.kubernetes.io/managed-by";
const controllerName = "endpoint-controller";

export function desiredSubsets(svc: StoredService, pods: readonly StoredPod[]): Mutable<EndpointSubset>[] {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const address: Mutable<EndpointAddress> = {
      ip: pod.status!.podIP!,
      ...(endpointHostname(pod, svc) ? { hostname: endpointHostname(pod, svc) } : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: "Pod", namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    const ready = publishNotReady || isPodReady(pod);
    const svcPorts = svc.spec?.ports ?? [];
    // A headless Service without ports still lists its pods, in a subset with no ports.
    const perPort: EndpointPort[][] = svcPorts.length === 0 ? [[]] : [];
    for (const sp of svcPorts) {
      const number = findPort(pod, sp);
      if (number === undefined) continue;
      perPort.push([
        {
          ...(sp.name ? { name: sp.name } : {}),
          port: number,
          protocol: sp.protocol ?? "TCP",
          ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
        },
      ]);
    }
    // Upstream adds one subset per (address, port) and repacks them: addresses sharing the
    // exact same port set end up together.
    const ports = perPort.flat();
    if (svcPorts.length > 0 && ports.length === 0) continue;
    const key = stableStringify(ports);
    const g = groups.get(key) ?? { ports, ready: [], notReady: [] };
    (ready ? g.ready : g.notReady).push(address);
    groups.set(key, g);
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
  const subsets = [...groups.values()].map((g) => {
    const s: Mutable<EndpointSubset> = {};
    if (g.ready.length > 0) s.addresses = g.ready.sort(byIp);
    if (g.notReady.length > 0) s.notReadyAddresses = g.notReady.sort(byIp);
    if (g.ports.length > 0)
      s.ports = [...g.ports].sort((a, b) =>
        (a.name ?? "") < (b.name ?? "") ? -1 : (a.name ?? "") > (b.name ?? "") ? 1 : a.port - b.port,
      );
    return s;
  });
  return subsets.sort((a, b) => {
    const ka = stableStringify(a.addresses?.[0]?.ip ?? a.notReadyAddresses?.[0]?.ip ?? "");
    const kb = stableStringify(b.addresses?.[0]?.ip ?? b.notReadyAddresses?.[0]?.ip ?? "");
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

export class EndpointsController implements Controller {
  readonly name = "endpoint-controller";
  readonly kinds = ["Service", "Pod", "Endpoints"] as const;
  readonly queue = new WorkQueue();
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  observe(e: WatchEvent): void {
    // A deleted (or hand-edited) Endpoints object of a selector Service is put back.
    if (e.resource.kind === "Service" || (e.resource.kind === "Endpoints" && e.type !== "ADDED")) {
      this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
    } else if (e.resource.kind === "Pod") {
      for (const key of serviceKeysForPodChange(this.ctx.store, e)) this.queue.add(key);
    }
  }

  sync(key: string): void {
    const [ns, name] = key.split("/") as [string, string];
    const svc = this.ctx.store.get("services", ns, name) as StoredService | undefined;
    const current = this.ctx.store.get("endpoints", ns, name) as StoredEndpoints | undefined;
    const resource = resourceForKind("Endpoints")!;
    if (!svc) {
      // Endpoints this controller made go with their Service (they carry no owner reference).
      if (current?.metadata.labels?.[managedByLabel] === controllerName) this.ctx.api.delete(resource, ns, name);
      return;
    }
    if (!hasSelector(svc)) return;
    const subsets = desiredSubsets(svc, selectedPods(this.ctx.store, svc));
    const labels: Record<string, string> = { ...inheritedLabels(svc), [managedByLabel]: controllerName };
    if (svc.spec?.clusterIP === "None") labels[headlessLabel] = "";
    if (current && deepEqual(current.subsets ?? [], subsets) && deepEqual(current.metadata.labels ?? {}, labels))
      return;
    const now = this.ctx.clock.rfc3339();
    if (!current) {
      const ep: Mutable<Endpoints> = {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name, namespace: ns, labels, annotations: { [lastChangeTriggerTimeAnnotation]: now } },
        ...(subsets.length > 0 ? { subsets } : {}),
      };
      this.ctx.api.create(ep, { namespace: ns });
      return;
    }
    const next = deepClone(current);
    next.metadata.labels = labels;
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [lastChangeTriggerTimeAnnotation]: now };
    if (subsets.length > 0) next.subsets = subsets;
    else delete next.subsets;
    next.metadata.resourceVersion = "";
    this.ctx.api.update(next);
  }
}
