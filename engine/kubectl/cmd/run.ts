/**
 * `kubectl run` (pkg/cmd/run): build the pod (and with `--expose` the Service) through
 * ../generate, create them, and with `-i`/`-it` attach: a shell switches the learner's
 * following lines into the container until `exit`; any other command's output is shown,
 * then `--rm` deletes the pod (`pod "x" deleted from default namespace`) and a failed
 * `--restart=Never` pod's exit code becomes kubectl's.
 */
import type { StoredObject } from "../../api/object.ts";
import { resolveType } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { usageError } from "../command.ts";
import { dryRunFlag } from "../common-flags.ts";
import { formatApiError } from "../errors.ts";
import { generateRunPod, generateRunService, type RunOptions } from "../generate/index.ts";
import type { PodObject } from "../pods.ts";
import { outputFlag, parseOutputFormat, printGroups } from "../print.ts";
import { isInteractiveShell } from "./exec.ts";
import { nameOf } from "./visit.ts";

/** kubectl's `--pod-running-timeout` default. */
const podRunningTimeoutSeconds = 60;

type ContainerStatus = {
  name: string;
  restartCount?: number;
  state?: { running?: unknown; terminated?: { exitCode?: number; reason?: string; message?: string } };
  lastState?: { terminated?: { exitCode?: number; reason?: string; message?: string } };
};

function statusOf(pod: PodObject): ContainerStatus | undefined {
  return (pod.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses?.[0];
}

function dryRunOf(ctx: CommandContext): "none" | "client" | "server" | undefined {
  const v = ctx.flags.str("dry-run");
  return v === "none" || v === "client" || v === "server" ? v : undefined;
}

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const cluster = host.cluster;
  const dash = f.parsed.argsLenAtDash;
  const args = f.args;
  const name = dash === 0 ? undefined : args[0];
  const rest = dash >= 0 ? args.slice(dash) : args.slice(1);
  const dryRun = dryRunOf(ctx);
  if (!dryRun) return out.error(`Invalid dry-run value (${f.str("dry-run")}). Must be "none", "server", or "client".`);
  if (!f.changed("image") && name !== undefined) return out.error('required flag(s) "image" not set');
  const opts: RunOptions = {
    name,
    image: f.str("image"),
    ...(f.changed("port") ? { port: f.str("port") } : {}),
    ...(f.changed("labels") ? { labels: f.str("labels") } : {}),
    annotations: f.list("annotations"),
    env: f.list("env"),
    restart: f.str("restart"),
    command: f.bool("command"),
    args: rest,
    ...(f.changed("image-pull-policy") ? { imagePullPolicy: f.str("image-pull-policy") } : {}),
    expose: f.bool("expose"),
    stdin: f.bool("stdin"),
    tty: f.bool("tty"),
    ...(f.changed("attach") ? { attach: f.bool("attach") } : {}),
    rm: f.bool("rm"),
    privileged: f.bool("privileged"),
    dryRun,
    ...(dryRun === "client" && ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
  };
  const pod = generateRunPod(opts);
  if (!pod.ok) return pod.usage ? usageError(ctx, pod.message) : out.error(pod.message);
  const format = parseOutputFormat(f.str("output"));
  if (!format.ok) return out.error(format.message);
  const suffix = dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
  const print = (resource: "pods" | "services", obj: StoredObject, verb: string) => {
    const r = resolveType(resource)!;
    if (f.str("output") === "") out.out(`${nameOf(r, obj.metadata.name)} ${verb}${suffix}\n`);
    else {
      const printed = printGroups([{ resource: r, objects: [obj] }], format.format, {
        nowMs: cluster.nowMs,
        single: true,
      });
      if (printed.ok) out.out(printed.text);
    }
  };
  // --expose: the Service first, as run.go creates and prints it before the pod.
  if (opts.expose) {
    const svc = generateRunService(opts);
    if (!svc.ok) return svc.usage ? usageError(ctx, svc.message) : out.error(svc.message);
    if (dryRun === "client") print("services", svc.object as unknown as StoredObject, "created");
    else {
      const created = cluster.create(svc.object, {
        namespace: ctx.namespace,
        ...(dryRun === "server" ? { dryRun: true } : {}),
      });
      if (!created.ok) {
        out.err(formatApiError(created.status));
        return 1;
      }
      print("services", created.value, "created");
    }
  }
  if (dryRun === "client") {
    print("pods", pod.object as unknown as StoredObject, "created");
    return 0;
  }
  const created = cluster.create(pod.object, {
    namespace: ctx.namespace,
    ...(dryRun === "server" ? { dryRun: true } : {}),
  });
  if (!created.ok) {
    out.err(formatApiError(created.status));
    return 1;
  }
  cluster.settle();
  const attach = f.changed("attach") ? f.bool("attach") : f.bool("stdin");
  if (!attach || dryRun === "server") {
    print("pods", created.value, "created");
    return 0;
  }
  return attachToRun(ctx, created.value as PodObject, rest);
}

async function attachToRun(ctx: CommandContext, created: PodObject, argv: readonly string[]): Promise<number> {
  const { flags: f, out, host } = ctx;
  const cluster = host.cluster;
  const ns = created.metadata.namespace ?? ctx.namespace;
  const podName = created.metadata.name;
  const container = created.spec?.containers?.[0]?.name ?? podName;
  const current = () => {
    const g = cluster.get("pods", podName, { namespace: ns });
    return g.ok ? (g.value as PodObject) : undefined;
  };
  const started = (p: PodObject | undefined) => {
    const st = p ? statusOf(p) : undefined;
    return st?.state?.running !== undefined || st?.state?.terminated !== undefined || (st?.restartCount ?? 0) > 0;
  };
  cluster.waitFor(() => started(current()), { timeoutSeconds: podRunningTimeoutSeconds });
  let pod = current();
  if (!pod || !started(pod)) {
    out.err(`error: timed out waiting for the condition\n`);
    return 1;
  }
  const tty = f.bool("tty");
  if (tty) {
    out.err(
      "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n",
    );
  }
  const image = argv.length === 0;
  // With no command the image's own entrypoint runs: a shell for busybox/alpine-style images.
  const program = image ? ((pod.spec?.containers?.[0] as { command?: string[] } | undefined)?.command ?? ["sh"]) : argv;
  const shell = f.bool("stdin") && tty && isInteractiveShell(program) && statusOf(pod)?.state?.running !== undefined;
  if (shell && host.attach) {
    host.attach({ namespace: ns, pod: podName, container, argv: program, removeOnExit: f.bool("rm"), kind: "run" });
    return 0;
  }
  const base = (program[0] ?? "").split("/").at(-1) ?? "";
  const script = ["sh", "bash", "ash"].includes(base);
  let code = 0;
  if (script && statusOf(pod)?.state?.running !== undefined && host.execInContainer) {
    // A shell script: kubook's shell runs it in the container (the kubelet's model of `sh -c`
    // is only what keeps the container alive), and its output is what the attach shows.
    const r = await host.execInContainer({ namespace: ns, pod: podName, container, argv: program, stdin: "" });
    if (tty) out.out(r.stdout + r.stderr);
    else {
      out.out(r.stdout);
      out.err(r.stderr);
    }
    code = r.exitCode;
  } else {
    // A client tool as PID 1: its output is the container's log once it exits.
    cluster.waitFor(
      () => {
        const p = current();
        const st = p ? statusOf(p) : undefined;
        return st?.state?.terminated !== undefined || (st?.restartCount ?? 0) > 0;
      },
      { timeoutSeconds: Math.max(1, host.budgetMs / 1000) },
    );
    pod = current() ?? pod;
    const st = statusOf(pod);
    const previous = (st?.restartCount ?? 0) > 0 && st?.state?.terminated === undefined;
    for (const l of cluster.logs(ns, podName, container, { previous }) ?? []) out.out(`${l.text}\n`);
  }
  const restart = f.str("restart") || "Always";
  const waitForExit = restart === "Never" || restart === "OnFailure";
  let finalPod: PodObject | undefined = current();
  if (waitForExit)
    cluster.waitFor(() => ["Succeeded", "Failed"].includes(current()?.status?.phase ?? ""), { timeoutSeconds: 60 });
  finalPod = current() ?? finalPod;
  if (f.bool("rm")) {
    const del = cluster.delete("pods", podName, { namespace: ns });
    if (del.ok) {
      cluster.waitFor(() => !cluster.get("pods", podName, { namespace: ns }).ok, { timeoutSeconds: 120 });
      out.out(`pod "${podName}" deleted from ${ns} namespace\n`);
    }
  }
  if (!waitForExit) return 0;
  if (finalPod?.status?.phase === "Failed") {
    const term = statusOf(finalPod)?.state?.terminated;
    const rc = term?.exitCode ?? 0;
    if (rc === 0) return out.error(`pod ${ns}/${podName} failed with unknown exit code`);
    out.err(`pod ${ns}/${podName} terminated (${term?.reason ?? "Error"})\n${term?.message ?? ""}`);
    return rc;
  }
  return code;
}

export const runCommand: CommandSpec = {
  name: "run",
  short: "Run a particular image on the cluster",
  group: "basic-beginner",
  usage:
    'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]',
  examples:
    "  # Start a nginx pod\n  kubectl run nginx --image=nginx\n\n  # Start a busybox pod and keep it in the foreground, don't restart it if it exits\n  kubectl run -i -t busybox --image=busybox --restart=Never",
  flags: [
    outputFlag,
    { name: "image", type: "string", usage: "The image for the container to run." },
    { name: "port", type: "string", usage: "The port that this container exposes." },
    {
      name: "labels",
      shorthand: "l",
      type: "string",
      usage: "Comma separated labels to apply to the pod. Will override previous values.",
    },
    { name: "env", type: "stringArray", usage: "Environment variables to set in the container." },
    { name: "annotations", type: "stringArray", usage: "Annotations to apply to the pod." },
    {
      name: "restart",
      type: "string",
      defaultValue: "Always",
      usage: "The restart policy for this Pod.  Legal values [Always, OnFailure, Never].",
    },
    {
      name: "rm",
      type: "bool",
      usage:
        "If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with '--attach' or with '-i/--stdin'.",
    },
    {
      name: "stdin",
      shorthand: "i",
      type: "bool",
      usage: "Keep stdin open on the container in the pod, even if nothing is attached.",
    },
    { name: "tty", shorthand: "t", type: "bool", usage: "Allocate a TTY for the container in the pod." },
    {
      name: "attach",
      type: "bool",
      usage:
        "If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' were called.",
    },
    {
      name: "command",
      type: "bool",
      usage:
        "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.",
    },
    {
      name: "expose",
      type: "bool",
      usage: "If true, create a ClusterIP service associated with the pod.  Requires `--port`.",
    },
    { name: "image-pull-policy", type: "string", usage: "The image pull policy for the container." },
    { name: "privileged", type: "bool", usage: "If true, run the container in privileged mode." },
    { name: "quiet", shorthand: "q", type: "bool", usage: "If true, suppress prompt messages." },
    dryRunFlag,
    {
      name: "pod-running-timeout",
      type: "string",
      defaultValue: "1m0s",
      usage: "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running",
    },
  ],
  run,
};
