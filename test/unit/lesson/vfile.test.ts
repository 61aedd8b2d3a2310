import { describe, expect, it } from "vitest";
import { compileLesson, toVFile } from "#lesson";

describe("diagnostics as vfile messages", () => {
  it("keep the position, rule id, source, severity and language of each diagnostic", () => {
    const source = "---\ntitle: t\ndescription: d\norder: 1\n---\n\n```sh exitt=1\n$ true\n```\n";
    const lesson = compileLesson("x.md", source);
    const file = toVFile("x.md", source, lesson.diagnostics, "en");
    expect(file.messages).toHaveLength(1);
    const m = file.messages[0]!;
    expect([m.line, m.column, m.ruleId, m.source, m.fatal]).toEqual([7, 7, "unknown-attribute", "kubook", true]);
    expect(m.reason).toContain("exitt");
    expect(String(file.path)).toBe("x.md");
  });
});
