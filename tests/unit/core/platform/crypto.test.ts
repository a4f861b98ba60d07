/**
 * The one sealing envelope (core/platform/crypto.ts). Values sealed by the two
 * envelopes it replaced are built here byte for byte the way the old code built
 * them, and must still open: identity and TOTP secrets at rest (`v1`, AES-256-GCM
 * under DATA_KEY itself) and the receipts' sealed values (`s1`, under an HKDF key
 * per purpose: stored partner answers, form resubmissions, client salts).
 */
import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword, openIdentity, seal, sealIdentity, tryUnseal, unseal, verifyPassword, type SealPurpose } from "../../../../core/platform/crypto";
import { fixturePasswordHash } from "../../../setup/passwords";

const DATA_KEY = Buffer.alloc(32, 11).toString("base64");
const OTHER_KEY = Buffer.alloc(32, 12).toString("base64");

function gcm(key: Buffer, plain: string): [Buffer, Buffer, Buffer] {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [nonce, ciphertext, cipher.getAuthTag()];
}

/** crypto.server.ts's sealText before issue 15. */
function oldSealText(plain: string, dataKey: string): string {
  const [nonce, ciphertext, tag] = gcm(Buffer.from(dataKey, "base64"), plain);
  return ["v1", nonce.toString("base64"), ciphertext.toString("base64"), tag.toString("base64")].join(".");
}

/** receipts.server.ts's sealForLater before issue 15. */
function oldSealForLater(plain: string, dataKey: string, purpose: string): string {
  const key = Buffer.from(hkdfSync("sha256", Buffer.from(dataKey, "base64"), Buffer.alloc(0), `tinbao:${purpose}`, 32));
  const [nonce, ciphertext, tag] = gcm(key, plain);
  return ["s1", nonce.toString("base64"), ciphertext.toString("base64"), tag.toString("base64")].join(".");
}

describe("the sealing envelope", () => {
  it("opens a tipster's identity sealed by the old identity envelope", () => {
    const stored = oldSealText(JSON.stringify({ name: "Lê Thị Hoa", phone: "0905123456" }), DATA_KEY);
    expect(openIdentity(stored, DATA_KEY)).toEqual({ name: "Lê Thị Hoa", phone: "0905123456" });
  });

  it("opens a TOTP secret sealed by the old identity envelope", () => {
    expect(unseal(oldSealText("JBSWY3DPEHPK3PXP", DATA_KEY), DATA_KEY, "totp-secret")).toBe("JBSWY3DPEHPK3PXP");
  });

  it("opens values sealed by the old receipts envelope, each for its own purpose", () => {
    for (const purpose of ["api-idempotency", "form-resubmission", "client-salt"] as const) {
      const stored = oldSealForLater(`{"receipt":"1234567890123456","for":"${purpose}"}`, DATA_KEY, purpose);
      expect(tryUnseal(stored, DATA_KEY, purpose)).toBe(`{"receipt":"1234567890123456","for":"${purpose}"}`);
    }
  });

  it("round-trips every purpose, Vietnamese text included, with a fresh nonce each time", () => {
    const purposes: SealPurpose[] = ["identity", "totp-secret", "api-idempotency", "form-resubmission", "client-salt", "new-api-key"];
    for (const purpose of purposes) {
      const a = seal("Nguyễn Văn Ánh, 0905 123 456", DATA_KEY, purpose);
      expect(a).toMatch(/^s1\./);
      expect(a).not.toBe(seal("Nguyễn Văn Ánh, 0905 123 456", DATA_KEY, purpose));
      expect(unseal(a, DATA_KEY, purpose)).toBe("Nguyễn Văn Ánh, 0905 123 456");
    }
    expect(openIdentity(sealIdentity({ email: "a@b.vn" }, DATA_KEY), DATA_KEY)).toEqual({ email: "a@b.vn" });
  });

  it("does not open a value for another purpose, under another key, or damaged", () => {
    const sealed = seal("secret", DATA_KEY, "api-idempotency");
    expect(tryUnseal(sealed, DATA_KEY, "identity")).toBeNull();
    expect(tryUnseal(sealed, OTHER_KEY, "api-idempotency")).toBeNull();
    const [v, n, c, t] = sealed.split(".");
    const flipped = Buffer.from(c, "base64");
    flipped[0] ^= 1;
    expect(tryUnseal([v, n, flipped.toString("base64"), t].join("."), DATA_KEY, "api-idempotency")).toBeNull();
    expect(tryUnseal("garbage", DATA_KEY, "api-idempotency")).toBeNull();
    expect(() => unseal(sealed, OTHER_KEY, "api-idempotency")).toThrow(/does not open/);
  });

  it("opens the old raw-key format only where it was used: identity and TOTP secrets", () => {
    const old = oldSealText("1234567890123456", DATA_KEY);
    expect(tryUnseal(old, DATA_KEY, "form-resubmission")).toBeNull();
    expect(tryUnseal(old, DATA_KEY, "api-idempotency")).toBeNull();
  });
});

describe("staff passwords", () => {
  // Test set-ups write accounts with cheap argon2id hashes (tests/setup/passwords.ts); the
  // production parameters are pinned here, and verified once with the production code.
  it("are hashed with argon2id at 64 MiB, t = 3, p = 4, and verify only with the right password", async () => {
    const hash = await hashPassword("mật khẩu đủ dài của cán bộ");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    expect(await verifyPassword(hash, "mật khẩu đủ dài của cán bộ")).toBe(true);
    expect(await verifyPassword(hash, "mật khẩu sai")).toBe(false);
  });

  it("verify a test set-up's cheap hash with the same code (its parameters travel in the hash)", async () => {
    const hash = await fixturePasswordHash("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=4096,p=1,t=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapler")).toBe(false);
  });
});
