/**
 * A terminal shows a command's stdout and stderr in the order they were written; just-bash
 * hands back the two streams separately. The commands kubook provides (kubectl, curl …)
 * record their writes in order, so the statement's streams are laid out along those records:
 * text nobody recorded (echo, grep) goes just before the next record of its stream, and a
 * record that never reached the terminal (piped, redirected) is skipped.
 */
import type { OutputChunk } from "../kubectl/output.ts";

export function interleave(stdout: string, stderr: string, recorded: readonly OutputChunk[]): OutputChunk[] {
  const out: OutputChunk[] = [];
  const cursor = { stdout: 0, stderr: 0 };
  const text = { stdout, stderr };
  const push = (stream: "stdout" | "stderr", t: string) => {
    if (!t) return;
    const last = out.at(-1);
    if (last && last.stream === stream) out[out.length - 1] = { stream, text: last.text + t };
    else out.push({ stream, text: t });
  };
  for (const r of recorded) {
    if (r.direct) {
      push(r.stream, r.text);
      continue;
    }
    const at = text[r.stream].indexOf(r.text, cursor[r.stream]);
    if (at < 0) continue;
    push(r.stream, text[r.stream].slice(cursor[r.stream], at));
    push(r.stream, r.text);
    cursor[r.stream] = at + r.text.length;
  }
  push("stdout", stdout.slice(cursor.stdout));
  push("stderr", stderr.slice(cursor.stderr));
  return out;
}
