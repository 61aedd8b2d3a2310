/**
 * The runner's messages, in Korean (평어체, the default) and English (`--lang en`), as one
 * catalog: rule ids are stable, texts may improve.
 */
import type { Diagnostic, Severity, SourcePoint } from "../model.ts";

type Text = { readonly ko: string; readonly en: string };

export function diagnostic(ruleId: string, severity: Severity, at: SourcePoint, message: Text): Diagnostic {
  return { ruleId, severity, at, message };
}

export const messages = {
  notRunCompileErrors: {
    ko: "레슨에 컴파일 오류가 있어 실행하지 않았다.",
    en: "Not run: the lesson has compile errors.",
  },
  notRunCluster: { ko: "클러스터를 만들 수 없어 실행하지 않았다.", en: "Not run: the cluster could not be created." },
  clusterOptions: (why: string): Text => ({
    ko: `frontmatter의 cluster 설정이 잘못되었다: ${why}`,
    en: `The frontmatter's cluster options are invalid: ${why}`,
  }),
  illustrative: (reason: string): Text => ({
    ko: `설명용 블록이라 실행하지 않는다: ${reason}`,
    en: `Illustrative block, not run: ${reason}`,
  }),
  unknownCapture: (name: string): Text => ({
    ko: `명령이 쓰는 {{${name}}} 값이 앞에서 캡처되지 않았다.`,
    en: `The command uses {{${name}}}, which no earlier output captured.`,
  }),
  exitCode: (expected: number | "nonzero", actual: number): Text =>
    expected === "nonzero"
      ? {
          ko: `이 블록의 마지막 명령은 실패해야 하는데 종료 코드 ${actual}로 성공했다.`,
          en: `The block's last command should fail, but it exited ${actual}.`,
        }
      : {
          ko: `이 블록의 마지막 명령은 종료 코드 ${expected}로 끝나야 하는데 ${actual}로 끝났다.`,
          en: `The block's last command should exit ${expected}, but it exited ${actual}.`,
        },
  outputMismatch: (command: string, line: number): Text => ({
    ko: `\`${firstLine(command)}\`의 출력이 레슨에 적힌 것과 다르다 (기대 출력 ${line}번째 줄부터).`,
    en: `The output of \`${firstLine(command)}\` differs from the lesson (from line ${line} of the expected output).`,
  }),
  commandFailed: (command: string, code: number): Text => ({
    ko: `\`${firstLine(command)}\`가 종료 코드 ${code}로 실패했다. 실패가 의도라면 블록에 exit=${code} 또는 fails를 붙인다.`,
    en: `\`${firstLine(command)}\` failed with exit code ${code}. If the failure is intended, mark the block exit=${code} or fails.`,
  }),
  checkPassesEarly: (id: string): Text => ({
    ko: `연습 문제 ${id}의 확인이 풀이 전에 이미 통과한다. 확인이 아무것도 검사하지 않는 셈이다.`,
    en: `Exercise ${id}'s check already passes before the solution, so it checks nothing.`,
  }),
  checkFailsAfter: (id: string, why: Text): Text => ({
    ko: `연습 문제 ${id}의 확인이 풀이 뒤에도 실패한다: ${why.ko}`,
    en: `Exercise ${id}'s check still fails after the solution: ${why.en}`,
  }),
};

function firstLine(command: string): string {
  const line = command.split("\n")[0] ?? "";
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
