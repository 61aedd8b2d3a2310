/**
 * `kubectl describe` (v1.34) over a simulated cluster: one object's description, or many
 * joined as `kubectl describe svc` (no name) prints them. Each kind's layout follows
 * k/kubectl pkg/describe/describe.go; alignment is Go's text/tabwriter (padding 2).
 */
import type { StoredObject } from "../../api/object.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import type { Cluster } from "../../simulation/cluster.ts";
import { describerFor } from "./registry.ts";

export { describeEvents, searchEvents, sortEvents } from "./events.ts";
export { describerFor, hasDescriber } from "./registry.ts";
export { formatEndpointSlices } from "./service.ts";
export { TabWriter } from "./tabwriter.ts";
export type { DescribeContext, Describer } from "./types.ts";

export interface DescribeOptions {
  /** `--show-events` (default true). */
  readonly showEvents?: boolean;
}

/** One object as `kubectl describe <resource> <name>` prints it (ends with a newline). */
export function describe(
  cluster: Cluster,
  resource: ResourceInfo,
  obj: StoredObject,
  options: DescribeOptions = {},
): string {
  const ctx = { cluster, nowMs: cluster.nowMs, showEvents: options.showEvents ?? true };
  return describerFor(resource)(ctx, obj);
}

/**
 * Several objects as `kubectl describe <resource>` (no name, or a selector) prints them:
 * the first as is, each next one after "\n\n" — so two blank lines between descriptions
 * (k/kubectl pkg/cmd/describe `Run`). Empty for no objects: the caller prints
 * "No resources found in <ns> namespace." to stderr.
 */
export function describeMany(
  cluster: Cluster,
  resource: ResourceInfo,
  objects: readonly StoredObject[],
  options: DescribeOptions = {},
): string {
  return objects.map((o) => describe(cluster, resource, o, options)).join("\n\n");
}

/**
 * `kubectl describe pod web` when no pod is named exactly `web`: every object whose name
 * starts with the prefix, each followed by one extra newline (`DescribeMatchingResources`
 * prints "%s\n"). Undefined when none matches: the caller reports the original NotFound.
 */
export function describeMatching(
  cluster: Cluster,
  resource: ResourceInfo,
  objects: readonly StoredObject[],
  prefix: string,
  options: DescribeOptions = {},
): string | undefined {
  const matching = objects.filter((o) => o.metadata.name.startsWith(prefix));
  if (matching.length === 0) return undefined;
  return matching.map((o) => `${describe(cluster, resource, o, options)}\n`).join("");
}
