import { describe, expect, it } from "vitest";
import { resourceByName } from "../../../../engine/index.ts";
import { printTable } from "../../../../engine/kubectl/printers/index.ts";
import { ago, nowMs, stored } from "./helpers.ts";

const services = resourceByName("services")!;
const pods = resourceByName("pods")!;
const deployments = resourceByName("deployments")!;
const nodes = resourceByName("nodes")!;

const svc = (name: string, age: number, spec: object, labels?: Record<string, string>) =>
  stored("v1", "Service", name, age, { spec }, labels ? { labels } : {});

// The `kubectl get svc` sample of the fidelity reference (§5.1).
const serviceList = [
  svc(
    "kubernetes",
    600,
    { type: "ClusterIP", clusterIPs: ["10.96.0.1"], ports: [{ port: 443, protocol: "TCP" }] },
    { component: "apiserver", provider: "kubernetes" },
  ),
  svc(
    "web",
    5,
    {
      type: "ClusterIP",
      clusterIPs: ["10.96.112.34"],
      selector: { app: "web" },
      ports: [{ port: 80, protocol: "TCP" }],
    },
    { app: "web" },
  ),
  svc("web-np", 5, {
    type: "NodePort",
    clusterIPs: ["10.96.45.201"],
    ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }],
  }),
  svc("web-lb", 5, {
    type: "LoadBalancer",
    clusterIPs: ["10.96.8.17"],
    ports: [{ port: 80, nodePort: 31847, protocol: "TCP" }],
  }),
  svc("web-headless", 5, { type: "ClusterIP", clusterIPs: ["None"], ports: [{ port: 80, protocol: "TCP" }] }),
  svc("ext", 5, { type: "ExternalName", externalName: "example.com" }),
];

describe("printTable", () => {
  it("should print the reference's `kubectl get svc` sample", () => {
    expect(printTable(services, serviceList, { nowMs })).toEqual({
      ok: true,
      text:
        "NAME           TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)        AGE\n" +
        "kubernetes     ClusterIP      10.96.0.1      <none>        443/TCP        10m\n" +
        "web            ClusterIP      10.96.112.34   <none>        80/TCP         5s\n" +
        "web-np         NodePort       10.96.45.201   <none>        80:30080/TCP   5s\n" +
        "web-lb         LoadBalancer   10.96.8.17     <pending>     80:31847/TCP   5s\n" +
        "web-headless   ClusterIP      None           <none>        80/TCP         5s\n" +
        "ext            ExternalName   <none>         example.com   <none>         5s\n",
    });
  });

  it("should print the reference's `kubectl get pods -o wide` sample", () => {
    const pod = (name: string, ip: string, node: string) =>
      stored("v1", "Pod", name, 42, {
        spec: { nodeName: node, containers: [{ name: "web", image: "nginx" }] },
        status: {
          phase: "Running",
          podIPs: [{ ip }],
          containerStatuses: [
            { name: "web", ready: true, restartCount: 0, state: { running: { startedAt: ago(40) } } },
          ],
        },
      });
    const result = printTable(
      pods,
      [
        pod("web-7c5ddbdf54-2xkqv", "10.244.1.3", "kind-worker"),
        pod("web-7c5ddbdf54-8tn4z", "10.244.2.2", "kind-worker2"),
      ],
      {
        nowMs,
        wide: true,
      },
    );
    expect(result).toEqual({
      ok: true,
      text:
        "NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE           NOMINATED NODE   READINESS GATES\n" +
        "web-7c5ddbdf54-2xkqv   1/1     Running   0          42s   10.244.1.3   kind-worker    <none>           <none>\n" +
        "web-7c5ddbdf54-8tn4z   1/1     Running   0          42s   10.244.2.2   kind-worker2   <none>           <none>\n",
    });
  });

  it("should print the reference's `kubectl get deploy` sample", () => {
    const deploy = stored("apps/v1", "Deployment", "web", 42, {
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: "web" } },
        template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } },
      },
      status: { readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 },
    });
    expect(printTable(deployments, [deploy], { nowMs })).toEqual({
      ok: true,
      text: "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           42s\n",
    });
    expect(printTable(deployments, [deploy], { nowMs, wide: true, withKind: true })).toEqual({
      ok: true,
      text:
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\n" +
        "deployment.apps/web   3/3     3            3           42s   web          nginx:1.27   app=web\n",
    });
  });

  it("should prefix NAMESPACE with -A and append -L columns and LABELS", () => {
    const list = [serviceList[0]!, serviceList[1]!];
    expect(printTable(services, list, { nowMs, allNamespaces: true, labelColumns: ["app"], showLabels: true })).toEqual(
      {
        ok: true,
        text:
          "NAMESPACE   NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE   APP   LABELS\n" +
          "default     kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP   10m         component=apiserver,provider=kubernetes\n" +
          "default     web          ClusterIP   10.96.112.34   <none>        80/TCP    5s    web   app=web\n",
      },
    );
  });

  it("should not add NAMESPACE to a cluster-scoped resource with -A", () => {
    const node = stored(
      "v1",
      "Node",
      "kind-control-plane",
      600,
      { status: { conditions: [{ type: "Ready", status: "True" }], nodeInfo: { kubeletVersion: "v1.34.0" } } },
      {
        namespace: undefined,
        labels: { "node-role.kubernetes.io/control-plane": "" },
      },
    );
    expect(printTable(nodes, [node], { nowMs, allNamespaces: true })).toEqual({
      ok: true,
      text: "NAME                 STATUS   ROLES           AGE   VERSION\nkind-control-plane   Ready    control-plane   10m   v1.34.0\n",
    });
  });

  it("should prefix names with kind for multi-type output and drop the header with --no-headers", () => {
    expect(printTable(services, [serviceList[1]!], { nowMs, withKind: true, noHeaders: true })).toEqual({
      ok: true,
      text: "service/web   ClusterIP   10.96.112.34   <none>   80/TCP   5s\n",
    });
  });

  it("should sort rows by a jsonpath with --sort-by", () => {
    const result = printTable(services, serviceList, { nowMs, sortBy: ".spec.type", noHeaders: true });
    expect(result.ok && result.text.split("\n").map((l) => l.split(" ")[0])).toEqual([
      "kubernetes",
      "web",
      "web-headless",
      "ext",
      "web-lb",
      "web-np",
      "",
    ]);
  });

  it("should report a sort field that no object has", () => {
    expect(printTable(services, serviceList, { nowMs, sortBy: ".spec.nope" })).toEqual({
      ok: false,
      message: 'couldn\'t find any field with path "{.spec.nope}" in the list of objects',
    });
  });

  it("should cut a multi-line cell at its first line break", () => {
    const ev = stored("v1", "Event", "e", 3, {
      involvedObject: { kind: "Pod", name: "web" },
      type: "Warning",
      reason: "Failed",
      message: "first line\nsecond line",
      lastTimestamp: ago(3),
    });
    expect(printTable(resourceByName("events")!, [ev], { nowMs })).toEqual({
      ok: true,
      text: "LAST SEEN   TYPE      REASON   OBJECT    MESSAGE\n3s          Warning   Failed   pod/web   first line...\n",
    });
  });

  it("should print nothing for no objects", () => {
    expect(printTable(services, [], { nowMs })).toEqual({ ok: true, text: "" });
  });
});
