/**
 * The pod's /etc/resolv.conf (kubelet dns.go + containerd) and /etc/hosts (kubelet_pods.go):
 * every dnsPolicy, dnsConfig merged as the kubelet merges it, the kubelet's limits, and the
 * hosts file with hostname, subdomain, hostAliases and host network.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { parseResolvConf, renderEtcHosts, renderResolvConf, resolvConfFor } from "../../../engine/dns/resolvconf.ts";
import type { ResolvConf } from "../../../engine/dns/types.ts";

const cluster = { dnsServiceIP: "10.96.0.10", clusterDomain: "cluster.local" };
/** A kind node's file: docker's resolver on the network gateway, a search domain from the host. */
const node: ResolvConf = parseResolvConf(
  "nameserver 172.18.0.1\nsearch corp.example\noptions edns0 trust-ad ndots:0\n",
);

function pod(spec: Partial<NonNullable<Pod["spec"]>> = {}, namespace = "shop", name = "client"): Pod {
  return { metadata: { name, namespace }, spec: { containers: [], ...spec } };
}

const fileOf = (p: Pod) => renderResolvConf(resolvConfFor(p, cluster, node));

describe("resolv.conf", () => {
  it("gives a ClusterFirst pod the cluster's search list, then the node's, kube-dns, and ndots:5", () => {
    expect(fileOf(pod())).toBe(
      "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\n" +
        "nameserver 10.96.0.10\n" +
        "options ndots:5\n",
    );
    expect(resolvConfFor(pod(), cluster, node)).toEqual({
      nameservers: ["10.96.0.10"],
      search: ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"],
      options: { ndots: 5, timeoutSeconds: 5, attempts: 2 },
      rawOptions: ["ndots:5"],
    });
  });

  it("treats a pod without dnsPolicy as ClusterFirst", () => {
    expect(fileOf({ metadata: { name: "p", namespace: "default" } })).toBe(
      "search default.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
  });

  it("gives dnsPolicy Default the node's resolv.conf, options and all", () => {
    expect(fileOf(pod({ dnsPolicy: "Default" }))).toBe(
      "search corp.example\nnameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n",
    );
  });

  it("falls back to the node's file for a hostNetwork pod with ClusterFirst, unless it asks for ClusterFirstWithHostNet", () => {
    expect(fileOf(pod({ hostNetwork: true }))).toBe(fileOf(pod({ dnsPolicy: "Default" })));
    expect(fileOf(pod({ hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" }))).toBe(fileOf(pod()));
  });

  it("writes only dnsConfig for dnsPolicy None (the conformance test's configurable nameservers)", () => {
    const p = pod({
      dnsPolicy: "None",
      dnsConfig: {
        nameservers: ["1.1.1.1"],
        searches: ["resolv.conf.local"],
        options: [{ name: "ndots", value: "2" }],
      },
    });
    expect(fileOf(p)).toBe("search resolv.conf.local\nnameserver 1.1.1.1\noptions ndots:2\n");
  });

  it("copies the node's file when dnsPolicy None leaves nothing to write, as containerd does", () => {
    expect(resolvConfFor(pod({ dnsPolicy: "None", dnsConfig: {} }), cluster, node)).toBe(node);
  });

  it("merges dnsConfig into ClusterFirst: servers and searches appended once, options overriding by name", () => {
    const p = pod({
      dnsConfig: {
        nameservers: ["10.96.0.10", "8.8.8.8"],
        searches: ["svc.cluster.local", "my.dns.search.suffix"],
        options: [{ name: "ndots", value: "2" }, { name: "edns0" }],
      },
    });
    expect(fileOf(p)).toBe(
      "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example my.dns.search.suffix\n" +
        "nameserver 10.96.0.10\nnameserver 8.8.8.8\n" +
        "options ndots:2 edns0\n",
    );
    expect(resolvConfFor(p, cluster, node).options).toEqual({ ndots: 2, timeoutSeconds: 5, attempts: 2, edns0: true });
  });

  it("keeps at most 3 nameservers and 32 search paths, and drops paths longer than 253 characters", () => {
    const long = `${"a".repeat(250)}.com`;
    const searches = [long, ...Array.from({ length: 40 }, (_, i) => `s${i}.example`)];
    const conf = resolvConfFor(
      pod({ dnsPolicy: "None", dnsConfig: { nameservers: ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"], searches } }),
      cluster,
      node,
    );
    expect(conf.nameservers).toEqual(["1.1.1.1", "2.2.2.2", "3.3.3.3"]);
    expect(conf.search).toEqual(Array.from({ length: 31 }, (_, i) => `s${i}.example`));
  });

  it("reads resolv.conf as glibc does: last search wins, options capped, defaults filled in", () => {
    expect(
      parseResolvConf(
        "# comment\nsearch a.example\nnameserver 10.0.0.1\nsearch b.example. c.example\noptions ndots:30 timeout:2 attempts:9 rotate\n",
      ),
    ).toEqual({
      nameservers: ["10.0.0.1"],
      search: ["b.example", "c.example"],
      options: { ndots: 15, timeoutSeconds: 2, attempts: 5, rotate: true },
      rawOptions: ["ndots:30", "timeout:2", "attempts:9", "rotate"],
    });
  });
});

describe("/etc/hosts", () => {
  const header =
    "# Kubernetes-managed hosts file.\n" +
    "127.0.0.1\tlocalhost\n" +
    "::1\tlocalhost ip6-localhost ip6-loopback\n" +
    "fe00::0\tip6-localnet\n" +
    "fe00::0\tip6-mcastprefix\n" +
    "fe00::1\tip6-allnodes\n" +
    "fe00::2\tip6-allrouters\n";

  it("lists localhost and the pod's IP under its name", () => {
    expect(renderEtcHosts({ ...pod(), status: { podIP: "10.244.1.5" } }, "cluster.local")).toBe(
      `${header}10.244.1.5\tclient\n`,
    );
  });

  it("adds the FQDN for a pod with hostname and subdomain", () => {
    const p = { ...pod({ hostname: "db-0", subdomain: "db" }), status: { podIPs: [{ ip: "10.244.2.7" }] } };
    expect(renderEtcHosts(p, "cluster.local")).toBe(`${header}10.244.2.7\tdb-0.db.shop.svc.cluster.local\tdb-0\n`);
  });

  it("appends the HostAliases section, one line per address", () => {
    const p = {
      ...pod({
        hostAliases: [
          { ip: "127.0.0.1", hostnames: ["foo.local", "bar.local"] },
          { ip: "10.1.2.3", hostnames: ["foo.remote", "bar.remote"] },
        ],
      }),
      metadata: { name: "hostaliases-pod", namespace: "default" },
      status: { podIP: "10.200.0.5" },
    };
    expect(renderEtcHosts(p, "cluster.local")).toBe(
      `${header}10.200.0.5\thostaliases-pod\n\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\tbar.remote\n`,
    );
  });

  it("has no address line before the pod has an IP, and cuts long names at 63 characters", () => {
    const name = `${"x".repeat(62)}-yz`;
    expect(renderEtcHosts(pod({}, "shop", name), "cluster.local")).toBe(header);
    expect(renderEtcHosts({ ...pod({}, "shop", name), status: { podIP: "10.244.1.9" } }, "cluster.local")).toBe(
      `${header}10.244.1.9\t${"x".repeat(62)}\n`,
    );
  });

  it("gives a hostNetwork pod the node's file under its own header", () => {
    const p = { ...pod({ hostNetwork: true, hostAliases: [{ ip: "10.0.0.9", hostnames: ["svc.local"] }] }) };
    expect(renderEtcHosts(p, "cluster.local", "127.0.0.1\tlocalhost\n172.18.0.3\tkind-worker\n")).toBe(
      "# Kubernetes-managed hosts file (host network).\n127.0.0.1\tlocalhost\n172.18.0.3\tkind-worker\n\n# Entries added by HostAliases.\n10.0.0.9\tsvc.local\n",
    );
  });
});
