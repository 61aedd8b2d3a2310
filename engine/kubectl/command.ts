/**
 * A kubectl command as data: its name, the flags it takes (rows that feed the parser and
 * `--help`), its usage line, and the function that runs it. `commands.ts` holds the table.
 */
import type { FlagSpec, Flags } from "./flags.ts";
import type { KubectlHost } from "./host.ts";
import type { Output } from "./output.ts";

export interface CommandContext {
  readonly host: KubectlHost;
  readonly flags: Flags;
  readonly out: Output;
  /** `kubectl get`, `kubectl create deployment`: how help and usage errors name the command. */
  readonly path: string;
  /** The namespace from `-n`, else the context's, else `default`. */
  readonly namespace: string;
  /** Whether `-n`/`--namespace` was given (delete and apply compare it with the file's). */
  readonly namespaceExplicit: boolean;
}

export type CommandGroup =
  | "basic-beginner"
  | "basic"
  | "deploy"
  | "cluster"
  | "troubleshooting"
  | "advanced"
  | "settings"
  | "other";

export interface CommandSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly short: string;
  readonly group?: CommandGroup;
  /** `kubectl get [(-o|--output=)json|yaml|…] (TYPE[.VERSION][.GROUP] [NAME | -l label] | …) [flags] [options]` */
  readonly usage: string;
  readonly examples?: string;
  readonly flags: readonly FlagSpec[];
  readonly run?: (ctx: CommandContext) => Promise<number> | number;
  readonly subcommands?: readonly CommandSpec[];
}

/** cmdutil.UsageErrorf: `error: msg` then `See 'kubectl get -h' for help and examples`. */
export function usageError(ctx: CommandContext, message: string): number {
  ctx.out.err(`error: ${message}\nSee '${ctx.path} -h' for help and examples\n`);
  return 1;
}

/** The global flags every kubectl command accepts (`kubectl options`). */
export const globalFlags: readonly FlagSpec[] = [
  { name: "namespace", shorthand: "n", type: "string", usage: "If present, the namespace scope for this CLI request" },
  { name: "context", type: "string", usage: "The name of the kubeconfig context to use" },
  { name: "kubeconfig", type: "string", usage: "Path to the kubeconfig file to use for CLI requests." },
  { name: "cluster", type: "string", usage: "The name of the kubeconfig cluster to use" },
  { name: "user", type: "string", usage: "The name of the kubeconfig user to use" },
  { name: "server", shorthand: "s", type: "string", usage: "The address and port of the Kubernetes API server" },
  {
    name: "request-timeout",
    type: "string",
    defaultValue: "0",
    usage:
      "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.",
  },
  { name: "v", shorthand: "v", type: "string", defaultValue: "0", usage: "number for the log level verbosity" },
  {
    name: "insecure-skip-tls-verify",
    type: "bool",
    usage:
      "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
  },
  { name: "token", type: "string", usage: "Bearer token for authentication to the API server" },
  { name: "as", type: "string", usage: "Username to impersonate for the operation." },
  {
    name: "warnings-as-errors",
    type: "bool",
    usage: "Treat warnings received from the server as errors and exit with a non-zero exit code",
  },
  { name: "match-server-version", type: "bool", usage: "Require server version to match client version" },
  { name: "help", shorthand: "h", type: "bool", usage: "help for this command" },
];

/** Global flags that take a value: cobra skips their value when it looks for the command name. */
export const globalValueFlags: ReadonlySet<string> = new Set(
  globalFlags
    .filter((f) => f.type !== "bool")
    .flatMap((f) => [`--${f.name}`, ...(f.shorthand ? [`-${f.shorthand}`] : [])]),
);
