/**
 * Vocabulary data for duplicate detection, kept apart from the scorer so it can be
 * read and extended without touching code (docs/decisions/0034).
 *
 * Everything here is folded (lower case, no marks, đ → d): the scorer folds the
 * text first. Two tables:
 *   CHAT_WORDS     one typed token → the standard word(s): teen-code and
 *                  abbreviations ("ko" → "khong", "fb" → "facebook").
 *   SYNONYM_PHRASES a phrase → the phrase other reporters use for the same thing
 *                  ("tiec cuoi" → "dam cuoi"), applied longest first, on word
 *                  boundaries, after CHAT_WORDS.
 * Only generic vocabulary: a token that folds onto a real word is left alone
 * ("vo" is also "vợ", "hem" is "hẻm").
 */

// prettier-ignore
export const CHAT_WORDS: Readonly<Record<string, string>> = {
  // negation, verbs, pronouns
  ko: "khong", k: "khong", kh: "khong", khg: "khong", hok: "khong", hk: "khong", kg: "khong",
  dc: "duoc", dk: "duoc", j: "gi", ng: "nguoi", ngta: "nguoi ta", mn: "moi nguoi", mng: "moi nguoi",
  e: "em", tui: "toi", t: "toi", mk: "minh", mik: "minh", vs: "voi", r: "roi", oy: "roi", rui: "roi",
  trc: "truoc", ns: "noi", bit: "biet", bik: "biet", bjt: "biet", lun: "luon", wa: "qua", z: "vay", zay: "vay",
  cx: "cung", cg: "cung", ntn: "nhu the nao", bn: "bao nhieu", nc: "nuoc", tr: "trieu", thg: "thang",
  dag: "dang", dg: "dang", zo: "vao", dzo: "vao", nhiu: "nhieu", hnay: "hom nay", hqua: "hom qua",
  tgian: "thoi gian", ae: "anh em", sv: "sinh vien",
  // phones, money, accounts, apps
  dt: "dien thoai", dth: "dien thoai", dthoai: "dien thoai", sdt: "so dien thoai", fb: "facebook", face: "facebook",
  ib: "nhan tin", inbox: "nhan tin", stk: "so tai khoan", tk: "tai khoan", ck: "chuyen khoan",
  vcb: "vietcombank", zl: "zalo",
  // police, places, vehicles
  cs: "canh sat", csgt: "canh sat giao thong", cty: "cong ty", bv: "benh vien", xm: "xe may",
  oto: "o to", tp: "thanh pho", ql: "quoc lo", ql1a: "quoc lo 1a", ql1: "quoc lo 1a", kcn: "khu cong nghiep",
  cccd: "can cuoc", cmnd: "can cuoc", thcs: "truong", thpt: "truong", mamnon: "truong",
  grab: "xe om", xeom: "xe om", massage: "mat xa", spa: "mat xa",
};

/**
 * Phrases for the same thing in incident reports → one form. Keys and values are
 * folded phrases; a value should not itself contain another key.
 */
// prettier-ignore
export const SYNONYM_PHRASES: Readonly<Record<string, string>> = {
  // gatherings and venues
  "tiec cuoi": "dam cuoi", "rap cuoi": "dam cuoi", "le cuoi": "dam cuoi", "an cuoi": "dam cuoi",
  "dam tang": "dam ma", "day tro": "nha tro", "phong tro": "nha tro", "khu tro": "nha tro", "xom tro": "nha tro",
  "cung tro": "nha tro", "nha cho thue": "nha thue", "can nha thue": "nha thue", "nha thue": "nha thue",
  "quan ca phe": "quan cafe", "quan cafe": "quan cafe", "quan cf": "quan cafe", "cafe": "quan cafe", "ca phe": "quan cafe",
  "quan nhau": "quan nhau", "quan bar": "bar", "vu truong": "bar", "quan karaoke": "karaoke",
  "cong truong": "cong truong", "truong hoc": "truong", "tiem mat xa": "mat xa",
  "ben thuyen": "ben thuyen", "ben do": "ben thuyen", "ven duong": "ven duong", "ben duong": "ven duong",
  "quoc lo": "quoc lo", "duong quoc lo": "quoc lo",
  // vehicles and goods
  "xe gan may": "xe may", "xe moto": "xe may", "xe mo to": "xe may", "xe ben": "xe tai", "xe ben cho": "xe tai",
  "xe dap dien": "xe dap dien", "dien thoai di dong": "dien thoai", "dtdd": "dien thoai",
  "bien so": "bien so", "bien kiem soat": "bien so",
  // acts
  "cuop giat": "giat", "giut": "giat", "giat do": "giat", "moc tui": "moc", "moc vi": "moc", "moc mat": "moc",
  "danh nhau": "danh nhau", "xo xat": "danh nhau", "hon chien": "danh nhau", "au da": "danh nhau", "loan da": "danh nhau",
  "rut dao": "dao", "dao rua": "dao", "dao rach": "dao", "ma tau": "dao", "dao phay": "dao",
  "dua xe": "dua xe", "boc dau": "dua xe", "ru ga": "dua xe", "lang lach": "dua xe", "dua xe trai phep": "dua xe",
  "da ga": "da ga", "choi ga": "da ga", "soi ga": "da ga", "soi da ga": "da ga",
  "danh bai": "danh bai", "danh bac": "danh bai", "co bac": "danh bai", "ca do": "ca cuoc", "ca cuoc": "ca cuoc",
  "lo de": "lo de", "ghi de": "lo de",
  "cho vay nang lai": "tin dung den", "vay nang lai": "tin dung den", "cho vay lai nang": "tin dung den",
  "vay gop": "tin dung den", "gop ngay": "tin dung den", "cho vay gop": "tin dung den", "cho vay": "tin dung den",
  "doi no": "doi no", "tat son": "tat son", "nem son": "tat son", "mam tom": "tat son",
  "ma tuy da": "ma tuy", "hang trang": "ma tuy", "thuoc lac": "ma tuy", "bong cuoi": "ma tuy",
  "chat cam": "ma tuy", "hut chich": "ma tuy",
  "thuoc no": "thuoc no", "min": "thuoc no", "kich dien": "kich dien",
  "hut cat": "hut cat", "khai thac cat": "hut cat", "xuc cat": "hut cat", "cat lau": "hut cat",
  "do trom": "do trom", "do rac": "do trom", "xa ban": "phe thai", "gach vun": "phe thai", "rac xay dung": "phe thai",
  "phe thai xay dung": "phe thai",
  "bi lua": "lua dao", "lua dao": "lua dao", "lua dat": "lua dao", "gia mao": "gia danh", "gia danh": "gia danh",
  "xung la": "gia danh", "tu xung": "gia danh", "bi hack": "chiem doat", "hack": "chiem doat", "chiem quyen": "chiem doat",
  "viec nhe luong cao": "viec nhe luong cao", "lam viec nhe": "viec nhe luong cao",
  "cong an": "cong an", "canh sat": "cong an",
};

/** Synonym keys, longest first, as one alternation matched on word boundaries. */
export const SYNONYM_PATTERN = new RegExp(
  `(?<![a-z0-9])(?:${Object.keys(SYNONYM_PHRASES)
    .sort((a, b) => b.length - a.length)
        .join("|")})(?![a-z0-9])`,
  "g",
);
