/**
 * The kubectl command table: every command kubectl v1.34 lists in `kubectl --help`, in its
 * groups. Commands the simulator does not model are rows too, so `--help` stays true and
 * running one says plainly (with the `kubook:` prefix) that it is not simulated.
 */

import { configCommand } from "./cmd/config.ts";
import { deleteCommand } from "./cmd/delete.ts";
import { execCommand } from "./cmd/exec.ts";
import { getCommand } from "./cmd/get.ts";
import { apiResourcesCommand, clusterInfoCommand, topCommand, versionCommand } from "./cmd/info.ts";
import { logsCommand } from "./cmd/logs.ts";
import { annotateCommand, labelCommand, scaleCommand } from "./cmd/metadata.ts";
import { portForwardCommand } from "./cmd/port-forward.ts";
import type { CommandContext, CommandGroup, CommandSpec } from "./command.ts";

function notSimulated(name: string, short: string, group: CommandGroup): CommandSpec {
  return {
    name,
    short,
    group,
    usage: `kubectl ${name} [options]`,
    flags: [],
    run(ctx: CommandContext) {
      ctx.out.err(`kubook: kubectl ${name} is not simulated\n`);
      return 1;
    },
  };
}

export const commandTable: readonly CommandSpec[] = [
  notSimulated("create", "Create a resource from a file or from stdin", "basic-beginner"),
  notSimulated(
    "expose",
    "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
    "basic-beginner",
  ),
  notSimulated("run", "Run a particular image on the cluster", "basic-beginner"),
  notSimulated("set", "Set specific features on objects", "basic-beginner"),
  notSimulated("explain", "Get documentation for a resource", "basic"),
  getCommand,
  notSimulated("edit", "Edit a resource on the server", "basic"),
  deleteCommand,
  notSimulated("rollout", "Manage the rollout of a resource", "deploy"),
  scaleCommand,
  notSimulated("autoscale", "Auto-scale a deployment, replica set, stateful set, or replication controller", "deploy"),
  notSimulated("certificate", "Modify certificate resources", "cluster"),
  clusterInfoCommand,
  topCommand,
  notSimulated("cordon", "Mark node as unschedulable", "cluster"),
  notSimulated("uncordon", "Mark node as schedulable", "cluster"),
  notSimulated("drain", "Drain node in preparation for maintenance", "cluster"),
  notSimulated("taint", "Update the taints on one or more nodes", "cluster"),
  notSimulated("describe", "Show details of a specific resource or group of resources", "troubleshooting"),
  logsCommand,
  notSimulated("attach", "Attach to a running container", "troubleshooting"),
  execCommand,
  portForwardCommand,
  notSimulated("proxy", "Run a proxy to the Kubernetes API server", "troubleshooting"),
  notSimulated("cp", "Copy files and directories to and from containers", "troubleshooting"),
  notSimulated("auth", "Inspect authorization", "troubleshooting"),
  notSimulated("debug", "Create debugging sessions for troubleshooting workloads and nodes", "troubleshooting"),
  notSimulated("events", "List events", "troubleshooting"),
  notSimulated("diff", "Diff the live version against a would-be applied version", "advanced"),
  notSimulated("apply", "Apply a configuration to a resource by file name or stdin", "advanced"),
  notSimulated("patch", "Update fields of a resource", "advanced"),
  notSimulated("replace", "Replace a resource by file name or stdin", "advanced"),
  notSimulated("wait", "Experimental: Wait for a specific condition on one or many resources", "advanced"),
  notSimulated("kustomize", "Build a kustomization target from a directory or URL", "advanced"),
  labelCommand,
  annotateCommand,
  notSimulated(
    "completion",
    "Output shell completion code for the specified shell (bash, zsh, fish, or powershell)",
    "settings",
  ),
  apiResourcesCommand,
  notSimulated(
    "api-versions",
    'Print the supported API versions on the server, in the form of "group/version"',
    "other",
  ),
  configCommand,
  notSimulated("plugin", "Provides utilities for interacting with plugins", "other"),
  versionCommand,
];
