/**
 * Lesson assertions against real simulated clusters: what passes, what fails with which
 * message (Korean and English), and that checking changes nothing but the clock.
 */
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../../../engine/index.ts";
import { checkAssertion, hasBatchim, josa, parsePath, satisfies } from "../../../../lesson/assert/index.ts";
import type { Assertion } from "../../../../lesson/model.ts";
import type { StoredPod, StoredService } from "../../controllers/helpers.ts";
import {
  deployment,
  dumpAll,
  isReady,
  mustGet,
  mustOk,
  newCluster,
  pod,
  podsIn,
  service,
} from "../../controllers/helpers.ts";

const agnhost = "registry.k8s.io/e2e-test-images/agnhost:2.53";

/**
 * `web`: three agnhost pods answering /hostname behind Service web (80 → 8080, port name http);
 * `nginx`: one nginx pod behind NodePort 30080; `empty`: a Service selecting nothing;
 * `client`: a busybox pod to send from.
 */
function lab(): Cluster {
  const c = newCluster();
  c.apply([
    deployment("web", 3, agnhost, {}, { args: ["netexec", "--http-port=8080"] }),
    service("web", { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] }),
    pod("nginx", { image: "nginx:1.27" }, { labels: { app: "nginx" } }),
    service("nginx", { type: "NodePort", selector: { app: "nginx" }, ports: [{ port: 80, nodePort: 30080 }] }),
    service("empty", { selector: { app: "nothing" }, ports: [{ port: 80 }] }),
    pod("client", { image: "busybox:1.36", command: ["sleep", "infinity"] }),
  ]).forEach(mustOk);
  const ready = c.waitFor(() => podsIn(c).length === 5 && podsIn(c).every(isReady), { timeoutSeconds: 180 });
  if (!ready) throw new Error("the lab's pods did not become ready");
  return c;
}

const webPods = (c: Cluster) =>
  podsIn(c)
    .filter((p) => p.metadata.labels?.app === "web")
    .map((p) => p.metadata.name)
    .sort();
const clusterIP = (c: Cluster, name: string) => mustGet<StoredService>(c, "services", name).spec!.clusterIP!;
const check = (c: Cluster, a: Assertion) => checkAssertion(c, a);
const fails = (ko: string, en: string) => ({ ok: false, message: { ko, en } });

describe("endpoints", () => {
  it("pass when the count, ready count and ports are as expected", () => {
    const c = lab();
    expect(check(c, { endpoints: { service: "web", count: 3, ready: 3, ports: [8080] } })).toEqual({ ok: true });
    expect(check(c, { endpoints: { service: "web" } })).toEqual({ ok: true });
    expect(check(c, { endpoints: { service: "empty", count: 0 } })).toEqual({ ok: true });
  });

  it("fail on a different count with both numbers in the message", () => {
    const c = lab();
    expect(check(c, { endpoints: { service: "empty", count: 3 } })).toEqual(
      fails("서비스 empty의 엔드포인트는 3개여야 하는데 0개다", "Service empty should have 3 endpoint(s) but has 0"),
    );
  });

  it("count a running pod that fails its readiness probe as an endpoint that is not ready", () => {
    const c = lab();
    mustOk(
      c.create(
        pod(
          "unready",
          {
            image: agnhost,
            args: ["netexec", "--http-port=8080"],
            readinessProbe: { httpGet: { path: "/", port: 9999 } },
          },
          { labels: { app: "web" } },
        ),
      ),
    );
    c.waitFor(() => check(c, { endpoints: { service: "web", count: 4 } }).ok, { timeoutSeconds: 60 });
    c.advance(30);
    expect(check(c, { endpoints: { service: "web", count: 4, ready: 3 } })).toEqual({ ok: true });
    expect(check(c, { endpoints: { service: "web", ready: 4 } })).toEqual(
      fails(
        "서비스 web의 준비된 엔드포인트는 4개여야 하는데 3개다",
        "Service web should have 4 ready endpoint(s) but has 3",
      ),
    );
  });

  it("fail on different ports, listing both sets", () => {
    const c = lab();
    expect(check(c, { endpoints: { service: "web", ports: [80] } })).toEqual(
      fails(
        "서비스 web의 엔드포인트 포트가 다르다 — 기대: 80, 실제: 8080",
        "Service web's endpoint ports differ: expected 80, got 8080",
      ),
    );
  });

  it("fail with no expectations when the Service has no ready endpoint", () => {
    const c = lab();
    expect(check(c, { endpoints: { service: "empty" } })).toEqual(
      fails(
        "서비스 empty에 준비된 엔드포인트가 있어야 하는데 하나도 없다",
        "Service empty should have a ready endpoint but has none",
      ),
    );
  });

  it("fail for a Service that does not exist, in the namespace asked", () => {
    const c = lab();
    expect(check(c, { endpoints: { service: "web", namespace: "kube-system" } })).toEqual(
      fails(
        "kube-system 네임스페이스에 서비스 web의 오브젝트가 없다",
        "Service web does not exist in namespace kube-system",
      ),
    );
  });

  it("use the namespace the caller gives when the assertion has none", () => {
    const c = lab();
    expect(
      checkAssertion(c, { endpoints: { service: "kube-dns", count: 2, ready: 2, ports: [53, 9153] } }, "kube-system"),
    ).toEqual({
      ok: true,
    });
  });
});

describe("request", () => {
  it("pass for a successful request from a pod by Service name", () => {
    const c = lab();
    expect(check(c, { request: { from: "pod/client", url: "http://web/hostname" } })).toEqual({ ok: true });
    expect(
      check(c, { request: { from: "pod/client", url: "http://web/echo?msg=hi", status: 200, bodyContains: "hi" } }),
    ).toEqual({
      ok: true,
    });
    expect(
      check(c, {
        request: { from: "pod/client", url: "http://web/hostname", bodyMatches: "^web-[a-z0-9]+-[a-z0-9]{5}$" },
      }),
    ).toEqual({
      ok: true,
    });
  });

  it("send from a ready pod of a deployment, from a node, and from the workstation", () => {
    const c = lab();
    const ip = clusterIP(c, "web");
    expect(check(c, { request: { from: "deploy/web", url: "http://web/hostname" } })).toEqual({ ok: true });
    expect(check(c, { request: { from: "node/kind-worker", url: `http://${ip}/hostname` } })).toEqual({ ok: true });
    expect(
      check(c, {
        request: { from: "workstation", url: "http://172.18.0.3:30080/", bodyContains: "Welcome to nginx!" },
      }),
    ).toEqual({
      ok: true,
    });
  });

  it("reach at least three backends over twenty requests by default", () => {
    const c = lab();
    expect(check(c, { request: { from: "pod/client", url: "http://web/hostname", backends: { atLeast: 3 } } })).toEqual(
      { ok: true },
    );
  });

  it("fail same-backend when kube-proxy spreads the requests, naming the pods", () => {
    const c = lab();
    const pods = webPods(c).join(", ");
    expect(check(c, { request: { from: "pod/client", url: "http://web/hostname", backends: { same: true } } })).toEqual(
      fails(
        `pod/client에서 http://web/hostname에 보낸 요청 20번의 응답이 모두 한 백엔드에서 와야 하는데 3곳(${pods})에서 왔다`,
        `all 20 answers to the request from pod/client to http://web/hostname should come from one backend but came from 3 (${pods})`,
      ),
    );
  });

  it("pass same-backend with ClientIP session affinity", () => {
    const c = lab();
    const svc = mustGet<StoredService>(c, "services", "web");
    mustOk(c.update({ ...svc, spec: { ...svc.spec, sessionAffinity: "ClientIP" } }));
    c.advance(1);
    expect(
      check(c, { request: { from: "pod/client", url: "http://web/hostname", count: 10, backends: { same: true } } }),
    ).toEqual({
      ok: true,
    });
  });

  it("fail at-least when one request can reach only one backend", () => {
    const c = lab();
    const [first] = webPods(c);
    const ip = mustGet<StoredPod>(c, "pods", first!).status!.podIP!;
    expect(
      check(c, {
        request: { from: "pod/client", url: `http://${ip}:8080/hostname`, count: 5, backends: { atLeast: 2 } },
      }),
    ).toEqual(
      fails(
        `pod/client에서 http://${ip}:8080/hostname에 보낸 요청 5번에 응답한 백엔드는 적어도 2곳이어야 하는데 1곳(${first})이다`,
        `the request from pod/client to http://${ip}:8080/hostname should reach at least 2 backend(s) in 5 tries but reached 1 (${first})`,
      ),
    );
  });

  it("fail on a different status code", () => {
    const c = lab();
    expect(check(c, { request: { from: "pod/client", url: "http://nginx/nope", status: 200 } })).toEqual(
      fails(
        "pod/client에서 http://nginx/nope에 보낸 요청의 응답 상태 코드는 200이어야 하는데 404다",
        "the request from pod/client to http://nginx/nope should get status 200 but got 404",
      ),
    );
    expect(check(c, { request: { from: "pod/client", url: "http://nginx/nope", status: 404 } })).toEqual({ ok: true });
  });

  it("fail without expectations on an error status", () => {
    const c = lab();
    expect(check(c, { request: { from: "pod/client", url: "http://nginx/nope" } })).toEqual(
      fails(
        "pod/client에서 http://nginx/nope에 보낸 요청은 성공해야 하는데 응답 상태 코드가 404다",
        "the request from pod/client to http://nginx/nope should succeed but got status 404",
      ),
    );
  });

  it("fail on a body without the text or not matching the pattern, quoting the body", () => {
    const c = lab();
    expect(
      check(c, { request: { from: "pod/client", url: "http://web/echo?msg=hello", bodyContains: "bye" } }),
    ).toEqual(
      fails(
        'pod/client에서 http://web/echo?msg=hello에 보낸 요청의 응답 본문에 "bye" 문자열이 있어야 하는데 없다. 본문: hello',
        'the request from pod/client to http://web/echo?msg=hello should have "bye" in its body; body: hello',
      ),
    );
    expect(check(c, { request: { from: "pod/client", url: "http://web/echo?msg=hello", bodyMatches: "^b" } })).toEqual(
      fails(
        "pod/client에서 http://web/echo?msg=hello에 보낸 요청의 응답 본문이 정규식 /^b/에 맞아야 하는데 맞지 않는다. 본문: hello",
        "the request from pod/client to http://web/echo?msg=hello should have a body matching /^b/; body: hello",
      ),
    );
  });

  it("pass an expected refusal with its reason, and fail an unexpected one", () => {
    const c = lab();
    expect(
      check(c, { request: { from: "pod/client", url: "http://empty/", outcome: "refused", reason: "no-endpoints" } }),
    ).toEqual({
      ok: true,
    });
    expect(check(c, { request: { from: "pod/client", url: "http://empty/" } })).toEqual(
      fails(
        "pod/client에서 http://empty/에 보낸 요청은 HTTP 응답을 받아야 하는데 연결 거부(refused, no-endpoints)다",
        "the request from pod/client to http://empty/ should get an HTTP response but got refused (no-endpoints)",
      ),
    );
  });

  it("fail on a different outcome or reason, and number the request that failed", () => {
    const c = lab();
    expect(check(c, { request: { from: "pod/client", url: "http://web/", count: 3, outcome: "refused" } })).toEqual(
      fails(
        "pod/client에서 http://web/에 보낸 요청 (3번 중 1번째)의 결과가 다르다 — 기대: 연결 거부(refused), 실제: HTTP 200 응답",
        "the request from pod/client to http://web/ (1 of 3) should end refused but got an HTTP 200 response",
      ),
    );
    expect(check(c, { request: { from: "pod/client", url: "http://empty/", reason: "policy-denied" } })).toEqual(
      fails(
        "pod/client에서 http://empty/에 보낸 요청이 끝난 이유가 다르다 — 기대: policy-denied, 실제: no-endpoints (연결 거부(refused, no-endpoints))",
        "the request from pod/client to http://empty/ should end with reason policy-denied but the reason is no-endpoints (refused (no-endpoints))",
      ),
    );
  });

  it("spend the virtual time the requests take, and nothing else", () => {
    const c = lab();
    const ip = clusterIP(c, "web");
    const before = dumpAll(c);
    const t0 = c.nowMs;
    expect(
      check(c, {
        request: {
          from: "workstation",
          url: `http://${ip}/`,
          count: 2,
          outcome: "timeout",
          reason: "cluster-ip-from-outside",
        },
      }),
    ).toEqual({ ok: true });
    expect(c.nowMs - t0).toBe(260_000);
    expect(JSON.parse(dumpAll(c)).services).toEqual(JSON.parse(before).services);
  });

  it("fail for an unresolvable name", () => {
    const c = lab();
    expect(check(c, { request: { from: "workstation", url: "http://web/" } })).toEqual(
      fails(
        "workstation에서 http://web/에 보낸 요청은 HTTP 응답을 받아야 하는데 이름 해석 실패(unresolved)다",
        "the request from workstation to http://web/ should get an HTTP response but got unresolved",
      ),
    );
    expect(check(c, { request: { from: "workstation", url: "http://web/", outcome: "unresolved" } })).toEqual({
      ok: true,
    });
  });

  it("explain a source it cannot use", () => {
    const c = lab();
    expect(check(c, { request: { from: "pod/ghost", url: "http://web/" } })).toEqual(
      fails("default 네임스페이스에 파드 ghost의 오브젝트가 없다", "pod ghost does not exist in namespace default"),
    );
    expect(check(c, { request: { from: "node/kind-worker9", url: "http://web/" } })).toEqual(
      fails("노드 kind-worker9의 오브젝트가 없다", "node kind-worker9 does not exist"),
    );
    expect(check(c, { request: { from: "laptop", url: "http://web/" } })).toEqual(
      fails(
        "출발지 laptop의 형식이 잘못되었다 — workstation, node/이름, pod/이름, deploy/이름 중 하나여야 한다",
        "bad source laptop: expected workstation, node/NAME, pod/NAME or deploy/NAME",
      ),
    );
    expect(check(c, { request: { from: "svc/web", url: "http://web/" } })).toEqual(
      fails(
        "출발지 svc/web에서는 요청을 보낼 수 없다 — 파드, 노드, 워크로드(deploy, rs, ds)만 된다",
        "cannot send from svc/web: only pods, nodes and workloads (deploy, rs, ds) can",
      ),
    );
    expect(check(c, { request: { from: "deploy/api", url: "http://web/" } })).toEqual(
      fails(
        "default 네임스페이스에 Deployment api의 오브젝트가 없다",
        "Deployment api does not exist in namespace default",
      ),
    );
  });

  it("fail for a deployment with no ready pod", () => {
    const c = lab();
    mustOk(c.create(deployment("broken", 1, "nginx:does-not-exist")));
    c.advance(30);
    expect(check(c, { request: { from: "deploy/broken", url: "http://web/" } })).toEqual(
      fails("deploy/broken에 준비된 파드가 하나도 없다", "deploy/broken has no ready pod to send from"),
    );
  });

  it("reject a bad count, a bad pattern and a bad URL", () => {
    const c = lab();
    expect(check(c, { request: { from: "pod/client", url: "http://web/", count: 0 } })).toEqual(
      fails(
        "요청 횟수(count)는 1부터 1000까지의 정수여야 하는데 0이다",
        "count must be an integer from 1 to 1000, not 0",
      ),
    );
    expect(check(c, { request: { from: "pod/client", url: "http://web/", bodyMatches: "(" } })).toEqual(
      fails("bodyMatches의 정규식이 잘못되었다 — (", "bodyMatches is not a valid regular expression: ("),
    );
    expect(check(c, { request: { from: "pod/client", url: "ftp://web/" } })).toEqual(
      fails(
        "pod/client에서 ftp://web/에 보낸 요청을 보낼 수 없다 — not an http URL: ftp://web/",
        "cannot send the request from pod/client to ftp://web/: not an http URL: ftp://web/",
      ),
    );
  });
});

describe("dns", () => {
  it("pass for a Service name through the pod's search list, and for its answers", () => {
    const c = lab();
    const ip = clusterIP(c, "web");
    expect(check(c, { dns: { from: "pod/client", name: "web" } })).toEqual({ ok: true });
    expect(check(c, { dns: { from: "pod/client", name: "web", answers: [ip], count: 1, rcode: "NOERROR" } })).toEqual({
      ok: true,
    });
    expect(
      check(c, { dns: { from: "deploy/web", name: "web.default.svc.cluster.local.", answers: ["{{cluster-ip}}"] } }),
    ).toEqual({
      ok: true,
    });
  });

  it("compare SRV answers with or without the final dot", () => {
    const c = lab();
    expect(
      check(c, {
        dns: {
          from: "pod/client",
          name: "_http._tcp.web.default.svc.cluster.local",
          type: "SRV",
          answers: ["0 100 80 web.default.svc.cluster.local"],
        },
      }),
    ).toEqual({ ok: true });
  });

  it("pass an expected NXDOMAIN and fail a missing name without expectations", () => {
    const c = lab();
    expect(check(c, { dns: { from: "pod/client", name: "nope", rcode: "NXDOMAIN" } })).toEqual({ ok: true });
    expect(check(c, { dns: { from: "pod/client", name: "nope" } })).toEqual(
      fails(
        "pod/client에서 물은 nope의 A 레코드가 있어야 하는데 없다 (응답 코드 NXDOMAIN)",
        "the A records of nope asked from pod/client should exist but there are none (rcode NXDOMAIN)",
      ),
    );
  });

  it("fail on a different rcode, count or answer", () => {
    const c = lab();
    const ip = clusterIP(c, "web");
    expect(check(c, { dns: { from: "pod/client", name: "web", rcode: "NXDOMAIN" } })).toEqual(
      fails(
        "pod/client에서 물은 web의 A 레코드의 응답 코드가 다르다 — 기대: NXDOMAIN, 실제: NOERROR (질의한 이름: web.default.svc.cluster.local)",
        "the A records of web asked from pod/client should get NXDOMAIN but got NOERROR (name asked: web.default.svc.cluster.local)",
      ),
    );
    expect(check(c, { dns: { from: "pod/client", name: "web", count: 3 } })).toEqual(
      fails(
        `pod/client에서 물은 web의 A 레코드는 3개여야 하는데 1개다: ${ip}`,
        `the A records of web asked from pod/client should be 3 but are 1: ${ip}`,
      ),
    );
    expect(check(c, { dns: { from: "pod/client", name: "web", answers: ["10.96.0.1"] } })).toEqual(
      fails(
        `pod/client에서 물은 web의 A 레코드가 다르다 — 기대: 10.96.0.1, 실제: ${ip}`,
        `the A records of web asked from pod/client differ: expected 10.96.0.1, got ${ip}`,
      ),
    );
  });

  it("answer a headless Service with every ready pod's address", () => {
    const c = lab();
    mustOk(c.create(service("web-headless", { clusterIP: "None", selector: { app: "web" }, ports: [{ port: 8080 }] })));
    c.advance(1);
    const ips = podsIn(c)
      .filter((p) => p.metadata.labels?.app === "web")
      .map((p) => p.status!.podIP!);
    expect(
      check(c, { dns: { from: "pod/client", name: "web-headless", count: 3, answers: [...ips].reverse() } }),
    ).toEqual({
      ok: true,
    });
    expect(
      check(c, {
        dns: { from: "pod/client", name: "web-headless", answers: ["{{pod-ip}}", "{{pod-ip}}", "{{pod-ip}}"] },
      }),
    ).toEqual({ ok: true });
  });
});

describe("object", () => {
  it("pass for existing objects and fields by dotted path with indexes", () => {
    const c = lab();
    expect(
      check(c, {
        object: {
          kind: "Service",
          name: "nginx",
          fields: {
            "spec.type": "NodePort",
            "spec.ports[0].nodePort": 30080,
            "spec.ports[0].targetPort": "80",
            "spec.clusterIP": "{{cluster-ip}}",
            "spec.selector": { app: "nginx" },
            "spec.externalName": null,
          },
        },
      }),
    ).toEqual({ ok: true });
    expect(check(c, { object: { kind: "node", name: "kind-worker", namespace: "ignored" } })).toEqual({ ok: true });
    expect(
      check(c, { object: { kind: "deploy", name: "web", fields: { 'spec.template.metadata.labels["app"]': "web" } } }),
    ).toEqual({
      ok: true,
    });
  });

  it("fail on a different field with both values", () => {
    const c = lab();
    expect(
      check(c, { object: { kind: "svc", name: "web", fields: { "spec.ports[0].port": 80, "spec.type": "NodePort" } } }),
    ).toEqual(
      fails(
        "default 네임스페이스의 Service web의 spec.type 값이 다르다 — 기대: NodePort, 실제: ClusterIP",
        "Service web in namespace default: spec.type should be NodePort but is ClusterIP",
      ),
    );
    expect(check(c, { object: { kind: "svc", name: "web", fields: { "spec.ports[3].port": 80 } } })).toEqual(
      fails(
        "default 네임스페이스의 Service web의 spec.ports[3].port 값이 다르다 — 기대: 80, 실제: (없음)",
        "Service web in namespace default: spec.ports[3].port should be 80 but is (absent)",
      ),
    );
  });

  it("check absence and presence", () => {
    const c = lab();
    expect(check(c, { object: { kind: "pod", name: "ghost", exists: false } })).toEqual({ ok: true });
    expect(check(c, { object: { kind: "pod", name: "client", exists: false } })).toEqual(
      fails(
        "default 네임스페이스의 Pod client 오브젝트가 없어야 하는데 있다",
        "Pod client in namespace default should not exist but does",
      ),
    );
    expect(check(c, { object: { kind: "pod", name: "ghost" } })).toEqual(
      fails(
        "default 네임스페이스의 Pod ghost 오브젝트가 있어야 하는데 없다",
        "Pod ghost in namespace default should exist but does not",
      ),
    );
  });

  it("reject an unknown kind and a malformed path", () => {
    const c = lab();
    expect(check(c, { object: { kind: "Ingress", name: "web" } })).toEqual(
      fails("알 수 없는 종류다 — Ingress", "unknown kind Ingress"),
    );
    expect(check(c, { object: { kind: "svc", name: "web", fields: { "spec..type": "x" } } })).toEqual(
      fails("필드 경로가 잘못되었다 — spec..type", "bad field path spec..type"),
    );
  });
});

describe("event", () => {
  it("pass when the object has an event with the reason, type and message", () => {
    const c = lab();
    expect(
      check(c, {
        event: { object: "deploy/web", reason: "ScalingReplicaSet", type: "Normal", messageContains: "to 3" },
      }),
    ).toEqual({
      ok: true,
    });
    expect(check(c, { event: { object: "pod/client", reason: "Started" } })).toEqual({ ok: true });
  });

  it("fail listing the events the object has", () => {
    const c = lab();
    expect(check(c, { event: { object: "pod/client", reason: "Failed", type: "Warning" } })).toEqual(
      fails(
        "default 네임스페이스에서 pod/client의 이벤트 중 조건(reason Failed, type Warning)에 맞는 것이 있어야 하는데 없다. 있는 이벤트: Normal Scheduled, Normal Pulling, Normal Pulled, Normal Created, Normal Started",
        "pod/client in namespace default should have an event with reason Failed, type Warning but has none; its events: Normal Scheduled, Normal Pulling, Normal Pulled, Normal Created, Normal Started",
      ),
    );
  });

  it("see a pulling failure as a warning event", () => {
    const c = lab();
    mustOk(c.create(pod("bad", { image: "nginx:does-not-exist" })));
    c.advance(30);
    expect(check(c, { event: { object: "po/bad", reason: "Failed", type: "Warning" } })).toEqual({ ok: true });
  });

  it("reject an object that is not kind/name", () => {
    const c = lab();
    expect(check(c, { event: { object: "web", reason: "Started" } })).toEqual(
      fails(
        "이벤트의 대상 web의 형식이 잘못되었다 — 종류/이름이어야 한다 (예: pod/web)",
        "bad event object web: expected kind/name, e.g. pod/web",
      ),
    );
  });
});

describe("any assertion", () => {
  it("reject an unknown key", () => {
    const c = lab();
    expect(check(c, { ingress: {} } as unknown as Assertion)).toEqual(
      fails(
        "알 수 없는 검사 항목이다 — 키: ingress. endpoints, request, dns, object, event 중 하나여야 한다",
        "unknown assertion (keys: ingress); expected one of endpoints, request, dns, object, event",
      ),
    );
  });

  it("leave objects and the clock alone when nothing is sent", () => {
    const c = lab();
    const before = dumpAll(c);
    const t0 = c.nowMs;
    check(c, { endpoints: { service: "web", count: 3 } });
    check(c, { object: { kind: "svc", name: "web", fields: { "spec.type": "ClusterIP" } } });
    check(c, { event: { object: "pod/client", reason: "Started" } });
    expect(c.nowMs).toBe(t0);
    expect(dumpAll(c)).toBe(before);
  });
});

describe("helpers", () => {
  it("parse dotted paths with indexes and quoted keys", () => {
    expect(parsePath("spec.ports[0].nodePort")).toEqual(["spec", "ports", 0, "nodePort"]);
    expect(parsePath('metadata.labels["app.kubernetes.io/name"]')).toEqual([
      "metadata",
      "labels",
      "app.kubernetes.io/name",
    ]);
    expect(parsePath("a..b")).toBeUndefined();
    expect(parsePath("")).toBeUndefined();
  });

  it("compare values loosely where YAML and the API disagree on numbers", () => {
    expect(satisfies(80, "80")).toBe(true);
    expect(satisfies("80", 80)).toBe(true);
    expect(satisfies({ a: 1 }, { a: 1, b: 2 })).toBe(true);
    expect(satisfies([1], [1, 2])).toBe(false);
    expect(satisfies(null, undefined)).toBe(true);
    expect(satisfies("{{node-port}}", 30080)).toBe(true);
  });

  it("choose Korean particles by the last syllable or number", () => {
    expect([josa("200", "이어야/여야"), josa("404", "이다/다"), josa("503", "이다/다"), josa("10", "이다/다")]).toEqual(
      ["200이어야", "404다", "503이다", "10이다"],
    );
    expect([josa("서비스", "이/가"), josa("파드", "은/는"), josa("연결 거부(refused)", "이다/다")]).toEqual([
      "서비스가",
      "파드는",
      "연결 거부(refused)다",
    ]);
    expect(hasBatchim("엔드포인트")).toBe(false);
    expect(hasBatchim("3곳")).toBe(true);
  });
});
