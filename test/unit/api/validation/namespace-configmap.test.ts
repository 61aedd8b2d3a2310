// Expected texts: k8s.io/kubernetes pkg/apis/core/validation/validation.go — ValidateNamespace,
// validateFinalizerName, ValidateConfigMap (field.NewPath("") prints as "[]"), ValidateConfigMapUpdate,
// ValidateServiceAccount; ValidateNode's ObjectMeta part.
import { describe, expect, it } from "vitest";
import { createMessage, merge, stored, updateMessage } from "./fixtures.ts";
import { CONFIG_KEY, DNS1123_LABEL, DNS1123_SUBDOMAIN } from "./messages.ts";

const namespace = (patch: object = {}) =>
  merge(
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" }, spec: { finalizers: ["kubernetes"] } },
    patch,
  );
const configMap = (patch: object = {}) =>
  merge({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default" } }, patch);

describe("Namespace", () => {
  it("names namespaces with DNS-1123 labels", () => {
    expect(createMessage(namespace())).toBe("");
    expect(createMessage(namespace({ metadata: { name: "Team.A" } }))).toBe(
      `Namespace "Team.A" is invalid: metadata.name: Invalid value: "Team.A": ${DNS1123_LABEL}`,
    );
  });

  it("checks spec.finalizers, reported without an index", () => {
    expect(createMessage(namespace({ spec: { finalizers: ["custom"] } }))).toBe(
      'Namespace "team-a" is invalid: spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    );
  });

  it("re-validates the namespace on update", () => {
    const old = stored(namespace());
    expect(updateMessage(merge(old, { metadata: { labels: { team: "a" } } }), old)).toBe("");
  });
});

describe("ConfigMap", () => {
  it("checks data keys and keys present in both data and binaryData", () => {
    expect(createMessage(configMap({ data: { "a b": "x", dup: "1" }, binaryData: { dup: "AA==" } }))).toBe(
      `ConfigMap "cfg" is invalid: [data[a b]: Invalid value: "a b": ${CONFIG_KEY}, data[dup]: Invalid value: "dup": duplicate of key present in binaryData]`,
    );
  });

  it("limits the values to 1 MiB, reported at the empty path", () => {
    expect(createMessage(configMap({ data: { big: "x".repeat(1024 * 1024 + 1) } }))).toBe(
      'ConfigMap "cfg" is invalid: []: Too long: may not be more than 1048576 bytes',
    );
    expect(createMessage(configMap({ data: { big: "x".repeat(1024 * 1024) } }))).toBe("");
  });

  it("freezes data and the flag itself once immutable", () => {
    const old = stored(configMap({ data: { a: "1" }, immutable: true }));
    expect(updateMessage(merge(old, { data: { a: "2" }, immutable: false }), old)).toBe(
      'ConfigMap "cfg" is invalid: [immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is immutable when `immutable` is set]',
    );
  });
});

describe("metadata-only kinds", () => {
  it("names ServiceAccounts and Nodes with DNS subdomains", () => {
    const sa = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "Build_Bot", namespace: "default" } };
    expect(createMessage(sa)).toBe(
      `ServiceAccount "Build_Bot" is invalid: metadata.name: Invalid value: "Build_Bot": ${DNS1123_SUBDOMAIN}`,
    );
    expect(createMessage({ apiVersion: "v1", kind: "Node", metadata: { name: "kind-worker" } })).toBe("");
  });
});
