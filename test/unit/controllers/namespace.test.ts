/**
 * Namespace lifecycle: what a new namespace gets, deletion (Terminating → content deleted →
 * gone), the NamespaceLifecycle admission rules (no new content in a terminating namespace,
 * default / kube-system / kube-public cannot be deleted).
 */
import type { Namespace } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { StoredNamespace } from "./helpers.ts";
import { deployment, list, mustGet, mustOk, names, newCluster, podsIn, service } from "./helpers.ts";

function withTeam(): Cluster {
  const c = newCluster();
  mustOk(c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } }));
  c.settle();
  mustOk(c.create(deployment("web", 2, "busybox:1.36", {}, { command: ["sleep", "3600"] }), { namespace: "team" }));
  mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] }), { namespace: "team" }));
  mustOk(
    c.create(
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" }, data: { a: "1" } },
      { namespace: "team" },
    ),
  );
  c.advance(10);
  return c;
}

const contentOf = (c: Cluster, ns: string) =>
  [
    "pods",
    "deployments",
    "replicasets",
    "services",
    "endpoints",
    "endpointslices",
    "configmaps",
    "serviceaccounts",
  ].flatMap((r) => c.list(r, { namespace: ns }).map((o) => `${r}/${o.metadata.name}`));

describe("namespaces", () => {
  it("gives a new namespace its name label, the kubernetes finalizer, a default ServiceAccount and the kube-root-ca.crt ConfigMap", () => {
    const c = newCluster();
    const ns = mustOk(c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } })) as StoredNamespace;
    expect(ns.metadata.labels).toEqual({ "kubernetes.io/metadata.name": "team" });
    expect(ns.spec).toEqual({ finalizers: ["kubernetes"] });
    expect(ns.status).toEqual({ phase: "Active" });
    c.settle();
    expect(names(list(c, "serviceaccounts", "team"))).toEqual(["default"]);
    expect(names(list(c, "configmaps", "team"))).toEqual(["kube-root-ca.crt"]);
  });

  it("recreates the default ServiceAccount when someone deletes it", () => {
    const c = newCluster();
    const before = mustGet(c, "serviceaccounts", "default");
    mustOk(c.delete("serviceaccounts", "default"));
    c.settle();
    const after = mustGet(c, "serviceaccounts", "default");
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
  });

  // The namespace registry's Delete only marks the namespace (spec.finalizers holds "kubernetes"); the
  // namespace controller empties it and then finalizes it.
  it("marks a deleted namespace Terminating, deletes everything in it, and removes it once it is empty", () => {
    const c = withTeam();
    const pods = names(podsIn(c, "team"));
    expect(pods).toHaveLength(2);
    const marked = mustOk(c.delete("namespaces", "team")) as StoredNamespace;
    expect(marked.metadata.deletionTimestamp).toBe(c.now);
    expect(marked.status?.phase).toBe("Terminating");
    expect(marked.spec).toEqual({ finalizers: ["kubernetes"] });
    c.settle();
    // Still there: its pods take their 30 s grace period (sleep ignores SIGTERM).
    const terminating = mustGet<Namespace>(c, "namespaces", "team", "") as StoredNamespace;
    expect(terminating.status?.phase).toBe("Terminating");
    expect(names(podsIn(c, "team"))).toEqual(pods);
    expect(podsIn(c, "team").every((p) => p.metadata.deletionTimestamp !== undefined)).toBe(true);
    expect(contentOf(c, "team").filter((o) => !o.startsWith("pods/"))).toEqual([]);
    c.advance(40);
    expect(c.get("namespaces", "team").ok).toBe(false);
    expect(contentOf(c, "team")).toEqual([]);
    expect(list(c, "events", "team")).toEqual([]);
  });

  it("refuses new content in a terminating namespace with Forbidden", () => {
    const c = withTeam();
    mustOk(c.delete("namespaces", "team"));
    c.settle();
    const r = c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late" } }, { namespace: "team" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toMatchObject({
      status: "Failure",
      reason: "Forbidden",
      code: 403,
      message:
        'configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated',
    });
  });

  it("refuses objects in a namespace that does not exist with NotFound", () => {
    const c = newCluster();
    const r = c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } }, { namespace: "nope" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toMatchObject({ reason: "NotFound", code: 404, message: 'namespaces "nope" not found' });
  });

  it("refuses to delete default, kube-system and kube-public with Forbidden, leaving them Active", () => {
    const c = newCluster();
    for (const ns of ["default", "kube-system", "kube-public"]) {
      const r = c.delete("namespaces", ns);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.status).toMatchObject({
        reason: "Forbidden",
        code: 403,
        message: `namespaces "${ns}" is forbidden: this namespace may not be deleted`,
      });
      expect((mustGet<Namespace>(c, "namespaces", ns, "") as StoredNamespace).status).toEqual({ phase: "Active" });
    }
  });

  // NamespaceLifecycle's immortal namespaces are default, kube-system and kube-public only.
  it("lets kube-node-lease be deleted, since it is not one of the immortal namespaces", () => {
    const c = newCluster();
    expect(c.delete("namespaces", "kube-node-lease").ok).toBe(true);
  });
});
