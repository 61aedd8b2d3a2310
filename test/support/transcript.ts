/**
 * Golden transcripts: a script runs line by line in a ShellSession and renders as a terminal
 * would show it — the prompt and command, stdout as is, stderr lines marked `! `, then
 * `[exit N]` for a non-zero status and `[kubook: …]` notes. Full output, compared exactly.
 */
import { type ClusterOptions, createCluster, ShellSession, type ShellStep } from "#engine";

export function newShell(
  options: ClusterOptions & { files?: Record<string, string>; budgetMs?: number } = {},
): ShellSession {
  const { files, budgetMs, ...clusterOptions } = options;
  const r = createCluster({ seed: 1, ...clusterOptions });
  if (!r.ok) throw new Error(r.message);
  r.cluster.settle();
  return new ShellSession(r.cluster, { ...(files ? { files } : {}), ...(budgetMs ? { budgetMs } : {}) });
}

export function render(steps: readonly ShellStep[]): string {
  let out = "";
  for (const s of steps) {
    const [first, ...rest] = s.command.split("\n");
    out += `${s.prompt}${first}\n${rest.map((l) => `> ${l}\n`).join("")}`;
    for (const c of s.chunks) {
      if (c.stream === "stdout") out += c.text;
      else {
        const lines = c.text.split("\n");
        const last = lines.pop();
        out += lines.map((l) => `! ${l}\n`).join("") + (last ? `! ${last}` : "");
      }
    }
    if (out.length > 0 && !out.endsWith("\n")) out += "⏎\n";
    if (s.exitCode !== 0) out += `[exit ${s.exitCode}]\n`;
    for (const n of s.notes) out += `[${n}]\n`;
  }
  return out;
}

export async function transcript(shell: ShellSession, script: string): Promise<string> {
  const { steps } = await shell.run(script);
  return render(steps);
}
