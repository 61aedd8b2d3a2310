/**
 * CoreDNS with kind's Corefile: the `kubernetes` plugin's records (ClusterIP, headless,
 * endpoint names, SRV, PTR, ExternalName, pods insecure, dns-version), NXDOMAIN and NODATA
 * with the zone's SOA, `forward` for everything else, `loadbalance`, and indexes that follow
 * watch events. Objects are written to a real ObjectStore; one suite follows a whole cluster.
 */
import { describe, expect, it, vi } from "vitest";
import type { DnsRecord, DnsResponse, DnsType } from "../../../engine/dns/types.ts";
import type { DnsWorld } from "../tools/dns-fake.ts";
import { dnsWorld, service, slice, startMs, systemServices, upstreamAnswer } from "../tools/dns-fake.ts";

const ask = (w: DnsWorld, name: string, type: DnsType = "A"): DnsResponse => w.dns.serve({ name, type });
const a = (name: string, ip: string, ttl = 30): DnsRecord => ({ name, ttl, type: "A", data: ip });
const soa = (serialMs = startMs): DnsRecord => ({
  name: "cluster.local.",
  ttl: 30,
  type: "SOA",
  data: `ns.dns.cluster.local. hostmaster.cluster.local. ${serialMs / 1000} 7200 1800 86400 30`,
});
const authoritative = { authoritative: true, recursionAvailable: false };

function webWorld(): DnsWorld {
  const w = dnsWorld();
  systemServices(w);
  w.create(
    service("web", {
      clusterIP: "10.96.0.50",
      clusterIPs: ["10.96.0.50"],
      ports: [
        { name: "http", port: 80, protocol: "TCP" },
        { port: 8080, protocol: "TCP", name: "" },
      ],
    }),
  );
  w.create(slice("web", [{ ip: "10.244.1.3" }, { ip: "10.244.2.4", ready: true }], [{ name: "http", port: 80 }]));
  w.create(
    service("db", { clusterIP: "None", clusterIPs: ["None"], ports: [{ name: "pg", port: 5432, protocol: "TCP" }] }),
  );
  w.create(
    slice(
      "db",
      [{ ip: "10.244.1.7", hostname: "db-0" }, { ip: "10.244.2.8" }, { ip: "10.244.2.9", ready: false }],
      [{ name: "pg", port: 5432 }],
    ),
  );
  return w;
}

const sortedData = (records: readonly DnsRecord[]) => records.map((r) => r.data).sort();

describe("CoreDNS: Services", () => {
  it("answers a ClusterIP Service's name with its ClusterIP, authoritatively, with TTL 30", () => {
    const w = webWorld();
    expect(ask(w, "web.default.svc.cluster.local.")).toEqual({
      question: { name: "web.default.svc.cluster.local.", type: "A" },
      rcode: "NOERROR",
      ...authoritative,
      answers: [a("web.default.svc.cluster.local.", "10.96.0.50")],
      authority: [],
      additional: [],
    });
  });

  it("answers a ClusterIP Service that has no endpoints at all", () => {
    const w = dnsWorld();
    w.create(service("lonely", { clusterIP: "10.96.7.7", ports: [{ port: 80, protocol: "TCP" }] }, "shop"));
    expect(ask(w, "lonely.shop.svc.cluster.local.").answers).toEqual([
      a("lonely.shop.svc.cluster.local.", "10.96.7.7"),
    ]);
  });

  it("serves kube-system like any namespace: kube-dns resolves to 10.96.0.10", () => {
    const w = webWorld();
    expect(ask(w, "kube-dns.kube-system.svc.cluster.local.").answers).toEqual([
      a("kube-dns.kube-system.svc.cluster.local.", "10.96.0.10"),
    ]);
  });

  it("compares names case-insensitively and answers in lower case", () => {
    const w = webWorld();
    expect(ask(w, "WEB.Default.SVC.cluster.LOCAL").answers).toEqual([
      a("web.default.svc.cluster.local.", "10.96.0.50"),
    ]);
  });

  it("says NXDOMAIN with the zone's SOA for a Service that does not exist, the serial being the last change", () => {
    const w = webWorld();
    w.clock.advanceTo(startMs + 90_000);
    expect(ask(w, "nope.default.svc.cluster.local.")).toEqual({
      question: { name: "nope.default.svc.cluster.local.", type: "A" },
      rcode: "NXDOMAIN",
      ...authoritative,
      answers: [],
      authority: [soa()],
      additional: [],
    });
    w.create(service("late", { clusterIP: "10.96.9.9", ports: [{ port: 80, protocol: "TCP" }] }));
    expect(ask(w, "nope.default.svc.cluster.local.").authority).toEqual([soa(startMs + 90_000)]);
  });

  it("answers NOERROR without records (NODATA) for AAAA of an IPv4 Service, and for MX and TXT", () => {
    const w = webWorld();
    for (const type of ["AAAA", "MX", "ANY"] as const) {
      const r = ask(w, "web.default.svc.cluster.local.", type);
      expect(r).toEqual({ ...r, rcode: "NOERROR", answers: [], authority: [soa()], ...authoritative });
    }
    expect(ask(w, "web.default.svc.cluster.local.", "TXT").rcode).toBe("NOERROR");
  });

  it("treats an existing namespace as a name without records and a missing one as no name", () => {
    const w = webWorld();
    expect(ask(w, "default.svc.cluster.local.").rcode).toBe("NOERROR");
    expect(ask(w, "default.svc.cluster.local.").answers).toEqual([]);
    expect(ask(w, "nosuchns.svc.cluster.local.").rcode).toBe("NXDOMAIN");
    expect(ask(w, "web.nosuchns.svc.cluster.local.").rcode).toBe("NXDOMAIN");
    expect(ask(w, "web.cluster.local.").rcode).toBe("NXDOMAIN");
    expect(ask(w, "a.b.c.web.default.svc.cluster.local.").rcode).toBe("NXDOMAIN");
  });

  it("serves the zone's SOA and NS at its apex, and dns-version as TXT 1.1.0", () => {
    const w = webWorld();
    expect(ask(w, "cluster.local.", "SOA").answers).toEqual([soa()]);
    expect(ask(w, "cluster.local.", "NS")).toMatchObject({
      answers: [{ name: "cluster.local.", ttl: 30, type: "NS", data: "kube-dns.kube-system.svc.cluster.local." }],
      additional: [a("kube-dns.kube-system.svc.cluster.local.", "10.96.0.10")],
    });
    expect(ask(w, "dns-version.cluster.local.", "TXT").answers).toEqual([
      { name: "dns-version.cluster.local.", ttl: 28800, type: "TXT", data: '"1.1.0"' },
    ]);
  });
});

describe("CoreDNS: headless Services and endpoint names", () => {
  it("answers a headless Service with one A record per ready endpoint (ready true or unset)", () => {
    const w = webWorld();
    const r = ask(w, "db.default.svc.cluster.local.");
    expect(r.rcode).toBe("NOERROR");
    expect(sortedData(r.answers)).toEqual(["10.244.1.7", "10.244.2.8"]);
    expect(r.answers.every((rr) => rr.name === "db.default.svc.cluster.local." && rr.ttl === 30)).toBe(true);
  });

  it("says NXDOMAIN for a headless Service without ready endpoints", () => {
    const w = dnsWorld();
    w.create(service("cold", { clusterIP: "None", clusterIPs: ["None"], ports: [{ port: 80, protocol: "TCP" }] }));
    expect(ask(w, "cold.default.svc.cluster.local.").rcode).toBe("NXDOMAIN");
    w.create(slice("cold", [{ ip: "10.244.1.9", ready: false }], [{ port: 80 }]));
    expect(ask(w, "cold.default.svc.cluster.local.")).toMatchObject({ rcode: "NXDOMAIN", authority: [soa()] });
  });

  it("names each endpoint by its hostname, or by its address with dashes", () => {
    const w = webWorld();
    expect(ask(w, "db-0.db.default.svc.cluster.local.").answers).toEqual([
      a("db-0.db.default.svc.cluster.local.", "10.244.1.7"),
    ]);
    expect(ask(w, "10-244-2-8.db.default.svc.cluster.local.").answers).toEqual([
      a("10-244-2-8.db.default.svc.cluster.local.", "10.244.2.8"),
    ]);
    // An endpoint with a hostname is not found under its dashed address; an unready one not at all.
    expect(ask(w, "10-244-1-7.db.default.svc.cluster.local.").rcode).toBe("NXDOMAIN");
    expect(ask(w, "10-244-2-9.db.default.svc.cluster.local.").rcode).toBe("NXDOMAIN");
  });

  it("resolves dashed endpoint names under a ClusterIP Service too, as CoreDNS does", () => {
    const w = webWorld();
    expect(ask(w, "10-244-2-4.web.default.svc.cluster.local.").answers).toEqual([
      a("10-244-2-4.web.default.svc.cluster.local.", "10.244.2.4"),
    ]);
  });

  it("serves a headless Service without ports by its addresses", () => {
    const w = dnsWorld();
    w.create(service("bare", { clusterIP: "None", clusterIPs: ["None"] }));
    w.create(slice("bare", [{ ip: "10.244.1.11" }], []));
    expect(ask(w, "bare.default.svc.cluster.local.").answers).toEqual([
      a("bare.default.svc.cluster.local.", "10.244.1.11"),
    ]);
    expect(ask(w, "bare.default.svc.cluster.local.", "SRV")).toMatchObject({ rcode: "NOERROR", answers: [] });
  });
});

describe("CoreDNS: SRV records", () => {
  it("gives a named port of a ClusterIP Service one SRV to the Service name, and its address as additional", () => {
    const w = webWorld();
    expect(ask(w, "_http._tcp.web.default.svc.cluster.local.", "SRV")).toMatchObject({
      rcode: "NOERROR",
      answers: [
        {
          name: "_http._tcp.web.default.svc.cluster.local.",
          ttl: 30,
          type: "SRV",
          data: "0 100 80 web.default.svc.cluster.local.",
        },
      ],
      additional: [a("web.default.svc.cluster.local.", "10.96.0.50")],
    });
  });

  it("lists every port, named or not, for SRV on the Service name, weights sharing 100", () => {
    const w = webWorld();
    expect(ask(w, "web.default.svc.cluster.local.", "SRV").answers.map((r) => r.data)).toEqual([
      "0 50 80 web.default.svc.cluster.local.",
      "0 50 8080 web.default.svc.cluster.local.",
    ]);
  });

  it("gives a headless Service one SRV per ready endpoint, pointing at the endpoint's name", () => {
    const w = webWorld();
    const r = ask(w, "_pg._tcp.db.default.svc.cluster.local.", "SRV");
    expect(r.answers.map((rr) => rr.data)).toEqual([
      "0 50 5432 db-0.db.default.svc.cluster.local.",
      "0 50 5432 10-244-2-8.db.default.svc.cluster.local.",
    ]);
    expect([...r.additional].sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      a("10-244-2-8.db.default.svc.cluster.local.", "10.244.2.8"),
      a("db-0.db.default.svc.cluster.local.", "10.244.1.7"),
    ]);
  });

  it("says NXDOMAIN for a port or protocol the Service does not have", () => {
    const w = webWorld();
    expect(ask(w, "_https._tcp.web.default.svc.cluster.local.", "SRV").rcode).toBe("NXDOMAIN");
    expect(ask(w, "_http._udp.web.default.svc.cluster.local.", "SRV").rcode).toBe("NXDOMAIN");
  });

  it("rounds weights down with three targets and never goes below 1", () => {
    const w = dnsWorld();
    w.create(
      service("trio", { clusterIP: "None", clusterIPs: ["None"], ports: [{ name: "x", port: 1, protocol: "TCP" }] }),
    );
    w.create(
      slice("trio", [{ ip: "10.244.1.1" }, { ip: "10.244.1.2" }, { ip: "10.244.1.3" }], [{ name: "x", port: 1 }]),
    );
    expect(ask(w, "_x._tcp.trio.default.svc.cluster.local.", "SRV").answers.map((r) => r.data.split(" ")[1])).toEqual([
      "33",
      "33",
      "33",
    ]);
  });
});

describe("CoreDNS: reverse lookups", () => {
  it("names a ClusterIP by its Service", () => {
    const w = webWorld();
    expect(ask(w, "50.0.96.10.in-addr.arpa.", "PTR")).toMatchObject({
      rcode: "NOERROR",
      ...authoritative,
      answers: [{ name: "50.0.96.10.in-addr.arpa.", ttl: 30, type: "PTR", data: "web.default.svc.cluster.local." }],
    });
  });

  it("names an endpoint address by its endpoint name under every Service that has it ready", () => {
    const w = webWorld();
    w.create(service("web-alias", { clusterIP: "10.96.0.51", ports: [{ name: "http", port: 80, protocol: "TCP" }] }));
    w.create(slice("web-alias", [{ ip: "10.244.1.3" }], [{ name: "http", port: 80 }], { name: "web-alias-zzzzz" }));
    expect(ask(w, "3.1.244.10.in-addr.arpa.", "PTR").answers.map((r) => r.data)).toEqual([
      "10-244-1-3.web.default.svc.cluster.local.",
      "10-244-1-3.web-alias.default.svc.cluster.local.",
    ]);
    expect(ask(w, "7.1.244.10.in-addr.arpa.", "PTR").answers.map((r) => r.data)).toEqual([
      "db-0.db.default.svc.cluster.local.",
    ]);
  });

  it("passes reverse names it does not know to the upstream resolver (fallthrough in-addr.arpa)", () => {
    const w = webWorld();
    expect(ask(w, "9.9.9.10.in-addr.arpa.", "PTR")).toMatchObject({
      rcode: "NXDOMAIN",
      authoritative: false,
      recursionAvailable: true,
    });
    expect(ask(w, "14.215.184.93.in-addr.arpa.", "PTR").answers.map((r) => r.data)).toEqual(["example.com."]);
  });
});

describe("CoreDNS: ExternalName, pods and the outside world", () => {
  it("answers an ExternalName Service with a CNAME and the target's address from upstream", () => {
    const w = webWorld();
    w.create(service("ext", { type: "ExternalName", externalName: "example.com" }));
    expect(ask(w, "ext.default.svc.cluster.local.")).toEqual({
      question: { name: "ext.default.svc.cluster.local.", type: "A" },
      rcode: "NOERROR",
      ...authoritative,
      answers: [
        { name: "ext.default.svc.cluster.local.", ttl: 30, type: "CNAME", data: "example.com." },
        a("example.com.", "93.184.215.14"),
      ],
      authority: [],
      additional: [],
    });
    expect(ask(w, "ext.default.svc.cluster.local.", "CNAME").answers).toEqual([
      { name: "ext.default.svc.cluster.local.", ttl: 30, type: "CNAME", data: "example.com." },
    ]);
  });

  it("keeps the CNAME of an ExternalName whose target upstream does not know", () => {
    const w = dnsWorld();
    w.create(service("gone", { type: "ExternalName", externalName: "no-such-host.example." }));
    expect(ask(w, "gone.default.svc.cluster.local.").answers).toEqual([
      { name: "gone.default.svc.cluster.local.", ttl: 30, type: "CNAME", data: "no-such-host.example." },
    ]);
  });

  it("follows an ExternalName that points inside the cluster without asking upstream", () => {
    const w = webWorld();
    w.create(service("alias", { type: "ExternalName", externalName: "web.default.svc.cluster.local" }, "shop"));
    expect(ask(w, "alias.shop.svc.cluster.local.").answers).toEqual([
      { name: "alias.shop.svc.cluster.local.", ttl: 30, type: "CNAME", data: "web.default.svc.cluster.local." },
      a("web.default.svc.cluster.local.", "10.96.0.50"),
    ]);
  });

  it("has no SRV and no endpoints under an ExternalName Service", () => {
    const w = webWorld();
    w.create(service("ext", { type: "ExternalName", externalName: "example.com", ports: [{ name: "h", port: 80 }] }));
    expect(ask(w, "ext.default.svc.cluster.local.", "SRV")).toMatchObject({ rcode: "NOERROR", answers: [] });
    expect(ask(w, "_h._tcp.ext.default.svc.cluster.local.", "SRV").rcode).toBe("NXDOMAIN");
    expect(ask(w, "x.ext.default.svc.cluster.local.").rcode).toBe("NXDOMAIN");
  });

  it("answers pod names (pods insecure) without looking for the pod, only for its namespace", () => {
    const w = webWorld();
    expect(ask(w, "10-244-9-9.default.pod.cluster.local.").answers).toEqual([
      a("10-244-9-9.default.pod.cluster.local.", "10.244.9.9"),
    ]);
    expect(ask(w, "10-244-9-9.nosuchns.pod.cluster.local.").rcode).toBe("NXDOMAIN");
    expect(ask(w, "not-an-ip.default.pod.cluster.local.").rcode).toBe("NXDOMAIN");
  });

  it("forwards names outside the cluster zones; the answer is not authoritative", () => {
    const w = webWorld();
    expect(ask(w, "example.com.")).toEqual({ ...upstreamAnswer({ name: "example.com.", type: "A" }) });
    expect(ask(w, "web.")).toMatchObject({ rcode: "NXDOMAIN", authoritative: false });
  });
});

describe("CoreDNS: loadbalance", () => {
  function many(seed: number) {
    const w = dnsWorld(seed);
    w.create(service("big", { clusterIP: "None", clusterIPs: ["None"], ports: [{ port: 80, protocol: "TCP" }] }));
    w.create(
      slice(
        "big",
        [1, 2, 3, 4, 5].map((n) => ({ ip: `10.244.1.${n}` })),
        [{ port: 80 }],
      ),
    );
    return w;
  }
  const order = (w: DnsWorld) =>
    ask(w, "big.default.svc.cluster.local.")
      .answers.map((r) => r.data.split(".")[3])
      .join("");

  it("shuffles address records per response, the same way for the same seed", () => {
    const first = many(3);
    const again = many(3);
    const orders = [order(first), order(first), order(first), order(first)];
    expect(new Set(orders).size).toBeGreaterThan(1);
    expect([order(again), order(again), order(again), order(again)]).toEqual(orders);
    expect(orders.every((o) => [...o].sort().join("") === "12345")).toBe(true);
  });
});

describe("CoreDNS: following changes", () => {
  it("drops a deleted Service and picks up endpoints as slices change", () => {
    const w = webWorld();
    w.remove("Service", "web", "default");
    expect(ask(w, "web.default.svc.cluster.local.").rcode).toBe("NXDOMAIN");
    const dbSlice = w.store.get("endpointslices", "default", "db-abcde")!;
    w.update({ ...dbSlice, endpoints: [{ addresses: ["10.244.3.3"], conditions: { ready: true } }] } as typeof dbSlice);
    expect(ask(w, "db.default.svc.cluster.local.").answers).toEqual([a("db.default.svc.cluster.local.", "10.244.3.3")]);
    expect(ask(w, "7.1.244.10.in-addr.arpa.", "PTR").authoritative).toBe(false);
  });

  it("moves the SOA serial only for changes DNS can see", () => {
    const w = webWorld();
    const svc = w.store.get("services", "default", "web")!;
    w.clock.advanceTo(startMs + 60_000);
    w.update({ ...svc, metadata: { ...svc.metadata, labels: { tier: "front" } } });
    expect(ask(w, "x.default.svc.cluster.local.").authority).toEqual([soa()]);
    const labelled = w.store.get("services", "default", "web")! as typeof svc & { spec: { ports: unknown[] } };
    w.update({
      ...labelled,
      spec: { ...labelled.spec, ports: [{ name: "http", port: 81, protocol: "TCP" }] },
    } as typeof svc);
    expect(ask(w, "x.default.svc.cluster.local.").authority).toEqual([soa(startMs + 60_000)]);
  });

  it("rebuilds the same answers from the store after a restore", () => {
    const w = webWorld();
    const saved = w.store.save();
    w.remove("Service", "db", "default");
    w.store.load(saved);
    w.dns.rebuild();
    expect(sortedData(ask(w, "db.default.svc.cluster.local.").answers)).toEqual(["10.244.1.7", "10.244.2.8"]);
  });

  it("answers from its own indexes: a thousand Services, and no query lists the store", () => {
    const w = dnsWorld();
    for (let i = 0; i < 1000; i++) {
      const ip = `10.96.${Math.floor(i / 250) + 10}.${(i % 250) + 1}`;
      w.create(
        service(`svc-${i}`, { clusterIP: ip, clusterIPs: [ip], ports: [{ name: "http", port: 80, protocol: "TCP" }] }),
      );
      w.create(
        slice(`svc-${i}`, [{ ip: `10.244.${Math.floor(i / 250) + 1}.${(i % 250) + 2}` }], [{ name: "http", port: 80 }]),
      );
    }
    const list = vi.spyOn(w.store, "list");
    expect(ask(w, "svc-999.default.svc.cluster.local.").answers).toEqual([
      a("svc-999.default.svc.cluster.local.", "10.96.13.250"),
    ]);
    expect(ask(w, "250.13.96.10.in-addr.arpa.", "PTR").answers[0]!.data).toBe("svc-999.default.svc.cluster.local.");
    expect(ask(w, "_http._tcp.svc-500.default.svc.cluster.local.", "SRV").answers).toHaveLength(1);
    expect(list).not.toHaveBeenCalled();
  });
});
