/**
 * describe's PrefixWriter over a tabwriter (k/kubectl pkg/describe `prefixWriter`,
 * `tabbedString`): `write(level, text)` indents by two spaces per level, and every write is
 * terminal-escaped (cli-runtime `printers.WriteEscaped`: ESC → `^[`, CR → `\r`) so that an
 * object's text cannot move the learner's cursor.
 */
import { TabWriter } from "./tabwriter.ts";

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

export class PrefixWriter {
  private readonly tw = new TabWriter({ minwidth: 0, padding: 2, padchar: " " });

  write(level: number, text: string): void {
    this.tw.write(escapeTerminal("  ".repeat(level) + text));
  }

  /** fmt.Sprintln: the text and a newline, with no indentation. */
  writeLine(text: string): void {
    this.tw.write(escapeTerminal(`${text}\n`));
  }

  /** Align what was written so far on its own (DescribeEvents does this before its table). */
  flush(): void {
    this.tw.flush();
  }

  /** The formatted text (`tabbedString`'s result). */
  done(): string {
    return this.tw.finish();
  }
}

export function escapeTerminal(s: string): string {
  return s.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");
}

/** Run a describer body against a fresh writer and return its text. */
export function tabbedString(body: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  body(w);
  return w.done();
}
