/**
 * The objects a fresh kind cluster has, as manifests: nodes, the four system namespaces
 * (and kind's local-path-storage), the `kubernetes` Service with its apiserver-managed
 * Endpoints and EndpointSlice, CoreDNS behind `kube-dns`, the kube-proxy and kindnet
 * DaemonSets, the local-path provisioner, and the control-plane static pods. The
 * simulation creates them in the order kind does, so CoreDNS lands on the control plane
 * before the workers join.
 */
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { KubeObject, Mutable } from "../api/object.ts";
import { formatIPv4, parseCidr } from "../core/ip.ts";
import { kubernetesVersion } from "./version.ts";

export interface NodePlan {
  readonly name: string;
  readonly ip: string;
  readonly podCidr: string;
  readonly controlPlane: boolean;
}

/** kind-control-plane, kind-worker, kind-worker2 …; node IPs 172.18.0.2 upward; pod CIDRs 10.244.N.0/24. */
export function planNodes(clusterName: string, count: number, podCidr: string): NodePlan[] {
  const pods = parseCidr(podCidr)!;
  const out: NodePlan[] = [];
  for (let i = 0; i < count; i++) {
    const name =
      i === 0 ? `${clusterName}-control-plane` : i === 1 ? `${clusterName}-worker` : `${clusterName}-worker${i}`;
    out.push({
      name,
      ip: `172.18.0.${i + 2}`,
      podCidr: `${formatIPv4(pods.base + i * 256)}/24`,
      controlPlane: i === 0,
    });
  }
  return out;
}

export function nodeManifest(
  plan: NodePlan,
  single: boolean,
): { object: Mutable<Node>; status: Mutable<NonNullable<Node["status"]>> } {
  const labels: Record<string, string> = {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": plan.name,
    "kubernetes.io/os": "linux",
  };
  if (plan.controlPlane) {
    labels["node-role.kubernetes.io/control-plane"] = "";
    // kind drops this label (and the taint) on single-node clusters so workloads can run there.
    if (!single) labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
  }
  const object: Mutable<Node> = {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: plan.name,
      labels,
      annotations: {
        "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    spec: {
      podCIDR: plan.podCidr,
      podCIDRs: [plan.podCidr],
      providerID: `kind://docker/kind/${plan.name}`,
      ...(plan.controlPlane && !single
        ? { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] }
        : {}),
    },
  };
  const capacity = {
    cpu: "4",
    "ephemeral-storage": "102625208Ki",
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    memory: "16374652Ki",
    pods: "110",
  };
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: "",
    lastTransitionTime: "",
    reason,
    message,
  });
  const status: Mutable<NonNullable<Node["status"]>> = {
    addresses: [
      { type: "InternalIP", address: plan.ip },
      { type: "Hostname", address: plan.name },
    ],
    allocatable: { ...capacity },
    capacity,
    conditions: [
      cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
      cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
      cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
      cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      architecture: "amd64",
      bootID: "",
      containerRuntimeVersion: "containerd://2.1.3",
      kernelVersion: "6.8.0-60-generic",
      kubeProxyVersion: "",
      kubeletVersion: kubernetesVersion,
      machineID: "",
      operatingSystem: "linux",
      osImage: "Debian GNU/Linux 12 (bookworm)",
      systemUUID: "",
    },
  };
  return { object, status };
}

export const systemNamespaces = [
  "default",
  "kube-node-lease",
  "kube-public",
  "kube-system",
  "local-path-storage",
] as const;

const controlPlaneToleration = {
  key: "node-role.kubernetes.io/control-plane",
  operator: "Exists",
  effect: "NoSchedule",
};

export const corefile = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

/** Objects every kind cluster has before the first `kubectl` command (nodes and static pods aside). */
export function systemObjects(controlPlaneIp: string, dnsServiceIP: string): KubeObject[] {
  const kubeDnsLabels = { "k8s-app": "kube-dns" };
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "coredns", namespace: "kube-system" } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kube-proxy", namespace: "kube-system" } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kindnet", namespace: "kube-system" } },
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "local-path-provisioner-service-account", namespace: "local-path-storage" },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "coredns", namespace: "kube-system" },
      data: { Corefile: corefile },
    } as KubeObject,
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name: "kubernetes",
        namespace: "default",
        labels: { component: "apiserver", provider: "kubernetes" },
      },
      spec: {
        clusterIP: "10.96.0.1",
        ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
        sessionAffinity: "None",
        type: "ClusterIP",
      },
    } as KubeObject,
    {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: {
        name: "kubernetes",
        namespace: "default",
        labels: { "endpointslice.kubernetes.io/skip-mirror": "true" },
      },
      subsets: [{ addresses: [{ ip: controlPlaneIp }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }],
    } as KubeObject,
    {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "kubernetes", namespace: "default", labels: { "kubernetes.io/service-name": "kubernetes" } },
      addressType: "IPv4",
      endpoints: [{ addresses: [controlPlaneIp], conditions: { ready: true } }],
      ports: [{ name: "https", port: 6443, protocol: "TCP" }],
    } as KubeObject,
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name: "kube-dns",
        namespace: "kube-system",
        labels: { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
        annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
      },
      spec: {
        clusterIP: dnsServiceIP,
        ports: [
          { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
          { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
          { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
        ],
        selector: kubeDnsLabels,
        type: "ClusterIP",
      },
    } as KubeObject,
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "coredns", namespace: "kube-system", labels: kubeDnsLabels },
      spec: {
        replicas: 2,
        selector: { matchLabels: kubeDnsLabels },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: "25%" } },
        template: {
          metadata: { labels: kubeDnsLabels },
          spec: {
            priorityClassName: "system-cluster-critical",
            serviceAccountName: "coredns",
            dnsPolicy: "Default",
            nodeSelector: { "kubernetes.io/os": "linux" },
            tolerations: [
              { key: "CriticalAddonsOnly", operator: "Exists" },
              { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
            ],
            containers: [
              {
                name: "coredns",
                image: "registry.k8s.io/coredns/coredns:v1.12.1",
                imagePullPolicy: "IfNotPresent",
                args: ["-conf", "/etc/coredns/Corefile"],
                ports: [
                  { name: "dns", containerPort: 53, protocol: "UDP" },
                  { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
                  { name: "metrics", containerPort: 9153, protocol: "TCP" },
                  { name: "liveness-probe", containerPort: 8080, protocol: "TCP" },
                  { name: "readiness-probe", containerPort: 8181, protocol: "TCP" },
                ],
                resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
                livenessProbe: {
                  httpGet: { path: "/health", port: "liveness-probe", scheme: "HTTP" },
                  initialDelaySeconds: 60,
                  timeoutSeconds: 5,
                  successThreshold: 1,
                  failureThreshold: 5,
                },
                readinessProbe: {
                  httpGet: { path: "/ready", port: "readiness-probe", scheme: "HTTP" },
                  periodSeconds: 10,
                },
              },
            ],
          },
        },
      },
    } as KubeObject,
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "local-path-provisioner", namespace: "local-path-storage" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "local-path-provisioner" } },
        template: {
          metadata: { labels: { app: "local-path-provisioner" } },
          spec: {
            serviceAccountName: "local-path-provisioner-service-account",
            nodeSelector: { "kubernetes.io/os": "linux" },
            tolerations: [
              controlPlaneToleration,
              { key: "node-role.kubernetes.io/master", operator: "Equal", effect: "NoSchedule" },
            ],
            containers: [
              {
                name: "local-path-provisioner",
                image: "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a",
                imagePullPolicy: "IfNotPresent",
                command: [
                  "local-path-provisioner",
                  "--debug",
                  "start",
                  "--helper-image",
                  "docker.io/kindest/local-path-helper:v20241212-8ac705d0",
                  "--config",
                  "/etc/config/config.json",
                ],
              },
            ],
          },
        },
      },
    } as KubeObject,
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "kube-proxy", namespace: "kube-system", labels: { "k8s-app": "kube-proxy" } },
      spec: {
        selector: { matchLabels: { "k8s-app": "kube-proxy" } },
        template: {
          metadata: { labels: { "k8s-app": "kube-proxy" } },
          spec: {
            hostNetwork: true,
            priorityClassName: "system-node-critical",
            serviceAccountName: "kube-proxy",
            nodeSelector: { "kubernetes.io/os": "linux" },
            tolerations: [{ operator: "Exists" }],
            containers: [
              {
                name: "kube-proxy",
                image: `registry.k8s.io/kube-proxy:${kubernetesVersion}`,
                imagePullPolicy: "IfNotPresent",
                command: [
                  "/usr/local/bin/kube-proxy",
                  "--config=/var/lib/kube-proxy/config.conf",
                  "--hostname-override=$(NODE_NAME)",
                ],
                securityContext: { privileged: true },
              },
            ],
          },
        },
      },
    } as KubeObject,
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: {
        name: "kindnet",
        namespace: "kube-system",
        labels: { app: "kindnet", "k8s-app": "kindnet", tier: "node" },
      },
      spec: {
        selector: { matchLabels: { app: "kindnet" } },
        template: {
          metadata: { labels: { app: "kindnet", "k8s-app": "kindnet", tier: "node" } },
          spec: {
            hostNetwork: true,
            serviceAccountName: "kindnet",
            nodeSelector: { "kubernetes.io/os": "linux" },
            tolerations: [{ operator: "Exists" }],
            containers: [
              {
                name: "kindnet-cni",
                image: "docker.io/kindest/kindnetd:v20250512-df8de77b",
                imagePullPolicy: "IfNotPresent",
                resources: { limits: { cpu: "100m", memory: "50Mi" }, requests: { cpu: "100m", memory: "50Mi" } },
              },
            ],
          },
        },
      },
    } as KubeObject,
  ];
}

/** The control-plane static pods, as the kubelet mirrors them into the API. */
export function staticPods(node: NodePlan, nodeUid: string): Mutable<Pod>[] {
  const components: [string, string][] = [
    ["etcd", "registry.k8s.io/etcd:3.6.4-0"],
    ["kube-apiserver", `registry.k8s.io/kube-apiserver:${kubernetesVersion}`],
    ["kube-controller-manager", `registry.k8s.io/kube-controller-manager:${kubernetesVersion}`],
    ["kube-scheduler", `registry.k8s.io/kube-scheduler:${kubernetesVersion}`],
  ];
  return components.map(([component, image]) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `${component}-${node.name}`,
      namespace: "kube-system",
      labels: { component, tier: "control-plane" },
      annotations: { "kubernetes.io/config.source": "file" },
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node.name, uid: nodeUid, controller: true }],
    },
    spec: {
      nodeName: node.name,
      hostNetwork: true,
      priorityClassName: "system-node-critical",
      tolerations: [{ operator: "Exists", effect: "NoExecute" }],
      containers: [{ name: component, image, imagePullPolicy: "IfNotPresent", command: [component] }],
    },
  }));
}
