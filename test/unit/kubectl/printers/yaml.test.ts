import { describe, expect, it } from "vitest";
import { listOf, printYaml } from "../../../../engine/kubectl/printers/index.ts";

describe("printYaml", () => {
  it("should sort keys, leave sequences unindented and quote strings that would read back as other types", () => {
    const pod = {
      kind: "Pod",
      apiVersion: "v1",
      metadata: {
        name: "web",
        labels: { app: "web", tier: "true" },
        creationTimestamp: "2026-01-01T11:59:00Z",
        resourceVersion: "42",
      },
      spec: {
        containers: [{ name: "web", image: "nginx:1.27", ports: [{ containerPort: 80, protocol: "TCP" }], args: [] }],
        nodeSelector: {},
      },
      status: { podIP: "10.244.1.3", hostIP: null },
    };
    expect(printYaml(pod)).toBe(
      [
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        '  creationTimestamp: "2026-01-01T11:59:00Z"',
        "  labels:",
        "    app: web",
        '    tier: "true"',
        "  name: web",
        '  resourceVersion: "42"',
        "spec:",
        "  containers:",
        "  - args: []",
        "    image: nginx:1.27",
        "    name: web",
        "    ports:",
        "    - containerPort: 80",
        "      protocol: TCP",
        "  nodeSelector: {}",
        "status:",
        "  hostIP: null",
        "  podIP: 10.244.1.3",
        "",
      ].join("\n"),
    );
  });

  it("should wrap several objects in a v1 List with an empty resourceVersion", () => {
    expect(printYaml(listOf([{ kind: "Service", metadata: { name: "a" } }]))).toBe(
      'apiVersion: v1\nitems:\n- kind: Service\n  metadata:\n    name: a\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    );
  });

  const scalars: [string, string][] = [
    ["", '""'],
    ["80", '"80"'],
    ["0x1F", '"0x1F"'],
    ["1e3", '"1e3"'],
    ["y", '"y"'],
    ["off", '"off"'],
    ["null", '"null"'],
    ["~", '"~"'],
    ["1:30", '"1:30"'],
    ["2026-01-01", '"2026-01-01"'],
    ["*", "'*'"],
    ["- item", "'- item'"],
    ["key: value", "'key: value'"],
    [" padded", "' padded'"],
    ["it's #1", "'it''s #1'"],
    ["it's", "it's"],
    ["a #comment", "'a #comment'"],
    ["tab\there", '"tab\\there"'],
    ["10.96.0.1", "10.96.0.1"],
    ["80/TCP", "80/TCP"],
    ["한국어", "한국어"],
  ];
  for (const [input, output] of scalars) {
    it(`should write the string ${JSON.stringify(input)} as ${output}`, () => {
      expect(printYaml({ v: input })).toBe(`v: ${output}\n`);
    });
  }

  it("should write multi-line strings as literal blocks with the right chomping indicator", () => {
    expect(printYaml({ a: "line1\nline2\n", b: "x\ny", c: "z\n\n" })).toBe(
      "a: |\n  line1\n  line2\nb: |-\n  x\n  y\nc: |+\n  z\n\n",
    );
  });

  it("should order keys like go-yaml: digit runs numerically and non-letters before letters", () => {
    expect(printYaml({ b10: 1, b9: 2, "a.b": 3, a_c: 4, aB: 5 })).toBe("a.b: 3\na_c: 4\naB: 5\nb9: 2\nb10: 1\n");
  });

  it("should write nested sequences and numbers like go-yaml", () => {
    expect(printYaml({ m: [[1, 2], [{ x: 1.5 }]], big: 1234567.5 })).toBe(
      "big: 1.2345675e+06\nm:\n- - 1\n  - 2\n- - x: 1.5\n",
    );
  });
});
