/**
 * Flags several kubectl commands share, with kubectl's own usage texts (one row each, so
 * every command's --help says the same thing).
 */
import type { FlagSpec } from "./flags.ts";

export const selectorFlag: FlagSpec = {
  name: "selector",
  shorthand: "l",
  type: "string",
  usage:
    "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
};

export const allNamespacesFlag: FlagSpec = {
  name: "all-namespaces",
  shorthand: "A",
  type: "bool",
  usage:
    "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.",
};

export const filenameFlag: FlagSpec = {
  name: "filename",
  shorthand: "f",
  type: "stringSlice",
  usage: "Filename, directory, or URL to files identifying the resource to get from a server.",
};

export const dryRunFlag: FlagSpec = {
  name: "dry-run",
  type: "string",
  defaultValue: "none",
  noOptDefault: "unchanged",
  usage:
    'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
};
