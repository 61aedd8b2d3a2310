/**
 * `kubectl port-forward` (pkg/cmd/portforward): `pod/NAME`, `svc/NAME` or `deploy/NAME` and
 * `LOCAL:REMOTE` pairs; a Service port is translated to its pod's targetPort (named ports
 * through the container's ports) as kubectl does. In the foreground it holds the terminal
 * until the shell's budget interrupts it; with `&` it returns and keeps forwarding as a job.
 */
import type { StoredObject } from "../../api/object.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { usageError } from "../command.ts";
import { type PodObject, podForArgument } from "../pods.ts";
import { execRefusal } from "./exec.ts";

type ServicePort = { port: number; targetPort?: number | string; name?: string };

/** util.LookupContainerPortNumberByServicePort and friends: the pod port a Service port leads to. */
function translatePort(
  svc: StoredObject,
  pod: PodObject,
  port: number,
): { ok: true; port: number } | { ok: false; message: string } {
  const ports = ((svc as StoredObject & { spec?: { ports?: ServicePort[] } }).spec?.ports ?? []) as ServicePort[];
  const sp = ports.find((p) => p.port === port);
  if (!sp) return { ok: false, message: `Service ${svc.metadata.name} does not have a service port ${port}` };
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return { ok: true, port: target };
  if (/^\d+$/.test(target)) return { ok: true, port: Number(target) };
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.name === target) return { ok: true, port: p.containerPort };
  return { ok: false, message: `Pod '${pod.metadata.name}' does not have a named port '${target}'` };
}

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const args = f.args;
  if (args.length < 2) return usageError(ctx, "TYPE/NAME and list of ports are required for port-forward");
  const found = podForArgument(ctx, args[0]!);
  if (!found.ok) {
    out.err(found.text);
    return 1;
  }
  const pod = found.pod;
  const refusal = execRefusal(pod, pod.spec?.containers?.[0]?.name ?? "");
  if (refusal && pod.status?.phase !== "Running") {
    out.err(
      `error: unable to forward port because pod is not running. Current status=${pod.status?.phase ?? "Pending"}\n`,
    );
    return 1;
  }
  const isService = found.via?.kind === "Service";
  const pairs: { local: number; remote: number }[] = [];
  for (const spec of args.slice(1)) {
    const m = /^(\d*):?(\d*)$/.exec(spec);
    const parts = spec.split(":");
    if (!m || parts.length > 2) return out.error(`Invalid port format '${spec}'`);
    const localText = parts.length === 2 ? parts[0]! : parts[0]!;
    const remoteText = parts.length === 2 ? parts[1]! : parts[0]!;
    const remote = Number(remoteText);
    if (!/^\d+$/.test(remoteText) || remote < 1 || remote > 65535)
      return out.error(
        `Error parsing remote port '${remoteText}': strconv.ParseUint: parsing "${remoteText}": invalid syntax`,
      );
    // `:80` asks for a random local port; the seed-driven clock picks one deterministically.
    const local =
      localText === "" ? 30000 + ((remote * 7919 + Math.floor(host.cluster.nowMs / 1000)) % 30000) : Number(localText);
    let podPort = remote;
    if (isService) {
      const t = translatePort(found.via!, pod, remote);
      if (!t.ok) return out.error(t.message);
      podPort = t.port;
    }
    pairs.push({ local, remote: podPort });
  }
  const opened: number[] = [];
  for (const p of pairs) {
    const r = host.cluster.network.portForward(
      pod.metadata.namespace ?? ctx.namespace,
      pod.metadata.name,
      p.local,
      p.remote,
    );
    if (!r.ok) {
      for (const l of opened) host.cluster.network.closePortForward(l);
      out.err(
        `Unable to listen on port ${p.local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${p.local}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:${p.local}: bind: address already in use]\n`,
      );
      return out.error(`unable to listen on any of the requested ports: [{${p.local} ${p.remote}}]`);
    }
    opened.push(p.local);
    out.out(`Forwarding from 127.0.0.1:${p.local} -> ${p.remote}\nForwarding from [::1]:${p.local} -> ${p.remote}\n`);
  }
  const stop = () => {
    for (const l of opened) host.cluster.network.closePortForward(l);
  };
  if (host.background && host.startJob) {
    host.startJob({ command: `kubectl port-forward ${args.join(" ")}`, stop, ports: opened });
    return 0;
  }
  // Foreground: nothing else can run until Ctrl-C, so the time passes and the forward closes.
  host.cluster.advance(host.budgetMs / 1000);
  stop();
  return out.interrupt();
}

export const portForwardCommand: CommandSpec = {
  name: "port-forward",
  short: "Forward one or more local ports to a pod",
  group: "troubleshooting",
  usage: "kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]",
  examples:
    "  # Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in the pod\n  kubectl port-forward pod/mypod 5000 6000\n\n  # Listen on port 8888 locally, forwarding to 5000 in the pod\n  kubectl port-forward pod/mypod 8888:5000\n\n  # Listen on a random port locally, forwarding to 5000 in the pod\n  kubectl port-forward pod/mypod :5000",
  flags: [
    {
      name: "address",
      type: "stringSlice",
      usage:
        "Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.",
    },
    {
      name: "pod-running-timeout",
      type: "string",
      defaultValue: "1m0s",
      usage: "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running",
    },
  ],
  run,
};
