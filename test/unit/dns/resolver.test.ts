/**
 * getaddrinfo(3) and getnameinfo(3) as glibc does them inside a pod: /etc/hosts first, the
 * search list against ndots, nameservers tried in order with their timeouts, CNAMEs followed.
 */
import { describe, expect, it } from "vitest";
import { parseResolvConf } from "../../../engine/dns/resolvconf.ts";
import { reverseLookup, searchCandidates, stubResolve } from "../../../engine/dns/resolver.ts";
import type { DnsQuestion } from "../../../engine/dns/types.ts";
import type { DnsWorld } from "../tools/dns-fake.ts";
import { dnsIP, dnsWorld, FakeNet, podResolvConf, service, slice, systemServices } from "../tools/dns-fake.ts";

function world(): DnsWorld {
  const w = dnsWorld();
  systemServices(w);
  w.create(service("web", { clusterIP: "10.96.0.50", ports: [{ name: "http", port: 80, protocol: "TCP" }] }));
  w.create(slice("web", [{ ip: "10.244.1.3" }], [{ name: "http", port: 80 }]));
  w.create(service("ext", { type: "ExternalName", externalName: "example.com" }));
  return w;
}

function env(net: FakeNet, hosts = "") {
  return {
    resolvConf: net.resolvConf,
    hosts,
    exchange: (server: string, q: DnsQuestion, timeoutMs: number) => net.query(server, q, { timeoutMs }),
  };
}

describe("the stub resolver", () => {
  it("tries each search domain before the name itself when it has fewer dots than ndots", () => {
    const net = new FakeNet(world());
    expect(stubResolve("web", env(net))).toEqual({
      ok: true,
      addresses: ["10.96.0.50"],
      canonicalName: "web.default.svc.cluster.local",
      elapsedMs: 0,
    });
    expect(net.sent).toEqual([`${dnsIP} web.default.svc.cluster.local. A`]);
  });

  it("walks the whole search list, then asks the name as is, for an outside name", () => {
    const net = new FakeNet(world());
    expect(stubResolve("example.com", env(net))).toMatchObject({ ok: true, addresses: ["93.184.215.14"] });
    expect(net.sent).toEqual([
      `${dnsIP} example.com.default.svc.cluster.local. A`,
      `${dnsIP} example.com.svc.cluster.local. A`,
      `${dnsIP} example.com.cluster.local. A`,
      `${dnsIP} example.com. A`,
    ]);
  });

  it("asks a name with a final dot as is, only", () => {
    const net = new FakeNet(world());
    expect(stubResolve("web.", env(net))).toEqual({ ok: false, failure: "nxdomain", elapsedMs: 0 });
    expect(net.sent).toEqual([`${dnsIP} web. A`]);
  });

  it("asks a name with at least ndots dots as is first, then with the search domains", () => {
    const conf = parseResolvConf("search default.svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:1\n");
    expect(searchCandidates("web.default", conf)).toEqual(["web.default.", "web.default.default.svc.cluster.local."]);
    expect(searchCandidates("web", conf)).toEqual(["web.default.svc.cluster.local.", "web."]);
  });

  it("follows an ExternalName's CNAME to the addresses in the same answer", () => {
    const net = new FakeNet(world());
    expect(stubResolve("ext", env(net))).toEqual({
      ok: true,
      addresses: ["93.184.215.14"],
      canonicalName: "example.com",
      elapsedMs: 0,
    });
  });

  it("reads /etc/hosts before asking anyone", () => {
    const net = new FakeNet(world());
    const hosts = "127.0.0.1\tlocalhost\n10.244.1.5\tclient\n10.1.2.3\tfoo.remote\tbar.remote\n";
    expect(stubResolve("bar.remote", env(net, hosts))).toEqual({
      ok: true,
      addresses: ["10.1.2.3"],
      canonicalName: "foo.remote",
      elapsedMs: 0,
    });
    expect(net.sent).toEqual([]);
  });

  it("says nxdomain after every candidate failed", () => {
    const net = new FakeNet(world());
    expect(stubResolve("nope", env(net))).toEqual({ ok: false, failure: "nxdomain", elapsedMs: 0 });
    expect(net.sent).toHaveLength(4);
  });

  it("spends timeout × attempts on a silent server and stops searching", () => {
    const net = new FakeNet(world(), { silent: [dnsIP] });
    expect(stubResolve("web", env(net))).toEqual({ ok: false, failure: "timeout", elapsedMs: 10_000 });
    expect(net.sent).toEqual([
      `${dnsIP} web.default.svc.cluster.local. A`,
      `${dnsIP} web.default.svc.cluster.local. A`,
    ]);
  });

  it("moves on to the next nameserver when the first does not answer", () => {
    const conf = parseResolvConf(
      "search default.svc.cluster.local\nnameserver 10.96.0.99\nnameserver 10.96.0.10\noptions ndots:5 timeout:2\n",
    );
    const net = new FakeNet(world(), { silent: ["10.96.0.99"], resolvConf: conf });
    expect(stubResolve("web", env(net))).toMatchObject({ ok: true, addresses: ["10.96.0.50"], elapsedMs: 2000 });
  });

  it("names addresses from /etc/hosts, then by PTR through the nameservers", () => {
    const net = new FakeNet(world(), { resolvConf: podResolvConf() });
    const hosts = "10.244.1.5\tclient\n";
    expect(reverseLookup("10.244.1.5", env(net, hosts))).toEqual({ name: "client", elapsedMs: 0 });
    expect(reverseLookup("10.96.0.10", env(net, hosts))).toEqual({
      name: "kube-dns.kube-system.svc.cluster.local",
      elapsedMs: 0,
    });
    expect(reverseLookup("10.99.99.99", env(net, hosts))).toEqual({ name: undefined, elapsedMs: 0 });
  });
});
