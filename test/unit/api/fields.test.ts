/**
 * Field selectors. The parse results and messages were produced by
 * k8s.io/apimachinery v0.34.0 fields.ParseSelector on the same input; the per-kind
 * labels and messages are those of the v1.34 scheme's field label conversions.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  convertFieldSelector,
  fieldSelectorForKind,
  fieldSelectorString,
  listErrorMessage,
  matchesFields,
  objectMatchesFields,
  parseFieldSelector,
  selectableFields,
  supportedFieldLabels,
} from "../../../engine/api/fields.ts";

describe("parsing a field selector string", () => {
  it("reads =, == and != terms, sorted as text, == stored as =", () => {
    expect(parseFieldSelector("status.phase!=Running,metadata.name==web,spec.nodeName=kind-worker")).toEqual({
      ok: true,
      value: {
        requirements: [
          { field: "metadata.name", operator: "=", value: "web" },
          { field: "spec.nodeName", operator: "=", value: "kind-worker" },
          { field: "status.phase", operator: "!=", value: "Running" },
        ],
      },
    });
  });

  it.each([
    ["", ""],
    ["metadata.name=web", "metadata.name=web"],
    ["metadata.name==web", "metadata.name=web"],
    ["status.phase!=Running,spec.restartPolicy=Always", "spec.restartPolicy=Always,status.phase!=Running"],
    [
      "spec.nodeName=kind-worker,metadata.namespace!=kube-system",
      "metadata.namespace!=kube-system,spec.nodeName=kind-worker",
    ],
    ["a=b\\=c", "a=b\\=c"],
    ["a=b\\,c", "a=b\\,c"],
    [",,a=b,,", "a=b"],
    ["metadata.name = web", "metadata.name = web"],
    ["=", ""],
    ["!=", ""],
    ["z=1,a=2", "a=2,z=1"],
  ])("prints %j back as %j", (input, canonical) => {
    const parsed = parseFieldSelector(input);
    expect(parsed.ok && fieldSelectorString(parsed.value)).toBe(canonical);
  });

  it("keeps blanks around the operator as part of the field and the value", () => {
    expect(parseFieldSelector("metadata.name = web")).toEqual({
      ok: true,
      value: { requirements: [{ field: "metadata.name ", operator: "=", value: " web" }] },
    });
  });

  it("unescapes backslash-escaped commas, equals signs and backslashes in values", () => {
    expect(parseFieldSelector("a=x\\,y\\=z\\\\")).toEqual({
      ok: true,
      value: { requirements: [{ field: "a", operator: "=", value: "x,y=z\\" }] },
    });
  });

  it.each([
    ["foo", "invalid selector: 'foo'; can't understand 'foo'"],
    ["metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ["a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"],
    ["a=b=c", "invalid field selector: unescaped character in value: 61"],
    ["a=b\\", "invalid field selector: invalid escape sequence: \\"],
    ["a=b\\x", "invalid field selector: invalid escape sequence: \\x"],
  ])("rejects %j with the API server's message", (input, error) => {
    expect(parseFieldSelector(input)).toEqual({ ok: false, error });
  });

  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."a.b=!,\\ x"), maxLength: 30 }), (input) => {
        expect(typeof parseFieldSelector(input).ok).toBe("boolean");
      }),
    );
  });
});

describe("field labels per kind", () => {
  it("lists the labels a v1.34 API server accepts for pods, services, events and the rest", () => {
    expect(supportedFieldLabels("Pod")).toEqual([
      "metadata.name",
      "metadata.namespace",
      "spec.nodeName",
      "spec.restartPolicy",
      "spec.schedulerName",
      "spec.serviceAccountName",
      "spec.hostNetwork",
      "status.phase",
      "status.podIP",
      "status.podIPs",
      "status.nominatedNodeName",
    ]);
    expect(supportedFieldLabels("Service")).toEqual([
      "metadata.namespace",
      "metadata.name",
      "spec.clusterIP",
      "spec.type",
    ]);
    expect(supportedFieldLabels("Namespace")).toEqual(["status.phase", "metadata.name"]);
    expect(supportedFieldLabels("Event")).toEqual([
      "involvedObject.kind",
      "involvedObject.namespace",
      "involvedObject.name",
      "involvedObject.uid",
      "involvedObject.apiVersion",
      "involvedObject.resourceVersion",
      "involvedObject.fieldPath",
      "reason",
      "reportingComponent",
      "source",
      "type",
      "metadata.namespace",
      "metadata.name",
    ]);
    expect(supportedFieldLabels("Deployment")).toEqual(["metadata.name", "metadata.namespace"]);
    expect(supportedFieldLabels("ReplicaSet")).toEqual(["metadata.name", "metadata.namespace"]);
  });

  it("rejects an unknown pod field with the core conversion's message", () => {
    expect(fieldSelectorForKind("Pod", "foo=bar")).toEqual({ ok: false, error: "field label not supported: foo" });
  });

  it("rejects an unknown field of a kind without its own conversion, naming the two it accepts", () => {
    expect(fieldSelectorForKind("ReplicaSet", "status.replicas=0")).toEqual({
      ok: false,
      error: `"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"`,
    });
  });

  it("rejects metadata.namespace for namespaces, whose conversion does not list it", () => {
    expect(fieldSelectorForKind("Namespace", "metadata.namespace=x")).toEqual({
      ok: false,
      error: "field label not supported: metadata.namespace",
    });
  });

  it("reports the first failing term in sorted order", () => {
    expect(fieldSelectorForKind("Pod", "zzz=1,aaa=2")).toEqual({ ok: false, error: "field label not supported: aaa" });
  });

  it("renames the old spec.host label of pods to spec.nodeName", () => {
    const parsed = parseFieldSelector("spec.host=kind-worker");
    const converted = parsed.ok ? convertFieldSelector("Pod", parsed.value) : parsed;
    expect(converted).toEqual({
      ok: true,
      value: { requirements: [{ field: "spec.nodeName", operator: "=", value: "kind-worker" }] },
    });
  });

  it("passes a parse error through before looking at labels", () => {
    expect(fieldSelectorForKind("Pod", "foo")).toEqual({
      ok: false,
      error: "invalid selector: 'foo'; can't understand 'foo'",
    });
  });
});

describe("matching objects by field", () => {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-1", namespace: "default" },
    spec: {
      nodeName: "kind-worker",
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      serviceAccountName: "default",
      containers: [],
    },
    status: { phase: "Running", podIP: "10.244.1.3", podIPs: [{ ip: "10.244.1.3" }] },
  };

  it("offers the fields the pod registry matches on", () => {
    expect(selectableFields("Pod", pod)).toEqual({
      "metadata.name": "web-1",
      "metadata.namespace": "default",
      "spec.nodeName": "kind-worker",
      "spec.restartPolicy": "Always",
      "spec.schedulerName": "default-scheduler",
      "spec.serviceAccountName": "default",
      "spec.hostNetwork": "false",
      "status.phase": "Running",
      "status.podIP": "10.244.1.3",
      "status.nominatedNodeName": "",
    });
  });

  it.each([
    ["status.phase=Running", true],
    ["status.phase!=Running", false],
    ["spec.nodeName=kind-worker,metadata.namespace=default", true],
    ["spec.nodeName=kind-worker2", false],
    ["spec.hostNetwork=false", true],
    ["status.nominatedNodeName=", true],
    ["status.podIPs=10.244.1.3", false],
    ["", true],
  ])("evaluates %j against a running pod as %s", (input, expected) => {
    const s = fieldSelectorForKind("Pod", input);
    expect(s.ok && objectMatchesFields("Pod", s.value, pod)).toBe(expected);
  });

  it("offers a cluster-scoped object no metadata.namespace, so only the empty namespace matches", () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "web" }, status: { phase: "Active" } };
    expect(selectableFields("Namespace", ns)).toEqual({
      "metadata.name": "web",
      "status.phase": "Active",
      name: "web",
    });
    const node = { apiVersion: "v1", kind: "Node", metadata: { name: "kind-worker" }, spec: {} };
    expect(selectableFields("Node", node)).toEqual({ "metadata.name": "kind-worker", "spec.unschedulable": "false" });
    expect(matchesFields({ requirements: [{ field: "metadata.namespace", operator: "=", value: "" }] }, {})).toBe(true);
  });

  it("offers services their type and cluster IP, and events their source with the reporting controller as fallback", () => {
    const svc = {
      metadata: { name: "web", namespace: "default" },
      spec: { type: "NodePort", clusterIP: "10.96.0.20" },
    };
    expect(selectableFields("Service", svc)).toEqual({
      "metadata.name": "web",
      "metadata.namespace": "default",
      "spec.clusterIP": "10.96.0.20",
      "spec.type": "NodePort",
    });
    const event = {
      metadata: { name: "web.1", namespace: "default" },
      involvedObject: { kind: "Pod", name: "web", namespace: "default", uid: "u1", apiVersion: "v1" },
      reason: "Scheduled",
      reportingComponent: "default-scheduler",
      type: "Normal",
    };
    expect(selectableFields("Event", event)).toEqual({
      "metadata.name": "web.1",
      "metadata.namespace": "default",
      "involvedObject.kind": "Pod",
      "involvedObject.namespace": "default",
      "involvedObject.name": "web",
      "involvedObject.uid": "u1",
      "involvedObject.apiVersion": "v1",
      "involvedObject.resourceVersion": "",
      "involvedObject.fieldPath": "",
      reason: "Scheduled",
      reportingComponent: "default-scheduler",
      source: "default-scheduler",
      type: "Normal",
    });
  });
});

describe("kubectl's wording of a rejected list", () => {
  it("names the resource and both selectors", () => {
    expect(
      listErrorMessage({ group: "", version: "v1", resource: "pods" }, "", "foo=bar", "field label not supported: foo"),
    ).toBe(
      `Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo`,
    );
    expect(
      listErrorMessage(
        { group: "apps", version: "v1", resource: "replicasets" },
        "",
        "status.replicas=0",
        `"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"`,
      ),
    ).toBe(
      `Unable to find "apps/v1, Resource=replicasets" that match label selector "", field selector "status.replicas=0": "status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"`,
    );
  });

  it("quotes a label selector as Go does", () => {
    expect(
      listErrorMessage(
        { group: "", version: "v1", resource: "pods" },
        'app in (a "b")',
        "",
        "unable to parse requirement: found '\"b\"', expected: ',' or ')'",
      ),
    ).toBe(
      `Unable to find "/v1, Resource=pods" that match label selector "app in (a \\"b\\")", field selector "": unable to parse requirement: found '"b"', expected: ',' or ')'`,
    );
  });

  it("says only that it cannot list when neither selector is set", () => {
    expect(listErrorMessage({ group: "", version: "v1", resource: "pods" }, "", "", "boom")).toBe(
      `Unable to list "/v1, Resource=pods": boom`,
    );
  });
});
