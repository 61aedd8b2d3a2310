/**
 * The clusters the describe tests read: built through the simulated control plane, so every
 * object, status, IP and Event is what the engine really produces (seed 1, debug checks on).
 */
import type { Cluster, StoredObject } from "../../../../engine/index.ts";
import { resourceByName } from "../../../../engine/index.ts";
import { describe as describeObject } from "../../../../engine/kubectl/describe/index.ts";
import { deployment, mustOk, newCluster, pod, service, setImage } from "../../controllers/helpers.ts";

/** A 3-replica nginx Deployment `web` behind a ClusterIP Service, a NetworkPolicy `db`, 30 s later. */
export function webCluster(): Cluster {
  const c = newCluster();
  for (const r of c.apply([
    deployment("web", 3, "nginx:1.27", {}, { ports: [{ containerPort: 80 }] }),
    service("web", { selector: { app: "web" }, ports: [{ port: 80, targetPort: 80 }] }),
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "db" },
      spec: {
        podSelector: { matchLabels: { app: "db" } },
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { app: "web" } } },
              { ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } },
            ],
            ports: [{ port: 5432 }],
          },
        ],
        egress: [],
      },
    },
  ]))
    mustOk(r);
  c.advance(30);
  return c;
}

/** The object `resource/name`, described. */
export function describeNamed(c: Cluster, resource: string, name: string, namespace = "default"): string {
  const info = resourceByName(resource)!;
  return describeObject(c, info, mustOk(c.get(info, name, { namespace })));
}

/** The first object of a resource whose name starts with `prefix`. */
export function named(c: Cluster, resource: string, prefix: string, namespace = "default"): StoredObject {
  const found = c.list(resource, { namespace }).find((o) => o.metadata.name.startsWith(prefix));
  if (!found) throw new Error(`no ${resource} starting with ${prefix}`);
  return found;
}

/**
 * webCluster, then: a rollout to nginx:1.28 (old and new ReplicaSets, scaling events), a pod
 * with command, env, resources and failing probes (`rich`), a crash-looping pod (`crash`),
 * and Services of other shapes: ExternalName `ext`, NodePort `np` (labels, a skipped
 * last-applied annotation and a long one), `none` selecting no pod.
 */
export function busyCluster(): Cluster {
  const c = webCluster();
  setImage(c, "web", "nginx:1.28");
  c.advance(60);
  mustOk(
    c.create(
      pod(
        "rich",
        {
          image: "busybox:1.36",
          command: ["sh", "-c", "sleep 3600"],
          args: ["--verbose"],
          env: [
            { name: "A", value: "1" },
            { name: "MY_POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "MY_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
          ],
          resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } },
          readinessProbe: { httpGet: { path: "/healthz", port: 8080 } },
          livenessProbe: { tcpSocket: { port: 8080 } },
          ports: [
            { containerPort: 8080, name: "http" },
            { containerPort: 9090, name: "metrics" },
          ],
        },
        { labels: { app: "rich", tier: "backend" }, spec: { nodeSelector: { "kubernetes.io/os": "linux" } } },
      ),
    ),
  );
  c.advance(20);
  mustOk(c.create(pod("crash", { image: "busybox:1.36", command: ["sh", "-c", "exit 1"] })));
  c.advance(120);
  mustOk(c.create(service("ext", { type: "ExternalName", externalName: "example.com" })));
  mustOk(
    c.create(
      service(
        "np",
        {
          type: "NodePort",
          selector: { app: "web" },
          ports: [{ name: "http", port: 80, targetPort: 80, nodePort: 30080 }],
        },
        {
          labels: { team: "a", app: "np" },
          annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}", note: "x".repeat(150) },
        },
      ),
    ),
  );
  mustOk(c.create(service("none", { selector: { app: "nothing" }, ports: [{ port: 80 }] })));
  c.settle();
  return c;
}
