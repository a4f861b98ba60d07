import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENTITY_KINDS, displayEntity, extractEntities, normalizeEntity } from "../../../domain/entities";
import { isOwnContact, ownContactMarker } from "../../../domain/own-contact";

const keys = (text: string) => extractEntities(text).map((e) => `${e.kind}:${e.value}`);

describe("extractEntities", () => {
  it("finds phones in their usual spellings, as one value", () => {
    for (const text of ["gọi 0905.123.456 nhé", "sđt: 0905 123 456", "số +84 905 123 456", "zalo 0905-123-456", "0905123456"]) {
      expect(keys(text)).toEqual(["phone:0905123456"]);
    }
  });

  it("reads a number after an account word as a bank account, even in teen-code", () => {
    expect(keys("chuyển vào STK 0071004567891 Vietcombank")).toEqual(["account:0071004567891"]);
    expect(keys("tk vietcombank 0071 0045 67891")).toEqual(["account:0071004567891"]);
    expect(keys("ck vao stk mb 9704229988776 roi")).toEqual(["account:9704229988776"]);
    // A sentence ends between the word and the number: a phone, not an account.
    expect(keys("cài ứng dụng để xác minh tài khoản. Số gọi tới 0934567890")).toEqual(["phone:0934567890"]);
  });

  it("normalises licence plates written with and without separators", () => {
    expect(keys("xe Exciter biển 43A-123.45")).toEqual(["plate:43A12345"]);
    expect(keys("bien so 43a12345")).toEqual(["plate:43A12345"]);
    expect(keys("biển 43A 123.45")).toEqual(["plate:43A12345"]);
    expect(keys("xe máy 43-B1 234.56")).toEqual(["plate:43B123456"]);
    expect(displayEntity({ kind: "plate", value: "43A12345" })).toBe("43A-123.45");
  });

  it("finds web addresses and handles, folded", () => {
    expect(keys("vào trang https://www.Vay-Nhanh.vn/dang-ky. rồi nhắn @Hoang_Scam")).toEqual(["url:vay-nhanh.vn/dang-ky", "handle:@hoang_scam"]);
  });

  it("leaves dates, times, money and short numbers alone", () => {
    expect(keys("Đêm 2/3 lúc 23h30, mất 2.000.000đ, 30 xe máy, năm 2026, 15-16 tuổi")).toEqual([]);
  });

  it("excludes what the caller excludes (the reporter's own contact)", () => {
    const text = "Số lừa đảo 0934.567.890; số kia 0912 345 678";
    const marker = ownContactMarker(text, "0912345678");
    expect(marker).not.toBeNull();
    expect(marker).not.toContain("0912345678");
    expect(extractEntities(text, isOwnContact(marker)).map((e) => e.value)).toEqual(["0934567890"]);
    expect(ownContactMarker(text, "0999999999")).toBeNull();
    expect(ownContactMarker(text, null)).toBeNull();
    // Salted per tip: the same phone gives a different marker in another tip.
    expect(ownContactMarker(text, "0912345678")).not.toBe(marker);
    expect(extractEntities(text, isOwnContact(null)).length).toBe(2);
  });

  it("never throws, and returns normalised values (property)", () => {
    const pieces = fc.oneof(
      fc.string(),
      fc.constantFrom("0905.123.456", "+84 ", "stk ", "43A-123.45", "@", "http://", "www.", ".vn", "đ", "Ạ", "\u0301", "/", "-", " ", "\n"),
      fc.integer({ min: 0, max: 999_999_999 }).map(String),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }).map((p) => p.join("")), (text) => {
        const found = extractEntities(text);
        for (const entity of found) expect(normalizeEntity(entity.kind, entity.value)).toBe(entity.value);
        expect(found.length).toBeLessThanOrEqual(20);
      }),
      { numRuns: 500 },
    );
  });

  it("normalisation is idempotent for every kind (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ENTITY_KINDS), fc.oneof(fc.string(), fc.constantFrom("0905 123 456", "43a-123.45", "WWW.X.VN/", "@@abc.")), (kind, raw) => {
        const once = normalizeEntity(kind, raw);
        expect(normalizeEntity(kind, once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the writer's own number in the text (ADR 0093)", () => {
  it("is never an identifier: “gọi tôi”, “liên hệ em”, “số của tôi”, “sđt mình là”, with or without marks", () => {
    for (const text of [
      "Bà tôi bị gọi từ số 0934.567.890 xưng công an. Cần thì gọi tôi 0912 345 678.",
      "Số lừa đảo 0934567890, ai cần liên hệ em qua số 0912.345.678",
      "so lua dao 0934567890. so cua toi 0912345678 neu can",
      "Kẻ gian gọi 0934 567 890; sđt mình là: 0912 345 678",
    ]) expect(extractEntities(text).map((e) => e.value)).toEqual(["0934567890"]);
  });

  it("must NOT drop the caller's number: “gọi cho tôi từ số …”, “người liên hệ qua Zalo số …”", () => {
    expect(extractEntities("Có người gọi cho tôi từ số 0934 567 890 xưng công an").map((e) => e.value)).toEqual(["0934567890"]);
    expect(extractEntities("người liên hệ qua Zalo số 0903 461 825").map((e) => e.value)).toEqual(["0903461825"]);
    expect(extractEntities("STK của tôi 0071004567891 Vietcombank bị trừ tiền").map((e) => e.value)).toEqual(["0071004567891"]);
  });
});
