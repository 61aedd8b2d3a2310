/**
 * The places a command line can run: the learner's workstation (bash with kubectl and the
 * usual tools, over a filesystem that holds the lesson's files) and a shell inside a
 * container, whose programs are exactly those its image ships (busybox has wget and
 * nslookup but no curl or bash). A container shell is rebuilt from the container's files for
 * every command line and what the line changed is written back, so a page edited through
 * `kubectl exec` is what nginx serves next.
 */
import { Bash, type Command, type CommandName, getCommandNames, InMemoryFs } from "just-bash";
import { fnv1a32 } from "../core/hash.ts";
import type { Source } from "../network/types.ts";
import { toolFor, toolTable } from "../tools/registry.ts";
import {
  dateCommand,
  guardCommands,
  hostnameCommand,
  identityCommands,
  ipCommand,
  jobCommands,
  kubectlCommand,
  networkToolCommand,
  notSimulatedCommand,
  sudoCommand,
  watchCommand,
} from "./commands.ts";
import { parseStatement } from "./complete.ts";
import { marksPlugin } from "./marks.ts";
import type { ShellServices } from "./services.ts";

export type ShellDialect = "bash" | "ash" | "dash";

export interface ShellContext {
  readonly kind: "workstation" | "container";
  /** `workstation`, or `pod/<ns>/<name>/<container>`. */
  readonly label: string;
  readonly dialect: ShellDialect;
  /** The shell variables, aliases and options carried from one command line to the next. */
  env: Record<string, string> | undefined;
  cwd: string;
  lastExitCode: number;
  prompt(): string;
  /** A fresh interpreter for the next command line (a container's reads its files anew). */
  open(): Promise<Bash>;
  /** After the line: write back what it changed (containers). */
  close(bash: Bash): Promise<void>;
  /** Whether this context has a program of that name (the image ships it). */
  has(program: string): boolean;
  /** Rewrite just-bash's `bash: x: command not found` as this shell words it. */
  rewriteStderr(text: string): string;
}

/** Execution limits: loops and recursion end long before they could exhaust memory. */
export const executionLimits = {
  maxCommandCount: 20_000,
  maxLoopIterations: 20_000,
  maxCallDepth: 64,
  // just-bash stops brace expansion at this many words without saying so; keep it above
  // anything a lesson types (`{1..100000}`).
  maxBraceExpansionResults: 1_000_000,
  // Host time must never decide an outcome; the virtual budget and the step limits do.
  maxExecutionTimeMs: 600_000,
};

/** What just-bash can run that a workstation (Debian/Ubuntu with kubectl installed) has. */
const workstationBuiltins: string[] = getCommandNames().filter(
  (n) => !["html-to-markdown", "sqlite3", "xan", "rg", "yq"].includes(n),
);

export function workstationContext(
  services: ShellServices,
  files: Readonly<Record<string, string>>,
  home: string,
): ShellContext {
  const fs = new InMemoryFs(
    Object.fromEntries(Object.entries(files).map(([p, c]) => [p.startsWith("/") ? p : `${home}/${p}`, c])),
  );
  const source: Source = { kind: "workstation" };
  const tools = Object.keys(toolTable).map((name) => networkToolCommand(services, name, source));
  const commands: Command[] = [
    kubectlCommand(services),
    ...tools,
    dateCommand(services),
    watchCommand(services),
    ...jobCommands(services),
    sudoCommand(),
    ...guardCommands(services),
  ];
  let bash: Bash | undefined;
  return {
    kind: "workstation",
    label: "workstation",
    dialect: "bash",
    env: undefined,
    cwd: home,
    lastExitCode: 0,
    prompt: () => "$ ",
    async open() {
      if (bash) return bash;
      bash = new Bash({
        fs,
        cwd: home,
        env: { HOME: home, USER: "learner", HOSTNAME: "kubook", TERM: "xterm-256color" },
        commands: workstationBuiltins as CommandName[],
        customCommands: commands,
        executionLimits,
        sleep: async (ms) => services.budget().sleep(ms),
      });
      bash.registerTransformPlugin(marksPlugin({ draw: services.random, parseStatement }));
      return bash;
    },
    async close() {},
    has: () => true,
    rewriteStderr: (t) => t,
  };
}

export interface ContainerTarget {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  /** The shell the learner started (`sh`, `bash`, `/bin/ash` …). */
  readonly shell: string;
}

export type ContainerOpen = { ok: true; context: ShellContext } | { ok: false; reason: "not-running" | "no-shell" };

function dialectOf(shell: string, imageShell: string | undefined): ShellDialect {
  const base = shell.split("/").at(-1) ?? shell;
  if (base === "bash") return "bash";
  if (base === "ash") return "ash";
  // `sh` is busybox ash on busybox/alpine images and dash on Debian ones.
  return imageShell === "bash" || imageShell === "dash" ? "dash" : "ash";
}

export function containerContext(services: ShellServices, target: ContainerTarget): ContainerOpen {
  const source: Source = { kind: "pod", namespace: target.namespace, pod: target.pod, container: target.container };
  const first = services.cluster.network.container(source);
  if (!first) return { ok: false, reason: "not-running" };
  const image = first.image;
  const binaries = new Set(image?.definition.binaries ?? []);
  const base = target.shell.split("/").at(-1) ?? target.shell;
  if (image && !binaries.has(base)) return { ok: false, reason: "no-shell" };
  const dialect = dialectOf(target.shell, image?.definition.shell);
  const user = image?.definition.user ?? "root";
  const root = user === "root" || user === "0" || user === "";
  const home = root ? "/root" : `/home/${user}`;
  const workdir = image?.definition.workdir ?? (root ? "/" : home);
  const available = new Set(getCommandNames());
  const ifIndex = 4 + (fnv1a32(target.pod) % 20);
  let seeded: Record<string, string> = {};
  let fs: InMemoryFs | undefined;
  const context: ShellContext = {
    kind: "container",
    label: `pod/${target.namespace}/${target.pod}/${target.container}`,
    dialect,
    env: undefined,
    cwd: workdir,
    lastExitCode: 0,
    prompt() {
      const where = context.cwd === home ? "~" : context.cwd;
      if (dialect === "bash") return `${root ? "root" : user}@${first.hostname}:${where}${root ? "#" : "$"} `;
      if (dialect === "dash") return root ? "# " : "$ ";
      return `${where} ${root ? "#" : "$"} `;
    },
    async open() {
      const view = services.cluster.network.container(source);
      seeded = { ...(view?.files ?? {}) };
      fs = new InMemoryFs(seeded);
      // Programs kubook answers itself (they print the simulated machine) come first.
      const own = new Set(["hostname", "date", "whoami", "id", "uname", "ip"]);
      const builtins = [...binaries].filter((b) => available.has(b) && !own.has(b));
      const custom: Command[] = [];
      const row = image ? { definition: image.definition, tag: image.tag } : undefined;
      for (const b of binaries) {
        if (own.has(b) || available.has(b) || ["ash", "dash"].includes(b)) continue;
        if (toolFor(b, row)) custom.push(networkToolCommand(services, b, source));
        else custom.push(notSimulatedCommand(b));
      }
      if (binaries.has("ip")) custom.push(ipCommand(view?.podIP ?? "", ifIndex));
      custom.push(
        hostnameCommand(first.hostname, view?.podIP ?? ""),
        dateCommand(services),
        ...guardCommands(services),
      );
      for (const c of identityCommands(root ? "root" : user, first.hostname))
        if (binaries.has(c.name) || !image) custom.push(c);
      const env: Record<string, string> = {
        ...(view?.env ?? {}),
        HOME: home,
        PWD: context.cwd,
        ...(dialect === "bash" ? {} : { SHLVL: "1" }),
      };
      const shell = new Bash({
        fs,
        cwd: context.cwd,
        env,
        commands: builtins as CommandName[],
        customCommands: custom,
        executionLimits,
        sleep: async (ms) => services.budget().sleep(ms),
      });
      shell.registerTransformPlugin(marksPlugin({ draw: services.random, parseStatement }));
      return shell;
    },
    async close() {
      if (!fs) return;
      // Write back what the command line changed under the container's own paths.
      const managed = new Set(["/etc/hosts", "/etc/resolv.conf", "/etc/hostname"]);
      const paths = fs
        .getAllPaths()
        .filter(
          (p) =>
            !p.startsWith("/proc") && !p.startsWith("/dev") && !p.startsWith("/bin/") && !p.startsWith("/usr/bin/"),
        );
      for (const p of paths) {
        if (managed.has(p)) continue;
        const st = await fs.stat(p).catch(() => undefined);
        if (!st?.isFile) continue;
        const content = await fs.readFile(p);
        if (seeded[p] !== content) services.cluster.network.writeContainerFile(source, p, content);
      }
      for (const p of Object.keys(seeded)) {
        if (managed.has(p)) continue;
        if (!(await fs.exists(p))) services.cluster.network.writeContainerFile(source, p, undefined);
      }
    },
    has: (program) => !image || binaries.has(program),
    rewriteStderr(text) {
      return text.replace(/^bash: ([^:\n]+): command not found$/gm, (_m, name: string) =>
        dialect === "bash"
          ? `bash: ${name}: command not found`
          : dialect === "dash"
            ? `sh: 1: ${name}: not found`
            : `sh: ${name}: not found`,
      );
    },
  };
  return { ok: true, context };
}
