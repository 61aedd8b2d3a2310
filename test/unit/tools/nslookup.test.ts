/**
 * The three nslookups a pod can have, against CoreDNS: busybox ≤ 1.28 (libc resolver),
 * busybox ≥ 1.29 (its own queries, search list only for dotless names) and bind's. Whole
 * outputs, success and failure: NXDOMAIN, headless Services with no ready endpoints,
 * ExternalName, a silent DNS server, dnsPolicy None, and the `kubernetes.default` gotcha.
 */
import { describe, expect, it } from "vitest";
import { resolvConfFor } from "../../../engine/dns/resolvconf.ts";
import { nslookupFlavours } from "../../../engine/tools/nslookup.ts";
import type { DnsWorld } from "./dns-fake.ts";
import { dnsIP, dnsWorld, FakeNet, podResolvConf, run, service, slice, systemServices } from "./dns-fake.ts";

const { "busybox-libc": busybox128, busybox, bind } = nslookupFlavours;

function world(): DnsWorld {
  const w = dnsWorld();
  systemServices(w);
  w.create(service("web", { clusterIP: "10.96.0.50", ports: [{ name: "http", port: 80, protocol: "TCP" }] }));
  w.create(slice("web", [{ ip: "10.244.1.3" }], [{ name: "http", port: 80 }]));
  w.create(
    service("db", { clusterIP: "None", clusterIPs: ["None"], ports: [{ name: "pg", port: 5432, protocol: "TCP" }] }),
  );
  w.create(slice("db", [{ ip: "10.244.1.7", hostname: "db-0" }], [{ name: "pg", port: 5432 }]));
  w.create(service("cold", { clusterIP: "None", clusterIPs: ["None"], ports: [{ port: 80, protocol: "TCP" }] }));
  w.create(slice("cold", [{ ip: "10.244.2.9", ready: false }], [{ port: 80 }]));
  w.create(service("ext", { type: "ExternalName", externalName: "example.com" }));
  return w;
}

const busyboxServer = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n";
const bindServer = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n";
const noRecursion = ";; Got recursion not available from 10.96.0.10\n";
const libcServer = "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n";

describe("busybox 1.28 nslookup (libc resolver)", () => {
  it("resolves a short name through the search list and names each address by PTR", () => {
    expect(run(busybox128, new FakeNet(world()), "nslookup web")).toEqual({
      stdout: `${libcServer}Name:      web\nAddress 1: 10.96.0.50 web.default.svc.cluster.local\n`,
      stderr: "",
      exitCode: 0,
    });
  });

  it("resolves kubernetes.default, the name the Kubernetes docs use", () => {
    expect(run(busybox128, new FakeNet(world()), "nslookup kubernetes.default").stdout).toBe(
      `${libcServer}Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n`,
    );
  });

  it("lists a headless Service's endpoints under their endpoint names", () => {
    expect(run(busybox128, new FakeNet(world()), "nslookup db").stdout).toBe(
      `${libcServer}Name:      db\nAddress 1: 10.244.1.7 db-0.db.default.svc.cluster.local\n`,
    );
  });

  it("says it can't resolve a name that does not exist, on stderr, exit 1", () => {
    expect(run(busybox128, new FakeNet(world()), "nslookup nope")).toEqual({
      stdout: libcServer,
      stderr: "nslookup: can't resolve 'nope'\n",
      exitCode: 1,
    });
  });

  it("can't resolve a headless Service without ready endpoints", () => {
    expect(run(busybox128, new FakeNet(world()), "nslookup cold").stderr).toBe("nslookup: can't resolve 'cold'\n");
  });

  it("follows an ExternalName to its target's address", () => {
    expect(run(busybox128, new FakeNet(world()), "nslookup ext").stdout).toBe(
      `${libcServer}Name:      ext\nAddress 1: 93.184.215.14 example.com\n`,
    );
  });

  it("prints the server without a name and can't resolve anything when DNS does not answer", () => {
    const net = new FakeNet(world(), { silent: [dnsIP] });
    expect(run(busybox128, net, "nslookup kubernetes.default")).toEqual({
      stdout: "Server:    10.96.0.10\nAddress 1: 10.96.0.10\n\n",
      stderr: "nslookup: can't resolve 'kubernetes.default'\n",
      exitCode: 1,
    });
    expect(net.elapsedMs).toBe(20_000);
  });

  it("shows its usage for an option, as it has none", () => {
    expect(run(busybox128, new FakeNet(world()), "nslookup -type=srv web")).toEqual({
      stdout: "",
      stderr:
        "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\n" +
        "Query the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n",
      exitCode: 1,
    });
  });
});

describe("busybox ≥ 1.29 nslookup", () => {
  it("queries A and AAAA under every search domain for a dotless name, printing each reply", () => {
    expect(run(busybox, new FakeNet(world()), "nslookup web")).toEqual({
      stdout:
        busyboxServer +
        "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.50\n\n" +
        "** server can't find web.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find web.cluster.local: NXDOMAIN\n\n" +
        "\n" +
        "** server can't find web.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find web.cluster.local: NXDOMAIN\n\n",
      stderr: "",
      exitCode: 1,
    });
  });

  it("does not search for kubernetes.default: one literal query, NXDOMAIN (the famous gotcha)", () => {
    expect(run(busybox, new FakeNet(world()), "nslookup kubernetes.default")).toEqual({
      stdout:
        busyboxServer +
        "** server can't find kubernetes.default: NXDOMAIN\n\n" +
        "** server can't find kubernetes.default: NXDOMAIN\n\n",
      stderr: "",
      exitCode: 1,
    });
  });

  it("answers a fully qualified name cleanly, the empty AAAA reply leaving a blank line", () => {
    expect(run(busybox, new FakeNet(world()), "nslookup kubernetes.default.svc.cluster.local")).toEqual({
      stdout: `${busyboxServer}Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n\n`,
      stderr: "",
      exitCode: 0,
    });
  });

  it("marks forwarded answers as non-authoritative", () => {
    expect(run(busybox, new FakeNet(world()), "nslookup example.com").stdout).toBe(
      `${busyboxServer}Non-authoritative answer:\nName:\texample.com\nAddress: 93.184.215.14\n\nNon-authoritative answer:\n\n`,
    );
  });

  it("shows an ExternalName's CNAME and the target's address", () => {
    expect(run(busybox, new FakeNet(world()), "nslookup ext.default.svc.cluster.local").stdout).toBe(
      busyboxServer +
        "ext.default.svc.cluster.local\tcanonical name = example.com\nName:\texample.com\nAddress: 93.184.215.14\n\n" +
        "ext.default.svc.cluster.local\tcanonical name = example.com\n\n",
    );
  });

  it("queries SRV with -type=srv and reverse-maps an address with PTR", () => {
    expect(run(busybox, new FakeNet(world()), "nslookup -type=srv _pg._tcp.db.default.svc.cluster.local").stdout).toBe(
      `${busyboxServer}_pg._tcp.db.default.svc.cluster.local\tservice = 0 100 5432 db-0.db.default.svc.cluster.local\n\n`,
    );
    expect(run(busybox, new FakeNet(world()), "nslookup 10.96.0.1").stdout).toBe(
      `${busyboxServer}1.0.96.10.in-addr.arpa\tname = kubernetes.default.svc.cluster.local\n\n`,
    );
  });

  it("says NXDOMAIN for a headless Service without ready endpoints", () => {
    expect(run(busybox, new FakeNet(world()), "nslookup cold.default.svc.cluster.local")).toEqual({
      stdout:
        busyboxServer +
        "** server can't find cold.default.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find cold.default.svc.cluster.local: NXDOMAIN\n\n",
      stderr: "",
      exitCode: 1,
    });
  });

  it("asks the server given on the command line, without the search list", () => {
    expect(run(busybox, new FakeNet(world()), "nslookup web.default.svc.cluster.local 10.96.0.10").stdout).toBe(
      `${busyboxServer}Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.50\n\n\n`,
    );
  });

  it("gives up after 5 s when no server answers", () => {
    const net = new FakeNet(world(), { silent: [dnsIP] });
    expect(run(busybox, net, "nslookup web")).toEqual({
      stdout: ";; connection timed out; no servers could be reached\n\n",
      stderr: "",
      exitCode: 1,
    });
    expect(net.elapsedMs).toBe(5000);
  });

  it("reports read errors when the DNS Service refuses (no CoreDNS endpoints)", () => {
    const net = new FakeNet(world(), { refusing: [dnsIP] });
    expect(run(busybox, net, "nslookup web.default.svc.cluster.local")).toEqual({
      stdout: ";; connection timed out; no servers could be reached\n\n",
      stderr: "nslookup: read: Connection refused\nnslookup: read: Connection refused\n",
      exitCode: 1,
    });
    expect(net.elapsedMs).toBe(5000);
  });

  it("rejects unknown query types and options as busybox does", () => {
    expect(run(busybox, new FakeNet(world()), "nslookup -type=bogus web")).toEqual({
      stdout: "",
      stderr: 'nslookup: invalid query type "bogus"\n',
      exitCode: 1,
    });
    expect(run(busybox, new FakeNet(world()), "nslookup -query=srv web")).toEqual({
      stdout: "",
      stderr:
        "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n" +
        "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\n" +
        "QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n",
      exitCode: 1,
    });
  });

  it("uses only the nameservers and searches of dnsConfig under dnsPolicy None", () => {
    const conf = resolvConfFor(
      {
        metadata: { name: "custom", namespace: "default" },
        spec: {
          containers: [],
          dnsPolicy: "None",
          dnsConfig: { nameservers: ["10.96.0.10"], searches: ["shop.svc.cluster.local"] },
        },
      },
      { dnsServiceIP: dnsIP, clusterDomain: "cluster.local" },
      podResolvConf(),
    );
    const w = world();
    w.create(service("cart", { clusterIP: "10.96.0.77", ports: [{ port: 80, protocol: "TCP" }] }, "shop"));
    expect(run(busybox, new FakeNet(w, { resolvConf: conf }), "nslookup cart").stdout).toBe(
      `${busyboxServer}Name:\tcart.shop.svc.cluster.local\nAddress: 10.96.0.77\n\n\n`,
    );
  });
});

describe("bind nslookup (dnsutils)", () => {
  it("searches quietly, prints the final answer, and notes that CoreDNS offers no recursion", () => {
    expect(run(bind, new FakeNet(world()), "nslookup web")).toEqual({
      stdout: `${noRecursion}${bindServer}Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.50\n${noRecursion}\n`,
      stderr: "",
      exitCode: 0,
    });
  });

  it("finds kubernetes.default through the search list", () => {
    expect(run(bind, new FakeNet(world()), "nslookup kubernetes.default").stdout).toBe(
      `${noRecursion}${noRecursion}${bindServer}Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n${noRecursion}\n`,
    );
  });

  it("reports NXDOMAIN for the name as typed after the search list is exhausted", () => {
    expect(run(bind, new FakeNet(world()), "nslookup nope")).toEqual({
      stdout: `${noRecursion.repeat(3)}${bindServer}** server can't find nope: NXDOMAIN\n\n`,
      stderr: "",
      exitCode: 1,
    });
  });

  it("shows an ExternalName's CNAME with its final dot, then the target", () => {
    expect(run(bind, new FakeNet(world()), "nslookup ext").stdout).toBe(
      `${noRecursion}${bindServer}ext.default.svc.cluster.local\tcanonical name = example.com.\nName:\texample.com\nAddress: 93.184.215.14\n\n`,
    );
  });

  it("marks an outside name as non-authoritative", () => {
    expect(run(bind, new FakeNet(world()), "nslookup example.com.").stdout).toBe(
      `${bindServer}Non-authoritative answer:\nName:\texample.com\nAddress: 93.184.215.14\n\n`,
    );
  });

  it("looks up SRV with -type=srv and PTR for an address", () => {
    expect(run(bind, new FakeNet(world()), "nslookup -type=srv _pg._tcp.db.default.svc.cluster.local").stdout).toBe(
      `${noRecursion}${bindServer}_pg._tcp.db.default.svc.cluster.local\tservice = 0 100 5432 db-0.db.default.svc.cluster.local.\n\n`,
    );
    expect(run(bind, new FakeNet(world()), "nslookup 10.96.0.50").stdout).toBe(
      `${noRecursion}50.0.96.10.in-addr.arpa\tname = web.default.svc.cluster.local.\n\n`,
    );
  });

  it("retries a silent server three times, then gives up", () => {
    const net = new FakeNet(world(), { silent: [dnsIP] });
    expect(run(bind, net, "nslookup web")).toEqual({
      stdout: `${";; communications error to 10.96.0.10#53: timed out\n".repeat(3)};; no servers could be reached\n\n`,
      stderr: "",
      exitCode: 1,
    });
    expect(net.elapsedMs).toBe(15_000);
  });
});
