/**
 * The terminal panel (lazy chunk): xterm.js attached to the page's LessonPlayer shell, with
 * a line editor (line-editor.ts). Everything goes through the controller's queue, so a
 * command line never interleaves with a Run; a line handed to the shell marks the player
 * dirty, and the next Run starts again from a fresh cluster.
 *
 * Editors: the workstation has no full-screen editor, so `vi FILE`, `vim FILE`, `nano FILE`
 * and `kubook-edit FILE` open a text panel over the terminal, and `kubectl edit …` (without
 * KUBE_EDITOR/EDITOR set) runs kubectl twice with a non-interactive KUBE_EDITOR: once to get
 * the object as kubectl writes it (header comment included), then — after the reader saves
 * the panel — to write it back through kubectl's own edit path.
 */
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import type { ShellStep } from "#engine";
import type { Controller } from "./controller.ts";
import { editText } from "./editor-panel.ts";
import { crlf, type Key, LineEditor, parseKeys, redraw } from "./line-editor.ts";
import { kubookState } from "./state.ts";

const dim = (s: string) => `\x1b[2m${s}\x1b[0m`;

const notices = {
  run: "실행 버튼이 클러스터를 바꿨다. 이어서 명령을 입력할 수 있다.",
  reset: "클러스터를 처음부터 다시 만들었다.",
  check: "",
};

export interface TerminalHandle {
  readonly terminal: Terminal;
  dispose(): void;
}

export function mountTerminal(host: HTMLElement, controller: Controller): TerminalHandle {
  const dark = matchMedia?.("(prefers-color-scheme: dark)").matches;
  const term = new Terminal({
    convertEol: false,
    cursorBlink: true,
    fontFamily: 'ui-monospace, "SFMono-Regular", "D2Coding", Menlo, Consolas, monospace',
    fontSize: 14,
    scrollback: 5000,
    theme: dark ? undefined : { background: "#1e1e2e", foreground: "#e6e6e6" },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  const box = document.createElement("div");
  box.className = "kb-xterm";
  host.append(box);
  term.open(box);
  const refit = () => {
    try {
      fit.fit();
    } catch {
      // Not laid out yet.
    }
  };
  refit();
  const resize = new ResizeObserver(refit);
  resize.observe(box);

  const editor = new LineEditor();
  const runtime = controller.runtime;
  let cursor = 0; // cells from the start of the prompt
  let prompt = "";
  let executing = false;
  let ended = false;
  const keys: Key[] = [];

  const draw = () => {
    const r = redraw(prompt, editor.text, editor.beforeCursor, cursor, term.cols);
    term.write(r.out);
    cursor = r.cursor;
  };
  const showPrompt = () => {
    prompt = ended ? "" : runtime.player.shell.prompt;
    cursor = 0;
    draw();
  };
  const newline = () => {
    editor.end();
    draw();
    term.write("\r\n");
    cursor = 0;
  };

  const writeSteps = (steps: readonly ShellStep[]) => {
    for (const s of steps) {
      for (const c of s.chunks) term.write(crlf(c.text));
      for (const n of s.notes) term.write(crlf(dim(`${n}\n`)));
    }
  };

  /** Feed lines to the shell and print what they completed. */
  const feed = async (lines: readonly string[]): Promise<ShellStep[]> => {
    const shell = runtime.player.shell;
    const steps: ShellStep[] = [];
    for (const l of lines) steps.push(...(await shell.input(l)));
    return steps;
  };

  const execute = async (line: string) => {
    await controller.exclusive(async () => {
      const shell = runtime.player.shell;
      if (ended) {
        runtime.reset();
        ended = false;
        term.write(dim(`${notices.reset}\r\n`));
        return;
      }
      if (line.trim() === "" && !shell.pending) return;
      runtime.markDirty();
      kubookState().lines++;
      if (!shell.pending && shell.context.kind === "workstation") {
        const file = /^\s*(?:vi|vim|nano|kubook-edit)\s+([^\s;&|<>$`'"\\]+)\s*$/.exec(line)?.[1];
        if (file) return editFile(file);
        if (/^\s*kubectl\s+edit(?:\s|$)/.test(line) && !/[;&|<>`$]/.test(line) && !hasEditor())
          return kubectlEdit(line);
      }
      writeSteps(await feed([line]));
      if (shell.ended) {
        ended = true;
        term.write(dim("\r\n셸이 끝났다. Enter를 누르면 클러스터를 처음부터 다시 만든다.\r\n"));
      }
    });
  };

  const hasEditor = () => {
    const env = runtime.player.shell.context.env ?? {};
    return Boolean(env.KUBE_EDITOR || env.EDITOR);
  };

  const editFile = async (file: string) => {
    const shell = runtime.player.shell;
    const cwd = shell.context.cwd;
    const path = file.startsWith("/") ? file : file.startsWith("~/") ? file : `${cwd.replace(/\/$/, "")}/${file}`;
    const full = path.startsWith("~/") ? path.slice(2) : path;
    const before = (await shell.readFile(full)) ?? "";
    const after = await editText(file, before);
    if (after !== undefined && after !== before) await shell.writeFile(full, after);
    term.write(dim(after === undefined ? `(${file}: 저장하지 않았다)\r\n` : `(${file}: 저장했다)\r\n`));
    term.focus();
  };

  const kubectlEdit = async (line: string) => {
    const shell = runtime.player.shell;
    const inFile = "/tmp/.kubook-edit-in";
    const outFile = "/tmp/.kubook-edit-out";
    await shell.writeFile(inFile, "");
    const first = await feed([`KUBE_EDITOR='tee ${inFile} <' ${line.trim()}`]);
    const original = (await shell.readFile(inFile)) ?? "";
    if (original === "") {
      // kubectl stopped before opening an editor (no such object, bad flags): its message.
      writeSteps(first);
      return;
    }
    const edited = await editText(line.trim(), original);
    if (edited === undefined || edited === original) {
      writeSteps(first); // "Edit cancelled, no changes made."
      term.focus();
      return;
    }
    await shell.writeFile(outFile, edited);
    writeSteps(await feed([`KUBE_EDITOR='cp ${outFile}' ${line.trim()}`]));
    term.focus();
  };

  const handle = async (key: Key): Promise<void> => {
    if (key.kind === "text") {
      editor.insert(key.text);
      draw();
      return;
    }
    switch (key.name) {
      case "enter": {
        newline();
        const line = editor.take();
        executing = true;
        try {
          await execute(line);
        } catch (e) {
          term.write(`\r\nkubook: ${e instanceof Error ? e.message : String(e)}\r\n`);
          console.error(e);
        } finally {
          executing = false;
        }
        showPrompt();
        return;
      }
      case "backspace":
        if (editor.backspace()) draw();
        return;
      case "delete":
        if (editor.delete()) draw();
        return;
      case "ctrl-d":
        if (editor.text !== "" && editor.delete()) draw();
        return;
      case "left":
        if (editor.left()) draw();
        return;
      case "right":
        if (editor.right()) draw();
        return;
      case "home":
        editor.home();
        draw();
        return;
      case "end":
        editor.end();
        draw();
        return;
      case "up":
        if (editor.up()) draw();
        return;
      case "down":
        if (editor.down()) draw();
        return;
      case "ctrl-u":
        editor.killBefore();
        draw();
        return;
      case "ctrl-k":
        editor.killAfter();
        draw();
        return;
      case "ctrl-w":
        editor.deleteWord();
        draw();
        return;
      case "ctrl-c": {
        editor.end();
        draw();
        term.write("^C\r\n");
        editor.clear();
        await controller.exclusive(() => runtime.player.shell.cancel());
        showPrompt();
        return;
      }
      case "ctrl-l":
        term.write("\x1b[H\x1b[2J");
        term.clear();
        cursor = 0;
        draw();
        return;
      default:
        return;
    }
  };

  let pumping = false;
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (keys.length > 0) await handle(keys.shift()!);
    } finally {
      pumping = false;
    }
  };

  const data = term.onData((d) => {
    keys.push(...parseKeys(d));
    void pump();
  });

  // A Run, Reset or Check changed the player: say so and show a fresh prompt.
  const unlisten = controller.onChange((reason) => {
    if (executing) return;
    const notice = notices[reason];
    if (!notice) return;
    ended = false;
    editor.end();
    draw();
    term.write(`\r\n${dim(notice)}\r\n`);
    showPrompt();
  });

  term.write(
    dim(
      "kubook 터미널 — 이 레슨의 시뮬레이션 클러스터(kind, Kubernetes v1.34)다. 여기서 명령을 실행한 뒤 실행 버튼을 누르면 클러스터를 처음부터 다시 재생한다.\r\n",
    ),
  );
  showPrompt();
  term.focus();

  return {
    terminal: term,
    dispose() {
      data.dispose();
      unlisten();
      resize.disconnect();
      term.dispose();
      box.remove();
    },
  };
}
