import { describe, expect, it } from "vitest";
import { group } from "../../setup/sequencer";

describe("the order files start in", () => {
  it("puts browser files first, then faults, integration and the rest", () => {
    const files = ["tests/unit/a.test.ts", "tests/integration/b.test.ts", "tests/e2e/c.test.ts", "tests/faults/d.test.ts", "tests/unit/setup/e.test.ts"];
    expect([...files].sort((a, b) => group(a) - group(b))).toEqual([
      "tests/e2e/c.test.ts", "tests/faults/d.test.ts", "tests/integration/b.test.ts", "tests/unit/a.test.ts", "tests/unit/setup/e.test.ts",
    ]);
  });
});
