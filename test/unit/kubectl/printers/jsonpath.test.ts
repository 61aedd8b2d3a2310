import { describe, expect, it } from "vitest";
import { listOf, printJsonPath } from "../../../../engine/kubectl/printers/index.ts";

const pod = (name: string, ip: string, app: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels: { app } },
  spec: { containers: [{ name: "web", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
  status: { podIP: ip, phase: "Running" },
});
const list = listOf([
  pod("web-1", "10.244.1.3", "web"),
  pod("web-2", "10.244.2.2", "web"),
  pod("db-0", "10.244.1.9", "db"),
]);

describe("printJsonPath", () => {
  const cases: [string, unknown, string][] = [
    ["{.metadata.name}", pod("web-1", "10.244.1.3", "web"), "web-1"],
    ["{.items[*].metadata.name}", list, "web-1 web-2 db-0"],
    ["{.items[0].status.podIP}", list, "10.244.1.3"],
    ["{.items[-1:].metadata.name}", list, "db-0"],
    ["{.items[0:2].metadata.name}", list, "web-1 web-2"],
    ['{.items[?(@.metadata.labels.app=="db")].status.podIP}', list, "10.244.1.9"],
    [
      '{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}',
      list,
      "web-1\t10.244.1.3\nweb-2\t10.244.2.2\ndb-0\t10.244.1.9\n",
    ],
    ["{.metadata.labels}", pod("web-1", "10.244.1.3", "web"), '{"app":"web"}'],
    ["{.spec.containers[0].ports}", pod("web-1", "10.244.1.3", "web"), '[{"containerPort":80}]'],
    ["{..containerPort}", pod("web-1", "10.244.1.3", "web"), "80"],
    ["{.items[*].spec.containers[*].image}", listOf([pod("a", "1", "x")]), "nginx:1.27"],
    ["name: {.metadata.name}!", pod("web-1", "10.244.1.3", "web"), "name: web-1!"],
    ["{.metadata.missing}", pod("web-1", "10.244.1.3", "web"), ""],
    ["{.items[*].metadata['name']}", list, "web-1 web-2 db-0"],
    ["{.items[0,2].metadata.name}", list, "web-1 db-0"],
  ];
  for (const [template, data, output] of cases) {
    it(`should print ${JSON.stringify(output)} for ${template}`, () => {
      expect(printJsonPath(template, data)).toEqual({ ok: true, text: output });
    });
  }

  it("should explain a missing key, with the object dump, when missing keys are not allowed", () => {
    const obj = { kind: "Pod", metadata: { name: "web", uid: null }, spec: { n: 3, ok: true, list: ["a"] } };
    expect(printJsonPath("{.foo}", obj, { allowMissingKeys: false })).toEqual({
      ok: false,
      message:
        'error executing jsonpath "{.foo}": Error executing template: foo is not found. Printing more information for debugging the template:\n' +
        "\ttemplate was:\n\t\t{.foo}\n" +
        "\tobject given to jsonpath engine was:\n" +
        '\t\tmap[string]interface {}{"kind":"Pod", "metadata":map[string]interface {}{"name":"web", "uid":interface {}(nil)}, "spec":map[string]interface {}{"list":[]interface {}{"a"}, "n":3, "ok":true}}\n\n\n',
    });
  });

  it("should report an index out of range even when missing keys are allowed", () => {
    const result = printJsonPath("{.items[5]}", list);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message.split("\n")[0]).toBe(
      'error executing jsonpath "{.items[5]}": Error executing template: array index out of bounds: index 5, length 3. Printing more information for debugging the template:',
    );
  });

  it("should report parse errors as kubectl does", () => {
    expect(printJsonPath("{.items[0}", list)).toEqual({
      ok: false,
      message: "error parsing jsonpath {.items[0}, unterminated array",
    });
    expect(printJsonPath("{.metadata.name", list)).toEqual({
      ok: false,
      message: "error parsing jsonpath {.metadata.name, unclosed action",
    });
    expect(printJsonPath("{#}", list)).toEqual({
      ok: false,
      message: "error parsing jsonpath {#}, unrecognized character in action: U+0023 '#'",
    });
  });

  it("should print results as an indented JSON array for jsonpath-as-json", () => {
    expect(printJsonPath("{.items[*].metadata.name}", list, { outputJson: true })).toEqual({
      ok: true,
      text: '[\n    "web-1",\n    "web-2",\n    "db-0"\n]\n',
    });
  });
});
