/**
 * A small kubectl host over a fresh simulated cluster, for command tests: objects are made
 * with `cluster.create`, commands run through `runKubectl` with a virtual-time budget.
 */
import type { Cluster, CommandResult, KubectlHost } from "../../../../engine/index.ts";
import { runKubectl } from "../../../../engine/index.ts";
import { kindKubeConfig } from "../../../../engine/kubectl/host.ts";
import { deployment, mustOk, newCluster } from "../../controllers/helpers.ts";

export { deployment, mustOk, newCluster };

export function hostFor(cluster: Cluster, budgetMs = 60_000): KubectlHost {
  return {
    cluster,
    config: kindKubeConfig("kind"),
    env: {},
    stdin: "",
    tty: true,
    budgetMs,
    background: false,
    async readFile() {
      return { kind: "missing" };
    },
  };
}

/** Run `kubectl …` (words split on spaces) and return its result. */
export function kubectl(cluster: Cluster, line: string, budgetMs?: number): Promise<CommandResult> {
  return runKubectl(line.split(" ").filter(Boolean), hostFor(cluster, budgetMs));
}

/** What a terminal shows: stdout and stderr in order. */
export function shown(r: CommandResult): string {
  return r.chunks.map((c) => c.text).join("");
}

/** A cluster with Deployment `web` (replicas, image nginx:1.27, container `web`) rolled out. */
export function clusterWithWeb(replicas = 3): Cluster {
  const c = newCluster();
  c.settle();
  mustOk(c.create(deployment("web", replicas)));
  c.advance(60);
  return c;
}
