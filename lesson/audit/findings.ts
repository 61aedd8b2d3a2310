/**
 * Static mistake detectors over an audited (or compiled) lesson — the authoring errors Korean
 * posts really make (§5 of the research report): `-f` names no file defines, Service selectors
 * no pod template matches, targetPorts nothing listens on, kubectl verb/flag/resource typos,
 * curl/bash/dig in busybox, placeholders left in commands, `kubectl run` without a NAME,
 * `kubectl exec POD COMMAND` without `--`, Unicode dashes from copy-paste, loops without `do`.
 * Each finding is a warning whose message says the fix in Korean and English; where the fix
 * is a rewritten command or value, `expected` holds it and `actual` what was written.
 * Mistakes only a run shows (outputs that contradict commands) are the runner's.
 */
import type { Diagnostic, Lesson, SourcePoint } from "../model.ts";
import { fileArguments, sortDiagnostics } from "./audit.ts";
import { isBusybox, listeningPorts } from "./images.ts";
import { type LessonObjects, lessonCommands, lessonObjects, type WorkloadInfo } from "./manifests.ts";
import {
  argv,
  commandName,
  flagValue,
  heredocs,
  isExit,
  isKubectlTypo,
  type KubectlCall,
  knownCommands,
  kubectlCalls,
  podShellOpener,
  positionals,
  quotedMask,
  shells,
  simpleCommands,
  withoutHeredocBodies,
  writtenFiles,
} from "./shell.ts";
import { type Bilingual, closest, hangulChar } from "./text.ts";

interface Finding {
  readonly ruleId: string;
  readonly at: SourcePoint;
  readonly message: Bilingual;
  readonly expected?: string;
  readonly actual?: string;
}

const toDiagnostic = (f: Finding): Diagnostic => ({ ...f, severity: "warning" });

const kubectlVerbs = [
  "get",
  "describe",
  "create",
  "apply",
  "delete",
  "logs",
  "exec",
  "run",
  "expose",
  "edit",
  "patch",
  "label",
  "annotate",
  "scale",
  "rollout",
  "set",
  "port-forward",
  "explain",
  "autoscale",
  "top",
  "cordon",
  "uncordon",
  "drain",
  "taint",
  "attach",
  "cp",
  "proxy",
  "auth",
  "debug",
  "events",
  "diff",
  "replace",
  "wait",
  "kustomize",
  "config",
  "cluster-info",
  "api-resources",
  "api-versions",
  "version",
  "certificate",
  "completion",
  "plugin",
  "alpha",
  "options",
];

const resourceTypes = [
  "pods",
  "pod",
  "po",
  "services",
  "service",
  "svc",
  "deployments",
  "deployment",
  "deploy",
  "replicasets",
  "replicaset",
  "rs",
  "statefulsets",
  "statefulset",
  "sts",
  "daemonsets",
  "daemonset",
  "ds",
  "endpoints",
  "ep",
  "endpointslices",
  "endpointslice",
  "nodes",
  "node",
  "no",
  "namespaces",
  "namespace",
  "ns",
  "configmaps",
  "configmap",
  "cm",
  "secrets",
  "secret",
  "ingresses",
  "ingress",
  "ing",
  "networkpolicies",
  "networkpolicy",
  "netpol",
  "jobs",
  "job",
  "cronjobs",
  "cronjob",
  "cj",
  "events",
  "event",
  "ev",
  "all",
  "persistentvolumeclaims",
  "pvc",
  "persistentvolumes",
  "pv",
  "serviceaccounts",
  "serviceaccount",
  "sa",
  "replicationcontrollers",
  "rc",
  "horizontalpodautoscalers",
  "hpa",
  "ingressclasses",
  "storageclasses",
  "sc",
];

const knownFlags = [
  "all-namespaces",
  "show-labels",
  "selector",
  "output",
  "namespace",
  "image",
  "port",
  "target-port",
  "type",
  "name",
  "replicas",
  "dry-run",
  "restart",
  "rm",
  "stdin",
  "tty",
  "command",
  "labels",
  "overrides",
  "env",
  "expose",
  "filename",
  "recursive",
  "field-selector",
  "watch",
  "watch-only",
  "sort-by",
  "no-headers",
  "show-kind",
  "label-columns",
  "context",
  "kubeconfig",
  "force",
  "grace-period",
  "now",
  "timeout",
  "wait",
  "cascade",
  "all",
  "overwrite",
  "record",
  "to-revision",
  "revision",
  "container",
  "follow",
  "previous",
  "tail",
  "since",
  "timestamps",
  "protocol",
  "external-ip",
  "cluster-ip",
  "load-balancer-ip",
  "session-affinity",
  "from-literal",
  "from-file",
  "from-env-file",
  "cert",
  "key",
  "tcp",
  "node-port",
  "address",
  "image-pull-policy",
  "serviceaccount",
  "pod-running-timeout",
  "quiet",
  "patch",
  "local",
  "template",
  "for",
  "attach",
  "leave-stdin-open",
  "privileged",
  "annotations",
  "ignore-not-found",
  "server-side",
  "field-manager",
  "subresource",
  "raw",
  "current-replicas",
  "min",
  "max",
  "cpu-percent",
  "max-surge",
  "max-unavailable",
];

// ---- files ----------------------------------------------------------------------------------

function missingFiles(lesson: Lesson, out: Finding[]): void {
  const commands = lessonCommands(lesson);
  const defined = new Set<string>();
  const plain = (n: string): string => n.replace(/^\.\//, "");
  const addFiles = (s: Lesson["steps"][number]): void => {
    if (s.kind === "file") defined.add(plain(s.name));
    if (s.kind === "exercise") s.solution.forEach(addFiles);
  };
  lesson.steps.forEach(addFiles);
  for (const c of commands) {
    for (const f of writtenFiles(c.text)) defined.add(plain(f));
    for (const h of heredocs(c.text)) if (h.target !== undefined) defined.add(plain(h.target));
  }
  const names = [...defined];
  for (const c of commands) {
    for (const f of fileArguments(c.text, kubectlVerbs)) {
      const name = plain(f);
      if (f === "-" || /^https?:\/\//.test(f) || /[<>{}[\]]|[\u3130-\u318f\uac00-\ud7a3]/.test(f)) continue;
      if (defined.has(name) || name.endsWith("/") || name === "." || names.some((n) => n.startsWith(`${name}/`)))
        continue;
      const suggestion = closest(name, names, 3);
      out.push({
        ruleId: "audit/missing-file",
        at: c.at,
        message:
          suggestion === undefined
            ? {
                ko: `\`-f ${f}\`: 이 레슨에는 그런 파일이 없다. 그 내용을 담은 매니페스트 블록의 첫 줄에 \`# ${name}\`을 쓴다.`,
                en: `\`-f ${f}\`: the lesson defines no such file. Give the manifest block with its content the first line \`# ${name}\`.`,
              }
            : {
                ko: `\`-f ${f}\`: 이 레슨에는 그런 파일이 없다. \`${suggestion}\`을(를) 말한 것인가?`,
                en: `\`-f ${f}\`: the lesson defines no such file. Did you mean \`${suggestion}\`?`,
              },
        ...(suggestion === undefined ? {} : { expected: suggestion, actual: f }),
      });
    }
  }
}

// ---- selectors and ports --------------------------------------------------------------------

const showLabels = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

const matches = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

function selectorsAndPorts(objects: LessonObjects, out: Finding[]): void {
  const templates = objects.workloads.filter((w) => Object.keys(w.labels).length > 0);
  for (const svc of objects.services) {
    if (svc.selector === undefined || Object.keys(svc.selector).length === 0) continue;
    const selector = svc.selector;
    const matched = templates.filter((w) => matches(selector, w.labels));
    if (matched.length === 0) {
      if (templates.length === 0) continue;
      // The template sharing most selector keys is the likeliest intended target.
      const score = (w: WorkloadInfo): number =>
        Object.keys(selector).filter((k) => k in w.labels).length * 2 +
        Object.values(selector).filter((v) => Object.values(w.labels).includes(v)).length;
      const best = [...templates].sort((a, b) => score(b) - score(a))[0]!;
      const fix = showLabels(best.labels);
      out.push({
        ruleId: "audit/selector-mismatch",
        at: svc.selectorAt,
        message: {
          ko: `Service ${svc.name}의 selector \`${showLabels(selector)}\`와 맞는 파드 템플릿이 이 레슨에 없어 엔드포인트가 비게 된다 (Endpoints: <none>). ${best.kind} ${best.name}의 파드 레이블은 \`${fix}\`이다; selector를 그에 맞춘다.`,
          en: `No pod template in the lesson matches Service ${svc.name}'s selector \`${showLabels(selector)}\`, so it will have no endpoints (Endpoints: <none>). ${best.kind} ${best.name} labels its pods \`${fix}\`; make the selector match.`,
        },
        expected: fix,
        actual: showLabels(selector),
      });
      continue;
    }
    for (const port of svc.ports) {
      const tp = port.targetPort ?? port.port;
      const containers = matched.flatMap((w) => w.containers.map((c) => ({ w, c })));
      if (typeof tp === "string") {
        if (containers.some(({ c }) => c.ports.some((p) => p.name === tp))) continue;
        out.push({
          ruleId: "audit/target-port",
          at: port.at,
          message: {
            ko: `Service ${svc.name}의 targetPort \`${tp}\`: 선택된 파드의 컨테이너에 그런 이름의 포트가 없다. containerPort에 \`name: ${tp}\`를 주거나 숫자 포트를 쓴다.`,
            en: `Service ${svc.name}'s targetPort \`${tp}\`: no container of the selected pods has a port with that name. Name a containerPort \`${tp}\` or use a number.`,
          },
        });
        continue;
      }
      const known = containers.flatMap(({ w, c }) => {
        const ports = listeningPorts(c.image, c.argv, c.env);
        return ports === undefined ? [] : [{ w, c, ports }];
      });
      const listened = known.some((k) => k.ports.includes(tp));
      const declared = containers.some(
        ({ c }) => listeningPorts(c.image, c.argv, c.env) === undefined && c.ports.some((p) => p.port === tp),
      );
      if (listened || declared) continue;
      const via = svc.command === undefined ? "targetPort" : "--target-port";
      if (known.length > 0) {
        const { w, c, ports } = known[0]!;
        out.push({
          ruleId: "audit/target-port",
          at: port.at,
          message: {
            ko: `Service ${svc.name}은(는) 파드의 ${tp}번 포트로 보내지만 ${w.kind} ${w.name}의 이미지 ${c.image}은(는) ${ports.join(", ")}번에서 듣는다. ${via}를 ${ports[0]}(으)로 고친다.`,
            en: `Service ${svc.name} sends to port ${tp} of the pods, but ${w.kind} ${w.name}'s image ${c.image} listens on ${ports.join(", ")}. Set ${via} to ${ports[0]}.`,
          },
          expected: String(ports[0]),
          actual: String(tp),
        });
        continue;
      }
      const declaredPorts = containers.flatMap(({ c }) => c.ports.map((p) => p.port));
      if (declaredPorts.length === 0) continue;
      out.push({
        ruleId: "audit/target-port",
        at: port.at,
        message: {
          ko: `Service ${svc.name}의 ${via} ${tp}이(가) 선택된 파드의 containerPort(${declaredPorts.join(", ")})에 없다. 컨테이너가 실제로 듣는 포트로 맞춘다.`,
          en: `Service ${svc.name}'s ${via} ${tp} is none of the selected pods' containerPorts (${declaredPorts.join(", ")}). Use the port the container listens on.`,
        },
        expected: String(declaredPorts[0]),
        actual: String(tp),
      });
    }
  }
}

// ---- kubectl words --------------------------------------------------------------------------

function kubectlTypos(call: KubectlCall, at: SourcePoint, text: string, out: Finding[]): void {
  if (isKubectlTypo(call.program))
    out.push({
      ruleId: "audit/kubectl-typo",
      at,
      message: {
        ko: `\`${call.program}\`은(는) 없는 명령이다 (command not found). \`kubectl\`로 고친다.`,
        en: `\`${call.program}\` is no command (command not found). Write \`kubectl\`.`,
      },
      expected: "kubectl",
      actual: call.program,
    });
  const verb = call.verb;
  if (verb !== undefined && !kubectlVerbs.includes(verb) && !/[<>{}[\]]/.test(verb)) {
    const suggestion = verb === "rolling-update" ? "rollout" : closest(verb, kubectlVerbs, 2);
    if (suggestion !== undefined)
      out.push({
        ruleId: "audit/kubectl-typo",
        at,
        message:
          verb === "rolling-update"
            ? {
                ko: "`kubectl rolling-update`는 없어진 명령이다. Deployment와 `kubectl rollout`을 쓴다.",
                en: "`kubectl rolling-update` was removed. Use a Deployment and `kubectl rollout`.",
              }
            : {
                ko: `kubectl에는 \`${verb}\` 명령이 없다 (error: unknown command "${verb}"). \`${suggestion}\`을(를) 말한 것인가?`,
                en: `kubectl has no \`${verb}\` command (error: unknown command "${verb}"). Did you mean \`${suggestion}\`?`,
              },
        expected: suggestion,
        actual: verb,
      });
  }
  if (verb === "get" || verb === "describe" || verb === "delete" || verb === "edit") {
    const first = positionals(call.args)[0];
    for (const type of first?.split("/")[0]?.split(",") ?? []) {
      const t = type.toLowerCase();
      if (t === "" || resourceTypes.includes(t) || t.includes(".")) continue;
      const suggestion = closest(t, resourceTypes, 2);
      if (suggestion !== undefined && first!.includes("/") === first!.split("/")[0]!.includes("/"))
        out.push({
          ruleId: "audit/kubectl-typo",
          at,
          message: {
            ko: `\`${type}\`라는 리소스 종류는 없다 (error: the server doesn't have a resource type "${type}"). \`${suggestion}\`을(를) 말한 것인가?`,
            en: `There is no resource type \`${type}\` (error: the server doesn't have a resource type "${type}"). Did you mean \`${suggestion}\`?`,
          },
          expected: suggestion,
          actual: type,
        });
    }
  }
  for (const arg of call.args) {
    if (!arg.startsWith("--") || arg === "--") continue;
    const flag = arg.slice(2).split("=")[0]!;
    if (knownFlags.includes(flag)) continue;
    if (flag === "it" || flag === "ti") {
      out.push({
        ruleId: "audit/flag-typo",
        at,
        message: {
          ko: `\`--${flag}\`라는 플래그는 없다 (error: unknown flag: --${flag}). 대시 하나로 \`-${flag}\`(= \`-i -t\`)라고 쓴다.`,
          en: `There is no flag \`--${flag}\` (error: unknown flag: --${flag}). Write \`-${flag}\` (= \`-i -t\`) with one dash.`,
        },
        expected: text.replace(`--${flag}`, `-${flag}`),
        actual: text,
      });
      continue;
    }
    if (knownCommands.has(flag) || shells.has(flag)) {
      out.push({
        ruleId: "audit/flag-typo",
        at,
        message: {
          ko: `\`--${flag}\`: \`--\`와 명령 \`${flag}\` 사이에 공백이 빠졌다. \`-- ${flag}\`로 쓴다.`,
          en: `\`--${flag}\`: the space between \`--\` and the command \`${flag}\` is missing. Write \`-- ${flag}\`.`,
        },
        expected: text.replace(`--${flag}`, `-- ${flag}`),
        actual: text,
      });
      continue;
    }
    const suggestion = closest(flag, knownFlags, 2);
    if (suggestion !== undefined)
      out.push({
        ruleId: "audit/flag-typo",
        at,
        message: {
          ko: `\`--${flag}\`라는 플래그는 없다 (error: unknown flag: --${flag}). \`--${suggestion}\`을(를) 말한 것인가?`,
          en: `There is no flag \`--${flag}\` (error: unknown flag: --${flag}). Did you mean \`--${suggestion}\`?`,
        },
        expected: `--${suggestion}`,
        actual: `--${flag}`,
      });
  }
}

function runAndExec(call: KubectlCall, at: SourcePoint, text: string, out: Finding[]): void {
  const pos = positionals(call.args);
  if (call.verb === "run") {
    if (pos.length === 0) {
      out.push({
        ruleId: "audit/run-without-name",
        at,
        message: {
          ko: "`kubectl run`에는 파드 이름이 필요하다 (error: NAME is required for run). `kubectl run` 바로 뒤에 이름을 쓴다 (예: `tmp`).",
          en: "`kubectl run` needs a pod name (error: NAME is required for run). Put one right after `kubectl run` (e.g. `tmp`).",
        },
        expected: text.replace(/\brun\b/, "run tmp"),
        actual: text,
      });
    } else if (call.command === undefined && shells.has(pos[0]!)) {
      const image = flagValue(call.args, "--image");
      const shell = image !== undefined && isBusybox(image) ? "sh" : pos[0]!.replace(/^\/bin\//, "");
      out.push({
        ruleId: "audit/run-shell-name",
        at,
        message: {
          ko: `\`${pos[0]}\`이(가) 셸이 아니라 파드 이름이 된다. 이름을 따로 주고 셸은 \`--\` 뒤에 쓴다.`,
          en: `\`${pos[0]}\` becomes the pod's name, not its shell. Give a name and put the shell after \`--\`.`,
        },
        expected: `${text.replace(new RegExp(`(\\s)${pos[0]!.replace(/[/]/g, "\\/")}(?=\\s|$)`), "$1tmp")} -- ${shell}`,
        actual: text,
      });
    }
  }
  const gluedCommand = call.args.some((a) => a.startsWith("--") && knownCommands.has(a.slice(2)));
  if (call.verb === "exec" && call.command === undefined && pos.length >= 2 && !gluedCommand) {
    const pod = pos[0]!;
    const rest = pos[1]!;
    const podAt = text.indexOf(pod);
    const restAt = text.indexOf(rest, podAt + pod.length);
    out.push({
      ruleId: "audit/exec-without-dashdash",
      at,
      message: {
        ko: `\`kubectl exec POD 명령\` 형식은 더 이상 지원되지 않는다 (error: exec [POD] [COMMAND] is not supported anymore). 명령 앞에 \`--\`를 넣는다.`,
        en: `\`kubectl exec POD COMMAND\` is not supported anymore (error: exec [POD] [COMMAND] is not supported anymore). Put \`--\` before the command.`,
      },
      expected: `${text.slice(0, restAt)}-- ${text.slice(restAt)}`,
      actual: text,
    });
  }
}

// ---- busybox ----------------------------------------------------------------------------------

function imageOfPod(pod: string | undefined, workloads: readonly WorkloadInfo[]): string | undefined {
  if (pod === undefined) return undefined;
  const m = /^(deploy|deployment|deployments|rs|replicaset|sts|statefulset)\/(.+)$/.exec(pod);
  const found = [...workloads]
    .reverse()
    .find((w) =>
      m ? w.kind !== "Pod" && w.name === m[2] : (w.kind === "Pod" && w.name === pod) || pod.startsWith(`${w.name}-`),
    );
  return found?.containers[0]?.image;
}

function busyboxTools(words: readonly string[], at: SourcePoint, text: string, image: string, out: Finding[]): void {
  const { name, index } = commandName(words);
  if (name === undefined) return;
  const bin = name.replace(/^\/(usr\/)?bin\//, "");
  if (bin === "sh" && words[index + 1] === "-c" && words[index + 2] !== undefined) {
    for (const inner of simpleCommands(words[index + 2]!)) busyboxTools(argv(inner), at, text, image, out);
    return;
  }
  if (bin === "curl") {
    const url = words.slice(index + 1).find((w) => !w.startsWith("-")) ?? "URL";
    const fix = `wget -qO- ${url}`;
    out.push({
      ruleId: "audit/busybox-tool",
      at,
      message: {
        ko: `${image} 이미지에는 curl이 없다 (sh: curl: not found). \`${fix}\`처럼 wget을 쓰거나 curlimages/curl 이미지를 쓴다.`,
        en: `The ${image} image has no curl (sh: curl: not found). Use wget, as in \`${fix}\`, or the curlimages/curl image.`,
      },
      expected: fix,
      actual: words.slice(index).join(" "),
    });
  } else if (bin === "bash") {
    out.push({
      ruleId: "audit/busybox-tool",
      at,
      message: {
        ko: `${image} 이미지에는 bash가 없다. \`sh\`를 쓴다.`,
        en: `The ${image} image has no bash. Use \`sh\`.`,
      },
      expected: text.replace(/(\/bin\/)?\bbash\b/, (_m, dir: string | undefined) => `${dir ?? ""}sh`),
      actual: text,
    });
  } else if (bin === "dig") {
    const host = words.slice(index + 1).find((w) => !w.startsWith("-") && !w.startsWith("@")) ?? "NAME";
    out.push({
      ruleId: "audit/busybox-tool",
      at,
      message: {
        ko: `${image} 이미지에는 dig가 없다. \`nslookup ${host}\`를 쓴다.`,
        en: `The ${image} image has no dig. Use \`nslookup ${host}\`.`,
      },
      expected: `nslookup ${host}`,
      actual: words.slice(index).join(" "),
    });
  }
}

function busybox(lesson: Lesson, objects: LessonObjects, out: Finding[]): void {
  let podImage: string | undefined;
  let inPod = false;
  for (const c of lessonCommands(lesson)) {
    if (inPod) {
      if (isExit(c.text)) {
        inPod = false;
        continue;
      }
      if (podImage !== undefined && isBusybox(podImage))
        for (const sc of simpleCommands(c.text)) busyboxTools(argv(sc), c.at, c.text, podImage, out);
      continue;
    }
    const opener = podShellOpener(c.text);
    if (opener) {
      inPod = true;
      podImage = opener.image ?? imageOfPod(opener.pod, objects.workloads);
    }
    for (const call of kubectlCalls(c.text)) {
      if (call.verb !== "exec" && call.verb !== "run") continue;
      const image =
        call.verb === "run"
          ? flagValue(call.args, "--image")
          : imageOfPod(positionals(call.args)[0], objects.workloads);
      if (image === undefined || !isBusybox(image) || call.command === undefined) continue;
      busyboxTools(call.command, c.at, c.text, image, out);
    }
  }
}

// ---- placeholders, dashes, loops ------------------------------------------------------------

const placeholderPatterns: readonly RegExp[] = [
  /<([^<>\s|&;]|[^<>\s|&;][^<>|&;]{0,38}[^<>\s|&;])>/g,
  /(?<![$\\{])\{([^{}\s.][^{}]{0,39})\}(?!\})/g,
  /\[([^[\]\s][^[\]]{0,39})\]/g,
];

function placeholderLike(inner: string, bracket: number, quoted: boolean): boolean {
  if (hangulChar.test(inner)) return true;
  if (quoted) return false;
  if (bracket === 0) return /^[A-Za-z][\w.-]*$/.test(inner);
  if (bracket === 1) return /^[A-Za-z][\w]*[-_][\w-]*$/.test(inner) || /^[A-Z]{3,}$/.test(inner);
  return /^[A-Za-z][\w-]*$/.test(inner);
}

function placeholders(lesson: Lesson, objects: LessonObjects, out: Finding[]): void {
  const deployments = objects.workloads.filter((w) => w.kind === "Deployment");
  for (const c of lessonCommands(lesson)) {
    const text = withoutHeredocBodies(c.text).lines.join("\n");
    const mask = quotedMask(text);
    const seen = new Set<string>();
    for (let b = 0; b < placeholderPatterns.length; b++) {
      for (const m of text.matchAll(placeholderPatterns[b]!)) {
        const whole = m[0];
        if (seen.has(whole) || !placeholderLike(m[1]!, b, mask[m.index] === true)) continue;
        seen.add(whole);
        const podish = /pod|파드|포드/i.test(m[1]!) && deployments.length === 1;
        const fix = podish ? `deploy/${deployments[0]!.name}` : undefined;
        out.push({
          ruleId: "audit/placeholder",
          at: c.at,
          message: {
            ko: `명령에 자리표시자 \`${whole}\`이(가) 남아 있다. 실제 이름으로 바꾼다${fix === undefined ? "" : ` (예: \`${fix}\`는 그 Deployment의 파드 하나를 가리킨다)`}.`,
            en: `The command still has the placeholder \`${whole}\`; replace it with a real name${fix === undefined ? "" : ` (e.g. \`${fix}\` names one pod of that Deployment)`}.`,
          },
          ...(fix === undefined ? {} : { expected: c.text.replace(whole, fix), actual: c.text }),
        });
      }
    }
  }
}

function withoutUnicodeDashes(text: string): string {
  if (!/[\u2010-\u2015\u2212]/.test(text)) return text;
  return text
    .replace(/\u2014/g, "--")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/-{3,}/g, "--");
}

function unicodeDashes(lesson: Lesson, out: Finding[]): void {
  for (const c of lessonCommands(lesson)) {
    if (!/[\u2010-\u2015\u2212]/.test(c.text)) continue;
    const fixed = withoutUnicodeDashes(c.text);
    out.push({
      ruleId: "audit/unicode-dash",
      at: c.at,
      message: {
        ko: "명령에 하이픈(-) 대신 유니코드 대시(– —)가 있다. 워드프로세서나 블로그 편집기가 바꾼 것이니 ASCII `-`로 고친다.",
        en: "The command has Unicode dashes (– —) where hyphens belong, as word processors and blog editors write them. Use ASCII `-`.",
      },
      expected: fixed,
      actual: c.text,
    });
  }
}

function loops(lesson: Lesson, out: Finding[]): void {
  for (const c of lessonCommands(lesson)) {
    const text = withoutHeredocBodies(c.text).lines.join("\n");
    if (!/(^|[;&|\s])(while|until|for)\s/.test(text) || !/(^|[;\s])done\b/.test(text)) continue;
    if (/(^|[;\s])do(\s|$)/.test(text)) continue;
    out.push({
      ruleId: "audit/shell-syntax",
      at: c.at,
      message: {
        ko: "반복문에 `do`가 빠졌다 (syntax error near unexpected token `done'). 조건 뒤에 `; do`를 넣는다.",
        en: "The loop has no `do` (syntax error near unexpected token `done'). Put `; do` after its condition.",
      },
      expected: c.text.replace(/^(.*?\b(?:while|until|for)\b[^;\n]*;\s*)/, "$1do "),
      actual: c.text,
    });
  }
}

/**
 * The static mistakes in a lesson, as warnings with a suggested fix. Runs on what
 * `auditLesson` returns (or on a strictly compiled lesson); call both, this one separately.
 */
export function auditFindings(lesson: Lesson): Diagnostic[] {
  const out: Finding[] = [];
  const objects = lessonObjects(lesson);
  missingFiles(lesson, out);
  for (const c of lessonCommands(lesson)) {
    // Unicode dashes have their own finding; the rest reads the command as it was meant.
    const text = withoutUnicodeDashes(c.text);
    for (const call of kubectlCalls(text)) {
      kubectlTypos(call, c.at, text, out);
      runAndExec(call, c.at, text, out);
    }
  }
  selectorsAndPorts(objects, out);
  busybox(lesson, objects, out);
  placeholders(lesson, objects, out);
  unicodeDashes(lesson, out);
  loops(lesson, out);
  return sortDiagnostics(out.map(toDiagnostic));
}
