/**
 * What a command writes, in the order it wrote it. A terminal shows stdout and stderr
 * interleaved (kubectl prints a warning before the table and its errors after it), so the
 * order is kept; callers that only want the two streams take `stdout`/`stderr`.
 */

export type Stream = "stdout" | "stderr";

export interface OutputChunk {
  readonly stream: Stream;
  readonly text: string;
  /**
   * Written to the terminal by another process (a background job's `Handling connection for
   * 8080`), not by the command: it shows at its place in the order whatever the command's
   * own streams went through.
   */
  readonly direct?: boolean;
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** The same text as stdout and stderr, in the order it was written. */
  readonly chunks: readonly OutputChunk[];
  /** The command ran until its virtual-time budget and was stopped as if by Ctrl-C. */
  readonly interrupted?: boolean;
}

export class Output {
  private readonly parts: OutputChunk[] = [];
  private stopped = false;

  /** The shell's budget ran out: the command stops as Ctrl-C would stop it (exit 130). */
  interrupt(): number {
    this.stopped = true;
    return 130;
  }

  out(text: string): void {
    if (text) this.parts.push({ stream: "stdout", text });
  }

  err(text: string): void {
    if (text) this.parts.push({ stream: "stderr", text });
  }

  /** kubectl's `error: …` line (a newline is added when the message has none, as klog.Fatal does). */
  error(message: string): number {
    this.err(`error: ${message}${message.endsWith("\n") ? "" : "\n"}`);
    return 1;
  }

  result(exitCode: number): CommandResult {
    return {
      stdout: this.parts
        .filter((p) => p.stream === "stdout")
        .map((p) => p.text)
        .join(""),
      stderr: this.parts
        .filter((p) => p.stream === "stderr")
        .map((p) => p.text)
        .join(""),
      exitCode,
      chunks: [...this.parts],
      ...(this.stopped ? { interrupted: true } : {}),
    };
  }
}
