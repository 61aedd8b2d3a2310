/**
 * What a container's main process does, as a plan the kubelet can follow in virtual time:
 * when it exits and with which code, which ports it listens on and how it answers there
 * (an `HttpHandler` or `UdpHandler`, the same for a probe and for a client), how it reacts
 * to SIGTERM, which files exist when (for exec probes such as `cat /tmp/healthy`), and
 * what it logs. Programs are rows in a table keyed by binary name; an image lists the
 * binaries it has.
 *
 * Simplification: `sh -c` scripts are read as a sequence of simple commands (sleep, touch,
 * rm, echo, exit, trap, exec, `while true` loops) — enough for the probe and crash-loop
 * lessons; the full shell arrives with `kubook shell`.
 */
import type { HttpHandler, UdpHandler } from "./http.ts";

export interface Listener {
  readonly port: number;
  readonly protocol: "TCP" | "UDP";
  /** How the server answers an HTTP request on this port; undefined for non-HTTP servers. */
  readonly http?: HttpHandler;
  /** How the server answers a datagram (UDP listeners). */
  readonly udp?: UdpHandler;
}

export interface FileSpan {
  readonly path: string;
  readonly fromMs: number;
  readonly untilMs?: number;
  /** What the process wrote there, when it matters (nginx's entrypoint rewrites default.conf). */
  readonly content?: string;
}

export interface LogLine {
  readonly atMs: number;
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/**
 * Keys of `ProcessPlan.state` the runtime reads after a request: a handler that sets
 * `exitCode` asked the process to exit now (agnhost `/exit`, `/shutdown`) — the client
 * gets no response and the container terminates with that code. The runtime sets
 * `terminating` once SIGTERM has been delivered (agnhost `/readyz` then answers 503).
 */
export const stateKeys = { exitCode: "exitCode", terminating: "terminating" } as const;

export interface ProcessPlan {
  /** Milliseconds after start when the process exits on its own; undefined: it runs until stopped. */
  readonly exitAfterMs?: number;
  readonly exitCode: number;
  readonly listeners: readonly Listener[];
  /** Milliseconds it takes to stop after SIGTERM; undefined: it ignores SIGTERM (PID 1 without a handler) and is killed when the grace period ends. */
  readonly sigtermStopMs?: number;
  /**
   * The exit code when it stops on SIGTERM by itself: nginx 0 (graceful SIGQUIT), agnhost
   * pause 2, a Go program without a handler 2, a shell trap's `exit N`; undefined: 143, as
   * for a process the signal kills.
   */
  readonly sigtermExitCode?: number;
  /** What it prints when SIGTERM arrives, given the signal's virtual time (atMs relative to the signal). */
  readonly sigtermLogs?: (signalAtMs: number) => readonly LogLine[];
  readonly files: readonly FileSpan[];
  readonly logs: readonly LogLine[];
  /**
   * The image's files as the process started with them. Probes read them through this
   * until probes reach the container through the network; the runtime's filesystem
   * starts from the image row's `files`, which is the same content.
   */
  readonly imageFiles?: Readonly<Record<string, string>>;
  /**
   * State the process keeps across requests (a call counter, healthy or not): the
   * `ServerContext.state` of every request it answers, probes included. Reset with a new
   * plan when the container restarts; JSON-like so it lives in the cluster's snapshot.
   */
  readonly state?: Record<string, string | number | boolean>;
  /**
   * The container runs a client tool as PID 1 (`curl -s web`, `wget -qO- web`,
   * `nslookup web`): the runtime runs it through the tools layer, logs what it prints and
   * exits with its code. The plan itself says: exit 0 at once, no output.
   */
  readonly tool?: readonly string[];
}

export type StartResult =
  | { readonly ok: true; readonly plan: ProcessPlan }
  | { readonly ok: false; readonly message: string };

export interface ProgramContext {
  readonly image: ImageView;
  /** The container's environment: the image's ENV, then HOSTNAME, then the pod's env and service links. */
  readonly env: Readonly<Record<string, string>>;
  readonly hostname: string;
  /** The image tag the container runs (nginx's version, busybox's nslookup); "latest" when absent. */
  readonly tag?: string;
  /** The pod's IP (httpd's startup warning names it); "" when absent. */
  readonly podIP?: string;
  /** Virtual time the process starts, for timestamps in startup logs; 0 when absent. */
  readonly nowMs?: number;
  /** The container keeps stdin open (`kubectl run -i`): a shell waits for input instead of exiting. */
  readonly stdin?: boolean;
}

export interface ImageView {
  readonly binaries: ReadonlySet<string>;
  /** The shell `sh` is in this image, if any. */
  readonly shell?: "ash" | "bash" | "dash";
}

export type Program = (argv: readonly string[], ctx: ProgramContext) => StartResult;

const forever: ProcessPlan = { exitCode: 0, listeners: [], files: [], logs: [] };

export function exited(code: number, logs: LogLine[] = [], afterMs = 0): StartResult {
  return { ok: true, plan: { exitAfterMs: afterMs, exitCode: code, listeners: [], files: [], logs } };
}

export interface ServingOptions {
  readonly sigtermStopMs?: number;
  readonly sigtermExitCode?: number;
  readonly sigtermLogs?: (signalAtMs: number) => readonly LogLine[];
  readonly logs?: readonly LogLine[];
  readonly files?: readonly FileSpan[];
  readonly imageFiles?: Readonly<Record<string, string>>;
}

/** A server that runs until stopped. Leave `sigtermStopMs` out for one that ignores SIGTERM. */
export function serving(listeners: readonly Listener[], opts: ServingOptions = {}): StartResult {
  return {
    ok: true,
    plan: {
      exitCode: 0,
      listeners,
      ...(opts.sigtermStopMs !== undefined ? { sigtermStopMs: opts.sigtermStopMs } : {}),
      ...(opts.sigtermExitCode !== undefined ? { sigtermExitCode: opts.sigtermExitCode } : {}),
      ...(opts.sigtermLogs ? { sigtermLogs: opts.sigtermLogs } : {}),
      files: opts.files ?? [],
      logs: opts.logs ?? [],
      ...(opts.imageFiles ? { imageFiles: opts.imageFiles } : {}),
      state: {},
    },
  };
}

/** A client tool as PID 1: the runtime runs it through the tools layer (see `ProcessPlan.tool`). */
export function clientTool(argv: readonly string[]): StartResult {
  return { ok: true, plan: { exitAfterMs: 0, exitCode: 0, listeners: [], files: [], logs: [], tool: [...argv] } };
}

/** `sleep 3600`, `sleep 1d`, `sleep infinity`: milliseconds, or undefined for forever, or NaN for bad input. */
export function parseSleep(args: readonly string[]): number | undefined {
  let total = 0;
  for (const a of args) {
    if (a === "infinity" || a === "inf") return undefined;
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
    if (!m) return Number.NaN;
    const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
    total += Number(m[1]) * unit * 1000;
  }
  return Math.round(total);
}

/** Programs every Linux base image has (coreutils or busybox applets). */
export const basePrograms: Readonly<Record<string, Program>> = {
  sleep: (argv) => {
    const ms = parseSleep(argv.slice(1));
    if (argv.length < 2) return exited(1, [{ atMs: 0, stream: "stderr", text: "sleep: missing operand" }]);
    if (Number.isNaN(ms)) return exited(1, [{ atMs: 0, stream: "stderr", text: `sleep: invalid number '${argv[1]}'` }]);
    return ms === undefined ? { ok: true, plan: forever } : exited(0, [], ms);
  },
  true: () => exited(0),
  false: () => exited(1),
  echo: (argv) => exited(0, [{ atMs: 0, stream: "stdout", text: argv.slice(1).join(" ") }]),
  tail: (argv) => (argv.includes("-f") ? { ok: true, plan: forever } : exited(0)),
  // With no stdin attached, these read EOF at once.
  cat: () => exited(0),
  sh: (argv, ctx) => runShell(argv, ctx),
  bash: (argv, ctx) => runShell(argv, ctx),
  ash: (argv, ctx) => runShell(argv, ctx),
  dash: (argv, ctx) => runShell(argv, ctx),
  // netshoot's CMD: with no TTY attached, zsh reads EOF and exits 0.
  zsh: (argv, ctx) => runShell(argv, ctx),
  curl: clientTool,
  wget: clientTool,
  nslookup: clientTool,
  dig: clientTool,
  host: clientTool,
  ping: clientTool,
  nc: clientTool,
  telnet: clientTool,
};

/** Extra programs an image adds (servers); images/catalog.ts fills this in. */
export const serverPrograms: Record<string, Program> = {};

export function lookupProgram(name: string, image: ImageView): Program | undefined {
  const base = name.split("/").pop()!;
  if (!image.binaries.has(base) && !image.binaries.has(name)) return undefined;
  return serverPrograms[name] ?? serverPrograms[base] ?? basePrograms[base];
}

const stepsMax = 10_000;

function runShell(argv: readonly string[], ctx: ProgramContext): StartResult {
  const shellName = argv[0]!.split("/").pop()!;
  const c = argv.indexOf("-c");
  // `sh` with no script and no stdin reads EOF and exits 0 — the classic CrashLoopBackOff;
  // with stdin held open (`kubectl run -it`) it waits for the learner's input instead.
  if (c < 0 || c + 1 >= argv.length)
    return ctx.stdin ? { ok: true, plan: { exitCode: 0, listeners: [], files: [], logs: [] } } : exited(0);
  const script = argv[c + 1]!;
  let t = 0;
  const files: { path: string; fromMs: number; untilMs?: number }[] = [];
  const logs: LogLine[] = [];
  let sigtermStopMs: number | undefined;
  let sigtermExitCode: number | undefined;
  const onSigterm = () => ({
    ...(sigtermStopMs !== undefined ? { sigtermStopMs } : {}),
    ...(sigtermExitCode !== undefined ? { sigtermExitCode } : {}),
  });
  let status = 0;
  const commands = splitCommands(script);
  for (let i = 0; i < commands.length && i < stepsMax; i++) {
    const words = commands[i]!;
    const [cmd, ...args] = words;
    if (!cmd) continue;
    if (cmd === "while" || cmd === "until") {
      // `while true; do …; done`: runs until stopped (a loop on anything else is treated the same).
      return { ok: true, plan: { exitCode: 0, listeners: [], ...onSigterm(), files, logs } };
    }
    switch (cmd) {
      case "sleep": {
        const ms = parseSleep(args);
        if (ms === undefined) return { ok: true, plan: { exitCode: 0, listeners: [], ...onSigterm(), files, logs } };
        if (Number.isNaN(ms)) {
          logs.push({ atMs: t, stream: "stderr", text: `sleep: invalid number '${args[0] ?? ""}'` });
          status = 1;
        } else {
          t += ms;
          status = 0;
        }
        break;
      }
      case "touch":
        for (const f of args)
          if (!files.some((s) => s.path === f && s.untilMs === undefined)) files.push({ path: f, fromMs: t });
        status = 0;
        break;
      case "rm":
        for (const f of args.filter((a) => !a.startsWith("-"))) {
          const open = files.find((s) => s.path === f && s.untilMs === undefined);
          if (open) (open as { untilMs?: number }).untilMs = t;
        }
        status = 0;
        break;
      case "echo":
      case "printf": {
        const redirect = args.indexOf(">");
        const text = (redirect >= 0 ? args.slice(0, redirect) : args).join(" ");
        if (redirect >= 0 && args[redirect + 1]) files.push({ path: args[redirect + 1]!, fromMs: t });
        else logs.push({ atMs: t, stream: "stdout", text });
        status = 0;
        break;
      }
      case "exit": {
        const code = Number(args[0] ?? status);
        return {
          ok: true,
          plan: {
            exitAfterMs: t,
            exitCode: Number.isInteger(code) ? code & 255 : 2,
            listeners: [],
            ...onSigterm(),
            files,
            logs,
          },
        };
      }
      case "trap":
        if (args.slice(1).some((a) => a === "TERM" || a === "SIGTERM" || a === "15")) {
          // The handler runs at once; the script ends with the handler's `exit N`, or — after
          // an interrupted `wait`/`sleep` — with 128+15.
          sigtermStopMs = 0;
          const exit = /(?:^|[;\s])exit\s+(\d+)/.exec(args[0] ?? "");
          sigtermExitCode = exit ? Number(exit[1]) & 255 : 143;
        }
        status = 0;
        break;
      case "true":
      case ":":
        status = 0;
        break;
      case "false":
        status = 1;
        break;
      case "exec": {
        const program = args[0] ? lookupProgram(args[0], ctx.image) : undefined;
        if (!program) {
          logs.push({ atMs: t, stream: "stderr", text: `${shellName}: exec: line 0: ${args[0] ?? ""}: not found` });
          return { ok: true, plan: { exitAfterMs: t, exitCode: 127, listeners: [], files, logs } };
        }
        return shifted(program(args, ctx), t, files, logs);
      }
      default: {
        const program = lookupProgram(cmd, ctx.image);
        if (!program) {
          logs.push({ atMs: t, stream: "stderr", text: `${shellName}: ${cmd}: not found` });
          status = 127;
          break;
        }
        const r = program(words, ctx);
        if (!r.ok) {
          status = 126;
          break;
        }
        logs.push(...r.plan.logs.map((l) => ({ ...l, atMs: l.atMs + t })));
        if (r.plan.exitAfterMs === undefined) return shifted(r, t, files, []);
        t += r.plan.exitAfterMs;
        status = r.plan.exitCode;
      }
    }
  }
  return { ok: true, plan: { exitAfterMs: t, exitCode: status, listeners: [], ...onSigterm(), files, logs } };
}

function shifted(r: StartResult, t: number, files: FileSpan[], logs: LogLine[]): StartResult {
  if (!r.ok) return r;
  const p = r.plan;
  return {
    ok: true,
    plan: {
      ...p,
      ...(p.exitAfterMs !== undefined ? { exitAfterMs: p.exitAfterMs + t } : {}),
      files: [
        ...files,
        ...p.files.map((f) => ({
          ...f,
          fromMs: f.fromMs + t,
          ...(f.untilMs !== undefined ? { untilMs: f.untilMs + t } : {}),
        })),
      ],
      logs: [...logs, ...p.logs.map((l) => ({ ...l, atMs: l.atMs + t }))],
    },
  };
}

/** Split a script into simple commands (words), on `;`, `&&`, `||`, `&`, parentheses and newlines, honouring quotes. */
export function splitCommands(script: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: string | undefined;
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) out.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === ";" || ch === "\n") endCommand();
    else if ((ch === "&" || ch === "|") && script[i + 1] === ch) {
      endCommand();
      i++;
    } else if (ch === "&" || ch === "(" || ch === ")") {
      // A background `&` or a subshell's parentheses: read what is inside as plain commands.
      endCommand();
    } else if (ch === " " || ch === "\t") endWord();
    else if (ch === ">") {
      endWord();
      words.push(">");
    } else {
      word += ch;
      inWord = true;
    }
  }
  endCommand();
  // `do`/`then` words start a new simple command inside compound ones.
  return out
    .map((w) => (w[0] === "do" || w[0] === "then" || w[0] === "else" ? w.slice(1) : w))
    .filter((w) => w.length > 0);
}
