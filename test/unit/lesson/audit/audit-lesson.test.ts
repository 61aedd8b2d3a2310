import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { auditLesson } from "../../../../lesson/audit/index.ts";

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/audit/${name}.md`, import.meta.url), "utf8");

describe("auditLesson", () => {
  it("splits mixed blocks at prompts, attaches output blocks to their command and shows diagrams, DNS names and comments without running them", () => {
    expect(auditLesson("mixed-blocks.md", fixture("mixed-blocks"))).toEqual({
      path: "mixed-blocks.md",
      frontmatter: {
        title: "서비스로 파드 묶기",
        description: "",
        order: 0,
        cluster: {},
      },
      steps: [
        {
          kind: "shell",
          at: {
            line: 5,
            column: 1,
          },
          lang: "bash",
          commands: [
            {
              at: {
                line: 6,
                column: 3,
              },
              text: "kubectl create deployment web --image=nginx --replicas=2",
              expected: "deployment.apps/web created",
              expectedAt: {
                line: 7,
                column: 1,
              },
            },
            {
              at: {
                line: 8,
                column: 3,
              },
              text: "kubectl expose deployment web --port=80",
              expected: "service/web exposed",
              expectedAt: {
                line: 9,
                column: 1,
              },
            },
          ],
          hidden: false,
          match: "tolerant",
        },
        {
          kind: "shell",
          at: {
            line: 14,
            column: 1,
          },
          lang: "sh",
          commands: [
            {
              at: {
                line: 15,
                column: 1,
              },
              text: "kubectl get svc web",
              expected:
                "NAME   TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE\nweb    ClusterIP   10.96.120.15   <none>        80/TCP    5s",
              expectedAt: {
                line: 16,
                column: 1,
              },
            },
          ],
          hidden: false,
          match: "tolerant",
        },
        {
          kind: "shell",
          at: {
            line: 20,
            column: 1,
          },
          lang: "sh",
          commands: [
            {
              at: {
                line: 21,
                column: 1,
              },
              text: "kubectl get endpoints web",
              expected: "NAME   ENDPOINTS                     AGE\nweb    10.244.1.3:80,10.244.2.4:80   8s",
              expectedAt: {
                line: 24,
                column: 1,
              },
            },
          ],
          hidden: false,
          match: "tolerant",
        },
        {
          kind: "shell",
          at: {
            line: 30,
            column: 1,
          },
          lang: "shell",
          commands: [
            {
              at: {
                line: 31,
                column: 1,
              },
              text: "kubectl get endpointslice -l kubernetes.io/service-name=web",
              expected:
                "NAME        ADDRESSTYPE   PORTS   ENDPOINTS               AGE\nweb-x7k2p   IPv4          80      10.244.1.3,10.244.2.4   9s",
              expectedAt: {
                line: 37,
                column: 1,
              },
            },
          ],
          hidden: false,
          match: "tolerant",
        },
        {
          kind: "shell",
          at: {
            line: 41,
            column: 1,
          },
          lang: "sh",
          commands: [
            {
              at: {
                line: 43,
                column: 1,
              },
              text: "kubectl describe svc web",
            },
            {
              at: {
                line: 45,
                column: 1,
              },
              text: "kubectl get svc web -o wide",
            },
          ],
          hidden: false,
          match: "tolerant",
        },
        {
          kind: "shell",
          at: {
            line: 48,
            column: 1,
          },
          lang: "bash",
          commands: [
            {
              at: {
                line: 49,
                column: 1,
              },
              text: "kubectl get pods -l app=web",
              expected:
                "NAME                   READY   STATUS    RESTARTS   AGE\nweb-5d8f7c9b4d-abcde   1/1     Running   0          20s",
              expectedAt: {
                line: 51,
                column: 3,
              },
            },
          ],
          hidden: false,
          match: "tolerant",
        },
        {
          kind: "illustrative",
          at: {
            line: 55,
            column: 1,
          },
          lang: "mermaid",
          content: "flowchart LR\n  client --> svc[Service web] --> pod1 & pod2",
          reason: "다이어그램 (mermaid)",
        },
        {
          kind: "illustrative",
          at: {
            line: 62,
            column: 1,
          },
          lang: "bash",
          content: "web.default.svc.cluster.local\nweb.default.svc",
          reason: "DNS 이름 목록",
        },
        {
          kind: "illustrative",
          at: {
            line: 67,
            column: 1,
          },
          lang: "bash",
          content: "# 여기서는 아무것도 실행하지 않습니다",
          reason: "주석뿐인 블록",
        },
      ],
      diagnostics: [
        {
          ruleId: "audit/default-frontmatter",
          severity: "info",
          at: {
            line: 1,
            column: 1,
          },
          message: {
            ko: '머리말(frontmatter)이 없어 제목은 첫 제목 "서비스로 파드 묶기", 순서는 0, 클러스터는 기본값으로 정했다.',
            en: 'No frontmatter: the title is the first heading, "서비스로 파드 묶기"; the order is 0 and the cluster is the default one.',
          },
        },
        {
          ruleId: "audit/split-block",
          severity: "info",
          at: {
            line: 5,
            column: 1,
          },
          message: {
            ko: "프롬프트가 있는 줄을 명령으로, 그 사이 줄을 출력으로 나눴다: 명령 2개, 출력 2개.",
            en: "Split the block at its prompt lines: commands: 2, outputs: 2.",
          },
        },
        {
          ruleId: "audit/split-block",
          severity: "info",
          at: {
            line: 14,
            column: 1,
          },
          message: {
            ko: "프롬프트가 없어 명령이 아닌 줄을 바로 앞 명령의 출력으로 봤다: 명령 1개, 출력 1개.",
            en: "No prompts: lines that are not commands were taken as the output of the command before them: commands: 1, outputs: 1.",
          },
        },
        {
          ruleId: "audit/inferred-output",
          severity: "info",
          at: {
            line: 23,
            column: 1,
          },
          message: {
            ko: "이 블록을 앞 명령 `kubectl get endpoints web`의 예상 출력으로 봤다 (명령 블록 바로 뒤).",
            en: "Took this block as the expected output of the command before it, `kubectl get endpoints web` (right after the command block).",
          },
        },
        {
          ruleId: "audit/inferred-output",
          severity: "info",
          at: {
            line: 36,
            column: 1,
          },
          message: {
            ko: "이 블록을 앞 명령 `kubectl get endpointslice -l kubernetes.io/service-name=web`의 예상 출력으로 봤다 (앞 문장이 출력을 예고함).",
            en: "Took this block as the expected output of the command before it, `kubectl get endpointslice -l kubernetes.io/service-name=web` (the sentence before it announces output).",
          },
        },
        {
          ruleId: "audit/reclassified",
          severity: "info",
          at: {
            line: 36,
            column: 1,
          },
          message: {
            ko: "펜스 언어는 `shell`이지만 내용으로 보아 출력이다.",
            en: "The fence says `shell` but the content is output.",
          },
        },
        {
          ruleId: "audit/reclassified",
          severity: "info",
          at: {
            line: 41,
            column: 1,
          },
          message: {
            ko: "펜스 언어는 `yaml`이지만 내용으로 보아 명령이다.",
            en: "The fence says `yaml` but the content is commands.",
          },
        },
        {
          ruleId: "audit/prose-in-block",
          severity: "info",
          at: {
            line: 44,
            column: 1,
          },
          message: {
            ko: '명령도 출력도 아닌 줄을 뺐다: "또는"',
            en: 'Left out a line that is neither a command nor output: "또는"',
          },
        },
        {
          ruleId: "audit/split-block",
          severity: "info",
          at: {
            line: 48,
            column: 1,
          },
          message: {
            ko: "프롬프트가 없어 명령이 아닌 줄을 바로 앞 명령의 출력으로 봤다: 명령 1개, 출력 1개.",
            en: "No prompts: lines that are not commands were taken as the output of the command before them: commands: 1, outputs: 1.",
          },
        },
        {
          ruleId: "audit/illustrative",
          severity: "info",
          at: {
            line: 55,
            column: 1,
          },
          message: {
            ko: "실행하지 않고 보여 주기만 한다: 다이어그램 (mermaid)",
            en: "Shown, not run: a diagram (mermaid)",
          },
        },
        {
          ruleId: "audit/illustrative",
          severity: "info",
          at: {
            line: 62,
            column: 1,
          },
          message: {
            ko: "실행하지 않고 보여 주기만 한다: DNS 이름 목록",
            en: "Shown, not run: a list of DNS names",
          },
        },
        {
          ruleId: "audit/illustrative",
          severity: "info",
          at: {
            line: 67,
            column: 1,
          },
          message: {
            ko: "실행하지 않고 보여 주기만 한다: 주석뿐인 블록",
            en: "Shown, not run: only comments",
          },
        },
      ],
    });
  });

  it("names unnamed manifests from a first-line comment, a bold caption, title=, an editor command and the next kubectl apply -f, and leaves an unreferenced one illustrative", () => {
    expect(auditLesson("file-names.md", fixture("file-names"))).toEqual({
      path: "file-names.md",
      frontmatter: {
        title: "파일 이름 추론",
        description: "",
        order: 3,
        cluster: {},
      },
      steps: [
        {
          kind: "file",
          at: {
            line: 8,
            column: 1,
          },
          name: "web-deploy.yaml",
          content:
            "# web-deploy.yaml (디플로이먼트)\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25",
          hidden: false,
        },
        {
          kind: "file",
          at: {
            line: 31,
            column: 1,
          },
          name: "web-svc.yaml",
          content:
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 80",
          hidden: false,
        },
        {
          kind: "file",
          at: {
            line: 44,
            column: 1,
          },
          name: "client.yaml",
          content:
            'apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  containers:\n  - name: curl\n    image: curlimages/curl\n    command: ["sleep", "infinity"]',
          hidden: false,
        },
        {
          kind: "shell",
          at: {
            line: 58,
            column: 1,
          },
          lang: "bash",
          commands: [
            {
              at: {
                line: 59,
                column: 1,
              },
              text: "kubectl create configmap demo --from-literal=a=1 --dry-run=client -o yaml > demo-cm.yaml",
            },
          ],
          hidden: false,
          match: "tolerant",
        },
        {
          kind: "file",
          at: {
            line: 65,
            column: 1,
          },
          name: "demo-cm.yaml",
          content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  a: "2"',
          hidden: false,
        },
        {
          kind: "file",
          at: {
            line: 76,
            column: 1,
          },
          name: "web-nodeport.yaml",
          content:
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web-np\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n  - port: 80",
          hidden: false,
        },
        {
          kind: "shell",
          at: {
            line: 89,
            column: 1,
          },
          lang: "bash",
          commands: [
            {
              at: {
                line: 90,
                column: 1,
              },
              text: "kubectl apply -f web-deploy.yaml -f web-svc.yaml",
            },
            {
              at: {
                line: 91,
                column: 1,
              },
              text: "kubectl apply -f client.yaml",
            },
            {
              at: {
                line: 92,
                column: 1,
              },
              text: "kubectl apply -f demo-cm.yaml",
            },
            {
              at: {
                line: 93,
                column: 1,
              },
              text: "kubectl apply -f web-nodeport.yaml",
            },
          ],
          hidden: false,
          match: "tolerant",
        },
        {
          kind: "illustrative",
          at: {
            line: 98,
            column: 1,
          },
          lang: "yaml",
          content: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: lonely",
          reason: "이름을 알 수 없는 매니페스트",
        },
      ],
      diagnostics: [
        {
          ruleId: "audit/inferred-file",
          severity: "info",
          at: {
            line: 8,
            column: 1,
          },
          message: {
            ko: "이름 없는 매니페스트를 `web-deploy.yaml` 파일로 봤다 (첫 줄 주석).",
            en: "Took this unnamed manifest as the file `web-deploy.yaml` (its first-line comment).",
          },
        },
        {
          ruleId: "audit/inferred-file",
          severity: "info",
          at: {
            line: 31,
            column: 1,
          },
          message: {
            ko: '이름 없는 매니페스트를 `web-svc.yaml` 파일로 봤다 (앞 줄 "📒 web-svc.yaml").',
            en: 'Took this unnamed manifest as the file `web-svc.yaml` (the line before it, "📒 web-svc.yaml").',
          },
        },
        {
          ruleId: "audit/inferred-file",
          severity: "info",
          at: {
            line: 65,
            column: 1,
          },
          message: {
            ko: "이름 없는 매니페스트를 `demo-cm.yaml` 파일로 봤다 (앞 명령 `vi demo-cm.yaml`; 편집기 명령은 이 파일 쓰기로 대신한다).",
            en: "Took this unnamed manifest as the file `demo-cm.yaml` (the command before it, `vi demo-cm.yaml`; writing this file replaces the editor command).",
          },
        },
        {
          ruleId: "audit/inferred-file",
          severity: "info",
          at: {
            line: 76,
            column: 1,
          },
          message: {
            ko: "이름 없는 매니페스트를 `web-nodeport.yaml` 파일로 봤다 (93행 `kubectl apply -f web-nodeport.yaml`이(가) 적용하는, 아직 정의되지 않은 파일).",
            en: "Took this unnamed manifest as the file `web-nodeport.yaml` (the not yet defined file that `kubectl apply -f web-nodeport.yaml` on line 93 applies).",
          },
        },
        {
          ruleId: "audit/unnamed-manifest",
          severity: "warning",
          at: {
            line: 98,
            column: 1,
          },
          message: {
            ko: '이 매니페스트의 파일 이름을 알 수 없어 실행하지 않는다. 첫 줄에 `# 이름.yaml` 주석을 달거나, 펜스에 title="이름.yaml"을 쓰거나, 뒤에서 `kubectl apply -f 이름.yaml`로 적용한다.',
            en: 'This manifest has no file name, so it is not run. Add a first line `# name.yaml`, a fence title="name.yaml", or apply it later with `kubectl apply -f name.yaml`.',
          },
        },
      ],
    });
  });

  it("follows kubectl exec -it and kubectl run -it into the pod, with / # and # prompts, until exit", () => {
    expect(auditLesson("pod-shell.md", fixture("pod-shell"))).toEqual({
      path: "pod-shell.md",
      frontmatter: {
        title: "파드 안에서 확인하기",
        description: "",
        order: 0,
        cluster: {},
      },
      steps: [
        {
          kind: "shell",
          at: {
            line: 3,
            column: 1,
          },
          lang: "bash",
          commands: [
            {
              at: {
                line: 4,
                column: 1,
              },
              text: "kubectl run client --image=busybox:1.36 --restart=Never -- sleep 3600",
            },
            {
              at: {
                line: 5,
                column: 1,
              },
              text: "kubectl exec -it client -- sh",
            },
          ],
          hidden: false,
          match: "tolerant",
        },
        {
          kind: "shell",
          at: {
            line: 10,
            column: 1,
          },
          lang: "sh",
          commands: [
            {
              at: {
                line: 11,
                column: 5,
              },
              text: "wget -qO- web",
              expected: "<h1>Welcome to nginx!</h1>",
              expectedAt: {
                line: 12,
                column: 1,
              },
            },
            {
              at: {
                line: 13,
                column: 5,
              },
              text: "nslookup web",
              expected:
                "Server:         10.96.0.10\nAddress:        10.96.0.10:53\n\nName:   web.default.svc.cluster.local\nAddress: 10.96.120.15",
              expectedAt: {
                line: 14,
                column: 1,
              },
            },
            {
              at: {
                line: 19,
                column: 5,
              },
              text: "exit",
            },
          ],
          hidden: false,
          match: "tolerant",
        },
        {
          kind: "shell",
          at: {
            line: 24,
            column: 1,
          },
          lang: "bash",
          commands: [
            {
              at: {
                line: 25,
                column: 1,
              },
              text: "kubectl run tmp -it --rm --image=busybox --restart=Never",
            },
            {
              at: {
                line: 26,
                column: 3,
              },
              text: "wget -qO- web",
            },
            {
              at: {
                line: 27,
                column: 3,
              },
              text: "exit",
            },
          ],
          hidden: false,
          match: "tolerant",
        },
        {
          kind: "shell",
          at: {
            line: 32,
            column: 1,
          },
          lang: "bash",
          commands: [
            {
              at: {
                line: 34,
                column: 1,
              },
              text: "kubectl delete pod client",
            },
          ],
          hidden: false,
          match: "tolerant",
        },
      ],
      diagnostics: [
        {
          ruleId: "audit/default-frontmatter",
          severity: "info",
          at: {
            line: 1,
            column: 1,
          },
          message: {
            ko: '머리말(frontmatter)이 없어 제목은 첫 제목 "파드 안에서 확인하기", 순서는 0, 클러스터는 기본값으로 정했다.',
            en: 'No frontmatter: the title is the first heading, "파드 안에서 확인하기"; the order is 0 and the cluster is the default one.',
          },
        },
        {
          ruleId: "audit/pod-shell",
          severity: "info",
          at: {
            line: 5,
            column: 1,
          },
          message: {
            ko: "이 명령이 파드 client 안의 셸을 연다. 이어지는 명령은 `exit`까지 그 파드 안에서 실행된다.",
            en: "This command opens a shell in pod client; the commands after it run in that pod until `exit`.",
          },
        },
        {
          ruleId: "audit/split-block",
          severity: "info",
          at: {
            line: 10,
            column: 1,
          },
          message: {
            ko: "프롬프트가 있는 줄을 명령으로, 그 사이 줄을 출력으로 나눴다: 명령 3개, 출력 2개.",
            en: "Split the block at its prompt lines: commands: 3, outputs: 2.",
          },
        },
        {
          ruleId: "audit/pod-shell",
          severity: "info",
          at: {
            line: 25,
            column: 1,
          },
          message: {
            ko: "이 명령이 파드 tmp 안의 셸을 연다. 이어지는 명령은 `exit`까지 그 파드 안에서 실행된다.",
            en: "This command opens a shell in pod tmp; the commands after it run in that pod until `exit`.",
          },
        },
      ],
    });
  });

  it("repairs a lesson whose UTF-8 was read as Windows-1252 before reading it", () => {
    expect(auditLesson("mojibake.md", fixture("mojibake"))).toEqual({
      path: "mojibake.md",
      frontmatter: {
        title: "서비스 디버깅",
        description: "",
        order: 0,
        cluster: {},
      },
      steps: [
        {
          kind: "shell",
          at: {
            line: 5,
            column: 1,
          },
          lang: "bash",
          commands: [
            {
              at: {
                line: 6,
                column: 1,
              },
              text: "kubectl get pods -o wide",
            },
          ],
          hidden: false,
          match: "tolerant",
        },
      ],
      diagnostics: [
        {
          ruleId: "audit/default-frontmatter",
          severity: "info",
          at: {
            line: 1,
            column: 1,
          },
          message: {
            ko: '머리말(frontmatter)이 없어 제목은 첫 제목 "서비스 디버깅", 순서는 0, 클러스터는 기본값으로 정했다.',
            en: 'No frontmatter: the title is the first heading, "서비스 디버깅"; the order is 0 and the cluster is the default one.',
          },
        },
        {
          ruleId: "audit/mojibake-repaired",
          severity: "warning",
          at: {
            line: 1,
            column: 1,
          },
          message: {
            ko: "UTF-8 글자가 Windows-1252(Latin-1)로 잘못 읽혀 깨져 있던 8곳을 복원했다. 원본 파일을 UTF-8로 다시 저장한다.",
            en: "Repaired 8 runs of UTF-8 text that had been mis-decoded as Windows-1252 (Latin-1). Save the source as UTF-8.",
          },
        },
      ],
    });
  });
});
