/**
 * Whether the lines typed so far form a complete command, as an interactive shell decides
 * before it runs anything (and shows its `> ` continuation prompt otherwise): an open
 * quote, `\` at the end, a pipe or `&&` with nothing after it, an unfinished `if`/`for`/`{`,
 * or a here-document whose delimiter line has not come yet.
 */
import { Bash } from "just-bash";

const heredocRe = /<<(-?)[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|\\?([A-Za-z_][\w.-]*))/g;

/** Here-documents opened by a line whose delimiter has not been seen on a later line. */
function openHeredoc(text: string): boolean {
  const lines = text.split("\n");
  const pending: { word: string; strip: boolean }[] = [];
  for (const line of lines) {
    if (pending.length > 0) {
      const head = pending[0]!;
      const candidate = head.strip ? line.replace(/^\t+/, "") : line;
      if (candidate === head.word) pending.shift();
      continue;
    }
    // Heredoc operators inside single quotes are text; a rough check is enough here.
    const unquoted = line.replace(/'[^']*'/g, "''");
    for (const m of unquoted.matchAll(heredocRe)) {
      if (m.index !== undefined && unquoted[m.index + 2] === "<") continue;
      pending.push({ word: (m[2] ?? m[3] ?? m[4])!, strip: m[1] === "-" });
    }
  }
  return pending.length > 0;
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
