/**
 * `kubectl patch` and the two JSON patch formats. Texts: k8s.io/kubectl pkg/cmd/patch/patch.go
 * (`unable to parse %q`, `patched` / `patched (no change)`), k8s.io/apiserver
 * pkg/endpoints/handlers/patch.go (`invalid JSON patch`, the 422 for a failing JSON patch op),
 * kubectl pkg/cmd/util/helpers.go checkErr (`The request is invalid: …`),
 * gopkg.in/evanphx/json-patch.v4 patch.go and merge.go.
 */
import { describe, expect, it } from "vitest";
import { jsonMergePatch, jsonPatch, planPatch } from "../../../../engine/kubectl/apply/index.ts";
import { liveService, pod, serviceConfig } from "./fixtures.ts";

describe("jsonMergePatch", () => {
  it("follows the examples of RFC 7386 appendix A", () => {
    expect(jsonMergePatch({ a: "b" }, { a: "c" })).toEqual({ ok: true, value: { a: "c" } });
    expect(jsonMergePatch({ a: "b" }, { b: "c" })).toEqual({ ok: true, value: { a: "b", b: "c" } });
    expect(jsonMergePatch({ a: "b" }, { a: null })).toEqual({ ok: true, value: {} });
    expect(jsonMergePatch({ a: [{ b: "c" }] }, { a: [1] })).toEqual({ ok: true, value: { a: [1] } });
    expect(jsonMergePatch({ e: null }, { a: 1 })).toEqual({ ok: true, value: { e: null, a: 1 } });
    expect(jsonMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ ok: true, value: { a: { bb: {} } } });
  });

  it("rejects a null or scalar patch as evanphx does", () => {
    expect(jsonMergePatch({}, null)).toEqual({ ok: false, message: "Invalid JSON Patch" });
    expect(jsonMergePatch({}, 3)).toEqual({ ok: false, message: "Invalid JSON Patch" });
  });
});

describe("jsonPatch", () => {
  const doc = () => ({
    spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
    metadata: { labels: { a: "1" } },
  });

  it("applies add, replace, remove, move, copy and test in order", () => {
    const r = jsonPatch(doc(), [
      { op: "test", path: "/metadata/labels/a", value: "1" },
      { op: "replace", path: "/spec/containers/0/image", value: "nginx:1.28" },
      { op: "add", path: "/spec/containers/-", value: { name: "log", image: "busybox" } },
      { op: "copy", from: "/metadata/labels/a", path: "/metadata/labels/b" },
      { op: "move", from: "/metadata/labels/a", path: "/metadata/labels/c" },
      { op: "remove", path: "/spec/containers/-2" },
    ]);
    expect(r).toEqual({
      ok: true,
      value: { spec: { containers: [{ name: "log", image: "busybox" }] }, metadata: { labels: { b: "1", c: "1" } } },
    });
  });

  it("adds a member when replace names one that does not exist, as json-patch v4 does", () => {
    expect(jsonPatch(doc(), [{ op: "replace", path: "/metadata/name", value: "x" }])).toMatchObject({
      ok: true,
      value: { metadata: { name: "x" } },
    });
  });

  it("reports each failure with json-patch's text", () => {
    const cases: [unknown, string][] = [
      [
        { op: "remove", path: "/metadata/labels/zzz" },
        "error in remove for path: '/metadata/labels/zzz': Unable to remove nonexistent key: zzz: missing value",
      ],
      [
        { op: "add", path: "/status/phase", value: "x" },
        'add operation does not apply: doc is missing path: "/status/phase": missing value',
      ],
      [
        { op: "replace", path: "/spec/containers/3", value: {} },
        "replace operation does not apply: doc is missing key: /spec/containers/3: missing value",
      ],
      [{ op: "test", path: "/metadata/labels/a", value: "2" }, "testing value /metadata/labels/a failed: test failed"],
      [
        { op: "add", path: "/spec/containers/9", value: {} },
        "error in add for path: '/spec/containers/9': Unable to access invalid index: 9: invalid index referenced",
      ],
      [
        { op: "add", path: "/spec/containers/x", value: {} },
        `error in add for path: '/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
      ],
      [{ op: "frobnicate", path: "/a" }, "Unexpected kind: frobnicate"],
      [{ op: "add" }, "add operation failed to decode path: missing value"],
    ];
    for (const [op, message] of cases) expect(jsonPatch(doc(), [op as never])).toEqual({ ok: false, message });
  });

  it("rejects a patch that is not a list", () => {
    expect(jsonPatch(doc(), { op: "add" })).toEqual({
      ok: false,
      message: "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
    });
  });
});

describe("planPatch", () => {
  const live = () => liveService(serviceConfig());

  it("patches a Service's selector with a strategic patch given as JSON", () => {
    const r = planPatch(live(), '{"spec":{"selector":{"app":"api"}}}', "strategic");
    expect(r.ok && r.value.changed).toBe(true);
    if (r.ok) expect((r.value.object.spec as { selector: unknown }).selector).toEqual({ app: "api" });
  });

  it("accepts the patch as YAML", () => {
    const r = planPatch(live(), "metadata:\n  labels:\n    tier: null\n", "strategic");
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.value.object.metadata as { labels: unknown }).labels).toEqual({ app: "web" });
  });

  it("reports no change when the patch sets what is already there", () => {
    const r = planPatch(live(), '{"spec":{"type":"ClusterIP"}}', "merge");
    expect(r).toEqual({ ok: true, value: { object: live(), changed: false } });
  });

  it("applies a JSON patch given as a YAML flow list", () => {
    const r = planPatch(
      pod(),
      '[{"op": "replace", "path": "/spec/containers/0/image", "value": "nginx:1.28"}]',
      "json",
    );
    expect(r.ok && r.value.changed).toBe(true);
  });

  it("says the request is invalid when a JSON patch operation fails", () => {
    expect(planPatch(pod(), '[{"op":"remove","path":"/spec/nope"}]', "json")).toEqual({
      ok: false,
      message: "The request is invalid: the server rejected our request due to an error in our request",
    });
  });

  it("passes text starting with { to the server untouched, which rejects bad JSON", () => {
    expect(planPatch(live(), '{"spec":', "strategic")).toEqual({
      ok: false,
      message: "Error from server (BadRequest): invalid JSON patch",
    });
  });

  it("quotes YAML it cannot parse", () => {
    const r = planPatch(live(), "spec: [1, 2", "merge");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^error: unable to parse "spec: \[1, 2": yaml: line \d+: /);
  });

  it("rejects a list as a strategic or merge patch, and an object as a JSON patch", () => {
    expect(planPatch(live(), "[1]", "strategic")).toEqual({
      ok: false,
      message:
        "Error from server (BadRequest): json: cannot unmarshal array into Go value of type map[string]interface {}",
    });
    expect(planPatch(live(), '{"op":"add"}', "json")).toEqual({
      ok: false,
      message:
        "Error from server (BadRequest): error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp",
    });
  });

  it("shows a strategic patch's merge-key error as the server returns it", () => {
    expect(planPatch(pod(), '{"spec":{"containers":[{"image":"nginx:1.28"}]}}', "strategic")).toEqual({
      ok: false,
      message: "Error from server: map: map[image:nginx:1.28] does not contain declared merge key: name",
    });
  });
});
