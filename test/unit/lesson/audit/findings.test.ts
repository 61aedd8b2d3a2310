import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { auditFindings, auditLesson } from "../../../../lesson/audit/index.ts";

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/audit/${name}.md`, import.meta.url), "utf8");
const findingsOf = (name: string) => auditFindings(auditLesson(`${name}.md`, fixture(name)));

// One fixture per mistake class of the research report (§5); each expectation is the whole list.
describe("auditFindings", () => {
  it("names a -f file that no block defines and suggests the nearest defined name", () => {
    expect(findingsOf("missing-file")).toEqual([
      {
        ruleId: "audit/missing-file",
        at: {
          line: 22,
          column: 1,
        },
        message: {
          ko: "`-f http-go-ld.yaml`: 이 레슨에는 그런 파일이 없다. `http-go-lb.yaml`을(를) 말한 것인가?",
          en: "`-f http-go-ld.yaml`: the lesson defines no such file. Did you mean `http-go-lb.yaml`?",
        },
        expected: "http-go-lb.yaml",
        actual: "http-go-ld.yaml",
        severity: "warning",
      },
    ]);
  });

  it("reports a Service selector that matches no pod template and shows the labels to use", () => {
    expect(findingsOf("selector-mismatch")).toEqual([
      {
        ruleId: "audit/selector-mismatch",
        at: {
          line: 34,
          column: 3,
        },
        message: {
          ko: "Service http-go-np의 selector `run=http-go`와 맞는 파드 템플릿이 이 레슨에 없어 엔드포인트가 비게 된다 (Endpoints: <none>). Deployment http-go의 파드 레이블은 `app=http-go`이다; selector를 그에 맞춘다.",
          en: "No pod template in the lesson matches Service http-go-np's selector `run=http-go`, so it will have no endpoints (Endpoints: <none>). Deployment http-go labels its pods `app=http-go`; make the selector match.",
        },
        expected: "app=http-go",
        actual: "run=http-go",
        severity: "warning",
      },
    ]);
  });

  it("reports targetPorts nothing listens on, from a manifest, from kubectl expose and by port name", () => {
    expect(findingsOf("target-port")).toEqual([
      {
        ruleId: "audit/target-port",
        at: {
          line: 25,
          column: 5,
        },
        message: {
          ko: "Service mysql은(는) 파드의 3006번 포트로 보내지만 Pod mysql의 이미지 mysql:8.0은(는) 3306번에서 듣는다. targetPort를 3306(으)로 고친다.",
          en: "Service mysql sends to port 3006 of the pods, but Pod mysql's image mysql:8.0 listens on 3306. Set targetPort to 3306.",
        },
        expected: "3306",
        actual: "3006",
        severity: "warning",
      },
      {
        ruleId: "audit/target-port",
        at: {
          line: 33,
          column: 1,
        },
        message: {
          ko: "Service http-go은(는) 파드의 80번 포트로 보내지만 Deployment http-go의 이미지 gasbugs/http-go은(는) 8080번에서 듣는다. --target-port를 8080(으)로 고친다.",
          en: "Service http-go sends to port 80 of the pods, but Deployment http-go's image gasbugs/http-go listens on 8080. Set --target-port to 8080.",
        },
        expected: "8080",
        actual: "80",
        severity: "warning",
      },
      {
        ruleId: "audit/target-port",
        at: {
          line: 49,
          column: 5,
        },
        message: {
          ko: "Service web의 targetPort `http`: 선택된 파드의 컨테이너에 그런 이름의 포트가 없다. containerPort에 `name: http`를 주거나 숫자 포트를 쓴다.",
          en: "Service web's targetPort `http`: no container of the selected pods has a port with that name. Name a containerPort `http` or use a number.",
        },
        severity: "warning",
      },
    ]);
  });

  it("reports a misspelt kubectl verb, program name and resource type, and the removed rolling-update", () => {
    expect(findingsOf("kubectl-typo")).toEqual([
      {
        ruleId: "audit/kubectl-typo",
        at: {
          line: 4,
          column: 1,
        },
        message: {
          ko: 'kubectl에는 `decribe` 명령이 없다 (error: unknown command "decribe"). `describe`을(를) 말한 것인가?',
          en: 'kubectl has no `decribe` command (error: unknown command "decribe"). Did you mean `describe`?',
        },
        expected: "describe",
        actual: "decribe",
        severity: "warning",
      },
      {
        ruleId: "audit/kubectl-typo",
        at: {
          line: 5,
          column: 1,
        },
        message: {
          ko: 'kubectl에는 `log` 명령이 없다 (error: unknown command "log"). `logs`을(를) 말한 것인가?',
          en: 'kubectl has no `log` command (error: unknown command "log"). Did you mean `logs`?',
        },
        expected: "logs",
        actual: "log",
        severity: "warning",
      },
      {
        ruleId: "audit/kubectl-typo",
        at: {
          line: 6,
          column: 1,
        },
        message: {
          ko: "`kubect`은(는) 없는 명령이다 (command not found). `kubectl`로 고친다.",
          en: "`kubect` is no command (command not found). Write `kubectl`.",
        },
        expected: "kubectl",
        actual: "kubect",
        severity: "warning",
      },
      {
        ruleId: "audit/kubectl-typo",
        at: {
          line: 7,
          column: 1,
        },
        message: {
          ko: '`pdo`라는 리소스 종류는 없다 (error: the server doesn\'t have a resource type "pdo"). `pod`을(를) 말한 것인가?',
          en: 'There is no resource type `pdo` (error: the server doesn\'t have a resource type "pdo"). Did you mean `pod`?',
        },
        expected: "pod",
        actual: "pdo",
        severity: "warning",
      },
      {
        ruleId: "audit/kubectl-typo",
        at: {
          line: 8,
          column: 1,
        },
        message: {
          ko: "`kubectl rolling-update`는 없어진 명령이다. Deployment와 `kubectl rollout`을 쓴다.",
          en: "`kubectl rolling-update` was removed. Use a Deployment and `kubectl rollout`.",
        },
        expected: "rollout",
        actual: "rolling-update",
        severity: "warning",
      },
    ]);
  });

  it("reports a misspelt flag, --it written for -it, and a -- glued to its command", () => {
    expect(findingsOf("flag-typo")).toEqual([
      {
        ruleId: "audit/flag-typo",
        at: {
          line: 4,
          column: 1,
        },
        message: {
          ko: "`--show-lables`라는 플래그는 없다 (error: unknown flag: --show-lables). `--show-labels`을(를) 말한 것인가?",
          en: "There is no flag `--show-lables` (error: unknown flag: --show-lables). Did you mean `--show-labels`?",
        },
        expected: "--show-labels",
        actual: "--show-lables",
        severity: "warning",
      },
      {
        ruleId: "audit/flag-typo",
        at: {
          line: 5,
          column: 1,
        },
        message: {
          ko: "`--it`라는 플래그는 없다 (error: unknown flag: --it). 대시 하나로 `-it`(= `-i -t`)라고 쓴다.",
          en: "There is no flag `--it` (error: unknown flag: --it). Write `-it` (= `-i -t`) with one dash.",
        },
        expected: "kubectl run client --image=nginx -it --rm -- sh",
        actual: "kubectl run client --image=nginx --it --rm -- sh",
        severity: "warning",
      },
      {
        ruleId: "audit/flag-typo",
        at: {
          line: 6,
          column: 1,
        },
        message: {
          ko: "`--curl`: `--`와 명령 `curl` 사이에 공백이 빠졌다. `-- curl`로 쓴다.",
          en: "`--curl`: the space between `--` and the command `curl` is missing. Write `-- curl`.",
        },
        expected: "kubectl exec web -- curl localhost",
        actual: "kubectl exec web --curl localhost",
        severity: "warning",
      },
    ]);
  });

  it("reports bash, curl and dig in busybox pods, typed in the pod's shell or given after --", () => {
    expect(findingsOf("busybox")).toEqual([
      {
        ruleId: "audit/busybox-tool",
        at: {
          line: 4,
          column: 1,
        },
        message: {
          ko: "busybox 이미지에는 bash가 없다. `sh`를 쓴다.",
          en: "The busybox image has no bash. Use `sh`.",
        },
        expected: "kubectl run tester -it --rm --image=busybox -- sh",
        actual: "kubectl run tester -it --rm --image=busybox -- bash",
        severity: "warning",
      },
      {
        ruleId: "audit/busybox-tool",
        at: {
          line: 10,
          column: 1,
        },
        message: {
          ko: "busybox 이미지에는 curl이 없다 (sh: curl: not found). `wget -qO- http://web:80`처럼 wget을 쓰거나 curlimages/curl 이미지를 쓴다.",
          en: "The busybox image has no curl (sh: curl: not found). Use wget, as in `wget -qO- http://web:80`, or the curlimages/curl image.",
        },
        expected: "wget -qO- http://web:80",
        actual: "curl http://web:80",
        severity: "warning",
      },
      {
        ruleId: "audit/busybox-tool",
        at: {
          line: 11,
          column: 1,
        },
        message: {
          ko: "busybox 이미지에는 dig가 없다. `nslookup web.default.svc.cluster.local`를 쓴다.",
          en: "The busybox image has no dig. Use `nslookup web.default.svc.cluster.local`.",
        },
        expected: "nslookup web.default.svc.cluster.local",
        actual: "dig web.default.svc.cluster.local",
        severity: "warning",
      },
      {
        ruleId: "audit/busybox-tool",
        at: {
          line: 13,
          column: 1,
        },
        message: {
          ko: "busybox:1.28 이미지에는 curl이 없다 (sh: curl: not found). `wget -qO- web`처럼 wget을 쓰거나 curlimages/curl 이미지를 쓴다.",
          en: "The busybox:1.28 image has no curl (sh: curl: not found). Use wget, as in `wget -qO- web`, or the curlimages/curl image.",
        },
        expected: "wget -qO- web",
        actual: "curl -s web",
        severity: "warning",
      },
      {
        ruleId: "audit/busybox-tool",
        at: {
          line: 14,
          column: 1,
        },
        message: {
          ko: "busybox 이미지에는 curl이 없다 (sh: curl: not found). `wget -qO- web`처럼 wget을 쓰거나 curlimages/curl 이미지를 쓴다.",
          en: "The busybox image has no curl (sh: curl: not found). Use wget, as in `wget -qO- web`, or the curlimages/curl image.",
        },
        expected: "wget -qO- web",
        actual: "curl web",
        severity: "warning",
      },
    ]);
  });

  it("reports placeholders left in commands but not jsonpath, awk programs or brace expansion", () => {
    expect(findingsOf("placeholder")).toEqual([
      {
        ruleId: "audit/placeholder",
        at: {
          line: 25,
          column: 1,
        },
        message: {
          ko: "명령에 자리표시자 `{타입}`이(가) 남아 있다. 실제 이름으로 바꾼다.",
          en: "The command still has the placeholder `{타입}`; replace it with a real name.",
        },
        severity: "warning",
      },
      {
        ruleId: "audit/placeholder",
        at: {
          line: 25,
          column: 1,
        },
        message: {
          ko: "명령에 자리표시자 `{네임스페이스}`이(가) 남아 있다. 실제 이름으로 바꾼다.",
          en: "The command still has the placeholder `{네임스페이스}`; replace it with a real name.",
        },
        severity: "warning",
      },
      {
        ruleId: "audit/placeholder",
        at: {
          line: 26,
          column: 1,
        },
        message: {
          ko: "명령에 자리표시자 `<pod-name>`이(가) 남아 있다. 실제 이름으로 바꾼다 (예: `deploy/web`는 그 Deployment의 파드 하나를 가리킨다).",
          en: "The command still has the placeholder `<pod-name>`; replace it with a real name (e.g. `deploy/web` names one pod of that Deployment).",
        },
        expected: "kubectl logs deploy/web",
        actual: "kubectl logs <pod-name>",
        severity: "warning",
      },
      {
        ruleId: "audit/placeholder",
        at: {
          line: 27,
          column: 1,
        },
        message: {
          ko: "명령에 자리표시자 `<포드 이름>`이(가) 남아 있다. 실제 이름으로 바꾼다 (예: `deploy/web`는 그 Deployment의 파드 하나를 가리킨다).",
          en: "The command still has the placeholder `<포드 이름>`; replace it with a real name (e.g. `deploy/web` names one pod of that Deployment).",
        },
        expected: "kubectl exec -it deploy/web -- sh",
        actual: "kubectl exec -it <포드 이름> -- sh",
        severity: "warning",
      },
      {
        ruleId: "audit/placeholder",
        at: {
          line: 28,
          column: 1,
        },
        message: {
          ko: "명령에 자리표시자 `[svc]`이(가) 남아 있다. 실제 이름으로 바꾼다.",
          en: "The command still has the placeholder `[svc]`; replace it with a real name.",
        },
        severity: "warning",
      },
    ]);
  });

  it("reports kubectl run without a NAME, and a shell that would become the pod's name", () => {
    expect(findingsOf("run-without-name")).toEqual([
      {
        ruleId: "audit/run-without-name",
        at: {
          line: 4,
          column: 1,
        },
        message: {
          ko: "`kubectl run`에는 파드 이름이 필요하다 (error: NAME is required for run). `kubectl run` 바로 뒤에 이름을 쓴다 (예: `tmp`).",
          en: "`kubectl run` needs a pod name (error: NAME is required for run). Put one right after `kubectl run` (e.g. `tmp`).",
        },
        expected: "kubectl run tmp -it --rm --image=busybox -- sh",
        actual: "kubectl run -it --rm --image=busybox -- sh",
        severity: "warning",
      },
      {
        ruleId: "audit/run-shell-name",
        at: {
          line: 5,
          column: 1,
        },
        message: {
          ko: "`bash`이(가) 셸이 아니라 파드 이름이 된다. 이름을 따로 주고 셸은 `--` 뒤에 쓴다.",
          en: "`bash` becomes the pod's name, not its shell. Give a name and put the shell after `--`.",
        },
        expected: "kubectl run -it --rm --image=busybox tmp -- sh",
        actual: "kubectl run -it --rm --image=busybox bash",
        severity: "warning",
      },
    ]);
  });

  it("reports kubectl exec POD COMMAND without -- and leaves the -- form alone", () => {
    expect(findingsOf("exec-without-dashdash")).toEqual([
      {
        ruleId: "audit/exec-without-dashdash",
        at: {
          line: 4,
          column: 1,
        },
        message: {
          ko: "`kubectl exec POD 명령` 형식은 더 이상 지원되지 않는다 (error: exec [POD] [COMMAND] is not supported anymore). 명령 앞에 `--`를 넣는다.",
          en: "`kubectl exec POD COMMAND` is not supported anymore (error: exec [POD] [COMMAND] is not supported anymore). Put `--` before the command.",
        },
        expected: "kubectl exec -it http-go-rs-4152m -- bash",
        actual: "kubectl exec -it http-go-rs-4152m bash",
        severity: "warning",
      },
      {
        ruleId: "audit/exec-without-dashdash",
        at: {
          line: 5,
          column: 1,
        },
        message: {
          ko: "`kubectl exec POD 명령` 형식은 더 이상 지원되지 않는다 (error: exec [POD] [COMMAND] is not supported anymore). 명령 앞에 `--`를 넣는다.",
          en: "`kubectl exec POD COMMAND` is not supported anymore (error: exec [POD] [COMMAND] is not supported anymore). Put `--` before the command.",
        },
        expected: "kubectl exec web-0 -- env",
        actual: "kubectl exec web-0 env",
        severity: "warning",
      },
    ]);
  });

  it("reports Unicode dashes pasted into commands and reads the commands as meant otherwise", () => {
    expect(findingsOf("unicode-dash")).toEqual([
      {
        ruleId: "audit/unicode-dash",
        at: {
          line: 4,
          column: 1,
        },
        message: {
          ko: "명령에 하이픈(-) 대신 유니코드 대시(– —)가 있다. 워드프로세서나 블로그 편집기가 바꾼 것이니 ASCII `-`로 고친다.",
          en: "The command has Unicode dashes (– —) where hyphens belong, as word processors and blog editors write them. Use ASCII `-`.",
        },
        expected: "kubectl get pod --show-labels",
        actual: "kubectl get pod —-show-labels",
        severity: "warning",
      },
      {
        ruleId: "audit/unicode-dash",
        at: {
          line: 5,
          column: 1,
        },
        message: {
          ko: "명령에 하이픈(-) 대신 유니코드 대시(– —)가 있다. 워드프로세서나 블로그 편집기가 바꾼 것이니 ASCII `-`로 고친다.",
          en: "The command has Unicode dashes (– —) where hyphens belong, as word processors and blog editors write them. Use ASCII `-`.",
        },
        expected: "kubectl apply -f web.yaml",
        actual: "kubectl apply –f web.yaml",
        severity: "warning",
      },
      {
        ruleId: "audit/unicode-dash",
        at: {
          line: 6,
          column: 1,
        },
        message: {
          ko: "명령에 하이픈(-) 대신 유니코드 대시(– —)가 있다. 워드프로세서나 블로그 편집기가 바꾼 것이니 ASCII `-`로 고친다.",
          en: "The command has Unicode dashes (– —) where hyphens belong, as word processors and blog editors write them. Use ASCII `-`.",
        },
        expected: "kubectl exec hello-app -- env",
        actual: "kubectl exec hello-app -– env",
        severity: "warning",
      },
    ]);
  });

  it("reports a while loop without do and leaves a well-formed for loop alone", () => {
    expect(findingsOf("shell-syntax")).toEqual([
      {
        ruleId: "audit/shell-syntax",
        at: {
          line: 4,
          column: 1,
        },
        message: {
          ko: "반복문에 `do`가 빠졌다 (syntax error near unexpected token `done'). 조건 뒤에 `; do`를 넣는다.",
          en: "The loop has no `do` (syntax error near unexpected token `done'). Put `; do` after its condition.",
        },
        expected: "while true; do curl 10.107.200.227; sleep 1; done",
        actual: "while true; curl 10.107.200.227; sleep 1; done",
        severity: "warning",
      },
    ]);
  });
});
