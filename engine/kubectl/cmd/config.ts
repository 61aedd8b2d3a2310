/**
 * `kubectl config`: the kubeconfig kind wrote (one cluster, user and context `kind-<name>`),
 * with view, current-context, get-contexts, use-context and set-context (lessons use
 * `set-context --current --namespace=…` to change the default namespace).
 */
import type { CommandContext, CommandSpec } from "../command.ts";
import { usageError } from "../command.ts";
import { outputFlag } from "../print.ts";
import { printJson, printYaml } from "../printers/index.ts";
import { formatTable } from "../printers/tabwriter.ts";
import { apiServerUrl } from "./info.ts";

function kubeconfigObject(ctx: CommandContext, minify: boolean): Record<string, unknown> {
  const { config } = ctx.host;
  const names = [...config.contexts.keys()].filter((n) => !minify || n === config.currentContext).sort();
  const clusters = [...new Set(names.map((n) => config.contexts.get(n)!.cluster))].sort();
  const users = [...new Set(names.map((n) => config.contexts.get(n)!.user))].sort();
  return {
    apiVersion: "v1",
    clusters: clusters.map((name) => ({
      cluster: { "certificate-authority-data": "DATA+OMITTED", server: apiServerUrl(ctx.host) },
      name,
    })),
    contexts: names.map((name) => {
      const c = config.contexts.get(name)!;
      return {
        context: { cluster: c.cluster, ...(c.namespace ? { namespace: c.namespace } : {}), user: c.user },
        name,
      };
    }),
    "current-context": config.currentContext,
    kind: "Config",
    preferences: {},
    users: users.map((name) => ({
      name,
      user: { "client-certificate-data": "DATA+OMITTED", "client-key-data": "DATA+OMITTED" },
    })),
  };
}

const view: CommandSpec = {
  name: "view",
  short: "Display merged kubeconfig settings or a specified kubeconfig file",
  usage: "kubectl config view [flags] [options]",
  flags: [
    { ...outputFlag, defaultValue: "yaml" },
    { name: "minify", type: "bool", usage: "Remove all information not used by current-context from the output" },
    { name: "raw", type: "bool", usage: "Display raw byte data and sensitive data" },
  ],
  run(ctx) {
    const obj = kubeconfigObject(ctx, ctx.flags.bool("minify"));
    const o = ctx.flags.str("output") || "yaml";
    if (o === "json") ctx.out.out(printJson(obj));
    else if (o === "yaml") ctx.out.out(printYaml(obj));
    else return ctx.out.error(`unable to match a printer suitable for the output format "${o}"`);
    return 0;
  },
};

const currentContext: CommandSpec = {
  name: "current-context",
  short: "Display the current-context",
  usage: "kubectl config current-context [flags] [options]",
  flags: [],
  run(ctx) {
    ctx.out.out(`${ctx.host.config.currentContext}\n`);
    return 0;
  },
};

const getContexts: CommandSpec = {
  name: "get-contexts",
  short: "Describe one or many contexts",
  usage: "kubectl config get-contexts [(-o|--output=)name)] [flags] [options]",
  flags: [
    outputFlag,
    {
      name: "no-headers",
      type: "bool",
      usage: "When using the default or custom-column output format, don't print headers (default print headers).",
    },
  ],
  run(ctx) {
    const { config } = ctx.host;
    const names = ctx.flags.args.length > 0 ? [...ctx.flags.args] : [...config.contexts.keys()].sort();
    for (const n of names) if (!config.contexts.has(n)) return ctx.out.error(`context ${n} not found`);
    if (ctx.flags.str("output") === "name") {
      ctx.out.out(names.map((n) => `${n}\n`).join(""));
      return 0;
    }
    const rows = names.map((n) => {
      const c = config.contexts.get(n)!;
      return [n === config.currentContext ? "*" : "", n, c.cluster, c.user, c.namespace ?? ""];
    });
    const header = ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"];
    ctx.out.out(formatTable(ctx.flags.bool("no-headers") ? rows : [header, ...rows]));
    return 0;
  },
};

const useContext: CommandSpec = {
  name: "use-context",
  aliases: ["use"],
  short: "Set the current-context in a kubeconfig file",
  usage: "kubectl config use-context CONTEXT_NAME [options]",
  flags: [],
  run(ctx) {
    const name = ctx.flags.args[0];
    if (!name) return usageError(ctx, "Unexpected args: []");
    if (!ctx.host.config.contexts.has(name)) return ctx.out.error(`no context exists with the name: "${name}"`);
    ctx.host.config.currentContext = name;
    ctx.out.out(`Switched to context "${name}".\n`);
    return 0;
  },
};

const setContext: CommandSpec = {
  name: "set-context",
  short: "Set a context entry in kubeconfig",
  usage:
    "kubectl config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [options]",
  flags: [
    { name: "current", type: "bool", usage: "Modify the current context" },
    { name: "namespace", type: "string", usage: "namespace for the context entry in kubeconfig" },
    { name: "cluster", type: "string", usage: "cluster for the context entry in kubeconfig" },
    { name: "user", type: "string", usage: "user for the context entry in kubeconfig" },
  ],
  run(ctx) {
    const { config } = ctx.host;
    const current = ctx.flags.bool("current");
    const name = current ? config.currentContext : ctx.flags.args[0];
    if (current && ctx.flags.args.length > 0)
      return ctx.out.error("you cannot specify both a context name and --current");
    if (!name) return usageError(ctx, "Unexpected args: []");
    const existing = config.contexts.get(name);
    const entry = existing ?? { cluster: "", user: "" };
    const next = {
      cluster: ctx.flags.changed("cluster") ? ctx.flags.str("cluster") : entry.cluster,
      user: ctx.flags.changed("user") ? ctx.flags.str("user") : entry.user,
      ...(ctx.flags.changed("namespace")
        ? { namespace: ctx.flags.str("namespace") }
        : entry.namespace
          ? { namespace: entry.namespace }
          : {}),
    };
    config.contexts.set(name, next);
    ctx.out.out(`Context "${name}" ${existing ? "modified" : "created"}.\n`);
    return 0;
  },
};

export const configCommand: CommandSpec = {
  name: "config",
  short: "Modify kubeconfig files",
  group: "other",
  usage: "kubectl config SUBCOMMAND [options]",
  flags: [],
  subcommands: [currentContext, getContexts, setContext, useContext, view],
};
