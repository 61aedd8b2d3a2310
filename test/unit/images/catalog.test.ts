import { describe, expect, it } from "vitest";
import { images, lookupImage } from "../../../engine/images/catalog.ts";
import { parseImageReference } from "../../../engine/images/reference.ts";
import { imageOf, start } from "./harness.ts";

describe("the image catalog", () => {
  it("starts the entrypoint and command of every image at every tag", () => {
    const failures: string[] = [];
    for (const image of images)
      for (const tag of image.tags) {
        try {
          start(
            `${image.repository}:${tag}`,
            image.repository.endsWith("http-echo") ? { env: { ECHO_TEXT: "x" } } : {},
          );
        } catch (e) {
          failures.push(`${image.repository}:${tag}: ${(e as Error).message}`);
        }
      }
    expect(failures).toEqual([]);
  });

  it("refuses a tag the registry does not have", () => {
    expect(lookupImage(parseImageReference("nginx:9.9")!)).toEqual({ ok: false, reason: "tag-not-found" });
    expect(lookupImage(parseImageReference("example/nothing")!)).toEqual({ ok: false, reason: "not-found" });
  });

  it("ships busybox's libc nslookup up to 1.28 and the big one after", () => {
    expect(imageOf("busybox:1.28").flavours.nslookup).toBe("busybox-libc");
    expect(imageOf("busybox:1.27").flavours.nslookup).toBe("busybox-libc");
    expect(imageOf("busybox:1.29").flavours.nslookup).toBe("busybox");
    expect(imageOf("busybox").flavours).toEqual({
      nslookup: "busybox",
      wget: "busybox",
      ping: "busybox",
      nc: "busybox",
    });
    expect(imageOf("radial/busyboxplus:curl").flavours.nslookup).toBe("busybox-libc");
  });

  it("gives netshoot bind's DNS tools, iputils ping and openbsd nc", () => {
    expect(imageOf("nicolaka/netshoot").flavours).toEqual({
      nslookup: "bind",
      dig: "bind",
      host: "bind",
      ping: "iputils",
      nc: "openbsd",
      wget: "busybox",
      curl: "curl",
    });
  });

  it("runs curlimages/curl as curl_user in its home, with the CA bundle variable", () => {
    const image = imageOf("curlimages/curl");
    expect([image.user, image.workdir, image.env]).toEqual([
      "curl_user",
      "/home/curl_user",
      { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", CURL_CA_BUNDLE: "/cacert.pem" },
    ]);
    expect(image.files["/etc/os-release"]).toBe(
      'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.1\nPRETTY_NAME="Alpine Linux v3.22"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
    );
    expect(imageOf("curlimages/curl:8.5.0").files["/etc/os-release"]).toContain("VERSION_ID=3.18.5\n");
  });

  it("prepends curl in curlimages/curl's entrypoint for flags and non-commands, and runs commands as they are", () => {
    expect(start("curlimages/curl", { args: ["-s", "http://web"] }).plan.tool).toEqual(["curl", "-s", "http://web"]);
    expect(start("curlimages/curl", { args: ["web"] }).plan.tool).toEqual(["curl", "web"]);
    expect(start("curlimages/curl", { args: ["curl", "-sv", "web"] }).plan.tool).toEqual(["curl", "-sv", "web"]);
    expect(start("curlimages/curl").plan.tool).toEqual(["curl"]);
    const sleeping = start("curlimages/curl", { args: ["sleep", "60"] });
    expect([sleeping.plan.tool, sleeping.plan.exitAfterMs]).toEqual([undefined, 60_000]);
  });

  it("hands a client tool run as the container's command to the tools layer", () => {
    const s = start("busybox:1.36", { command: ["wget", "-qO-", "http://web"] });
    expect([s.plan.exitAfterMs, s.plan.exitCode, s.plan.tool]).toEqual([0, 0, ["wget", "-qO-", "http://web"]]);
  });

  it("lets netshoot's zsh read end-of-input and exit 0 at once", () => {
    const s = start("nicolaka/netshoot");
    expect([s.plan.exitAfterMs, s.plan.exitCode]).toEqual([0, 0]);
    expect(imageOf("nicolaka/netshoot").env.HOSTNAME).toBe("netshoot");
  });

  it("names Debian trixie in debian:latest and bookworm in debian:12", () => {
    expect(imageOf("debian").files["/etc/os-release"]).toBe(
      'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nNAME="Debian GNU/Linux"\nVERSION_ID="13"\nVERSION="13 (trixie)"\nVERSION_CODENAME=trixie\nDEBIAN_VERSION_FULL=13.0\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
    );
    expect(imageOf("debian:12").files["/etc/os-release"]).toContain('VERSION="12 (bookworm)"');
    expect(imageOf("alpine:3.15").files["/etc/os-release"]).toContain('BUG_REPORT_URL="https://bugs.alpinelinux.org/"');
  });

  it("answers CoreDNS's health and ready checks with OK and Go's 404 elsewhere", () => {
    const s = start("registry.k8s.io/coredns/coredns:v1.12.1");
    expect(s.plan.listeners.map((l) => `${l.port}/${l.protocol}`)).toEqual([
      "53/UDP",
      "53/TCP",
      "8080/TCP",
      "8181/TCP",
      "9153/TCP",
    ]);
  });
});
