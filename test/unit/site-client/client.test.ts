/**
 * The site's browser client (site/client/) on its DOM-free parts: a Run on any block, from
 * any earlier state, prints exactly what the build printed; exercise checks; the output
 * layout; the terminal's line editor. site/client is outside the test project (it has DOM
 * types), so its modules are imported by URL with the few types used here written out.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { type BlockResult, compileLesson, type Lesson, runLesson } from "#lesson";

interface RunLike {
  readonly prompt: string;
  readonly command: string;
  readonly output: string;
}
interface Style {
  readonly header: boolean;
  readonly continuation: boolean;
  readonly trimEnd: boolean;
}
interface Runtime {
  readonly position: number;
  readonly dirty: boolean;
  markDirty(): void;
  reset(): void;
  run(index: number, hooks?: { onReplay?: (from: number, to: number, fresh: boolean) => void }): Promise<BlockResult>;
  check(index: number): Promise<{ ok: boolean; failures: readonly string[]; onReaderCluster: boolean }>;
  readonly player: { readonly shell: { input(line: string): Promise<unknown> } };
}
interface RuntimeModule {
  LessonRuntime: { create(lesson: Lesson): { ok: true; runtime: Runtime } | { ok: false; message: string } };
}
interface FormatModule {
  defaultStyle: Style;
  formatBlock(runs: readonly RunLike[], style?: Style): string;
  detectStyle(runs: readonly RunLike[], text: string): Style | undefined;
}
type Key = { kind: "text"; text: string } | { kind: "key"; name: string };
interface EditorModule {
  parseKeys(data: string): Key[];
  textWidth(s: string): number;
  redraw(prompt: string, text: string, before: string, from: number, cols: number): { out: string; cursor: number };
  LineEditor: new () => {
    readonly text: string;
    readonly beforeCursor: string;
    insert(t: string): void;
    backspace(): boolean;
    delete(): boolean;
    left(): boolean;
    right(): boolean;
    home(): void;
    end(): void;
    up(): boolean;
    down(): boolean;
    deleteWord(): void;
    take(): string;
    clear(): void;
  };
}

const client = <T>(file: string): Promise<T> => import(new URL(`../../../site/client/${file}`, import.meta.url).href);
const lessonOf = (name: string) =>
  compileLesson(name, readFileSync(new URL(`../../../content/${name}`, import.meta.url), "utf8"));

let runtimeModule: RuntimeModule;
let format: FormatModule;
let editor: EditorModule;
beforeAll(async () => {
  runtimeModule = await client<RuntimeModule>("runtime.ts");
  format = await client<FormatModule>("format.ts");
  editor = await client<EditorModule>("line-editor.ts");
});

function runtimeFor(lesson: Lesson): Runtime {
  const created = runtimeModule.LessonRuntime.create(lesson);
  if (!created.ok) throw new Error(created.message);
  return created.runtime;
}

describe.each(["01-clusterip.md", "02-troubleshooting.md"])("Run buttons on %s", (name) => {
  const lesson = lessonOf(name);
  let build: readonly BlockResult[];
  beforeAll(async () => {
    build = (await runLesson(lesson)).result.blocks;
  });
  const shown = (b: BlockResult) => format.formatBlock(b.commands);

  it("prints the build's output for every block, run in page order", async () => {
    const rt = runtimeFor(lesson);
    for (let i = 0; i < lesson.steps.length; i++) {
      const r = await rt.run(i);
      expect(r.status, `block ${i}`).toBe(build[i]!.status);
      expect(shown(r), `block ${i}`).toBe(shown(build[i]!));
    }
  });

  it("replays from a fresh cluster when going back, and after the terminal touched the cluster", async () => {
    const rt = runtimeFor(lesson);
    const shells = lesson.steps.flatMap((s, i) => (s.kind === "shell" && !s.hidden ? [i] : []));
    const order = [...shells].reverse().filter((_, k) => k % 3 === 0);
    for (const i of order) {
      const replays: [number, number, boolean][] = [];
      const r = await rt.run(i, { onReplay: (from, to, fresh) => replays.push([from, to, fresh]) });
      expect(shown(r), `block ${i}`).toBe(shown(build[i]!));
      if (i > 0) expect(replays).toEqual([[0, i, order[0] !== i]]);
    }
    const last = shells.at(-1)!;
    await rt.run(last - 1 >= 0 ? shells.at(-2)! : last);
    await rt.player.shell.input("kubectl delete deployment --all");
    rt.markDirty();
    expect(shown(await rt.run(last))).toBe(shown(build[last]!));
    expect(rt.dirty).toBe(false);
  });

  it("checks exercises against the state before them, then against the reader's cluster", async () => {
    const rt = runtimeFor(lesson);
    const ex = lesson.steps.findIndex((s) => s.kind === "exercise");
    expect(ex).toBeGreaterThan(0);
    const before = await rt.check(ex);
    expect(before.ok).toBe(false);
    expect(before.onReaderCluster).toBe(false);
    expect(before.failures.length).toBeGreaterThan(0);
    expect(rt.dirty).toBe(true);
    // Running the exercise block plays its solution; the check then passes on that cluster.
    await rt.run(ex);
    const after = await rt.check(ex);
    expect(after).toMatchObject({ ok: true, onReaderCluster: true, failures: [] });
  });
});

describe("output layout", () => {
  const runs = [
    { prompt: "$ ", command: "kubectl get svc", output: "NAME\nweb\n" },
    { prompt: "$ ", command: "echo a \\\nb", output: "a b\n" },
  ];
  it("writes prompt, command and output like the kubook run transcript", () => {
    expect(format.formatBlock(runs)).toBe("$ kubectl get svc\nNAME\nweb\n$ echo a \\\nb\na b\n");
  });
  it("learns the static HTML's layout", () => {
    expect(format.detectStyle(runs, "$ kubectl get svc\nNAME\nweb\n$ echo a \\\n> b\na b")).toEqual({
      header: true,
      continuation: true,
      trimEnd: true,
    });
    expect(format.detectStyle(runs, "NAME\nweb\na b\n")).toMatchObject({ header: false });
    expect(format.detectStyle(runs, "something else")).toBeUndefined();
  });
});

describe("terminal line editor", () => {
  it("parses keys, escape sequences and pasted lines", () => {
    expect(editor.parseKeys("ab\x1b[D\x7f\r\ncd\x03\x1b[15~\x1b[3~")).toEqual([
      { kind: "text", text: "ab" },
      { kind: "key", name: "left" },
      { kind: "key", name: "backspace" },
      { kind: "key", name: "enter" },
      { kind: "text", text: "cd" },
      { kind: "key", name: "ctrl-c" },
      { kind: "key", name: "ignored" },
      { kind: "key", name: "delete" },
    ]);
  });

  it("edits a line with a cursor and browses history with a draft", () => {
    const e = new editor.LineEditor();
    e.insert("kubectl get po");
    e.left();
    e.insert("x");
    expect(e.text).toBe("kubectl get pxo");
    e.backspace();
    e.home();
    e.delete();
    expect(e.text).toBe("ubectl get po");
    e.end();
    e.deleteWord();
    expect(e.text).toBe("ubectl get ");
    expect(e.take()).toBe("ubectl get ");
    e.insert("ls");
    e.take();
    e.insert("draft 파드");
    expect(e.up()).toBe(true);
    expect(e.text).toBe("ls");
    e.up();
    expect(e.text).toBe("ubectl get ");
    expect(e.up()).toBe(false);
    e.down();
    e.down();
    expect(e.text).toBe("draft 파드");
    expect(e.down()).toBe(false);
  });

  it("counts Hangul as two cells and redraws across wrapped rows", () => {
    expect(editor.textWidth("ab파드")).toBe(6);
    // prompt "$ " + 10 cells in 8 columns: the cursor after 3 cells is on row 0, col 5.
    const r = editor.redraw("$ ", "0123456789", "012", 0, 8);
    expect(r.cursor).toBe(5);
    expect(r.out).toBe("\r$ 0123456789\x1b[J\x1b[1A\r\x1b[5C");
    // From offset 9 (row 1) back to the start before drawing.
    expect(editor.redraw("$ ", "", "", 9, 8).out.startsWith("\x1b[1A\r")).toBe(true);
    // Exactly at the margin: step onto the next row.
    expect(editor.redraw("$ ", "012345", "012345", 0, 8).out).toBe("\r$ 012345\x1b[J \r\x1b[K\r");
  });
});
