/**
 * The second factor's arithmetic (issue 18, item 12): a code is valid for its step
 * and one either side, never again once its step (or a later one) was accepted;
 * recovery codes are well-formed, distinct, and hashed under the data key.
 */
import { describe, expect, it } from "vitest";
import {
  checkTotp, generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, normaliseRecoveryCode, otpauthUri, qrSvg, totpCode, totpStep,
} from "../../../app/utils/totp.server";

// A fixed instant (not today's date): the middle of a 30-second step.
const T0 = new Date(Date.UTC(2026, 11, 7, 1, 0, 15));
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("TOTP", () => {
  it("matches RFC 6238's SHA-1 test vector", () => {
    // RFC 6238 appendix B: secret "12345678901234567890" (base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ), T = 59 s → 94287082 (8 digits); 6 digits: 287082.
    expect(totpCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", new Date(59_000))).toBe("287082");
  });

  it("accepts the current step and one either side, not two away", () => {
    const code = totpCode(SECRET, T0);
    expect(checkTotp(SECRET, code, null, T0)).toEqual({ ok: true, step: totpStep(T0) });
    expect(checkTotp(SECRET, code, null, at(30))).toEqual({ ok: true, step: totpStep(T0) });
    expect(checkTotp(SECRET, code, null, at(-30))).toEqual({ ok: true, step: totpStep(T0) });
    expect(checkTotp(SECRET, code, null, at(60))).toEqual({ ok: false, reason: "invalid" });
    expect(checkTotp(SECRET, code, null, at(-60))).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a code replayed within its window, and any older one", () => {
    const code = totpCode(SECRET, T0);
    const first = checkTotp(SECRET, code, null, T0);
    expect(first.ok).toBe(true);
    const step = (first as { step: number }).step;
    expect(checkTotp(SECRET, code, step, at(10))).toEqual({ ok: false, reason: "replayed" });
    expect(checkTotp(SECRET, totpCode(SECRET, at(-30)), step, T0)).toEqual({ ok: false, reason: "replayed" });
    expect(checkTotp(SECRET, totpCode(SECRET, at(30)), step, at(30))).toEqual({ ok: true, step: step + 1 });
  });

  it("reads codes typed with a space, refuses anything not six digits", () => {
    const code = totpCode(SECRET, T0);
    expect(checkTotp(SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, null, T0).ok).toBe(true);
    for (const bad of ["", "12345", "1234567", "abcdef", `${code}0`]) expect(checkTotp(SECRET, bad, null, T0)).toEqual({ ok: false, reason: "invalid" });
    expect(checkTotp(generateTotpSecret(), code, null, T0).ok).toBe(false);
  });

  it("gives an otpauth URI and an SVG QR code drawn locally", async () => {
    const uri = otpauthUri(SECRET, "admin@tinbao.vn");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Tin%20B%C3%A1o:admin%40tinbao\.vn\?/);
    expect(uri).toContain(`secret=${SECRET}`);
    const svg = await qrSvg(uri);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});

describe("recovery codes", () => {
  it("makes ten distinct well-formed codes", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
  });

  it("hashes the normalised code under the data key", () => {
    const key = Buffer.alloc(32, 1).toString("base64");
    const other = Buffer.alloc(32, 2).toString("base64");
    expect(normaliseRecoveryCode(" ABCDE-fgh23 ")).toBe("abcdefgh23");
    expect(normaliseRecoveryCode("abcde-fgh21")).toBeNull(); // 1 is not base32
    expect(hashRecoveryCode("ABCDE FGH23", key)).toBe(hashRecoveryCode("abcde-fgh23", key));
    expect(hashRecoveryCode("abcde-fgh23", key)).not.toBe(hashRecoveryCode("abcde-fgh23", other));
    expect(hashRecoveryCode("abcde-fgh23", key)).not.toContain("abcde");
  });
});
