import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

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
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const reached = new Set<string>();
    const result = await build({
      entryPoints: [join(lesson, "index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
      plugins: [
        {
          name: "forbid-node-builtins",
          setup(b) {
            b.onResolve({ filter: /.*/ }, (args) => {
              if (builtins.has(args.path) || args.path.startsWith("node:")) {
                reached.add(`${args.path} (imported by ${args.importer.replace(root, "")})`);
                return { path: args.path, external: true };
              }
              return undefined;
            });
          },
        },
      ],
    });
    expect(result.errors).toEqual([]);
    expect([...reached]).toEqual(["node:zlib (imported by node_modules/just-bash/dist/bundle/browser.js)"]);
  });
});
