import { describe, expect, it } from "vitest";
import {
  editHeader,
  editorFromEnv,
  hasLines,
  headerWith,
  manualStrip,
  stripComments,
} from "../../../../engine/kubectl/cmd/edit.ts";

describe("kubectl edit's file handling", () => {
  it("puts each reason to re-edit under the header, causes as bullets", () => {
    expect(
      headerWith([{ head: 'services "web" was not valid', other: ["spec.ports[0].port: Invalid value: 70000"] }]),
    ).toBe(`${editHeader}# services "web" was not valid:\n# * spec.ports[0].port: Invalid value: 70000\n#\n`);
    expect(headerWith([{ head: "line one\nline two", other: [] }])).toBe(`${editHeader}# line one\n# line two\n#\n`);
  });

  it("treats a file that only changed comments or layout as unchanged", () => {
    expect(stripComments("# hi\na: 1\nb: [x]\n")).toBe(stripComments("b:\n- x\na: 1\n"));
    expect(manualStrip("# c\na: [\n#! keep\n")).toBe("a: [\n#! keep\n");
  });

  it("sees a file of only comments and blank lines as empty", () => {
    expect(hasLines("# a\n\n   \n#b\n")).toBe(false);
    expect(hasLines("# a\nkind: Service\n")).toBe(true);
  });

  it("picks KUBE_EDITOR over EDITOR and runs editors with quotes through the shell", () => {
    expect(editorFromEnv({})).toBeUndefined();
    expect(editorFromEnv({ EDITOR: "nano", KUBE_EDITOR: "true" })).toEqual({
      command: "true",
      display: "true",
      shell: false,
    });
    expect(editorFromEnv({ EDITOR: "sed -i 's/a/b/'" })).toEqual({
      command: "sed -i 's/a/b/'",
      display: "/bin/bash -c sed -i 's/a/b/'",
      shell: true,
    });
  });
});
