/**
 * bind's dig against CoreDNS: the full default output (greeting, header and flags, the
 * `.local` and recursion warnings, OPT pseudosection, sections on dig's tab stops, stats with
 * the message size), `+short`, `+search`, `-x`, SRV, ExternalName, `@server`, timeouts and
 * option errors.
 */
import { describe, expect, it } from "vitest";
import { dig, messageSize, recordLine } from "../../../engine/tools/dig.ts";
import type { DnsWorld } from "./dns-fake.ts";
import { dnsIP, dnsWorld, FakeNet, run, service, slice, systemServices } from "./dns-fake.ts";

function world(): DnsWorld {
  const w = dnsWorld();
  systemServices(w);
  w.create(service("web", { clusterIP: "10.96.0.50", ports: [{ name: "http", port: 80, protocol: "TCP" }] }));
  w.create(slice("web", [{ ip: "10.244.1.3" }], [{ name: "http", port: 80 }]));
  w.create(
    service("db", { clusterIP: "None", clusterIPs: ["None"], ports: [{ name: "pg", port: 5432, protocol: "TCP" }] }),
  );
  w.create(slice("db", [{ ip: "10.244.1.7", hostname: "db-0" }, { ip: "10.244.2.8" }], [{ name: "pg", port: 5432 }]));
  w.create(service("cold", { clusterIP: "None", clusterIPs: ["None"], ports: [{ port: 80, protocol: "TCP" }] }));
  w.create(service("ext", { type: "ExternalName", externalName: "example.com" }));
  return w;
}

const greeting = (args: string) =>
  `\n; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> ${args}\n;; global options: +cmd\n;; Got answer:\n`;
const dotLocal =
  ";; WARNING: .local is reserved for Multicast DNS\n" +
  ";; You are currently testing what happens when an mDNS query is leaked to DNS\n";
const stats = (size: number) =>
  ";; Query time: 0 msec\n" +
  ";; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n" +
  ";; WHEN: Mon Jan 01 00:00:00 UTC 2024\n" +
  `;; MSG SIZE  rcvd: ${size}\n\n`;
const opt = (cookie: string) =>
  `;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n; COOKIE: ${cookie} (echoed)\n`;

describe("dig", () => {
  it("prints CoreDNS's authoritative answer for a Service, flags without ra, and the mDNS warning", () => {
    expect(run(dig, new FakeNet(world()), "dig web.default.svc.cluster.local")).toEqual({
      stdout:
        greeting("web.default.svc.cluster.local") +
        dotLocal +
        ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 7875\n" +
        ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n" +
        ";; WARNING: recursion requested but not available\n\n" +
        opt("147f16c07a041e38") +
        ";; QUESTION SECTION:\n;web.default.svc.cluster.local.\tIN\tA\n\n" +
        ";; ANSWER SECTION:\nweb.default.svc.cluster.local. 30 IN\tA\t10.96.0.50\n\n" +
        stats(115),
      stderr: "",
      exitCode: 0,
    });
  });

  it("shows NXDOMAIN with the zone's SOA in the authority section, exit 0", () => {
    const r = run(dig, new FakeNet(world()), "dig nope.default.svc.cluster.local");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      greeting("nope.default.svc.cluster.local") +
        dotLocal +
        ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 26989\n" +
        ";; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n" +
        ";; WARNING: recursion requested but not available\n\n" +
        opt("de32bb7a1bfe58c8") +
        ";; QUESTION SECTION:\n;nope.default.svc.cluster.local.\tIN\tA\n\n" +
        ";; AUTHORITY SECTION:\n" +
        "cluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1704067200 7200 1800 86400 30\n\n" +
        stats(164),
    );
  });

  it("asks a short name as is without +search (the upstream says NXDOMAIN) and through the search list with it", () => {
    const plain = run(dig, new FakeNet(world()), "dig web").stdout;
    expect(plain).toContain(";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 1185\n;; flags: qr rd ra;");
    expect(plain).toContain(";; QUESTION SECTION:\n;web.\t\t\t\tIN\tA\n\n");
    const searched = run(dig, new FakeNet(world()), "dig +search web").stdout;
    expect(searched).toContain(";; ANSWER SECTION:\nweb.default.svc.cluster.local. 30 IN\tA\t10.96.0.50\n");
  });

  it("prints only the data with +short: every ready address of a headless Service, nothing for NXDOMAIN", () => {
    expect(run(dig, new FakeNet(world()), "dig +short db.default.svc.cluster.local")).toEqual({
      stdout: "10.244.1.7\n10.244.2.8\n",
      stderr: "",
      exitCode: 0,
    });
    expect(run(dig, new FakeNet(world()), "dig +short cold.default.svc.cluster.local").stdout).toBe("");
    expect(run(dig, new FakeNet(world()), "dig +short ext.default.svc.cluster.local").stdout).toBe(
      "example.com.\n93.184.215.14\n",
    );
  });

  it("looks up SRV given as a positional type, with the targets' addresses as additional records", () => {
    const r = run(dig, new FakeNet(world()), "dig SRV _pg._tcp.db.default.svc.cluster.local");
    expect(r.stdout).toContain(
      ";; flags: qr aa rd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 3\n" +
        ";; WARNING: recursion requested but not available\n",
    );
    expect(r.stdout).toContain(
      ";; QUESTION SECTION:\n;_pg._tcp.db.default.svc.cluster.local. IN SRV\n\n" +
        ";; ANSWER SECTION:\n" +
        "_pg._tcp.db.default.svc.cluster.local. 30 IN SRV 0 50 5432 db-0.db.default.svc.cluster.local.\n" +
        "_pg._tcp.db.default.svc.cluster.local. 30 IN SRV 0 50 5432 10-244-2-8.db.default.svc.cluster.local.\n\n" +
        ";; ADDITIONAL SECTION:\n",
    );
    expect(run(dig, new FakeNet(world()), "dig -t srv _http._tcp.web.default.svc.cluster.local +short").stdout).toBe(
      "0 100 80 web.default.svc.cluster.local.\n",
    );
  });

  it("reverse-maps an address with -x", () => {
    expect(run(dig, new FakeNet(world()), "dig -x 10.96.0.1").stdout).toBe(
      greeting("-x 10.96.0.1") +
        ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 43150\n" +
        ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n" +
        ";; WARNING: recursion requested but not available\n\n" +
        opt("0ac65c6c8690e65a") +
        ";; QUESTION SECTION:\n;1.0.96.10.in-addr.arpa.\t\tIN\tPTR\n\n" +
        ";; ANSWER SECTION:\n1.0.96.10.in-addr.arpa.\t30\tIN\tPTR\tkubernetes.default.svc.cluster.local.\n\n" +
        stats(135),
    );
  });

  it("shows an ExternalName's CNAME and the address the upstream gave, and forwarded answers with ra", () => {
    expect(run(dig, new FakeNet(world()), "dig +noall +answer ext.default.svc.cluster.local").stdout).toBe(
      "ext.default.svc.cluster.local. 30 IN\tCNAME\texample.com.\nexample.com.\t\t30\tIN\tA\t93.184.215.14\n",
    );
    const out = run(dig, new FakeNet(world()), "dig @10.96.0.10 example.com").stdout;
    expect(out).toBe(
      "\n; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> @10.96.0.10 example.com\n; (1 server found)\n;; global options: +cmd\n" +
        ";; Got answer:\n" +
        ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 38368\n" +
        ";; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n\n" +
        opt("4f74e7637a880de1") +
        ";; QUESTION SECTION:\n;example.com.\t\t\tIN\tA\n\n" +
        ";; ANSWER SECTION:\nexample.com.\t\t30\tIN\tA\t93.184.215.14\n\n" +
        stats(79),
    );
  });

  it("retries a silent server three times, 5 s each, then prints the greeting and gives up with exit 9", () => {
    const net = new FakeNet(world(), { silent: [dnsIP] });
    expect(run(dig, net, "dig web.default.svc.cluster.local")).toEqual({
      stdout:
        ";; communications error to 10.96.0.10#53: timed out\n".repeat(3) +
        "\n; <<>> DiG 9.18.33-1~deb12u2-Debian <<>> web.default.svc.cluster.local\n;; global options: +cmd\n" +
        ";; no servers could be reached\n",
      stderr: "",
      exitCode: 9,
    });
    expect(net.elapsedMs).toBe(15_000);
  });

  it("honours +tries and +timeout", () => {
    const net = new FakeNet(world(), { silent: [dnsIP] });
    expect(run(dig, net, "dig +short +tries=1 +timeout=2 web.default.svc.cluster.local")).toEqual({
      stdout: ";; communications error to 10.96.0.10#53: timed out\n;; no servers could be reached\n",
      stderr: "",
      exitCode: 9,
    });
    expect(net.elapsedMs).toBe(2000);
  });

  it("rejects an unknown option with dig's usage", () => {
    expect(run(dig, new FakeNet(world()), "dig +bogus web")).toEqual({
      stdout: "",
      stderr:
        "Invalid option: +bogus\n" +
        "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n" +
        "            {global-d-opt} host [@local-server] {local-d-opt}\n" +
        "            [ host [@local-server] {local-d-opt} [...]]\n" +
        '\nUse "dig -h" (or "dig -h | more") for complete list of options\n',
      exitCode: 1,
    });
    expect(run(dig, new FakeNet(world()), "dig +tries=x web")).toEqual({
      stdout: "invalid tries 'x': bad number\n",
      stderr: ";; Warning: Couldn't parse tries\n",
      exitCode: 10,
    });
  });

  it("lays records on dig's tab stops and sizes messages from the uncompressed wire format", () => {
    expect(recordLine({ name: "example.com.", ttl: 195, type: "A", data: "142.250.75.142" })).toBe(
      "example.com.\t\t195\tIN\tA\t142.250.75.142",
    );
    // The real reply this reproduces: `google.com. 195 IN A …` via CoreDNS, "MSG SIZE  rcvd: 77".
    const q = { name: "google.com.", type: "A" as const };
    expect(
      messageSize(
        "google.com.",
        {
          question: q,
          rcode: "NOERROR",
          authoritative: false,
          answers: [{ name: "google.com.", ttl: 195, type: "A", data: "142.250.75.142" }],
          authority: [],
          additional: [],
        },
        { cookie: true },
      ),
    ).toBe(77);
  });
});
