import { describe, expect, it } from "vitest";
import { context, curl, http, response, show, start } from "./harness.ts";

describe("the kiamol chapter 3 images", () => {
  it("answers /rng with a random number as JSON from Kestrel", () => {
    const s = start("kiamol/ch03-numbers-api");
    const res = http(s, 80)(curl("/rng", "numbers-api"), context(s, { random: () => 0.42 }));
    expect(show(res)).toEqual([
      "HTTP/1.1 200 OK",
      "Content-Type: application/json; charset=utf-8",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Server: Kestrel",
      "Transfer-Encoding: chunked",
    ]);
    expect(res.body).toBe("42");
    const github = http(s, 80)(
      curl("/sixeyed/kiamol/master/ch03/numbers/rng", "x"),
      context(s, { random: () => 0.07 }),
    );
    expect(github.body).toBe("7");
  });

  it("logs its startup in systemd format on stdout", () => {
    expect(start("kiamol/ch03-numbers-api").plan.logs.map((l) => l.text)).toEqual([
      "<6>Microsoft.Hosting.Lifetime[14] Now listening on: http://[::]:80",
      "<6>Microsoft.Hosting.Lifetime[0] Application started. Press Ctrl+C to shut down.",
      "<6>Microsoft.Hosting.Lifetime[0] Hosting environment: Production",
      "<6>Microsoft.Hosting.Lifetime[0] Content root path: /app",
    ]);
  });

  it("fails after FailAfterCallCount calls: 500 from /rng and /healthz until /reset", () => {
    const s = start("kiamol/ch03-numbers-api", { env: { FailAfterCallCount: "2" } });
    const state = {};
    const call = (path: string) => {
      const ctx = context(s, { state });
      const res = http(s, 80)(curl(path, "numbers-api"), ctx);
      return { status: res.status, body: res.body, logged: ctx.logged.map((l) => l.text) };
    };
    expect(call("/rng").status).toBe(200);
    expect(call("/healthz")).toEqual({ status: 200, body: "Ok", logged: [] });
    expect(call("/rng").status).toBe(200);
    expect(call("/rng")).toEqual({
      status: 500,
      body: '{"message":"Unhealthy!"}',
      logged: ["<4>Numbers.Api.Controllers.RngController[0] Unhealthy!"],
    });
    expect(call("/healthz")).toEqual({ status: 500, body: '{"message":"Unhealthy"}', logged: [] });
    expect(call("/reset")).toEqual({ status: 200, body: "Ok", logged: [] });
    expect(call("/healthz").status).toBe(200);
  });

  it("answers an unknown path with an empty 404 and a POST to /rng with 405", () => {
    const s = start("kiamol/ch03-numbers-api");
    const missing = http(s, 80)(curl("/nope", "x"), context(s));
    expect(show(missing)).toEqual([
      "HTTP/1.1 404 Not Found",
      "Content-Length: 0",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Server: Kestrel",
    ]);
    expect(show(http(s, 80)(curl("/rng", "x", [], "POST"), context(s)))[1]).toBe("Allow: GET");
  });

  it("shows the Go! form, then the number the API gave", () => {
    const s = start("kiamol/ch03-numbers-web");
    const page = http(s, 80)(curl("/", "numbers-web"), context(s));
    expect(page.body).toContain("<title>KIAMOL - Numbers.Web</title>");
    expect(page.body).toContain('<h1>KIAMOL Random Number Generator</h1>\n\n    <form method="post">');
    expect(page.body).toContain('<input type="submit" value="Go!"/>');
    const ctx = context(s, { fetch: () => response(200, "42") });
    const res = http(s, 80)(curl("/", "numbers-web", [], "POST", "__RequestVerificationToken=CfDJ8x"), ctx);
    expect(res.body).toContain(
      "    <p>Here it is: 42</p>\n    <p>(Using API at: http://numbers-api/sixeyed/kiamol/master/ch03/numbers/rng)</p>\n",
    );
    expect(ctx.fetched.map((f) => f.url)).toEqual(["http://numbers-api/sixeyed/kiamol/master/ch03/numbers/rng"]);
  });

  it("retries a 404 with the GitHub Host header, as the ExternalName lesson needs", () => {
    const s = start("kiamol/ch03-numbers-web");
    let n = 0;
    const ctx = context(s, { fetch: () => (n++ === 0 ? response(404, "") : response(200, "42")) });
    const res = http(s, 80)(curl("/", "numbers-web", [], "POST", "__RequestVerificationToken=t"), ctx);
    expect(res.body).toContain("<p>Here it is: 42</p>");
    expect(ctx.fetched[1]?.init?.headers?.[0]).toEqual(["Host", "raw.githubusercontent.com"]);
  });

  it("says the service is unavailable when the API cannot be reached, and logs why", () => {
    const s = start("kiamol/ch03-numbers-web");
    const ctx = context(s, { fetch: () => ({ ok: false, failure: "timeout", message: "" }) });
    const res = http(s, 80)(curl("/", "numbers-web", [], "POST", "__RequestVerificationToken=t"), ctx);
    expect(res.body).toContain("    <p>RNG service unavailable!</p>\n");
    expect(ctx.logged.map((l) => l.text)).toEqual([
      "fail: Numbers.Web.Pages.IndexModel[0]",
      "      API call failed: System.Exception: Service call failed, status: 0, message: The operation has timed out.",
      "   at Numbers.Web.Services.RandomNumberService.GetNumber() in /src/Services/RandomNumberService.cs:line 33",
      "   at Numbers.Web.Pages.IndexModel.OnPostAsync() in /src/Pages/Index.cshtml.cs:line 38",
    ]);
  });

  it("refuses a POST without its antiforgery token", () => {
    const s = start("kiamol/ch03-numbers-web");
    expect(http(s, 80)(curl("/", "numbers-web", [], "POST", ""), context(s)).status).toBe(400);
  });

  it("runs the sleep image's trap-and-wait loop until SIGTERM, which ends it at once", () => {
    const s = start("kiamol/ch03-sleep");
    expect([s.plan.exitAfterMs, s.plan.sigtermStopMs, s.plan.logs]).toEqual([undefined, 0, []]);
  });
});
