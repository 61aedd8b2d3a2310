/**
 * The terminal's line editor, DOM-free (unit-tested in Node): key parsing, the line being
 * typed with its cursor and history, and the escape sequences that redraw it in xterm.js
 * (wrapping over several rows and double-width Hangul included).
 */

export type Key =
  | { readonly kind: "text"; readonly text: string }
  | {
      readonly kind: "key";
      readonly name:
        | "enter"
        | "backspace"
        | "delete"
        | "left"
        | "right"
        | "home"
        | "end"
        | "up"
        | "down"
        | "ctrl-c"
        | "ctrl-d"
        | "ctrl-l"
        | "ctrl-u"
        | "ctrl-k"
        | "ctrl-w"
        | "tab"
        | "ignored";
    };

const sequences: readonly (readonly [string, string])[] = [
  ["\x1b[A", "up"],
  ["\x1bOA", "up"],
  ["\x1b[B", "down"],
  ["\x1bOB", "down"],
  ["\x1b[C", "right"],
  ["\x1bOC", "right"],
  ["\x1b[D", "left"],
  ["\x1bOD", "left"],
  ["\x1b[H", "home"],
  ["\x1bOH", "home"],
  ["\x1b[1~", "home"],
  ["\x1b[7~", "home"],
  ["\x1b[F", "end"],
  ["\x1bOF", "end"],
  ["\x1b[4~", "end"],
  ["\x1b[8~", "end"],
  ["\x1b[3~", "delete"],
];

const controls: Record<string, string> = {
  "\r": "enter",
  "\n": "enter",
  "\x7f": "backspace",
  "\b": "backspace",
  "\x03": "ctrl-c",
  "\x04": "ctrl-d",
  "\x0c": "ctrl-l",
  "\x15": "ctrl-u",
  "\x0b": "ctrl-k",
  "\x17": "ctrl-w",
  "\x01": "home",
  "\x05": "end",
  "\x02": "left",
  "\x06": "right",
  "\x10": "up",
  "\x0e": "down",
  "\t": "tab",
};

/** Split what xterm's onData delivered (keys, escape sequences, pasted text) into keys. */
export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = "";
  const flush = () => {
    if (text) keys.push({ kind: "text", text });
    text = "";
  };
  for (let i = 0; i < data.length; ) {
    const c = data[i]!;
    if (c === "\x1b") {
      flush();
      const seq = sequences.find(([s]) => data.startsWith(s, i));
      if (seq) {
        keys.push({ kind: "key", name: seq[1] as never });
        i += seq[0].length;
        continue;
      }
      // An unknown CSI/SS3 sequence (F-keys, bracketed paste markers): skip it whole.
      const m = /^(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/.exec(data.slice(i + 1));
      keys.push({ kind: "key", name: "ignored" });
      i += 1 + (m?.[0].length ?? 0);
      continue;
    }
    const name = controls[c];
    if (name) {
      flush();
      keys.push({ kind: "key", name: name as never });
      // A pasted "\r\n" is one Enter.
      i += c === "\r" && data[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    if (c < " ") {
      flush();
      keys.push({ kind: "key", name: "ignored" });
      i++;
      continue;
    }
    text += c;
    i++;
  }
  flush();
  return keys;
}

/** Terminal cells a code point takes: 2 for East Asian wide/fullwidth (Hangul, CJK, emoji), 0 for combining marks. */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp === 0 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** The line being typed: code points, a cursor, and the history of submitted lines. */
export class LineEditor {
  private chars: string[] = [];
  private cursor = 0;
  private readonly history: string[] = [];
  /** Index into history while browsing it (history.length = the draft). */
  private browsing = 0;
  private draft = "";

  private readonly historySize: number;

  constructor(historySize = 500) {
    this.historySize = historySize;
  }

  get text(): string {
    return this.chars.join("");
  }

  get beforeCursor(): string {
    return this.chars.slice(0, this.cursor).join("");
  }

  get position(): number {
    return this.cursor;
  }

  insert(text: string): void {
    const add = Array.from(text);
    this.chars.splice(this.cursor, 0, ...add);
    this.cursor += add.length;
  }

  backspace(): boolean {
    if (this.cursor === 0) return false;
    this.chars.splice(--this.cursor, 1);
    return true;
  }

  delete(): boolean {
    if (this.cursor >= this.chars.length) return false;
    this.chars.splice(this.cursor, 1);
    return true;
  }

  left(): boolean {
    if (this.cursor === 0) return false;
    this.cursor--;
    return true;
  }

  right(): boolean {
    if (this.cursor >= this.chars.length) return false;
    this.cursor++;
    return true;
  }

  home(): void {
    this.cursor = 0;
  }

  end(): void {
    this.cursor = this.chars.length;
  }

  killBefore(): void {
    this.chars.splice(0, this.cursor);
    this.cursor = 0;
  }

  killAfter(): void {
    this.chars.length = this.cursor;
  }

  /** Ctrl-W: the word before the cursor and the spaces after it. */
  deleteWord(): void {
    let i = this.cursor;
    while (i > 0 && this.chars[i - 1] === " ") i--;
    while (i > 0 && this.chars[i - 1] !== " ") i--;
    this.chars.splice(i, this.cursor - i);
    this.cursor = i;
  }

  up(): boolean {
    if (this.browsing === 0) return false;
    if (this.browsing === this.history.length) this.draft = this.text;
    this.browsing--;
    this.set(this.history[this.browsing]!);
    return true;
  }

  down(): boolean {
    if (this.browsing >= this.history.length) return false;
    this.browsing++;
    this.set(this.browsing === this.history.length ? this.draft : this.history[this.browsing]!);
    return true;
  }

  /** Enter: the line, remembered in history unless blank or a repeat. */
  take(): string {
    const line = this.text;
    if (line.trim() !== "" && this.history.at(-1) !== line) {
      this.history.push(line);
      if (this.history.length > this.historySize) this.history.shift();
    }
    this.clear();
    return line;
  }

  /** Drop the line (Ctrl-C). */
  clear(): void {
    this.chars = [];
    this.cursor = 0;
    this.browsing = this.history.length;
    this.draft = "";
  }

  private set(text: string): void {
    this.chars = Array.from(text);
    this.cursor = this.chars.length;
  }
}

/**
 * Escape sequences that redraw `prompt + text` from the start of the prompt's row and leave
 * the cursor after `before` (a prefix of text). `from` is where the cursor is now, in cells
 * from the start of the prompt. Returns the output and the cursor's new offset.
 */
export function redraw(
  prompt: string,
  text: string,
  before: string,
  from: number,
  cols: number,
): { out: string; cursor: number } {
  const c = Math.max(cols, 1);
  let out = "";
  const row = Math.floor(from / c);
  if (row > 0) out += `\x1b[${row}A`;
  out += `\r${prompt}${text}\x1b[J`;
  let end = textWidth(prompt) + textWidth(text);
  // At the right margin xterm waits to wrap; step onto the next row so arithmetic holds.
  if (end > 0 && end % c === 0) out += " \r\x1b[K";
  const target = textWidth(prompt) + textWidth(before);
  const up = Math.floor(end / c) - Math.floor(target / c);
  if (up > 0) out += `\x1b[${up}A`;
  out += "\r";
  if (target % c > 0) out += `\x1b[${target % c}C`;
  end = target;
  return { out, cursor: end };
}

/** Plain text for xterm: "\n" → "\r\n". */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}
