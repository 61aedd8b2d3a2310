import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allowedBuiltins, bundleForBrowser } from "../support/bundle.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const lesson = join(root, "lesson");
const golden = fileURLToPath(new URL("./lesson-exports.txt", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("the lesson package", () => {
  it("exposes exactly the names recorded in lesson-exports.txt (UPDATE=1 rewrites it)", async () => {
    const names = Object.keys(await import("#lesson")).sort();
    const text = `${names.join("\n")}\n`;
    if (process.env.UPDATE) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, "utf8"));
  });

  it("has a front door of re-exports only", () => {
    const statements = readFileSync(join(lesson, "index.ts"), "utf8")
      .split("\n")
      .filter((l) => !l.trim().startsWith("//"))
      .join(" ")
      .split(";")
      .map((s) => s.replace(/\s+/g, " ").trim())
      .filter((s) => s !== "");
    expect(statements.filter((s) => !/^export (type )?(\{[^}]*\}|\*) from "\.\/[^"]+\.ts"$/.test(s))).toEqual([]);
  });

  it("uses the engine only through #engine and never reads wall time, chance or Node", () => {
    const offenders: string[] = [];
    for (const file of files(lesson)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/from "(\.\.\/[^"]+)"/g))
        if (!join(file, "..", m[1]!).startsWith(lesson)) offenders.push(`${relative(root, file)} imports ${m[1]}`);
      const bad = text.match(
        /Date\.now\(|Math\.random\(|setTimeout\(|setInterval\(|performance\.now\(|from "node:|require\(/g,
      );
      if (bad) offenders.push(`${relative(root, file)}: ${[...new Set(bad)].join(", ")}`);
    }
    expect(offenders).toEqual([]);
  });

  it("bundles for the browser with no Node built-in but just-bash's unused zlib", async () => {
    const { reached, result } = await bundleForBrowser(join(lesson, "index.ts"));
    expect(result.errors).toEqual([]);
    expect(reached).toEqual(allowedBuiltins);
  });
});
