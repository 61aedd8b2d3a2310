import type { StoredObject } from "../../api/object.ts";
import type { Cluster } from "../../simulation/cluster.ts";

/** What a describer reads besides the object: the cluster (related objects, events) and the time. */
export interface DescribeContext {
  readonly cluster: Cluster;
  /** The instant ages are measured from (the cluster's virtual now). */
  readonly nowMs: number;
  /** `--show-events` (default true): false leaves the Events block out entirely. */
  readonly showEvents: boolean;
}

/** One kind's describer: the object as kubectl describe prints it, ending in a newline. */
export type Describer = (ctx: DescribeContext, obj: StoredObject) => string;
