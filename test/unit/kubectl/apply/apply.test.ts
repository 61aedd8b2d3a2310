/**
 * Client-side `kubectl apply`: the last-applied annotation (k8s.io/kubectl pkg/util/apply.go
 * GetModifiedConfiguration, encoded by unstructured.UnstructuredJSONScheme: json.Encoder, so
 * sorted keys and a trailing newline), the three-way patch (strategicpatch
 * CreateThreeWayMergePatch) and the created / configured / unchanged decision
 * (pkg/cmd/apply/apply.go applyOneObject).
 */
import { describe, expect, it } from "vitest";
import {
  type ApplyPlan,
  type JsonObject,
  LAST_APPLIED_ANNOTATION,
  lastAppliedConfiguration,
  planApply,
  threeWayMergePatch,
} from "../../../../engine/kubectl/apply/index.ts";
import { deploymentConfig, liveService, serviceConfig } from "./fixtures.ts";

function plan(live: JsonObject | undefined, config: JsonObject, kind: string): ApplyPlan {
  const r = planApply(live, config, kind);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const annotationOf = (o: JsonObject) =>
  ((o.metadata as JsonObject).annotations as JsonObject)[LAST_APPLIED_ANNOTATION] as string;

/** Apply `config`, then hand back the object as the store would hold it. */
function created(config: JsonObject, kind: string): JsonObject {
  return plan(undefined, config, kind).object;
}

describe("lastAppliedConfiguration", () => {
  it("writes the configuration as compact sorted JSON with empty annotations, the namespace and a newline", () => {
    const p = plan(undefined, serviceConfig(), "Service");
    expect(p.operation).toBe("created");
    expect(annotationOf(p.object)).toBe(
      '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"labels":{"app":"web","tier":"frontend"},"name":"web","namespace":"default"},"spec":{"ports":[{"name":"http","port":80,"targetPort":8080}],"selector":{"app":"web"}}}\n',
    );
  });

  it("keeps the configuration's own annotations but never a previous last-applied one", () => {
    const config = serviceConfig();
    (config.metadata as JsonObject).annotations = { note: "a<b", [LAST_APPLIED_ANNOTATION]: "old" };
    expect(lastAppliedConfiguration(config)).toBe(
      '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{"note":"a\\u003cb"},"labels":{"app":"web","tier":"frontend"},"name":"web"},"spec":{"ports":[{"name":"http","port":80,"targetPort":8080}],"selector":{"app":"web"}}}\n',
    );
  });

  it("leaves cluster-scoped objects without a namespace", () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
    expect(annotationOf(created(ns, "Namespace"))).toBe(
      '{"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{},"name":"shop"}}\n',
    );
  });

  it("records nulls in the annotation but prunes them from the created object", () => {
    const config = serviceConfig();
    (config.spec as JsonObject).externalName = null;
    const p = plan(undefined, config, "Service");
    expect(annotationOf(p.object)).toContain('"externalName":null');
    expect(Object.hasOwn(p.object.spec as JsonObject, "externalName")).toBe(false);
  });
});

describe("planApply", () => {
  it("reports unchanged when the same manifest is applied again", () => {
    const first = created(serviceConfig(), "Service");
    const live = liveService(serviceConfig(), annotationOf(first));
    const p = plan(live, serviceConfig(), "Service");
    expect(p.operation).toBe("unchanged");
    expect(p.patch).toEqual({});
    expect(p.warnMissingAnnotation).toBe(false);
    expect(p.object).toEqual(live);
  });

  it("changes a port and keeps the fields the server defaulted", () => {
    const live = liveService(serviceConfig(), annotationOf(created(serviceConfig(), "Service")));
    const config = serviceConfig();
    (config.spec as JsonObject).ports = [{ name: "http", port: 80, targetPort: 9090 }];
    const p = plan(live, config, "Service");
    expect(p.operation).toBe("configured");
    expect(p.patch).toEqual({
      metadata: {
        annotations: {
          [LAST_APPLIED_ANNOTATION]: lastAppliedConfiguration({
            ...config,
            metadata: { ...(config.metadata as JsonObject), namespace: "default" },
          }),
        },
      },
      spec: { "$setElementOrder/ports": [{ port: 80 }], ports: [{ port: 80, targetPort: 9090 }] },
    });
    const spec = p.object.spec as JsonObject;
    expect(spec.ports).toEqual([{ protocol: "TCP", name: "http", port: 80, targetPort: 9090 }]);
    expect(spec.clusterIP).toBe("10.96.12.34");
  });

  it("removes a label the manifest no longer sets, but not one only the live object has", () => {
    const live = liveService(serviceConfig(), annotationOf(created(serviceConfig(), "Service")));
    ((live.metadata as JsonObject).labels as JsonObject).owner = "ops";
    const config = serviceConfig();
    (config.metadata as JsonObject).labels = { app: "web" };
    const p = plan(live, config, "Service");
    expect(p.operation).toBe("configured");
    expect((p.patch!.metadata as JsonObject).labels as JsonObject).toEqual({ tier: null });
    expect((p.object.metadata as JsonObject).labels).toEqual({ app: "web", owner: "ops" });
  });

  it("warns when the live object was not created by apply, and adds the annotation", () => {
    const live = liveService(serviceConfig());
    const p = plan(live, serviceConfig(), "Service");
    expect(p.warnMissingAnnotation).toBe(true);
    expect(p.operation).toBe("configured");
    expect(annotationOf(p.object)).toBe(annotationOf(created(serviceConfig(), "Service")));
  });

  it("sends a container deletion as $patch: delete and the new order as $setElementOrder", () => {
    const first = created(deploymentConfig(), "Deployment");
    const config = deploymentConfig();
    const podSpec = ((config.spec as JsonObject).template as JsonObject).spec as JsonObject;
    podSpec.containers = [(podSpec.containers as JsonObject[])[0]!];
    const p = plan(first, config, "Deployment");
    const patchPodSpec = ((p.patch!.spec as JsonObject).template as JsonObject).spec as JsonObject;
    expect(patchPodSpec).toEqual({
      "$setElementOrder/containers": [{ name: "nginx" }],
      containers: [{ name: "sidecar", $patch: "delete" }],
    });
    const out = ((p.object.spec as JsonObject).template as JsonObject).spec as JsonObject;
    expect((out.containers as JsonObject[]).map((c) => c.name)).toEqual(["nginx"]);
  });

  it("reorders containers with $setElementOrder alone", () => {
    const first = created(deploymentConfig(), "Deployment");
    const config = deploymentConfig();
    const podSpec = ((config.spec as JsonObject).template as JsonObject).spec as JsonObject;
    podSpec.containers = [...(podSpec.containers as JsonObject[])].reverse();
    const p = plan(first, config, "Deployment");
    const patchPodSpec = ((p.patch!.spec as JsonObject).template as JsonObject).spec as JsonObject;
    expect(patchPodSpec).toEqual({ "$setElementOrder/containers": [{ name: "sidecar" }, { name: "nginx" }] });
    const out = ((p.object.spec as JsonObject).template as JsonObject).spec as JsonObject;
    expect((out.containers as JsonObject[]).map((c) => c.name)).toEqual(["sidecar", "nginx"]);
  });

  it("adds an env var after the existing ones, following the manifest's order", () => {
    const first = created(deploymentConfig(), "Deployment");
    const config = deploymentConfig();
    const nginx = (((config.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[];
    nginx[0]!.env = [
      { name: "MODE", value: "prod" },
      { name: "LOG", value: "debug" },
    ];
    const p = plan(first, config, "Deployment");
    const patchNginx = (((p.patch!.spec as JsonObject).template as JsonObject).spec as JsonObject)
      .containers as JsonObject[];
    expect(patchNginx).toEqual([
      {
        name: "nginx",
        "$setElementOrder/env": [{ name: "MODE" }, { name: "LOG" }],
        env: [{ name: "LOG", value: "debug" }],
      },
    ]);
    const out = (((p.object.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[];
    expect(out[0]!.env).toEqual([
      { name: "MODE", value: "prod" },
      { name: "LOG", value: "debug" },
    ]);
  });

  it("fails with the patcher's text when the live annotation is not JSON", () => {
    const live = liveService(serviceConfig(), "{not json");
    const r = planApply(live, serviceConfig(), "Service");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/for: invalid JSON document$/);
  });
});

describe("threeWayMergePatch", () => {
  it("is empty when configuration, annotation and live object agree", () => {
    const cfg = serviceConfig();
    expect(threeWayMergePatch({ lastApplied: cfg, modified: cfg, live: liveService(cfg), kind: "Service" })).toEqual({
      ok: true,
      value: {},
    });
  });

  it("deletes a field the configuration dropped, with null", () => {
    const cfg = serviceConfig();
    const modified = { ...cfg, spec: { ports: (cfg.spec as JsonObject).ports! } };
    const r = threeWayMergePatch({ lastApplied: cfg, modified, live: liveService(cfg), kind: "Service" });
    expect(r).toEqual({ ok: true, value: { spec: { selector: null } } });
  });
});
