/**
 * `kubook shell`: a terminal on a fresh simulated cluster. On a terminal it is a REPL (the
 * context's prompt, `> ` for unfinished lines, history, Ctrl-C drops the line being typed);
 * with stdin from a file or a pipe it runs the lines as one script on one cluster and exits
 * with the last command's status. The engine does the work; this file only moves text.
 */
import { createInterface } from "node:readline";
import { createCluster, ShellSession, type ShellStep } from "#engine";

export interface ShellIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Everything on stdin, when it is not a terminal. */
  readonly readAll?: () => Promise<string>;
  /** The terminal, when stdin is one. */
  readonly terminal?: { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream };
}

const usage = `Usage: kubook shell [--seed N] [--nodes N]

Practise kubectl on a simulated kind cluster (Kubernetes v1.34). On a terminal, type
commands at the prompt; \`exit\` leaves a pod's shell, and at the workstation ends the
session. With a script on stdin (kubook shell < script.sh), every line runs in order on
one cluster and kubook exits with the last command's status.

Options:
  --seed N    seed of every random choice (names, IPs, load balancing); default 1
  --nodes N   nodes in the cluster, 1-250; default 3 (a control plane and two workers)
  -h, --help  show this help
`;

export function parseShellArgs(
  args: readonly string[],
): { ok: true; seed: number; nodes: number; help: boolean } | { ok: false; message: string } {
  let seed = 1;
  let nodes = 3;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    if (flag === "-h" || flag === "--help") help = true;
    else if (flag === "--seed" || flag === "--nodes") {
      const value = inline ?? args[++i];
      if (value === undefined || !/^\d+$/.test(value))
        return { ok: false, message: `${flag} needs a whole number, got ${JSON.stringify(value ?? "")}` };
      if (flag === "--seed") seed = Number(value);
      else nodes = Number(value);
    } else return { ok: false, message: `unknown option ${JSON.stringify(a)}` };
  }
  return { ok: true, seed, nodes, help };
}

function print(step: ShellStep, io: ShellIO): void {
  for (const c of step.chunks) (c.stream === "stdout" ? io.stdout : io.stderr)(c.text);
  for (const n of step.notes) io.stderr(`${n}\n`);
}

export async function shellCommand(args: readonly string[], io: ShellIO): Promise<number> {
  const parsed = parseShellArgs(args);
  if (!parsed.ok) {
    io.stderr(`kubook shell: ${parsed.message}\nRun 'kubook shell --help' for usage.\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(usage);
    return 0;
  }
  const created = createCluster({ seed: parsed.seed, nodes: parsed.nodes });
  if (!created.ok) {
    io.stderr(`kubook shell: ${created.message}\n`);
    return 2;
  }
  created.cluster.settle();
  const session = new ShellSession(created.cluster);
  if (io.terminal) return repl(session, io, io.terminal);
  const script = io.readAll ? await io.readAll() : "";
  let status = 0;
  const lines = script.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (const line of lines) {
    for (const step of await session.input(line)) {
      print(step, io);
      status = step.exitCode;
    }
    if (session.ended) break;
  }
  for (const step of await session.end()) {
    print(step, io);
    status = step.exitCode;
  }
  return status;
}

async function repl(session: ShellSession, io: ShellIO, terminal: NonNullable<ShellIO["terminal"]>): Promise<number> {
  io.stdout("kubook shell — a simulated kind cluster (Kubernetes v1.34). Type `exit` to leave.\n");
  const rl = createInterface({ input: terminal.input, output: terminal.output, terminal: true, historySize: 1000 });
  let status = 0;
  let busy = Promise.resolve();
  rl.setPrompt(session.prompt);
  rl.prompt();
  rl.on("SIGINT", () => {
    // Ctrl-C at the prompt drops the line being typed, as bash does.
    session.cancel();
    io.stdout("^C\n");
    rl.setPrompt(session.prompt);
    rl.prompt();
  });
  await new Promise<void>((resolve) => {
    rl.on("line", (line) => {
      busy = busy.then(async () => {
        for (const step of await session.input(line)) {
          print(step, io);
          status = step.exitCode;
        }
        if (session.ended) {
          rl.close();
          return;
        }
        rl.setPrompt(session.prompt);
        rl.prompt();
      });
    });
    rl.on("close", () => {
      void busy.then(resolve);
    });
  });
  return status;
}
