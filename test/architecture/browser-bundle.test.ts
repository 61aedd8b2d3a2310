import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allowedBuiltins, bundleForBrowser } from "../support/bundle.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("the engine in a browser", () => {
  it("bundles for the browser with no Node built-in in its import graph but just-bash's unused zlib", async () => {
    const { reached, result } = await bundleForBrowser(`${root}/engine/index.ts`);
    expect(reached).toEqual(allowedBuiltins);
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((p) => p.includes("engine/node/"))).toBe(false);
  });

  it("reads no wall time, host randomness or host timers outside just-bash (whose uses the shell overrides)", async () => {
    // just-bash's own Date.now/Math.random serve `date`, `sleep` and `$RANDOM`, which kubook
    // replaces with the virtual clock and the seeded stream (engine/shell/README.md).
    const { result } = await bundleForBrowser(`${root}/engine/index.ts`, ["just-bash"]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\bDate\.now\(|\bMath\.random\(|\bsetTimeout\(|\bsetInterval\(/);
  });
});
