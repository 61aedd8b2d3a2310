/**
 * How kubectl turns an error into text (k8s.io/kubectl pkg/cmd/util/helpers.go: checkErr,
 * StandardErrorMessage, MultilineError): API errors become `Error from server (Reason): …`,
 * Invalid ones `The Service "web" is invalid: …` (one cause on the line, several as `* `
 * bullets), everything else `error: …`. Exit code 1 in every case.
 */
import type { ApiStatus } from "../api/status.ts";

/** cmdutil.AddSourceToErr: `error when creating "svc.yaml": ` put in front of the server's message. */
export function withSource(status: ApiStatus, verb: string, source: string | undefined): ApiStatus {
  if (!source) return status;
  return { ...status, message: `error when ${verb} "${source}": ${status.message}` };
}

/** The text checkErr prints for an API error, with its trailing newline. */
export function formatApiError(status: ApiStatus): string {
  if (status.reason === "Invalid") {
    const d = status.details;
    let prefix = "The request is invalid";
    if (d && (d.kind || d.name)) prefix = `The ${d.kind ?? ""} "${d.name ?? ""}" is invalid`;
    const causes = d?.causes ?? [];
    if (causes.length === 0) return `${prefix}\n`;
    const lines = causes.map((c) => `${c.field}: ${c.message}`);
    if (lines.length === 1) return `${prefix}: ${lines[0]}\n`;
    return `${prefix}: \n${lines.map((l) => `* ${l}\n`).join("")}`;
  }
  return `${standardErrorMessage(status)}\n`;
}

/** StandardErrorMessage for a status error: the reason in parentheses when there is one. */
export function standardErrorMessage(status: ApiStatus): string {
  return status.reason
    ? `Error from server (${status.reason}): ${status.message}`
    : `Error from server: ${status.message}`;
}
