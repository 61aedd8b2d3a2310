import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resources } from "../../../engine/api/resources.ts";
import { loadDescriptions, schema } from "../../../engine/api/schema/index.ts";

interface Generator {
  generateSchema(): { types: string; descriptions: string };
  outputFiles: { types: string; descriptions: string };
}

/** scripts/ is not part of the test project's type check, so the generator is imported by URL. */
async function generator(): Promise<Generator> {
  const url = new URL("../../../scripts/gen-schema.ts", import.meta.url).href;
  return (await import(/* @vite-ignore */ url)) as Generator;
}

const scalars = new Set([
  "string",
  "boolean",
  "int32",
  "int64",
  "int-or-string",
  "quantity",
  "time",
  "micro-time",
  "bytes",
  "free-form",
]);

function resolves(expr: string): boolean {
  const base = expr.replace(/^(\[\]|map\[string\])+/, "");
  return scalars.has(base) || base in schema.named || base in schema.types;
}

describe("generated schema", () => {
  it("matches what scripts/gen-schema.ts produces from the installed kubernetes-types (UPDATE=1 rewrites it)", async () => {
    const gen = await generator();
    const fresh = gen.generateSchema();
    if (process.env.UPDATE === "1") {
      writeFileSync(gen.outputFiles.types, fresh.types);
      writeFileSync(gen.outputFiles.descriptions, fresh.descriptions);
    }
    const stale = "engine/api/schema is stale: run `npm run gen:schema`";
    expect(readFileSync(gen.outputFiles.types, "utf8"), stale).toBe(fresh.types);
    expect(readFileSync(gen.outputFiles.descriptions, "utf8"), stale).toBe(fresh.descriptions);
  });

  it("has a root type for every kind in the resource table, in that kind's group and version", () => {
    for (const r of resources) {
      const group = r.group === "" ? "core" : r.group.split(".")[0];
      expect(schema.roots[r.kind], r.kind).toBe(`${group}.${r.version}.${r.kind}`);
      expect(schema.types[schema.roots[r.kind]!], r.kind).toBeDefined();
    }
    expect(Object.keys(schema.roots).sort()).toEqual(resources.map((r) => r.kind).sort());
  });

  it("names only known types in its field type expressions", () => {
    for (const [key, t] of Object.entries(schema.types)) {
      for (const [field, expr] of Object.entries(t.fields))
        expect(resolves(expr), `${key}.${field}: ${expr}`).toBe(true);
      for (const name of t.required ?? []) expect(t.fields[name], `${key} requires ${name}`).toBeDefined();
    }
    for (const [name, expr] of Object.entries(schema.named)) expect(resolves(expr), `${name}: ${expr}`).toBe(true);
  });

  it("records Go's integer widths and named types where kubernetes-types only says number or string", () => {
    // k8s.io/api core/v1 types.go: Port int32, TerminationGracePeriodSeconds *int64, Protocol Protocol.
    expect(schema.types["core.v1.ServicePort"]!.fields).toEqual({
      appProtocol: "string",
      name: "string",
      nodePort: "int32",
      port: "int32",
      protocol: "v1.Protocol",
      targetPort: "int-or-string",
    });
    expect(schema.types["core.v1.PodSpec"]!.fields.terminationGracePeriodSeconds).toBe("int64");
    expect(schema.types["core.v1.ResourceRequirements"]!.fields.limits).toBe("v1.ResourceList");
    expect(schema.named["v1.ResourceList"]).toBe("map[string]quantity");
    expect(schema.types["core.v1.ConfigMap"]!.fields.binaryData).toBe("map[string]bytes");
    expect(schema.types["meta.v1.ObjectMeta"]!.fields.creationTimestamp).toBe("time");
    expect(schema.types["core.v1.Event"]!.fields.eventTime).toBe("micro-time");
  });

  it("follows v1.34 where it differs from the v1.30 typings: added fields are known, removed ones are not", () => {
    expect(schema.types["core.v1.PodSpec"]!.fields.resources).toBe("core.v1.ResourceRequirements");
    expect(schema.types["core.v1.PodResourceClaim"]!.fields).toEqual({
      name: "string",
      resourceClaimName: "string",
      resourceClaimTemplateName: "string",
    });
    expect(schema.types["discovery.v1.EndpointHints"]!.fields.forNodes).toBe("[]discovery.v1.ForNode");
  });

  it("keeps descriptions apart, with one for every field of every type", async () => {
    const descriptions = await loadDescriptions();
    expect(Object.keys(descriptions.types).sort()).toEqual(Object.keys(schema.types).sort());
    for (const [key, t] of Object.entries(schema.types)) {
      expect(Object.keys(descriptions.types[key]!.fields).sort(), key).toEqual(Object.keys(t.fields).sort());
    }
    expect(descriptions.types["core.v1.ServicePort"]!.type).toBe("ServicePort contains information on service's port.");
  });
});
