import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/kubook.js", import.meta.url));

describe("the kubook executable", () => {
  it("runs on the pinned Node and prints its version", () => {
    const out = execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    expect(out).toBe("kubook 0.1.0 (simulates Kubernetes v1.34.0 on a kind-style cluster)\n");
  });

  // The machines ship Node 20 at /usr/bin/node; kubook must refuse it clearly rather than crash on .ts imports.
  const systemNode = "/usr/bin/node";
  const systemMajor = existsSync(systemNode)
    ? Number(execFileSync(systemNode, ["-p", "process.versions.node.split('.')[0]"], { encoding: "utf8" }).trim())
    : 0;
  it.runIf(systemMajor > 0 && systemMajor < 24)(
    "explains that it needs Node 24 when started with an older Node",
    () => {
      const r = spawnSync(systemNode, [bin, "--version"], { encoding: "utf8" });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(
        /^kubook: this is Node v\d+\.\d+\.\d+; kubook needs Node 24 or newer\.\nRun it as `npx kubook …` or through `npm run`, which use the Node 24 that `npm install` put in node_modules\.\n$/,
      );
    },
  );
});
