/** Splitting shell blocks into commands: completeness, pod shells, and any input staying cheap. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileLesson } from "../../../../lesson/compile/index.ts";
import { opensPodShell, scanCommand, splitShell } from "../../../../lesson/compile/shell.ts";

describe("scanCommand", () => {
  it("says why a command is not complete yet", () => {
    const cases: [string, ReturnType<typeof scanCommand>][] = [
      ["kubectl get pods", undefined],
      ["echo 'it''s'", undefined],
      ['echo "a', "quote"],
      ["kubectl run x \\", "backslash"],
      ["cat <<EOF\nbody", "heredoc"],
      ["cat <<-'END'\n\tbody\n\tEND", undefined],
      ["cat <<EOF\n$ x\nEOF", undefined],
      ["grep -c a <<< 'abc'", undefined],
      ["kubectl get pods |", "operator"],
      ["true &&", "operator"],
      ["sleep 1 &", undefined],
      ["while true\ndo\n  date", "compound"],
      ["if true; then echo yes; fi", undefined],
      ["echo done", undefined],
      ["echo hi # a comment with 'quote", undefined],
      ["kubectl get pods -o jsonpath='{.items[*].metadata.name}'", undefined],
    ];
    expect(cases.map(([text]) => [text, scanCommand(text)])).toEqual(cases);
  });
});

describe("opensPodShell", () => {
  it("opens for interactive shells in pods and not for one-off commands", () => {
    const cases: [string, boolean][] = [
      ["kubectl exec -it web -- sh", true],
      ["kubectl exec -ti deploy/web -c nginx -- /bin/bash", true],
      ["kubectl exec --stdin --tty web -- ash", true],
      ["kubectl exec -it web -- sh -c 'ls'", false],
      ["kubectl exec web -- sh", false],
      ["kubectl exec -it web", false],
      ["kubectl run -it --rm tmp --image=busybox", true],
      ["kubectl run tmp -i --tty --image=busybox -- sh", true],
      ["kubectl run -it --rm tmp --image=curlimages/curl -- curl web", false],
      ["kubectl debug -it web --image=busybox", true],
      ["kubectl get pods -it", false],
      ["docker exec -it web sh", false],
    ];
    expect(cases.map(([text]) => [text, opensPodShell(text)])).toEqual(cases);
  });

  it("keeps the pod shell open across blocks until exit", () => {
    const state = { podShell: false };
    splitShell("$ kubectl exec -it web -- sh\n/ # ls", state);
    expect(state).toEqual({ podShell: true });
    expect(splitShell("/ # hostname\nweb\n/ # exit\n$ pwd", state)).toEqual({
      commands: [
        { line: 0, text: "hostname", expected: "web", expectedLine: 1 },
        { line: 2, text: "exit", expected: "" },
        { line: 3, text: "pwd", expected: "" },
      ],
      problems: [],
    });
    expect(state).toEqual({ podShell: false });
  });
});

describe("any input", () => {
  it("compiles any Markdown-ish text to a Lesson without an internal error", () => {
    const piece = fc.constantFrom(
      "\n",
      "\n\n",
      "---\n",
      "```",
      "```sh",
      '```yaml title="a.yaml"',
      "~~~",
      "$ ",
      "> ",
      "/ # ",
      "<!-- kubook:hidden\n",
      "<!-- kubook:assert\n",
      '<!-- kubook:exercise id="x" title="y" -->',
      "<!-- kubook:check\n",
      "<!-- kubook:end-exercise -->",
      "-->",
      "<details>",
      "<summary>힌트</summary>",
      "<summary>풀이</summary>",
      "</details>",
      "endpoints: { service: web }",
      "kubectl exec -it web -- sh",
      "cat <<EOF",
      "EOF",
      "\\",
      "'",
      "\t",
      "- ",
      "exit",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 40 }), (pieces) => {
        const result = compileLesson("x.md", pieces.join(""));
        expect(result.diagnostics.filter((d) => d.ruleId === "kubook/internal-error")).toEqual([]);
      }),
      { numRuns: 300, seed: Number(process.env.FC_SEED ?? 42) },
    );
  });
});
