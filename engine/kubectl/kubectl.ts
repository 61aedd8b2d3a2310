/**
 * kubectl's front: find the command as cobra does (global flags may come before it), parse
 * its flags as pflag does, print help or the exact error, resolve the namespace from
 * `-n` or the kubeconfig context, and run it. Every failure is text and an exit code.
 */
import { type CommandContext, type CommandSpec, globalFlags, globalValueFlags } from "./command.ts";
import { commandTable } from "./commands.ts";
import { Flags, parseFlags } from "./flags.ts";
import { commandHelp, rootHelp } from "./help.ts";
import type { KubectlHost } from "./host.ts";
import { type CommandResult, Output } from "./output.ts";

export async function runKubectl(argv: readonly string[], host: KubectlHost): Promise<CommandResult> {
  const out = new Output();
  try {
    return out.result(await dispatch(argv, host, out));
  } catch (e) {
    // A bug in kubook, not the learner's mistake: say so plainly, and keep the session alive.
    out.err(
      `kubook: internal error while running kubectl ${argv[0] ?? ""}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return out.result(1);
  }
}

/** The index of the first word that is not a global flag or a global flag's value. */
function commandIndex(argv: readonly string[], from: number): number {
  for (let i = from; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") return -1;
    if (!a.startsWith("-") || a === "-") return i;
    if (!a.includes("=") && globalValueFlags.has(a)) i++;
  }
  return -1;
}

async function dispatch(argv: readonly string[], host: KubectlHost, out: Output): Promise<number> {
  const first = commandIndex(argv, 0);
  if (first < 0) {
    // `kubectl`, `kubectl -h`, `kubectl --help`: the root help (cobra prints it for no command).
    const parsed = parseFlags(argv, globalFlags);
    if (!parsed.ok) return flagError(out, "kubectl", parsed.message);
    out.out(rootHelp(commandTable));
    return 0;
  }
  const top = findCommand(commandTable, argv[first]!);
  if (!top) return unknownCommand(out, argv[first]!, "kubectl", commandTable);
  let spec: CommandSpec = top;
  let path = `kubectl ${spec.name}`;
  const rest = [...argv.slice(0, first), ...argv.slice(first + 1)];
  // Subcommands (`create deployment`, `rollout status`, `config view`, `set image`).
  let words = rest;
  while (spec.subcommands && spec.subcommands.length > 0) {
    const i = commandIndex(words, 0);
    const sub: CommandSpec | undefined = i >= 0 ? findCommand(spec.subcommands, words[i]!) : undefined;
    if (!sub) {
      if (spec.run) break;
      if (i >= 0) {
        out.err(`error: unknown command "${words[i]}"\nSee '${path} -h' for help and examples\n`);
        return 1;
      }
      // cmdutil.DefaultSubCommandRun: help on stderr and exit 1, unless help was asked for.
      if (words.includes("-h") || words.includes("--help")) {
        out.out(commandHelp(spec, path));
        return 0;
      }
      out.err(commandHelp(spec, path));
      return 1;
    }
    spec = sub;
    path = `${path} ${sub.name}`;
    words = [...words.slice(0, i), ...words.slice(i + 1)];
  }
  const parsed = parseFlags(words, [
    ...spec.flags,
    ...globalFlags.filter((g) => !spec.flags.some((f) => f.name === g.name)),
  ]);
  if (!parsed.ok) return flagError(out, path, parsed.message);
  const flags = new Flags(parsed.value);
  if (flags.bool("help") || !spec.run) {
    out.out(commandHelp(spec, path));
    return 0;
  }
  const contextName = flags.str("context") || host.config.currentContext;
  const context = host.config.contexts.get(contextName);
  if (!context) return out.error(`context "${contextName}" does not exist`);
  const namespaceExplicit = flags.changed("namespace");
  const namespace = namespaceExplicit ? flags.str("namespace") : (context.namespace ?? "default");
  if (namespaceExplicit && namespace === "")
    return out.error("a resource cannot be retrieved by name across all namespaces");
  const ctx: CommandContext = { host, flags, out, path, namespace, namespaceExplicit };
  return spec.run(ctx);
}

function findCommand(table: readonly CommandSpec[], name: string): CommandSpec | undefined {
  return table.find((c) => c.name === name || c.aliases?.includes(name));
}

function flagError(out: Output, path: string, message: string): number {
  out.err(`error: ${message}\nSee '${path} --help' for usage.\n`);
  return 1;
}

/** cobra's `unknown command "x" for "kubectl"` with its "Did you mean this?" suggestions. */
function unknownCommand(out: Output, typed: string, parent: string, table: readonly CommandSpec[]): number {
  const suggestions = table
    .filter((c) => c.group !== undefined)
    .map((c) => c.name)
    .filter(
      (n) => levenshtein(typed.toLowerCase(), n.toLowerCase()) <= 2 || n.toLowerCase().startsWith(typed.toLowerCase()),
    );
  const hint = suggestions.length > 0 ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join("")}` : "\n";
  out.err(`error: unknown command "${typed}" for "${parent}"${hint}`);
  return 1;
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}
