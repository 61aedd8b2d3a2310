// Expected texts: k8s.io/apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor /
// ValidateObjectMetaAccessorUpdate (v0.34.9) and pkg/apis/meta/v1/validation ValidateLabels;
// pkg/apis/core/validation validateKubeFinalizerName; message shape: apimachinery api/errors NewInvalid.
import { describe, expect, it } from "vitest";
import { createMessage, merge, pod, service, stored, updateMessage } from "./fixtures.ts";
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_VALUE, QUALIFIED_NAME_PART } from "./messages.ts";

describe("metadata on create", () => {
  it("requires a name or generateName", () => {
    expect(createMessage(pod({ metadata: { name: undefined } }))).toBe(
      'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  });

  it("checks a generateName as a prefix and the name itself", () => {
    expect(createMessage(pod({ metadata: { name: "Web", generateName: "Web-" } }))).toBe(
      `Pod "Web" is invalid: [metadata.generateName: Invalid value: "Web-": ${DNS1123_SUBDOMAIN}, metadata.name: Invalid value: "Web": ${DNS1123_SUBDOMAIN}]`,
    );
  });

  it("requires a namespace for namespaced kinds and checks it as a DNS label", () => {
    expect(createMessage(pod({ metadata: { namespace: undefined } }))).toBe(
      'Pod "web" is invalid: metadata.namespace: Required value',
    );
    expect(createMessage(pod({ metadata: { namespace: "Team_A" } }))).toBe(
      `Pod "web" is invalid: metadata.namespace: Invalid value: "Team_A": ${DNS1123_LABEL}`,
    );
  });

  it("forbids a namespace on cluster-scoped kinds", () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", namespace: "default" }, spec: {} };
    expect(createMessage(ns)).toBe(
      'Namespace "team-a" is invalid: metadata.namespace: Forbidden: not allowed on this type',
    );
  });

  it("reports label keys and values at metadata.labels", () => {
    expect(createMessage(pod({ metadata: { labels: { "app/": "web-" } } }))).toBe(
      `Pod "web" is invalid: [metadata.labels: Invalid value: "app/": name part must be non-empty, metadata.labels: Invalid value: "app/": ${QUALIFIED_NAME_PART}, metadata.labels: Invalid value: "web-": ${LABEL_VALUE}]`,
    );
  });

  it("checks annotation keys lower-cased and keeps the original key in the message", () => {
    expect(createMessage(pod({ metadata: { annotations: { "Bad Key": "x" } } }))).toBe(
      `Pod "web" is invalid: metadata.annotations: Invalid value: "Bad Key": ${QUALIFIED_NAME_PART}`,
    );
  });

  it("limits all annotations together to 256 KiB", () => {
    const big = "x".repeat(256 * 1024);
    expect(createMessage(pod({ metadata: { annotations: { a: big } } }))).toBe(
      'Pod "web" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes',
    );
  });

  it("rejects an unqualified finalizer that is not a standard one", () => {
    expect(createMessage(pod({ metadata: { finalizers: ["kubernetes", "cleanup"] } }))).toBe(
      'Pod "web" is invalid: metadata.finalizers[1]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    );
  });

  it("rejects orphan and foregroundDeletion together", () => {
    expect(createMessage(pod({ metadata: { finalizers: ["orphan", "foregroundDeletion"] } }))).toBe(
      'Pod "web" is invalid: metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
    );
  });

  it("checks owner references field by field, without an index in the path", () => {
    const ref = { apiVersion: "", kind: "ReplicaSet", name: "web-1", uid: "" };
    expect(createMessage(pod({ metadata: { ownerReferences: [ref] } }))).toBe(
      'Pod "web" is invalid: [metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty, metadata.ownerReferences.uid: Invalid value: "": must not be empty]',
    );
  });

  it("allows one controller reference only", () => {
    const a = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "a", uid: "1", controller: true };
    const b = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "b", uid: "2", controller: true };
    expect(createMessage(pod({ metadata: { ownerReferences: [a, b] } }))).toBe(
      'Pod "web" is invalid: metadata.ownerReferences: Invalid value: [{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"a","uid":"1","controller":true},{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"b","uid":"2","controller":true}]: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
    );
  });
});

describe("metadata on update", () => {
  it("keeps the uid: a different one is immutable, an empty one takes the stored value", () => {
    const old = stored(service());
    expect(updateMessage(merge(old, { metadata: { uid: "another" } }), old)).toBe(
      'Service "web" is invalid: metadata.uid: Invalid value: "another": field is immutable',
    );
    expect(updateMessage(merge(old, { metadata: { uid: undefined } }), old)).toBe("");
  });

  it("keeps the name and namespace", () => {
    const old = stored(service());
    expect(updateMessage(merge(old, { metadata: { name: "web2" } }), old)).toBe(
      'Service "web2" is invalid: metadata.name: Invalid value: "web2": field is immutable',
    );
    expect(updateMessage(merge(old, { metadata: { namespace: "other" } }), old)).toBe(
      'Service "web" is invalid: metadata.namespace: Invalid value: "other": field is immutable',
    );
  });

  it("ignores a changed creationTimestamp, which the registry resets from the stored object", () => {
    const old = stored(service());
    expect(updateMessage(merge(old, { metadata: { creationTimestamp: "2030-01-01T00:00:00Z" } }), old)).toBe("");
  });

  it("refuses new finalizers once deletion has started", () => {
    const old = stored(pod({ metadata: { deletionTimestamp: "2025-01-02T00:00:00Z", finalizers: ["a.io/x"] } }));
    expect(updateMessage(merge(old, { metadata: { finalizers: ["a.io/x", "b.io/y"] } }), old)).toBe(
      'Pod "web" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    );
  });

  it("reports a bad label once although upstream checks it twice on update", () => {
    const old = stored(service());
    expect(updateMessage(merge(old, { metadata: { labels: { app: "-x" } } }), old)).toBe(
      `Service "web" is invalid: metadata.labels: Invalid value: "-x": ${LABEL_VALUE}`,
    );
  });
});
