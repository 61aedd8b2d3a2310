/**
 * A post shows what its author's cluster printed: other IPs, other ages, other random name
 * suffixes. An audit compares shapes, not those values: each becomes the placeholder the
 * strict format would have used (`{{ip}}`, `{{age}}`, `{{pod:web}}`, `{{node-port}}`).
 */

// Real suffixes avoid vowels; authors who type an example by hand often do not.
const podName = /\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)-[a-z0-9]{6,10}-[a-z0-9]{5}\b/g;
const shortSuffix = /\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)-[a-z0-9]{5}\b/g;
const ip = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
/** kubectl's HumanDuration forms, standing as a cell of their own. */
const age = /(?<=\s|^)(?:\d+[smhdy](?:\d+[smhd])?|<invalid>)(?=\s|$)/gm;
const nodePort = /(?<=\d:)3[0-2]\d{3}(?=\/(?:TCP|UDP|SCTP))/g;

export function relaxExpected(text: string): string {
  return text
    .replace(podName, "{{pod:$1}}")
    .replace(shortSuffix, (m, base: string) => (/\d/.test(m.slice(-5)) ? `{{pod:${base}}}` : m))
    .replace(ip, "{{ip}}")
    .replace(nodePort, "{{node-port}}")
    .replace(age, "{{age}}");
}
