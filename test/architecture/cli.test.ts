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

describe("kubook shell", () => {
  function shell(args: string[], script: string) {
    let stdout = "";
    let stderr = "";
    return main(["shell", ...args], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      readAll: async () => script,
    }).then((code) => ({ code, stdout, stderr }));
  }

  it("runs a script from stdin on one cluster, prints stdout and stderr, and exits with the last status", async () => {
    const r = await shell([], "kubectl get ns default\nkubectl get svc nope\n");
    expect(r).toEqual({
      code: 1,
      stdout: "NAME      STATUS   AGE\ndefault   Active   2s\n",
      stderr: 'Error from server (NotFound): services "nope" not found\n',
    });
  });

  it("keeps the cluster across lines and follows a pod shell until exit", async () => {
    const r = await shell(
      ["--seed", "7", "--nodes", "2"],
      "kubectl get nodes -o name\nkubectl run bb --image=busybox -it --rm --restart=Never\nhostname\nexit\nkubectl get pods\n",
    );
    expect(r.stdout).toBe('node/kind-control-plane\nnode/kind-worker\nbb\npod "bb" deleted from default namespace\n');
    expect(r.stderr).toContain("If you don't see a command prompt, try pressing enter.\n");
    expect(r.stderr.endsWith("No resources found in default namespace.\n")).toBe(true);
    expect(r.code).toBe(0);
  });

  it("stops reading at exit on the workstation", async () => {
    const r = await shell([], "exit 3\necho never\n");
    expect(r).toEqual({ code: 3, stdout: "", stderr: "" });
  });

  it("rejects an unknown option and a bad number with exit code 2", async () => {
    expect((await shell(["--sed", "1"], "")).stderr).toBe(
      "kubook shell: unknown option \"--sed\"\nRun 'kubook shell --help' for usage.\n",
    );
    expect((await shell(["--nodes", "many"], "")).code).toBe(2);
  });
});
