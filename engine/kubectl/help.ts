/**
 * `kubectl --help` and `kubectl <command> --help`, laid out as kubectl's templater lays them
 * out (k8s.io/kubectl pkg/util/templates): groups of commands at the root; description,
 * examples, options and usage for a command. Built from the same command table the parser reads.
 */
import type { CommandGroup, CommandSpec } from "./command.ts";
import { flagUsages } from "./flags.ts";

const groupTitles: readonly [CommandGroup, string][] = [
  ["basic-beginner", "Basic Commands (Beginner):"],
  ["basic", "Basic Commands (Intermediate):"],
  ["deploy", "Deploy Commands:"],
  ["cluster", "Cluster Management Commands:"],
  ["troubleshooting", "Troubleshooting and Debugging Commands:"],
  ["advanced", "Advanced Commands:"],
  ["settings", "Settings Commands:"],
  ["other", "Other Commands:"],
];

export function rootHelp(table: readonly CommandSpec[]): string {
  const width = Math.max(...table.map((c) => c.name.length)) + 3;
  const parts = [
    "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n",
  ];
  for (const [group, title] of groupTitles) {
    if (group === "other") parts.push("Subcommands provided by plugins:\n");
    const rows = table.filter((c) => c.group === group).map((c) => `  ${c.name.padEnd(width)}${c.short}\n`);
    if (rows.length > 0) parts.push(`${title}\n${rows.join("")}`);
  }
  parts.push(
    'Usage:\n  kubectl [flags] [options]\n\nUse "kubectl <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n',
  );
  return parts.join("\n");
}

export function commandHelp(spec: CommandSpec, path: string): string {
  const parts = [`${spec.short}\n`];
  if (spec.subcommands && spec.subcommands.length > 0) {
    const width = Math.max(...spec.subcommands.map((c) => c.name.length)) + 3;
    parts.push(`Available Commands:\n${spec.subcommands.map((c) => `  ${c.name.padEnd(width)}${c.short}\n`).join("")}`);
  }
  if (spec.examples) parts.push(`Examples:\n${spec.examples.replace(/\n*$/, "\n")}`);
  const own = spec.flags.filter((f) => f.name !== "help");
  if (own.length > 0) parts.push(`Options:\n${flagUsages(own)}`);
  parts.push(
    `Usage:\n  ${spec.usage}\n\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n`,
  );
  if (spec.subcommands && spec.subcommands.length > 0)
    parts.splice(parts.length - 1, 0, `Use "${path} <command> --help" for more information about a command.\n`);
  return parts.join("\n");
}
