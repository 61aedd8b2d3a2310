import { describe, expect, it } from "vitest";
import { helpText, main, versionText } from "../../engine/node/cli.ts";

function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  return main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }).then((code) => ({
    code,
    stdout,
    stderr,
  }));
}

describe("the kubook command", () => {
  it("prints its version and the Kubernetes version it simulates", async () => {
    expect(await run(["--version"])).toEqual({ code: 0, stdout: versionText(), stderr: "" });
    expect(versionText()).toBe("kubook 0.1.0 (simulates Kubernetes v1.34.0 on a kind-style cluster)\n");
  });

  it("prints help for --help, -h and no arguments", async () => {
    for (const args of [["--help"], ["-h"], []])
      expect(await run(args)).toEqual({ code: 0, stdout: helpText(), stderr: "" });
  });

  it("reports an unknown command on stderr with exit code 2", async () => {
    expect(await run(["chek"])).toEqual({
      code: 2,
      stdout: "",
      stderr: `kubook: unknown command "chek"\nRun 'kubook --help' for usage.\n`,
    });
  });

  it("reports an unknown option on stderr with exit code 2", async () => {
    expect(await run(["--frobnicate"])).toEqual({
      code: 2,
      stdout: "",
      stderr: `kubook: unknown option "--frobnicate"\nRun 'kubook --help' for usage.\n`,
    });
  });
});
