import { describe, expect, it } from "vitest";
import { context, curl, http, show, start } from "./harness.ts";

const whoamiText = [
  "Hostname: web-7d4b9c6f5-x2x9k",
  "IP: 127.0.0.1",
  "IP: ::1",
  "IP: 10.244.1.7",
  "IP: fe80::a8c1:abff:fe12:3456",
  "RemoteAddr: 10.244.2.5:43210",
  "GET / HTTP/1.1\r\nHost: whoami\r\nUser-Agent: curl/8.15.0\r\nAccept: */*\r\n\r\n",
].join("\n");

describe("the traefik/whoami image", () => {
  it("listens on 80 and says so in Go's log format", () => {
    const s = start("traefik/whoami");
    expect(s.plan.listeners.map((l) => `${l.port}/${l.protocol}`)).toEqual(["80/TCP"]);
    expect(s.plan.logs).toEqual([{ atMs: 0, stream: "stderr", text: "2025/09/01 09:00:05 Starting up on port 80" }]);
    expect([s.plan.sigtermStopMs, s.plan.sigtermExitCode]).toEqual([0, 2]);
  });

  it("prints its hostname, every interface address, the client and the request it got", () => {
    const s = start("traefik/whoami");
    const res = http(s, 80)(curl("/", "whoami"), context(s));
    expect(res.body).toBe(whoamiText);
    expect(show(res)).toEqual([
      "HTTP/1.1 200 OK",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      `Content-Length: ${whoamiText.length}`,
      "Content-Type: text/plain; charset=utf-8",
    ]);
  });

  it("sorts the other headers after Host and User-Agent, and names itself from WHOAMI_NAME", () => {
    const s = start("traefik/whoami", { env: { WHOAMI_NAME: "blue" } });
    const res = http(s, 80)(
      curl("/path?x=1", "whoami:8080", [
        ["X-Forwarded-For", "172.18.0.1"],
        ["accept-encoding", "gzip"],
      ]),
      context(s),
    );
    expect(res.body.split("\n")[0]).toBe("Name: blue");
    expect(res.body.slice(res.body.indexOf("GET"))).toBe(
      "GET /path?x=1 HTTP/1.1\r\nHost: whoami:8080\r\nUser-Agent: curl/8.15.0\r\nAccept: */*\r\nAccept-Encoding: gzip\r\nX-Forwarded-For: 172.18.0.1\r\n\r\n",
    );
  });

  it("listens where --port or WHOAMI_PORT_NUMBER says", () => {
    expect(start("traefik/whoami", { args: ["--port", "8080"] }).plan.listeners[0]?.port).toBe(8080);
    expect(start("traefik/whoami", { env: { WHOAMI_PORT_NUMBER: "9000" } }).plan.listeners[0]?.port).toBe(9000);
  });

  it("appends the environment with ?env=true", () => {
    const s = start("traefik/whoami");
    const res = http(s, 80)(curl("/?env=true", "whoami"), context(s, { env: { PATH: "/bin", HOSTNAME: "web" } }));
    expect(res.body.endsWith("\r\n\r\nPATH=/bin\nHOSTNAME=web\n")).toBe(true);
  });

  it("answers /api as JSON and /health with the status last posted to it", () => {
    const s = start("traefik/whoami");
    const api = http(s, 80)(curl("/api", "whoami"), context(s));
    expect(api.body).toBe(
      '{"hostname":"web-7d4b9c6f5-x2x9k","ip":["127.0.0.1","::1","10.244.1.7","fe80::a8c1:abff:fe12:3456"],"headers":{"Accept":["*/*"],"User-Agent":["curl/8.15.0"]},"url":"/api","host":"whoami","method":"GET","remoteAddr":"10.244.2.5:43210"}\n',
    );
    expect(show(api)[1]).toBe("Content-Type: application/json");
    const state = {};
    const posted = context(s, { state });
    http(s, 80)(curl("/health", "whoami", [], "POST", "500"), posted);
    expect(posted.logged).toEqual([{ stream: "stdout", text: "Update health check status code [500]" }]);
    expect(http(s, 80)(curl("/health", "whoami"), context(s, { state })).status).toBe(500);
  });
});
