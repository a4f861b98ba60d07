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
  tgian: "thoi gian", ae: "anh em", sv: "sinh vien", bh: "bay gio", bjo: "bay gio", ms: "moi", nt: "nhan tin", tn: "tin nhan",
  hs: "hoc sinh", gv: "giao vien", nv: "nhan vien", tx: "tai xe", ctv: "cong tac vien", ks: "khach san", qc: "quang cao",
  // phones, money, accounts, apps
  dt: "dien thoai", dth: "dien thoai", dthoai: "dien thoai", sdt: "so dien thoai", fb: "facebook", face: "facebook",
  ib: "nhan tin", inbox: "nhan tin", stk: "so tai khoan", tk: "tai khoan", ck: "chuyen khoan",
  vcb: "vietcombank", zl: "zalo",
  // police, places, vehicles
  cs: "canh sat", csgt: "canh sat giao thong", cty: "cong ty", bv: "benh vien", xm: "xe may",
  xd: "xe dap", xdd: "xe dap dien", oto: "o to", tp: "thanh pho", ql: "quoc lo", ql1a: "quoc lo 1a", ql1: "quoc lo 1a", kcn: "khu cong nghiep",
  cccd: "can cuoc", cmnd: "can cuoc", thcs: "truong", thpt: "truong", mamnon: "truong",
  grab: "xe om", xeom: "xe om", massage: "mat xa", spa: "mat xa",
};

/**
 * Phrases for the same thing in incident reports → one form. Keys and values are
 * folded phrases; a value should not itself contain another key. The concepts
 * below add theirs (SYNONYM_PHRASES is both).
 */
// prettier-ignore
const PHRASES: Readonly<Record<string, string>> = {
  // gatherings and venues
  "tiec cuoi": "dam cuoi", "rap cuoi": "dam cuoi", "le cuoi": "dam cuoi", "an cuoi": "dam cuoi",
  "day tro": "nha tro", "phong tro": "nha tro", "khu tro": "nha tro", "xom tro": "nha tro",
  "cung tro": "nha tro", "nha cho thue": "nha thue", "can nha thue": "nha thue", "nha thue": "nha thue",
  "quan ca phe": "quan cafe", "quan cafe": "quan cafe", "quan cf": "quan cafe", "cafe": "quan cafe", "ca phe": "quan cafe",
  "quan bar": "bar", "vu truong": "bar",
  "cong truong": "cong truong", "truong hoc": "truong", "tiem mat xa": "mat xa",
  "ben thuyen": "ben thuyen", "ben do": "ben thuyen", "ven duong": "ven duong", "ben duong": "ven duong",
  "quoc lo": "quoc lo", "duong quoc lo": "quoc lo",
  // vehicles and goods
  "xe gan may": "xe may", "xe moto": "xe may", "xe mo to": "xe may", "xe ben": "xe tai", "xe ben cho": "xe tai",
  "xe dap dien": "xe dap dien", "dien thoai di dong": "dien thoai", "dtdd": "dien thoai",
  "bien so": "bien so", "bien kiem soat": "bien so",
  // acts
  "cuop giat": "giat", "giut": "giat", "giat do": "giat",
  "da ga": "da ga", "choi ga": "da ga", "soi ga": "da ga", "soi da ga": "da ga",
  "ca do": "ca cuoc", "ca cuoc": "ca cuoc",
  "tat son": "tat son", "nem son": "tat son", "mam tom": "tat son",
  "thuoc no": "thuoc no", "min": "thuoc no", "kich dien": "kich dien",
  "hut cat": "hut cat", "khai thac cat": "hut cat", "xuc cat": "hut cat", "cat lau": "hut cat",
  "do trom": "do trom", "do rac": "do trom", "xa ban": "phe thai", "gach vun": "phe thai", "rac xay dung": "phe thai",
  "phe thai xay dung": "phe thai",
  "bi lua": "lua dao", "lua dao": "lua dao", "lua dat": "lua dao", "gia mao": "gia danh", "gia danh": "gia danh",
  "xung la": "gia danh", "tu xung": "gia danh", "bi hack": "chiem doat", "hack": "chiem doat", "chiem quyen": "chiem doat",
  "viec nhe luong cao": "viec nhe luong cao", "lam viec nhe": "viec nhe luong cao",
  "cong an": "cong an", "canh sat": "cong an",
};

/**
 * Incident concepts: the words different witnesses use for one thing, each group
 * under the phrase that stands for it (its id, also what an officer reads in
 * "both mention …"). Merged into the synonym phrases (a phrase listed in both
 * takes its concept). General vocabulary of reports, not the wording of any
 * one report: two witnesses of one brawl say "ẩu đả", "chém nhau" or "lao vào
 * đánh"; of one debt collection "siết nợ", "đòi nợ thuê"; of one pickpocket
 * "móc túi", "rạch túi". Bare words that fold onto other words ("đánh" is also
 * "đánh bắt", "đánh bài"; "dao" is also "đảo", "đạo"; "chợ" is "cho") stay out.
 */
// prettier-ignore
export const INCIDENT_CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  // physical violence: a fight seen by one is an assault to another
  "danh nhau": [
    "danh nhau", "xo xat", "hon chien", "au da", "loan da", "danh lon", "choang nhau", "chem nhau", "dam nhau",
    "ruot chem", "ruot danh", "lao vao danh", "hanh hung", "danh dap", "danh tui bui", "tui bui", "danh hoi dong",
    "danh nguoi", "danh trong thuong", "danh bi thuong", "danh ngat", "dam da", "tat vao mat", "dap nga",
  ],
  // cold weapons ("dao" alone stays a word: it folds onto "đảo", "đạo")
  "hung khi": [
    "hung khi", "vu khi", "ma tau", "dao rua", "dao rach", "dao phay", "dao bau", "dao gam", "rut dao", "cam dao",
    "guom", "tuyp sat", "ong tuyp", "gay sat", "gay bong chay", "con nhi khuc", "bua dinh",
  ],
  // collecting a debt by pressure
  "doi no": ["doi no", "doi no thue", "siet no", "xiet no", "thu no", "ep tra no", "doi tien lai", "khung bo doi no"],
  // market traders and their stalls
  "tieu thuong": ["tieu thuong", "nguoi ban hang", "co ban hang", "chi ban hang", "ba ban hang", "chu sap", "sap hang", "quay hang"],
  "phu nu": ["phu nu", "nguoi phu nu", "dan ba", "nguoi dan ba"],
  "tre em": ["tre em", "tre con", "con nit", "dua be", "em be", "dua nho", "chau be"],
  // taking things
  "moc tui": ["moc tui", "moc vi", "moc mat", "rach tui", "rach gio", "cat tui", "rach balo"],
  "trom": ["an trom", "lay trom", "ke trom", "mat trom", "bi trom", "trom cap", "dat mat", "be khoa", "cat khoa"],
  // venues
  "karaoke": ["karaoke", "quan karaoke", "quan hat", "phong hat", "hat karaoke"],
  "quan nhau": ["quan nhau", "quan bia", "quan ruou", "quan lau"],
  "san bong": ["san bong", "san bong da", "san banh", "san co nhan tao", "san bong mini", "san bong da mini", "san mini"],
  "dam ma": ["dam ma", "dam tang", "le tang", "dam hieu"],
  // drugs by their street names
  "ma tuy": ["ma tuy", "ma tuy da", "hang trang", "thuoc lac", "bong cuoi", "chat cam", "hut chich", "bay lac", "heroin", "can sa"],
  // street racing, in the words of those kept awake by it
  "dua xe": ["dua xe", "dua xe trai phep", "boc dau", "ru ga", "lang lach", "net po", "danh vong", "dan hang", "zic zac", "chay zic zac", "dua nhau"],
  // gambling
  "danh bai": ["danh bai", "danh bac", "co bac", "soi bac", "xoc dia", "tai xiu", "bau cua", "song bac"],
  "lo de": ["lo de", "ghi de", "so de", "danh de", "ghi lo"],
  // lending at usurious rates
  "tin dung den": [
    "tin dung den", "cho vay nang lai", "vay nang lai", "cho vay lai nang", "vay gop", "gop ngay", "cho vay gop", "cho vay",
    "boc ho", "vay nong", "lai ngay", "vay lai ngay",
  ],
  "mai dam": ["mai dam", "ban dam", "mua ban dam", "gai goi", "kich duc", "tuoi mat", "dung duong", "gai bao"],
  "mua ban nguoi": ["mua ban nguoi", "lua ban", "ban nguoi", "xuat canh trai phep", "vuot bien", "dua nguoi ra nuoc ngoai"],
  "sung": ["sung", "sung tu che", "sung hoa cai", "sung con", "sung ban bi", "sung hoi", "sung nhua"],
  "pha rung": ["pha rung", "chat pha rung", "chat rung", "go lau", "khai thac go", "chat go"],
  "xa thai": ["xa thai", "nuoc thai", "xa nuoc thai", "chat thai", "boc mui hoi thoi"],
  // places of the street
  "quan nuoc": ["quan nuoc", "quan coc", "quan giai khat", "quan tra chanh"],
  "tap hoa": ["tap hoa", "tiem tap hoa", "cua hang tap hoa", "quan tap hoa"],
  "cay xang": ["cay xang", "tram xang", "cua hang xang dau", "tram xang dau"],
  "bai xe": ["bai xe", "bai giu xe", "nha xe", "bai do xe", "bai gui xe"],
  "nghia trang": ["nghia trang", "nghia dia"],
  // money lent by an app
  "app vay": ["app vay", "app vay tien", "ung dung vay", "ung dung vay tien", "vay qua app", "vay online", "vay tren mang"],
};

/**
 * How reports end, whatever they are about: a plea, a feeling, a request not to be named
 * ("Mong cơ quan chức năng sớm vào cuộc", "Bà con rất bức xúc", "Xin giấu tên người báo"). Two
 * reports of different incidents that end alike share these words, and "cuộc" or "bức xúc"
 * are not rare, but they are no evidence of one event either. They are read as nothing.
 */
// prettier-ignore
export const CLOSING_PHRASES: readonly string[] = [
  "mong co quan chuc nang som vao cuoc", "de nghi co quan chuc nang som vao cuoc", "som vao cuoc", "vao cuoc",
  "ba con rat buc xuc", "nguoi dan rat buc xuc", "rat buc xuc", "buc xuc",
  "xin giau ten nguoi bao", "xin giau ten", "giau ten", "xin duoc giau ten",
  "rat mong duoc xu ly som", "mong duoc xu ly som", "xu ly som", "xu ly dut diem", "xu ly nghiem",
  "xin cam on", "cam on", "kinh de nghi", "tran trong",
];

/** Every phrase → the form it is read as: the phrases above, then each concept's phrases → the concept. */
export const SYNONYM_PHRASES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(CLOSING_PHRASES.map((phrase) => [phrase, ""])),
  ...PHRASES,
  ...Object.fromEntries(Object.entries(INCIDENT_CONCEPTS).flatMap(([concept, phrases]) => phrases.map((phrase) => [phrase, concept]))),
};

/** Synonym keys, longest first, as one alternation matched on word boundaries. */
export const SYNONYM_PATTERN = new RegExp(
  `(?<![a-z0-9])(?:${Object.keys(SYNONYM_PHRASES)
    .sort((a, b) => b.length - a.length)
        .join("|")})(?![a-z0-9])`,
  "g",
);

/**
 * What each kind of report is about, in the words residents use for it (folded, after CHAT_WORDS and the
 * synonym phrases, so a concept's id stands for all its words: "nẹt pô", "bốc đầu" are "dua xe"). A report
 * filed under a general category, or a neighbouring one, often says what it saw: a "security" report of a
 * crowd "after a robbery", a "weapons" report of "the robber's knife". When one report's words name the
 * other's kind, the two kinds agree (domain/dedupe.ts `kindDescribed`, ADR 0082). General vocabulary of each
 * kind, not any report's wording. Words that fold onto other words stay out: "dao" (đảo, đạo), "kiem"
 * (kiểm), "vay" (vây), "no" (nó), "ga" (ga tàu), "lau" (lẩu).
 */
// prettier-ignore
export const KIND_WORDS: Readonly<Record<string, readonly string[]>> = {
  robbery: ["giat", "cuop", "tran lot", "hoi cay"],
  theft: ["trom", "moc tui", "dat mat", "mat cap"],
  usury: ["tin dung den", "doi no", "tat son", "chu no", "gan no", "tra no", "tien gop"],
  gambling: ["danh bai", "da ga", "ca cuoc", "lo de", "sat phat", "dat tien", "an tien"],
  drugs: ["ma tuy"],
  racing: ["dua xe", "po xe", "xe do"],
  weapons: ["hung khi", "sung", "dao bam", "ong sat", "kiem tu che"],
  violence: ["danh nhau"],
  trafficking: ["mua ban nguoi", "bien gioi", "tien chuoc"],
  prostitution: ["mai dam"],
  environment: [
    "xa thai", "hut cat", "phe thai", "do trom", "thuoc no", "kich dien", "pha rung", "ca chet", "khoi den", "rac thai",
    // what neighbours smell and see (ADR 0088)
    "mui khet", "mui hoi", "boc mui", "hoi thoi", "nuoc den", "o nhiem", "xa trom", "khoi bui",
  ],
  smuggling: [
    "hang lau", "buon lau", "thuoc la ngoai", "hang nhap lau",
    // goods that came in no legal way (ADR 0088)
    "khong tem", "khong hoa don", "khong ro nguon goc", "khong nhan phu", "hang xach tay",
  ],
  fraud: ["lua dao", "gia danh", "trung thuong", "mao danh", "thuoc gia", "hang gia"],
  // an official paid to look away, or to let trucks through (ADR 0085)
  corruption: [
    "hoi lo", "bao ke", "lam ngo", "phong bi", "tham nhung", "mai lo", "tien lo",
    // money to an official by its euphemisms (ADR 0088)
    "boi duong", "boi tron", "lot tay", "chay viec", "dut tien",
  ],
  cybercrime: ["chiem doat"],
};

/**
 * What is taken in a theft or a robbery, by kind, in the words residents use (folded, after CHAT_WORDS): two reports
 * of one kind that each say what was taken, and nothing in common, are two incidents (domain/incident-details.ts,
 * ADR 0085). A motorbike is read apart (its words are also how the thieves came). Words that fold onto other words
 * stay out: "vi" alone (vì), "cho" alone (chợ, cho), "vang" alone (vắng), "bo" alone (bỏ, bờ), "máy giặt" (a
 * "xe máy giật túi" holds "may giat").
 */
// prettier-ignore
export const LOOT_WORDS: Readonly<Record<string, readonly string[]>> = {
  phone: ["dien thoai", "iphone", "samsung", "oppo", "xiaomi", "smartphone", "dtdd", "ipad", "may tinh bang"],
  // "tui" is read as "toi" (CHAT_WORDS: teen-code for "tôi"), so "túi xách" reaches here as "toi xach".
  bag: ["toi xach", "toi deo", "ba lo", "balo", "cap sach", "vali", "va li"],
  wallet: ["vi tien", "chiec vi", "cai vi", "mat vi", "vi da", "bop tien"],
  jewellery: ["day chuyen", "bong tai", "nhan vang", "lac vang", "lac tay", "vong vang", "vong co", "trang suc", "kieng vang"],
  computer: ["laptop", "may tinh", "macbook"],
  bicycle: ["xe dap", "xe dap dien", "xe dien"],
  dog: ["con cho", "trom cho", "bat cho", "cho becgie", "becgie", "cho phu quoc"],
  livestock: ["con bo", "con trau", "dan bo", "dan ga", "con de", "dan vit"],
  appliance: ["may lanh", "cuc nong", "dieu hoa", "tivi", "ti vi", "tu lanh", "may bom"],
  cash: ["ket tien", "ket sat", "tu tien"],
  goods: ["thung bia", "thung hang", "bao gao", "hang trong kho", "hang hoa"],
  cable: ["day dien", "cap dien", "day dong", "nap cong"],
};

/** Motorbike and car models as residents write them (folded) → one name: "air blade", "ab" → "air blade". */
// prettier-ignore
export const VEHICLE_MODELS: Readonly<Record<string, string>> = {
  exciter: "exciter", ex: "exciter", sirius: "sirius", wave: "wave", "wave alpha": "wave", "wave rsx": "wave", vision: "vision",
  "air blade": "air blade", airblade: "air blade", ab: "air blade", lead: "lead", winner: "winner", "winner x": "winner",
  future: "future", dream: "dream", vespa: "vespa", janus: "janus", grande: "grande", satria: "satria", raider: "raider",
  sh: "sh", "sh mode": "sh mode", cub: "cub", attila: "attila", liberty: "liberty", nouvo: "nouvo", jupiter: "jupiter",
  vios: "vios", innova: "innova", fortuner: "fortuner", camry: "camry", ranger: "ranger", "kia morning": "morning", morning: "morning",
  "vinfast": "vinfast",
};

/**
 * What a scammer pretends to be, or the story told to the victim (ADR 0093), in the words victims and their relatives
 * use (folded, after CHAT_WORDS): the pretext is what two accounts of one scam keep when they share no other word —
 * the victim writes "người xưng công an gọi bảo tôi dính vụ án", the son "kẻ giả danh cán bộ điều tra, rửa tiền". A
 * general typology of the scams police warnings name, not any report's wording. Two fraud reports whose pretexts
 * share nothing (a fake electricity bill, a fake teacher calling about an accident) are two scams; a story may hold
 * two (a post office's parcel handed over to a fake police officer). Phrases that fold onto other words stay out:
 * Only the pretext, never the outcome: "bị chiếm tài khoản", "bị hack", "tài khoản bị khóa" end scams of every story
 * (bench:triage 100 k: a crypto scam and a phishing link told of one incident were split on them). Stay out too:
 * "thue" alone (thuê), "qua" alone (quà, qua), "thuê bao" (a number "thuê bao không liên lạc được"), "gọi video" (fake
 * police call by video too). A phrase may be a regular expression over the folded words.
 */
// prettier-ignore
export const SCAM_PRETEXTS: Readonly<Record<string, readonly string[]>> = {
  // "mong công an giúp" is how reports end, so the police only when someone claims to be one ("xưng là công an").
  police: [
    "(?:xung|gia|danh|noi|giong|la) (?:la )?(?:can bo |chien si |nguoi )?(?:cong an|canh sat)", "can bo dieu tra", "dieu tra vien", "vien kiem sat", "toa an", "giay trieu tap", "rua tien",
    "tam giu", "lenh bat", "vu an", "duong day ma tuy",
  ],
  bank: [
    "nhan vien ngan hang", "ngan hang gia", "gia ngan hang", "gia mao ngan hang", "web ngan hang", "trang web ngan hang",
    "nang han muc", "han muc the", "the tin dung", "sinh trac hoc",
  ],
  utility: ["dien luc", "tien dien", "cat dien", "no tien dien", "tien nuoc", "cat nuoc"],
  telecom: ["nha mang", "viettel", "vinaphone", "mobifone", "khoa sim", "chuan hoa thong tin", "doi sim"],
  tax: ["can bo thue", "cuc thue", "chi cuc thue", "quyet toan thue", "co quan thue", "hoan thue", "app thue", "ung dung thue"],
  "social-insurance": ["bao hiem xa hoi", "bhxh", "hoan tien bao hiem", "luong huu", "so bao hiem"],
  "relative-in-trouble": [
    "cap cuu", "bi tai nan", "gap tai nan", "nga cau thang", "giao vien chu nhiem", "thay chu nhiem", "co chu nhiem",
    "mo gap", "vien phi", "dang cap cuu",
  ],
  "online-task": [
    "lam nhiem vu", "nhiem vu online", "cong tac vien", "viec nhe luong cao", "nhan hoa hong", "hoa hong", "nap tien lam",
    "like video", "tha tim", "danh gia san pham",
  ],
  investment: ["dau tu", "tien ao", "san giao dich", "san dau tu", "chung khoan", "forex", "tien dien tu", "coin", "sinh loi"],
  deposit: ["dat coc", "tien coc", "coc phong", "coc nha", "dat phong", "cho thue phong", "chu nha gia", "nguoi cho thue"],
  loan: ["vay online", "vay tien online", "giai ngan", "khoan vay", "vay khong the chap", "app vay", "ung dung vay"],
  prize: ["trung thuong", "nhan thuong", "phi nhan thuong", "tri an khach hang", "quay so"],
  "gift-from-abroad": ["hai quan", "thong quan", "qua tu nuoc ngoai", "goi qua", "hop qua", "kien qua", "thue nhan qua"],
  delivery: ["buu dien", "buu pham", "buu kien", "shipper", "giao hang", "tien thu ho", "thu ho", "don hang"],
  "hacked-account": [
    "nhan tin muon tien", "muon tien", "video gia", "deepfake", "gia giong", "gia mat",
  ],
  "online-shop": ["mua hang online", "dat mua", "nguoi ban", "nguoi mua", "khach dat hang", "ban hang online", "ban online", "khong gui hang"],
};
