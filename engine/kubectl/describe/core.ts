/** `kubectl describe namespace`, `configmap` and `serviceaccount` (k/kubectl `describeNamespace`, `ConfigMapDescriber`, `describeServiceAccount`). */
import type { ConfigMap, Namespace, ServiceAccount } from "kubernetes-types/core/v1";
import type { StoredObject } from "../../api/object.ts";
import { describeEvents, eventsFor } from "./events.ts";
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z, sortStrings } from "./format.ts";
import type { DescribeContext } from "./types.ts";
import { LEVEL_0, LEVEL_1, tabbedString } from "./writer.ts";

/**
 * A namespace has no Events block upstream. The quota and limit sections list the
 * namespace's ResourceQuotas and LimitRanges; the simulation serves neither, and a kind
 * namespace has none, so both print their "none" sentences, as a real cluster does.
 */
export function describeNamespace(_ctx: DescribeContext, obj: StoredObject): string {
  const ns = obj as Namespace & StoredObject;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", ns.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ""}\n`);
    const conditions = ns.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n");
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ""}\t${c.message ?? ""}\n`,
        );
    }
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No resource quota.\n");
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No LimitRange resource.\n");
  });
}

/** ConfigMap: Data entries as `key:\n----\nvalue\n\n`, sorted; BinaryData as `key: N bytes`. */
export function describeConfigMap(ctx: DescribeContext, obj: StoredObject): string {
  const cm = obj as ConfigMap & StoredObject;
  const events = ctx.showEvents ? eventsFor(ctx.cluster, obj) : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", cm.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", cm.metadata.annotations);
    w.write(LEVEL_0, "\nData\n====\n");
    for (const k of sortStrings(Object.keys(cm.data ?? {}))) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data![k]}\n`);
      w.write(LEVEL_0, "\n");
    }
    w.write(LEVEL_0, "\nBinaryData\n====\n");
    for (const k of sortStrings(Object.keys(cm.binaryData ?? {}))) {
      w.write(LEVEL_0, `${k}: ${base64Length(cm.binaryData![k]!)} bytes\n`);
    }
    w.write(LEVEL_0, "\n");
    if (events) describeEvents(events, w, ctx.nowMs);
  });
}

/** The decoded length of a base64 text (binaryData is base64 in JSON; upstream counts the bytes). */
function base64Length(text: string): number {
  const clean = text.replace(/\s/g, "");
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

/**
 * ServiceAccount: its image pull secrets, mountable secrets and token Secrets, under headers
 * padded to one width and listed in sorted header order. The simulation serves no Secrets:
 * there are never token Secrets, and a named secret is always "(not found)", as upstream
 * marks secrets it cannot find.
 */
export function describeServiceAccount(ctx: DescribeContext, obj: StoredObject): string {
  const sa = obj as ServiceAccount & StoredObject;
  const events = ctx.showEvents ? eventsFor(ctx.cluster, obj) : undefined;
  const sections: readonly [string, readonly string[]][] = [
    ["Image pull secrets:", (sa.imagePullSecrets ?? []).map((s) => s.name ?? "")],
    ["Mountable secrets: ", (sa.secrets ?? []).map((s) => s.name ?? "")],
    ["Tokens:            ", []],
  ];
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${sa.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", sa.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", sa.metadata.annotations);
    for (const [header, names] of sections) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      names.forEach((name, i) => {
        w.write(LEVEL_0, `${i === 0 ? header : " ".repeat(19)}\t${name} (not found)\n`);
      });
    }
    if (events) describeEvents(events, w, ctx.nowMs);
  });
}
