/**
 * The Endpoints controller (pkg/controller/endpoint): one Endpoints object per Service with
 * a selector, ready pods under `addresses`, unready ones under `notReadyAddresses`,
 * terminating and finished pods left out unless publishNotReadyAddresses says otherwise.
 */
import type { Endpoints, Service } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { StoredEndpoints, StoredPod } from "./helpers.ts";
import { change, deployment, mustGet, mustOk, newCluster, pod, podsIn, service } from "./helpers.ts";

const endpoints = (c: Cluster, name: string) => mustGet<Endpoints>(c, "endpoints", name) as StoredEndpoints;
const address = (p: StoredPod) => ({
  ip: p.status!.podIP!,
  nodeName: p.spec!.nodeName!,
  targetRef: { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid },
});
/** Pods sorted as the controller sorts addresses: by IP, as text. */
const byIP = (pods: StoredPod[]) => [...pods].sort((a, b) => (a.status!.podIP! < b.status!.podIP! ? -1 : 1));

describe("Endpoints controller", () => {
  it("creates an Endpoints object named after a Service with a selector, with no subsets while nothing matches", () => {
    const c = newCluster();
    mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] })));
    c.settle();
    const ep = endpoints(c, "web");
    expect(ep.metadata.labels).toEqual({ "endpoints.kubernetes.io/managed-by": "endpoint-controller" });
    expect(ep.metadata.annotations).toEqual({ "endpoints.kubernetes.io/last-change-trigger-time": c.now });
    expect(ep.metadata.ownerReferences).toBeUndefined();
    expect(ep.subsets).toBeUndefined();
  });

  it("lists ready pods under addresses, sorted by IP, with the Service's targetPort", () => {
    const c = newCluster();
    mustOk(c.create(deployment("web", 3)));
    mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 80 }] })));
    c.advance(10);
    expect(endpoints(c, "web").subsets).toEqual([
      { addresses: byIP(podsIn(c)).map(address), ports: [{ name: "http", port: 80, protocol: "TCP" }] },
    ]);
  });

  it("lists a running pod that is not ready under notReadyAddresses, and a pod without an IP nowhere", () => {
    const c = newCluster();
    mustOk(
      c.create(
        pod(
          "unready",
          { image: "nginx:1.27", readinessProbe: { exec: { command: ["false"] } } },
          { labels: { app: "web" } },
        ),
      ),
    );
    mustOk(
      c.create(
        pod(
          "unplaced",
          { image: "nginx:1.27" },
          { labels: { app: "web" }, spec: { nodeSelector: { disktype: "ssd" } } },
        ),
      ),
    );
    mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] })));
    c.advance(15);
    expect(endpoints(c, "web").subsets).toEqual([
      {
        notReadyAddresses: [address(mustGet<StoredPod>(c, "pods", "unready"))],
        ports: [{ port: 80, protocol: "TCP" }],
      },
    ]);
  });

  it("drops a terminating pod at once, and a finished one, unless publishNotReadyAddresses keeps the terminating one", () => {
    const c = newCluster();
    const sleeper = { image: "busybox:1.36", command: ["sleep", "3600"] };
    mustOk(c.create(pod("a", sleeper, { labels: { app: "web" } })));
    mustOk(c.create(pod("b", sleeper, { labels: { app: "web" } })));
    mustOk(
      c.create(
        pod(
          "done",
          { image: "busybox:1.36", command: ["true"] },
          { labels: { app: "web" }, spec: { restartPolicy: "Never" } },
        ),
      ),
    );
    mustOk(c.create(service("plain", { selector: { app: "web" }, ports: [{ port: 80 }] })));
    mustOk(
      c.create(service("publish", { selector: { app: "web" }, ports: [{ port: 80 }], publishNotReadyAddresses: true })),
    );
    c.advance(10);
    const [a, b] = [mustGet<StoredPod>(c, "pods", "a"), mustGet<StoredPod>(c, "pods", "b")];
    expect(mustGet<StoredPod>(c, "pods", "done").status?.phase).toBe("Succeeded");
    mustOk(c.delete("pods", "a"));
    c.settle();
    expect(endpoints(c, "plain").subsets).toEqual([
      { addresses: [address(b)], ports: [{ port: 80, protocol: "TCP" }] },
    ]);
    expect(endpoints(c, "publish").subsets).toEqual([
      { addresses: byIP([a, b]).map(address), ports: [{ port: 80, protocol: "TCP" }] },
    ]);
    c.advance(35);
    expect(endpoints(c, "publish").subsets).toEqual([
      { addresses: [address(b)], ports: [{ port: 80, protocol: "TCP" }] },
    ]);
  });

  it("copies the Service's labels and adds service.kubernetes.io/headless for a headless Service", () => {
    const c = newCluster();
    mustOk(
      c.create(
        service(
          "db",
          { clusterIP: "None", selector: { app: "db" }, ports: [{ port: 5432 }] },
          { labels: { team: "a" } },
        ),
      ),
    );
    c.settle();
    expect(endpoints(c, "db").metadata.labels).toEqual({
      team: "a",
      "endpoints.kubernetes.io/managed-by": "endpoint-controller",
      "service.kubernetes.io/headless": "",
    });
  });

  it("writes no Endpoints for a Service without a selector, and deletes the Endpoints of a deleted Service", () => {
    const c = newCluster();
    mustOk(c.create(service("manual", { ports: [{ port: 80 }] })));
    mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] })));
    c.settle();
    expect(c.get("endpoints", "manual").ok).toBe(false);
    expect(c.get("endpoints", "web").ok).toBe(true);
    mustOk(c.delete("services", "web"));
    c.settle();
    expect(c.get("endpoints", "web").ok).toBe(false);
  });

  it("follows a Service's selector when it changes", () => {
    const c = newCluster();
    mustOk(c.create(pod("blue", { image: "nginx:1.27" }, { labels: { color: "blue" } })));
    mustOk(c.create(pod("green", { image: "nginx:1.27" }, { labels: { color: "green" } })));
    mustOk(c.create(service("web", { selector: { color: "blue" }, ports: [{ port: 80 }] })));
    c.advance(10);
    expect(endpoints(c, "web").subsets?.[0]?.addresses?.map((a) => a.targetRef?.name)).toEqual(["blue"]);
    change<Service>(c, "services", "web", (svc) => ({ ...svc, spec: { ...svc.spec, selector: { color: "green" } } }));
    c.settle();
    expect(endpoints(c, "web").subsets?.[0]?.addresses?.map((a) => a.targetRef?.name)).toEqual(["green"]);
  });
});
