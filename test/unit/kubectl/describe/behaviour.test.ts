/**
 * describe's shared rules, each on the smallest input that shows it: the Events block,
 * Service endpoint lists, label and annotation blocks, escaping, options, and joining.
 */
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster, StoredObject } from "../../../../engine/index.ts";
import { resourceByName } from "../../../../engine/index.ts";
import type { StoredEvent } from "../../../../engine/kubectl/describe/events.ts";
import { smartLabelFor } from "../../../../engine/kubectl/describe/generic.ts";
import {
  describeEvents,
  describeMany,
  describeMatching,
  describe as describeObject,
  formatEndpointSlices,
  hasDescriber,
} from "../../../../engine/kubectl/describe/index.ts";
import { PrefixWriter } from "../../../../engine/kubectl/describe/writer.ts";
import { mustOk, service } from "../../controllers/helpers.ts";
import { webCluster } from "./scenarios.ts";

const now = Date.parse("2025-09-01T10:00:00Z");

function event(name: string, fields: Partial<StoredEvent>): StoredEvent {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: "default", uid: name, resourceVersion: "1", creationTimestamp: "" },
    involvedObject: { kind: "Pod", name: "p" },
    type: "Normal",
    ...fields,
  } as StoredEvent;
}

function eventsBlock(events: StoredEvent[]): string {
  const w = new PrefixWriter();
  w.write(0, "Name:\tp\n");
  describeEvents(events, w, now);
  return w.done();
}

describe("the Events block", () => {
  it("prints <none> aligned with the lines above when there are no events", () => {
    expect(eventsBlock([])).toBe("Name:    p\nEvents:  <none>\n");
  });

  it("sorts by last time with events.k8s.io events (no lastTimestamp) first, and shows repeats as x N over", () => {
    const events = [
      event("a", {
        reason: "BackOff",
        type: "Warning",
        message: "Back-off restarting failed container c\n",
        count: 2,
        firstTimestamp: "2025-09-01T09:57:51Z",
        lastTimestamp: "2025-09-01T09:58:26Z",
        source: { component: "kubelet", host: "kind-worker" },
      }),
      event("b", {
        reason: "Scheduled",
        message: "Successfully assigned default/p to kind-worker",
        eventTime: "2025-09-01T09:55:00.000000Z",
        source: {},
        reportingComponent: "default-scheduler",
      }),
      event("c", {
        reason: "Pulled",
        message: "Container image already present",
        count: 1,
        firstTimestamp: "2025-09-01T09:59:55Z",
        lastTimestamp: "2025-09-01T09:59:55Z",
        source: { component: "kubelet" },
      }),
    ];
    expect(eventsBlock(events)).toBe(
      [
        "Name:  p",
        "Events:",
        "  Type     Reason     Age                 From               Message",
        "  ----     ------     ----                ----               -------",
        "  Normal   Scheduled  5m                  default-scheduler  Successfully assigned default/p to kind-worker",
        "  Warning  BackOff    94s (x2 over 2m9s)  kubelet            Back-off restarting failed container c",
        "  Normal   Pulled     5s                  kubelet            Container image already present",
        "",
      ].join("\n"),
    );
  });

  it("counts an events.k8s.io series from its first event time to its last observation", () => {
    const e = event("s", {
      reason: "FailedScheduling",
      type: "Warning",
      message: "0/3 nodes are available",
      eventTime: "2025-09-01T09:50:00.000000Z",
      series: { count: 3, lastObservedTime: "2025-09-01T09:59:00.000000Z" },
      reportingComponent: "default-scheduler",
      source: {},
    });
    expect(eventsBlock([e])).toContain("  Warning  FailedScheduling  60s (x3 over 10m)  default-scheduler  0/3 nodes");
  });
});

function slice(ports: { name: string; port: number }[] | undefined, endpoints: [string, boolean | undefined][]) {
  return {
    addressType: "IPv4",
    ports: ports?.map((p) => ({ ...p, protocol: "TCP" })),
    endpoints: endpoints.map(([ip, ready]) => ({ addresses: [ip], conditions: ready === undefined ? {} : { ready } })),
  } as EndpointSlice;
}

describe("a Service's Endpoints line", () => {
  it("is <none> without any slice and empty when no endpoint is ready", () => {
    expect(formatEndpointSlices([], new Set([""]))).toBe("<none>");
    expect(formatEndpointSlices([slice([{ name: "", port: 80 }], [["10.244.1.2", false]])], new Set([""]))).toBe("");
  });

  it("lists ready (or unknown) endpoints of the named port, three at most, then + N more...", () => {
    const s = slice(
      [{ name: "", port: 8080 }],
      [
        ["10.244.1.2", true],
        ["10.244.1.3", undefined],
        ["10.244.1.4", false],
        ["10.244.2.2", true],
        ["10.244.2.3", true],
        ["10.244.2.4", true],
      ],
    );
    expect(formatEndpointSlices([s], new Set([""]))).toBe(
      "10.244.1.2:8080,10.244.1.3:8080,10.244.2.2:8080 + 2 more...",
    );
    expect(formatEndpointSlices([s], new Set(["http"]))).toBe("");
  });

  it("lists bare addresses for a headless slice without ports", () => {
    expect(formatEndpointSlices([slice(undefined, [["10.244.1.2", true]])], new Set([""]))).toBe("10.244.1.2");
  });
});

describe("labels, annotations and escaping", () => {
  let c: Cluster;
  let svc: StoredObject;
  beforeAll(() => {
    c = webCluster();
    svc = mustOk(
      c.create(
        service(
          "odd",
          { selector: { app: "web" }, ports: [{ port: 80 }] },
          {
            labels: { b: "2", a: "1" },
            annotations: {
              "kubectl.kubernetes.io/last-applied-configuration": '{"kind":"Service"}',
              multi: "line one\nline two\n",
              short: "v",
              evil: "\u001b[31mred\r",
            },
          },
        ),
      ),
    );
    c.settle();
  });

  it("prints labels sorted one per line and annotations sorted, multi-line ones under their key", () => {
    const text = describeObject(c, resourceByName("services")!, svc);
    expect(text.split("\n").slice(2, 9).join("\n")).toBe(
      [
        "Labels:                   a=1",
        "                          b=2",
        "Annotations:              evil: ^[[31mred\\r",
        "                          multi:",
        "                            line one",
        "                            line two",
        "                          short: v",
      ].join("\n"),
    );
  });

  it("leaves the Events block out with showEvents false", () => {
    const text = describeObject(c, resourceByName("services")!, svc, { showEvents: false });
    expect(text.endsWith("Internal Traffic Policy:  Cluster\n")).toBe(true);
  });

  it("describes every prefix match with one extra newline each, and nothing when none matches", () => {
    const info = resourceByName("services")!;
    const all = c.list(info, { namespace: "default" });
    const one = describeObject(c, info, svc);
    expect(describeMatching(c, info, all, "od")).toBe(`${one}\n`);
    expect(describeMatching(c, info, all, "zzz")).toBeUndefined();
    expect(describeMany(c, info, [])).toBe("");
  });
});

describe("describer selection", () => {
  it("has a describer of its own for every kind a lesson describes, and the generic one for Events", () => {
    const own = ["services", "pods", "deployments", "replicasets", "endpoints", "endpointslices", "nodes"];
    const more = ["networkpolicies", "namespaces", "configmaps", "serviceaccounts", "daemonsets"];
    for (const r of [...own, ...more]) expect(hasDescriber(resourceByName(r)!), r).toBe(true);
    expect(hasDescriber(resourceByName("events")!)).toBe(false);
  });

  it("turns field names into words as the generic describer does", () => {
    expect(
      ["apiVersion", "uid", "involvedObject", "podIP", "reportingController", "x_y", "v1beta1"].map(smartLabelFor),
    ).toEqual(["API Version", "UID", "Involved Object", "Pod IP", "Reporting Controller", "x_y", "v1beta1"]);
  });
});
