import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { tablePrinters } from "../../../../engine/kubectl/printers/index.ts";
import { ago, nowMs, stored } from "./helpers.ts";

const ctx = { nowMs, wide: false };
const podCells = (pod: Pod, metadata = {}) =>
  tablePrinters.pods!.cells(stored("v1", "Pod", "p", 60, pod, metadata), ctx).slice(1, 4);

const running = { running: { startedAt: ago(50) } };

describe("the Pod READY, STATUS and RESTARTS cells", () => {
  const cases: [string, Pod, string[], object?][] = [
    [
      "a running ready container",
      {
        status: {
          phase: "Running",
          containerStatuses: [{ name: "c", image: "i", imageID: "", ready: true, restartCount: 0, state: running }],
        },
        spec: { containers: [{ name: "c" }] },
      },
      ["1/1", "Running", "0"],
    ],
    [
      "a container still being created",
      {
        status: {
          phase: "Pending",
          containerStatuses: [
            {
              name: "c",
              image: "i",
              imageID: "",
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: "ContainerCreating" } },
            },
          ],
        },
        spec: { containers: [{ name: "c" }] },
      },
      ["0/1", "ContainerCreating", "0"],
    ],
    [
      "a crash-looping container with the age of its last restart",
      {
        status: {
          phase: "Running",
          containerStatuses: [
            {
              name: "c",
              image: "i",
              imageID: "",
              ready: false,
              restartCount: 4,
              state: { waiting: { reason: "CrashLoopBackOff" } },
              lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: ago(125) } },
            },
          ],
        },
        spec: { containers: [{ name: "c" }] },
      },
      ["0/1", "CrashLoopBackOff", "4 (2m5s ago)"],
    ],
    [
      "a finished pod",
      {
        status: {
          phase: "Succeeded",
          containerStatuses: [
            {
              name: "c",
              image: "i",
              imageID: "",
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: "Completed" } },
            },
          ],
        },
        spec: { containers: [{ name: "c" }] },
      },
      ["0/1", "Completed", "0"],
    ],
    [
      "a container that exited without a reason",
      {
        status: {
          phase: "Failed",
          containerStatuses: [
            {
              name: "c",
              image: "i",
              imageID: "",
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 137 } },
            },
          ],
        },
        spec: { containers: [{ name: "c" }] },
      },
      ["0/1", "ExitCode:137", "0"],
    ],
    [
      "the second of two init containers running",
      {
        status: {
          phase: "Pending",
          initContainerStatuses: [
            {
              name: "a",
              image: "i",
              imageID: "",
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: "Completed" } },
            },
            { name: "b", image: "i", imageID: "", ready: false, restartCount: 0, state: running },
          ],
          containerStatuses: [
            {
              name: "c",
              image: "i",
              imageID: "",
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: "PodInitializing" } },
            },
          ],
        },
        spec: { initContainers: [{ name: "a" }, { name: "b" }], containers: [{ name: "c" }] },
      },
      ["0/1", "Init:1/2", "0"],
    ],
    [
      "a failing init container",
      {
        status: {
          phase: "Pending",
          initContainerStatuses: [
            {
              name: "a",
              image: "i",
              imageID: "",
              ready: false,
              restartCount: 2,
              state: { waiting: { reason: "CrashLoopBackOff" } },
            },
          ],
        },
        spec: { initContainers: [{ name: "a" }], containers: [{ name: "c" }] },
      },
      ["0/1", "Init:CrashLoopBackOff", "2"],
    ],
    [
      "a started sidecar, which counts in READY",
      {
        status: {
          phase: "Running",
          conditions: [{ type: "Initialized", status: "True" }],
          initContainerStatuses: [
            { name: "s", image: "i", imageID: "", ready: true, started: true, restartCount: 1, state: running },
          ],
          containerStatuses: [{ name: "c", image: "i", imageID: "", ready: true, restartCount: 0, state: running }],
        },
        spec: { initContainers: [{ name: "s", restartPolicy: "Always" }], containers: [{ name: "c" }] },
      },
      ["2/2", "Running", "1"],
    ],
    [
      "a pod being deleted",
      {
        status: {
          phase: "Running",
          containerStatuses: [{ name: "c", image: "i", imageID: "", ready: true, restartCount: 0, state: running }],
        },
        spec: { containers: [{ name: "c" }] },
      },
      ["1/1", "Terminating", "0"],
      { deletionTimestamp: ago(1) },
    ],
    [
      "a pod held by a scheduling gate",
      {
        status: {
          phase: "Pending",
          conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }],
        },
        spec: { containers: [{ name: "c" }] },
      },
      ["0/1", "SchedulingGated", "0"],
    ],
  ];
  for (const [what, pod, expected, metadata] of cases) {
    it(`should print ${expected.join(" | ")} for ${what}`, () => {
      expect(podCells(pod, metadata)).toEqual(expected);
    });
  }
});

describe("the Service cells", () => {
  const svc = (spec: object, status: object = {}) =>
    tablePrinters.services!.cells(stored("v1", "Service", "s", 5, { spec, status }), ctx).slice(1, 5);

  it("should print <pending> for a load balancer without ingress", () => {
    expect(
      svc({
        type: "LoadBalancer",
        clusterIPs: ["10.96.8.17"],
        ports: [{ port: 80, nodePort: 31847, protocol: "TCP" }],
      }),
    ).toEqual(["LoadBalancer", "10.96.8.17", "<pending>", "80:31847/TCP"]);
  });

  it("should clip a long load balancer address to 16 characters unless wide", () => {
    const status = { loadBalancer: { ingress: [{ hostname: "a1b2c3.elb.example.com" }] } };
    expect(svc({ type: "LoadBalancer", clusterIPs: ["10.96.8.17"] }, status)[2]).toBe("a1b2c3.elb.ex...");
  });

  it("should print the external name and <none> for an ExternalName service", () => {
    expect(svc({ type: "ExternalName", externalName: "example.com" })).toEqual([
      "ExternalName",
      "<none>",
      "example.com",
      "<none>",
    ]);
  });
});

describe("the Endpoints, EndpointSlice and Node cells", () => {
  it("should list the first three ready addresses and count the rest", () => {
    const ep = stored("v1", "Endpoints", "web", 5, {
      subsets: [
        {
          addresses: ["10.244.1.3", "10.244.2.2", "10.244.2.3", "10.244.1.9"].map((ip) => ({ ip })),
          notReadyAddresses: [{ ip: "10.244.3.3" }],
          ports: [{ port: 80, protocol: "TCP" }],
        },
      ],
    });
    expect(tablePrinters.endpoints!.cells(ep, ctx)[1]).toBe("10.244.1.3:80,10.244.2.2:80,10.244.2.3:80 + 1 more...");
  });

  it("should print an empty cell when every address is not ready", () => {
    const ep = stored("v1", "Endpoints", "web", 5, {
      subsets: [{ notReadyAddresses: [{ ip: "10.244.3.3" }], ports: [{ port: 80 }] }],
    });
    expect(tablePrinters.endpoints!.cells(ep, ctx)[1]).toBe("");
  });

  it("should print <unset> for a slice without ports or endpoints", () => {
    const slice = stored("discovery.k8s.io/v1", "EndpointSlice", "web-abcde", 5, {
      addressType: "IPv4",
      endpoints: [],
      ports: [],
    });
    expect(tablePrinters.endpointslices!.cells(slice, ctx)).toEqual(["web-abcde", "IPv4", "<unset>", "<unset>", "5s"]);
  });

  it("should read node roles from node-role labels and print <none> without them", () => {
    const node = (labels: Record<string, string>) =>
      tablePrinters
        .nodes!.cells(
          stored(
            "v1",
            "Node",
            "n",
            600,
            { status: { conditions: [{ type: "Ready", status: "True" }], nodeInfo: { kubeletVersion: "v1.34.0" } } },
            { labels, namespace: undefined },
          ),
          ctx,
        )
        .slice(0, 5);
    expect(node({ "node-role.kubernetes.io/control-plane": "" })).toEqual([
      "n",
      "Ready",
      "control-plane",
      "10m",
      "v1.34.0",
    ]);
    expect(node({})).toEqual(["n", "Ready", "<none>", "10m", "v1.34.0"]);
  });
});

describe("the Event cells", () => {
  it("should print LAST SEEN, TYPE, REASON, OBJECT and MESSAGE, with the wide columns after", () => {
    const ev = stored("v1", "Event", "web.17a", 30, {
      involvedObject: { kind: "Pod", name: "web", fieldPath: "spec.containers{web}" },
      reason: "Pulled",
      message: 'Container image "nginx:1.27" already present on machine\n',
      type: "Normal",
      source: { component: "kubelet", host: "kind-worker" },
      firstTimestamp: ago(30),
      lastTimestamp: ago(12),
      count: 2,
    });
    expect(tablePrinters.events!.cells(ev, ctx)).toEqual([
      "12s",
      "Normal",
      "Pulled",
      "pod/web",
      "spec.containers{web}",
      "kubelet, kind-worker",
      'Container image "nginx:1.27" already present on machine',
      "30s",
      "2",
      "web.17a",
    ]);
  });
});
