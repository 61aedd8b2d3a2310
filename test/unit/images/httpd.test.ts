import { describe, expect, it } from "vitest";
import { context, curl, http, imageOf, show, start } from "./harness.ts";

describe("the httpd image", () => {
  it("has Apache's ENV, working directory and the It works! page", () => {
    const image = imageOf("httpd");
    expect(image.env).toEqual({
      PATH: "/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      HTTPD_PREFIX: "/usr/local/apache2",
      HTTPD_VERSION: "2.4.65",
      HTTPD_SHA256: "58b8be97d9940ec17f7656c0c6b9f41b618aac468b894b534148e3296c53b8b3",
      HTTPD_PATCHES: "",
    });
    expect(image.workdir).toBe("/usr/local/apache2");
    expect(image.files["/usr/local/apache2/htdocs/index.html"]).toBe("<html><body><h1>It works!</h1></body></html>\n");
  });

  it("warns twice about its server name with the pod IP, then logs its start on stderr", () => {
    const s = start("httpd", { podIP: "10.244.1.9" });
    const fqdn =
      "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.9. Set the 'ServerName' directive globally to suppress this message";
    expect(s.plan.logs.map((l) => `${l.stream} ${l.text}`)).toEqual([
      `stderr ${fqdn}`,
      `stderr ${fqdn}`,
      "stderr [Mon Sep 01 09:00:05.000000 2025] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) configured -- resuming normal operations",
      "stderr [Mon Sep 01 09:00:05.000000 2025] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
    ]);
  });

  it("answers GET / with It works! and Apache's headers, logging the common format", () => {
    const s = start("httpd");
    const ctx = context(s);
    const res = http(s, 80)(curl("/", "web"), ctx);
    expect(show(res)).toEqual([
      "HTTP/1.1 200 OK",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Server: Apache/2.4.65 (Unix)",
      "Last-Modified: Mon, 11 Jun 2007 18:53:14 GMT",
      'ETag: "2d-432a5e4a73a80"',
      "Accept-Ranges: bytes",
      "Content-Length: 45",
      "Content-Type: text/html",
    ]);
    expect(res.body).toBe("<html><body><h1>It works!</h1></body></html>\n");
    expect(ctx.logged).toEqual([
      { stream: "stdout", text: '10.244.2.5 - - [01/Sep/2025:09:01:05 +0000] "GET / HTTP/1.1" 200 45' },
    ]);
  });

  it("answers a missing page with Apache's 404 text", () => {
    const s = start("httpd");
    const ctx = context(s);
    const res = http(s, 80)(curl("/favicon.ico", "web"), ctx);
    expect(show(res)).toEqual([
      "HTTP/1.1 404 Not Found",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Server: Apache/2.4.65 (Unix)",
      "Content-Length: 196",
      "Content-Type: text/html; charset=iso-8859-1",
    ]);
    expect(res.body).toBe(
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n',
    );
    expect(ctx.logged[0]?.text).toBe('10.244.2.5 - - [01/Sep/2025:09:01:05 +0000] "GET /favicon.ico HTTP/1.1" 404 196');
  });

  it("keeps the connection alive only for a client that asked by name", () => {
    const s = start("httpd");
    const res = http(s, 80)(curl("/", "web", [["Connection", "keep-alive"]]), context(s));
    expect(show(res).slice(-3)).toEqual([
      "Keep-Alive: timeout=5, max=100",
      "Connection: Keep-Alive",
      "Content-Type: text/html",
    ]);
  });

  it("logs - for the size of a HEAD answer", () => {
    const s = start("httpd");
    const ctx = context(s);
    http(s, 80)(curl("/", "web", [], "HEAD"), ctx);
    expect(ctx.logged[0]?.text).toBe('10.244.2.5 - - [01/Sep/2025:09:01:05 +0000] "HEAD / HTTP/1.1" 200 -');
  });

  it("refuses PUT with 405 naming the method", () => {
    const s = start("httpd");
    const res = http(s, 80)(curl("/", "web", [], "PUT", "x"), context(s));
    expect(res.status).toBe(405);
    expect(res.body).toContain("<p>The requested method PUT is not allowed for this URL.</p>");
  });
});
