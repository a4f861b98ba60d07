import fc from "fast-check";

/** Any UTF-16 code unit, lone surrogates included, mixed with Vietnamese letters and marks. */
export const anyText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    fc.constantFrom(
      ..."àáảãạăằắẳẵặâầấẩẫậđĐèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ\u0300\u0301\u0303\u0309\u0323 ,.",
    ),
  ),
  maxLength: 60,
});

/** Address-shaped strings: unit words, real names and abbreviations mixed with noise. */
export const addressLike = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "phường",
        "xã",
        "thị trấn",
        "quận",
        "huyện",
        "thị xã",
        "TP",
        "P.",
        "Q.",
        "tỉnh",
        "kiệt 78",
        ",",
        "-",
        "Hòa Khánh Bắc",
        "Liên Chiểu",
        "Thanh Binh",
        "Tam Thanh",
        "Hòa Minh",
        "Đà Nẵng",
        "Quảng Nam",
        "Phước Mỹ",
      ),
      anyText,
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(" "));
