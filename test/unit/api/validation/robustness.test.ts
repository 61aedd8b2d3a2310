// Validators read decoded objects defensively: any JSON shape in any field yields errors, never an exception.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateCreate, validateUpdate, validators } from "../../../../engine/api/validation/index.ts";
import { daemonSet, deployment, pod, service } from "./fixtures.ts";

const kinds = Object.keys(validators);

describe("odd input", () => {
  it("never throws on arbitrary JSON for any kind", () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.jsonValue(), fc.jsonValue(), (kind, a, b) => {
        expect(Array.isArray(validateCreate(kind, a))).toBe(true);
        expect(Array.isArray(validateUpdate(kind, a, b))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws when a field of a real object holds the wrong type", () => {
    const samples = [pod(), service(), deployment(), daemonSet()];
    const paths = [
      "spec",
      "metadata",
      "spec.containers",
      "spec.template",
      "spec.ports",
      "spec.selector",
      "metadata.labels",
      "spec.strategy",
    ];
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.constantFrom(...paths), fc.jsonValue(), (obj, path, value) => {
        const copy = structuredClone(obj) as Record<string, unknown>;
        const keys = path.split(".");
        let at = copy;
        for (const k of keys.slice(0, -1)) at = (at[k] ?? {}) as Record<string, unknown>;
        at[keys.at(-1)!] = value;
        const kind = String(copy.kind);
        expect(() => validateCreate(kind, copy)).not.toThrow();
        expect(() => validateUpdate(kind, copy, obj)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it("returns nothing for kinds it does not validate", () => {
    expect(validateCreate("Event", { metadata: {} })).toEqual([]);
  });
});
