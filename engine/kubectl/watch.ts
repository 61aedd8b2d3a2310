/**
 * `get -w`: after the list, every change to a matching object prints as a row (with the
 * widths the first table set, as kubectl's tabwriter remembers them) or as a document, while
 * the cluster runs for the shell's virtual-time budget; then the command is interrupted as
 * Ctrl-C would interrupt it.
 */
import type { StoredObject } from "../api/object.ts";
import type { ResourceInfo } from "../api/resources.ts";
import type { WatchEvent } from "../store/store.ts";
import type { CommandContext } from "./command.ts";
import { type OutputFormat, printGroups, type TableOptions } from "./print.ts";

export function watchChanges(
  ctx: CommandContext,
  resource: ResourceInfo,
  wanted: (o: StoredObject) => boolean,
  format: OutputFormat,
  opts: TableOptions,
): void {
  const { host, out } = ctx;
  const events: WatchEvent[] = [];
  const stop = host.cluster.watch((e) => {
    if (e.resource !== resource) return;
    const ns = e.object.metadata.namespace;
    if (resource.namespaced && !opts.allNamespaces && ns !== ctx.namespace) return;
    if (wanted(e.object)) events.push(e);
  });
  try {
    host.cluster.advance(host.budgetMs / 1000);
  } finally {
    stop();
  }
  for (const e of events) {
    const printed = printGroups([{ resource, objects: [e.object] }], format, {
      ...opts,
      noHeaders: true,
      single: true,
    });
    if (printed.ok) out.out(format.kind === "yaml" ? `---\n${printed.text}` : printed.text);
  }
  out.interrupt();
}
