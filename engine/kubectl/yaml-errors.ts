/**
 * kubectl reads YAML with go-yaml (through sigs.k8s.io/yaml); kubook reads it with js-yaml.
 * Where the two disagree about wording, the learner should see go-yaml's.
 */
import type { YAMLException } from "js-yaml";

/** go-yaml's messages for the mistakes people make in manifests and `-p '…'`, keyed by js-yaml's reason. */
const goYamlReasons: Readonly<Record<string, string>> = {
  "bad indentation of a mapping entry": "mapping values are not allowed in this context",
  "bad indentation of a sequence entry": "did not find expected '-' indicator",
  "end of the stream or a document separator is expected": "did not find expected <document start>",
  "unexpected end of the stream within a flow collection": "did not find expected ',' or ']'",
  "missed comma between flow collection entries": "did not find expected ',' or ']'",
  "expected the node content, but found ','": "did not find expected node content",
  "unexpected end of the stream within a double quoted scalar": "found unexpected end of stream",
  "unexpected end of the stream within a single quoted scalar": "found unexpected end of stream",
};

/** `line 3: mapping values are not allowed in this context`, as go-yaml words a syntax error. */
export function goYamlReason(e: YAMLException): string {
  const line = e.mark ? e.mark.line + 1 : 1;
  return `line ${line}: ${goYamlReasons[e.reason ?? ""] ?? e.reason ?? e.message}`;
}
