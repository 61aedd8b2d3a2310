/** Realistic objects for the apply/patch tests: what a learner's manifests and the live store hold. */
import type { JsonObject } from "../../../../engine/kubectl/apply/index.ts";

export function serviceConfig(): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", labels: { app: "web", tier: "frontend" } },
    spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
  };
}

/** A live Service as the API server returns it: defaults, status and server fields filled in. */
export function liveService(config: JsonObject, annotation?: string): JsonObject {
  const meta = config.metadata as JsonObject;
  const spec = config.spec as JsonObject;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      ...(annotation === undefined
        ? {}
        : { annotations: { "kubectl.kubernetes.io/last-applied-configuration": annotation } }),
      creationTimestamp: "2025-01-01T00:00:00Z",
      labels: meta.labels ?? null,
      name: "web",
      namespace: "default",
      resourceVersion: "1234",
      uid: "5f1c2d3e-0000-4000-8000-000000000001",
    },
    spec: {
      clusterIP: "10.96.12.34",
      clusterIPs: ["10.96.12.34"],
      internalTrafficPolicy: "Cluster",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      ports: (spec.ports as JsonObject[]).map((p) => ({ protocol: "TCP", ...p })),
      selector: spec.selector ?? null,
      sessionAffinity: "None",
      type: "ClusterIP",
    },
    status: { loadBalancer: {} },
  };
}

export function deploymentConfig(): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", labels: { app: "web" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx:1.27",
              ports: [{ containerPort: 80 }],
              env: [{ name: "MODE", value: "prod" }],
            },
            { name: "sidecar", image: "busybox:1.36", command: ["sleep", "infinity"] },
          ],
        },
      },
    },
  };
}

export function pod(): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "client", namespace: "default", labels: { run: "client" }, finalizers: ["a", "b"] },
    spec: {
      containers: [
        { name: "app", image: "nginx:1.27", ports: [{ containerPort: 80, protocol: "TCP" }] },
        { name: "log", image: "busybox:1.36" },
      ],
      tolerations: [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" }],
      volumes: [{ name: "data", emptyDir: {} }],
    },
  };
}
