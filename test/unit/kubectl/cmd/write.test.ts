import { describe, expect, it } from "vitest";
import { resourceForKind } from "../../../../engine/api/resources.ts";
import { notFound } from "../../../../engine/api/status.ts";
import {
  formatCollected,
  infoString,
  parseDryRun,
  parseWriteOutput,
  printWritten,
} from "../../../../engine/kubectl/cmd/write.ts";

describe("the writing commands' shared pieces", () => {
  it("reads --dry-run as kubectl does, including the bare flag and the old boolean values", () => {
    expect(parseDryRun("unchanged")).toEqual({ ok: true, value: "client" });
    expect(parseDryRun("true")).toEqual({ ok: true, value: "client" });
    expect(parseDryRun("false")).toEqual({ ok: true, value: "none" });
    expect(parseDryRun("server")).toEqual({ ok: true, value: "server" });
    expect(parseDryRun("bogus")).toEqual({
      ok: false,
      message: 'Invalid dry-run value (bogus). Must be "none", "server", or "client".',
    });
  });

  it("refuses table formats for -o with the list of formats the writing commands allow", () => {
    expect(parseWriteOutput("wide")).toEqual({
      ok: false,
      message:
        'unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml',
    });
    expect(parseWriteOutput("jsonpath={.metadata.name}")).toEqual({
      ok: true,
      format: { kind: "jsonpath", template: "{.metadata.name}" },
    });
  });

  it("prints one error as checkErr does and several as MultipleErrors does", () => {
    const missing = notFound("services", "web");
    expect(formatCollected([{ status: missing }])).toBe('Error from server (NotFound): services "web" not found\n');
    expect(formatCollected([{ message: "no objects passed to apply" }])).toBe("error: no objects passed to apply\n");
    expect(formatCollected([{ aggregate: ["a"] }, { status: missing }])).toBe(
      'a\nError from server (NotFound): services "web" not found\n',
    );
    expect(formatCollected([{ aggregate: ["a", "b", "a"] }, { message: "c" }])).toBe("[a, b]\nc\n");
  });

  it("names an object in apply's long errors as resource.Info's String does", () => {
    expect(infoString(resourceForKind("Deployment")!, "web", "default")).toBe(
      'Resource: "apps/v1, Resource=deployments", GroupVersionKind: "apps/v1, Kind=Deployment"\nName: "web", Namespace: "default"',
    );
  });

  it("separates YAML documents with --- from the second object on", () => {
    const svc = resourceForKind("Service")!;
    const obj = { apiVersion: "v1", kind: "Service", metadata: { name: "web" } };
    expect(printWritten(svc, obj, { kind: "yaml" }, "created", 1)).toEqual({
      ok: true,
      text: "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
    });
    expect(printWritten(svc, obj, { kind: "success" }, "created (dry run)", 0)).toEqual({
      ok: true,
      text: "service/web created (dry run)\n",
    });
  });
});
