import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accentKey, foldVietnamese, hasDiacritics, normalizeText } from "../../../domain/text";
import { anyText } from "../../setup/domain-arbitraries";

describe("foldVietnamese", () => {
  it("drops tone and vowel marks, maps đ to d, lower-cases and collapses spaces", () => {
    expect(foldVietnamese("  Phường   Hòa Khánh ")).toBe("phuong hoa khanh");
    expect(foldVietnamese("Đà Nẵng")).toBe("da nang");
  });

  it("folds the old tone placement like the new one", () => {
    expect(foldVietnamese("Hoà Hải")).toBe(foldVietnamese("Hòa Hải"));
  });

  it("never throws and is idempotent on any string", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const folded = foldVietnamese(text);
        expect(foldVietnamese(folded)).toBe(folded);
      }),
    );
  });
});

describe("normalizeText", () => {
  it("keeps the text, in NFC, with line endings unified and ends trimmed", () => {
    expect(normalizeText(" Hoa\u0300 Khánh\r\n")).toBe("Hoà Khánh");
  });
});

describe("accentKey", () => {
  it("gives old and new tone placements one key", () => {
    expect(accentKey("Hoà")).toBe(accentKey("Hòa"));
    expect(accentKey("Thuỷ")).toBe(accentKey("Thủy"));
  });

  it("keeps names apart that differ only in marks", () => {
    expect(accentKey("Thạnh Bình")).not.toBe(accentKey("Thanh Bình"));
    expect(foldVietnamese("Thạnh Bình")).toBe(foldVietnamese("Thanh Bình"));
  });

  it("tells typed marks from plain text", () => {
    expect(hasDiacritics("phuong Hoa Khanh")).toBe(false);
    expect(hasDiacritics("phường Hòa Khánh")).toBe(true);
    expect(hasDiacritics("Đa")).toBe(true);
  });

  it("never throws on any string", () => {
    fc.assert(fc.property(anyText, (text) => void accentKey(text)));
  });
});
