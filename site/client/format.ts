/**
 * A block's terminal text from its commands as they ran: what the static HTML's
 * `[data-kubook-output]` holds. DOM-free (unit-tested in Node).
 *
 * The build writes each command as `prompt + command + "\n" + output` (the `kubook run`
 * transcript, engine/node/reports.ts). The exact layout is detected once against the static
 * text of the first block a reader runs (the replay is deterministic, so a clean run prints
 * what the build printed); `defaultStyle` is used until then.
 */

export interface RunLike {
  readonly prompt: string;
  readonly command: string;
  readonly output: string;
}

export interface OutputStyle {
  /** Whether each command is preceded by its prompt and text. */
  readonly header: boolean;
  /** Whether continuation lines of a multi-line command show `> `. */
  readonly continuation: boolean;
  /** Whether the block's final newline is dropped. */
  readonly trimEnd: boolean;
}

export const defaultStyle: OutputStyle = { header: true, continuation: false, trimEnd: false };

const styles: readonly OutputStyle[] = [
  defaultStyle,
  { header: true, continuation: true, trimEnd: false },
  { header: false, continuation: false, trimEnd: false },
  { header: true, continuation: false, trimEnd: true },
  { header: true, continuation: true, trimEnd: true },
  { header: false, continuation: false, trimEnd: true },
];

export function formatRun(run: RunLike, style: OutputStyle = defaultStyle): string {
  if (!style.header) return run.output;
  const command = style.continuation ? run.command.replace(/\n/g, "\n> ") : run.command;
  return `${run.prompt}${command}\n${run.output}`;
}

export function formatBlock(runs: readonly RunLike[], style: OutputStyle = defaultStyle): string {
  const text = runs.map((r) => formatRun(r, style)).join("");
  return style.trimEnd ? text.replace(/\n$/, "") : text;
}

/** The style under which `runs` print exactly `staticText`, if any does. */
export function detectStyle(runs: readonly RunLike[], staticText: string): OutputStyle | undefined {
  if (runs.length === 0) return undefined;
  return styles.find((s) => formatBlock(runs, s) === staticText);
}
