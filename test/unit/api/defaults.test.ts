/**
 * API server defaulting. Each expected object is what `kubectl get -o yaml` shows on a
 * v1.34 kind cluster for the spec (status, clusterIPs and other registry-set fields
 * aside), written as the object rather than as YAML: YAML output sorts keys anyway.
 */
import { describe, expect, it } from "vitest";
import type { DefaultingContext } from "../../../engine/api/defaults/index.ts";
import { applyDefaults, defaulters, defaultPullPolicy, imageTag } from "../../../engine/api/defaults/index.ts";
import type { KubeObject } from "../../../engine/api/object.ts";
import { deepClone } from "../../../engine/core/clone.ts";

/** A context whose random suffixes are a fixed sequence, so volume names are known. */
function context(extra: Partial<DefaultingContext> = {}): DefaultingContext & { drawn: number } {
  const suffixes = ["x7k2q", "m4nbv", "p9r8t"];
  const ctx: DefaultingContext & { drawn: number } = {
    drawn: 0,
    randomSuffix(): string {
      return suffixes[ctx.drawn++ % suffixes.length]!;
    },
    ...extra,
  };
  return ctx;
}

/* biome-ignore lint/suspicious/noExplicitAny: the tests read defaulted objects of every kind by path */
type Loose = any;

function defaulted(obj: KubeObject & Record<string, unknown>, ctx: DefaultingContext = context()): Loose {
  const copy = deepClone(obj);
  applyDefaults(copy.kind!, copy, ctx);
  return copy;
}

const tokenVolume = (name: string) => ({
  name,
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
      { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
      {
        downwardAPI: {
          items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }],
        },
      },
    ],
  },
});
const tokenMount = (name: string) => ({
  mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
  name,
  readOnly: true,
});
const defaultTolerations = [
  { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 },
  { effect: "NoExecute", key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 300 },
];

describe("the defaulter table", () => {
  it("covers the kinds whose API objects have defaults", () => {
    expect(Object.keys(defaulters).sort()).toEqual([
      "DaemonSet",
      "Deployment",
      "EndpointSlice",
      "Endpoints",
      "Namespace",
      "NetworkPolicy",
      "Pod",
      "ReplicaSet",
      "Service",
    ]);
  });

  it("leaves kinds without defaults untouched", () => {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } };
    expect(defaulted(cm)).toEqual(cm);
  });
});

describe("Service defaults", () => {
  const base = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" } };

  it("makes a bare ClusterIP service with TCP ports, targetPort = port and no affinity", () => {
    expect(defaulted({ ...base, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } })).toEqual({
      ...base,
      spec: {
        internalTrafficPolicy: "Cluster",
        ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
        selector: { app: "web" },
        sessionAffinity: "None",
        type: "ClusterIP",
      },
    });
  });

  it("gives a NodePort service an external traffic policy and keeps named and explicit target ports", () => {
    const svc = {
      ...base,
      spec: {
        type: "NodePort",
        selector: { app: "web" },
        ports: [
          { name: "http", port: 80, targetPort: "http" },
          { name: "dns", port: 53, protocol: "UDP", targetPort: 0 },
        ],
      },
    };
    expect(defaulted(svc)).toEqual({
      ...base,
      spec: {
        externalTrafficPolicy: "Cluster",
        internalTrafficPolicy: "Cluster",
        ports: [
          { name: "http", port: 80, protocol: "TCP", targetPort: "http" },
          { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
        ],
        selector: { app: "web" },
        sessionAffinity: "None",
        type: "NodePort",
      },
    });
  });

  it("allocates node ports for a LoadBalancer service unless told not to, and marks ingress IPs as VIP", () => {
    const svc = {
      ...base,
      spec: { type: "LoadBalancer", ports: [{ port: 443, targetPort: 8443 }] },
      status: { loadBalancer: { ingress: [{ ip: "172.18.255.200" }, { hostname: "lb.example.com" }] } },
    };
    expect(defaulted(svc)).toEqual({
      ...base,
      spec: {
        allocateLoadBalancerNodePorts: true,
        externalTrafficPolicy: "Cluster",
        internalTrafficPolicy: "Cluster",
        ports: [{ port: 443, protocol: "TCP", targetPort: 8443 }],
        sessionAffinity: "None",
        type: "LoadBalancer",
      },
      status: { loadBalancer: { ingress: [{ ip: "172.18.255.200", ipMode: "VIP" }, { hostname: "lb.example.com" }] } },
    });
    const kept = defaulted({
      ...base,
      spec: { type: "LoadBalancer", allocateLoadBalancerNodePorts: false, ports: [] },
    });
    expect(kept.spec.allocateLoadBalancerNodePorts).toBe(false);
  });

  it("treats a ClusterIP service with external IPs as externally accessible", () => {
    expect(defaulted({ ...base, spec: { externalIPs: ["1.2.3.4"], ports: [{ port: 80 }] } }).spec).toEqual({
      externalIPs: ["1.2.3.4"],
      externalTrafficPolicy: "Cluster",
      internalTrafficPolicy: "Cluster",
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      sessionAffinity: "None",
      type: "ClusterIP",
    });
  });

  it("gives ClientIP affinity a three-hour timeout and drops affinity config when affinity is None", () => {
    expect(defaulted({ ...base, spec: { sessionAffinity: "ClientIP", ports: [{ port: 80 }] } }).spec).toEqual({
      internalTrafficPolicy: "Cluster",
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      sessionAffinity: "ClientIP",
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      type: "ClusterIP",
    });
    const explicit = { sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } };
    expect(defaulted({ ...base, spec: explicit }).spec.sessionAffinityConfig).toEqual({
      clientIP: { timeoutSeconds: 60 },
    });
    const stray = { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } };
    expect(defaulted({ ...base, spec: stray }).spec).toEqual({
      internalTrafficPolicy: "Cluster",
      sessionAffinity: "None",
      type: "ClusterIP",
    });
  });

  it("gives an ExternalName service no traffic policies", () => {
    expect(defaulted({ ...base, spec: { type: "ExternalName", externalName: "example.com" } }).spec).toEqual({
      externalName: "example.com",
      sessionAffinity: "None",
      type: "ExternalName",
    });
  });
});

describe("Pod defaults and admission", () => {
  const meta = { name: "nginx", namespace: "default", labels: { run: "nginx" } };

  it("turns `kubectl run nginx --image=nginx` into the pod a kind cluster stores", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: meta,
      spec: { containers: [{ name: "nginx", image: "nginx" }] },
    };
    expect(defaulted(pod)).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: meta,
      spec: {
        containers: [
          {
            image: "nginx",
            imagePullPolicy: "Always",
            name: "nginx",
            resources: {},
            terminationMessagePath: "/dev/termination-log",
            terminationMessagePolicy: "File",
            volumeMounts: [tokenMount("kube-api-access-x7k2q")],
          },
        ],
        dnsPolicy: "ClusterFirst",
        enableServiceLinks: true,
        preemptionPolicy: "PreemptLowerPriority",
        priority: 0,
        restartPolicy: "Always",
        schedulerName: "default-scheduler",
        securityContext: {},
        serviceAccount: "default",
        serviceAccountName: "default",
        terminationGracePeriodSeconds: 30,
        tolerations: defaultTolerations,
        volumes: [tokenVolume("kube-api-access-x7k2q")],
      },
    });
  });

  it("defaults ports, probes, lifecycle hooks, env field references and init containers", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", namespace: "shop" },
      spec: {
        serviceAccountName: "web",
        initContainers: [{ name: "init", image: "busybox:1.28", command: ["true"] }],
        containers: [
          {
            name: "web",
            image: "registry.k8s.io/e2e-test-images/agnhost:2.39",
            ports: [{ containerPort: 8080 }, { containerPort: 8081, protocol: "UDP" }],
            env: [{ name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
            readinessProbe: { httpGet: { port: 8080 } },
            livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 },
            startupProbe: { grpc: { port: 9000 } },
            lifecycle: { preStop: { httpGet: { port: 8080, path: "/stop" } } },
            resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "100m" } },
          },
        ],
      },
    };
    const probeDefaults = { failureThreshold: 3, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 };
    expect(defaulted(pod).spec).toEqual({
      containers: [
        {
          env: [{ name: "NODE", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.nodeName" } } }],
          image: "registry.k8s.io/e2e-test-images/agnhost:2.39",
          imagePullPolicy: "IfNotPresent",
          lifecycle: { preStop: { httpGet: { path: "/stop", port: 8080, scheme: "HTTP" } } },
          livenessProbe: { ...probeDefaults, periodSeconds: 5, tcpSocket: { port: 8080 } },
          name: "web",
          ports: [
            { containerPort: 8080, protocol: "TCP" },
            { containerPort: 8081, protocol: "UDP" },
          ],
          readinessProbe: { ...probeDefaults, httpGet: { path: "/", port: 8080, scheme: "HTTP" } },
          resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "100m", memory: "128Mi" } },
          startupProbe: { ...probeDefaults, grpc: { port: 9000, service: "" } },
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
          volumeMounts: [tokenMount("kube-api-access-x7k2q")],
        },
      ],
      dnsPolicy: "ClusterFirst",
      enableServiceLinks: true,
      initContainers: [
        {
          command: ["true"],
          image: "busybox:1.28",
          imagePullPolicy: "IfNotPresent",
          name: "init",
          resources: {},
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
          volumeMounts: [tokenMount("kube-api-access-x7k2q")],
        },
      ],
      preemptionPolicy: "PreemptLowerPriority",
      priority: 0,
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      serviceAccount: "web",
      serviceAccountName: "web",
      terminationGracePeriodSeconds: 30,
      tolerations: defaultTolerations,
      volumes: [tokenVolume("kube-api-access-x7k2q")],
    });
  });

  it("defaults volume sources and makes a sourceless volume an emptyDir", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "v", namespace: "default" },
      spec: {
        automountServiceAccountToken: false,
        containers: [{ name: "c", image: "nginx:1.27" }],
        volumes: [
          { name: "scratch" },
          { name: "conf", configMap: { name: "web-conf" } },
          { name: "secret", secret: { secretName: "tls", defaultMode: 256 } },
          { name: "host", hostPath: { path: "/var/log" } },
          { name: "info", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } },
          { name: "token", projected: { sources: [{ serviceAccountToken: { path: "t" } }] } },
        ],
      },
    };
    expect(defaulted(pod).spec.volumes).toEqual([
      { emptyDir: {}, name: "scratch" },
      { configMap: { defaultMode: 420, name: "web-conf" }, name: "conf" },
      { name: "secret", secret: { defaultMode: 256, secretName: "tls" } },
      { hostPath: { path: "/var/log", type: "" }, name: "host" },
      {
        downwardAPI: {
          defaultMode: 420,
          items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.labels" }, path: "labels" }],
        },
        name: "info",
      },
      {
        name: "token",
        projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3600, path: "t" } }] },
      },
    ]);
  });

  it("copies container ports to host ports on the host network", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "h", namespace: "default" },
      spec: { hostNetwork: true, containers: [{ name: "c", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
    };
    expect(defaulted(pod).spec.containers[0]!.ports).toEqual([{ containerPort: 80, hostPort: 80, protocol: "TCP" }]);
  });

  it("mounts no token when the pod or its service account opts out, and draws no random suffix", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default" },
      spec: { automountServiceAccountToken: false, containers: [{ name: "c", image: "nginx:1.27" }] },
    };
    const ctx = context();
    const out = defaulted(pod, ctx);
    expect(out.spec.volumes).toBeUndefined();
    expect(out.spec.containers[0]).not.toHaveProperty("volumeMounts");
    expect(ctx.drawn).toBe(0);

    const viaAccount = context({
      serviceAccountAutomount: (ns, name) => (ns === "default" && name === "default" ? false : undefined),
    });
    const out2 = defaulted({ ...pod, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } }, viaAccount);
    expect(out2.spec.volumes).toBeUndefined();
    expect(out2.spec.serviceAccountName).toBe("default");
  });

  it("lets the pod's own automount setting win over its service account's", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default" },
      spec: { automountServiceAccountToken: true, containers: [{ name: "c", image: "nginx:1.27" }] },
    };
    const out = defaulted(pod, context({ serviceAccountAutomount: () => false }));
    expect(out.spec.volumes).toEqual([tokenVolume("kube-api-access-x7k2q")]);
  });

  it("skips containers that already mount the token path and reuses an existing kube-api-access volume", () => {
    const own = { mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", name: "mine" };
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default" },
      spec: {
        containers: [
          { name: "a", image: "nginx:1.27", volumeMounts: [own] },
          { name: "b", image: "nginx:1.27" },
        ],
        volumes: [tokenVolume("kube-api-access-abcde"), { name: "mine", emptyDir: {} }],
      },
    };
    const ctx = context();
    const out = defaulted(pod, ctx);
    expect(out.spec.containers.map((c: Loose) => c.volumeMounts)).toEqual([
      [own],
      [tokenMount("kube-api-access-abcde")],
    ]);
    expect(out.spec.volumes).toEqual([tokenVolume("kube-api-access-abcde"), { emptyDir: {}, name: "mine" }]);
    expect(ctx.drawn).toBe(0);
  });

  it("adds only the default tolerations the pod does not already have", () => {
    const pod = (tolerations: object[]) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default" },
      spec: { automountServiceAccountToken: false, containers: [{ name: "c", image: "nginx:1.27" }], tolerations },
    });
    const own = {
      key: "node.kubernetes.io/unreachable",
      operator: "Exists",
      effect: "NoExecute",
      tolerationSeconds: 10,
    };
    expect(defaulted(pod([own])).spec.tolerations).toEqual([own, defaultTolerations[0]]);
    const everything = { operator: "Exists" };
    expect(defaulted(pod([everything])).spec.tolerations).toEqual([everything]);
    const noSchedule = { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" };
    expect(defaulted(pod([noSchedule])).spec.tolerations).toEqual([noSchedule, ...defaultTolerations]);
  });

  it("resolves the system priority classes and the caller's own", () => {
    const pod = (priorityClassName: string) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "kube-system" },
      spec: {
        priorityClassName,
        automountServiceAccountToken: false,
        containers: [{ name: "c", image: "nginx:1.27" }],
      },
    });
    const critical = defaulted(pod("system-node-critical")).spec;
    expect([critical.priority, critical.preemptionPolicy]).toEqual([2000001000, "PreemptLowerPriority"]);
    const ctx = context({
      priorityClass: (name) => (name === "batch" ? { value: 10, preemptionPolicy: "Never" } : undefined),
    });
    const batch = defaulted(pod("batch"), ctx).spec;
    expect([batch.priority, batch.preemptionPolicy]).toEqual([10, "Never"]);
    const unknown = defaulted(pod("nope")).spec;
    expect([unknown.priority, unknown.preemptionPolicy]).toEqual([undefined, undefined]);
  });

  it("runs only the scheme defaults and the toleration plugin on update", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default" },
      spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
    };
    const ctx = context({ operation: "update" });
    const out = defaulted(pod, ctx);
    expect(out.spec).toEqual({
      containers: [
        {
          image: "nginx:1.27",
          imagePullPolicy: "IfNotPresent",
          name: "c",
          resources: {},
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
        },
      ],
      dnsPolicy: "ClusterFirst",
      enableServiceLinks: true,
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      tolerations: defaultTolerations,
    });
    expect(ctx.drawn).toBe(0);
  });

  it("changes nothing when a stored pod is defaulted again", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: meta,
      spec: { containers: [{ name: "nginx", image: "nginx" }] },
    };
    const once = defaulted(pod);
    expect(defaulted(once)).toEqual(once);
    expect(defaulted(once, context({ operation: "update" }))).toEqual(once);
  });
});

describe("image pull policy", () => {
  it.each([
    ["nginx", "latest", "Always"],
    ["nginx:latest", "latest", "Always"],
    ["nginx:1.27", "1.27", "IfNotPresent"],
    ["localhost:5000/app", "latest", "Always"],
    ["registry.k8s.io/coredns/coredns:v1.12.0", "v1.12.0", "IfNotPresent"],
    [`nginx@sha256:${"a".repeat(64)}`, "", "IfNotPresent"],
    [`nginx:latest@sha256:${"a".repeat(64)}`, "latest", "Always"],
    ["nginx:Latest", "Latest", "IfNotPresent"],
    ["Nginx", "", "IfNotPresent"],
    ["", "", "IfNotPresent"],
  ])("reads %j as tag %j and pulls %s", (image, tag, policy) => {
    expect(imageTag(image)).toBe(tag);
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

describe("workload defaults", () => {
  const template = {
    metadata: { labels: { app: "web" } },
    spec: { containers: [{ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
  };
  const defaultedTemplate = {
    metadata: { labels: { app: "web" } },
    spec: {
      containers: [
        {
          image: "nginx:1.27",
          imagePullPolicy: "IfNotPresent",
          name: "nginx",
          ports: [{ containerPort: 80, protocol: "TCP" }],
          resources: {},
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
        },
      ],
      dnsPolicy: "ClusterFirst",
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    },
  };
  const meta = { name: "web", namespace: "default", labels: { app: "web" } };
  const selector = { matchLabels: { app: "web" } };

  it("gives a Deployment one replica, a 25% rolling update and a pod template without Pod-only defaults", () => {
    const d = { apiVersion: "apps/v1", kind: "Deployment", metadata: meta, spec: { selector, template } };
    expect(defaulted(d)).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec: {
        progressDeadlineSeconds: 600,
        replicas: 1,
        revisionHistoryLimit: 10,
        selector,
        strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" }, type: "RollingUpdate" },
        template: defaultedTemplate,
      },
    });
  });

  it("keeps explicit Deployment settings and gives a Recreate strategy no rolling parameters", () => {
    const d = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec: { replicas: 0, revisionHistoryLimit: 0, strategy: { type: "Recreate" }, selector, template },
    };
    const spec = defaulted(d).spec;
    expect([spec.replicas, spec.revisionHistoryLimit, spec.strategy]).toEqual([0, 0, { type: "Recreate" }]);
    const partial = defaulted({ ...d, spec: { selector, template, strategy: { rollingUpdate: { maxSurge: 1 } } } });
    expect(partial.spec.strategy).toEqual({
      rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" },
      type: "RollingUpdate",
    });
  });

  it("gives a ReplicaSet one replica", () => {
    const rs = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: meta, spec: { selector, template } };
    expect(defaulted(rs)).toEqual({ ...rs, spec: { replicas: 1, selector, template: defaultedTemplate } });
  });

  it("gives a DaemonSet a rolling update of one unavailable and no surge", () => {
    const ds = { apiVersion: "apps/v1", kind: "DaemonSet", metadata: meta, spec: { selector, template } };
    expect(defaulted(ds)).toEqual({
      ...ds,
      spec: {
        revisionHistoryLimit: 10,
        selector,
        template: defaultedTemplate,
        updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: "RollingUpdate" },
      },
    });
    const onDelete = defaulted({ ...ds, spec: { selector, template, updateStrategy: { type: "OnDelete" } } });
    expect(onDelete.spec.updateStrategy).toEqual({ type: "OnDelete" });
  });

  it("mirrors a template's serviceAccountName into the deprecated serviceAccount field", () => {
    const d = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec: { selector, template: { ...template, spec: { ...template.spec, serviceAccountName: "web" } } },
    };
    const spec = defaulted(d).spec.template.spec;
    expect([spec.serviceAccount, spec.serviceAccountName]).toEqual(["web", "web"]);
    const old = defaulted({
      ...d,
      spec: { selector, template: { ...template, spec: { ...template.spec, serviceAccount: "old" } } },
    });
    expect([old.spec.template.spec.serviceAccount, old.spec.template.spec.serviceAccountName]).toEqual(["old", "old"]);
  });
});

describe("Namespace defaults", () => {
  it("labels a new namespace with its name, adds the kubernetes finalizer and makes it Active", () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { team: "a" } } };
    expect(defaulted(ns)).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "shop", labels: { team: "a", "kubernetes.io/metadata.name": "shop" } },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
  });

  it("keeps finalizers and a Terminating phase on update, and fixes the name label", () => {
    const ns = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "shop", labels: { "kubernetes.io/metadata.name": "wrong" } },
      spec: { finalizers: [] },
      status: { phase: "Terminating" },
    };
    expect(defaulted(ns, context({ operation: "update" }))).toEqual({
      ...ns,
      metadata: { name: "shop", labels: { "kubernetes.io/metadata.name": "shop" } },
    });
  });
});

describe("endpoint and network policy defaults", () => {
  it("makes Endpoints ports TCP", () => {
    const ep = {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "web", namespace: "default" },
      subsets: [
        { addresses: [{ ip: "10.244.1.3" }], ports: [{ port: 80 }, { name: "dns", port: 53, protocol: "UDP" }] },
      ],
    };
    expect(defaulted(ep).subsets).toEqual([
      {
        addresses: [{ ip: "10.244.1.3" }],
        ports: [
          { port: 80, protocol: "TCP" },
          { name: "dns", port: 53, protocol: "UDP" },
        ],
      },
    ]);
  });

  it("gives EndpointSlice ports an empty name and TCP", () => {
    const slice = {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "web-x7k2q", namespace: "default" },
      addressType: "IPv4",
      endpoints: [{ addresses: ["10.244.1.3"] }],
      ports: [{ port: 80 }, { name: "metrics", port: 9153, protocol: "TCP" }],
    };
    expect(defaulted(slice).ports).toEqual([
      { name: "", port: 80, protocol: "TCP" },
      { name: "metrics", port: 9153, protocol: "TCP" },
    ]);
  });

  it("infers NetworkPolicy policy types from its rules and makes rule ports TCP", () => {
    const np = (spec: object) => ({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "db", namespace: "default" },
      spec,
    });
    expect(
      defaulted(np({ podSelector: { matchLabels: { app: "db" } }, ingress: [{ ports: [{ port: 5432 }] }] })).spec,
    ).toEqual({
      ingress: [{ ports: [{ port: 5432, protocol: "TCP" }] }],
      podSelector: { matchLabels: { app: "db" } },
      policyTypes: ["Ingress"],
    });
    expect(defaulted(np({ egress: [{ ports: [{ port: 53, protocol: "UDP" }] }] })).spec).toEqual({
      egress: [{ ports: [{ port: 53, protocol: "UDP" }] }],
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
    });
    expect(defaulted(np({ podSelector: {}, policyTypes: ["Egress"] })).spec).toEqual({
      podSelector: {},
      policyTypes: ["Egress"],
    });
  });
});
