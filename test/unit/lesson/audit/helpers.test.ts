import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isBusybox, isManifest, listeningPorts, looksLikeOutput } from "../../../../lesson/audit/index.ts";

describe("the audit's block classifiers", () => {
  it("take apiVersion plus kind, in block or flow style, as a manifest and nothing less", () => {
    expect([
      isManifest("apiVersion: v1\nkind: Service\n"),
      isManifest('{\n  apiVersion: "apps/v1",\n  kind: "Deployment",\n}'),
      isManifest("spec:\n  selector:\n    app: web\n"),
      isManifest("kind: Service\n"),
    ]).toEqual([true, true, false, false]);
  });

  it("recognise kubectl tables and messages, nslookup answers and busybox errors as output", () => {
    expect([
      looksLikeOutput("NAME   TYPE        CLUSTER-IP"),
      looksLikeOutput("service/web exposed"),
      looksLikeOutput('pod "client" deleted'),
      looksLikeOutput("Server:    10.96.0.10\nAddress:   10.96.0.10:53"),
      looksLikeOutput("wget: bad address 'web'"),
      looksLikeOutput("kubectl get pods"),
      looksLikeOutput("web.default.svc.cluster.local"),
    ]).toEqual([true, true, true, true, true, false, false]);
  });
});

describe("the audit's image table", () => {
  it("knows the ports of common images, agnhost's subcommands and flags, and says nothing of unknown images", () => {
    expect([
      listeningPorts("nginx:1.25", []),
      listeningPorts("docker.io/library/httpd", []),
      listeningPorts("gasbugs/http-go:v1", []),
      listeningPorts("registry.k8s.io/e2e-test-images/agnhost:2.45", ["netexec"]),
      listeningPorts("registry.k8s.io/e2e-test-images/agnhost:2.45", ["netexec", "--http-port=9000"]),
      listeningPorts("registry.k8s.io/e2e-test-images/agnhost:2.45", ["serve-hostname"]),
      listeningPorts("hashicorp/http-echo", ["-listen=:8080", "-text=hi"]),
      listeningPorts("yoonjeong/order:1.0", []),
    ]).toEqual([[80], [80], [8080], [8080], [9000], [9376], [8080], undefined]);
  });

  it("tells plain busybox from busyboxplus", () => {
    expect([
      isBusybox("busybox:1.28"),
      isBusybox("gcr.io/google-containers/busybox"),
      isBusybox("radial/busyboxplus:curl"),
    ]).toEqual([true, true, false]);
  });
});

describe("lesson/audit", () => {
  it("stays browser-safe: no Node built-ins, wall time or chance", () => {
    const dir = new URL("../../../../lesson/audit/", import.meta.url);
    const offenders = readdirSync(dir)
      .filter((name) => name.endsWith(".ts"))
      .filter((name) =>
        /from "node:|Date\.now\(|Math\.random\(|new Date\(|new TextDecoder|require\(/.test(
          readFileSync(new URL(name, dir), "utf8"),
        ),
      );
    expect(offenders).toEqual([]);
  });
});
