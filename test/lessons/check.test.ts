import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lessonsCommand } from "../../engine/node/lessons.ts";

/**
 * `kubook check` on broken lessons: each fixture in test/fixtures/lessons/ is a sample lesson
 * (or a small one) with a mistake; its whole report must equal NAME.report (UPDATE=1 rewrites
 * after a reviewed change). The sample lessons themselves are checked by `npm test` directly.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = join(root, "test/fixtures/lessons");

async function check(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await lessonsCommand("check", [...args, "--no-cache"], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: root,
    env: {},
  });
  return { code, stdout, stderr };
}

describe("kubook check on broken lessons", () => {
  for (const name of readdirSync(fixtures)
    .filter((f) => f.endsWith(".md"))
    .sort()) {
    it(`reports ${name} with positions, rule ids and diffs, and fails`, async () => {
      const r = await check([`test/fixtures/lessons/${name}`]);
      expect(r.code).toBe(1);
      const golden = join(fixtures, name.replace(/\.md$/, ".report"));
      if (process.env.UPDATE || !existsSync(golden)) writeFileSync(golden, r.stdout);
      expect(r.stdout).toBe(readFileSync(golden, "utf8"));
    });
  }

  it("prints one JSON document in the documented schema", async () => {
    const r = await check(["test/fixtures/lessons/unknown-attribute.md", "--json", "--lang", "en"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      files: [
        {
          path: "test/fixtures/lessons/unknown-attribute.md",
          diagnostics: [
            {
              line: 7,
              column: 7,
              severity: "error",
              ruleId: "kubook/unknown-attribute",
              message: expect.stringContaining("exitt"),
            },
          ],
          blocks: [
            {
              line: 7,
              kind: "shell",
              status: "skipped",
              message: "Not run: the lesson has compile errors.",
              commands: [],
            },
          ],
        },
      ],
      summary: { passed: 0, failed: 1, skipped: 1 },
    });
  });

  it("writes JUnit XML and GitHub Actions annotations", async () => {
    let stdout = "";
    await lessonsCommand("check", ["test/fixtures/lessons/tab-yaml.md", "--reporter", "junit", "--no-cache"], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      cwd: root,
      env: { GITHUB_ACTIONS: "true" },
    });
    expect(stdout).toMatch(
      /^::error file=test\/fixtures\/lessons\/tab-yaml\.md,line=13,col=1,title=kubook\/yaml-syntax::/m,
    );
    expect(stdout).toContain('<testsuite name="test/fixtures/lessons/tab-yaml.md" tests="3" failures="1" skipped="2">');
    expect(stdout).toContain('<failure message="svc.yaml: ');
  });

  it("rewrites mismatched expected outputs with --update and then passes", async () => {
    const tmp = join(root, "node_modules/.cache/kubook-test-update.md");
    writeFileSync(
      tmp,
      "---\ntitle: 갱신\ndescription: --update가 출력을 고친다.\norder: 1\n---\n\n```sh\n$ kubectl get ns default -o name\nnamespace/wrong\n```\n",
    );
    const first = await lessonsCommand("check", [tmp, "--update", "--no-cache"], {
      stdout: () => {},
      stderr: () => {},
      cwd: root,
      env: {},
    });
    expect(first).toBe(1);
    expect(readFileSync(tmp, "utf8")).toContain("$ kubectl get ns default -o name\nnamespace/default\n```");
    const second = await lessonsCommand("check", [tmp, "--no-cache"], {
      stdout: () => {},
      stderr: () => {},
      cwd: root,
      env: {},
    });
    expect(second).toBe(0);
  });

  it("says which paths do not exist and exits 2", async () => {
    const r = await check(["no/such/dir"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: "kubook check: no/such/dir: no such file or directory\n" });
  });
});

describe("kubook check's cache", () => {
  it("reuses a stored result for an unchanged lesson and judges it again with --no-cache", async () => {
    const { readdirSync: list, statSync: stat, unlinkSync } = await import("node:fs");
    const dir = join(root, "node_modules/.cache/kubook/results");
    const lesson = "test/fixtures/run/basic.md";
    const io = { stdout: () => {}, stderr: () => {}, cwd: root, env: {} };
    expect(await lessonsCommand("check", [lesson], io)).toBe(0);
    // The newest entry is this lesson's; plant a failure in it to see whether it is read back.
    const newest = list(dir)
      .map((f) => join(dir, f))
      .sort((a, b) => stat(b).mtimeMs - stat(a).mtimeMs)[0]!;
    const stored = JSON.parse(readFileSync(newest, "utf8"));
    writeFileSync(newest, JSON.stringify({ ...stored, summary: { ...stored.summary, failed: 1 } }));
    expect(await lessonsCommand("check", [lesson], io)).toBe(1);
    expect(await lessonsCommand("check", [lesson, "--no-cache"], io)).toBe(0);
    expect(await lessonsCommand("check", [lesson], io)).toBe(1);
    unlinkSync(newest);
  });
});
