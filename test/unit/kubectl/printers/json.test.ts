import { describe, expect, it } from "vitest";
import { resourceByName } from "../../../../engine/index.ts";
import { kindPrefix, listOf, printJson, printName } from "../../../../engine/kubectl/printers/index.ts";
import { stored } from "./helpers.ts";

describe("printJson", () => {
  it("should indent by four spaces, sort keys and escape HTML characters as Go does", () => {
    expect(
      printJson({
        spec: { selector: {}, ports: [] },
        kind: "Service",
        metadata: { annotations: { note: "<none> & more" } },
      }),
    ).toBe(
      [
        "{",
        '    "kind": "Service",',
        '    "metadata": {',
        '        "annotations": {',
        '            "note": "\\u003cnone\\u003e \\u0026 more"',
        "        }",
        "    },",
        '    "spec": {',
        '        "ports": [],',
        '        "selector": {}',
        "    }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("should wrap several objects in a v1 List", () => {
    expect(printJson(listOf([]))).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
  });
});

describe("printName", () => {
  it("should print kind.group/name, lower-cased, with no group for the core API", () => {
    const obj = stored("v1", "Service", "web", 1, {});
    expect(printName(resourceByName("services")!, obj)).toBe("service/web\n");
    expect(printName(resourceByName("deployments")!, obj)).toBe("deployment.apps/web\n");
    expect(kindPrefix(resourceByName("endpointslices")!)).toBe("endpointslice.discovery.k8s.io");
  });
});
