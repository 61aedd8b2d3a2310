/**
 * The lesson compiler: small Markdown lessons and the whole Lesson each compiles to, one
 * feature or diagnostic per test. The frontmatter helper takes five lines, so the body's first
 * line is line 6 of the file.
 */
import { describe, expect, it } from "vitest";
import { compileLesson } from "../../../../lesson/compile/index.ts";
import type { Diagnostic, Lesson, Severity, Step } from "../../../../lesson/model.ts";

const fm = "---\ntitle: 서비스\ndescription: 클러스터 IP\norder: 1\n---\n";
const frontmatter = { title: "서비스", description: "클러스터 IP", order: 1, cluster: {} };
const compile = (body: string) => compileLesson("lesson.md", fm + body);
const lesson = (steps: Step[], diagnostics: Diagnostic[] = []): Lesson => ({
  path: "lesson.md",
  frontmatter,
  steps,
  diagnostics,
});
const at = (line: number, column = 1) => ({ line, column });
const fence = "```";

describe("frontmatter", () => {
  it("reads title, description, order, the cluster and the budget", () => {
    const source = [
      "---",
      "title: 서비스와 엔드포인트",
      "description: 셀렉터가 파드를 고른다",
      "order: 3",
      "budgetSeconds: 60",
      "cluster:",
      "  nodes: 3",
      "  proxyMode: ipvs",
      "  cni: flannel",
      "  loadBalancer: { pool: 172.18.255.200-172.18.255.250 }",
      "  externalHosts: [{ name: example.com, ip: 93.184.216.34 }]",
      "  seed: 7",
      "---",
      "",
      "# 서비스",
    ].join("\n");
    expect(compileLesson("03-service.md", source)).toEqual({
      path: "03-service.md",
      frontmatter: {
        title: "서비스와 엔드포인트",
        description: "셀렉터가 파드를 고른다",
        order: 3,
        budgetSeconds: 60,
        cluster: {
          nodes: 3,
          proxyMode: "ipvs",
          cni: "flannel",
          loadBalancer: { pool: "172.18.255.200-172.18.255.250" },
          externalHosts: [{ name: "example.com", ip: "93.184.216.34" }],
          seed: 7,
        },
      },
      steps: [],
      diagnostics: [],
    });
  });

  it("reports a lesson without frontmatter and takes the title from the first heading", () => {
    expect(compileLesson("a.md", "# 첫 레슨\n\n본문\n")).toEqual({
      path: "a.md",
      frontmatter: { title: "첫 레슨", description: "", order: 0, cluster: {} },
      steps: [],
      diagnostics: [
        {
          ruleId: "kubook/frontmatter-missing",
          severity: "error",
          at: at(1),
          message: {
            ko: "레슨은 `---`로 감싼 YAML 프런트매터(title, description, order)로 시작한다.",
            en: "a lesson starts with YAML frontmatter between `---` lines (title, description, order).",
          },
        },
      ],
    });
  });

  it("reports frontmatter whose closing line is missing", () => {
    expect(compileLesson("a.md", "---\ntitle: x\n\n본문\n")).toEqual({
      path: "a.md",
      frontmatter: { title: "a.md", description: "", order: 0, cluster: {} },
      steps: [],
      diagnostics: [
        {
          ruleId: "kubook/frontmatter-missing",
          severity: "error",
          at: at(1),
          message: { ko: "프런트매터를 닫는 `---` 줄이 없다.", en: "the frontmatter has no closing `---` line." },
        },
      ],
    });
  });

  it("explains a tab in the frontmatter's indentation at its line in the file", () => {
    const result = compileLesson("a.md", "---\ntitle: x\ncluster:\n\tnodes: 2\n---\n# 제목\n");
    expect(result).toEqual({
      path: "a.md",
      frontmatter: { title: "제목", description: "", order: 0, cluster: {} },
      steps: [],
      diagnostics: [
        {
          ruleId: "kubook/frontmatter-syntax",
          severity: "error",
          at: at(4),
          message: {
            ko: "프런트매터: 들여쓰기에 탭 문자가 있다. YAML은 탭 대신 공백으로 들여 쓴다.",
            en: "frontmatter: a tab character is used for indentation; YAML indents with spaces, not tabs.",
          },
        },
      ],
    });
  });

  it("reports missing fields, wrong types and unknown keys at their lines, keeping the valid ones", () => {
    const source =
      "---\ntitle: 서비스\norder: first\ncluster:\n  nodes: 0\n  proxymode: ipvs\n  cni: kindnet\ntags: [a]\n---\n";
    expect(compileLesson("a.md", source)).toEqual({
      path: "a.md",
      frontmatter: { title: "서비스", description: "", order: 0, cluster: { cni: "kindnet" } },
      steps: [],
      diagnostics: [
        {
          ruleId: "kubook/frontmatter-invalid",
          severity: "error",
          at: at(1),
          message: { ko: "프런트매터: `description` 필드가 필요하다.", en: "frontmatter: `description` is required." },
        },
        {
          ruleId: "kubook/frontmatter-invalid",
          severity: "error",
          at: at(3),
          message: {
            ko: "프런트매터: `order` 값이 올바르지 않다. 쓸 수 있는 값: 수.",
            en: "frontmatter: `order` must be a number.",
          },
        },
        {
          ruleId: "kubook/frontmatter-invalid",
          severity: "error",
          at: at(5),
          message: {
            ko: "프런트매터: `cluster.nodes` 값이 올바르지 않다. 쓸 수 있는 값: 1부터 100까지의 정수.",
            en: "frontmatter: `cluster.nodes` must be an integer from 1 to 100.",
          },
        },
        {
          ruleId: "kubook/frontmatter-unknown-key",
          severity: "error",
          at: at(6),
          message: {
            ko: "프런트매터: 알 수 없는 키 `cluster.proxymode` (`proxyMode`?). `cluster`에 쓸 수 있는 키: nodes, proxyMode, cni, loadBalancer, externalHosts, seed.",
            en: "frontmatter: unknown key `cluster.proxymode` (`proxyMode`?); the keys of `cluster` are nodes, proxyMode, cni, loadBalancer, externalHosts, seed.",
          },
        },
        {
          ruleId: "kubook/frontmatter-unknown-key",
          severity: "error",
          at: at(8),
          message: {
            ko: "프런트매터: 알 수 없는 키 `tags`. 쓸 수 있는 키: title, description, order, cluster, budgetSeconds.",
            en: "frontmatter: unknown key `tags`; the keys are title, description, order, cluster, budgetSeconds.",
          },
        },
      ],
    });
  });
});

describe("file blocks", () => {
  it("writes a YAML block named by title, file or filename, content as written with a final newline", () => {
    const body = [
      `${fence}yaml title="web.yaml"`,
      "apiVersion: v1",
      "kind: Service",
      fence,
      "",
      `${fence}yml file="pod.yml"`,
      "kind: Pod",
      fence,
      "",
      `${fence}json filename=cm.json`,
      '{"kind": "ConfigMap"}',
      fence,
    ].join("\n");
    expect(compile(body)).toEqual(
      lesson([
        { kind: "file", at: at(6), name: "web.yaml", content: "apiVersion: v1\nkind: Service\n", hidden: false },
        { kind: "file", at: at(11), name: "pod.yml", content: "kind: Pod\n", hidden: false },
        { kind: "file", at: at(15), name: "cm.json", content: '{"kind": "ConfigMap"}\n', hidden: false },
      ]),
    );
  });

  it("names a block by its first-line comment and keeps the comment in the file", () => {
    const body = `${fence}yaml\n# web.yaml\n---\napiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\n${fence}\n`;
    expect(compile(body)).toEqual(
      lesson([
        {
          kind: "file",
          at: at(6),
          name: "web.yaml",
          content: "# web.yaml\n---\napiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\n",
          hidden: false,
        },
      ]),
    );
  });

  it("reports an unnamed manifest, and shows an illustrative one without running it", () => {
    const body = `${fence}yaml\nkind: Service\n${fence}\n\n${fence}yaml illustrative="spec의 일부"\nports:\n- port: 80\n${fence}\n`;
    expect(compile(body)).toEqual(
      lesson(
        [{ kind: "illustrative", at: at(10), lang: "yaml", content: "ports:\n- port: 80", reason: "spec의 일부" }],
        [
          {
            ruleId: "kubook/unnamed-file",
            severity: "error",
            at: at(6),
            message: {
              ko: '매니페스트에 이름이 없다. 펜스에 `title="web.yaml"`을 붙이거나 첫 줄에 `# web.yaml`을 쓴다. 실행하지 않는 조각이면 `illustrative="이유"`를 붙인다.',
              en: 'the manifest has no name: add `title="web.yaml"` to the fence or a first line `# web.yaml`; a fragment that is not run takes `illustrative="reason"`.',
            },
          },
        ],
      ),
    );
  });

  it("reports an empty file block, counting a lone name comment as empty", () => {
    const body = `${fence}yaml title="a.yaml"\n${fence}\n\n${fence}yaml\n# b.yaml\n${fence}\n`;
    const empty = { ko: "파일 블록이 비어 있다.", en: "the file block is empty." };
    expect(compile(body)).toEqual(
      lesson(
        [],
        [
          { ruleId: "kubook/empty-file", severity: "error", at: at(6), message: empty },
          { ruleId: "kubook/empty-file", severity: "error", at: at(9), message: empty },
        ],
      ),
    );
  });

  it("explains broken YAML at the line inside the block mapped to the file: tabs, indentation, duplicate keys, aliases", () => {
    const bombs = Array.from({ length: 17 }, (_, i) => `k${i}: *a`).join("\n");
    const body = [
      `${fence}yaml title="tab.yaml"`,
      "metadata:",
      "\tname: web",
      fence,
      "",
      `${fence}yaml title="indent.yaml"`,
      "metadata:",
      "  name: web",
      "   labels: {}",
      fence,
      "",
      `${fence}yaml title="dup.yaml"`,
      "kind: Pod",
      "kind: Service",
      fence,
      "",
      `${fence}yaml title="bomb.yaml"`,
      "a: &a [1, 2]",
      bombs,
      fence,
    ].join("\n");
    const result = compile(body);
    expect(result).toEqual(
      lesson(
        [
          { kind: "file", at: at(6), name: "tab.yaml", content: "metadata:\n\tname: web\n", hidden: false },
          {
            kind: "file",
            at: at(11),
            name: "indent.yaml",
            content: "metadata:\n  name: web\n   labels: {}\n",
            hidden: false,
          },
          { kind: "file", at: at(17), name: "dup.yaml", content: "kind: Pod\nkind: Service\n", hidden: false },
          { kind: "file", at: at(22), name: "bomb.yaml", content: `a: &a [1, 2]\n${bombs}\n`, hidden: false },
        ],
        [
          {
            ruleId: "kubook/yaml-syntax",
            severity: "error",
            at: at(8),
            message: {
              ko: "tab.yaml: 들여쓰기에 탭 문자가 있다. YAML은 탭 대신 공백으로 들여 쓴다. 일부러 틀린 파일이면 펜스에 `fails`를 붙인다.",
              en: "tab.yaml: a tab character is used for indentation; YAML indents with spaces, not tabs. If the file is broken on purpose, add `fails` to the fence.",
            },
          },
          {
            ruleId: "kubook/yaml-syntax",
            severity: "error",
            at: at(14, 10),
            message: {
              ko: "indent.yaml: 들여쓰기가 맞지 않는다. 같은 수준의 키는 같은 칸에서 시작한다. (bad indentation of a mapping entry) 일부러 틀린 파일이면 펜스에 `fails`를 붙인다.",
              en: "indent.yaml: the indentation is wrong: keys at the same level start in the same column. (bad indentation of a mapping entry) If the file is broken on purpose, add `fails` to the fence.",
            },
          },
          {
            ruleId: "kubook/yaml-syntax",
            severity: "error",
            at: at(19),
            message: {
              ko: "dup.yaml: 같은 매핑에 같은 키가 두 번 나온다. 일부러 틀린 파일이면 펜스에 `fails`를 붙인다.",
              en: "dup.yaml: a key appears twice in the same mapping. If the file is broken on purpose, add `fails` to the fence.",
            },
          },
          {
            ruleId: "kubook/yaml-syntax",
            severity: "error",
            at: at(40, 7),
            message: {
              ko: "bomb.yaml: 별칭(*name)이 너무 많다. 한 문서에 16개까지 쓸 수 있다. 일부러 틀린 파일이면 펜스에 `fails`를 붙인다.",
              en: "bomb.yaml: too many aliases (*name): at most 16 per document. If the file is broken on purpose, add `fails` to the fence.",
            },
          },
        ],
      ),
    );
  });

  it("accepts a file that is broken on purpose when the fence says fails", () => {
    expect(compile(`${fence}yaml title="tab.yaml" fails\nmetadata:\n\tname: web\n${fence}\n`)).toEqual(
      lesson([{ kind: "file", at: at(6), name: "tab.yaml", content: "metadata:\n\tname: web\n", hidden: false }]),
    );
  });

  it("reports a manifest with apiVersion and kind that cannot be parsed, even when it has no name", () => {
    const result = compile(`${fence}json\n{"apiVersion": "v1", "kind": "Pod",, }\n${fence}\n`);
    expect(result.steps).toEqual([]);
    expect(result.diagnostics.map((d) => [d.ruleId, d.at])).toEqual([
      ["kubook/unnamed-file", at(6)],
      ["kubook/yaml-syntax", at(7, 36)],
    ]);
    expect(result.diagnostics[1]!.message).toEqual({
      ko: "매니페스트: YAML을 읽을 수 없다: expected the node content, but found ',' 일부러 틀린 파일이면 펜스에 `fails`를 붙인다.",
      en: "manifest: cannot read the YAML: expected the node content, but found ',' If the file is broken on purpose, add `fails` to the fence.",
    });
  });

  it("reports two names for one file and an empty name", () => {
    const result = compile(
      `${fence}yaml title="a.yaml" file="b.yaml"\nkind: Pod\n${fence}\n\n${fence}yaml title=""\n# c.yaml\nkind: Pod\n${fence}\n`,
    );
    expect(result).toEqual(
      lesson(
        [
          { kind: "file", at: at(6), name: "a.yaml", content: "kind: Pod\n", hidden: false },
          { kind: "file", at: at(10), name: "c.yaml", content: "# c.yaml\nkind: Pod\n", hidden: false },
        ],
        [
          {
            ruleId: "kubook/invalid-attribute",
            severity: "error",
            at: at(6, 24),
            message: {
              ko: "파일 이름은 title, file, filename 중 하나로만 준다.",
              en: "name the file with one of title, file, filename.",
            },
          },
          {
            ruleId: "kubook/invalid-attribute",
            severity: "error",
            at: at(10, 9),
            message: { ko: "파일 이름이 비어 있다.", en: "the file name is empty." },
          },
        ],
      ),
    );
  });
});

describe("shell blocks", () => {
  it("takes prompted commands with their output, joining > and backslash continuation lines", () => {
    const body = [
      `${fence}console`,
      "$ kubectl run web --image=nginx \\",
      "    --port=80",
      "pod/web created",
      "$ cat <<EOF",
      "> hello",
      "> EOF",
      "hello",
      "",
      "$ kubectl get pods",
      "NAME   READY",
      "web    1/1",
      "",
      "$ true",
      fence,
    ].join("\n");
    expect(compile(body)).toEqual(
      lesson([
        {
          kind: "shell",
          at: at(6),
          lang: "console",
          hidden: false,
          match: "tolerant",
          commands: [
            {
              at: at(7),
              text: "kubectl run web --image=nginx \\\n    --port=80",
              expected: "pod/web created",
              expectedAt: at(9),
            },
            { at: at(10), text: "cat <<EOF\nhello\nEOF", expected: "hello", expectedAt: at(13) },
            { at: at(15), text: "kubectl get pods", expected: "NAME   READY\nweb    1/1", expectedAt: at(16) },
            { at: at(19), text: "true", expected: "" },
          ],
        },
      ]),
    );
  });

  it("takes every complete line of a prompt-less block as a command, with heredocs, continuations and compound commands spanning lines", () => {
    const body = [
      `${fence}bash`,
      "# 디플로이먼트를 만든다",
      "kubectl create deployment web --image=nginx",
      "",
      "cat <<'EOF' > web.txt",
      "$ not a prompt here",
      "EOF",
      "kubectl get pods |",
      "  grep web",
      "for i in 1 2 3; do",
      '  echo "$i"',
      "done",
      "echo 'two",
      "lines'",
      fence,
    ].join("\n");
    expect(compile(body)).toEqual(
      lesson([
        {
          kind: "shell",
          at: at(6),
          lang: "bash",
          hidden: false,
          match: "tolerant",
          commands: [
            { at: at(8), text: "kubectl create deployment web --image=nginx" },
            { at: at(10), text: "cat <<'EOF' > web.txt\n$ not a prompt here\nEOF" },
            { at: at(13), text: "kubectl get pods |\n  grep web" },
            { at: at(15), text: 'for i in 1 2 3; do\n  echo "$i"\ndone' },
            { at: at(18), text: "echo 'two\nlines'" },
          ],
        },
      ]),
    );
  });

  it("recognises pod prompts after a command that opens a shell in a pod, across blocks, until exit", () => {
    const body = [
      `${fence}console`,
      "$ kubectl exec -it web -- sh",
      "/ # hostname",
      "web",
      fence,
      "",
      `${fence}console`,
      "/ # cat /etc/resolv.conf",
      "# generated",
      "nameserver 10.96.0.10",
      "~ $ exit",
      "$ kubectl run -it --rm tmp --image=debian",
      "root@tmp:/# getent hosts web",
      "10.96.0.12  web.default.svc.cluster.local",
      "root@tmp:/# exit",
      "$ echo back",
      "back",
      "# not a prompt on the workstation",
      fence,
    ].join("\n");
    expect(compile(body)).toEqual(
      lesson([
        {
          kind: "shell",
          at: at(6),
          lang: "console",
          hidden: false,
          match: "tolerant",
          commands: [
            { at: at(7), text: "kubectl exec -it web -- sh", expected: "" },
            { at: at(8), text: "hostname", expected: "web", expectedAt: at(9) },
          ],
        },
        {
          kind: "shell",
          at: at(12),
          lang: "console",
          hidden: false,
          match: "tolerant",
          commands: [
            { at: at(13), text: "cat /etc/resolv.conf", expected: "" },
            { at: at(14), text: "generated", expected: "nameserver 10.96.0.10", expectedAt: at(15) },
            { at: at(16), text: "exit", expected: "" },
            { at: at(17), text: "kubectl run -it --rm tmp --image=debian", expected: "" },
            {
              at: at(18),
              text: "getent hosts web",
              expected: "10.96.0.12  web.default.svc.cluster.local",
              expectedAt: at(19),
            },
            { at: at(20), text: "exit", expected: "" },
            {
              at: at(21),
              text: "echo back",
              expected: "back\n# not a prompt on the workstation",
              expectedAt: at(22),
            },
          ],
        },
      ]),
    );
  });

  it("does not open a pod shell for a one-off command in a pod", () => {
    const body = [
      `${fence}console`,
      "$ kubectl exec -it web -- sh -c 'hostname'",
      "web",
      "$ kubectl run -it --rm curl --image=curlimages/curl -- curl -s web",
      "/ # is output here",
      fence,
    ].join("\n");
    expect(compile(body)).toEqual(
      lesson([
        {
          kind: "shell",
          at: at(6),
          lang: "console",
          hidden: false,
          match: "tolerant",
          commands: [
            { at: at(7), text: "kubectl exec -it web -- sh -c 'hostname'", expected: "web", expectedAt: at(8) },
            {
              at: at(9),
              text: "kubectl run -it --rm curl --image=curlimages/curl -- curl -s web",
              expected: "/ # is output here",
              expectedAt: at(10),
            },
          ],
        },
      ]),
    );
  });

  it("reports text before the first prompt, an incomplete command, and a block without commands", () => {
    const body = [
      `${fence}sh`,
      "stray output",
      "$ echo 'open",
      fence,
      "",
      `${fence}sh`,
      "# only a comment",
      fence,
    ].join("\n");
    expect(compile(body)).toEqual(
      lesson(
        [
          {
            kind: "shell",
            at: at(6),
            lang: "sh",
            hidden: false,
            match: "tolerant",
            commands: [{ at: at(8), text: "echo 'open", expected: "" }],
          },
        ],
        [
          {
            ruleId: "kubook/output-without-command",
            severity: "error",
            at: at(7),
            message: {
              ko: "프롬프트(`$ `) 앞이나 빈 프롬프트 뒤에 명령 없는 줄이 있다.",
              en: "there are lines before the first prompt (`$ `) or after an empty prompt, belonging to no command.",
            },
          },
          {
            ruleId: "kubook/incomplete-command",
            severity: "error",
            at: at(8),
            message: {
              ko: "명령이 끝나지 않았다: 따옴표가 닫히지 않았다.",
              en: "the command is not complete: a quote is not closed.",
            },
          },
          {
            ruleId: "kubook/empty-block",
            severity: "error",
            at: at(11),
            message: { ko: "셸 블록에 명령이 없다.", en: "the shell block has no command." },
          },
        ],
      ),
    );
  });

  it("makes an untagged fence right after a shell block the expected output of its last command, with its attributes", () => {
    const body = [
      `${fence}sh`,
      "kubectl apply -f web.yaml",
      "kubectl get svc web",
      fence,
      `${fence}text match="exact"`,
      "NAME   TYPE",
      "web    ClusterIP",
      "",
      fence,
      "",
      `${fence}sh`,
      "curl -s http://10.0.0.1",
      fence,
      "",
      `${fence} exit=7`,
      "curl: (7) Failed to connect",
      fence,
      "",
      "출력은 다음과 같다:",
      "",
      fence,
      "not attached: prose comes between",
      fence,
    ].join("\n");
    expect(compile(body)).toEqual(
      lesson([
        {
          kind: "shell",
          at: at(6),
          lang: "sh",
          hidden: false,
          match: "exact",
          commands: [
            { at: at(7), text: "kubectl apply -f web.yaml" },
            { at: at(8), text: "kubectl get svc web", expected: "NAME   TYPE\nweb    ClusterIP", expectedAt: at(11) },
          ],
        },
        {
          kind: "shell",
          at: at(16),
          lang: "sh",
          hidden: false,
          match: "tolerant",
          expectExit: 7,
          commands: [
            {
              at: at(17),
              text: "curl -s http://10.0.0.1",
              expected: "curl: (7) Failed to connect",
              expectedAt: at(21),
            },
          ],
        },
      ]),
    );
  });

  it("reports an output fence after a command that already has output", () => {
    const body = `${fence}console\n$ echo hi\nhi\n${fence}\n${fence}output\nhi\n${fence}\n`;
    expect(compile(body)).toEqual(
      lesson(
        [
          {
            kind: "shell",
            at: at(6),
            lang: "console",
            hidden: false,
            match: "tolerant",
            commands: [{ at: at(7), text: "echo hi", expected: "hi", expectedAt: at(8) }],
          },
        ],
        [
          {
            ruleId: "kubook/duplicate-output",
            severity: "error",
            at: at(10),
            message: {
              ko: "앞 셸 블록의 마지막 명령에 이미 기대 출력이 있다.",
              en: "the last command of the shell block before already has expected output.",
            },
          },
        ],
      ),
    );
  });
});

describe("block attributes", () => {
  it("reads exit=N, fails and match, and shows an illustrative shell block without running it", () => {
    const body = [
      `${fence}sh exit=1`,
      "false",
      fence,
      "",
      `${fence}zsh fails match=exact`,
      "kubectl get pod nope",
      fence,
      "",
      `${fence}shell illustrative="가상의 출력"`,
      "kubectl get nodes",
      fence,
    ].join("\n");
    expect(compile(body)).toEqual(
      lesson([
        {
          kind: "shell",
          at: at(6),
          lang: "sh",
          hidden: false,
          match: "tolerant",
          expectExit: 1,
          commands: [{ at: at(7), text: "false" }],
        },
        {
          kind: "shell",
          at: at(10),
          lang: "zsh",
          hidden: false,
          match: "exact",
          expectExit: "nonzero",
          commands: [{ at: at(11), text: "kubectl get pod nope" }],
        },
        { kind: "illustrative", at: at(14), lang: "shell", content: "kubectl get nodes", reason: "가상의 출력" },
      ]),
    );
  });

  it("reports unknown attributes, bad values, conflicts, attributes a block cannot take, and unreadable meta", () => {
    const body = [
      `${fence}sh timeout=5 exit=300 match=fuzzy`,
      "true",
      fence,
      "",
      `${fence}sh exit=1 fails title="x.sh"`,
      "false",
      fence,
      "",
      `${fence}python illustrative`,
      "print(1)",
      fence,
      "",
      `${fence}sh match="exact`,
      "true",
      fence,
    ].join("\n");
    const invalid = (line: number, column: number, ko: string, en: string, severity: Severity = "error") => ({
      ruleId: "kubook/invalid-attribute",
      severity,
      at: at(line, column),
      message: { ko, en },
    });
    expect(compile(body)).toEqual(
      lesson(
        [
          {
            kind: "shell",
            at: at(6),
            lang: "sh",
            hidden: false,
            match: "tolerant",
            commands: [{ at: at(7), text: "true" }],
          },
          {
            kind: "shell",
            at: at(10),
            lang: "sh",
            hidden: false,
            match: "tolerant",
            commands: [{ at: at(11), text: "false" }],
          },
          { kind: "illustrative", at: at(14), lang: "python", content: "print(1)", reason: "" },
          {
            kind: "shell",
            at: at(18),
            lang: "sh",
            hidden: false,
            match: "tolerant",
            commands: [{ at: at(19), text: "true" }],
          },
        ],
        [
          {
            ruleId: "kubook/unknown-attribute",
            severity: "error",
            at: at(6, 7),
            message: {
              ko: "알 수 없는 블록 속성 `timeout`. 쓸 수 있는 속성: illustrative, exit, fails, match, kubook, title, file, filename.",
              en: "unknown block attribute `timeout`; the attributes are illustrative, exit, fails, match, kubook, title, file, filename.",
            },
          },
          invalid(6, 17, "`exit`의 값은 0부터 255까지의 정수다.", "the value of `exit` is an integer from 0 to 255."),
          invalid(6, 26, '`match`의 값은 "exact"나 "tolerant"다.', 'the value of `match` is "exact" or "tolerant".'),
          invalid(10, 14, "`exit`와 `fails`는 함께 쓰지 않는다.", "`exit` and `fails` do not go together."),
          invalid(
            10,
            20,
            "`sh` 블록에는 `title` 속성을 쓸 수 없다.",
            "the `title` attribute does not apply to a `sh` block.",
          ),
          invalid(
            14,
            11,
            '`illustrative="…"`에 실행하지 않는 이유를 적는다.',
            'give `illustrative="…"` the reason the block is not run.',
            "warning",
          ),
          invalid(
            18,
            7,
            '블록 속성을 읽을 수 없다: `match="exact`. `key="value"`나 `key` 꼴로 쓴다.',
            'cannot read the block attribute `match="exact`; write `key="value"` or `key`.',
          ),
        ],
      ),
    );
  });
});

describe("hidden steps and assertions", () => {
  it("runs the blocks of a kubook:hidden comment without showing them, with lesson positions", () => {
    const body = [
      "<!-- kubook:hidden",
      `${fence}yaml title="client.yaml"`,
      "kind: Pod",
      fence,
      "",
      `${fence}sh`,
      "kubectl apply -f client.yaml",
      "",
      "kubectl wait --for=condition=Ready pod/client",
      fence,
      "-->",
    ].join("\n");
    expect(compile(body)).toEqual(
      lesson([
        { kind: "file", at: at(7), name: "client.yaml", content: "kind: Pod\n", hidden: true },
        {
          kind: "shell",
          at: at(11),
          lang: "sh",
          hidden: true,
          match: "tolerant",
          commands: [
            { at: at(12), text: "kubectl apply -f client.yaml" },
            { at: at(14), text: "kubectl wait --for=condition=Ready pod/client" },
          ],
        },
      ]),
    );
  });

  it("warns about a hidden comment with nothing to run and an illustrative block inside one", () => {
    const body = `<!-- kubook:hidden 설정 -->\n\n<!-- kubook:hidden\n${fence}sh illustrative="x"\nls\n${fence}\n-->\n`;
    const empty = {
      ko: "`kubook:hidden` 주석 안에 실행할 코드 블록이 없다.",
      en: "the `kubook:hidden` comment holds no code block to run.",
    };
    expect(compile(body)).toEqual(
      lesson(
        [],
        [
          { ruleId: "kubook/empty-hidden", severity: "warning", at: at(6), message: empty },
          { ruleId: "kubook/empty-hidden", severity: "warning", at: at(8), message: empty },
          {
            ruleId: "kubook/invalid-attribute",
            severity: "warning",
            at: at(9, 7),
            message: {
              ko: "숨긴 블록은 보이지 않으므로 `illustrative`가 뜻이 없다.",
              en: "a hidden block is never shown, so `illustrative` means nothing there.",
            },
          },
        ],
      ),
    );
  });

  it("reads hidden kubook:assert comments and shown kubook=assert fences, one assertion or a list, of every kind", () => {
    const body = [
      "<!-- kubook:assert",
      "endpoints: { service: web, namespace: shop, count: 3, ready: 2, ports: [80] }",
      "-->",
      "",
      `${fence}yaml kubook="assert"`,
      "- request:",
      "    from: deploy/client",
      "    url: http://web",
      "    count: 10",
      "    status: 200",
      "    bodyContains: hello",
      "    bodyMatches: '^hello'",
      "    backends: { atLeast: 2 }",
      "- request: { from: workstation, url: 'http://10.0.0.1', outcome: timeout, reason: no-endpoints }",
      "- dns: { from: pod/client, name: web.shop, type: A, answers: ['10.96.0.12'], count: 1, rcode: NOERROR }",
      "- object:",
      "    kind: Service",
      "    name: web",
      "    exists: true",
      "    fields:",
      "      spec.ports[0].nodePort: 30080",
      "- event: { object: pod/web, reason: Pulled, type: Normal, messageContains: nginx }",
      fence,
    ].join("\n");
    expect(compile(body)).toEqual(
      lesson([
        {
          kind: "assert",
          at: at(6),
          hidden: true,
          assertions: [{ endpoints: { service: "web", namespace: "shop", count: 3, ready: 2, ports: [80] } }],
        },
        {
          kind: "assert",
          at: at(10),
          hidden: false,
          assertions: [
            {
              request: {
                from: "deploy/client",
                url: "http://web",
                count: 10,
                status: 200,
                bodyContains: "hello",
                bodyMatches: "^hello",
                backends: { atLeast: 2 },
              },
            },
            { request: { from: "workstation", url: "http://10.0.0.1", outcome: "timeout", reason: "no-endpoints" } },
            {
              dns: {
                from: "pod/client",
                name: "web.shop",
                type: "A",
                answers: ["10.96.0.12"],
                count: 1,
                rcode: "NOERROR",
              },
            },
            { object: { kind: "Service", name: "web", exists: true, fields: { "spec.ports[0].nodePort": 30080 } } },
            { event: { object: "pod/web", reason: "Pulled", type: "Normal", messageContains: "nginx" } },
          ],
        },
      ]),
    );
  });

  it("reports invalid assertions at the line of the offending key and keeps the valid ones", () => {
    const body = [
      "<!-- kubook:assert",
      "- endpoints:",
      "    service: web",
      "    count: many",
      "- request:",
      "    from: client",
      "    url: http://web",
      "    bodyMatches: '('",
      "    backends:",
      "      same: yes please",
      "- dns:",
      "    name: web",
      "    timeout: 5",
      "- service: web",
      "- endpoints: { service: db }",
      "-->",
    ].join("\n");
    const invalid = (line: number, ko: string, en: string) => ({
      ruleId: "kubook/invalid-assertion",
      severity: "error" as const,
      at: at(line),
      message: { ko, en },
    });
    expect(compile(body)).toEqual(
      lesson(
        [{ kind: "assert", at: at(6), hidden: true, assertions: [{ endpoints: { service: "db" } }] }],
        [
          invalid(
            9,
            "어서션: `[0].endpoints.count` 값이 올바르지 않다. 쓸 수 있는 값: 0 이상의 정수.",
            "assertion: `[0].endpoints.count` must be an integer of at least 0.",
          ),
          invalid(
            11,
            "어서션: `[1].request.from` 값이 올바르지 않다. 쓸 수 있는 값: workstation, pod/이름, deploy/이름, node/이름.",
            "assertion: `[1].request.from` must be workstation, pod/NAME, deploy/NAME or node/NAME.",
          ),
          invalid(
            13,
            "어서션: `[1].request.bodyMatches` 값이 올바르지 않다. 쓸 수 있는 값: 문자열 (올바른 정규 표현식).",
            "assertion: `[1].request.bodyMatches` must be a string (a valid regular expression).",
          ),
          invalid(
            15,
            "어서션: `[1].request.backends.same` 값이 올바르지 않다. 쓸 수 있는 값: true 또는 false.",
            "assertion: `[1].request.backends.same` must be true or false.",
          ),
          invalid(16, "어서션: `[2].dns.from` 필드가 필요하다.", "assertion: `[2].dns.from` is required."),
          invalid(
            18,
            "어서션: 알 수 없는 키 `[2].dns.timeout`. `[2].dns`에 쓸 수 있는 키: from, name, type, answers, count, rcode.",
            "assertion: unknown key `[2].dns.timeout`; the keys of `[2].dns` are from, name, type, answers, count, rcode.",
          ),
          invalid(
            19,
            "어서션은 endpoints, request, dns, object, event 중 한 키를 가진 매핑이다 (`service`는 알 수 없는 키다).",
            "an assertion is a mapping with one key, one of endpoints, request, dns, object, event (`service` is unknown).",
          ),
        ],
      ),
    );
  });

  it("maps a YAML error in an assertion to its line and reports an empty assertion", () => {
    const body = `<!-- kubook:assert\nendpoints:\n  service: web\n  service: db\n-->\n\n${fence}yaml kubook="assert"\n${fence}\n`;
    expect(compile(body)).toEqual(
      lesson(
        [],
        [
          {
            ruleId: "kubook/yaml-syntax",
            severity: "error",
            at: at(9, 3),
            message: {
              ko: "어서션: 같은 매핑에 같은 키가 두 번 나온다.",
              en: "assertion: a key appears twice in the same mapping.",
            },
          },
          {
            ruleId: "kubook/invalid-assertion",
            severity: "error",
            at: at(13),
            message: { ko: "어서션이 비어 있다.", en: "the assertion is empty." },
          },
        ],
      ),
    );
  });

  it("reports unknown directives, unclosed comments and a comment glued to an HTML block", () => {
    const body =
      "<!-- kubook:skip -->\n\n<!-- 보통 주석 -->\n\n<details>\n<!-- kubook:hidden\n\n-->\n</details>\n\n<!-- kubook:hidden\n";
    expect(compile(body)).toEqual(
      lesson(
        [],
        [
          {
            ruleId: "kubook/unknown-directive",
            severity: "error",
            at: at(6),
            message: {
              ko: "알 수 없는 지시문 `kubook:skip`. 쓸 수 있는 지시문: hidden, assert, exercise, check, end-exercise.",
              en: "unknown directive `kubook:skip`; the directives are hidden, assert, exercise, check, end-exercise.",
            },
          },
          {
            ruleId: "kubook/comment-in-html-block",
            severity: "error",
            at: at(11),
            message: {
              ko: "주석이 바로 위의 HTML 블록에 붙어 있어 빈 줄에서 끊긴다. 주석 앞에 빈 줄을 둔다.",
              en: "the comment is glued to the HTML block above it, so a blank line cuts it; leave a blank line before the comment.",
            },
          },
          {
            ruleId: "kubook/unclosed-comment",
            severity: "error",
            at: at(16),
            message: { ko: "HTML 주석을 닫는 `-->`가 없다.", en: "the HTML comment has no closing `-->`." },
          },
        ],
      ),
    );
  });
});

describe("exercises", () => {
  it("compiles an exercise: task, hints with or without blank lines, hidden check, solution; blocks in the task run before it", () => {
    const body = [
      '<!-- kubook:exercise id="fix-selector" title="셀렉터 고치기" -->',
      "",
      "서비스 `web`에 엔드포인트가 없다. 고친다.",
      "",
      `${fence}sh`,
      "kubectl get endpoints web",
      fence,
      "",
      "<details><summary>힌트 1</summary>",
      "레이블을 비교한다.",
      "</details>",
      "",
      "<details>",
      "<summary>💡 Hint 2</summary>",
      "",
      "`kubectl get pods --show-labels`",
      "",
      "</details>",
      "",
      "<!-- kubook:check",
      "endpoints: { service: web, ready: 2 }",
      "-->",
      "",
      "<details><summary>풀이</summary>",
      "",
      `${fence}yaml title="svc.yaml"`,
      "kind: Service",
      fence,
      "",
      `${fence}console`,
      "$ kubectl apply -f svc.yaml",
      "service/web configured",
      fence,
      "",
      "</details>",
      "",
      "<!-- kubook:end-exercise -->",
    ].join("\n");
    expect(compile(body)).toEqual(
      lesson([
        {
          kind: "shell",
          at: at(10),
          lang: "sh",
          hidden: false,
          match: "tolerant",
          commands: [{ at: at(11), text: "kubectl get endpoints web" }],
        },
        {
          kind: "exercise",
          at: at(6),
          id: "fix-selector",
          title: "셀렉터 고치기",
          task: `서비스 \`web\`에 엔드포인트가 없다. 고친다.\n\n${fence}sh\nkubectl get endpoints web\n${fence}`,
          hints: ["레이블을 비교한다.", "`kubectl get pods --show-labels`"],
          check: [{ endpoints: { service: "web", ready: 2 } }],
          checkAt: at(25),
          solution: [
            { kind: "file", at: at(31), name: "svc.yaml", content: "kind: Service\n", hidden: false },
            {
              kind: "shell",
              at: at(35),
              lang: "console",
              hidden: false,
              match: "tolerant",
              commands: [
                {
                  at: at(36),
                  text: "kubectl apply -f svc.yaml",
                  expected: "service/web configured",
                  expectedAt: at(37),
                },
              ],
            },
          ],
        },
      ]),
    );
  });

  it("reports an exercise without id, title, check or solution, and a solution with an assertion or a fence glued into HTML", () => {
    const body = [
      "<!-- kubook:exercise -->",
      "과제",
      "<!-- kubook:end-exercise -->",
      "",
      '<!-- kubook:exercise id="a" title="A" -->',
      "<details><summary>풀이</summary>",
      `${fence}sh`,
      "ls",
      fence,
      "</details>",
      "",
      "<details><summary>정답</summary>",
      "",
      "<!-- kubook:assert",
      "endpoints: { service: web }",
      "-->",
      "",
      "</details>",
      "",
      "<!-- kubook:end-exercise -->",
    ].join("\n");
    const d = (ruleId: string, line: number, ko: string, en: string, severity: Severity = "error") => ({
      ruleId,
      severity,
      at: at(line),
      message: { ko, en },
    });
    expect(compile(body)).toEqual(
      lesson(
        [
          {
            kind: "exercise",
            at: at(6),
            id: "exercise-6",
            title: "",
            task: "과제",
            hints: [],
            check: [],
            checkAt: at(6),
            solution: [],
          },
          {
            kind: "exercise",
            at: at(10),
            id: "a",
            title: "A",
            task: "",
            hints: [],
            check: [],
            checkAt: at(10),
            solution: [],
          },
        ],
        [
          d(
            "kubook/exercise-attributes",
            6,
            '연습 문제에는 `id="…"`와 `title="…"`가 필요하다.',
            'an exercise needs `id="…"` and `title="…"`.',
          ),
          d(
            "kubook/exercise-without-check",
            6,
            "연습 문제 `exercise-6`에 `<!-- kubook:check … -->`가 없다.",
            "exercise `exercise-6` has no `<!-- kubook:check … -->`.",
          ),
          d(
            "kubook/exercise-without-solution",
            6,
            "연습 문제 `exercise-6`에 파일이나 셸 블록이 든 풀이(`<details><summary>풀이</summary>`)가 없다.",
            "exercise `exercise-6` has no solution (`<details><summary>풀이</summary>`) with file or shell blocks.",
          ),
          d(
            "kubook/exercise-without-check",
            10,
            "연습 문제 `a`에 `<!-- kubook:check … -->`가 없다.",
            "exercise `a` has no `<!-- kubook:check … -->`.",
          ),
          d(
            "kubook/exercise-without-solution",
            10,
            "연습 문제 `a`에 파일이나 셸 블록이 든 풀이(`<details><summary>풀이</summary>`)가 없다.",
            "exercise `a` has no solution (`<details><summary>풀이</summary>`) with file or shell blocks.",
          ),
          d(
            "kubook/fence-in-html",
            12,
            "HTML 블록 안의 코드 펜스는 코드 블록이 되지 않는다. `<details>`/`<summary>` 줄과 코드 블록 사이에 빈 줄을 둔다.",
            "a code fence inside an HTML block is not a code block; leave a blank line between the `<details>`/`<summary>` lines and the code block.",
            "warning",
          ),
          d(
            "kubook/invalid-solution-block",
            19,
            "풀이(`<details><summary>풀이</summary>`)에는 파일 블록과 셸 블록만 둔다.",
            "a solution (`<details><summary>풀이</summary>`) holds only file and shell blocks.",
          ),
        ],
      ),
    );
  });

  it("reports nested, unclosed and duplicate exercises and check or end-exercise outside one", () => {
    const body = [
      "<!-- kubook:check",
      "endpoints: { service: web }",
      "-->",
      "",
      "<!-- kubook:end-exercise -->",
      "",
      '<!-- kubook:exercise id="a" title="A" level="2" -->',
      "",
      '<!-- kubook:exercise id="b" title="B" -->',
      "",
      "<!-- kubook:end-exercise -->",
      "",
      '<!-- kubook:exercise id="a" title="A again" -->',
    ].join("\n");
    const result = compile(body);
    expect(result.steps.map((s) => s.kind === "exercise" && s.id)).toEqual(["a", "a"]);
    expect(result.diagnostics.map((d) => [d.ruleId, d.at.line, d.at.column])).toEqual([
      ["kubook/directive-outside-exercise", 6, 1],
      ["kubook/directive-outside-exercise", 10, 1],
      ["kubook/exercise-without-check", 12, 1],
      ["kubook/exercise-without-solution", 12, 1],
      ["kubook/unknown-attribute", 12, 39],
      ["kubook/nested-exercise", 14, 1],
      ["kubook/duplicate-exercise-id", 18, 1],
      ["kubook/unclosed-exercise", 18, 1],
      ["kubook/exercise-without-check", 18, 1],
      ["kubook/exercise-without-solution", 18, 1],
    ]);
    expect(result.diagnostics[5]!.message).toEqual({
      ko: "연습 문제 `a`가 아직 열려 있다. 새 연습 문제 전에 `<!-- kubook:end-exercise -->`로 닫는다.",
      en: "exercise `a` is still open; close it with `<!-- kubook:end-exercise -->` before the next one.",
    });
    expect(result.diagnostics[7]!.message).toEqual({
      ko: "연습 문제 `a`를 닫는 `<!-- kubook:end-exercise -->`가 없다.",
      en: "exercise `a` has no closing `<!-- kubook:end-exercise -->`.",
    });
  });

  it("reports a hint whose details are never closed", () => {
    const body = '<!-- kubook:exercise id="a" title="A" -->\n\n<details><summary>힌트</summary>\n\n끝없는 힌트\n';
    const result = compile(body);
    expect(result.steps).toEqual([
      {
        kind: "exercise",
        at: at(6),
        id: "a",
        title: "A",
        task: "",
        hints: ["끝없는 힌트"],
        check: [],
        checkAt: at(6),
        solution: [],
      },
    ]);
    expect(result.diagnostics.map((d) => [d.ruleId, d.at.line])).toEqual([
      ["kubook/unclosed-exercise", 6],
      ["kubook/exercise-without-check", 6],
      ["kubook/exercise-without-solution", 6],
      ["kubook/unclosed-details", 8],
    ]);
  });
});

describe("robustness", () => {
  it("reports a fence without its closing marker and does not run it", () => {
    const body = `${fence}sh\nkubectl get pods\n\n## 다음 절\n\n${fence}yaml title="a.yaml"\nkind: Pod\n`;
    expect(compile(body)).toEqual(
      lesson(
        [],
        [
          {
            ruleId: "kubook/unclosed-fence",
            severity: "error",
            at: at(6),
            message: {
              ko: "코드 블록을 닫는 펜스(```)가 없다. 파일 끝까지 모두 코드 블록이 된다.",
              en: "the code block has no closing fence (```); everything to the end of the file is in it.",
            },
          },
        ],
      ),
    );
  });

  it("accepts a longer closing fence and a tilde fence", () => {
    const body = `${fence}sh\nls\n\`\`\`\`\n\n~~~sh\npwd\n~~~\n`;
    expect(compile(body).diagnostics).toEqual([]);
    expect(compile(body).steps.length).toBe(2);
  });

  it("refuses a lesson over a megabyte without parsing it", () => {
    const result = compileLesson("big.md", fm + "a".repeat(1_000_001));
    expect(result).toEqual({
      path: "big.md",
      frontmatter: { title: "big.md", description: "", order: 0, cluster: {} },
      steps: [],
      diagnostics: [
        {
          ruleId: "kubook/file-too-large",
          severity: "error",
          at: at(1),
          message: {
            ko: "레슨 파일이 너무 크다 (1000050자). 1000000자까지 읽는다.",
            en: "the lesson is too large (1000050 characters); the limit is 1000000.",
          },
        },
      ],
    });
  });

  it("says a file with replacement characters or NUL bytes is not valid UTF-8, at the first one", () => {
    const invalid = (ko: string, en: string, line: number, column: number) => ({
      ruleId: "kubook/invalid-utf8",
      severity: "error" as const,
      at: at(line, column),
      message: { ko, en },
    });
    expect(compile("본문\n깨진 \uFFFD 글자\n")).toEqual(
      lesson(
        [],
        [
          invalid(
            "파일이 올바른 UTF-8 텍스트가 아니다 (U+FFFD 대체 문자가 있다). UTF-8로 저장한다.",
            "the file is not valid UTF-8 text (it contains a U+FFFD replacement character); save it as UTF-8.",
            7,
            4,
          ),
        ],
      ),
    );
    expect(compile("a\u0000b\n").diagnostics).toEqual([
      invalid(
        "파일이 올바른 UTF-8 텍스트가 아니다 (NUL 바이트가 있다). UTF-8로 저장한다.",
        "the file is not valid UTF-8 text (it contains a NUL byte); save it as UTF-8.",
        6,
        2,
      ),
    ]);
  });

  it("reads CRLF line endings and a byte order mark like plain newlines", () => {
    const source = `\uFEFF${fm}${fence}sh\r\nls\r\n${fence}\r\n`.replace(/\n/g, "\r\n").replace(/\r\r/g, "\r");
    expect(compileLesson("lesson.md", source)).toEqual(
      lesson([
        {
          kind: "shell",
          at: at(6),
          lang: "sh",
          hidden: false,
          match: "tolerant",
          commands: [{ at: at(7), text: "ls" }],
        },
      ]),
    );
  });

  it("runs code blocks inside list items and block quotes at their own positions", () => {
    const body = `1. 설치한다:\n\n   ${fence}sh\n   kubectl apply -f web.yaml\n   ${fence}\n\n> ${fence}sh\n> ls\n> ${fence}\n`;
    expect(compile(body)).toEqual(
      lesson([
        {
          kind: "shell",
          at: at(8, 4),
          lang: "sh",
          hidden: false,
          match: "tolerant",
          commands: [{ at: at(9, 4), text: "kubectl apply -f web.yaml" }],
        },
        {
          kind: "shell",
          at: at(12, 3),
          lang: "sh",
          hidden: false,
          match: "tolerant",
          commands: [{ at: at(13, 3), text: "ls" }],
        },
      ]),
    );
  });

  it("never throws, whatever the input", () => {
    const inputs = [
      "",
      "---",
      "---\n---\n",
      "<!--",
      "<!-- kubook:hidden\n```",
      "<details><summary>힌트</summary>",
      "```yaml title=\n",
      "```sh\n$ \n$\n> \n",
      "- ```sh\n  ls",
      `---\ntitle: [\n---\n`,
      '<!-- kubook:exercise id="x" title="y" -->\n<details><summary>풀이</summary>\n<details><summary>풀이</summary>\n',
      "a: &a [*a]\n".repeat(3),
      "\uD800\uDC00\uD800",
      `${fence}yaml title="x.yaml"\n${"[".repeat(5000)}\n${fence}\n`,
      `${fence}sh\n${"cat <<A\n".repeat(2000)}\n${fence}\n`,
    ];
    for (const input of inputs) {
      const result = compileLesson("x.md", input);
      expect(result.path).toBe("x.md");
      expect(result.diagnostics.some((d) => d.ruleId === "kubook/internal-error")).toBe(false);
    }
  });
});
