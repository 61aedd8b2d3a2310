/**
 * `kubectl exec` (pkg/cmd/exec): the command after `--` runs in the container through the
 * shell's container runtime; a non-zero exit is `command terminated with exit code N` and
 * kubectl exits N; an executable the image lacks is containerd's OCI error. `-it` with a bare
 * shell switches the learner's following lines into that container.
 */
import { fnv1a32 } from "../../core/hash.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { usageError } from "../command.ts";
import { type PodObject, pickContainer, podForArgument } from "../pods.ts";

const shells = new Set(["sh", "bash", "ash", "/bin/sh", "/bin/bash", "/bin/ash", "/usr/bin/bash", "zsh", "/bin/zsh"]);

/** Whether argv starts an interactive shell (nothing to run but the shell itself). */
export function isInteractiveShell(argv: readonly string[]): boolean {
  if (argv.length === 0 || !shells.has(argv[0]!)) return false;
  return argv.slice(1).every((a) => a === "-l" || a === "-i" || a === "-il" || a === "--login");
}

/** containerd's exec ID is random hex; here a hash of what was run stands in for it. */
function execId(pod: PodObject, argv: readonly string[], nowMs: number): string {
  let out = "";
  for (let i = 0; out.length < 64; i++)
    out += fnv1a32(`${pod.metadata.uid}/${argv.join(" ")}/${nowMs}/${i}`)
      .toString(16)
      .padStart(8, "0");
  return out.slice(0, 64);
}

/** The runtime's refusals before anything runs: not started yet, finished, or the container missing. */
export function execRefusal(pod: PodObject, container: string): string | undefined {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed")
    return `error: cannot exec into a container in a completed pod; current phase is ${phase}\n`;
  const st = pod.status?.containerStatuses?.find((c) => c.name === container);
  if (!st?.state?.running) return `error: unable to upgrade connection: container not found ("${container}")\n`;
  return undefined;
}

export async function runInPod(
  ctx: CommandContext,
  pod: PodObject,
  container: string,
  argv: readonly string[],
  opts: { stdin: boolean; tty: boolean },
): Promise<number> {
  const { host, out } = ctx;
  const refusal = execRefusal(pod, container);
  if (refusal) {
    out.err(refusal);
    return 1;
  }
  if (opts.stdin && opts.tty && isInteractiveShell(argv) && host.attach) {
    host.attach({
      namespace: pod.metadata.namespace ?? ctx.namespace,
      pod: pod.metadata.name,
      container,
      argv,
      removeOnExit: false,
      kind: "exec",
    });
    return 0;
  }
  if (!host.execInContainer) return out.error("kubook: running commands in containers needs the kubook shell");
  const r = await host.execInContainer({
    namespace: pod.metadata.namespace ?? ctx.namespace,
    pod: pod.metadata.name,
    container,
    argv,
    stdin: opts.stdin ? host.stdin : "",
  });
  if (r.missing) {
    out.err(
      `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${execId(pod, argv, host.cluster.nowMs)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown\n`,
    );
    return 1;
  }
  // With a TTY the container's stderr arrives merged into stdout, as on a terminal.
  if (opts.tty) out.out(r.stdout + r.stderr);
  else {
    out.out(r.stdout);
    out.err(r.stderr);
  }
  if (r.exitCode !== 0) {
    out.err(`command terminated with exit code ${r.exitCode}\n`);
    return r.exitCode;
  }
  return 0;
}

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out } = ctx;
  const dash = f.parsed.argsLenAtDash;
  const args = f.args;
  if (args.length === 0 || dash === 0) return usageError(ctx, "pod, type/name or --filename must be specified");
  if (dash < 0 && args.length > 1)
    return usageError(ctx, "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead");
  const argv = dash >= 0 ? args.slice(dash) : [];
  if (argv.length === 0) return usageError(ctx, "you must specify at least one command for the container");
  const found = podForArgument(ctx, args[0]!);
  if (!found.ok) {
    out.err(found.text);
    return 1;
  }
  const pick = pickContainer(found.pod, f.str("container"));
  if (!pick.ok) {
    out.err(pick.text);
    return 1;
  }
  if (pick.notice && !f.bool("quiet")) out.err(pick.notice);
  const tty = f.bool("tty");
  if (tty && !f.bool("stdin") && !f.bool("quiet"))
    out.err("Unable to use a TTY - input is not a terminal or the right kind of file\n");
  return runInPod(ctx, found.pod, pick.container, argv, { stdin: f.bool("stdin"), tty: tty && f.bool("stdin") });
}

export const execCommand: CommandSpec = {
  name: "exec",
  short: "Execute a command in a container",
  group: "troubleshooting",
  usage: "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]",
  examples:
    "  # Get output from running the 'date' command from pod mypod, using the first container by default\n  kubectl exec mypod -- date\n\n  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod\n  # and sends stdout/stderr from 'bash' back to the client\n  kubectl exec mypod -c ruby-container -i -t -- bash -il",
  flags: [
    {
      name: "container",
      shorthand: "c",
      type: "string",
      usage:
        "Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen",
    },
    { name: "stdin", shorthand: "i", type: "bool", usage: "Pass stdin to the container" },
    { name: "tty", shorthand: "t", type: "bool", usage: "Stdin is a TTY" },
    { name: "quiet", shorthand: "q", type: "bool", usage: "Only print output from the remote session" },
    { name: "filename", shorthand: "f", type: "stringSlice", usage: "to use to exec into the resource" },
    {
      name: "pod-running-timeout",
      type: "string",
      defaultValue: "1m0s",
      usage: "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running",
    },
  ],
  run,
};
