import { describe, expect, it } from "vitest";
import { context, curl, http, imageOf, response, show, start, t0 } from "./harness.ts";

const agnhost = "registry.k8s.io/e2e-test-images/agnhost:2.53";
const netexec = (...more: string[]) => start(agnhost, { args: ["netexec", ...more] });

describe("the agnhost image", () => {
  it("ships bind's nslookup, openbsd nc and curl, and pauses by default", () => {
    const image = imageOf(agnhost);
    expect(image.flavours).toEqual({
      nslookup: "bind",
      dig: "bind",
      host: "bind",
      wget: "busybox",
      ping: "busybox",
      nc: "openbsd",
      curl: "curl",
    });
    const s = start(agnhost);
    expect(s.plan.logs).toEqual([{ atMs: 0, stream: "stdout", text: "Paused" }]);
    expect([s.plan.sigtermStopMs, s.plan.sigtermExitCode]).toEqual([0, 2]);
  });

  it("starts netexec's HTTP and UDP servers and logs them through klog", () => {
    const s = netexec("--http-port=8080");
    expect(s.plan.listeners.map((l) => `${l.port}/${l.protocol}`)).toEqual(["8080/TCP", "8081/UDP"]);
    expect(s.plan.logs.map((l) => `${l.stream} ${l.text}`)).toEqual([
      "stderr I0901 09:00:05.000000       1 log.go:245] Started HTTP server on port 8080",
      "stderr I0901 09:00:05.000000       1 log.go:245] Started UDP server on port  8081",
    ]);
  });

  it("answers /hostname with the pod name and no newline, as Go's net/http writes it", () => {
    const s = netexec();
    const ctx = context(s);
    const res = http(s, 8080)(curl("/hostname", "10.96.0.5"), ctx);
    expect(show(res)).toEqual([
      "HTTP/1.1 200 OK",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Content-Length: 19",
      "Content-Type: text/plain; charset=utf-8",
    ]);
    expect(res.body).toBe("web-7d4b9c6f5-x2x9k");
    expect(ctx.logged).toEqual([{ stream: "stderr", text: "I0901 09:01:05.000000       1 log.go:245] GET /hostname" }]);
    expect(http(s, 8080)(curl("/hostName", "x"), context(s)).body).toBe("web-7d4b9c6f5-x2x9k");
  });

  it("answers /clientip with the address the request came from", () => {
    const s = netexec();
    const res = http(s, 8080)(curl("/clientip", "x"), context(s, { remoteIP: "10.244.0.0", remotePort: 51234 }));
    expect(res.body).toBe("10.244.0.0:51234");
  });

  it("echoes msg with the status code asked for", () => {
    const s = netexec();
    const res = http(s, 8080)(curl("/echo?msg=hello%20world&code=418", "x"), context(s));
    expect([res.status, res.reason, res.body]).toEqual([418, "I'm a teapot", "hello world"]);
    const bad = http(s, 8080)(curl("/echo?msg=x&code=abc", "x"), context(s));
    expect([bad.status, bad.body]).toEqual([200, `argument 'code' must be an integer or empty, got "abc"\n`]);
  });

  it("says NOW: with Go's time and monotonic reading on any other path", () => {
    const s = netexec();
    const res = http(s, 8080)(curl("/anything", "x"), context(s, { nowMs: t0 + 12_345 }));
    expect(res.body).toBe("NOW: 2025-09-01 09:00:17.345 +0000 UTC m=+12.345000000");
  });

  it("is healthy once its UDP server runs, and stays 412 without one", () => {
    const s = netexec();
    const ok = http(s, 8080)(curl("/healthz", "x"), context(s));
    expect(show(ok)).toEqual(["HTTP/1.1 200 OK", "Date: Mon, 01 Sep 2025 09:01:05 GMT", "Content-Length: 0"]);
    const noUdp = netexec("--udp-port=-1");
    expect(http(noUdp, 8080)(curl("/healthz", "x"), context(noUdp)).status).toBe(412);
    expect(noUdp.plan.listeners.map((l) => l.port)).toEqual([8080]);
  });

  it("answers /readyz with 503 once the runtime marked it terminating", () => {
    const s = netexec();
    expect(http(s, 8080)(curl("/readyz", "x"), context(s)).body).toBe("ok");
    const res = http(s, 8080)(curl("/readyz", "x"), context(s, { state: { terminating: true } }));
    expect([res.status, res.body]).toEqual([503, "shutting down"]);
  });

  it("dials over HTTP through the container's network and reports the answers as JSON", () => {
    const s = netexec();
    const ctx = context(s, { fetch: () => response(200, "backend-1") });
    const res = http(s, 8080)(curl("/dial?request=hostname&protocol=http&host=10.244.2.9&port=8080&tries=2", "x"), ctx);
    expect(res.body).toBe('{"responses":["backend-1","backend-1"]}');
    expect(ctx.fetched.map((f) => f.url)).toEqual([
      "http://10.244.2.9:8080/hostname",
      "http://10.244.2.9:8080/hostname",
    ]);
    expect(ctx.fetched[0]?.init?.timeoutMs).toBe(5000);
    expect(ctx.logged[0]?.text).toBe(
      "I0901 09:01:05.000000       1 log.go:245] GET /dial?host=10.244.2.9&protocol=http&port=8080&request=hostname&tries=2",
    );
  });

  it("reports a refused dial as Go's error and drops responses when the last try failed", () => {
    const s = netexec();
    let n = 0;
    const ctx = context(s, {
      fetch: () => (n++ === 0 ? response(200, "a") : { ok: false, failure: "refused", message: "" }),
    });
    const res = http(s, 8080)(curl("/dial?request=hostname&host=10.96.0.7&port=80&tries=2", "x"), ctx);
    expect(res.body).toBe(
      '{"errors":["Get \\"http://10.96.0.7:80/hostname\\": dial tcp 10.96.0.7:80: connect: connection refused"]}',
    );
  });

  it("rejects a dial without a request parameter with 400", () => {
    const s = netexec();
    const res = http(s, 8080)(curl("/dial?host=a&port=80", "x"), context(s));
    expect(show(res)).toEqual([
      "HTTP/1.1 400 Bad Request",
      "Content-Type: text/plain; charset=utf-8",
      "X-Content-Type-Options: nosniff",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Content-Length: 39",
    ]);
    expect(res.body).toBe("request parameter not specified. <nil>\n");
  });

  it("asks the runtime to exit with the code /exit names", () => {
    const s = netexec();
    const ctx = context(s);
    http(s, 8080)(curl("/exit?code=3", "x"), ctx);
    expect(ctx.state.exitCode).toBe(3);
  });

  it("runs echo through /shell and reports a missing command as sh does", () => {
    const s = netexec();
    expect(http(s, 8080)(curl("/shell?cmd=echo%20hi", "x"), context(s)).body).toBe('{"output":"hi\\n"}');
    expect(http(s, 8080)(curl("/shell?cmd=ip%20addr", "x"), context(s)).body).toBe(
      '{"error":"exit status 127","output":"/bin/sh: ip: not found\\n"}',
    );
  });

  it("answers UDP hostname, echo and clientip, folding the text to lower case", () => {
    const s = netexec();
    const udp = s.plan.listeners.find((l) => l.protocol === "UDP")!.udp!;
    const ctx = context(s, { remoteIP: "10.244.2.5", remotePort: 40000 });
    expect(udp("hostname\n", ctx)).toBe("web-7d4b9c6f5-x2x9k");
    expect(udp("echo Hello", ctx)).toBe("hello");
    expect(udp("clientip", ctx)).toBe("10.244.2.5:40000");
    expect(udp("what", ctx)).toBe(undefined);
    expect(ctx.logged.map((l) => l.text.slice(42))).toEqual([
      "Sending udp hostName response",
      "Echoing hello to UDP client 10.244.2.5:40000",
      "Sending clientip back to UDP client 10.244.2.5:40000",
      "Unknown UDP command received from 10.244.2.5:40000: what",
    ]);
  });

  it("serves the hostname on 9376 with serve-hostname and refuses --udp while HTTP is on", () => {
    const s = start(agnhost, { args: ["serve-hostname"] });
    const ctx = context(s);
    expect(http(s, 9376)(curl("/", "x"), ctx).body).toBe("web-7d4b9c6f5-x2x9k");
    expect(ctx.logged[0]?.text).toBe("I0901 09:01:05.000000       1 log.go:245] HTTP request from 10.244.2.5:43210");
    const both = start(agnhost, { args: ["serve-hostname", "--udp"] });
    expect([both.plan.exitCode, both.plan.logs[0]?.text]).toEqual([
      1,
      "I0901 09:00:05.000000       1 log.go:245] Can't server TCP/UDP mode and HTTP mode at the same time",
    ]);
    const udpOnly = start(agnhost, { args: ["serve-hostname", "--udp", "--http=false"] });
    expect(udpOnly.plan.listeners.map((l) => `${l.port}/${l.protocol}`)).toEqual(["9376/UDP"]);
  });

  it("fails an unknown subcommand as cobra does", () => {
    const s = start(agnhost, { args: ["frobnicate"] });
    expect([s.plan.exitCode, s.plan.logs.map((l) => l.text)]).toEqual([
      1,
      ['Error: unknown command "frobnicate" for "app"', "Run 'app --help' for usage."],
    ]);
  });

  it("serves the hostname from the standalone serve_hostname image, logging in Go's format", () => {
    const s = start("registry.k8s.io/serve_hostname:1.4");
    expect(s.plan.logs[0]?.text).toBe("2025/09/01 09:00:05 Serving on port 9376.");
    expect(http(s, 9376)(curl("/", "x"), context(s)).body).toBe("web-7d4b9c6f5-x2x9k");
    expect(s.plan.sigtermLogs!(t0).map((l) => l.text)).toEqual([
      "2025/09/01 09:00:05 Shutting down after receiving signal: terminated.",
      "2025/09/01 09:00:05 Awaiting pod deletion.",
    ]);
  });
});
