/**
 * `get -w`: after the list, every change to a matching object prints as a row (with the
 * widths the first table set, as kubectl's tabwriter remembers them) or as a document, while
 * the cluster runs for the shell's virtual-time budget; then the command is interrupted as
 * Ctrl-C would interrupt it.
 */
import type { StoredObject } from "../api/object.ts";
import type { ResourceInfo } from "../api/resources.ts";
import type { CommandContext } from "./command.ts";
import { type OutputFormat, printGroups, type TableOptions } from "./print.ts";

export function watchChanges(
  ctx: CommandContext,
  resource: ResourceInfo,
  wanted: (o: StoredObject) => boolean,
  format: OutputFormat,
  opts: TableOptions,
  listed: readonly StoredObject[],
): void {
  const { host, out } = ctx;
  const events: { object: StoredObject; atMs: number }[] = [];
  const stop = host.cluster.watch((e) => {
    if (e.resource !== resource) return;
    const ns = e.object.metadata.namespace;
    if (resource.namespaced && !opts.allNamespaces && ns !== ctx.namespace) return;
    if (wanted(e.object)) events.push({ object: e.object, atMs: host.cluster.nowMs });
  });
  try {
    host.cluster.advance(host.budgetMs / 1000);
  } finally {
    stop();
  }
  const shown: StoredObject[] = [...listed];
  for (const e of events) {
    if (format.kind === "table") {
      // kubectl's watch tabwriter remembers column widths: a row is laid out with everything
      // printed before it, and its AGE is read when the event arrived.
      shown.push(e.object);
      const printed = printGroups([{ resource, objects: shown }], format, { ...opts, nowMs: e.atMs, single: false });
      if (printed.ok) out.out(`${printed.text.trimEnd().split("\n").at(-1)}\n`);
      continue;
    }
    const printed = printGroups([{ resource, objects: [e.object] }], format, { ...opts, nowMs: e.atMs, single: true });
    if (printed.ok) out.out(format.kind === "yaml" ? `---\n${printed.text}` : printed.text);
  }
  out.interrupt();
}
