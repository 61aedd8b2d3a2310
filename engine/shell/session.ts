/**
 * A learner's terminal on the simulated cluster: lines go in, command lines come out with
 * their output in terminal order. Lines gather until they form a complete command (quotes,
 * `\`, here-documents, loops), then each top-level statement runs in the current context —
 * the workstation, or the container a `kubectl exec -it … sh` / `kubectl run -it … sh`
 * switched to, until `exit`. Shell state (variables, aliases, cwd, `$?`) carries from line
 * to line. Every line has a virtual-time budget; what outlives it is stopped as by Ctrl-C.
 */
import { fnv1a32 } from "../core/hash.ts";
import { formatApiError } from "../kubectl/errors.ts";
import { type InteractiveRequest, type KubeConfig, kindKubeConfig } from "../kubectl/host.ts";
import type { OutputChunk } from "../kubectl/output.ts";
import type { Cluster } from "../simulation/cluster.ts";
import { VirtualBudget } from "./budget.ts";
import { isComplete, unterminatedHeredoc } from "./complete.ts";
import { containerContext, type ShellContext, workstationContext } from "./contexts.ts";
import { interleave } from "./interleave.ts";
import type { Job, ShellServices } from "./services.ts";

export interface ShellOptions {
  /** Files on the workstation, relative to the home directory unless absolute. */
  readonly files?: Readonly<Record<string, string>>;
  /** Virtual milliseconds one command line may run before it is interrupted (default 30 s). */
  readonly budgetMs?: number;
  /**
   * Virtual milliseconds that pass before each command line, as a learner reads and types
   * (default 1 s): a pod created by one line is a second old at the next, as on a real cluster.
   */
  readonly thinkMs?: number;
}

/** One command line as it ran: what the terminal showed and how it ended. */
export interface ShellStep {
  /** `workstation` or `pod/<ns>/<pod>/<container>`. */
  readonly context: string;
  readonly prompt: string;
  readonly command: string;
  readonly chunks: readonly OutputChunk[];
  readonly exitCode: number;
  /** Stopped by the budget as Ctrl-C would stop it (the terminal shows `^C`). */
  readonly interrupted: boolean;
  /** kubook's own remarks (what was not simulated, why a line was stopped). */
  readonly notes: readonly string[];
}

export const home = "/home/learner";

export class ShellSession {
  readonly cluster: Cluster;
  readonly config: KubeConfig;
  private readonly budgetMs: number;
  private readonly thinkMs: number;
  private closed = false;
  private readonly stack: ShellContext[] = [];
  private readonly attachments: { context: ShellContext; request: InteractiveRequest }[] = [];
  private buffer: string[] = [];
  private current:
    | {
        budget: VirtualBudget;
        recorded: OutputChunk[];
        notes: string[];
        attach?: InteractiveRequest;
      }
    | undefined;
  private readonly jobs: Job[] = [];
  private nextPid = 4242;
  private randomDraws = 0;
  private readonly workstation: ShellContext;

  constructor(cluster: Cluster, options: ShellOptions = {}) {
    this.cluster = cluster;
    this.config = kindKubeConfig(cluster.options.clusterName);
    this.budgetMs = options.budgetMs ?? 30_000;
    this.thinkMs = options.thinkMs ?? 1000;
    this.workstation = workstationContext(this.services(), options.files ?? {}, home);
    this.stack.push(this.workstation);
  }

  /** The prompt the terminal shows now: the context's, or `> ` while a command is unfinished. */
  get prompt(): string {
    return this.buffer.length > 0 ? "> " : this.context.prompt();
  }

  get context(): ShellContext {
    return this.stack.at(-1)!;
  }

  /** Whether the lines so far leave a command unfinished. */
  get pending(): boolean {
    return this.buffer.length > 0;
  }

  /** Write a file on the workstation (a lesson's manifest). */
  async writeFile(path: string, content: string): Promise<void> {
    const bash = await this.workstation.open();
    const full = path.startsWith("/") ? path : `${home}/${path}`;
    const dir = full.slice(0, full.lastIndexOf("/")) || "/";
    await bash.fs.mkdir(dir, { recursive: true });
    await bash.fs.writeFile(full, content);
  }

  async readFile(path: string): Promise<string | undefined> {
    const bash = await this.workstation.open();
    const full = path.startsWith("/") ? path : `${home}/${path}`;
    return (await bash.fs.exists(full)) ? bash.fs.readFile(full) : undefined;
  }

  /** Whether `exit` on the workstation ended the session (the terminal closes). */
  get ended(): boolean {
    return this.closed;
  }

  /** Feed one line (without its newline). Returns the command lines it completed. */
  async input(line: string): Promise<ShellStep[]> {
    if (this.closed) return [];
    this.buffer.push(line);
    const text = this.buffer.join("\n");
    if (!isComplete(text)) return [];
    this.buffer = [];
    return this.execute(text);
  }

  /** End of input: an unfinished command is run as it stands (bash reports its syntax error). */
  async end(): Promise<ShellStep[]> {
    if (this.buffer.length === 0) return [];
    const text = this.buffer.join("\n");
    this.buffer = [];
    const steps = await this.execute(text);
    // bash runs a here-document cut short by the end of input, and says so first.
    const open = unterminatedHeredoc(text);
    if (open && steps[0]) {
      const warning = `bash: warning: here-document at line ${open.line} delimited by end-of-file (wanted \`${open.word}')\n`;
      steps[0] = { ...steps[0], chunks: [{ stream: "stderr", text: warning }, ...steps[0].chunks] };
    }
    return steps;
  }

  /** Run a whole script line by line, as `kubook shell < script.sh` does. */
  async run(script: string): Promise<{ steps: ShellStep[]; exitCode: number }> {
    const steps: ShellStep[] = [];
    const lines = script.split("\n");
    if (lines.at(-1) === "") lines.pop();
    for (const l of lines) steps.push(...(await this.input(l)));
    steps.push(...(await this.end()));
    return { steps, exitCode: steps.at(-1)?.exitCode ?? 0 };
  }

  /** Ctrl-C at the prompt: drop an unfinished command. */
  cancel(): void {
    this.buffer = [];
  }

  private async execute(text: string): Promise<ShellStep[]> {
    const ctx = this.context;
    const prompt = ctx.prompt();
    // `exit` in a container shell ends it; on the workstation it is an ordinary builtin.
    const exit = /^\s*exit(?:\s+(\d+))?\s*;?\s*$/.exec(text);
    // A bare `exit` leaves with the status of the shell's last command, as sh does.
    if (ctx.kind === "container" && exit)
      return [this.leave(text, prompt, exit[1] === undefined ? ctx.lastExitCode : Number(exit[1]))];
    if (exit) {
      // `exit` at the workstation closes the terminal: nothing after it runs.
      this.closed = true;
      const code = exit[1] === undefined ? ctx.lastExitCode : Number(exit[1]) & 255;
      return [{ context: ctx.label, prompt, command: text, chunks: [], exitCode: code, interrupted: false, notes: [] }];
    }
    if (text.trim() !== "" && !/^\s*#/.test(text)) this.cluster.advance(this.thinkMs / 1000);
    return [await this.runLine(ctx, text, prompt)];
  }

  private async runLine(ctx: ShellContext, text: string, prompt: string): Promise<ShellStep> {
    const budget = new VirtualBudget(this.cluster, this.budgetMs);
    this.current = { budget, recorded: [], notes: [] };
    const bash = await ctx.open();
    const result = await bash.exec(withPrelude(text, ctx.lastExitCode), {
      ...(ctx.env ? { env: ctx.env, replaceEnv: true } : {}),
      cwd: ctx.cwd,
      rawScript: true,
    });
    await ctx.close(bash);
    const state = this.current!;
    this.current = undefined;
    ctx.env = { ...result.env };
    delete ctx.env["?"];
    ctx.cwd = result.env.PWD ?? ctx.cwd;
    // just-bash locates syntax errors as "Parse error at L:C" (columns count kubook's prelude);
    // bash says only what it found.
    let stderr = ctx.rewriteStderr(result.stderr).replace(/^(bash: )syntax error: Parse error at \d+:\d+: /gm, "$1");
    let exitCode = result.exitCode;
    let interrupted = budget.exhausted;
    const notes = [...state.notes];
    // just-bash's own limits (a runaway inside one command such as a huge brace expansion).
    const runaway = /^bash: (?:too many commands executed|.*too many iterations|.*maximum recursion depth).*\n?/m;
    if (runaway.test(stderr)) {
      stderr = stderr.replace(runaway, "");
      interrupted = true;
    }
    if (budget.stepsExhausted || (interrupted && !budget.exhausted))
      notes.push(
        "kubook: stopped a command line that ran too many steps (a loop without sleep, or a fork bomb), as Ctrl-C would",
      );
    else if (interrupted)
      notes.push(`kubook: interrupted after ${Math.round(budget.limitMs / 1000)}s of virtual time, as Ctrl-C would`);
    if (interrupted) exitCode = 130;
    ctx.lastExitCode = exitCode;
    const chunks = interleave(result.stdout, stderr, state.recorded);
    if (interrupted) chunks.push({ stream: "stdout", text: "^C\n" });
    if (state.attach) chunks.push(...this.enter(state.attach));
    return { context: ctx.label, prompt, command: text, chunks, exitCode, interrupted, notes };
  }

  /** Switch into the container a `kubectl exec -it`/`run -it` asked for. */
  private enter(request: InteractiveRequest): OutputChunk[] {
    const opened = containerContext(this.services(), {
      namespace: request.namespace,
      pod: request.pod,
      container: request.container,
      shell: request.argv[0] ?? "sh",
    });
    if (!opened.ok) {
      if (opened.reason === "no-shell")
        return [
          {
            stream: "stderr",
            text: `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${request.argv[0]}": executable file not found in $PATH: unknown\n`,
          },
        ];
      return [
        {
          stream: "stderr",
          text: `error: unable to upgrade connection: container not found ("${request.container}")\n`,
        },
      ];
    }
    this.stack.push(opened.context);
    this.attachments.push({ context: opened.context, request });
    return [];
  }

  /** `exit` in a container shell: back to the previous context, with kubectl's closing lines. */
  private leave(text: string, prompt: string, exitCode: number): ShellStep {
    const ctx = this.stack.pop()!;
    const i = this.attachments.findIndex((a) => a.context === ctx);
    const attachment = i >= 0 ? this.attachments.splice(i, 1)[0] : undefined;
    const chunks: OutputChunk[] = [];
    exitCode &= 255;
    const r = attachment?.request;
    // `kubectl run --restart=Never|OnFailure` reports a shell that exited non-zero as the pod's
    // failure (after --rm's delete line), and exits with its status (pkg/cmd/run).
    const restart =
      r?.kind === "run"
        ? ((
            this.cluster.get("pods", r.pod, { namespace: r.namespace }) as {
              ok: boolean;
              value?: { spec?: { restartPolicy?: string } };
            }
          ).value?.spec?.restartPolicy ?? "Always")
        : "Always";
    if (r?.kind === "run") {
      if (r.removeOnExit) {
        const del = this.cluster.delete("pods", r.pod, { namespace: r.namespace });
        if (del.ok) {
          this.cluster.waitFor(() => !this.cluster.get("pods", r.pod, { namespace: r.namespace }).ok, {
            timeoutSeconds: 120,
          });
          chunks.push({ stream: "stdout", text: `pod "${r.pod}" deleted from ${r.namespace} namespace\n` });
        } else chunks.push({ stream: "stderr", text: formatApiError(del.status) });
      } else
        chunks.push({
          stream: "stdout",
          text: `Session ended, resume using 'kubectl attach ${r.pod} -c ${r.container} -n ${r.namespace} -i -t' command when the pod is running\n`,
        });
    }
    if (exitCode !== 0 && r?.kind === "exec")
      chunks.push({ stream: "stderr", text: `command terminated with exit code ${exitCode}\n` });
    if (r?.kind === "run" && restart !== "Always" && exitCode !== 0)
      chunks.push({ stream: "stderr", text: `pod ${r.namespace}/${r.pod} terminated (Error)\n` });
    if (r?.kind === "run" && restart === "Always") exitCode = 0;
    this.context.lastExitCode = exitCode;
    return { context: ctx.label, prompt, command: text, chunks, exitCode, interrupted: false, notes: [] };
  }

  private services(): ShellServices {
    return {
      cluster: this.cluster,
      config: this.config,
      budget: () => this.current?.budget ?? new VirtualBudget(this.cluster, this.budgetMs),
      record: (chunk) => this.current?.recorded.push(chunk),
      random: () => fnv1a32(`random/${this.cluster.options.seed}/${this.randomDraws++}`) % 32768,
      note: (text) => this.current?.notes.push(`kubook: ${text}`),
      attach: (request) => {
        if (this.current) this.current.attach = request;
      },
      jobs: this.jobs,
      startJob: (command, stop, ports = []) => {
        const job = { id: (this.jobs.at(-1)?.id ?? 0) + 1, pid: this.nextPid++, command, stop, ports };
        this.jobs.push(job);
        return job;
      },
      execInContainer: (request) => this.execInContainer(request),
      edit: (editor, fileName, content) => this.edit(editor, fileName, content),
    };
  }

  /** `kubectl exec POD -- cmd …`: the program runs in a one-off shell in the container. */
  private async execInContainer(request: {
    namespace: string;
    pod: string;
    container: string;
    argv: readonly string[];
    stdin: string;
  }): Promise<{ stdout: string; stderr: string; exitCode: number; missing?: boolean }> {
    const program = request.argv[0] ?? "";
    const opened = containerContext(this.services(), { ...request, shell: program });
    if (!opened.ok) {
      if (opened.reason === "not-running") return { stdout: "", stderr: "", exitCode: 1, missing: true };
      // Not a shell: any program of the image runs under a plain shell of the image.
      const plain = containerContext(this.services(), { ...request, shell: "sh" });
      if (!plain.ok) return { stdout: "", stderr: "", exitCode: 127, missing: true };
      return this.execProgram(plain.context, request.argv, request.stdin);
    }
    return this.execProgram(opened.context, request.argv, request.stdin);
  }

  private async execProgram(ctx: ShellContext, argv: readonly string[], stdin: string) {
    const bash = await ctx.open();
    const base = (argv[0] ?? "").split("/").at(-1) ?? "";
    const shells = ["sh", "bash", "ash", "dash"];
    let result: { stdout: string; stderr: string; exitCode: number };
    if (shells.includes(base) && argv[1] === "-c") {
      result = await bash.exec(argv[2] ?? "", { stdin, rawScript: true, cwd: ctx.cwd });
    } else if (shells.includes(base) && argv.length === 1) {
      result = await bash.exec(stdin, { rawScript: true, cwd: ctx.cwd });
    } else {
      if (!ctx.has(base)) return { stdout: "", stderr: "", exitCode: 127, missing: true };
      result = await bash.exec(base, { args: argv.slice(1) as string[], stdin, cwd: ctx.cwd });
    }
    await ctx.close(bash);
    return { stdout: result.stdout, stderr: ctx.rewriteStderr(result.stderr), exitCode: result.exitCode };
  }

  /** `kubectl edit` with KUBE_EDITOR/EDITOR: the editor command runs over a temporary file. */
  private async edit(editor: string, fileName: string, content: string) {
    const bash = await this.workstation.open();
    const path = `/tmp/${fileName}`;
    await bash.fs.mkdir("/tmp", { recursive: true });
    await bash.fs.writeFile(path, content);
    const r = await bash.exec(`${editor} ${path}`, {
      cwd: this.workstation.cwd,
      ...(this.workstation.env ? { env: this.workstation.env, replaceEnv: true } : {}),
    });
    if (r.exitCode !== 0) return { ok: false as const, message: r.stderr.trim() || `editor exited with ${r.exitCode}` };
    return { ok: true as const, content: await bash.fs.readFile(path) };
  }
}

/**
 * What carries over from the previous command line that just-bash keeps outside the
 * environment: interactive shells expand aliases, and `$?` is the last line's status. Both
 * go on the same line as the command so that line numbers in messages stay right.
 */
function withPrelude(text: string, status: number): string {
  return `shopt -s expand_aliases; ${status === 0 ? "" : `(exit ${status}); `}${text}`;
}
