import { describe, expect, it } from "vitest";
import { printCustomColumns } from "../../../../engine/kubectl/printers/index.ts";

const pods = [
  {
    metadata: { name: "web-1", labels: { app: "web" } },
    status: { podIP: "10.244.1.3" },
    spec: { containers: [{ image: "nginx" }, { image: "busybox" }] },
  },
  { metadata: { name: "pending" }, status: {}, spec: { containers: [{ image: "nginx" }] } },
];

describe("printCustomColumns", () => {
  it("should print headers as given, join several results with commas and print <none> for missing ones", () => {
    expect(
      printCustomColumns(
        "NAME:.metadata.name,IP:.status.podIP,IMAGES:.spec.containers[*].image,LABELS:metadata.labels",
        pods,
      ),
    ).toEqual({
      ok: true,
      text:
        "NAME      IP           IMAGES          LABELS\n" +
        "web-1     10.244.1.3   nginx,busybox   map[app:web]\n" +
        "pending   <none>       nginx           <none>\n",
    });
  });

  it("should reject a column without a path", () => {
    expect(printCustomColumns("NAME", pods)).toEqual({
      ok: false,
      message: "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>",
    });
  });
});
