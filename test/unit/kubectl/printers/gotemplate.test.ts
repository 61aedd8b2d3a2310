import { describe, expect, it } from "vitest";
import { listOf, printGoTemplate } from "../../../../engine/kubectl/printers/index.ts";

const pod = {
  metadata: { name: "web-1", labels: { app: "web", "app.kubernetes.io/name": "web" } },
  status: { podIP: "10.244.1.3" },
  spec: { containers: [{ name: "c", image: "nginx" }] },
};
const list = listOf([pod, { metadata: { name: "db-0" }, status: {}, spec: { containers: [] } }]);

describe("printGoTemplate", () => {
  const cases: [string, unknown, string][] = [
    ["{{.metadata.name}}", pod, "web-1"],
    ['{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}', list, "web-1\ndb-0\n"],
    ['{{index .metadata.labels "app.kubernetes.io/name"}}', pod, "web"],
    ["{{.metadata.missing}}", pod, "<no value>"],
    ["{{.metadata.labels}}", pod, "map[app:web app.kubernetes.io/name:web]"],
    ["{{range .items}}{{if .status.podIP}}{{.status.podIP}}{{else}}none{{end}} {{end}}", list, "10.244.1.3 none "],
    ["{{range $i, $c := .spec.containers}}{{$i}}={{$c.image}}{{end}}", pod, "0=nginx"],
    ['{{len .items}} {{.metadata.name | printf "%q"}}', { items: [1, 2], metadata: { name: "x" } }, '2 "x"'],
    ["{{- .metadata.name -}}\n", pod, "web-1"],
  ];
  for (const [template, data, output] of cases) {
    it(`should print ${JSON.stringify(output)} for ${template}`, () => {
      expect(printGoTemplate(template, data)).toEqual({ ok: true, text: output });
    });
  }

  it("should fail like Go when a field is read from a missing value", () => {
    expect(printGoTemplate("{{.metadata.foo.bar}}", pod)).toEqual({
      ok: false,
      message:
        'error executing template "{{.metadata.foo.bar}}": template: output:1:2: executing "output" at <.metadata.foo.bar>: nil pointer evaluating interface {}.bar',
    });
  });

  it("should refuse constructs kubook does not implement with a kubook: message", () => {
    expect(printGoTemplate('{{template "x"}}', pod)).toEqual({
      ok: false,
      message: 'kubook: go-template: {{template "x"}} is not supported by kubook',
    });
  });
});
