/**
 * Whether the lines typed so far form a complete command, as an interactive shell decides
 * before it runs anything (and shows its `> ` continuation prompt otherwise): an open
 * quote, `\` at the end, a pipe or `&&` with nothing after it, an unfinished `if`/`for`/`{`,
 * or a here-document whose delimiter line has not come yet.
 */
import { Bash } from "just-bash";

const delimiterRe = /^<<(-?)[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|\\?([A-Za-z_][\w.-]*))/;

/** The here-documents a line opens, found outside quotes (`<<'EOF'`'s quotes are its own). */
function heredocsOpened(line: string): { word: string; strip: boolean }[] {
  const found: { word: string; strip: boolean }[] = [];
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === "\\" && quote === '"') i++;
      continue;
    }
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "#" && (i === 0 || /\s/.test(line[i - 1]!))) break;
    if (ch === "'" || ch === '"') {
      quote = ch;
      continue;
    }
    if (ch === "<" && line[i + 1] === "<" && line[i + 2] !== "<") {
      const m = delimiterRe.exec(line.slice(i));
      if (m) {
        found.push({ word: (m[2] ?? m[3] ?? m[4])!, strip: m[1] === "-" });
        i += m[0].length - 1;
      }
    }
  }
  return found;
}

/** The first here-document still open at the end of the text: its delimiter and opening line. */
export function unterminatedHeredoc(text: string): { word: string; line: number } | undefined {
  const pending: { word: string; strip: boolean; line: number }[] = [];
  text.split("\n").forEach((line, i) => {
    if (pending.length > 0) {
      const head = pending[0]!;
      const candidate = head.strip ? line.replace(/^\t+/, "") : line;
      if (candidate === head.word) pending.shift();
      return;
    }
    pending.push(...heredocsOpened(line).map((h) => ({ ...h, line: i + 1 })));
  });
  return pending[0];
}

function openHeredoc(text: string): boolean {
  return unterminatedHeredoc(text) !== undefined;
}

function endsWithContinuation(text: string): boolean {
  const last = text.split("\n").at(-1) ?? "";
  const trailing = /(\\+)$/.exec(last);
  if (trailing && trailing[1]!.length % 2 === 1) return true;
  const code = last.replace(/(^|\s)#.*$/, "").trimEnd();
  return /(\|\||&&|\|)$/.test(code);
}

/** just-bash's browser build exposes its parser only through `Bash.transform`. */
let parser: Bash | undefined;

export function parseScript(text: string): { ok: true; statements: number } | { ok: false; message: string } {
  parser ??= new Bash({});
  try {
    return { ok: true, statements: parser.transform(text).ast.statements.length };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** The syntax tree of one statement (for kubook's own guards, built from shell text). */
export function parseStatement(text: string): unknown {
  parser ??= new Bash({});
  return parser.transform(text).ast.statements[0];
}

export function isComplete(text: string): boolean {
  if (text.trim() === "") return true;
  if (endsWithContinuation(text)) return false;
  if (openHeredoc(text)) return false;
  const parsed = parseScript(text);
  if (parsed.ok) return true;
  {
    const message = parsed.message;
    if (/EOF/.test(message)) return false;
    const at = /at (\d+):(\d+)/.exec(message);
    if (at) {
      const lines = text.split("\n");
      const line = Number(at[1]);
      const col = Number(at[2]);
      if (line >= lines.length && col > (lines[lines.length - 1] ?? "").length) return false;
    }
    return true;
  }
}
