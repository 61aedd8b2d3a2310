import { describe, expect, it } from "vitest";
import { context, curl, http, imageOf, show, start, t0 } from "./harness.ts";

describe("the hashicorp/http-echo image", () => {
  it("answers every path with its text and a newline, naming itself in X-App headers", () => {
    const s = start("hashicorp/http-echo", { args: ["-text=apple"] });
    const ctx = context(s, { localPort: 5678 });
    const res = http(s, 5678)(curl("/fruit", "apple-service:5678"), ctx);
    expect(show(res)).toEqual([
      "HTTP/1.1 200 OK",
      "X-App-Name: http-echo",
      "X-App-Version: 1.0.0",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Content-Length: 6",
      "Content-Type: text/plain; charset=utf-8",
    ]);
    expect(res.body).toBe("apple\n");
    expect(ctx.logged).toEqual([
      {
        stream: "stdout",
        text: '2025/09/01 09:01:05 apple-service:5678 10.244.2.5:43210 "GET /fruit HTTP/1.1" 200 6 "curl/8.15.0" 36.42µs',
      },
    ]);
    expect(s.plan.logs).toEqual([
      { atMs: 0, stream: "stderr", text: "2025/09/01 09:00:05 [INFO] server is listening on :5678" },
    ]);
  });

  it("answers /health with its JSON and the status flag elsewhere", () => {
    const s = start("hashicorp/http-echo", { args: ["-text=x", "-status-code=503", "-listen=:8080"] });
    expect(http(s, 8080)(curl("/health", "x"), context(s)).body).toBe('{"status":"ok"}\n');
    expect(http(s, 8080)(curl("/", "x"), context(s)).status).toBe(503);
  });

  it("echoes the image's ECHO_TEXT when started without -text", () => {
    expect(imageOf("hashicorp/http-echo").env.ECHO_TEXT).toBe("hello-world");
    const s = start("hashicorp/http-echo");
    expect(http(s, 5678)(curl("/", "x"), context(s)).body).toBe("hello-world\n");
  });

  it("exits 127 without text, with each version's message", () => {
    const empty = start("hashicorp/http-echo", { env: { ECHO_TEXT: "" } });
    expect([empty.plan.exitAfterMs, empty.plan.exitCode, empty.plan.logs]).toEqual([
      0,
      127,
      [{ atMs: 0, stream: "stderr", text: "Missing -text option or ECHO_TEXT env var!" }],
    ]);
    const old = start("hashicorp/http-echo:0.2.3");
    expect([old.plan.exitCode, old.plan.logs[0]?.text]).toEqual([127, "Missing -text option!"]);
  });

  it("exits 127 on a stray argument", () => {
    const s = start("hashicorp/http-echo", { args: ["-text", "hi", "extra"] });
    expect([s.plan.exitCode, s.plan.logs[0]?.text]).toEqual([127, "Too many arguments!"]);
  });

  it("shuts down with exit 2 on SIGTERM since 1.0, while 0.2.3 only logs it", () => {
    const current = start("hashicorp/http-echo", { args: ["-text=a"] });
    expect([current.plan.sigtermStopMs, current.plan.sigtermExitCode]).toEqual([0, 2]);
    expect(current.plan.sigtermLogs!(t0).map((l) => l.text)).toEqual([
      "2025/09/01 09:00:05 [INFO] received interrupt, shutting down...",
    ]);
    const old = start("hashicorp/http-echo:0.2.3", { args: ["-text=a"] });
    expect(old.plan.sigtermStopMs).toBe(undefined);
    expect(old.plan.sigtermLogs!(t0).map((l) => l.text)).toEqual([
      "2025/09/01 09:00:05 [ERR] Unknown signal terminated",
    ]);
  });
});
