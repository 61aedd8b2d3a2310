import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

describe("the engine in a browser", () => {
  it("bundles for the browser with no Node built-in anywhere in its import graph", async () => {
    const reached: string[] = [];
    const result = await build({
      entryPoints: [`${root}/engine/index.ts`],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
      plugins: [
        {
          name: "forbid-node-builtins",
          setup(b) {
            b.onResolve({ filter: /.*/ }, (args) => {
              if (builtins.has(args.path) || args.path.startsWith("node:")) {
                reached.push(`${args.path} (imported by ${args.importer.replace(root, "")})`);
                return { path: args.path, external: true };
              }
              return undefined;
            });
          },
        },
      ],
    });
    expect(reached).toEqual([]);
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((p) => p.includes("engine/node/"))).toBe(false);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\bDate\.now\(|\bMath\.random\(|\bsetTimeout\(|\bsetInterval\(/);
  });
});
