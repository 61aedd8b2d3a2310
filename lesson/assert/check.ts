/**
 * Lesson assertions (`Assertion` in model.ts) checked against a running simulated cluster.
 * Reading objects changes nothing; requests and DNS queries go through `cluster.network`
 * and only spend virtual time, as they would on a real cluster.
 *
 * Messages are plain Korean declaratives (평어체) with an English twin. Arbitrary text
 * (names, values, reasons) goes into "기대: …, 실제: …" or before invariant particles
 * (의, 에, 에서), so the message never needs a particle chosen by its sound.
 */
import type { Cluster, ResourceInfo, StoredObject } from "#engine";
import { resources } from "#engine";
import { matchOutput } from "../match/index.ts";
import type { Assertion } from "../model.ts";
import { josa } from "./korean.ts";

export type Message = { readonly ko: string; readonly en: string };
export type CheckResult = { readonly ok: true } | { readonly ok: false; readonly message: Message };

const pass: CheckResult = { ok: true };
const failWith = (ko: string, en: string): CheckResult => ({ ok: false, message: { ko, en } });

/** Requests one assertion may send (each spends virtual time). */
const requestCountMax = 1000;
/** Requests sent to tell backends apart when the assertion does not say how many. */
const backendsCountDefault = 20;

// ---- what the engine hands back, described by shape (the engine exports the classes, not these) ----

type Source = Parameters<Cluster["network"]["fetch"]>[0];
type FetchResult = ReturnType<Cluster["network"]["fetch"]>;
type Trace = NonNullable<FetchResult["trace"]>;
type DnsExchange = Extract<ReturnType<Cluster["network"]["query"]>, { ok: true }>["value"];
type DnsType = NonNullable<Parameters<Cluster["network"]["query"]>[2]>;

interface SliceLike {
  readonly endpoints?: readonly {
    readonly addresses?: readonly string[];
    readonly conditions?: { readonly ready?: boolean | null };
    readonly targetRef?: { readonly name?: string };
  }[];
  readonly ports?: readonly { readonly port?: number | null }[] | null;
}

interface PodLike {
  readonly metadata: StoredObject["metadata"];
  readonly status?: { readonly podIP?: string; readonly conditions?: readonly { type: string; status: string }[] };
}

interface EventLike {
  readonly involvedObject?: { readonly kind?: string; readonly name?: string };
  readonly reason?: string;
  readonly type?: string;
  readonly message?: string;
}

// ---- entry point ----------------------------------------------------------------------

/**
 * Check one assertion; `namespace` is the lesson's current namespace (an assertion's own
 * `namespace` wins). Malformed assertions fail with a message saying what is wrong.
 */
export function checkAssertion(cluster: Cluster, assertion: Assertion, namespace = "default"): CheckResult {
  if (assertion === null || typeof assertion !== "object")
    return failWith("검사 항목이 객체가 아니다", "an assertion must be an object");
  if ("endpoints" in assertion) return checkEndpoints(cluster, assertion.endpoints, namespace);
  if ("request" in assertion) return checkRequest(cluster, assertion.request, namespace);
  if ("dns" in assertion) return checkDns(cluster, assertion.dns, namespace);
  if ("object" in assertion) return checkObject(cluster, assertion.object, namespace);
  if ("event" in assertion) return checkEvent(cluster, assertion.event, namespace);
  const keys = Object.keys(assertion as object).join(", ") || "(없음)";
  return failWith(
    `알 수 없는 검사 항목이다 — 키: ${keys}. endpoints, request, dns, object, event 중 하나여야 한다`,
    `unknown assertion (keys: ${keys}); expected one of endpoints, request, dns, object, event`,
  );
}

// ---- endpoints --------------------------------------------------------------------------

type EndpointsAssertion = Extract<Assertion, { endpoints: unknown }>["endpoints"];

function checkEndpoints(cluster: Cluster, a: EndpointsAssertion, ns: string): CheckResult {
  const namespace = a.namespace ?? ns;
  const svc = cluster.get("services", a.service, { namespace });
  if (!svc.ok)
    return failWith(
      `${namespace} 네임스페이스에 서비스 ${a.service}의 오브젝트가 없다`,
      `Service ${a.service} does not exist in namespace ${namespace}`,
    );
  const slices = cluster
    .list("endpointslices", { namespace })
    .filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === a.service) as (StoredObject & SliceLike)[];
  // One endpoint per address (a pod in two slices, e.g. during a rollout, counts once).
  const byAddress = new Map<string, boolean>();
  const ports = new Set<number>();
  for (const s of slices) {
    for (const e of s.endpoints ?? []) {
      const key = e.addresses?.[0] ?? e.targetRef?.name ?? "";
      // A nil ready condition means "unknown", which consumers treat as ready.
      const ready = e.conditions?.ready !== false;
      byAddress.set(key, (byAddress.get(key) ?? false) || ready);
    }
    for (const p of s.ports ?? []) if (typeof p.port === "number") ports.add(p.port);
  }
  const total = byAddress.size;
  const ready = [...byAddress.values()].filter(Boolean).length;
  if (a.count !== undefined && total !== a.count)
    return failWith(
      `서비스 ${a.service}의 엔드포인트는 ${a.count}개여야 하는데 ${total}개다`,
      `Service ${a.service} should have ${a.count} endpoint(s) but has ${total}`,
    );
  if (a.ready !== undefined && ready !== a.ready)
    return failWith(
      `서비스 ${a.service}의 준비된 엔드포인트는 ${a.ready}개여야 하는데 ${ready}개다`,
      `Service ${a.service} should have ${a.ready} ready endpoint(s) but has ${ready}`,
    );
  if (a.ports !== undefined) {
    const want = [...new Set(a.ports)].sort((x, y) => x - y);
    const got = [...ports].sort((x, y) => x - y);
    if (want.join(",") !== got.join(","))
      return failWith(
        `서비스 ${a.service}의 엔드포인트 포트가 다르다 — 기대: ${list(want)}, 실제: ${list(got)}`,
        `Service ${a.service}'s endpoint ports differ: expected ${listEn(want)}, got ${listEn(got)}`,
      );
  }
  if (a.count === undefined && a.ready === undefined && a.ports === undefined && ready === 0)
    return failWith(
      `서비스 ${a.service}에 준비된 엔드포인트가 있어야 하는데 하나도 없다`,
      `Service ${a.service} should have a ready endpoint but has none`,
    );
  return pass;
}

// ---- sources ----------------------------------------------------------------------------

const aliases = new Map<string, ResourceInfo>();
for (const r of resources)
  for (const word of [r.resource, r.singular, r.kind.toLowerCase(), ...r.shortNames])
    if (!aliases.has(word)) aliases.set(word, r);

/** `svc`, `services`, `Service` → the Service resource. */
export function resourceOf(word: string): ResourceInfo | undefined {
  return aliases.get(word.toLowerCase());
}

function isReadyPod(p: PodLike): boolean {
  return (
    !p.metadata.deletionTimestamp &&
    !!p.status?.podIP &&
    (p.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True")
  );
}

type Resolved = { readonly ok: true; readonly source: Source } | { readonly ok: false; readonly message: Message };

/** `workstation`, `node/NAME`, `pod/NAME`, or a workload (`deploy/NAME`, `ds/NAME`, `rs/NAME`) → one of its ready pods. */
export function resolveSource(cluster: Cluster, ref: string, namespace: string): Resolved {
  const bad = (ko: string, en: string): Resolved => ({ ok: false, message: { ko, en } });
  if (ref === "workstation") return { ok: true, source: { kind: "workstation" } };
  const slash = typeof ref === "string" ? ref.indexOf("/") : -1;
  const r = slash > 0 ? resourceOf(ref.slice(0, slash)) : undefined;
  const name = slash > 0 ? ref.slice(slash + 1) : "";
  if (!r || name === "")
    return bad(
      `출발지 ${String(ref)}의 형식이 잘못되었다 — workstation, node/이름, pod/이름, deploy/이름 중 하나여야 한다`,
      `bad source ${String(ref)}: expected workstation, node/NAME, pod/NAME or deploy/NAME`,
    );
  if (r.kind === "Node") {
    if (!cluster.get("nodes", name).ok) return bad(`노드 ${name}의 오브젝트가 없다`, `node ${name} does not exist`);
    return { ok: true, source: { kind: "node", node: name } };
  }
  if (r.kind === "Pod") {
    if (!cluster.get("pods", name, { namespace }).ok)
      return bad(
        `${namespace} 네임스페이스에 파드 ${name}의 오브젝트가 없다`,
        `pod ${name} does not exist in namespace ${namespace}`,
      );
    return { ok: true, source: { kind: "pod", namespace, pod: name } };
  }
  if (!["Deployment", "ReplicaSet", "DaemonSet"].includes(r.kind))
    return bad(
      `출발지 ${ref}에서는 요청을 보낼 수 없다 — 파드, 노드, 워크로드(deploy, rs, ds)만 된다`,
      `cannot send from ${ref}: only pods, nodes and workloads (deploy, rs, ds) can`,
    );
  if (!cluster.get(r.resource, name, { namespace }).ok)
    return bad(
      `${namespace} 네임스페이스에 ${r.kind} ${name}의 오브젝트가 없다`,
      `${r.kind} ${name} does not exist in namespace ${namespace}`,
    );
  const pods = (cluster.list("pods", { namespace }) as (StoredObject & PodLike)[])
    .filter((p) => cluster.ownerChain(p).some((o) => o.kind === r.kind && o.metadata.name === name))
    .filter(isReadyPod)
    .sort((x, y) => (x.metadata.name < y.metadata.name ? -1 : x.metadata.name > y.metadata.name ? 1 : 0));
  const first = pods[0];
  if (!first) return bad(`${ref}에 준비된 파드가 하나도 없다`, `${ref} has no ready pod to send from`);
  return { ok: true, source: { kind: "pod", namespace, pod: first.metadata.name } };
}

// ---- request ----------------------------------------------------------------------------

type RequestAssertion = Extract<Assertion, { request: unknown }>["request"];
type Outcome = NonNullable<RequestAssertion["outcome"]>;

const outcomeKo: Record<Outcome | "empty-reply", string> = {
  connected: "연결됨",
  refused: "연결 거부",
  timeout: "시간 초과",
  unreachable: "도달 불가",
  unresolved: "이름 해석 실패",
  "empty-reply": "빈 응답",
};

/** An outcome in Korean with its English term and reason: `연결 거부(refused, no-endpoints)`. */
const outcomeText = (o: Outcome | "empty-reply", reason?: string) =>
  `${outcomeKo[o]}(${o}${reason ? `, ${reason}` : ""})`;

/** How one request ended, for messages. */
function describeResult(r: FetchResult): Message {
  if (r.ok) return { ko: `HTTP ${r.response.status} 응답`, en: `an HTTP ${r.response.status} response` };
  if (r.failure === "bad-url" || r.failure === "no-source") return { ko: r.message, en: r.message };
  const reason = r.trace?.reason;
  return { ko: outcomeText(r.failure, reason), en: `${r.failure}${reason ? ` (${reason})` : ""}` };
}

function outcomeOf(r: FetchResult): Outcome | undefined {
  if (r.ok || r.failure === "empty-reply") return "connected";
  if (r.failure === "bad-url" || r.failure === "no-source") return undefined;
  return r.failure;
}

/** Which backend answered: the endpoint kube-proxy chose, else the pod or address it reached, else the body. */
export function backendOf(r: FetchResult): string | undefined {
  const steps: Trace["steps"] = r.trace?.steps ?? [];
  const endpoint = steps.find((s) => s.step === "endpoint");
  const deliver = steps.find((s) => s.step === "deliver");
  if (endpoint?.pod) return endpoint.pod.name;
  if (deliver?.pod) return deliver.pod.name;
  if (endpoint) return `${endpoint.ip}:${endpoint.port}`;
  if (deliver) return deliver.external ?? `${deliver.ip}:${deliver.port}`;
  return r.ok ? r.response.body.trim() : undefined;
}

function checkRequest(cluster: Cluster, a: RequestAssertion, ns: string): CheckResult {
  const count = a.count ?? (a.backends ? backendsCountDefault : 1);
  if (!Number.isInteger(count) || count < 1 || count > requestCountMax)
    return failWith(
      `요청 횟수(count)는 1부터 ${requestCountMax}까지의 정수여야 하는데 ${josa(String(a.count), "이다/다")}`,
      `count must be an integer from 1 to ${requestCountMax}, not ${String(a.count)}`,
    );
  let pattern: RegExp | undefined;
  if (a.bodyMatches !== undefined) {
    try {
      pattern = new RegExp(a.bodyMatches);
    } catch {
      return failWith(
        `bodyMatches의 정규식이 잘못되었다 — ${a.bodyMatches}`,
        `bodyMatches is not a valid regular expression: ${a.bodyMatches}`,
      );
    }
  }
  const src = resolveSource(cluster, a.from, ns);
  if (!src.ok) return { ok: false, message: src.message };
  // Without an outcome or a reason, the request must get a successful HTTP answer.
  const wantAnswer = a.outcome === undefined && a.reason === undefined;
  const what: Message = { ko: `${a.from}에서 ${a.url}에 보낸 요청`, en: `the request from ${a.from} to ${a.url}` };
  const nth = (i: number): Message =>
    count === 1 ? { ko: "", en: "" } : { ko: ` (${count}번 중 ${i + 1}번째)`, en: ` (${i + 1} of ${count})` };
  const backends: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = cluster.network.fetch(src.source, a.url);
    const got = describeResult(r);
    const at = nth(i);
    if (!r.ok && (r.failure === "bad-url" || r.failure === "no-source"))
      return failWith(`${what.ko}을 보낼 수 없다 — ${r.message}`, `cannot send ${what.en}: ${r.message}`);
    const outcome = outcomeOf(r);
    if (a.outcome !== undefined && outcome !== a.outcome)
      return failWith(
        `${what.ko}${at.ko}의 결과가 다르다 — 기대: ${outcomeText(a.outcome)}, 실제: ${got.ko}`,
        `${what.en}${at.en} should end ${a.outcome} but got ${got.en}`,
      );
    if (a.reason !== undefined && r.trace?.reason !== a.reason)
      return failWith(
        `${what.ko}${at.ko}이 끝난 이유가 다르다 — 기대: ${a.reason}, 실제: ${r.trace?.reason ?? "(없음)"} (${got.ko})`,
        `${what.en}${at.en} should end with reason ${a.reason} but the reason is ${r.trace?.reason ?? "(none)"} (${got.en})`,
      );
    const needsAnswer = wantAnswer || a.status !== undefined || a.bodyContains !== undefined || pattern !== undefined;
    if (needsAnswer && !r.ok)
      return failWith(
        `${what.ko}${at.ko}은 HTTP 응답을 받아야 하는데 ${josa(got.ko, "이다/다")}`,
        `${what.en}${at.en} should get an HTTP response but got ${got.en}`,
      );
    if (r.ok) {
      const status = r.response.status;
      if (a.status !== undefined && status !== a.status)
        return failWith(
          `${what.ko}${at.ko}의 응답 상태 코드는 ${josa(String(a.status), "이어야/여야")} 하는데 ${josa(String(status), "이다/다")}`,
          `${what.en}${at.en} should get status ${a.status} but got ${status}`,
        );
      if (a.status === undefined && wantAnswer && status >= 400)
        return failWith(
          `${what.ko}${at.ko}은 성공해야 하는데 응답 상태 코드가 ${josa(String(status), "이다/다")}`,
          `${what.en}${at.en} should succeed but got status ${status}`,
        );
      const body = r.response.body;
      if (a.bodyContains !== undefined && !body.includes(a.bodyContains))
        return failWith(
          `${what.ko}${at.ko}의 응답 본문에 "${a.bodyContains}" 문자열이 있어야 하는데 없다. 본문: ${excerpt(body)}`,
          `${what.en}${at.en} should have "${a.bodyContains}" in its body; body: ${excerpt(body)}`,
        );
      if (pattern && !pattern.test(body))
        return failWith(
          `${what.ko}${at.ko}의 응답 본문이 정규식 /${a.bodyMatches}/에 맞아야 하는데 맞지 않는다. 본문: ${excerpt(body)}`,
          `${what.en}${at.en} should have a body matching /${a.bodyMatches}/; body: ${excerpt(body)}`,
        );
    }
    const backend = backendOf(r);
    if (backend !== undefined) backends.push(backend);
  }
  if (a.backends) {
    const distinct = [...new Set(backends)].sort();
    if (a.backends.same && distinct.length !== 1)
      return failWith(
        `${what.ko} ${count}번의 응답이 모두 한 백엔드에서 와야 하는데 ${distinct.length}곳(${distinct.join(", ")})에서 왔다`,
        `all ${count} answers to ${what.en} should come from one backend but came from ${distinct.length} (${distinct.join(", ")})`,
      );
    const atLeast = a.backends.atLeast;
    if (atLeast !== undefined && distinct.length < atLeast)
      return failWith(
        `${what.ko} ${count}번에 응답한 백엔드는 적어도 ${atLeast}곳이어야 하는데 ${distinct.length}곳(${distinct.join(", ") || "없음"})이다`,
        `${what.en} should reach at least ${atLeast} backend(s) in ${count} tries but reached ${distinct.length} (${distinct.join(", ") || "none"})`,
      );
  }
  return pass;
}

function excerpt(body: string): string {
  const one = body.replace(/\s+/g, " ").trim();
  return one === "" ? "(비어 있음)" : one.length > 80 ? `${one.slice(0, 77)}...` : one;
}

// ---- dns --------------------------------------------------------------------------------

type DnsAssertion = Extract<Assertion, { dns: unknown }>["dns"];

/** The names a resolver with this resolv.conf tries for `name`, in order (what nslookup does). */
function candidates(name: string, resolvConf: string | undefined): string[] {
  if (name.endsWith(".")) return [name];
  const search =
    /^search\s+(.+)$/m
      .exec(resolvConf ?? "")?.[1]
      ?.trim()
      .split(/\s+/) ?? [];
  const ndots = Number(/ndots:(\d+)/.exec(resolvConf ?? "")?.[1] ?? 1);
  const expanded = search.map((d) => `${name}.${d}`);
  const dots = name.split(".").length - 1;
  return dots >= ndots ? [name, ...expanded] : [...expanded, name];
}

function checkDns(cluster: Cluster, a: DnsAssertion, ns: string): CheckResult {
  const src = resolveSource(cluster, a.from, ns);
  if (!src.ok) return { ok: false, message: src.message };
  const type: DnsType = a.type ?? "A";
  const resolvConf =
    src.source.kind === "pod" ? cluster.network.container(src.source)?.files["/etc/resolv.conf"] : undefined;
  let exchange: DnsExchange | undefined;
  let asked = a.name;
  for (const name of candidates(a.name, resolvConf)) {
    const q = cluster.network.query(src.source, name, type);
    if (!q.ok) return failWith(`DNS 질의를 보낼 수 없다 — ${q.message}`, `cannot send the DNS query: ${q.message}`);
    exchange = q.value;
    asked = name;
    if (!exchange.ok) break;
    const { rcode, answers } = exchange.response;
    // The search list moves on after NXDOMAIN and after an empty answer (NODATA).
    if (!(rcode === "NXDOMAIN" || (rcode === "NOERROR" && answers.length === 0))) break;
  }
  const what: Message = {
    ko: `${a.from}에서 물은 ${a.name}의 ${type} 레코드`,
    en: `the ${type} records of ${a.name} asked from ${a.from}`,
  };
  if (!exchange?.ok) {
    const failure = exchange && !exchange.ok ? exchange.failure : "none";
    return failWith(
      `${what.ko} 질의에 DNS 서버가 응답하지 않았다 (${failure})`,
      `no DNS server answered the query for ${what.en} (${failure})`,
    );
  }
  const { rcode } = exchange.response;
  const data = exchange.response.answers.filter((r) => r.type === type).map((r) => r.data);
  const shown = (xs: readonly string[]) => (xs.length === 0 ? "(없음)" : xs.join(", "));
  const shownEn = (xs: readonly string[]) => (xs.length === 0 ? "(none)" : xs.join(", "));
  if (a.rcode !== undefined && rcode !== a.rcode)
    return failWith(
      `${what.ko}의 응답 코드가 다르다 — 기대: ${a.rcode}, 실제: ${rcode} (질의한 이름: ${asked})`,
      `${what.en} should get ${a.rcode} but got ${rcode} (name asked: ${asked})`,
    );
  if (a.count !== undefined && data.length !== a.count)
    return failWith(
      `${what.ko}는 ${a.count}개여야 하는데 ${data.length}개다: ${shown(data)}`,
      `${what.en} should be ${a.count} but are ${data.length}: ${shownEn(data)}`,
    );
  if (a.answers !== undefined && !sameAnswers(a.answers, data))
    return failWith(
      `${what.ko}가 다르다 — 기대: ${shown(a.answers)}, 실제: ${shown(data)}`,
      `${what.en} differ: expected ${shownEn(a.answers)}, got ${shownEn(data)}`,
    );
  if (
    a.rcode === undefined &&
    a.count === undefined &&
    a.answers === undefined &&
    (rcode !== "NOERROR" || !data.length)
  )
    return failWith(
      `${what.ko}가 있어야 하는데 없다 (응답 코드 ${rcode})`,
      `${what.en} should exist but there are none (rcode ${rcode})`,
    );
  return pass;
}

const dotless = (s: string) => s.replace(/\.$/, "");

/** Same records in any order; expected ones may use placeholders (`{{cluster-ip}}`) and omit the final dot. */
function sameAnswers(expected: readonly string[], actual: readonly string[]): boolean {
  if (expected.length !== actual.length) return false;
  const left = actual.map(dotless);
  // Literal answers first, so a placeholder cannot take the record a literal needs.
  const ordered = [...expected].map(dotless).sort((x, y) => Number(x.includes("{{")) - Number(y.includes("{{")));
  for (const want of ordered) {
    const i = left.findIndex((got) => matchOutput(want, got, { mode: "exact", captures: new Map() }).ok);
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

// ---- object -----------------------------------------------------------------------------

type ObjectAssertion = Extract<Assertion, { object: unknown }>["object"];

/** `spec.ports[0].nodePort`, `metadata.labels["app.kubernetes.io/name"]` → its keys; undefined when malformed. */
export function parsePath(path: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  const re = /\.?([^.[\]]+)|\[(\d+)\]|\[(?:"([^"]*)"|'([^']*)')\]/y;
  let at = 0;
  while (at < path.length) {
    re.lastIndex = at;
    const m = re.exec(path);
    if (!m || (m.index === 0 && m[0].startsWith("."))) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3] ?? m[4] ?? "");
    at = re.lastIndex;
  }
  return out.length > 0 ? out : undefined;
}

function valueAt(obj: unknown, keys: readonly (string | number)[]): unknown {
  let v: unknown = obj;
  for (const k of keys) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/**
 * Whether an object's value satisfies an expected one: objects by their listed keys (others
 * may be there), arrays element by element, scalars equal (a number and its decimal string
 * count as equal; a string with `{{…}}` is matched as expected output), `null` = absent.
 */
export function satisfies(expected: unknown, actual: unknown): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => satisfies(e, actual[i]))
    );
  if (typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([k, e]) => satisfies(e, (actual as Record<string, unknown>)[k]));
  }
  if (typeof expected === "string" && (typeof actual === "string" || typeof actual === "number")) {
    if (expected.includes("{{"))
      return matchOutput(expected, String(actual), { mode: "exact", captures: new Map() }).ok;
    return expected === String(actual);
  }
  if (typeof expected === "number" && typeof actual === "string") return String(expected) === actual;
  return expected === actual;
}

function show(v: unknown): string {
  if (v === undefined) return "(없음)";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

function checkObject(cluster: Cluster, a: ObjectAssertion, ns: string): CheckResult {
  const r = resourceOf(String(a.kind));
  if (!r) return failWith(`알 수 없는 종류다 — ${String(a.kind)}`, `unknown kind ${String(a.kind)}`);
  const namespace = r.namespaced ? (a.namespace ?? ns) : undefined;
  const got = cluster.get(r.resource, a.name, namespace ? { namespace } : {});
  const where: Message = namespace
    ? { ko: `${namespace} 네임스페이스의 ${r.kind} ${a.name}`, en: `${r.kind} ${a.name} in namespace ${namespace}` }
    : { ko: `${r.kind} ${a.name}`, en: `${r.kind} ${a.name}` };
  const exists = a.exists ?? true;
  if (!exists)
    return got.ok
      ? failWith(`${where.ko} 오브젝트가 없어야 하는데 있다`, `${where.en} should not exist but does`)
      : pass;
  if (!got.ok) return failWith(`${where.ko} 오브젝트가 있어야 하는데 없다`, `${where.en} should exist but does not`);
  for (const [path, want] of Object.entries(a.fields ?? {})) {
    const keys = parsePath(path);
    if (!keys) return failWith(`필드 경로가 잘못되었다 — ${path}`, `bad field path ${path}`);
    const value = valueAt(got.value, keys);
    if (!satisfies(want, value))
      return failWith(
        `${where.ko}의 ${path} 값이 다르다 — 기대: ${show(want)}, 실제: ${show(value)}`,
        `${where.en}: ${path} should be ${show(want)} but is ${show(value).replace("(없음)", "(absent)")}`,
      );
  }
  return pass;
}

// ---- event ------------------------------------------------------------------------------

type EventAssertion = Extract<Assertion, { event: unknown }>["event"];

function checkEvent(cluster: Cluster, a: EventAssertion, ns: string): CheckResult {
  const namespace = a.namespace ?? ns;
  const slash = typeof a.object === "string" ? a.object.indexOf("/") : -1;
  const r = slash > 0 ? resourceOf(a.object.slice(0, slash)) : undefined;
  const name = slash > 0 ? a.object.slice(slash + 1) : "";
  if (!r || name === "")
    return failWith(
      `이벤트의 대상 ${String(a.object)}의 형식이 잘못되었다 — 종류/이름이어야 한다 (예: pod/web)`,
      `bad event object ${String(a.object)}: expected kind/name, e.g. pod/web`,
    );
  const events = (cluster.list("events", { namespace }) as (StoredObject & EventLike)[]).filter(
    (e) => e.involvedObject?.kind === r.kind && e.involvedObject.name === name,
  );
  const found = events.some(
    (e) =>
      e.reason === a.reason &&
      (a.type === undefined || e.type === a.type) &&
      (a.messageContains === undefined || (e.message ?? "").includes(a.messageContains)),
  );
  if (found) return pass;
  const conditions = [`reason ${a.reason}`];
  if (a.type !== undefined) conditions.push(`type ${a.type}`);
  const ko = [...conditions, ...(a.messageContains !== undefined ? [`메시지에 "${a.messageContains}" 포함`] : [])];
  const en = [...conditions, ...(a.messageContains !== undefined ? [`message containing "${a.messageContains}"`] : [])];
  const seen = events.map((e) => `${e.type ?? "?"} ${e.reason ?? "?"}`);
  return failWith(
    `${namespace} 네임스페이스에서 ${a.object}의 이벤트 중 조건(${ko.join(", ")})에 맞는 것이 있어야 하는데 없다. 있는 이벤트: ${seen.join(", ") || "없음"}`,
    `${a.object} in namespace ${namespace} should have an event with ${en.join(", ")} but has none; its events: ${seen.join(", ") || "none"}`,
  );
}

// ---- helpers ----------------------------------------------------------------------------

const list = (xs: readonly number[]) => (xs.length === 0 ? "(없음)" : xs.join(", "));
const listEn = (xs: readonly number[]) => (xs.length === 0 ? "(none)" : xs.join(", "));
