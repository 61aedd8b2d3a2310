/**
 * gasbugs/http-go, the backend of the gasbugs Kubernetes course (Inflearn): a Go server on
 * 8080 that greets with the pod's hostname. Built `FROM ubuntu`, WORKDIR /usr/src/app,
 * CMD ["/usr/src/app/main"] (github.com/gasbugs/http-go `dockerfile`).
 *
 * Which tag says what — Docker Hub tags were pushed from commits the repository later
 * rewrote, so this is a documented choice:
 * - `latest`, `v1`: `Welcome! <hostname>` and a newline as text/plain — what every
 *   2020–2021 lesson transcript shows (`Content-Length: 33` for a 23-character pod name);
 * - `v2`, `v2.0`: `{"data":"Welcome! <hostname>","version":"v2.0"}` and a newline (main.go
 *   at b3380a0, February 2022, whose deployment.yaml names `gasbugs/http-go:v2.0`), logging
 *   `pid 1` at start and `requested: /` plus the JSON per GET; other methods get an empty 200;
 * - `v3`: the same program with `"version":"v3.0"` (main.go at ef7760b), USER 1000.
 * None of them handles SIGTERM: the Go runtime as PID 1 exits with status 2 at once.
 */
import type { HttpHandler } from "../http.ts";
import type { ImageDefinition } from "../image.ts";
import { debianTools, defaultPath } from "../image.ts";
import type { Program } from "../process.ts";
import { serving } from "../process.ts";
import { goJsonString, goRespond } from "./common.ts";

/** The JSON version string a tag's binary was built with; undefined: the plain-text greeting. */
function jsonVersion(tag: string | undefined): string | undefined {
  if (tag === "v2" || tag === "v2.0") return "v2.0";
  if (tag === "v3") return "v3.0";
  return undefined;
}

export const images: readonly ImageDefinition[] = [
  {
    repository: "docker.io/gasbugs/http-go",
    tags: ["latest", "v1", "v2", "v2.0", "v3"],
    sizeBytes: 314_000_000,
    entrypoint: [],
    cmd: ["/usr/src/app/main"],
    // Lessons run `curl` inside these pods (`root@http-go-…:/usr/src/app# curl http-go-svc`).
    binaries: [...debianTools, "/usr/src/app/main", "curl"],
    shell: "dash",
    env: { PATH: defaultPath },
    files: {},
    workdir: "/usr/src/app",
    flavours: { curl: "curl" },
    forTag: (tag) => (tag === "v3" ? { user: "1000" } : undefined),
  },
];

const greeting =
  (version: string | undefined): HttpHandler =>
  (req, ctx) => {
    if (version === undefined) return goRespond(req, ctx, { body: `Welcome! ${ctx.hostname}\n` });
    if (req.method !== "GET") return goRespond(req, ctx, { body: "" });
    const json = `{"data":${goJsonString(`Welcome! ${ctx.hostname}`)},"version":${goJsonString(version)}}`;
    ctx.log("stdout", "requested: /");
    ctx.log("stdout", json);
    return goRespond(req, ctx, { body: `${json}\n` });
  };

const main: Program = (_argv, ctx) => {
  const version = jsonVersion(ctx.tag);
  return serving([{ port: 8080, protocol: "TCP", http: greeting(version) }], {
    sigtermStopMs: 0,
    sigtermExitCode: 2,
    logs: version === undefined ? [] : [{ atMs: 0, stream: "stdout", text: "pid 1" }],
  });
};

export const programs: Readonly<Record<string, Program>> = { "/usr/src/app/main": main };
