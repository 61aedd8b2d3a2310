/**
 * `kubectl expose` (pkg/cmd/expose): read the object, let ../generate introspect its
 * selector and ports, create the Service and print `service/web exposed`.
 */
import type { StoredObject } from "../../api/object.ts";
import { parseTargets, readManifests, resolveType } from "../builder.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { usageError } from "../command.ts";
import { dryRunFlag, filenameFlag } from "../common-flags.ts";
import { formatApiError } from "../errors.ts";
import { type ExposeOptions, generateExpose } from "../generate/index.ts";
import { outputFlag, parseOutputFormat, printGroups } from "../print.ts";

async function run(ctx: CommandContext): Promise<number> {
  const { flags: f, out, host } = ctx;
  const cluster = host.cluster;
  let target: StoredObject | undefined;
  if (f.list("filename").length > 0) {
    const docs = await readManifests(host, f.list("filename"));
    if (!docs.ok) return out.error(docs.message);
    const d = docs.documents[0]!;
    const r = resolveType(String(d.object.kind));
    const name = String((d.object.metadata as { name?: string } | undefined)?.name ?? "");
    if (!r)
      return out.error(`no matches for kind "${String(d.object.kind)}" in version "${String(d.object.apiVersion)}"`);
    const got = cluster.get(r, name, { namespace: ctx.namespace });
    if (!got.ok) {
      out.err(formatApiError(got.status));
      return 1;
    }
    target = got.value;
  } else {
    if (f.args.length === 0)
      return usageError(
        ctx,
        "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    const parsed = parseTargets(f.args);
    if (!parsed.ok) return out.error(parsed.message);
    const t = parsed.targets[0]!;
    if (t.name === undefined) return out.error("resource(s) were provided, but no name was specified");
    const got = cluster.get(t.resource, t.name, { namespace: ctx.namespace });
    if (!got.ok) {
      out.err(formatApiError(got.status));
      return 1;
    }
    target = got.value;
  }
  const dryRun = f.str("dry-run");
  const opts: ExposeOptions = {
    ...(f.changed("port") ? { port: f.str("port") } : {}),
    ...(f.changed("protocol") ? { protocol: f.str("protocol") } : {}),
    ...(f.changed("target-port") ? { targetPort: f.str("target-port") } : {}),
    ...(f.changed("name") ? { name: f.str("name") } : {}),
    ...(f.changed("type") ? { type: f.str("type") } : {}),
    ...(f.changed("selector") ? { selector: f.str("selector") } : {}),
    ...(f.changed("labels") ? { labels: f.str("labels") } : {}),
    ...(f.changed("cluster-ip") ? { clusterIP: f.str("cluster-ip") } : {}),
    ...(f.changed("external-ip") ? { externalIP: f.str("external-ip") } : {}),
    ...(f.changed("session-affinity") ? { sessionAffinity: f.str("session-affinity") } : {}),
    ...(f.changed("load-balancer-ip") ? { loadBalancerIP: f.str("load-balancer-ip") } : {}),
    ...(dryRun === "client" && ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
  };
  const svc = generateExpose(target, opts);
  if (!svc.ok) return svc.usage ? usageError(ctx, svc.message) : out.error(svc.message);
  const format = parseOutputFormat(f.str("output"));
  if (!format.ok) return out.error(format.message);
  const services = resolveType("services")!;
  const print = (obj: StoredObject, suffix: string) => {
    if (f.str("output") === "") out.out(`service/${obj.metadata.name} exposed${suffix}\n`);
    else {
      const printed = printGroups([{ resource: services, objects: [obj] }], format.format, {
        nowMs: cluster.nowMs,
        single: true,
      });
      if (printed.ok) out.out(printed.text);
    }
  };
  if (dryRun === "client") {
    print(svc.object as unknown as StoredObject, " (dry run)");
    return 0;
  }
  const created = cluster.create(svc.object, {
    namespace: ctx.namespace,
    ...(dryRun === "server" ? { dryRun: true } : {}),
  });
  if (!created.ok) {
    out.err(formatApiError(created.status));
    return 1;
  }
  cluster.settle();
  print(created.value, dryRun === "server" ? " (server dry run)" : "");
  return 0;
}

export const exposeCommand: CommandSpec = {
  name: "expose",
  short: "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
  group: "basic-beginner",
  usage:
    "kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]",
  examples:
    "  # Create a service for a replicated nginx, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose rc nginx --port=80 --target-port=8000\n\n  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose deployment nginx --port=80 --target-port=8000",
  flags: [
    outputFlag,
    filenameFlag,
    {
      name: "port",
      type: "string",
      usage: "The port that the service should serve on. Copied from the resource being exposed, if unspecified",
    },
    {
      name: "protocol",
      type: "string",
      usage: "The network protocol for the service to be created. Default is 'TCP'.",
    },
    {
      name: "target-port",
      type: "string",
      usage: "Name or number for the port on the container that the service should direct traffic to. Optional.",
    },
    { name: "name", type: "string", usage: "The name for the newly created object." },
    {
      name: "type",
      type: "string",
      usage: "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.",
    },
    {
      name: "selector",
      type: "string",
      usage:
        "A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)",
    },
    { name: "labels", shorthand: "l", type: "string", usage: "Labels to apply to the service created by this call." },
    {
      name: "cluster-ip",
      type: "string",
      usage:
        "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.",
    },
    {
      name: "external-ip",
      type: "string",
      usage:
        "Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP.",
    },
    {
      name: "session-affinity",
      type: "string",
      usage: "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'",
    },
    {
      name: "load-balancer-ip",
      type: "string",
      usage:
        "IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).",
    },
    dryRunFlag,
  ],
  run,
};
