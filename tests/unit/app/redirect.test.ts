/** safeRedirectTarget: only same-site paths, read the way a browser reads them. */
import { describe, expect, it } from "vitest";
import { safeRedirectTarget } from "../../../app/utils/auth.server";

describe("safeRedirectTarget", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeRedirectTarget("/giam-sat/bao-cao?period=custom&from=2026-11-01&to=2026-11-22", "/")).toBe(
      "/giam-sat/bao-cao?period=custom&from=2026-11-01&to=2026-11-22",
    );
    expect(safeRedirectTarget("/bao-tin#noi-xay-ra", "/")).toBe("/bao-tin#noi-xay-ra");
  });

  it.each([
    ["a tab before a second slash", "/\t/evil.example/x"],
    ["a newline before a second slash", "/\n/evil.example"],
    ["a backslash", "/\\evil.example"],
    ["two slashes", "//evil.example"],
    ["CR/LF (header splitting)", "/ok\r\nSet-Cookie: x=1"],
    ["an absolute URL", "https://evil.example/"],
    ["a scheme-relative URL with a backslash", "\\\\evil.example"],
    ["javascript:", "javascript:alert(1)"],
    ["a NUL", "/\u0000/evil.example"],
    ["nothing", ""],
  ])("refuses %s", (_label, value) => {
    expect(safeRedirectTarget(value, "/fallback")).toBe("/fallback");
  });

  it("refuses what is not a string", () => {
    expect(safeRedirectTarget(null, "/f")).toBe("/f");
    expect(safeRedirectTarget(["/x"], "/f")).toBe("/f");
  });
});
