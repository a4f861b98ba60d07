import { describe, expect, it } from "vitest";
import { formatTrail } from "../../setup/step-trail";

describe("step trail", () => {
  it("names each step with its start and length, and the last as not finished", () => {
    const text = formatTrail([{ label: "sign in", at: 1_000 }, { label: "axe", at: 1_250 }], 1_000, 61_250);
    expect(text).toBe("steps reached:\n  +0 ms  sign in  (250 ms)\n  +250 ms  axe  (60000 ms, not finished)");
  });

  it("prints nothing for a test without steps", () => {
    expect(formatTrail([], 0, 10)).toBe("");
  });
});
