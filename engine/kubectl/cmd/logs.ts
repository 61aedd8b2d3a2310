/**
 * `kubectl logs` (pkg/cmd/logs): one pod's container log, or every selected pod's with `-l`;
 * `--tail`, `--previous`, `--prefix`, `--timestamps`, `--all-containers`; `-f` keeps printing
 * what the container writes while the cluster runs for the shell's budget, then is interrupted.
 */
import { matches, parseSelector } from "../../api/labels.ts";
import { formatRfc3339 } from "../../core/clock.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { usageError } from "../command.ts";
import { selectorFlag } from "../common-flags.ts";
import { type PodObject, pickContainer, podForArgument } from "../pods.ts";

type Line = { stream: string; text: string; atMs: number };

function waitingReason(pod: PodObject, container: string): string | undefined {
  const st = pod.status?.containerStatuses?.find((c) => c.name === container);
  const waiting = st?.state?.waiting;
  if (waiting) return waiting.reason ?? "ContainerCreating";
  if (!st) return "ContainerCreating";
  return undefined;
}

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const selector = f.str("selector");
  const args = f.args;
  if (args.length === 0 && !selector)
    return usageError(
      ctx,
      "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command",
    );
  if (args.length > 2) return usageError(ctx, "expected POD, TYPE/NAME, or --selector");
  let pods: PodObject[];
  let requested = f.str("container");
  if (selector) {
    if (args.length > 0) return out.error("only a selector (-l) or a POD name is allowed");
    const sel = parseSelector(selector);
    if (!sel.ok) return out.error(sel.error);
    pods = host.cluster
      .list("pods", { namespace: ctx.namespace })
      .filter((p) => matches(sel.value, p.metadata.labels)) as PodObject[];
    if (pods.length === 0) {
      out.err(`No resources found in ${ctx.namespace} namespace.\n`);
      return 0;
    }
    pods = pods.slice(0, Math.max(1, f.int("max-log-requests")) + 1);
  } else {
    const found = podForArgument(ctx, args[0]!);
    if (!found.ok) {
      out.err(found.text);
      return 1;
    }
    if (found.via && found.selected > 1)
      out.err(`Found ${found.selected} pods, using pod/${found.pod.metadata.name}\n`);
    if (args[1]) requested = args[1];
    pods = [found.pod];
  }
  const tail = f.changed("tail") ? f.int("tail") : selector ? 10 : -1;
  const prefix = f.bool("prefix");
  let failed = false;
  const printLines = (pod: PodObject, container: string, lines: readonly Line[]) => {
    const shown = tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
    for (const l of shown) {
      const ts = f.bool("timestamps") ? `${formatRfc3339(l.atMs).replace("Z", ".000000000Z")} ` : "";
      const p = prefix ? `[pod/${pod.metadata.name}/${container}] ` : "";
      out.out(`${p}${ts}${l.text}\n`);
    }
  };
  const selected: { pod: PodObject; container: string; seen: number }[] = [];
  for (const pod of pods) {
    const containers = f.bool("all-containers") ? (pod.spec?.containers ?? []).map((c) => c.name) : [];
    if (containers.length === 0) {
      const pick = pickContainer(pod, requested);
      if (!pick.ok) {
        out.err(pick.text);
        failed = true;
        continue;
      }
      if (pick.notice && !selector) out.err(pick.notice);
      containers.push(pick.container);
    }
    for (const container of containers) {
      const lines = host.cluster.logs(pod.metadata.namespace ?? ctx.namespace, pod.metadata.name, container, {
        previous: f.bool("previous"),
      });
      if (!lines) {
        if (f.bool("previous"))
          out.err(
            `Error from server (BadRequest): previous terminated container "${container}" in pod "${pod.metadata.name}" not found\n`,
          );
        else {
          const reason = waitingReason(pod, container) ?? "ContainerCreating";
          out.err(
            `Error from server (BadRequest): container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${reason}\n`,
          );
        }
        failed = true;
        continue;
      }
      printLines(pod, container, lines);
      selected.push({ pod, container, seen: lines.length });
    }
  }
  if (f.bool("follow") && selected.length > 0) {
    // Follow: let the cluster run, then print what each container wrote meanwhile.
    host.cluster.advance(host.budgetMs / 1000);
    for (const s of selected) {
      const lines =
        host.cluster.logs(s.pod.metadata.namespace ?? ctx.namespace, s.pod.metadata.name, s.container) ?? [];
      for (const l of lines.slice(s.seen))
        out.out(`${prefix ? `[pod/${s.pod.metadata.name}/${s.container}] ` : ""}${l.text}\n`);
    }
    return out.interrupt();
  }
  return failed ? 1 : 0;
}

export const logsCommand: CommandSpec = {
  name: "logs",
  short: "Print the logs for a container in a pod",
  group: "troubleshooting",
  usage: "kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]",
  examples:
    "  # Return snapshot logs from pod nginx with only one container\n  kubectl logs nginx\n\n  # Begin streaming the logs of the ruby container in pod web-1\n  kubectl logs -f -c ruby web-1\n\n  # Display only the most recent 20 lines of output in pod nginx\n  kubectl logs --tail=20 nginx",
  flags: [
    selectorFlag,
    { name: "container", shorthand: "c", type: "string", usage: "Print the logs of this container" },
    { name: "follow", shorthand: "f", type: "bool", usage: "Specify if the logs should be streamed." },
    {
      name: "previous",
      shorthand: "p",
      type: "bool",
      usage: "If true, print the logs for the previous instance of the container in a pod if it exists.",
    },
    {
      name: "tail",
      type: "int",
      defaultValue: "-1",
      usage:
        "Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.",
    },
    { name: "timestamps", type: "bool", usage: "Include timestamps on each line in the log output" },
    { name: "prefix", type: "bool", usage: "Prefix each log line with the log source (pod name and container name)" },
    { name: "all-containers", type: "bool", usage: "Get all containers' logs in the pod(s)." },
    {
      name: "max-log-requests",
      type: "int",
      defaultValue: "5",
      usage: "Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.",
    },
    {
      name: "since",
      type: "string",
      defaultValue: "0s",
      usage:
        "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.",
    },
    {
      name: "pod-running-timeout",
      type: "string",
      defaultValue: "20s",
      usage: "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running",
    },
  ],
  run,
};
