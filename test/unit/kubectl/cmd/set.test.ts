import { describe, expect, it } from "vitest";
import { clusterWithWeb, deployment, kubectl, mustOk, newCluster, shown } from "./helpers.ts";

type WithContainers = {
  spec?: {
    template?: {
      spec?: { containers?: { name: string; image?: string }[]; initContainers?: { name: string; image?: string }[] };
    };
  };
};

describe("kubectl set image", () => {
  it("updates one named container and prints image updated", async () => {
    const c = clusterWithWeb(1);
    expect(shown(await kubectl(c, "set image deployment/web web=nginx:1.25"))).toBe(
      "deployment.apps/web image updated\n",
    );
    const d = mustOk(c.get("deployments", "web")) as WithContainers;
    expect(d.spec?.template?.spec?.containers?.[0]?.image).toBe("nginx:1.25");
    expect(c.list("replicasets", { namespace: "default" })).toHaveLength(2);
  });

  it("sets every container and init container with *", async () => {
    const c = newCluster();
    c.settle();
    mustOk(c.create(deployment("two", 1, "nginx:1.27", {}, {})));
    const d0 = mustOk(c.get("deployments", "two")) as unknown as WithContainers;
    d0.spec!.template!.spec!.containers!.push({ name: "side", image: "busybox:1.36" });
    d0.spec!.template!.spec!.initContainers = [{ name: "init", image: "busybox:1.36" }];
    mustOk(c.update(d0));
    expect(shown(await kubectl(c, "set image deploy/two *=nginx:1.25"))).toBe("deployment.apps/two image updated\n");
    const d = mustOk(c.get("deployments", "two")) as WithContainers;
    const images = [...d.spec!.template!.spec!.containers!, ...d.spec!.template!.spec!.initContainers!].map(
      (x) => x.image,
    );
    expect(images).toEqual(["nginx:1.25", "nginx:1.25", "nginx:1.25"]);
  });

  it("reports an unknown container after what it updated", async () => {
    const c = clusterWithWeb(1);
    const r = await kubectl(c, "set image deployment/web web=nginx:1.25 nope=x");
    expect(r.chunks.map((x) => [x.stream, x.text])).toEqual([
      ["stdout", "deployment.apps/web image updated\n"],
      ["stderr", 'error: unable to find container named "nope"\n'],
    ]);
    expect(r.exitCode).toBe(1);
  });

  it("prints nothing when the image is already set", async () => {
    const c = clusterWithWeb(1);
    const r = await kubectl(c, "set image deployment/web web=nginx:1.27");
    expect(r).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("changes a pod's container image directly", async () => {
    const c = clusterWithWeb(1);
    const pod = c.list("pods", { namespace: "default" })[0]!;
    expect(shown(await kubectl(c, `set image pod/${pod.metadata.name} web=nginx:1.25`))).toBe(
      `pod/${pod.metadata.name} image updated\n`,
    );
  });

  it("with --dry-run=client changes nothing and says so", async () => {
    const c = clusterWithWeb(1);
    expect(shown(await kubectl(c, "set image deployment/web web=nginx:1.25 --dry-run=client"))).toBe(
      "deployment.apps/web image updated (dry run)\n",
    );
    const d = mustOk(c.get("deployments", "web")) as WithContainers;
    expect(d.spec?.template?.spec?.containers?.[0]?.image).toBe("nginx:1.27");
  });

  it("prints its help on stderr when no subcommand is given", async () => {
    const c = newCluster();
    const r = await kubectl(c, "set");
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("  image            Update the image of a pod template\n");
  });
});
