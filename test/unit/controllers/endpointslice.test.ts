/**
 * The EndpointSlice controller (pkg/controller/endpointslice + k8s.io/endpointslice's
 * reconciler): slices named <service>-<random>, owned by the Service, labelled, one
 * placeholder when nothing matches, at most 100 endpoints per slice, endpoint conditions,
 * and slices per port set.
 */
import type { Service } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { StoredPod, StoredService, StoredSlice } from "./helpers.ts";
import {
  change,
  deployment,
  list,
  mustGet,
  mustOk,
  names,
  newCluster,
  pod,
  podsIn,
  service,
  suffixPattern,
} from "./helpers.ts";

const slicesOf = (c: Cluster, svc: string) =>
  list<StoredSlice>(c, "endpointslices").filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === svc);
const endpoint = (p: StoredPod, conditions = { ready: true, serving: true, terminating: false }) => ({
  addresses: [p.status!.podIP!],
  conditions,
  nodeName: p.spec!.nodeName!,
  targetRef: { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid },
});

describe("EndpointSlice controller", () => {
  it("keeps exactly one empty placeholder slice, owned and labelled, for a Service whose selector matches nothing", () => {
    const c = newCluster();
    const svc = mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] }))) as StoredService;
    c.settle();
    const [slice, ...more] = slicesOf(c, "web");
    expect(more).toEqual([]);
    expect(slice!.metadata.name).toMatch(new RegExp(`^web-${suffixPattern}$`));
    expect(slice!.metadata.generateName).toBe("web-");
    expect(slice!.metadata.labels).toEqual({
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
      "kubernetes.io/service-name": "web",
    });
    expect(slice!.metadata.ownerReferences).toEqual([
      {
        apiVersion: "v1",
        kind: "Service",
        name: "web",
        uid: svc.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(slice!.addressType).toBe("IPv4");
    expect(slice!.endpoints ?? []).toEqual([]);
    expect(slice!.ports ?? []).toEqual([]);
  });

  it("turns the placeholder into the real slice, keeping its name, when a pod matches", () => {
    const c = newCluster();
    mustOk(
      c.create(service("web", { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] })),
    );
    c.settle();
    const placeholder = names(slicesOf(c, "web"));
    mustOk(c.create(pod("p1", { image: "nginx:1.27" }, { labels: { app: "web" } })));
    c.advance(10);
    const slices = slicesOf(c, "web");
    expect(names(slices)).toEqual(placeholder);
    expect(slices[0]!.endpoints).toEqual([endpoint(mustGet<StoredPod>(c, "pods", "p1"))]);
    expect(slices[0]!.ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
  });

  // reconciler.finalize turns a create (the placeholder) plus a delete (the emptied slice) into an update.
  it("keeps the slice's name when its last pod goes and it becomes the placeholder again", () => {
    const c = newCluster();
    mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] })));
    mustOk(c.create(pod("p1", { image: "nginx:1.27" }, { labels: { app: "web" } })));
    c.advance(10);
    const before = names(slicesOf(c, "web"));
    mustOk(c.delete("pods", "p1"));
    c.advance(5);
    const after = slicesOf(c, "web");
    expect(names(after)).toEqual(before);
    expect(after[0]!.endpoints ?? []).toEqual([]);
  });

  it("reports a terminating pod with ready false, serving as its readiness, terminating true", () => {
    const c = newCluster();
    mustOk(c.create(pod("p1", { image: "busybox:1.36", command: ["sleep", "3600"] }, { labels: { app: "web" } })));
    mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] })));
    c.advance(10);
    mustOk(c.delete("pods", "p1"));
    c.settle();
    const p = mustGet<StoredPod>(c, "pods", "p1");
    expect(slicesOf(c, "web").map((s) => s.endpoints)).toEqual([
      [endpoint(p, { ready: false, serving: true, terminating: true })],
    ]);
    c.advance(35);
    expect(slicesOf(c, "web").map((s) => s.endpoints ?? [])).toEqual([[]]);
  });

  it("fills slices up to 100 endpoints before it starts another", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 150)));
    mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] })));
    c.advance(15);
    const sizes = slicesOf(c, "web")
      .map((s) => s.endpoints?.length ?? 0)
      .sort((a, b) => b - a);
    expect(sizes).toEqual([100, 50]);
    const all = slicesOf(c, "web").flatMap((s) => (s.endpoints ?? []).map((e) => e.targetRef?.name));
    expect(all.sort()).toEqual(names(podsIn(c)).sort());
  });

  it("copies the Service's labels except the reserved ones, and marks a headless Service's slices", () => {
    const c = newCluster();
    mustOk(
      c.create(
        service(
          "db",
          { clusterIP: "None", selector: { app: "db" }, ports: [{ port: 5432 }] },
          {
            labels: {
              team: "a",
              "service.kubernetes.io/service-proxy-name": "custom",
              "kubernetes.io/service-name": "spoof",
              "endpointslice.kubernetes.io/managed-by": "me",
            },
          },
        ),
      ),
    );
    c.settle();
    expect(slicesOf(c, "db").map((s) => s.metadata.labels)).toEqual([
      {
        team: "a",
        "service.kubernetes.io/service-proxy-name": "custom",
        "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
        "kubernetes.io/service-name": "db",
        "service.kubernetes.io/headless": "",
      },
    ]);
    change<Service>(c, "services", "db", (s) => ({ ...s, metadata: { ...s.metadata, labels: { team: "b" } } }));
    c.settle();
    expect(slicesOf(c, "db").map((s) => s.metadata.labels?.team)).toEqual(["b"]);
  });

  it("keeps pods whose named targetPort resolves to different numbers in separate slices", () => {
    const c = newCluster();
    mustOk(
      c.create(
        pod("old", { image: "nginx:1.27", ports: [{ name: "http", containerPort: 8080 }] }, { labels: { app: "web" } }),
      ),
    );
    mustOk(
      c.create(
        pod("new", { image: "nginx:1.27", ports: [{ name: "http", containerPort: 9090 }] }, { labels: { app: "web" } }),
      ),
    );
    mustOk(
      c.create(service("web", { selector: { app: "web" }, ports: [{ name: "web", port: 80, targetPort: "http" }] })),
    );
    c.advance(10);
    const bySlice = slicesOf(c, "web")
      .map((s) => [s.ports?.map((p) => p.port), s.endpoints?.map((e) => e.targetRef?.name)])
      .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    expect(bySlice).toEqual([
      [[8080], ["old"]],
      [[9090], ["new"]],
    ]);
  });

  it("removes a Service's slices with it, through their ownerReference", () => {
    const c = newCluster();
    mustOk(c.create(service("a", { selector: { app: "a" }, ports: [{ port: 80 }] })));
    c.settle();
    expect(slicesOf(c, "a")).toHaveLength(1);
    mustOk(c.delete("services", "a"));
    c.settle();
    expect(slicesOf(c, "a")).toEqual([]);
  });

  it("puts back a slice someone else edited", () => {
    const c = newCluster();
    mustOk(c.create(pod("p1", { image: "nginx:1.27" }, { labels: { app: "web" } })));
    mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] })));
    c.advance(10);
    const [slice] = slicesOf(c, "web");
    mustOk(c.update({ ...slice!, endpoints: [] }));
    c.settle();
    expect(slicesOf(c, "web").map((s) => s.endpoints)).toEqual([[endpoint(mustGet<StoredPod>(c, "pods", "p1"))]]);
  });

  // The EndpointSlice registry strategy sets generation 1 on create and bumps it when anything but metadata changes.
  it("sets metadata.generation 1 on a new slice and bumps it when its endpoints change", () => {
    const c = newCluster();
    mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] })));
    c.settle();
    expect(slicesOf(c, "web").map((s) => s.metadata.generation)).toEqual([1]);
    mustOk(c.create(pod("p1", { image: "nginx:1.27" }, { labels: { app: "web" } })));
    // The pod gets its IP while the image is pulled (an unready endpoint: generation 2), then
    // becomes ready (generation 3) — two changes to the slice, as on a real node.
    c.advance(10);
    expect(slicesOf(c, "web").map((s) => s.metadata.generation)).toEqual([3]);
  });
});
