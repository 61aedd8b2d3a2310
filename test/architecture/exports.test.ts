import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const golden = fileURLToPath(new URL("./engine-exports.txt", import.meta.url));
const index = fileURLToPath(new URL("../../engine/index.ts", import.meta.url));

describe("the engine's front door", () => {
  it("exposes exactly the names recorded in engine-exports.txt (UPDATE=1 rewrites it after a deliberate change)", async () => {
    const names = Object.keys(await import("#engine")).sort();
    const text = `${names.join("\n")}\n`;
    if (process.env.UPDATE) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, "utf8"));
  });

  it("contains re-exports only", () => {
    const code = readFileSync(index, "utf8")
      .split("\n")
      .filter((line) => !line.trim().startsWith("//"))
      .join(" ");
    const statements = code
      .split(";")
      .map((s) => s.replace(/\s+/g, " ").trim())
      .filter((s) => s !== "");
    const offenders = statements.filter((s) => !/^export (type )?\{[^}]*\} from "\.\/[^"]+\.ts"$/.test(s));
    expect(offenders).toEqual([]);
  });
});
