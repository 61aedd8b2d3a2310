/**
 * Strategic merge patch as the API server applies it (k8s.io/apimachinery
 * pkg/util/strategicpatch/patch.go StrategicMergeMapPatch), with the merge keys of k8s.io/api's
 * struct tags. Error texts: pkg/util/mergepatch/errors.go.
 */
import { describe, expect, it } from "vitest";
import { type JsonObject, strategicMergePatch } from "../../../../engine/kubectl/apply/index.ts";
import { liveService, pod, serviceConfig } from "./fixtures.ts";

function apply(original: JsonObject, patch: JsonObject, kind: string): JsonObject {
  const r = strategicMergePatch(original, patch, kind);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const containers = (o: JsonObject) => (o.spec as JsonObject).containers as JsonObject[];

describe("strategicMergePatch", () => {
  it("merges a container by name and keeps the containers the patch does not mention", () => {
    const out = apply(pod(), { spec: { containers: [{ name: "log", image: "busybox:1.37" }] } }, "Pod");
    expect(containers(out).map((c) => [c.name, c.image])).toEqual([
      ["app", "nginx:1.27"],
      ["log", "busybox:1.37"],
    ]);
    expect(containers(out)[0]!.ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
  });

  it("puts a container whose name is new in front, as mergeSortedSlice does without $setElementOrder", () => {
    const out = apply(pod(), { spec: { containers: [{ name: "proxy", image: "envoy:1.30" }] } }, "Pod");
    expect(containers(out).map((c) => c.name)).toEqual(["proxy", "app", "log"]);
  });

  it("puts a new container where $setElementOrder says", () => {
    const out = apply(
      pod(),
      {
        spec: {
          "$setElementOrder/containers": [{ name: "app" }, { name: "log" }, { name: "proxy" }],
          containers: [{ name: "proxy", image: "envoy:1.30" }],
        },
      },
      "Pod",
    );
    expect(containers(out).map((c) => c.name)).toEqual(["app", "log", "proxy"]);
  });

  it("deletes a container marked $patch: delete", () => {
    const out = apply(pod(), { spec: { containers: [{ name: "log", $patch: "delete" }] } }, "Pod");
    expect(containers(out).map((c) => c.name)).toEqual(["app"]);
  });

  it("replaces a whole list marked with a $patch: replace element", () => {
    const out = apply(
      pod(),
      { spec: { containers: [{ name: "only", image: "nginx:1.27" }, { $patch: "replace" }] } },
      "Pod",
    );
    expect(containers(out)).toEqual([{ name: "only", image: "nginx:1.27" }]);
  });

  it("replaces a map marked $patch: replace and empties one marked $patch: delete", () => {
    const replaced = apply(pod(), { metadata: { labels: { app: "x", $patch: "replace" } } }, "Pod");
    expect((replaced.metadata as JsonObject).labels).toEqual({ app: "x" });
    const deleted = apply(pod(), { metadata: { labels: { $patch: "delete" } } }, "Pod");
    expect((deleted.metadata as JsonObject).labels).toEqual({});
  });

  it("removes a label set to null", () => {
    const out = apply(pod(), { metadata: { labels: { run: null, team: "net" } } }, "Pod");
    expect((out.metadata as JsonObject).labels).toEqual({ team: "net" });
  });

  it("merges container ports by containerPort and env by name", () => {
    const out = apply(
      pod(),
      {
        spec: {
          containers: [
            {
              name: "app",
              ports: [{ containerPort: 443 }],
              env: [{ name: "MODE", value: "dev" }],
            },
          ],
        },
      },
      "Pod",
    );
    // Items the live list does not have go first (mergeSortedSlice).
    expect(containers(out)[0]!.ports).toEqual([{ containerPort: 443 }, { containerPort: 80, protocol: "TCP" }]);
    expect(containers(out)[0]!.env).toEqual([{ name: "MODE", value: "dev" }]);
  });

  it("replaces tolerations whole, because the field has no patch strategy", () => {
    const out = apply(pod(), { spec: { tolerations: [{ key: "dedicated", operator: "Exists" }] } }, "Pod");
    expect((out.spec as JsonObject).tolerations).toEqual([{ key: "dedicated", operator: "Exists" }]);
  });

  it("merges Service ports by port number", () => {
    const live = liveService(serviceConfig());
    const out = apply(
      live,
      {
        spec: {
          ports: [
            { port: 80, targetPort: 9090 },
            { port: 443, name: "https" },
          ],
        },
      },
      "Service",
    );
    expect((out.spec as JsonObject).ports).toEqual([
      { protocol: "TCP", name: "http", port: 80, targetPort: 9090 },
      { port: 443, name: "https" },
    ]);
  });

  it("removes scalars listed in $deleteFromPrimitiveList and merges the rest", () => {
    const out = apply(pod(), { metadata: { finalizers: ["c"], "$deleteFromPrimitiveList/finalizers": ["a"] } }, "Pod");
    expect((out.metadata as JsonObject).finalizers).toEqual(["c", "b"]);
  });

  it("orders a merging list by $setElementOrder", () => {
    const out = apply(pod(), { spec: { "$setElementOrder/containers": [{ name: "log" }, { name: "app" }] } }, "Pod");
    expect(containers(out).map((c) => c.name)).toEqual(["log", "app"]);
  });

  it("clears the fields $retainKeys does not list, for Deployment's strategy", () => {
    const live: JsonObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } } },
    };
    const out = apply(live, { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } }, "Deployment");
    expect((out.spec as JsonObject).strategy).toEqual({ type: "Recreate" });
  });

  it("leaves its inputs untouched", () => {
    const original = pod();
    const patch: JsonObject = { spec: { containers: [{ name: "log", $patch: "delete" }] } };
    apply(original, patch, "Pod");
    expect(original).toEqual(pod());
    expect(patch).toEqual({ spec: { containers: [{ name: "log", $patch: "delete" }] } });
  });

  it("reports a list element without its merge key as upstream does", () => {
    const r = strategicMergePatch(pod(), { spec: { containers: [{ image: "nginx:1.28" }] } }, "Pod");
    expect(r).toEqual({ ok: false, message: "map: map[image:nginx:1.28] does not contain declared merge key: name" });
  });

  it("reports an unknown $patch directive with the map it found it in", () => {
    const r = strategicMergePatch(pod(), { metadata: { labels: { $patch: "keep" } } }, "Pod");
    expect(r).toEqual({ ok: false, message: "unknown patch type: keep in map: map[$patch:keep]" });
  });

  it("reports a malformed $setElementOrder key", () => {
    const r = strategicMergePatch(pod(), { spec: { $setElementOrder: [] } }, "Pod");
    expect(r).toEqual({ ok: false, message: "invalid patch format of setElementOrder list" });
  });

  it("refuses kinds it has no schema for", () => {
    const r = strategicMergePatch({ kind: "Widget" }, {}, "Widget");
    expect(r).toEqual({ ok: false, message: "strategic merge patch format is not supported" });
  });
});
