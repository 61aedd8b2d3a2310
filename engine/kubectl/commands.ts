/**
 * The kubectl command table: every command kubectl v1.34 lists in `kubectl --help`, in its
 * groups. Commands the simulator does not model are rows too, so `--help` stays true and
 * running one says plainly (with the `kubook:` prefix) that it is not simulated.
 */

import { applyCommand } from "./cmd/apply.ts";
import { configCommand } from "./cmd/config.ts";
import { createCommand } from "./cmd/create.ts";
import { deleteCommand } from "./cmd/delete.ts";
import { describeCommand } from "./cmd/describe.ts";
import { editCommand } from "./cmd/edit.ts";
import { execCommand } from "./cmd/exec.ts";
import { explainCommand } from "./cmd/explain.ts";
import { exposeCommand } from "./cmd/expose.ts";
import { getCommand } from "./cmd/get.ts";
import { apiResourcesCommand, clusterInfoCommand, topCommand, versionCommand } from "./cmd/info.ts";
import { logsCommand } from "./cmd/logs.ts";
import { annotateCommand, labelCommand, scaleCommand } from "./cmd/metadata.ts";
import { patchCommand } from "./cmd/patch.ts";
import { portForwardCommand } from "./cmd/port-forward.ts";
import { rolloutCommand } from "./cmd/rollout.ts";
import { runCommand } from "./cmd/run.ts";
import { setCommand } from "./cmd/set.ts";
import { waitCommand } from "./cmd/wait.ts";
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
  createCommand,
  exposeCommand,
  runCommand,
  setCommand,
  explainCommand,
  getCommand,
  editCommand,
  deleteCommand,
  rolloutCommand,
  scaleCommand,
  notSimulated("autoscale", "Auto-scale a deployment, replica set, stateful set, or replication controller", "deploy"),
  notSimulated("certificate", "Modify certificate resources", "cluster"),
  clusterInfoCommand,
  topCommand,
  notSimulated("cordon", "Mark node as unschedulable", "cluster"),
  notSimulated("uncordon", "Mark node as schedulable", "cluster"),
  notSimulated("drain", "Drain node in preparation for maintenance", "cluster"),
  notSimulated("taint", "Update the taints on one or more nodes", "cluster"),
  describeCommand,
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
  applyCommand,
  patchCommand,
  notSimulated("replace", "Replace a resource by file name or stdin", "advanced"),
  waitCommand,
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
