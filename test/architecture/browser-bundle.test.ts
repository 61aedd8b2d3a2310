import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * The one Node built-in the browser build may reach: just-bash's browser bundle imports
 * node:zlib for its gzip/gunzip/zcat/tar commands, which kubook's shells never register. The
 * site's bundler maps it to an empty module; anything else here is a regression.
 */
const allowed = ["node:zlib (imported by node_modules/just-bash/dist/bundle/browser.js)"];

function forbidBuiltins(reached: string[]): Plugin {
  return {
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
  };
}

async function bundle(external: string[]) {
  const reached: string[] = [];
  const result = await build({
    entryPoints: [`${root}/engine/index.ts`],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    external,
    plugins: [forbidBuiltins(reached)],
  });
  return { reached, result };
}

describe("the engine in a browser", () => {
  it("bundles for the browser with no Node built-in in its import graph but just-bash's unused zlib", async () => {
    const { reached, result } = await bundle([]);
    expect([...new Set(reached)]).toEqual(allowed);
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((p) => p.includes("engine/node/"))).toBe(false);
  });

  it("reads no wall time, host randomness or host timers outside just-bash (whose uses the shell overrides)", async () => {
    // just-bash's own Date.now/Math.random serve `date`, `sleep` and `$RANDOM`, which kubook
    // replaces with the virtual clock and the seeded stream (engine/shell/README.md).
    const { result } = await bundle(["just-bash"]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\bDate\.now\(|\bMath\.random\(|\bsetTimeout\(|\bsetInterval\(/);
  });
});
