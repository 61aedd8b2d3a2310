import { describe, expect, it } from "vitest";
import { context, curl, http, show, start } from "./harness.ts";

describe("the echoserver image", () => {
  it("prints the 1.10 report: hostname, pod information, server values, request and headers", () => {
    const s = start("registry.k8s.io/echoserver:1.10", { hostname: "echoserver" });
    const ctx = context(s, { localPort: 8080, remoteIP: "127.0.0.1", env: { HOSTNAME: "echoserver" } });
    const res = http(s, 8080)(
      {
        method: "GET",
        target: "/",
        version: "HTTP/1.1",
        headers: [
          ["Host", "localhost:8080"],
          ["User-Agent", "curl/7.64.1"],
          ["Accept", "*/*"],
        ],
        body: "",
      },
      ctx,
    );
    const report =
      "\n\nHostname: echoserver\n\nPod Information:\n\t-no pod information available-\n\n" +
      "Server values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\n" +
      "Request Information:\n\tclient_address=127.0.0.1\n\tmethod=GET\n\treal path=/\n\tquery=\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://localhost:8080/\n\n" +
      "Request Headers:\n\taccept=*/*\n\thost=localhost:8080\n\tuser-agent=curl/7.64.1\n\n" +
      "Request Body:\n\t-no body in request-\n\n";
    expect(res.body).toBe(report);
    expect(show(res)).toEqual([
      "HTTP/1.1 200 OK",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Content-Type: text/plain",
      "Transfer-Encoding: chunked",
      "Connection: keep-alive",
      "Server: echoserver",
    ]);
    // 404 bytes in one chunk: a lesson's `kubectl logs` shows 416 for exactly this request.
    expect(ctx.logged).toEqual([
      {
        stream: "stdout",
        text: '127.0.0.1 - - [01/Sep/2025:09:01:05 +0000] "GET / HTTP/1.1" 200 416 "-" "curl/7.64.1"',
      },
    ]);
  });

  it("shows the downward-API variables when POD_NAME is set", () => {
    const s = start("registry.k8s.io/echoserver:1.10");
    const env = {
      HOSTNAME: "echo-1",
      NODE_NAME: "kind-worker",
      POD_NAME: "echo-1",
      POD_NAMESPACE: "default",
      POD_IP: "10.244.1.7",
    };
    const res = http(s, 8080)(curl("/a?b=c", "echo"), context(s, { localPort: 8080, env }));
    expect(res.body.split("\n").slice(0, 12)).toEqual([
      "",
      "",
      "Hostname: echo-1",
      "",
      "Pod Information:",
      "\tnode name:\tkind-worker",
      "\tpod name:\techo-1",
      "\tpod namespace:\tdefault",
      "\tpod IP:\t10.244.1.7",
      "",
      "Server values:",
      "\tserver_version=nginx: 1.13.3 - lua: 10008",
    ]);
    expect(res.body).toContain("\treal path=/a?b=c\n\tquery=b=c\n");
  });

  it("logs the certificate it generates, then starts nginx on 8080 and 8443", () => {
    const s = start("registry.k8s.io/echoserver:1.10");
    const lines = s.plan.logs.map((l) => `${l.stream} ${l.text}`);
    expect(lines.slice(0, 2)).toEqual([
      "stdout Generating self-signed cert",
      "stderr Generating a 2048 bit RSA private key",
    ]);
    expect(lines.slice(4)).toEqual([
      "stderr writing new private key to '/certs/privateKey.key'",
      "stderr -----",
      "stdout Starting nginx",
    ]);
    expect(s.plan.listeners.map((l) => l.port)).toEqual([8080, 8443]);
    // run.sh is bash as PID 1: SIGTERM does nothing until the kubelet kills it.
    expect(s.plan.sigtermStopMs).toBe(undefined);
  });

  it("prints the older CLIENT VALUES report for 1.4", () => {
    const s = start("k8s.gcr.io/echoserver:1.4");
    const res = http(s, 8080)(
      curl("/", "hello-world:8080"),
      context(s, { localPort: 8080, remoteIP: "10.244.88.131" }),
    );
    expect(res.body).toBe(
      "CLIENT VALUES:\nclient_address=10.244.88.131\ncommand=GET\nreal path=/\nquery=nil\nrequest_version=1.1\nrequest_uri=http://hello-world:8080/\n\n" +
        "SERVER VALUES:\nserver_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\naccept=*/*\nhost=hello-world:8080\nuser-agent=curl/8.15.0\nBODY:\n-no body in request-",
    );
  });
});
