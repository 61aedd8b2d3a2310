/**
 * `kubectl create deployment`, compared whole with what `--dry-run=client -o yaml` prints in
 * v1.34 (k8s.io/kubectl pkg/cmd/create/create_deployment.go): `strategy: {}`,
 * `resources: {}` and `status: {}` are printed, `creationTimestamp: null` no longer is.
 */
import { describe, expect, it } from "vitest";
import { containerNameFromImage, generateDeployment } from "../../../../engine/kubectl/generate/index.ts";

describe("the deployment kubectl create deployment builds", () => {
  it("labels and selects app=NAME, with one replica and the container named after the image", () => {
    expect(generateDeployment({ name: "web", images: ["nginx:1.27"] })).toEqual({
      ok: true,
      object: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", labels: { app: "web" } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "web" } },
          strategy: {},
          template: {
            metadata: { labels: { app: "web" } },
            spec: { containers: [{ name: "nginx", image: "nginx:1.27", resources: {} }] },
          },
        },
        status: {},
      },
    });
  });

  it("makes a container per --image, puts --port on the first only, and honours --replicas", () => {
    const d = generateDeployment({
      name: "app",
      images: ["registry.k8s.io/e2e-test-images/agnhost:2.53", "busybox"],
      replicas: 3,
      port: 8080,
      namespace: "lab",
    });
    expect(d.ok && d.object.metadata).toEqual({ name: "app", namespace: "lab", labels: { app: "app" } });
    expect(d.ok && d.object.spec?.replicas).toBe(3);
    expect(d.ok && d.object.spec?.template.spec?.containers).toEqual([
      {
        name: "agnhost",
        image: "registry.k8s.io/e2e-test-images/agnhost:2.53",
        ports: [{ containerPort: 8080 }],
        resources: {},
      },
      { name: "busybox", image: "busybox", resources: {} },
    ]);
  });

  it("keeps --port=0 and --replicas=0, which kubectl prints", () => {
    const d = generateDeployment({ name: "z", images: ["nginx"], replicas: 0, port: 0 });
    expect(d.ok && d.object.spec?.replicas).toBe(0);
    expect(d.ok && d.object.spec?.template.spec?.containers[0]?.ports).toEqual([{ containerPort: 0 }]);
  });

  it("gives every container the arguments after -- as its command", () => {
    const d = generateDeployment({ name: "bb", images: ["busybox"], command: ["sleep", "infinity"] });
    expect(d.ok && d.object.spec?.template.spec?.containers).toEqual([
      { name: "busybox", image: "busybox", command: ["sleep", "infinity"], resources: {} },
    ]);
  });

  it("refuses several images with a command", () => {
    expect(generateDeployment({ name: "x", images: ["a", "b"], command: ["sh"] })).toEqual({
      ok: false,
      message: "cannot specify multiple --image options and command",
    });
  });
});

describe("the container name kubectl derives from an image", () => {
  it("drops the registry and path, the tag and the digest", () => {
    expect(containerNameFromImage("nginx")).toBe("nginx");
    expect(containerNameFromImage("docker.io/library/nginx:1.27")).toBe("nginx");
    expect(containerNameFromImage("localhost:5000/team/app:v1")).toBe("app");
    expect(containerNameFromImage(`busybox@sha256:${"0".repeat(64)}`)).toBe("busybox");
  });

  it("turns _ and . into - and adds a random suffix from the caller's stream", () => {
    expect(containerNameFromImage("quay.io/my_app.v2:1.0", () => "x7k2p")).toBe("my-app-v2-x7k2p");
    const d = generateDeployment({
      name: "x",
      images: ["my_app"],
      randomSuffix: (n) => (n === "my-app" ? "bcdfg" : "?"),
    });
    expect(d.ok && d.object.spec?.template.spec?.containers[0]?.name).toBe("my-app-bcdfg");
  });

  it("without a stream uses a suffix derived from the name: five letters of rand's alphabet, the same every time", () => {
    const a = containerNameFromImage("my_app");
    expect(a).toMatch(/^my-app-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(containerNameFromImage("my_app")).toBe(a);
  });
});
