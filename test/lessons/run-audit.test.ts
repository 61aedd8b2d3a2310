import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lessonsCommand } from "../../engine/node/lessons.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

async function cli(command: "run" | "audit", args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await lessonsCommand(command, args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: root,
    env: {},
  });
  return { code, stdout, stderr };
}

function golden(path: string, actual: string): string {
  if (process.env.UPDATE || !existsSync(path)) writeFileSync(path, actual);
  return readFileSync(path, "utf8");
}

describe("kubook run", () => {
  it("prints each command of a lesson with the simulated cluster's output", async () => {
    const r = await cli("run", ["test/fixtures/run/basic.md"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "# test/fixtures/run/basic.md\n$ kubectl apply -f pod.yaml\npod/web created\n$ kubectl wait --for=condition=Ready pod/web\npod/web condition met\n$ kubectl get pod web -o jsonpath='{.status.phase}{\"\\n\"}'\nRunning\n2 passed, 0 failed\n",
    );
  });

  it("gives the same transcript as JSON, in check's schema", async () => {
    const r = await cli("run", ["test/fixtures/run/basic.md", "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toEqual({ passed: 2, failed: 0, skipped: 0 });
    expect(
      doc.files[0].blocks[1].commands.map((c: { command: string; exitCode: number }) => [c.command, c.exitCode]),
    ).toEqual([
      ["kubectl apply -f pod.yaml", 0],
      ["kubectl wait --for=condition=Ready pod/web", 0],
      ["kubectl get pod web -o jsonpath='{.status.phase}{\"\\n\"}'", 0],
    ]);
  });

  it("asks for a file when given none", async () => {
    expect(await cli("run", [])).toEqual({
      code: 2,
      stdout: "",
      stderr: "kubook run: name at least one Markdown file\nRun 'kubook run --help' for usage.\n",
    });
  });
});

describe("kubook audit", () => {
  const dir = join(root, "test/fixtures/audit");
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()) {
    it(`reports what ${name} gets wrong, with the fix`, async () => {
      const r = await cli("audit", [`test/fixtures/audit/${name}`]);
      expect(r.stdout).toBe(golden(join(dir, name.replace(/\.md$/, ".report")), r.stdout));
      expect(r.code).toBe(r.stdout.includes("  error  ") ? 1 : 0);
    });
  }
});
