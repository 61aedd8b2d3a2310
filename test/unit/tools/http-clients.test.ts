/** curl and wget from real pods of a simulated cluster: what a learner's terminal shows. */
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../engine/index.ts";
import type { StoredPod, StoredService } from "../controllers/helpers.ts";
import { mustGet, mustOk, newCluster, pod, service } from "../controllers/helpers.ts";

const from = (name: string) => ({ kind: "pod", namespace: "default", pod: name }) as const;

function cluster(): Cluster {
  const c = newCluster();
  mustOk(c.create(pod("server", { image: "nginx:1.27" }, { labels: { app: "web" } })));
  mustOk(c.create(service("web", { selector: { app: "web" }, ports: [{ port: 80 }] })));
  mustOk(c.create(service("empty", { selector: { app: "none" }, ports: [{ port: 80 }] })));
  mustOk(c.create(pod("bb", { image: "busybox:1.36", command: ["sleep", "infinity"] })));
  c.waitFor(
    () =>
      ["server", "bb"].every((n) => {
        const p = c.get("pods", n, { namespace: "default" });
        return p.ok && (p.value as StoredPod).status?.phase === "Running";
      }),
    { timeoutSeconds: 120 },
  );
  c.advance(1);
  return c;
}

describe("busybox wget", () => {
  it("prints the page with -qO- and nothing else", () => {
    const c = cluster();
    const r = c.network.run(from("bb"), ["wget", "-qO-", "http://web"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("<title>Welcome to nginx!</title>");
    expect(r.stdout.length).toBe(615);
  });

  it("says where it connects and saves index.html", () => {
    const c = cluster();
    const ip = mustGet<StoredService>(c, "services", "web").spec!.clusterIP!;
    const r = c.network.run(from("bb"), ["wget", "http://web"]);
    expect(r).toMatchObject({
      stdout: "",
      stderr: `Connecting to web (${ip}:80)\nsaving to 'index.html'\nindex.html           100% |${"*".repeat(32)}|   615  0:00:00 ETA\n'index.html' saved\n`,
      exitCode: 0,
    });
    expect(c.network.run(from("bb"), ["wget", "http://web"]).stderr).toBe(
      `Connecting to web (${ip}:80)\nwget: can't open 'index.html': File exists\n`,
    );
  });

  it("reports a missing name and a 404 as busybox does", () => {
    const c = cluster();
    expect(c.network.run(from("bb"), ["wget", "-qO-", "http://nope"])).toMatchObject({
      stderr: "wget: bad address 'nope'\n",
      exitCode: 1,
    });
    expect(c.network.run(from("bb"), ["wget", "-qO-", "http://web/missing"])).toMatchObject({
      stderr: "wget: server returned error: HTTP/1.1 404 Not Found\n",
      exitCode: 1,
    });
  });

  it("is not curl: busybox has no curl", () => {
    const c = cluster();
    expect(c.network.run(from("bb"), ["curl", "http://web"])).toEqual({
      stdout: "",
      stderr: "sh: curl: not found\n",
      exitCode: 127,
      elapsedMs: 0,
    });
  });
});

describe("curl", () => {
  it("prints the body with -s", () => {
    const c = cluster();
    const r = c.network.run(from("server"), ["curl", "-s", "http://web"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.length).toBe(615);
    expect(r.stderr).toBe("");
  });

  it("is refused at once by a Service with no endpoints", () => {
    const c = cluster();
    expect(c.network.run(from("server"), ["curl", "http://empty"])).toMatchObject({
      stdout: "",
      stderr: "curl: (7) Failed to connect to empty:80 after 0 ms: Could not connect to server\n",
      exitCode: 7,
    });
  });

  it("gives up after --connect-timeout on a port nothing routes", () => {
    const c = cluster();
    expect(c.network.run(from("server"), ["curl", "-sS", "--connect-timeout", "2", "http://web:8080"])).toMatchObject({
      stderr: "curl: (28) Connection timed out after 2000 milliseconds\n",
      exitCode: 28,
      elapsedMs: 2000,
    });
  });

  it("shows status line and headers with -I", () => {
    const c = cluster();
    const r = c.network.run(from("server"), ["curl", "-sI", "http://web"]);
    expect(r.stdout.split("\r\n")[0]).toBe("HTTP/1.1 200 OK");
    expect(r.stdout).toContain("Content-Length: 615\r\n");
    expect(r.stdout.endsWith("\r\n\r\n")).toBe(true);
  });

  it("prints the status code with -w and fails on 404 with -f", () => {
    const c = cluster();
    expect(
      c.network.run(from("server"), ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}\\n", "http://web/x"]),
    ).toMatchObject({
      stdout: "404\n",
      exitCode: 0,
    });
    expect(c.network.run(from("server"), ["curl", "-sSf", "http://web/x"])).toMatchObject({
      stderr: "curl: (22) The requested URL returned error: 404\n",
      exitCode: 22,
    });
  });

  it("rejects unknown options and a missing URL with exit code 2", () => {
    const c = cluster();
    expect(c.network.run(from("server"), ["curl", "--bogus", "http://web"])).toMatchObject({
      stderr: "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
    });
    expect(c.network.run(from("server"), ["curl"])).toMatchObject({ exitCode: 2 });
  });

  it("traces the verbose exchange", () => {
    const c = cluster();
    const ip = mustGet<StoredService>(c, "services", "web").spec!.clusterIP!;
    const r = c.network.run(from("server"), ["curl", "-sv", "http://web"]);
    const clientIP = mustGet<StoredPod>(c, "pods", "server").status!.podIP!;
    // curl writes the request and response header lines as they are on the wire, CRLF and all.
    expect(r.stderr.split("\n").slice(0, 12)).toEqual([
      "* Host web:80 was resolved.",
      "* IPv6: (none)",
      `* IPv4: ${ip}`,
      `*   Trying ${ip}:80...`,
      `* Established connection to web (${ip} port 80) from ${clientIP} port 32769 `,
      "* using HTTP/1.x",
      "> GET / HTTP/1.1\r",
      "> Host: web\r",
      "> User-Agent: curl/8.21.0\r",
      "> Accept: */*\r",
      "> \r",
      "* Request completely sent off",
    ]);
    expect(r.stderr).toContain("< HTTP/1.1 200 OK\r\n");
    expect(r.stderr.endsWith("< \r\n{ [615 bytes data]\n* Connection #0 to host web:80 left intact\n")).toBe(true);
  });

  it("runs as the container's process in curlimages/curl, its output in the pod's log", () => {
    const c = cluster();
    mustOk(
      c.create(
        pod("once", { image: "curlimages/curl", args: ["-sS", "http://web"] }, { spec: { restartPolicy: "Never" } }),
      ),
    );
    c.waitFor(
      () => {
        const p = c.get("pods", "once", { namespace: "default" });
        return p.ok && (p.value as StoredPod).status?.phase === "Succeeded";
      },
      { timeoutSeconds: 120 },
    );
    const log = c.logs("default", "once", "c") ?? [];
    expect(log.map((l) => l.text).join("\n")).toContain("<h1>Welcome to nginx!</h1>");
  });
});
