/**
 * The objects a lesson creates, as far as static text tells: workloads (their pod labels and
 * containers) and Services (selector, ports), from manifest files, heredocs piped to kubectl and
 * `kubectl run` / `create deployment` / `expose` / `create service`. Each object carries the
 * source line the findings point at.
 */
import { load } from "js-yaml";
import type { Command, Lesson, SourcePoint, Step } from "../model.ts";
import { flagValue, heredocs, kubectlCalls, positionals } from "./shell.ts";

export interface ContainerInfo {
  readonly name: string | undefined;
  readonly image: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly ports: readonly { readonly port: number; readonly name?: string }[];
}

export interface WorkloadInfo {
  readonly kind: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly containers: readonly ContainerInfo[];
  readonly at: SourcePoint;
}

export interface ServicePortInfo {
  readonly port: number;
  readonly targetPort: number | string | undefined;
  readonly at: SourcePoint;
}

export interface ServiceInfo {
  readonly name: string;
  readonly selector: Readonly<Record<string, string>> | undefined;
  readonly ports: readonly ServicePortInfo[];
  readonly at: SourcePoint;
  readonly selectorAt: SourcePoint;
  /** The command that made it (`kubectl expose …`), when a command did. */
  readonly command?: string;
}

export interface LessonObjects {
  readonly workloads: readonly WorkloadInfo[];
  readonly services: readonly ServiceInfo[];
}

/** Shell commands of the lesson in order, exercise solutions included. */
export function lessonCommands(lesson: Lesson): Command[] {
  const fromStep = (s: Step): Command[] =>
    s.kind === "shell" ? [...s.commands] : s.kind === "exercise" ? s.solution.flatMap(fromStep) : [];
  return lesson.steps.flatMap(fromStep);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): Record<string, string> =>
  isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const workloadKinds = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController"]);

function containersOf(podSpec: unknown): ContainerInfo[] {
  if (!isObj(podSpec)) return [];
  return list(podSpec.containers).flatMap((c): ContainerInfo[] => {
    if (!isObj(c) || typeof c.image !== "string") return [];
    const env: Record<string, string> = {};
    for (const e of list(c.env)) if (isObj(e) && typeof e.name === "string") env[e.name] = String(e.value ?? "");
    return [
      {
        name: typeof c.name === "string" ? c.name : undefined,
        image: c.image,
        argv: [...list(c.command), ...list(c.args)].map(String),
        env,
        ports: list(c.ports).flatMap((p) =>
          isObj(p) && typeof p.containerPort === "number"
            ? [{ port: p.containerPort, ...(typeof p.name === "string" ? { name: p.name } : {}) }]
            : [],
        ),
      },
    ];
  });
}

/** Documents of a YAML text with the 0-based line each starts on. */
function documents(text: string): { doc: unknown; lines: string[]; start: number }[] {
  const all = text.split("\n");
  const out: { doc: unknown; lines: string[]; start: number }[] = [];
  let start = 0;
  const push = (end: number): void => {
    const lines = all.slice(start, end);
    try {
      out.push({ doc: load(lines.join("\n")), lines, start });
    } catch {
      // Broken YAML is the runner's to report (kubectl apply says what is wrong).
    }
  };
  for (let i = 0; i < all.length; i++) {
    if (/^---\s*$/.test(all[i]!)) {
      push(i);
      start = i + 1;
    }
  }
  push(all.length);
  return out;
}

function lineOf(lines: readonly string[], re: RegExp, from = 0): number {
  for (let i = from; i < lines.length; i++) if (re.test(lines[i]!)) return i;
  return -1;
}

function fromYaml(
  text: string,
  firstLine: number,
  column: number,
  workloads: WorkloadInfo[],
  services: ServiceInfo[],
): void {
  for (const { doc, lines, start } of documents(text)) {
    if (!isObj(doc) || typeof doc.kind !== "string" || !isObj(doc.metadata)) continue;
    const name = String(doc.metadata.name ?? "");
    const point = (i: number): SourcePoint => {
      const line = lines[Math.max(i, 0)] ?? "";
      return { line: firstLine + start + Math.max(i, 0), column: column + line.length - line.trimStart().length };
    };
    const kindLine = lineOf(lines, /^\s*"?kind"?\s*:/);
    const spec = isObj(doc.spec) ? doc.spec : {};
    if (doc.kind === "Pod") {
      workloads.push({
        kind: "Pod",
        name,
        labels: strings(doc.metadata.labels),
        containers: containersOf(spec),
        at: point(kindLine),
      });
    } else if (workloadKinds.has(doc.kind) || doc.kind === "CronJob") {
      const template = doc.kind === "CronJob" ? (spec.jobTemplate as Obj | undefined)?.spec : spec;
      const tpl = isObj(template) && isObj(template.template) ? template.template : {};
      workloads.push({
        kind: doc.kind,
        name,
        labels: strings(isObj(tpl.metadata) ? tpl.metadata.labels : undefined),
        containers: containersOf(tpl.spec),
        at: point(kindLine),
      });
    } else if (doc.kind === "Service") {
      const selectorLine = lineOf(lines, /^\s*"?selector"?\s*:/);
      let from = 0;
      const ports = list(spec.ports).flatMap((p): ServicePortInfo[] => {
        if (!isObj(p) || typeof p.port !== "number") return [];
        const portLine = lineOf(lines, /(^|[\s{,-])"?port"?\s*:/, from);
        from = portLine + 1;
        const targetLine =
          p.targetPort === undefined ? -1 : lineOf(lines, /"?targetPort"?\s*:/, Math.max(portLine - 2, 0));
        const tp = p.targetPort;
        return [
          {
            port: p.port,
            targetPort: typeof tp === "number" || typeof tp === "string" ? tp : undefined,
            at: point(targetLine >= 0 ? targetLine : portLine),
          },
        ];
      });
      services.push({
        name,
        selector: isObj(spec.selector) ? strings(spec.selector) : undefined,
        ports,
        at: point(kindLine),
        selectorAt: point(selectorLine >= 0 ? selectorLine : kindLine),
      });
    }
  }
}

const workloadAliases: Readonly<Record<string, string>> = {
  deployment: "Deployment",
  deployments: "Deployment",
  deploy: "Deployment",
  "deployment.apps": "Deployment",
  "deployments.apps": "Deployment",
  replicaset: "ReplicaSet",
  replicasets: "ReplicaSet",
  rs: "ReplicaSet",
  pod: "Pod",
  pods: "Pod",
  po: "Pod",
  statefulset: "StatefulSet",
  statefulsets: "StatefulSet",
  sts: "StatefulSet",
  replicationcontroller: "ReplicationController",
  rc: "ReplicationController",
};

function portNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Everything the lesson's files, heredocs and commands create, in lesson order. */
export function lessonObjects(lesson: Lesson): LessonObjects {
  const workloads: WorkloadInfo[] = [];
  const services: ServiceInfo[] = [];
  const visit = (s: Step): void => {
    if (s.kind === "file") fromYaml(s.content, s.at.line + 1, s.at.column, workloads, services);
    if (s.kind === "exercise") s.solution.forEach(visit);
    if (s.kind !== "shell") return;
    for (const c of s.commands) {
      for (const h of heredocs(c.text))
        if (h.toKubectl || (h.target !== undefined && /\.(ya?ml|json)$/.test(h.target)))
          fromYaml(h.body, c.at.line + h.line, c.at.column, workloads, services);
      for (const call of kubectlCalls(c.text)) {
        const pos = positionals(call.args);
        const image = flagValue(call.args, "--image");
        if (call.verb === "run" && pos[0] !== undefined && image !== undefined) {
          const port = portNumber(flagValue(call.args, "--port"));
          workloads.push({
            kind: "Pod",
            name: pos[0],
            labels: { run: pos[0] },
            containers: [
              { name: pos[0], image, argv: call.command ?? pos.slice(1), env: {}, ports: port ? [{ port }] : [] },
            ],
            at: c.at,
          });
          if (port !== undefined && call.args.includes("--expose"))
            services.push({
              name: pos[0],
              selector: { run: pos[0] },
              ports: [{ port, targetPort: port, at: c.at }],
              at: c.at,
              selectorAt: c.at,
              command: c.text,
            });
        }
        if (call.verb === "create" && /^deploy(ment)?s?$/.test(pos[0] ?? "") && pos[1] !== undefined && image) {
          const port = portNumber(flagValue(call.args, "--port"));
          workloads.push({
            kind: "Deployment",
            name: pos[1],
            labels: { app: pos[1] },
            containers: [
              {
                name: image.split("/").pop()!.split(":")[0],
                image,
                argv: call.command ?? [],
                env: {},
                ports: port ? [{ port }] : [],
              },
            ],
            at: c.at,
          });
        }
        if (call.verb === "create" && pos[0] === "service" && pos[2] !== undefined) {
          const name = pos[2];
          const ports = (flagValue(call.args, "--tcp") ?? "").split(",").flatMap((spec): ServicePortInfo[] => {
            const [p, t] = spec.split(":");
            const port = portNumber(p);
            return port ? [{ port, targetPort: portNumber(t) ?? port, at: c.at }] : [];
          });
          services.push({
            name,
            selector: pos[1] === "externalname" ? undefined : { app: name },
            ports,
            at: c.at,
            selectorAt: c.at,
            command: c.text,
          });
        }
        if (call.verb === "expose" && pos[0] !== undefined) {
          const [typeWord, nameWord] = pos[0].includes("/") ? pos[0].split("/") : [pos[0], pos[1]];
          const kind = workloadAliases[typeWord!.toLowerCase()];
          const target = [...workloads].reverse().find((w) => w.kind === kind && w.name === nameWord);
          if (!target) continue;
          const port = portNumber(flagValue(call.args, "--port")) ?? target.containers.flatMap((x) => x.ports)[0]?.port;
          if (port === undefined) continue;
          const tp = flagValue(call.args, "--target-port");
          services.push({
            name: flagValue(call.args, "--name") ?? nameWord!,
            selector: target.labels,
            ports: [{ port, targetPort: tp === undefined ? port : (portNumber(tp) ?? tp), at: c.at }],
            at: c.at,
            selectorAt: c.at,
            command: c.text,
          });
        }
      }
    }
  };
  lesson.steps.forEach(visit);
  return { workloads, services };
}
