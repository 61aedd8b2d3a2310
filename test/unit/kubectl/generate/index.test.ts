import { expect, it } from "vitest";
import * as generate from "../../../../engine/kubectl/generate/index.ts";

it("exposes one generator per imperative command and the helpers their callers need", () => {
  expect(Object.keys(generate).sort()).toEqual([
    "containerNameFromImage",
    "generateConfigMap",
    "generateDeployment",
    "generateExpose",
    "generateNamespace",
    "generateRunPod",
    "generateRunService",
    "generateService",
    "isValidImageReference",
    "parseFileSource",
  ]);
});
