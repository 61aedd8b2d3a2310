import { describe, expect, it } from "vitest";
import { context, curl, http, imageOf, show, start } from "./harness.ts";

describe("the gasbugs/http-go image", () => {
  it("greets with the pod name as text on 8080 (latest and v1, as the course transcripts show)", () => {
    const s = start("gasbugs/http-go", { hostname: "http-go-568f649bb-r6psq" });
    const ctx = { ...context(s), hostname: "http-go-568f649bb-r6psq" };
    const res = http(s, 8080)(curl("/", "10.1.11.7:30268"), ctx);
    expect(show(res)).toEqual([
      "HTTP/1.1 200 OK",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Content-Length: 33",
      "Content-Type: text/plain; charset=utf-8",
    ]);
    expect(res.body).toBe("Welcome! http-go-568f649bb-r6psq\n");
    expect(s.plan.logs).toEqual([]);
  });

  it("answers JSON with its version from v2 on, logging each request", () => {
    const s = start("gasbugs/http-go:v2");
    expect(s.plan.logs).toEqual([{ atMs: 0, stream: "stdout", text: "pid 1" }]);
    const ctx = context(s);
    const res = http(s, 8080)(curl("/", "x"), ctx);
    expect(res.body).toBe('{"data":"Welcome! web-7d4b9c6f5-x2x9k","version":"v2.0"}\n');
    expect(ctx.logged.map((l) => l.text)).toEqual([
      "requested: /",
      '{"data":"Welcome! web-7d4b9c6f5-x2x9k","version":"v2.0"}',
    ]);
    expect(http(s, 8080)(curl("/", "x", [], "POST"), context(s)).body).toBe("");
  });

  it("runs from /usr/src/app and exits 2 on SIGTERM (a Go program without a handler)", () => {
    const image = imageOf("gasbugs/http-go");
    expect([image.cmd, image.workdir]).toEqual([["/usr/src/app/main"], "/usr/src/app"]);
    const s = start("gasbugs/http-go");
    expect([s.plan.sigtermStopMs, s.plan.sigtermExitCode]).toEqual([0, 2]);
  });
});
