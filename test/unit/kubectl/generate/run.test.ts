/**
 * `kubectl run`: the Pod and the `--expose` Service, each compared whole with what
 * `kubectl run … --dry-run=client -o yaml` prints in v1.34 (k8s.io/kubectl
 * pkg/generate/versioned/run.go, pkg/cmd/run/run.go). Since v1.34 no
 * `creationTimestamp: null` is printed (apimachinery omitzero).
 */
import { describe, expect, it } from "vitest";
import {
  generateRunPod,
  generateRunService,
  isValidImageReference,
} from "../../../../engine/kubectl/generate/index.ts";

describe("the pod kubectl run builds", () => {
  it("labels it run=NAME, names the container NAME, and prints empty resources and status", () => {
    expect(generateRunPod({ name: "web", image: "nginx" })).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "web", labels: { run: "web" } },
        spec: {
          containers: [{ name: "web", image: "nginx", resources: {} }],
          dnsPolicy: "ClusterFirst",
          restartPolicy: "Always",
        },
        status: {},
      },
    });
  });

  it("puts --port, --env, --labels, --annotations, --image-pull-policy and --restart where kubectl does", () => {
    expect(
      generateRunPod({
        name: "web",
        image: "registry.k8s.io/e2e-test-images/agnhost:2.53",
        port: "8080",
        env: ["MODE=prod", "EMPTY=", "URL=http://x/?a=b"],
        labels: "app=web,tier=front",
        annotations: ["note=hello=world"],
        imagePullPolicy: "IfNotPresent",
        restart: "Never",
        namespace: "lab",
      }),
    ).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: "web",
          namespace: "lab",
          labels: { app: "web", tier: "front" },
          annotations: { note: "hello=world" },
        },
        spec: {
          containers: [
            {
              name: "web",
              image: "registry.k8s.io/e2e-test-images/agnhost:2.53",
              env: [{ name: "MODE", value: "prod" }, { name: "EMPTY" }, { name: "URL", value: "http://x/?a=b" }],
              imagePullPolicy: "IfNotPresent",
              ports: [{ containerPort: 8080 }],
              resources: {},
            },
          ],
          dnsPolicy: "ClusterFirst",
          restartPolicy: "Never",
        },
        status: {},
      },
    });
  });

  it("makes the trailing arguments args, or command with --command", () => {
    const asArgs = generateRunPod({ name: "bb", image: "busybox", args: ["sleep", "3600"] });
    const asCommand = generateRunPod({ name: "bb", image: "busybox", args: ["sleep", "3600"], command: true });
    expect(asArgs.ok && asArgs.object.spec?.containers[0]).toEqual({
      name: "bb",
      image: "busybox",
      args: ["sleep", "3600"],
      resources: {},
    });
    expect(asCommand.ok && asCommand.object.spec?.containers[0]).toEqual({
      name: "bb",
      image: "busybox",
      command: ["sleep", "3600"],
      resources: {},
    });
  });

  it("sets stdin, stdinOnce and tty for -it, keeps stdin open with --leave-stdin-open, and marks --privileged", () => {
    const it1 = generateRunPod({
      name: "t",
      image: "busybox",
      stdin: true,
      tty: true,
      restart: "Never",
      privileged: true,
    });
    expect(it1.ok && it1.object.spec?.containers[0]).toEqual({
      name: "t",
      image: "busybox",
      resources: {},
      stdin: true,
      stdinOnce: true,
      tty: true,
      securityContext: { privileged: true },
    });
    const open = generateRunPod({ name: "t", image: "busybox", stdin: true, leaveStdinOpen: true });
    expect(open.ok && open.object.spec?.containers[0]).toEqual({
      name: "t",
      image: "busybox",
      resources: {},
      stdin: true,
    });
  });

  it("treats an empty --restart as Always", () => {
    const pod = generateRunPod({ name: "web", image: "nginx", restart: "" });
    expect(pod.ok && pod.object.spec?.restartPolicy).toBe("Always");
  });
});

describe("the errors kubectl run reports before creating anything", () => {
  const cases: [string, Parameters<typeof generateRunPod>[0], { message: string; usage?: true }][] = [
    ["no NAME", { name: undefined, image: "nginx" }, { message: "NAME is required for run", usage: true }],
    ["an empty --image", { name: "web", image: "" }, { message: "--image is required" }],
    ["an empty NAME", { name: "", image: "nginx" }, { message: "Parameter: name is required" }],
    [
      "an image with capitals",
      { name: "web", image: "Nginx" },
      { message: 'Invalid image name "Nginx": invalid reference format' },
    ],
    [
      "-t without -i",
      { name: "web", image: "nginx", tty: true },
      { message: "-i/--stdin is required for containers with -t/--tty=true", usage: true },
    ],
    [
      "--expose without --port",
      { name: "web", image: "nginx", expose: true },
      { message: "--port must be set when exposing a service", usage: true },
    ],
    [
      "a bad --restart",
      { name: "web", image: "nginx", restart: "always" },
      { message: "invalid restart policy: always", usage: true },
    ],
    [
      "--rm without attaching",
      { name: "web", image: "nginx", rm: true },
      { message: "--rm should only be used for attached containers", usage: true },
    ],
    [
      "--dry-run with -i",
      { name: "web", image: "nginx", stdin: true, dryRun: "client" },
      {
        message:
          "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
        usage: true,
      },
    ],
    [
      "a bad --image-pull-policy",
      { name: "web", image: "nginx", imagePullPolicy: "Sometimes" },
      { message: "invalid image pull policy: Sometimes", usage: true },
    ],
    ["an --env without =", { name: "web", image: "nginx", env: ["MODE"] }, { message: "invalid env: MODE" }],
    ["an --env with an empty name", { name: "web", image: "nginx", env: ["=x"] }, { message: "invalid env: =x" }],
    [
      "an --env name starting with a digit",
      { name: "web", image: "nginx", env: ["1A=x"] },
      { message: "invalid env: 1A=x" },
    ],
    [
      "bad --annotations",
      { name: "web", image: "nginx", annotations: ["a", "=b", "c=d"] },
      { message: "invalid annotations format: a, =b" },
    ],
    [
      "a --labels item without =",
      { name: "web", image: "nginx", labels: "app" },
      { message: "unexpected label spec: app" },
    ],
    [
      "a --labels item with an empty key",
      { name: "web", image: "nginx", labels: "=web" },
      { message: "unexpected empty label key" },
    ],
    [
      "a --port that is not a number",
      { name: "web", image: "nginx", port: "http" },
      { message: 'strconv.Atoi: parsing "http": invalid syntax' },
    ],
  ];
  for (const [what, options, failure] of cases) {
    it(`rejects ${what}`, () => {
      expect(generateRunPod(options)).toEqual({ ok: false, ...failure });
    });
  }

  it("checks in kubectl's order: the image before the port, the restart policy before --rm", () => {
    expect(generateRunPod({ name: "web", image: "", expose: true })).toEqual({
      ok: false,
      message: "--image is required",
    });
    expect(generateRunPod({ name: "web", image: "nginx", restart: "x", rm: true })).toEqual({
      ok: false,
      message: "invalid restart policy: x",
      usage: true,
    });
  });
});

describe("image references kubectl run accepts", () => {
  it("follows distribution/reference: lowercase paths, registry hosts with ports, tags and digests", () => {
    const good = [
      "nginx",
      "nginx:1.27",
      "library/nginx:latest",
      "registry.k8s.io/e2e-test-images/agnhost:2.53",
      "localhost:5000/app",
      "Docker.IO/library/busybox",
      `busybox@sha256:${"a".repeat(64)}`,
      "[::1]:5000/app:v1",
      // The first segment reads as a registry host, which may have capitals.
      "UPPER/case",
    ];
    const bad = ["Nginx", "nginx:", ":tag", "nginx::1", "a//b", "-nginx", "nginx@sha256:abc", "library/Nginx"];
    expect(good.filter((i) => !isValidImageReference(i))).toEqual([]);
    expect(bad.filter((i) => isValidImageReference(i))).toEqual([]);
  });
});

describe("the service kubectl run --expose builds", () => {
  it("selects run=NAME with one unnamed TCP port and no labels", () => {
    expect(generateRunService({ name: "web", image: "nginx", port: "80", expose: true })).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web" },
        spec: { ports: [{ port: 80, protocol: "TCP", targetPort: 80 }], selector: { run: "web" } },
        status: { loadBalancer: {} },
      },
    });
  });

  it("selects and labels with --labels when given", () => {
    expect(
      generateRunService({ name: "web", image: "nginx", port: "8080", labels: "app=web", namespace: "lab" }),
    ).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "web", namespace: "lab", labels: { app: "web" } },
        spec: { ports: [{ port: 8080, protocol: "TCP", targetPort: 8080 }], selector: { app: "web" } },
        status: { loadBalancer: {} },
      },
    });
  });

  it("needs --port", () => {
    expect(generateRunService({ name: "web", image: "nginx" })).toEqual({
      ok: false,
      message: "--port must be set when exposing a service",
      usage: true,
    });
  });
});
