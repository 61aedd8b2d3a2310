/**
 * Shell blocks → commands. With prompts, a prompt line starts a command, `> ` lines and the
 * lines an unfinished command needs (open quote, trailing `\`, heredoc body, `if … fi`) continue
 * it, and the lines after it until the next prompt are its expected output. Without prompts,
 * every complete line (or run of lines) is a command. Pod prompts count after a command that
 * opens an interactive shell in a pod, until `exit`; that state carries from block to block.
 */

export interface ShellState {
  podShell: boolean;
}

export interface SplitCommand {
  /** 0-based line of the block where the command starts. */
  readonly line: number;
  readonly text: string;
  /** Expected output lines (prompt form only). */
  readonly expected?: string;
  /** 0-based line of the first expected line. */
  readonly expectedLine?: number;
}

export type ShellProblem =
  | { readonly kind: "output-without-command"; readonly line: number }
  | { readonly kind: "incomplete"; readonly line: number; readonly why: Incomplete };

export interface SplitResult {
  readonly commands: readonly SplitCommand[];
  readonly problems: readonly ShellProblem[];
}

const workstationPrompt = /^\$(?: |$)/;
const podPrompts = [/^[#$](?: |$)/, /^[/~]\S* [#$](?: |$)/, /^[\w.-]+@[\w.-]+:\S*[#$](?: |$)/];

/** The prompt at the start of `line` in this state, or undefined. */
export function promptOf(line: string, podShell: boolean): string | undefined {
  const ws = workstationPrompt.exec(line);
  if (ws) return ws[0];
  if (!podShell) return undefined;
  for (const re of podPrompts) {
    const m = re.exec(line);
    if (m) return m[0];
  }
  return undefined;
}

export function splitShell(content: string, state: ShellState): SplitResult {
  const lines = content.split("\n");
  let podShell = state.podShell;
  // Prompted when a line that would start a command (not a heredoc body or a continuation) is a prompt.
  const plain = splitPlain(lines, podShell);
  const prompted = plain.commands.some((c) => promptOf(lines[c.line]!, podShell) !== undefined);
  const result = prompted ? splitPrompted(lines, podShell) : plain;
  podShell = result.podShell;
  state.podShell = podShell;
  return { commands: result.commands, problems: result.problems };
}

interface Split {
  commands: SplitCommand[];
  problems: ShellProblem[];
  podShell: boolean;
}

function splitPrompted(lines: readonly string[], startInPod: boolean): Split {
  const commands: SplitCommand[] = [];
  const problems: ShellProblem[] = [];
  let podShell = startInPod;
  let i = 0;
  // Text before the first prompt belongs to no command.
  while (i < lines.length && promptOf(lines[i]!, podShell) === undefined) {
    if (lines[i]!.trim() !== "") {
      problems.push({ kind: "output-without-command", line: i });
      break;
    }
    i++;
  }
  while (i < lines.length && promptOf(lines[i]!, podShell) === undefined) i++;
  while (i < lines.length) {
    const first = i;
    const prompt = promptOf(lines[i]!, podShell)!;
    const parts = [lines[i]!.slice(prompt.length)];
    i++;
    const scanner = new CommandScanner();
    scanner.feed(parts[0]!);
    let scan = scanner.incomplete();
    while (i < lines.length) {
      const line = lines[i]!;
      let part: string;
      if (/^>(?: |$)/.test(line) && promptOf(line, podShell) === undefined) part = line.replace(/^> ?/, "");
      else if (scan !== undefined && promptOf(line, podShell) === undefined) part = line;
      else break;
      parts.push(part);
      scanner.feed(part);
      scan = scanner.incomplete();
      i++;
    }
    const text = parts.join("\n");
    if (scan !== undefined) problems.push({ kind: "incomplete", line: first, why: scan });
    const out: string[] = [];
    const outStart = i;
    const nextPod = shellAfter(text, podShell);
    while (i < lines.length && promptOf(lines[i]!, nextPod) === undefined) out.push(lines[i++]!);
    while (out.length > 0 && out[out.length - 1]!.trim() === "") out.pop();
    if (text.trim() === "") {
      if (out.length > 0) problems.push({ kind: "output-without-command", line: outStart });
    } else
      commands.push({
        line: first,
        text,
        expected: out.join("\n"),
        ...(out.length > 0 ? { expectedLine: outStart } : {}),
      });
    podShell = nextPod;
  }
  return { commands, problems, podShell };
}

function splitPlain(lines: readonly string[], startInPod: boolean): Split {
  const commands: SplitCommand[] = [];
  const problems: ShellProblem[] = [];
  let podShell = startInPod;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) {
      i++;
      continue;
    }
    const first = i;
    const parts = [line];
    i++;
    const scanner = new CommandScanner();
    scanner.feed(line);
    let scan = scanner.incomplete();
    while (scan !== undefined && i < lines.length) {
      const part = lines[i++]!;
      parts.push(part);
      scanner.feed(part);
      scan = scanner.incomplete();
    }
    const text = parts.join("\n");
    if (scan !== undefined) problems.push({ kind: "incomplete", line: first, why: scan });
    commands.push({ line: first, text });
    podShell = shellAfter(text, podShell);
  }
  return { commands, problems, podShell };
}

/** Whether the shell is in a pod after `command` ran in the given state. */
function shellAfter(command: string, podShell: boolean): boolean {
  if (podShell) return !/^\s*exit(?:\s+\d+)?\s*;?\s*$/.test(command);
  return opensPodShell(command);
}

const shells = new Set(["sh", "bash", "ash", "zsh", "dash"]);

/**
 * `kubectl exec -it POD -- sh`, `kubectl run -it NAME --image=busybox` (no command, or a
 * shell), `kubectl debug -it …`, `kubectl attach -it …`: the learner is now typing into a pod.
 */
export function opensPodShell(command: string): boolean {
  const words = command.trim().split(/\s+/);
  if (words[0] !== "kubectl") return false;
  const dashdash = words.indexOf("--");
  const flags = dashdash === -1 ? words : words.slice(0, dashdash);
  const verb = flags.slice(1).find((w) => !w.startsWith("-"));
  if (verb !== "exec" && verb !== "run" && verb !== "debug" && verb !== "attach") return false;
  const interactive = flags.some(
    (w) => /^-[a-zA-Z]*[it][a-zA-Z]*$/.test(w) || /^--(?:stdin|tty)(?:=true)?$/.test(w) || /^-[it]=true$/.test(w),
  );
  if (!interactive) return false;
  const argv = dashdash === -1 ? [] : words.slice(dashdash + 1);
  if (argv.length === 0) return verb !== "exec";
  const program = argv[0]!.split("/").pop()!;
  return shells.has(program) && !argv.includes("-c");
}

export type Incomplete = "quote" | "backslash" | "heredoc" | "operator" | "compound";

/** Why `text` is not yet a complete shell command, or undefined when it is. */
export function scanCommand(text: string): Incomplete | undefined {
  const scanner = new CommandScanner();
  for (const line of text.split("\n")) scanner.feed(line);
  return scanner.incomplete();
}

/** Reads a command line by line (so a long command costs linear time) and says whether it is complete. */
export class CommandScanner {
  private quote: "'" | '"' | undefined;
  private depth = 0;
  private readonly heredocs: { delim: string; strip: boolean }[] = [];
  private inHeredoc: { delim: string; strip: boolean } | undefined;
  private lastToken = "";
  private backslash = false;

  feed(line: string): void {
    this.backslash = false;
    if (this.inHeredoc) {
      const body = this.inHeredoc.strip ? line.replace(/^\t+/, "") : line;
      if (body === this.inHeredoc.delim) this.inHeredoc = this.heredocs.shift();
      return;
    }
    let commandPosition = this.quote === undefined;
    let word = "";
    const endWord = () => {
      if (word !== "" && commandPosition) {
        if (word === "if" || word === "case" || word === "for" || word === "while" || word === "until" || word === "{")
          this.depth++;
        else if (word === "fi" || word === "esac" || word === "done" || word === "}") this.depth--;
        commandPosition = ["then", "do", "else", "elif", "if", "while", "until", "!", "{", "time"].includes(word);
      } else if (word !== "") commandPosition = false;
      if (word !== "") this.lastToken = word;
      word = "";
    };
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (this.quote === "'") {
        if (c === "'") this.quote = undefined;
        continue;
      }
      if (this.quote === '"') {
        if (c === "\\") i++;
        else if (c === '"') this.quote = undefined;
        continue;
      }
      if (c === "\\") {
        if (i === line.length - 1) this.backslash = true;
        word += line.slice(i, i + 2);
        i++;
        continue;
      }
      if (c === "'" || c === '"') {
        this.quote = c;
        word += c;
        continue;
      }
      if (c === "#" && word === "") break;
      if (line.startsWith("<<<", i)) {
        word += "<<<";
        i += 2;
        continue;
      }
      if (c === "<" && line[i + 1] === "<") {
        endWord();
        const m = /^<<(-?)\s*(?:'([^']*)'|"([^"]*)"|\\?([\w.-]+))/.exec(line.slice(i, i + 256));
        if (m) {
          this.heredocs.push({ delim: m[2] ?? m[3] ?? m[4]!, strip: m[1] === "-" });
          i += m[0].length - 1;
          this.lastToken = "<<";
          continue;
        }
      }
      if (c === " " || c === "\t") {
        endWord();
        continue;
      }
      if (c === ";" || c === "|" || c === "&" || c === "(" || c === ")") {
        endWord();
        let op = c;
        while (i + 1 < line.length && "|&;".includes(line[i + 1]!) && op.length < 2) op += line[++i];
        this.lastToken = op;
        commandPosition = op !== ")";
        continue;
      }
      word += c;
    }
    endWord();
    if (this.quote === undefined && !this.backslash && this.heredocs.length > 0) this.inHeredoc = this.heredocs.shift();
  }

  incomplete(): Incomplete | undefined {
    if (this.quote !== undefined) return "quote";
    if (this.backslash) return "backslash";
    if (this.inHeredoc || this.heredocs.length > 0) return "heredoc";
    if (this.lastToken === "|" || this.lastToken === "&&" || this.lastToken === "||") return "operator";
    if (this.depth > 0) return "compound";
    return undefined;
  }
}
