/**
 * NetworkPolicy evaluation as kindnet's kube-network-policies does it: isolation per
 * direction, peers (pod and namespace selectors, ipBlock), ports (numbers, ranges, names,
 * protocols), and an index that follows policies and namespaces as they change. Objects are
 * written through a real cluster; the index reads the cluster and follows its watch events.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { Cluster, StoredObject } from "../../../engine/index.ts";
import type { PolicyPeer, PolicyPod } from "../../../engine/network/policy.ts";
import { NetworkPolicyIndex, policyPodOf } from "../../../engine/network/policy.ts";
import type { Manifest } from "../controllers/helpers.ts";
import { list, mustGet, mustOk, newCluster, pod } from "../controllers/helpers.ts";

interface World {
  readonly c: Cluster;
  readonly index: NetworkPolicyIndex;
}

/** A cluster and an index that reads it and follows its changes. */
function world(): World {
  const c = newCluster();
  const index = new NetworkPolicyIndex({ list: (resource: string) => c.list(resource) });
  c.watch((e) => index.observe(e));
  return { c, index };
}

function namespace(c: Cluster, name: string, labels: Record<string, string> = {}): void {
  mustOk(c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } }));
}

/** Create running pods and return them as policy evaluation sees them. */
function pods(
  c: Cluster,
  specs: readonly { name: string; labels?: Record<string, string>; namespace?: string; ports?: Manifest[] }[],
): PolicyPod[] {
  for (const s of specs)
    mustOk(
      c.create(
        pod(
          s.name,
          { image: "nginx:1.27", ...(s.ports ? { ports: s.ports } : {}) },
          { labels: s.labels ?? {}, namespace: s.namespace ?? "default" },
        ),
      ),
    );
  c.advance(10);
  return specs.map((s) => {
    const p = policyPodOf(mustGet<Pod>(c, "pods", s.name, s.namespace ?? "default"));
    if (!p) throw new Error(`pod ${s.name} has no IP`);
    return p;
  });
}

function netpol(c: Cluster, name: string, spec: Manifest, ns = "default"): void {
  mustOk(
    c.create({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec }),
  );
}

const from = (p: PolicyPod): PolicyPeer => ({ ip: p.ip, pod: p });
const node: PolicyPeer = { ip: "172.18.0.3" };
const outside: PolicyPeer = { ip: "203.0.113.7" };

function coreDns(c: Cluster): PolicyPod {
  const dns = list<Pod>(c, "pods", "kube-system").find((p) => p.metadata.labels?.["k8s-app"] === "kube-dns")!;
  return policyPodOf(dns)!;
}

describe("NetworkPolicy evaluation", () => {
  it("leaves every pod not isolated while no policy exists", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP")).toEqual({
      verdict: "not-isolated",
      policies: [],
    });
    expect(index.evaluate("egress", client!, from(web!), 80, "TCP").verdict).toBe("not-isolated");
    expect(index.size).toBe(0);
  });

  it("denies all ingress to every pod of the namespace with an empty podSelector and no rules, and leaves egress alone", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    netpol(c, "deny-all", { podSelector: {}, policyTypes: ["Ingress"] });
    for (const peer of [from(client!), node, outside])
      expect(index.evaluate("ingress", web!, peer, 80, "TCP")).toEqual({
        verdict: "denied",
        policies: ["default/deny-all"],
      });
    expect(index.evaluate("egress", web!, from(client!), 80, "TCP").verdict).toBe("not-isolated");
  });

  it("denies all ingress when ingress is an empty list, as the API stores it", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    netpol(c, "deny-all", { podSelector: {}, ingress: [] });
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP").verdict).toBe("denied");
  });

  it("admits everything through a rule with neither from nor ports", () => {
    const { c, index } = world();
    const [web] = pods(c, [{ name: "web" }]);
    netpol(c, "deny-all", { podSelector: {}, policyTypes: ["Ingress"] });
    netpol(c, "allow-all", { podSelector: {}, ingress: [{}] });
    expect(index.evaluate("ingress", web!, outside, 443, "TCP")).toEqual({
      verdict: "allowed",
      policies: ["default/allow-all", "default/deny-all"],
      allowedBy: "default/allow-all",
    });
  });

  it("isolates only the pods its podSelector selects", () => {
    const { c, index } = world();
    const [web, db] = pods(c, [
      { name: "web", labels: { app: "web" } },
      { name: "db", labels: { app: "db" } },
    ]);
    netpol(c, "db-deny", { podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["db"] }] } });
    expect(index.evaluate("ingress", db!, from(web!), 5432, "TCP").verdict).toBe("denied");
    expect(index.evaluate("ingress", web!, from(db!), 80, "TCP").verdict).toBe("not-isolated");
  });

  it("allows from pods with a label in the policy's own namespace only", () => {
    const { c, index } = world();
    namespace(c, "other");
    const [web, client, stranger, farClient] = pods(c, [
      { name: "web", labels: { app: "web" } },
      { name: "client", labels: { role: "client" } },
      { name: "stranger", labels: { role: "stranger" } },
      { name: "far-client", labels: { role: "client" }, namespace: "other" },
    ]);
    netpol(c, "web-from-clients", {
      podSelector: { matchLabels: { app: "web" } },
      ingress: [{ from: [{ podSelector: { matchLabels: { role: "client" } } }] }],
    });
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP")).toEqual({
      verdict: "allowed",
      policies: ["default/web-from-clients"],
      allowedBy: "default/web-from-clients",
    });
    expect(index.evaluate("ingress", web!, from(stranger!), 80, "TCP").verdict).toBe("denied");
    expect(index.evaluate("ingress", web!, from(farClient!), 80, "TCP").verdict).toBe("denied");
    // A selector never matches what is not a pod.
    expect(index.evaluate("ingress", web!, node, 80, "TCP").verdict).toBe("denied");
  });

  it("allows from every pod of the namespaces a namespaceSelector picks, following namespace label changes", () => {
    const { c, index } = world();
    namespace(c, "team-a", { team: "a" });
    namespace(c, "team-b", { team: "b" });
    const [web, a, b, local] = pods(c, [
      { name: "web" },
      { name: "a", namespace: "team-a" },
      { name: "b", namespace: "team-b" },
      { name: "local" },
    ]);
    netpol(c, "from-team-a", {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "a" } } }] }],
    });
    expect(index.evaluate("ingress", web!, from(a!), 80, "TCP").verdict).toBe("allowed");
    expect(index.evaluate("ingress", web!, from(b!), 80, "TCP").verdict).toBe("denied");
    expect(index.evaluate("ingress", web!, from(local!), 80, "TCP").verdict).toBe("denied");

    const teamB = mustGet<StoredObject>(c, "namespaces", "team-b", "");
    mustOk(c.update({ ...teamB, metadata: { ...teamB.metadata, labels: { ...teamB.metadata.labels, team: "a" } } }));
    expect(index.evaluate("ingress", web!, from(b!), 80, "TCP").verdict).toBe("allowed");
  });

  it("matches the kubernetes.io/metadata.name label every namespace carries", () => {
    const { c, index } = world();
    namespace(c, "monitoring");
    const [web, prom] = pods(c, [{ name: "web" }, { name: "prom", namespace: "monitoring" }]);
    netpol(c, "from-monitoring", {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }] }],
    });
    expect(index.evaluate("ingress", web!, from(prom!), 9090, "TCP").verdict).toBe("allowed");
  });

  it("ANDs a podSelector and a namespaceSelector in one peer, and ORs two peers", () => {
    const { c, index } = world();
    namespace(c, "ops", { team: "ops" });
    const [web, opsAgent, opsOther, localAgent] = pods(c, [
      { name: "web", labels: { app: "web" } },
      { name: "agent", labels: { role: "agent" }, namespace: "ops" },
      { name: "other", labels: { role: "other" }, namespace: "ops" },
      { name: "agent", labels: { role: "agent" } },
    ]);
    netpol(c, "and", {
      podSelector: { matchLabels: { app: "web" } },
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { team: "ops" } }, podSelector: { matchLabels: { role: "agent" } } },
          ],
        },
      ],
    });
    expect(index.evaluate("ingress", web!, from(opsAgent!), 80, "TCP").verdict).toBe("allowed");
    expect(index.evaluate("ingress", web!, from(opsOther!), 80, "TCP").verdict).toBe("denied");
    expect(index.evaluate("ingress", web!, from(localAgent!), 80, "TCP").verdict).toBe("denied");

    mustOk(c.delete("networkpolicies", "and", { namespace: "default" }));
    netpol(c, "or", {
      podSelector: { matchLabels: { app: "web" } },
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { team: "ops" } } },
            { podSelector: { matchLabels: { role: "agent" } } },
          ],
        },
      ],
    });
    expect(index.evaluate("ingress", web!, from(opsAgent!), 80, "TCP").verdict).toBe("allowed");
    expect(index.evaluate("ingress", web!, from(opsOther!), 80, "TCP").verdict).toBe("allowed");
    expect(index.evaluate("ingress", web!, from(localAgent!), 80, "TCP").verdict).toBe("allowed");
  });

  it("allows any namespace's matching pods with an empty namespaceSelector beside a podSelector", () => {
    const { c, index } = world();
    namespace(c, "far");
    const [web, agent] = pods(c, [{ name: "web" }, { name: "agent", labels: { role: "agent" }, namespace: "far" }]);
    netpol(c, "agents-anywhere", {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: "agent" } } }] }],
    });
    expect(index.evaluate("ingress", web!, from(agent!), 80, "TCP").verdict).toBe("allowed");
  });

  it("matches an ipBlock's CIDR minus its exceptions, for outside addresses and pod addresses alike", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    netpol(c, "office", {
      podSelector: {},
      ingress: [
        {
          from: [
            { ipBlock: { cidr: "192.168.0.0/16", except: ["192.168.5.0/24"] } },
            { ipBlock: { cidr: `${client!.ip}/32` } },
          ],
        },
      ],
    });
    expect(index.evaluate("ingress", web!, { ip: "192.168.1.9" }, 80, "TCP").verdict).toBe("allowed");
    expect(index.evaluate("ingress", web!, { ip: "192.168.5.9" }, 80, "TCP").verdict).toBe("denied");
    expect(index.evaluate("ingress", web!, { ip: "10.0.0.1" }, 80, "TCP").verdict).toBe("denied");
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP").verdict).toBe("allowed");
  });

  it("never matches an IPv4 address against an IPv6 ipBlock", () => {
    const { c, index } = world();
    const [web] = pods(c, [{ name: "web" }]);
    netpol(c, "v6", { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "::/0" } }] }] });
    expect(index.evaluate("ingress", web!, outside, 80, "TCP").verdict).toBe("denied");
  });

  it("matches a port range from port to endPort inclusive, for its protocol only", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    netpol(c, "range", { podSelector: {}, ingress: [{ ports: [{ port: 8000, endPort: 8100 }] }] });
    const verdict = (port: number, protocol: "TCP" | "UDP" = "TCP") =>
      index.evaluate("ingress", web!, from(client!), port, protocol).verdict;
    expect([7999, 8000, 8050, 8100, 8101].map((p) => verdict(p))).toEqual([
      "denied",
      "allowed",
      "allowed",
      "allowed",
      "denied",
    ]);
    expect(verdict(8050, "UDP")).toBe("denied");
  });

  it("resolves a named port against the subject's container ports on ingress", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [
      {
        name: "web",
        ports: [
          { name: "http", containerPort: 8080 },
          { name: "metrics", containerPort: 9090 },
        ],
      },
      { name: "client" },
    ]);
    netpol(c, "http-only", { podSelector: {}, ingress: [{ ports: [{ port: "http" }] }] });
    expect(index.evaluate("ingress", web!, from(client!), 8080, "TCP").verdict).toBe("allowed");
    expect(index.evaluate("ingress", web!, from(client!), 9090, "TCP").verdict).toBe("denied");
    // The name is tied to its protocol: the container port is TCP.
    expect(index.evaluate("ingress", web!, from(client!), 8080, "UDP").verdict).toBe("denied");
    // client has no port named http.
    expect(index.evaluate("ingress", client!, from(web!), 8080, "TCP").verdict).toBe("denied");
  });

  it("resolves a named port against the peer pod on egress, and never matches it for a peer that is no pod", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [
      { name: "web", ports: [{ name: "http", containerPort: 8080 }] },
      { name: "client", labels: { role: "client" } },
    ]);
    netpol(c, "client-out", {
      podSelector: { matchLabels: { role: "client" } },
      egress: [{ ports: [{ port: "http" }] }],
    });
    expect(index.evaluate("egress", client!, from(web!), 8080, "TCP").verdict).toBe("allowed");
    expect(index.evaluate("egress", client!, { ip: "198.51.100.1" }, 8080, "TCP").verdict).toBe("denied");
  });

  it("tells UDP from TCP, with TCP the default protocol", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    netpol(c, "udp-53", { podSelector: {}, ingress: [{ ports: [{ protocol: "UDP", port: 53 }] }] });
    netpol(c, "tcp-80", { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] });
    expect(index.evaluate("ingress", web!, from(client!), 53, "UDP").allowedBy).toBe("default/udp-53");
    expect(index.evaluate("ingress", web!, from(client!), 53, "TCP").verdict).toBe("denied");
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP").allowedBy).toBe("default/tcp-80");
    expect(index.evaluate("ingress", web!, from(client!), 80, "UDP").verdict).toBe("denied");
    expect(index.evaluate("ingress", web!, from(client!), 80, "SCTP").verdict).toBe("denied");
  });

  it("denies all egress, DNS to CoreDNS included, with an Egress policy without rules", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    netpol(c, "deny-egress", { podSelector: {}, policyTypes: ["Egress"] });
    expect(index.evaluate("egress", client!, from(coreDns(c)), 53, "UDP")).toEqual({
      verdict: "denied",
      policies: ["default/deny-egress"],
    });
    expect(index.evaluate("egress", client!, from(web!), 80, "TCP").verdict).toBe("denied");
    expect(index.evaluate("egress", client!, outside, 443, "TCP").verdict).toBe("denied");
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP").verdict).toBe("not-isolated");
  });

  it("allows egress to DNS in kube-system by namespace name and port, and nothing else", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    netpol(c, "dns-only", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
    const dns = from(coreDns(c));
    expect(index.evaluate("egress", client!, dns, 53, "UDP").verdict).toBe("allowed");
    expect(index.evaluate("egress", client!, dns, 53, "TCP").verdict).toBe("allowed");
    expect(index.evaluate("egress", client!, dns, 9153, "TCP").verdict).toBe("denied");
    expect(index.evaluate("egress", client!, from(web!), 80, "TCP").verdict).toBe("denied");
    // The same port to a pod outside kube-system is still denied.
    expect(index.evaluate("egress", client!, from(web!), 53, "UDP").verdict).toBe("denied");
  });

  it("defaults policyTypes to Ingress and Egress when egress rules are given", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    netpol(c, "both", { podSelector: {}, egress: [{ ports: [{ port: 80 }] }] });
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP").verdict).toBe("denied");
    expect(index.evaluate("egress", client!, from(web!), 80, "TCP").verdict).toBe("allowed");
    expect(index.evaluate("egress", client!, from(web!), 81, "TCP").verdict).toBe("denied");
  });

  it("does not isolate a direction a selecting policy does not declare", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    netpol(c, "egress-only", { podSelector: {}, policyTypes: ["Egress"], egress: [{}] });
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP")).toEqual({
      verdict: "not-isolated",
      policies: [],
    });
  });

  it("ignores policies in other namespaces, however broad", () => {
    const { c, index } = world();
    namespace(c, "locked");
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    netpol(c, "deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, "locked");
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP").verdict).toBe("not-isolated");
    expect(index.evaluate("egress", client!, from(web!), 80, "TCP").verdict).toBe("not-isolated");
  });

  it("never isolates a host-network pod: its address is its node's", () => {
    const { c, index } = world();
    netpol(c, "deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, "kube-system");
    netpol(
      c,
      "dns-from-proxy",
      {
        podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        ingress: [{ from: [{ podSelector: { matchLabels: { "k8s-app": "kube-proxy" } } }] }],
      },
      "kube-system",
    );
    const proxy = list<Pod>(c, "pods", "kube-system").find((p) => p.metadata.labels?.["k8s-app"] === "kube-proxy")!;
    const subject = policyPodOf(proxy)!;
    expect(subject.hostNetwork).toBe(true);
    expect(index.evaluate("ingress", subject, outside, 10249, "TCP").verdict).toBe("not-isolated");
    // As a peer it is no pod: a selector for its labels does not match it.
    const dns = coreDns(c);
    expect(index.evaluate("ingress", dns, from(subject), 53, "UDP").verdict).toBe("denied");
  });

  it("allows again once the policy is deleted, and follows edits in between", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client", labels: { role: "client" } }]);
    netpol(c, "deny-all", { podSelector: {}, policyTypes: ["Ingress"] });
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP").verdict).toBe("denied");

    const np = mustGet<StoredObject & { spec: Manifest }>(c, "networkpolicies", "deny-all");
    mustOk(
      c.update({
        ...np,
        spec: { ...np.spec, ingress: [{ from: [{ podSelector: { matchLabels: { role: "client" } } }] }] },
      }),
    );
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP").verdict).toBe("allowed");

    mustOk(c.delete("networkpolicies", "deny-all", { namespace: "default" }));
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP").verdict).toBe("not-isolated");
    expect(index.size).toBe(0);
  });

  it("rebuilds from the cluster after a snapshot is restored", () => {
    const { c, index } = world();
    const [web, client] = pods(c, [{ name: "web" }, { name: "client" }]);
    const before = c.snapshot();
    netpol(c, "deny-all", { podSelector: {}, policyTypes: ["Ingress"] });
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP").verdict).toBe("denied");
    c.restore(before);
    index.rebuild();
    expect(index.evaluate("ingress", web!, from(client!), 80, "TCP").verdict).toBe("not-isolated");
  });

  it("keeps many policies apart, each selecting its own pods and admitting its own clients", () => {
    const { c, index } = world();
    const n = 60;
    const specs = [];
    for (let i = 0; i < n; i++) {
      specs.push({ name: `svc-${i}`, labels: { app: `svc-${i}` } });
      specs.push({ name: `client-${i}`, labels: { client: `${i}` } });
    }
    const all = pods(c, specs);
    const svc = (i: number) => all[2 * i]!;
    const client = (i: number) => all[2 * i + 1]!;
    // Created in reverse name order, to exercise the sorted insertion.
    for (let i = n - 1; i >= 0; i--)
      netpol(c, `policy-${String(i).padStart(3, "0")}`, {
        podSelector: { matchLabels: { app: `svc-${i}` } },
        ingress: [{ from: [{ podSelector: { matchLabels: { client: `${i}` } } }], ports: [{ port: 80 }] }],
      });
    netpol(c, "a-monitoring", { podSelector: {}, ingress: [{ ports: [{ port: 9090 }] }] });
    expect(index.size).toBe(n + 1);
    for (let i = 0; i < n; i++) {
      const own = index.evaluate("ingress", svc(i), from(client(i)), 80, "TCP");
      expect(own.verdict).toBe("allowed");
      expect(own.policies).toEqual(["default/a-monitoring", `default/policy-${String(i).padStart(3, "0")}`]);
      expect(index.evaluate("ingress", svc(i), from(client((i + 1) % n)), 80, "TCP").verdict).toBe("denied");
      expect(index.evaluate("ingress", svc(i), from(client((i + 1) % n)), 9090, "TCP").allowedBy).toBe(
        "default/a-monitoring",
      );
    }
    for (let i = 0; i < n; i += 2) mustOk(c.delete("networkpolicies", `policy-${String(i).padStart(3, "0")}`));
    for (let i = 0; i < n; i++) {
      const v = index.evaluate("ingress", svc(i), from(client((i + 1) % n)), 80, "TCP");
      expect(v.verdict).toBe("denied");
      expect(v.policies.length).toBe(i % 2 === 0 ? 1 : 2);
    }
    // A fresh index built from the same cluster agrees with the one that followed the changes.
    const fresh = new NetworkPolicyIndex({ list: (resource: string) => c.list(resource) });
    for (let i = 0; i < n; i++)
      expect(fresh.evaluate("ingress", svc(i), from(client(i)), 80, "TCP")).toEqual(
        index.evaluate("ingress", svc(i), from(client(i)), 80, "TCP"),
      );
  });
});
