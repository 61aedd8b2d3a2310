/**
 * `kubectl create namespace` and `kubectl create configmap`, compared whole with what
 * `--dry-run=client -o yaml` prints in v1.34 (k8s.io/kubectl pkg/cmd/create).
 */
import { describe, expect, it } from "vitest";
import { generateConfigMap, generateNamespace, parseFileSource } from "../../../../engine/kubectl/generate/index.ts";

describe("the namespace kubectl create namespace builds", () => {
  it("has empty spec and status", () => {
    expect(generateNamespace({ name: "lab" })).toEqual({
      ok: true,
      object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "lab" }, spec: {}, status: {} },
    });
  });

  it("needs a name", () => {
    expect(generateNamespace({ name: "" })).toEqual({ ok: false, message: "name must be specified" });
  });
});

describe("the configmap kubectl create configmap builds", () => {
  it("has no data at all when nothing is given", () => {
    expect(generateConfigMap({ name: "empty" })).toEqual({
      ok: true,
      object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "empty" } },
    });
  });

  it("takes literals split at the first =, and files as text", () => {
    expect(
      generateConfigMap({
        name: "cfg",
        namespace: "lab",
        fromLiteral: ["mode=prod", "url=http://x/?a=b", "empty="],
        fromFile: [{ key: "nginx.conf", content: "server {}\n" }],
      }),
    ).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "cfg", namespace: "lab" },
        data: { "nginx.conf": "server {}\n", mode: "prod", url: "http://x/?a=b", empty: "" },
      },
    });
  });

  it("puts UTF-8 bytes in data and other bytes base64 in binaryData", () => {
    const text = new Uint8Array([0x68, 0xc3, 0xa9, 0x0a]);
    const binary = new Uint8Array([0xff, 0x00, 0x01]);
    expect(
      generateConfigMap({
        name: "b",
        fromFile: [
          { key: "t", content: text },
          { key: "bin", content: binary },
        ],
      }),
    ).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "b" },
        data: { t: "hé\n" },
        binaryData: { bin: "/wAB" },
      },
    });
  });

  it("reads env files: comments and blank lines skipped, leading space trimmed, a bare key from the environment", () => {
    const content = "\uFEFF# settings\n\n  MODE=prod\r\nURL=http://x/?a=b\nHOME\n";
    expect(
      generateConfigMap({
        name: "env",
        fromEnvFile: [{ path: "app.env", content }],
        environment: (k) => (k === "HOME" ? "/root" : ""),
      }),
    ).toEqual({
      ok: true,
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "env" },
        data: { MODE: "prod", URL: "http://x/?a=b", HOME: "/root" },
      },
    });
  });
});

describe("the errors kubectl create configmap reports", () => {
  const cases: [string, Parameters<typeof generateConfigMap>[0], string][] = [
    ["an empty name", { name: "" }, "name must be specified"],
    [
      "an env file with literals",
      { name: "c", fromLiteral: ["a=b"], fromEnvFile: [{ path: "x", content: "" }] },
      "from-env-file cannot be combined with from-file or from-literal",
    ],
    ["a literal without =", { name: "c", fromLiteral: ["abc"] }, "invalid literal source abc, expected key=value"],
    [
      "a literal starting with =",
      { name: "c", fromLiteral: ["=abc"] },
      "invalid literal source =abc, expected key=value",
    ],
    [
      "a key with a slash",
      { name: "c", fromLiteral: ["a/b=c"] },
      `"a/b" is not a valid key name for a ConfigMap: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ],
    [
      "a key given twice",
      { name: "c", fromFile: [{ key: "a", content: "1" }], fromLiteral: ["a=2"] },
      `cannot add key "a", another key by that name already exists in Data for ConfigMap "c"`,
    ],
    [
      "a text key that is already binary",
      { name: "c", fromFile: [{ key: "a", content: new Uint8Array([0xff]) }], fromLiteral: ["a=2"] },
      `cannot add key "a", another key by that name already exists in BinaryData for ConfigMap "c"`,
    ],
    [
      "an env file key starting with a digit",
      { name: "c", fromEnvFile: [{ path: "x", content: "1A=b\n" }] },
      `"1A" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
    ],
  ];
  for (const [what, options, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(generateConfigMap(options)).toEqual({ ok: false, message });
    });
  }
});

describe("reading a --from-file source", () => {
  it("keys a path by its base name, or by the key before =", () => {
    expect(parseFileSource("conf/nginx.conf")).toEqual({
      ok: true,
      key: "nginx.conf",
      path: "conf/nginx.conf",
      keyGiven: false,
    });
    expect(parseFileSource("conf/")).toEqual({ ok: true, key: "conf", path: "conf/", keyGiven: false });
    expect(parseFileSource("main=conf/nginx.conf")).toEqual({
      ok: true,
      key: "main",
      path: "conf/nginx.conf",
      keyGiven: true,
    });
  });

  it("rejects a missing key, a missing path and a second =", () => {
    expect(parseFileSource("=a.conf")).toEqual({ ok: false, message: "key name for file path a.conf missing" });
    expect(parseFileSource("key=")).toEqual({ ok: false, message: "file path for key name key missing" });
    expect(parseFileSource("a=b=c")).toEqual({ ok: false, message: "key names or file paths cannot contain '='" });
  });
});
