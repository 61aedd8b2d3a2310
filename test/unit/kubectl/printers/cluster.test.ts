import { describe, expect, it } from "vitest";
import { resourceByName } from "../../../../engine/index.ts";
import { printTable, type TableOptions } from "../../../../engine/kubectl/printers/index.ts";
import { deployment, mustOk, newCluster, service } from "../../controllers/helpers.ts";

describe("printing what the simulated cluster stores", () => {
  const c = newCluster();
  mustOk(c.create(deployment("web", 2)));
  mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80, targetPort: 80 }] })));
  c.advance(30);
  const get = (resource: string, options: Partial<TableOptions> = {}) => {
    const r = printTable(
      resourceByName(resource)!,
      c.list(resource, resourceByName(resource)!.namespaced ? { namespace: "default" } : {}),
      {
        nowMs: c.nowMs,
        ...options,
      },
    );
    return r.ok ? r.text : r.message;
  };

  const golden: [string, Partial<TableOptions>, string][] = [
    ["deployments", {}, "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           30s\n"],
    [
      "replicasets",
      {},
      "NAME             DESIRED   CURRENT   READY   AGE\nweb-5f84b7585b   2         2         2       30s\n",
    ],
    [
      "pods",
      {},
      "NAME                   READY   STATUS    RESTARTS   AGE\n" +
        "web-5f84b7585b-gnhvb   1/1     Running   0          30s\n" +
        "web-5f84b7585b-l95xt   1/1     Running   0          30s\n",
    ],
    [
      "services",
      {},
      "NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE\n" +
        "kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP   31s\n" +
        "web          ClusterIP   10.96.122.208   <none>        80/TCP    30s\n",
    ],
    [
      "endpoints",
      {},
      "NAME         ENDPOINTS                     AGE\nkubernetes   172.18.0.2:6443               31s\nweb          10.244.1.2:80,10.244.2.2:80   30s\n",
    ],
    [
      "endpointslices",
      {},
      "NAME         ADDRESSTYPE   PORTS   ENDPOINTS               AGE\n" +
        "kubernetes   IPv4          6443    172.18.0.2              31s\n" +
        "web-m6nl7    IPv4          80      10.244.1.2,10.244.2.2   30s\n",
    ],
    [
      "nodes",
      { wide: true },
      "NAME                 STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION     CONTAINER-RUNTIME\n" +
        "kind-control-plane   Ready    control-plane   31s   v1.34.0   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-60-generic   containerd://2.1.3\n" +
        "kind-worker          Ready    <none>          30s   v1.34.0   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-60-generic   containerd://2.1.3\n" +
        "kind-worker2         Ready    <none>          30s   v1.34.0   172.18.0.4    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-60-generic   containerd://2.1.3\n",
    ],
  ];
  for (const [resource, options, text] of golden) {
    it(`should print \`kubectl get ${resource}${options.wide ? " -o wide" : ""}\` for a two-replica deployment behind a service`, () => {
      expect(get(resource, options)).toBe(text);
    });
  }
});
