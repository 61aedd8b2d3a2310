/** `kubectl describe endpoints` and `kubectl describe endpointslice` (k/kubectl `describeEndpoints`, `describeEndpointSliceV1`). */
import type { Endpoints } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { StoredObject } from "../../api/object.ts";
import { describeEvents, eventsFor } from "./events.ts";
import { printAnnotationsMultiline, printLabelsMultiline } from "./format.ts";
import type { DescribeContext } from "./types.ts";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString } from "./writer.ts";

export function describeEndpoints(ctx: DescribeContext, obj: StoredObject): string {
  const ep = obj as Endpoints & StoredObject;
  const events = ctx.showEvents ? eventsFor(ctx.cluster, obj) : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", ep.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ep.metadata.annotations);
    w.write(LEVEL_0, "Subsets:\n");
    for (const subset of ep.subsets ?? []) {
      const ready = (subset.addresses ?? []).map((a) => a.ip).join(",");
      w.write(LEVEL_1, `Addresses:\t${ready || "<none>"}\n`);
      const notReady = (subset.notReadyAddresses ?? []).map((a) => a.ip).join(",");
      w.write(LEVEL_1, `NotReadyAddresses:\t${notReady || "<none>"}\n`);
      if (subset.ports && subset.ports.length > 0) {
        w.write(LEVEL_1, "Ports:\n");
        w.write(LEVEL_2, "Name\tPort\tProtocol\n");
        w.write(LEVEL_2, "----\t----\t--------\n");
        for (const p of subset.ports) w.write(LEVEL_2, `${p.name || "<unset>"}\t${p.port}\t${p.protocol ?? ""}\n`);
      }
      w.write(LEVEL_0, "\n");
    }
    if (events) describeEvents(events, w, ctx.nowMs);
  });
}

export function describeEndpointSlice(ctx: DescribeContext, obj: StoredObject): string {
  const eps = obj as EndpointSlice & StoredObject;
  const events = ctx.showEvents ? eventsFor(ctx.cluster, obj) : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", eps.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", eps.metadata.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType}\n`);
    if (!eps.ports || eps.ports.length === 0) {
      w.write(LEVEL_0, "Ports: <unset>\n");
    } else {
      w.write(LEVEL_0, "Ports:\n");
      w.write(LEVEL_1, "Name\tPort\tProtocol\n");
      w.write(LEVEL_1, "----\t----\t--------\n");
      for (const p of eps.ports) {
        const port = p.port === undefined || p.port === null ? "<unset>" : String(p.port);
        w.write(LEVEL_1, `${p.name || "<unset>"}\t${port}\t${p.protocol ?? ""}\n`);
      }
    }
    if (!eps.endpoints || eps.endpoints.length === 0) {
      w.write(LEVEL_0, "Endpoints: <none>\n");
    } else {
      w.write(LEVEL_0, "Endpoints:\n");
      for (const ep of eps.endpoints) {
        w.write(LEVEL_1, `- Addresses:\t${ep.addresses.join(", ") || "<none>"}\n`);
        w.write(LEVEL_2, "Conditions:\n");
        const ready = ep.conditions?.ready;
        w.write(LEVEL_3, `Ready:\t${ready === undefined || ready === null ? "<unset>" : String(ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${ep.hostname ?? "<unset>"}\n`);
        if (ep.targetRef) w.write(LEVEL_2, `TargetRef:\t${ep.targetRef.kind ?? ""}/${ep.targetRef.name ?? ""}\n`);
        w.write(LEVEL_2, `NodeName:\t${ep.nodeName ?? "<unset>"}\n`);
        w.write(LEVEL_2, `Zone:\t${ep.zone ?? "<unset>"}\n`);
      }
    }
    if (events) describeEvents(events, w, ctx.nowMs);
  });
}
