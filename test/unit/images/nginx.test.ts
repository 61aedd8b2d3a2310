import { describe, expect, it } from "vitest";
import { nginxIndex } from "../../support/fake-network.ts";
import { context, curl, http, imageOf, show, start, t0 } from "./harness.ts";

/** The welcome page byte for byte (615 bytes), shared with the tool tests' fake server. */
const welcome = nginxIndex;

const notFound =
  "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.29.1</center>\r\n</body>\r\n</html>\r\n";

describe("the nginx image", () => {
  it("ships the mainline image's environment and the 615-byte welcome page", () => {
    const image = imageOf("nginx");
    expect(image.env).toEqual({
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      NGINX_VERSION: "1.29.1",
      NJS_VERSION: "0.9.1",
      NJS_RELEASE: "1~bookworm",
      PKG_RELEASE: "1~bookworm",
      DYNPKG_RELEASE: "1~bookworm",
    });
    expect(image.files["/usr/share/nginx/html/index.html"]).toBe(welcome);
    expect(welcome.length).toBe(615);
    expect(image.files["/usr/share/nginx/html/50x.html"]?.length).toBe(497);
    expect(image.files["/etc/os-release"]?.split("\n")[0]).toBe('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"');
  });

  it("resolves older tags to their own release: page, environment and entrypoint", () => {
    const old = imageOf("nginx:1.19");
    expect(old.env.NGINX_VERSION).toBe("1.19.10");
    expect(old.files["/usr/share/nginx/html/index.html"]?.length).toBe(612);
    expect(old.entrypoint).toEqual(["/docker-entrypoint.sh"]);
    const older = imageOf("nginx:1.14.2");
    expect(older.entrypoint).toEqual([]);
    expect(older.env).toEqual({
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      NGINX_VERSION: "1.14.2-1~stretch",
      NJS_VERSION: "1.14.2.0.2.6-1~stretch",
    });
    expect([older.flavours, older.binaries.includes("curl")]).toEqual([{}, false]);
    expect(imageOf("nginx:alpine").shell).toBe("ash");
    expect(imageOf("nginx:stable").env.NGINX_VERSION).toBe("1.28.0");
  });

  it("logs the entrypoint's scripts on stdout and nginx's notices on stderr when it starts", () => {
    const s = start("nginx");
    expect(s.plan.logs.map((l) => `${l.stream} ${l.text}`)).toEqual([
      "stdout /docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
      "stdout /docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
      "stdout /docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
      "stdout 10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
      "stdout 10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
      "stdout /docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
      "stdout /docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
      "stdout /docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
      "stdout /docker-entrypoint.sh: Configuration complete; ready for start up",
      'stderr 2025/09/01 09:00:05 [notice] 1#1: using the "epoll" event method',
      "stderr 2025/09/01 09:00:05 [notice] 1#1: nginx/1.29.1",
      "stderr 2025/09/01 09:00:05 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) ",
      "stderr 2025/09/01 09:00:05 [notice] 1#1: OS: Linux 6.8.0-60-generic",
      "stderr 2025/09/01 09:00:05 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
      "stderr 2025/09/01 09:00:05 [notice] 1#1: start worker processes",
      "stderr 2025/09/01 09:00:05 [notice] 1#1: start worker process 29",
      "stderr 2025/09/01 09:00:05 [notice] 1#1: start worker process 30",
      "stderr 2025/09/01 09:00:05 [notice] 1#1: start worker process 31",
      "stderr 2025/09/01 09:00:05 [notice] 1#1: start worker process 32",
    ]);
    expect(s.plan.listeners.map((l) => `${l.port}/${l.protocol}`)).toEqual(["80/TCP"]);
    expect([s.plan.sigtermStopMs, s.plan.sigtermExitCode]).toEqual([100, 0]);
  });

  it("adds the IPv6 listen line to default.conf as its entrypoint script does", () => {
    const conf = start("nginx").plan.files.find((f) => f.path === "/etc/nginx/conf.d/default.conf");
    expect(conf?.content?.split("\n").slice(0, 4)).toEqual([
      "server {",
      "    listen       80;",
      "    listen  [::]:80;",
      "    server_name  localhost;",
    ]);
  });

  it("starts without entrypoint lines or notices on 1.16 (no entrypoint, error_log at warn)", () => {
    expect(start("nginx:1.16").plan.logs).toEqual([]);
  });

  it("answers GET / with the welcome page and nginx's headers in nginx's order", () => {
    const s = start("nginx");
    const ctx = context(s);
    const res = http(s, 80)(curl("/", "10.244.1.7"), ctx);
    expect(show(res)).toEqual([
      "HTTP/1.1 200 OK",
      "Server: nginx/1.29.1",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Content-Type: text/html",
      "Content-Length: 615",
      "Last-Modified: Wed, 13 Aug 2025 14:33:41 GMT",
      "Connection: keep-alive",
      'ETag: "689ca245-267"',
      "Accept-Ranges: bytes",
    ]);
    expect(res.body).toBe(welcome);
    expect(ctx.logged).toEqual([
      {
        stream: "stdout",
        text: '10.244.2.5 - - [01/Sep/2025:09:01:05 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.15.0" "-"',
      },
    ]);
  });

  it("answers a missing file with its 404 page and logs the error before the access line", () => {
    const s = start("nginx");
    const ctx = context(s);
    const handler = http(s, 80);
    handler(curl("/", "web"), ctx);
    const res = handler(curl("/nope", "web", [["Referer", "http://web/"]]), ctx);
    expect(show(res)).toEqual([
      "HTTP/1.1 404 Not Found",
      "Server: nginx/1.29.1",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Content-Type: text/html",
      "Content-Length: 153",
      "Connection: keep-alive",
    ]);
    expect(res.body).toBe(notFound);
    expect(ctx.logged.slice(1)).toEqual([
      {
        stream: "stderr",
        text: '2025/09/01 09:01:05 [error] 29#29: *2 open() "/usr/share/nginx/html/nope" failed (2: No such file or directory), client: 10.244.2.5, server: localhost, request: "GET /nope HTTP/1.1", host: "web", referrer: "http://web/"',
      },
      {
        stream: "stdout",
        text: '10.244.2.5 - - [01/Sep/2025:09:01:05 +0000] "GET /nope HTTP/1.1" 404 153 "http://web/" "curl/8.15.0" "-"',
      },
    ]);
  });

  it("pads a 404 for Chrome as nginx does for browsers' friendly error pages", () => {
    const s = start("nginx");
    const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36";
    const res = http(s, 80)(
      {
        method: "GET",
        target: "/favicon.ico",
        version: "HTTP/1.1",
        headers: [
          ["Host", "web"],
          ["User-Agent", ua],
        ],
        body: "",
      },
      context(s),
    );
    expect(res.body.length).toBe(555);
    expect(res.body.endsWith("<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n")).toBe(true);
  });

  it("serves what is written over index.html, read through the container's filesystem", () => {
    const s = start("nginx");
    const ctx = context(s, { written: { "/usr/share/nginx/html/index.html": "hello from v2\n" } });
    const res = http(s, 80)(curl("/", "web"), ctx);
    expect(res.body).toBe("hello from v2\n");
    expect(show(res)).toContain("Content-Length: 14");
    expect(show(res)).toContain('ETag: "689ca245-e"');
  });

  it("answers 403 for the root when index.html was removed, logging the forbidden index", () => {
    const s = start("nginx");
    const ctx = context(s, { written: { "/usr/share/nginx/html/index.html": null } });
    const res = http(s, 80)(curl("/", "web"), ctx);
    expect(res.status).toBe(403);
    expect(res.body).toBe(
      "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx/1.29.1</center>\r\n</body>\r\n</html>\r\n",
    );
    expect(ctx.logged[0]?.text).toBe(
      '2025/09/01 09:01:05 [error] 29#29: *1 directory index of "/usr/share/nginx/html/" is forbidden, client: 10.244.2.5, server: localhost, request: "GET / HTTP/1.1", host: "web"',
    );
  });

  it("refuses POST to a static file with 405 Not Allowed, but says 404 for a missing one", () => {
    const s = start("nginx");
    const handler = http(s, 80);
    const post = handler(curl("/", "web", [], "POST", "a=1"), context(s));
    expect([post.status, post.reason]).toEqual([405, "Not Allowed"]);
    expect(post.body).toContain("<center><h1>405 Not Allowed</h1></center>");
    expect(handler(curl("/missing", "web", [], "POST"), context(s)).status).toBe(404);
    expect(handler(curl("/", "web", [], "DELETE"), context(s)).status).toBe(405);
  });

  it("answers HEAD with the headers of GET and no body, logging 0 bytes", () => {
    const s = start("nginx");
    const ctx = context(s);
    const res = http(s, 80)(curl("/", "web", [], "HEAD"), ctx);
    expect(res.body).toBe("");
    expect(show(res)).toContain("Content-Length: 615");
    expect(ctx.logged[0]?.text).toBe(
      '10.244.2.5 - - [01/Sep/2025:09:01:05 +0000] "HEAD / HTTP/1.1" 200 0 "-" "curl/8.15.0" "-"',
    );
  });

  it("closes the connection for a client that asked to (busybox wget)", () => {
    const s = start("nginx");
    const res = http(s, 80)(
      {
        method: "GET",
        target: "/",
        version: "HTTP/1.1",
        headers: [
          ["Host", "web"],
          ["User-Agent", "Wget"],
          ["Connection", "close"],
        ],
        body: "",
      },
      context(s),
    );
    expect(show(res)).toContain("Connection: close");
  });

  it("says 304 Not Modified to a browser revalidating with the ETag", () => {
    const s = start("nginx");
    const res = http(s, 80)(curl("/", "web", [["If-None-Match", '"689ca245-267"']]), context(s));
    expect(show(res)).toEqual([
      "HTTP/1.1 304 Not Modified",
      "Server: nginx/1.29.1",
      "Date: Mon, 01 Sep 2025 09:01:05 GMT",
      "Last-Modified: Wed, 13 Aug 2025 14:33:41 GMT",
      "Connection: keep-alive",
      'ETag: "689ca245-267"',
    ]);
  });

  it("names its release in the Server header and error pages for an older tag", () => {
    const s = start("nginx:1.21");
    const res = http(s, 80)(curl("/x", "web"), context(s));
    expect(show(res)[1]).toBe("Server: nginx/1.21.6");
    expect(res.body).toContain("<hr><center>nginx/1.21.6</center>");
  });

  it("logs a graceful SIGQUIT shutdown with every worker", () => {
    const lines = start("nginx").plan.sigtermLogs!(t0 + 5000).map((l) => l.text);
    expect(lines.slice(0, 2)).toEqual([
      "2025/09/01 09:00:10 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down",
      "2025/09/01 09:00:10 [notice] 29#29: gracefully shutting down",
    ]);
    expect(lines.at(-1)).toBe("2025/09/01 09:00:10 [notice] 1#1: exit");
  });

  it("runs another command through the entrypoint's exec", () => {
    const s = start("nginx", { args: ["sleep", "3600"] });
    expect([s.plan.exitAfterMs, s.plan.logs]).toEqual([3_600_000, []]);
  });
});
