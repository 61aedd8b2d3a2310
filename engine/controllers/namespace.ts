/**
 * Namespace lifecycle: a namespace marked for deletion has its content deleted; once it is
 * empty its `kubernetes` finalizer is dropped and it goes away (pkg/controller/namespace).
 * New namespaces get what the service-account and root-CA publisher controllers put in
 * every namespace: the `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap.
 */
import type { Namespace } from "kubernetes-types/core/v1";
import type { Mutable, StoredObject } from "../api/object.ts";
import { resourceForKind, resources } from "../api/resources.ts";
import { deepClone } from "../core/clone.ts";
import type { WatchEvent } from "../store/store.ts";
import type { Controller, ControllerContext } from "./framework.ts";
import { WorkQueue } from "./framework.ts";

/** A stand-in for the cluster CA the root-CA publisher copies into every namespace. */
export const rootCaCertificate =
  "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIKUBOOK0SIMULATEDCACERTIFICATEwDQYJKoZIhvcNAQEL\n-----END CERTIFICATE-----\n";

export class NamespaceController implements Controller {
  readonly name = "namespace-controller";
  readonly queue = new WorkQueue();
  private readonly ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
  }

  observe(e: WatchEvent): void {
    if (e.type === "ADDED" && e.resource.kind !== "Namespace") return;
    if (e.resource.kind === "Namespace") {
      if (e.type !== "DELETED") this.queue.add(e.object.metadata.name);
      return;
    }
    // Content leaving a terminating namespace may let it finish.
    if (e.type === "DELETED" && e.resource.namespaced) {
      const ns = e.object.metadata.namespace!;
      const nsObj = this.ctx.store.get("namespaces", undefined, ns);
      if (nsObj?.metadata.deletionTimestamp) this.queue.add(ns);
    }
    // The default ServiceAccount and the CA ConfigMap come back if someone deletes them.
    if (e.type === "DELETED" && (e.resource.kind === "ServiceAccount" || e.resource.kind === "ConfigMap")) {
      this.queue.add(e.object.metadata.namespace!);
    }
  }

  sync(name: string): void {
    const ns = this.ctx.store.get("namespaces", undefined, name) as (StoredObject & Mutable<Namespace>) | undefined;
    if (!ns) return;
    if (!ns.metadata.deletionTimestamp) {
      this.ensureDefaults(name);
      return;
    }
    let remaining = 0;
    for (const r of resources) {
      if (!r.namespaced || r.kind === "Event") continue;
      for (const obj of this.ctx.store.list(r.resource, name)) {
        remaining++;
        if (!obj.metadata.deletionTimestamp) this.ctx.api.delete(r, name, obj.metadata.name);
      }
    }
    if (remaining > 0) return;
    // Events go last, as upstream deletes them with everything else once nothing else is left.
    const eventResource = resourceForKind("Event")!;
    for (const ev of this.ctx.store.list("events", name)) this.ctx.store.delete(eventResource, name, ev.metadata.name);
    const next = deepClone(ns);
    next.spec = { ...(next.spec ?? {}), finalizers: [] };
    next.metadata.resourceVersion = "";
    const nsResource = resourceForKind("Namespace")!;
    this.ctx.store.update(nsResource, next);
    this.ctx.store.finalizeDelete(nsResource, undefined, name);
  }

  private ensureDefaults(ns: string): void {
    if (!this.ctx.store.get("serviceaccounts", ns, "default")) {
      this.ctx.api.create({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: ns } });
    }
    if (!this.ctx.store.get("configmaps", ns, "kube-root-ca.crt")) {
      this.ctx.api.create({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: "kube-root-ca.crt",
          namespace: ns,
          annotations: { "kubernetes.io/description": rootCaDescription },
        },
        data: { "ca.crt": rootCaCertificate },
      });
    }
  }
}

const rootCaDescription =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";
