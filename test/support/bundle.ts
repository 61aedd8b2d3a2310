/**
 * Bundle an entry for the browser with esbuild, recording (and leaving external) every Node
 * built-in its import graph reaches: the architecture tests of the engine and of lesson/.
 */
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** The one Node built-in allowed: just-bash's browser bundle imports node:zlib for commands kubook never registers. */
export const allowedBuiltins = ["node:zlib (imported by node_modules/just-bash/dist/bundle/browser.js)"];

export async function bundleForBrowser(entry: string, external: string[] = []) {
  const reached = new Set<string>();
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    external,
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
  return { reached: [...reached], result };
}
