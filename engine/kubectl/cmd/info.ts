/**
 * The commands that describe the cluster rather than objects: version, cluster-info,
 * api-resources, top (no metrics-server on kind), and the kubeconfig's API server address.
 */
import { apiVersionOf, resources } from "../../api/resources.ts";
import { fnv1a32 } from "../../core/hash.ts";
import { kubernetesVersion } from "../../simulation/version.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import type { KubectlHost } from "../host.ts";
import { outputFlag } from "../print.ts";
import { printJson, printYaml } from "../printers/index.ts";
import { formatTable } from "../printers/tabwriter.ts";

/** kubectl v1.34.0 vendors kustomize v5.7.1. */
const kustomizeVersion = "v5.7.1";

/** kind publishes the API server on a random loopback port; here the seed picks it. */
export function apiServerUrl(host: KubectlHost): string {
  const port = 32768 + (fnv1a32(`apiserver/${host.cluster.options.seed}`) % 28000);
  return `https://127.0.0.1:${port}`;
}

function versionInfo() {
  const [major, minor] = kubernetesVersion.slice(1).split(".");
  return {
    major: major!,
    minor: minor!,
    gitVersion: kubernetesVersion,
    gitTreeState: "clean",
    goVersion: "go1.24.6",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

export const versionCommand: CommandSpec = {
  name: "version",
  short: "Print the client and server version information",
  group: "other",
  usage: "kubectl version [flags] [options]",
  flags: [
    outputFlag,
    { name: "client", type: "bool", usage: "If true, shows client version only (no server required)." },
  ],
  run(ctx) {
    const o = ctx.flags.str("output");
    const client = ctx.flags.bool("client");
    if (o === "json" || o === "yaml") {
      const info: Record<string, unknown> = { clientVersion: versionInfo(), kustomizeVersion };
      if (!client) info.serverVersion = versionInfo();
      ctx.out.out(o === "json" ? printJson(info) : printYaml(info));
      return 0;
    }
    if (o !== "") return ctx.out.error("--output must be 'yaml' or 'json'");
    ctx.out.out(`Client Version: ${kubernetesVersion}\nKustomize Version: ${kustomizeVersion}\n`);
    if (!client) ctx.out.out(`Server Version: ${kubernetesVersion}\n`);
    return 0;
  },
};

export const clusterInfoCommand: CommandSpec = {
  name: "cluster-info",
  short: "Display cluster information",
  group: "cluster",
  usage: "kubectl cluster-info [flags] [options]",
  flags: [],
  run(ctx) {
    if (ctx.flags.args[0] === "dump") {
      ctx.host.note?.("kubectl cluster-info dump is not simulated");
      return 1;
    }
    const url = apiServerUrl(ctx.host);
    // go-colortext paints the names green and the addresses yellow.
    const paint = (code: string, s: string) => (ctx.host.tty ? `\x1b[0;${code}m${s}\x1b[0m` : s);
    const line = (name: string, link: string) => `${paint("32", name)} is running at ${paint("33", link)}\n`;
    ctx.out.out(line("Kubernetes control plane", url));
    ctx.out.out(line("CoreDNS", `${url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`));
    ctx.out.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    return 0;
  },
};

export const apiResourcesCommand: CommandSpec = {
  name: "api-resources",
  short: "Print the supported API resources on the server",
  group: "other",
  usage: "kubectl api-resources [flags] [options]",
  flags: [
    outputFlag,
    {
      name: "namespaced",
      type: "bool",
      defaultValue: "true",
      usage:
        "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.",
    },
    { name: "api-group", type: "string", usage: "Limit to resources in the specified API group." },
    {
      name: "no-headers",
      type: "bool",
      usage: "When using the default or custom-column output format, don't print headers (default print headers).",
    },
  ],
  run(ctx: CommandContext) {
    const f = ctx.flags;
    // Discovery order: the core group first, then groups by name; resources by name within one.
    const rows = [...resources]
      .filter((r) => !f.changed("namespaced") || r.namespaced === f.bool("namespaced"))
      .filter((r) => !f.changed("api-group") || r.group === f.str("api-group"))
      .sort((a, b) =>
        a.group === b.group
          ? cmp(a.resource, b.resource)
          : a.group === ""
            ? -1
            : b.group === ""
              ? 1
              : cmp(a.group, b.group),
      );
    if (f.str("output") === "name") {
      ctx.out.out(rows.map((r) => (r.group ? `${r.resource}.${r.group}\n` : `${r.resource}\n`)).join(""));
      return 0;
    }
    const table = rows.map((r) => [r.resource, r.shortNames.join(","), apiVersionOf(r), String(r.namespaced), r.kind]);
    const wide = f.str("output") === "wide";
    const header = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", ...(wide ? ["VERBS", "CATEGORIES"] : [])];
    const body = wide
      ? table.map((row, i) => [...row, `[${rows[i]!.verbs.join(" ")}]`, rows[i]!.categories.join(",")])
      : table;
    ctx.out.out(formatTable(f.bool("no-headers") ? body : [header, ...body]));
    return 0;
  },
};

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const topCommand: CommandSpec = {
  name: "top",
  short: "Display resource (CPU/memory) usage",
  group: "cluster",
  usage: "kubectl top [flags] [options]",
  flags: [],
  subcommands: [
    {
      name: "node",
      aliases: ["nodes", "no"],
      short: "Display resource (CPU/memory) usage of nodes",
      usage: "kubectl top node [NAME | -l label] [options]",
      flags: [],
      run: noMetrics,
    },
    {
      name: "pod",
      aliases: ["pods", "po"],
      short: "Display resource (CPU/memory) usage of pods",
      usage: "kubectl top pod [NAME | -l label] [options]",
      flags: [
        {
          name: "all-namespaces",
          shorthand: "A",
          type: "bool",
          usage: "If present, list the requested object(s) across all namespaces.",
        },
        { name: "containers", type: "bool", usage: "If present, print usage of containers within a pod." },
        { name: "selector", shorthand: "l", type: "string", usage: "Selector (label query) to filter on" },
      ],
      run: noMetrics,
    },
  ],
};

/** kind ships no metrics-server, so the Metrics API is absent. */
function noMetrics(ctx: CommandContext): number {
  return ctx.out.error("Metrics API not available");
}
