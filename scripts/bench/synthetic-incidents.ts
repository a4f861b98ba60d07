/**
 * Incidents, and the tips residents write about them, for the synthetic
 * histories of the benchmarks (docs/decisions/0062-bench-incidents.md).
 *
 * An incident is one event: a ward, a true category, a venue (a street with a
 * house number or lane, a landmark of the gazetteer, an old ward's area, a
 * village), a time, and the details a witness could give — vehicles and their
 * plates, people, amounts, the scammer's phone or account. Each report of it is
 * written by a different person: a paraphrase of the event, some of the
 * details, in careful Vietnamese, casually, without diacritics or in teen-code,
 * with the specific category or a general or neighbouring one, and the place as
 * a ward, an address (current, pre-2025 or unaccented), a map point near the
 * venue, or not at all. So two incidents of one kind in one ward on one night
 * differ in their venue and details, as a person reading them would tell apart,
 * and the reports of one incident share some of them but rarely their wording.
 *
 * Pure and deterministic for a given random stream; no I/O.
 */
import type { LatLng, WardLocator } from "../../domain/geo";
import { foldVietnamese } from "../../domain/text";

export type Random = () => number;
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export function weighted<T>(random: Random, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, weight] of entries) {
    r -= weight;
    if (r <= 0) return value;
  }
  return entries[entries.length - 1]![0];
}

const int = (random: Random, from: number, to: number) => from + Math.floor(random() * (to - from + 1));
const chance = (random: Random, p: number) => random() < p;

// ------------------------------------------------------------------ wards and their places

export interface WardInfo {
  code: string;
  /** "Phường An Hải" */
  name: string;
  /** Pre-2025 wards merged into it, with their old district ("Phường Phước Mỹ", "Quận Sơn Trà"). */
  oldWards: Array<{ name: string; district: string | null }>;
  /** Main streets: the gazetteer's streets through the ward and, for the city's wards, WARD_STREETS. */
  streets: string[];
  /** The gazetteer's other places in the ward: markets, schools, beaches, bridges… (db/seed/places-48.csv). */
  landmarks: string[];
  box: { minLat: number; minLng: number; maxLat: number; maxLng: number } | null;
}

/**
 * Main streets of the city's wards (post-2025 codes), by hand from the map: a
 * street that runs through several wards is listed where most of it lies.
 * Rural communes have none; their reports name villages, old communes,
 * national roads and landmarks instead.
 */
export const WARD_STREETS: Readonly<Record<string, readonly string[]>> = {
  "20194": ["Nguyễn Văn Cừ", "Nguyễn Tất Thành", "Lạc Long Quân", "Hoàng Văn Thái"],
  "20197": ["Nguyễn Lương Bằng", "Âu Cơ", "Nguyễn Sinh Sắc", "Ngô Thì Nhậm", "Kinh Dương Vương"],
  "20200": ["Tôn Đức Thắng", "Phạm Như Xương", "Nguyễn Chánh", "Hoàng Thị Loan", "Nguyễn Huy Tưởng"],
  "20209": ["Điện Biên Phủ", "Hà Huy Tập", "Trần Cao Vân", "Hải Phòng", "Lê Độ", "Nguyễn Tất Thành"],
  "20242": ["Trần Phú", "Bạch Đằng", "Lê Lợi", "Phan Châu Trinh", "Hùng Vương", "Nguyễn Chí Thanh", "Quang Trung", "Ông Ích Khiêm"],
  "20257": ["Núi Thành", "Xô Viết Nghệ Tĩnh", "Nguyễn Hữu Thọ", "Duy Tân", "Lê Thanh Nghị", "2 Tháng 9"],
  "20260": ["Cách Mạng Tháng Tám", "Ông Ích Đường", "Tôn Đản", "Trường Chinh", "Lê Đại Hành"],
  "20263": ["Yết Kiêu", "Lê Văn Duyệt", "Trần Quang Khải", "Hoàng Sa", "Lê Đức Thọ"],
  "20275": ["Hồ Nghinh", "Võ Văn Kiệt", "Phạm Văn Đồng", "Ngô Quyền", "Trần Hưng Đạo", "Nguyễn Văn Thoại", "Lê Quang Đạo"],
  "20285": ["Lê Văn Hiến", "Trường Sa", "Võ Nguyên Giáp", "Ngũ Hành Sơn", "Nguyễn Duy Trinh", "Huyền Trân Công Chúa"],
  "20305": ["Hà Huy Tập", "Trường Chinh", "Nguyễn Phước Nguyên", "Thái Thị Bôi"],
  "20314": ["Võ Chí Công", "Minh Mạng", "Nguyễn Phước Lan", "Trần Nam Trung"],
  "20410": ["Trần Hưng Đạo", "Lê Lợi", "Nguyễn Duy Hiệu", "Hai Bà Trưng", "Phan Chu Trinh"],
  "20341": ["Phan Chu Trinh", "Hùng Vương", "Trần Cao Vân", "Nguyễn Hoàng"],
};

const NATIONAL_ROADS = ["Quốc lộ 1A", "Quốc lộ 14B", "Quốc lộ 40B", "ĐT 605", "ĐT 609"];

export interface WardRow {
  code: string;
  name: string;
  min_lat: number | null;
  min_lng: number | null;
  max_lat: number | null;
  max_lng: number | null;
}

export function wardInfoOf(
  row: WardRow,
  oldWards: ReadonlyArray<{ new_ward_code: string; old_ward_name: string; old_district_name: string | null }>,
  places: ReadonlyArray<{ name: string; kind: string; ward_codes: string }>,
): WardInfo {
  const here = places.filter((p) => (JSON.parse(p.ward_codes) as string[]).includes(row.code));
  return {
    code: row.code,
    name: row.name,
    oldWards: oldWards.filter((o) => o.new_ward_code === row.code).map((o) => ({ name: o.old_ward_name, district: o.old_district_name })),
    streets: [...new Set([...here.filter((p) => p.kind === "street").map((p) => p.name), ...(WARD_STREETS[row.code] ?? [])])],
    landmarks: here.filter((p) => p.kind !== "street").map((p) => p.name),
    box: row.min_lat === null ? null : { minLat: row.min_lat, minLng: row.min_lng!, maxLat: row.max_lat!, maxLng: row.max_lng! },
  };
}

/** A point inside the ward (rejection sampling in its box), or null when it has no boundary. */
function pointIn(random: Random, ward: WardInfo, locator: WardLocator): LatLng | null {
  if (!ward.box) return null;
  const { minLat, minLng, maxLat, maxLng } = ward.box;
  for (let i = 0; i < 40; i++) {
    const lat = minLat + (maxLat - minLat) * random();
    const lng = minLng + (maxLng - minLng) * random();
    if (locator.locate(lat, lng) === ward.code) return { lat, lng };
  }
  return null;
}

// ------------------------------------------------------------------ incidents

export interface Venue {
  /** What the spot is ("quán karaoke", "nhà trọ") and its sign, if it has one. */
  spot: string;
  sign: string | null;
  street: string | null;
  /** House number, and lane ("kiệt") when the house is off the street. */
  number: number | null;
  lane: number | null;
  landmark: string | null;
  /** The pre-2025 ward or village people still call the area by. */
  area: string | null;
  oldDistrict: string | null;
  village: string | null;
  point: LatLng | null;
}

export interface Incident {
  id: number;
  ward: WardInfo;
  category: string;
  scenario: Scenario;
  atMs: number;
  venue: Venue;
  vehicle: string;
  plate: string;
  people: string;
  count: number;
  amount: string;
  victim: string;
  phone: string;
  account: string;
  bank: string;
  page: string;
}

/** How many people report one incident (the share of tips in multi-report incidents is about 45 %). */
export const REPORT_COUNTS = [[1, 76], [2, 16], [3, 5], [4, 2], [5, 1]] as const;

const SIGNS = ["Hoàng Gia", "Thiên Đường", "Ánh Dương", "Phú Quý", "Minh Châu", "Hải Yến", "Kim Long", "Sao Mai", "Bảo Ngọc", "Thành Đạt", "Hồng Nhung", "Gió Biển", "Tâm An", "Phát Lộc", "Ngọc Lan", "Bình Minh", "Hưng Thịnh", "Mỹ Linh", "Đại Phát", "Hoa Sen"];
/** Spots that have a sign with a name on it. */
const BUSINESS = /^(quán|tiệm|nhà trọ|nhà nghỉ|cửa hàng|phòng trà|văn phòng|cơ sở|xưởng|kho|trại|sạp)/;
const VILLAGE_WORDS = ["thôn", "tổ", "khối phố"];
const VEHICLES = [
  "xe Exciter màu xanh", "xe Wave màu đỏ", "xe SH màu trắng", "xe Air Blade màu đen", "xe Sirius màu xám", "xe Vision màu hồng",
  "xe Winner màu đỏ đen", "xe tải nhỏ thùng bạt", "ô tô Vios màu bạc", "xe bán tải Ranger màu đen", "ô tô 7 chỗ màu trắng", "xe ba gác",
  "xe Dream cũ", "xe Satria độ pô", "xe Lead màu trắng", "xe tải Hyundai màu xanh",
];
const PEOPLE = [
  "hai thanh niên xăm trổ, đội mũ lưỡi trai", "một người đàn ông khoảng 40 tuổi, đầu trọc", "một phụ nữ trung niên mặc áo khoác đỏ",
  "nhóm 4-5 thanh niên tóc nhuộm vàng", "một thanh niên gầy, mặc áo thun đen", "hai người đàn ông nói giọng miền Bắc",
  "một người đàn ông mập, có hình xăm rồng ở tay", "ba thanh niên khoảng 17-18 tuổi", "một người phụ nữ trẻ đeo khẩu trang",
  "mấy người đàn ông mặc áo bảo hộ công trường", "một ông khoảng 60 tuổi, tóc bạc", "hai thanh niên đi dép tổ ong, mặc quần đùi",
];
const VICTIMS = [
  "bà bán rau đầu hẻm", "một cháu học sinh lớp 9", "chị chủ tiệm tạp hóa", "một ông xe ôm", "một nữ sinh viên", "anh bảo vệ công trình",
  "một cụ bà sống một mình", "chủ quán cà phê", "một công nhân đi ca đêm về", "mẹ tôi",
];
const BANKS = ["Vietcombank", "Techcombank", "MB Bank", "BIDV", "Agribank", "VPBank", "ACB", "Sacombank"];
const PAGES = ["Việc Làm Online", "Tuyển CTV Shopee", "Đầu Tư Vàng 4.0", "Hỗ Trợ Vay Nhanh", "Săn Vé Máy Bay Rẻ", "Tuyển Dụng Lương Cao", "Nhận Quà Tri Ân"];

/** A venue for an incident of `scenario` in `ward`: the streets, landmarks, old areas and villages the data gives it. */
function newVenue(random: Random, ward: WardInfo, scenario: Scenario, locator: WardLocator): Venue {
  const oldWard = ward.oldWards.length ? pick(random, ward.oldWards) : null;
  const kind = weighted(random, [
    ["street", ward.streets.length ? 55 : 0],
    ["landmark", ward.landmarks.length ? 15 : 0],
    ["road", ward.streets.length ? 0 : 20],
    ["village", ward.streets.length ? 10 : 45],
  ] as const);
  const street = kind === "street" ? pick(random, ward.streets) : kind === "road" ? pick(random, NATIONAL_ROADS) : null;
  const spot = pick(random, scenario.spots);
  return {
    spot,
    sign: BUSINESS.test(spot) && chance(random, 0.6) ? pick(random, SIGNS) : null,
    street,
    number: street ? int(random, 2, 480) : null,
    lane: street && chance(random, 0.45) ? int(random, 3, 160) : null,
    landmark: kind === "landmark" ? pick(random, ward.landmarks) : null,
    area: oldWard?.name.replace(/^(Phường|Xã|Thị trấn) /, "") ?? null,
    oldDistrict: oldWard?.district ?? null,
    village: kind === "village" || kind === "road" ? `${pick(random, VILLAGE_WORDS)} ${int(random, 1, 12)}` : null,
    point: pointIn(random, ward, locator),
  };
}

function plateOf(random: Random, car: boolean): string {
  const province = pick(random, ["43", "43", "43", "92", "75", "29", "51"]);
  const digits = String(int(random, 10000, 99999));
  return car
    ? `${province}A-${digits.slice(0, 3)}.${digits.slice(3)}`
    : `${province}-${pick(random, ["B1", "D1", "E1", "G1", "K1", "AA", "H1"])} ${digits.slice(0, 3)}.${digits.slice(3)}`;
}

function newIncidentDetails(random: Random) {
  const vehicle = pick(random, VEHICLES);
  return {
    vehicle,
    plate: plateOf(random, /ô tô|xe tải|bán tải/.test(vehicle)),
    people: pick(random, PEOPLE),
    count: int(random, 2, 40),
    amount: pick(random, [`${int(random, 2, 95)} triệu`, `${int(random, 1, 5)} chỉ vàng`, `${int(random, 100, 900)} triệu`, `${int(random, 1, 3)} cây vàng`, `${int(random, 2, 30)} triệu đồng`]),
    victim: pick(random, VICTIMS),
    phone: `09${int(random, 0, 9)}${String(int(random, 0, 9_999_999)).padStart(7, "0")}`,
    account: String(int(random, 1_000_000, 9_999_999)) + String(int(random, 100_000, 999_999)),
    bank: pick(random, BANKS),
    page: pick(random, PAGES),
  };
}

export type IncidentDetails = ReturnType<typeof newIncidentDetails>;

export function newIncident(
  random: Random,
  id: number,
  ward: WardInfo,
  category: string,
  atMs: number,
  locator: WardLocator,
  /** A scam ring's phone and account, reused across its victims' incidents (a link, not one incident). */
  ring?: Pick<IncidentDetails, "phone" | "account" | "bank" | "page">,
): Incident {
  const scenario = pick(random, SCENARIOS[category] ?? SCENARIOS.other!);
  return { id, ward, category, scenario, atMs, venue: newVenue(random, ward, scenario, locator), ...newIncidentDetails(random), ...ring };
}

// ------------------------------------------------------------------ reports

export type LocationForm =
  | { kind: "ward"; wardCode: string }
  | { kind: "address"; address: string; /** how it is written */ form: "current" | "old" | "unaccented" | "landmark" }
  | { kind: "point"; lat: number; lng: number }
  | { kind: "none" };

export interface Report {
  incident: number;
  /** The category the reporter picked. */
  category: string;
  description: string;
  occurredAt: string | null;
  precision: "exact" | "approximate" | "ongoing" | "unknown";
  location: LocationForm;
  /** The text names a phone, account, plate or web page (worth extracting entities from). */
  identifiers: boolean;
}

type Style = "careful" | "casual" | "unaccented" | "teen";
const STYLES = [["careful", 45], ["casual", 25], ["unaccented", 15], ["teen", 15]] as const;

/**
 * The category a reporter picks: mostly the true one; sometimes a neighbouring
 * one (a snatch-and-run as theft) or a general one (security, violence, other).
 */
const NEIGHBOUR_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  drugs: ["prostitution"], theft: ["robbery"], robbery: ["theft", "weapons"], fraud: ["cybercrime"], cybercrime: ["fraud"],
  gambling: ["usury"], usury: ["gambling", "violence"], weapons: ["violence"], violence: ["weapons"], trafficking: ["fraud"],
  smuggling: ["environment"], environment: ["smuggling"], prostitution: ["drugs"], racing: ["security"],
};
const GENERAL_FOR_STREET = ["security", "violence", "other"];
const STREET_TROUBLE = new Set(["drugs", "racing", "theft", "robbery", "weapons", "gambling", "prostitution", "usury", "trafficking"]);

function reporterCategory(random: Random, category: string): string {
  const r = random();
  if (r < 0.78) return category;
  if (r < 0.9 && NEIGHBOUR_CATEGORIES[category]) return pick(random, NEIGHBOUR_CATEGORIES[category]!);
  if (STREET_TROUBLE.has(category)) return pick(random, GENERAL_FOR_STREET);
  return r < 0.95 ? "other" : category;
}

const HOUR_MS = 3_600_000;
const VN_OFFSET_MS = 7 * HOUR_MS;

/** The incident's time in words, as this reporter puts it (Vietnam time). */
function timePhrase(random: Random, atMs: number): string {
  const local = new Date(atMs + VN_OFFSET_MS);
  const h = local.getUTCHours();
  const m = local.getUTCMinutes();
  const part = h < 4 ? "rạng sáng" : h < 11 ? "sáng" : h < 13 ? "trưa" : h < 18 ? "chiều" : h < 22 ? "tối" : "đêm";
  const h12 = h > 12 ? h - 12 : h === 0 ? 12 : h;
  const date = `${local.getUTCDate()}/${local.getUTCMonth() + 1}`;
  return pick(random, [
    `khoảng ${h}h${m >= 30 ? "30" : ""}`,
    `${part} ngày ${date}`,
    `lúc ${h12} giờ ${part}`,
    `tầm ${h}h ${part} ${date}`,
    `${part} nay`,
    `khoảng ${h12}h ${part}`,
    `vào ${h}:${String(m).padStart(2, "0")}`,
  ]);
}

/** The venue as a reporter writes it in the text. */
function venuePhrase(random: Random, v: Venue, precise: boolean): string {
  const spot = v.sign && chance(random, 0.6) ? `${v.spot} ${v.sign}` : v.spot;
  const options: string[] = [];
  if (v.street) {
    const address = v.lane ? `kiệt ${v.lane} ${v.street}` : `số ${v.number} ${v.street}`;
    options.push(`${spot} ở ${address}`, `${spot} trên đường ${v.street}`, `${address}`);
    if (precise) options.push(`${spot} (${v.lane ? `${v.number}/${v.lane}` : v.number} ${v.street})`);
  }
  if (v.landmark) options.push(`${spot} gần ${v.landmark}`, `khu vực ${v.landmark}`, `${spot} cạnh ${v.landmark}`);
  if (v.village) options.push(`${spot} ở ${v.village}${v.area ? ` ${v.area}` : ""}`, `${v.village}${v.street ? ` dọc ${v.street}` : ""}`);
  if (v.area && !v.street) options.push(`${spot} khu ${v.area} cũ`);
  if (options.length === 0) options.push(`${spot} trong khu phố`);
  return pick(random, options);
}

/** The reporter's location field: a ward, an address in one of its forms, a point near the venue, or nothing. */
function locationOf(random: Random, incident: Incident, locator: WardLocator): LocationForm {
  const { ward, venue } = incident;
  const kind = weighted(random, [["ward", 35], ["address", 40], ["point", venue.point ? 20 : 0], ["none", 5]] as const);
  if (kind === "ward") return { kind: "ward", wardCode: ward.code };
  if (kind === "none") return { kind: "none" };
  if (kind === "point") {
    // A phone's position or a tap on the map: within about 150 m of the venue, still inside the ward.
    const lat = venue.point!.lat + (random() - 0.5) * 0.0027;
    const lng = venue.point!.lng + (random() - 0.5) * 0.0027;
    return locator.locate(lat, lng) === ward.code ? { kind: "point", lat, lng } : { kind: "point", ...venue.point! };
  }
  const streetPart = venue.street ? (venue.lane ? `kiệt ${venue.lane} ${venue.street}` : `${venue.number} ${venue.street}`)
    : venue.village ? venue.village : venue.landmark ?? "";
  const form = weighted(random, [["current", 45], ["old", venue.area ? 25 : 0], ["unaccented", 20], ["landmark", venue.landmark ? 10 : 0]] as const);
  if (form === "landmark") return { kind: "address", form, address: `${venue.landmark}, ${ward.name}` };
  if (form === "old") {
    const address = [streetPart, `${/^(Xã|Thị trấn)/.test(ward.name) ? "xã" : "phường"} ${venue.area}`, venue.oldDistrict].filter(Boolean).join(", ");
    return { kind: "address", form, address };
  }
  const current = [streetPart, ward.name, "Đà Nẵng"].filter(Boolean).join(", ");
  return { kind: "address", form, address: form === "unaccented" ? foldVietnamese(current) : current };
}

/** Teen-code and chat shorthand over folded text (word boundaries only). */
const TEEN: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bkhong\b/g, "ko"], [/\bduoc\b/g, "dc"], [/\bnguoi\b/g, "ng"], [/\bbiet\b/g, "bit"], [/\broi\b/g, "r"], [/\bfacebook\b/g, "fb"],
  [/\bvoi\b/g, "vs"], [/\bqua\b/g, "wa"], [/\btrieu\b/g, "tr"], [/\bdien thoai\b/g, "dt"], [/\bso tai khoan\b/g, "stk"],
  [/\bchuyen khoan\b/g, "ck"], [/\bnhieu\b/g, "nhiu"], [/\bcung\b/g, "cx"], [/\bthanh nien\b/g, "tn"], [/\bxe may\b/g, "xm"],
];

function styled(text: string, style: Style): string {
  if (style === "careful") return text;
  if (style === "casual") return text.charAt(0).toLowerCase() + text.slice(1).replace(/\.(\s)/g, ",$1").replace(/\.$/, "");
  const folded = foldVietnamese(text);
  if (style === "unaccented") return folded;
  let teen = folded;
  for (const [pattern, short] of TEEN) teen = teen.replace(pattern, short);
  return teen.replace(/[.,]/g, "");
}

/** Which of the incident's details this reporter saw and wrote down. */
function detailSentences(random: Random, incident: Incident, wanted: number): { sentences: string[]; identifiers: boolean } {
  const s = incident.scenario;
  const pool: Array<{ text: string; identifier: boolean }> = [];
  const add = (text: string, identifier = false) => pool.push({ text, identifier });
  if (s.details.includes("vehicle")) {
    add(pick(random, [`Chúng đi ${incident.vehicle}.`, `Có ${incident.vehicle} đậu ngay đó.`, `Tôi thấy ${incident.vehicle} chạy ra.`]));
    add(pick(random, [`Biển số ${incident.plate}.`, `Xe mang biển ${incident.plate}.`, `bs ${incident.plate}.`]), true);
  }
  if (s.details.includes("people")) add(pick(random, [`Đối tượng là ${incident.people}.`, `Tôi thấy ${incident.people}.`, `Nhận dạng: ${incident.people}.`]));
  if (s.details.includes("count")) add(pick(random, [`Khoảng ${incident.count} người.`, `Có chừng ${incident.count} người.`, `Đông lắm, cỡ ${incident.count} người.`]));
  if (s.details.includes("amount")) add(pick(random, [`Thiệt hại khoảng ${incident.amount}.`, `Mất ${incident.amount}.`, `Số tiền ${incident.amount}.`]));
  if (s.details.includes("victim")) add(pick(random, [`Người bị hại là ${incident.victim}.`, `Nạn nhân là ${incident.victim}.`, `${capitalise(incident.victim)} là người bị.`]));
  if (s.details.includes("phone")) add(pick(random, [`Số điện thoại ${spaced(random, incident.phone)}.`, `Họ gọi từ số ${spaced(random, incident.phone)}.`, `sđt ${spaced(random, incident.phone)}.`]), true);
  if (s.details.includes("account")) add(pick(random, [`STK ${incident.account} ${incident.bank}.`, `Chuyển vào tài khoản ${incident.account} ngân hàng ${incident.bank}.`, `số tài khoản ${incident.bank} ${incident.account}.`]), true);
  if (s.details.includes("page")) add(pick(random, [`Trang Facebook tên "${incident.page}".`, `Fanpage "${incident.page}".`, `nhóm Zalo "${incident.page}".`]));
  const chosen: typeof pool = [];
  for (const item of shuffled(random, pool)) if (chosen.length < wanted) chosen.push(item);
  return { sentences: chosen.map((c) => c.text), identifiers: chosen.some((c) => c.identifier) };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** A phone as people write it: "0905123456", "0905.123.456", "0905 123 456". */
function spaced(random: Random, phone: string): string {
  const form = int(random, 0, 2);
  return form === 0 ? phone : `${phone.slice(0, 4)}${form === 1 ? "." : " "}${phone.slice(4, 7)}${form === 1 ? "." : " "}${phone.slice(7)}`;
}

const CLOSINGS = ["", "", "Đề nghị công an kiểm tra xử lý.", "Mong cơ quan chức năng sớm vào cuộc.", "Bà con rất bức xúc.", "Xin giấu tên người báo.", "Rất mong được xử lý sớm."];

/**
 * One resident's report of `incident`: the event in one of its paraphrases, with
 * the venue as this reporter names it and the time as they put it, then up to
 * three of the incident's details, in this reporter's style.
 */
export function writeReport(random: Random, incident: Incident, locator: WardLocator): Report {
  const style = weighted(random, STYLES);
  const precise = style === "careful" && chance(random, 0.5);
  const s = incident.scenario;
  const slots: Record<string, string> = {
    place: venuePhrase(random, incident.venue, precise),
    time: timePhrase(random, incident.atMs),
    people: incident.people.split(",")[0]!,
    vehicle: incident.vehicle,
    victim: incident.victim,
    count: String(incident.count),
    amount: incident.amount,
  };
  const core = pick(random, s.texts).replace(/\{(\w+)\}/g, (_, key: string) => slots[key] ?? "");
  const wanted = weighted(random, [[0, 15], [1, 40], [2, 30], [3, 15]] as const);
  const details = detailSentences(random, incident, wanted);
  const text = [capitalise(core), ...details.sentences, pick(random, CLOSINGS)].filter(Boolean).join(" ");
  const precision = weighted(random, [["exact", 45], ["approximate", 40], ["ongoing", s.ongoing ? 10 : 0], ["unknown", 5]] as const);
  const reportedAt = precision === "unknown" ? null
    : precision === "exact" ? incident.atMs + (random() - 0.5) * 0.5 * HOUR_MS
    : incident.atMs + (random() - 0.5) * 3 * HOUR_MS;
  return {
    incident: incident.id,
    category: reporterCategory(random, incident.category),
    description: styled(text, style),
    occurredAt: reportedAt === null ? null : new Date(Math.floor(reportedAt / 60_000) * 60_000).toISOString(),
    precision,
    location: locationOf(random, incident, locator),
    identifiers: details.identifiers,
  };
}

// ------------------------------------------------------------------ scenarios

type Detail = "vehicle" | "people" | "count" | "amount" | "victim" | "phone" | "account" | "page";

export interface Scenario {
  /** What kind of spot it happens at. */
  spots: readonly string[];
  /** Paraphrases of the event; slots {place} {time} {people} {vehicle} {victim} {count} {amount}. */
  texts: readonly string[];
  details: readonly Detail[];
  /** A going-on problem (a den, a racing crowd) rather than a moment. */
  ongoing?: boolean;
}

const SCENARIOS: Readonly<Record<string, readonly Scenario[]>> = {
  drugs: [
    {
      spots: ["quán karaoke", "quán bar", "phòng trà"], ongoing: true, details: ["people", "vehicle", "count"],
      texts: [
        "{time} tại {place} có nhóm khách thuê phòng sử dụng ma túy, nhạc mở rất to, có người bán thuốc lắc cho khách.",
        "Phát hiện {place} cho khách bay lắc, {time} thấy {people} mang gói nhỏ vào phòng.",
        "{place} tổ chức cho thanh niên sử dụng ma túy, {time} còn đông khách, nhân viên canh cửa.",
      ],
    },
    {
      spots: ["căn nhà", "nhà trọ", "nhà hoang"], ongoing: true, details: ["people", "vehicle"],
      texts: [
        "Nghi {place} là điểm bán lẻ ma túy, {time} người lạ ra vào liên tục, mỗi người ở lại vài phút rồi đi.",
        "{time} thấy {people} đứng trước {place} giao gói nhỏ cho người đi xe máy, nghi mua bán hàng trắng.",
        "Ở {place} có đối tượng tụ tập chích hút, vứt kim tiêm bừa bãi, {time} vẫn còn thấy.",
      ],
    },
  ],
  theft: [
    {
      spots: ["nhà trọ", "nhà riêng", "bãi giữ xe"], details: ["vehicle", "people", "amount"],
      texts: [
        "{time} ở {place} bị trộm mất {vehicle}, khóa cổ bị bẻ gãy, camera ghi được {people}.",
        "Xe của tôi là {vehicle} để trong {place} bị mất {time}, cửa không bị phá.",
        "{place} mất xe máy {time}, kẻ trộm dùng đoản phá khóa rồi dắt xe đi.",
      ],
    },
    {
      spots: ["tiệm tạp hóa", "tiệm điện thoại", "nhà dân"], details: ["amount", "people", "vehicle"],
      texts: [
        "Trộm đột nhập {place} {time}, cạy cửa sau lấy tiền và vàng.",
        "{time} {place} bị kẻ gian cắt khóa cửa cuốn, lấy đi tài sản, mất {amount}.",
        "Nhà tôi là {place} bị trộm vào lúc {time}, lấy két sắt nhỏ và điện thoại.",
      ],
    },
    {
      spots: ["trại nuôi", "chuồng bò", "nhà dân"], details: ["vehicle"],
      texts: [
        "{time} tại {place} bị trộm {count} con gà và hai con chó, nghe tiếng xe chạy không đèn.",
        "Mất trộm bò ở {place} {time}, thấy vết bánh xe tải nhỏ ngoài đường.",
        "Bọn bắt trộm chó đi {vehicle} hoạt động ở {place}, {time} lại mất thêm.",
      ],
    },
  ],
  robbery: [
    {
      spots: ["đoạn đường vắng", "ngã tư", "cây ATM"], details: ["vehicle", "people", "victim", "amount"],
      texts: [
        "{time} tại {place} hai đối tượng đi {vehicle} giật túi xách của {victim} rồi bỏ chạy.",
        "Cướp giật ở {place} {time}: {people} áp sát giật điện thoại của {victim}.",
        "{victim} bị cướp giật dây chuyền ở {place} {time}, té ngã bị thương.",
      ],
    },
    {
      spots: ["cổng trường", "công viên", "bãi đất trống"], details: ["people", "victim"],
      texts: [
        "{time} nhóm {people} chặn {victim} ở {place}, dùng dao uy hiếp lấy tiền và điện thoại.",
        "Ở {place} có nhóm thanh niên trấn lột học sinh, {time} lấy mất xe đạp của {victim}.",
      ],
    },
  ],
  fraud: [
    {
      spots: ["nhà riêng"], details: ["phone", "account", "amount", "victim"],
      texts: [
        "{time} {victim} ở {place} nhận cuộc gọi giả danh công an, bảo chuyển tiền để xác minh, đã mất {amount}.",
        "Có người gọi xưng là cán bộ điều tra, đe dọa {victim} liên quan đường dây rửa tiền rồi bắt chuyển khoản, mất {amount}.",
        "{victim} bị lừa chuyển {amount} cho kẻ tự nhận là công an phường, {time}, ở {place}.",
      ],
    },
    {
      spots: ["văn phòng", "quán cà phê", "nhà trọ"], details: ["phone", "account", "amount", "people", "page"],
      texts: [
        "{place} có người nhận tiền cọc xin việc làm lương cao, {time} gom của nhiều người rồi biến mất.",
        "Tôi nộp {amount} phí hồ sơ đi xuất khẩu lao động cho {people} tại {place}, nay không liên lạc được.",
        "Bị lừa tuyển cộng tác viên làm nhiệm vụ online, chuyển {amount} không rút được, gặp đối tượng ở {place}.",
      ],
    },
  ],
  cybercrime: [
    {
      spots: ["nhà riêng"], details: ["page", "account", "phone", "amount"],
      texts: [
        "Tài khoản Facebook của {victim} bị hack, kẻ gian nhắn tin vay tiền người quen, {time} đã có người chuyển {amount}.",
        "Trang mạng quảng cáo đầu tư tiền ảo lãi cao, {victim} ở {place} nạp {amount} rồi bị khóa tài khoản.",
        "{time} {victim} bấm vào đường link lạ, bị chiếm tài khoản ngân hàng, mất {amount}.",
      ],
    },
  ],
  gambling: [
    {
      spots: ["quán cà phê", "quán nhậu", "nhà trọ"], ongoing: true, details: ["count", "people", "vehicle"],
      texts: [
        "{place} tổ chức cá độ bóng đá, {time} tụ tập đông, có người ghi sổ và thu tiền.",
        "Sòng xóc đĩa ở {place} hoạt động {time}, khoảng {count} con bạc, có người canh đầu kiệt.",
        "{time} {place} có đánh bài ăn tiền, {people} làm chủ sòng, xe đậu kín cả đường.",
      ],
    },
    {
      spots: ["bãi đất trống", "vườn keo", "bờ sông"], ongoing: true, details: ["count", "vehicle"],
      texts: [
        "{time} có trường gà ở {place}, cả chục người đặt cược, xe máy dựng đầy.",
        "Đá gà ăn tiền tại {place} {time}, khoảng {count} người, có cảnh giới.",
      ],
    },
  ],
  usury: [
    {
      spots: ["tiệm cầm đồ", "nhà riêng", "sạp chợ"], details: ["people", "phone", "amount", "victim"],
      texts: [
        "Nhóm cho vay nặng lãi đến {place} đòi nợ {victim}, {time} tạt sơn và ném mắm tôm vào nhà.",
        "{victim} vay {amount} lãi ngày, {time} {people} đến {place} đe dọa, chửi bới.",
        "Đối tượng cho vay lãi cắt cổ ở {place}, dán tờ rơi khắp nơi, {time} đến đập phá đồ đạc.",
      ],
    },
  ],
  weapons: [
    {
      spots: ["quán nhậu", "nhà trọ", "bãi đất trống"], details: ["people", "vehicle", "count"],
      texts: [
        "{time} tại {place} nhóm {people} mang theo dao, kiếm tự chế, đi lại đe dọa người dân.",
        "Phát hiện {place} có người cất giấu súng tự chế và dao phóng lợn, {time} mang ra khoe.",
        "Nhóm thanh niên cầm mã tấu chạy xe quanh {place} {time}, la hét rượt đuổi.",
      ],
    },
  ],
  trafficking: [
    {
      spots: ["quán cà phê", "nhà nghỉ", "văn phòng"], details: ["people", "phone", "page", "victim"],
      texts: [
        "{people} ở {place} dụ dỗ các cô gái đi làm lương cao ở nước ngoài, {victim} đã mất liên lạc.",
        "{time} tại {place} có người môi giới đưa {victim} sang Campuchia làm việc nhẹ lương cao, nghi mua bán người.",
      ],
    },
  ],
  smuggling: [
    {
      spots: ["kho hàng", "nhà xưởng", "cửa hàng"], details: ["vehicle", "people"],
      texts: [
        "{time} có {vehicle} chở nhiều thùng thuốc lá lậu vào {place}, bốc dỡ vội vàng.",
        "{place} bán hàng giả, hàng không rõ nguồn gốc, {time} nhập khoảng {count} thùng bằng {vehicle}.",
        "Nghi {place} tập kết đường cát và pháo lậu, {time} xe ra vào liên tục.",
      ],
    },
  ],
  prostitution: [
    {
      spots: ["quán massage", "nhà nghỉ", "quán karaoke"], ongoing: true, details: ["people", "count"],
      texts: [
        "{place} có dấu hiệu hoạt động mại dâm trá hình, {time} khách ra vào liên tục.",
        "Nhân viên ở {place} mời chào khách kích dục, {time} có {people} đứng ngoài dẫn khách.",
      ],
    },
  ],
  violence: [
    {
      spots: ["quán nhậu", "đám cưới", "sân bóng"], details: ["people", "count", "victim"],
      texts: [
        "{time} tại {place} hai nhóm thanh niên đánh nhau bằng chai bia và ghế nhựa, một người bị thương.",
        "Ẩu đả ở {place} {time}, khoảng {count} người tham gia, {victim} bị đánh chảy máu đầu.",
        "Nhóm {people} say rượu gây rối ở {place}, {time} đánh {victim}.",
      ],
    },
  ],
  racing: [
    {
      spots: ["đoạn đường", "cầu", "vòng xoay"], ongoing: true, details: ["count", "vehicle", "people"],
      texts: [
        "{time} trên {place} có khoảng {count} xe tụ tập đua xe, bốc đầu, rú ga inh ỏi.",
        "Đua xe trái phép ở {place} {time}, cả đám {vehicle} lạng lách, người xem đứng kín lề.",
        "{place} thành trường đua {time}, {people} cầm đầu, chạy tốc độ cao rất nguy hiểm.",
      ],
    },
  ],
  environment: [
    {
      spots: ["bờ sông", "bãi cát", "bến đò"], details: ["vehicle", "people"],
      texts: [
        "{time} có tàu hút cát trái phép ở {place}, bờ sông sạt lở nặng.",
        "Khai thác cát lậu tại {place} {time}, ghe chở cát chạy không đèn.",
      ],
    },
    {
      spots: ["cơ sở sản xuất", "xưởng", "trại heo"], details: ["vehicle"],
      texts: [
        "{place} xả nước thải đen ra cống {time}, bốc mùi hôi thối, cá chết.",
        "{time} {place} đốt rác thải công nghiệp, khói đen bay khắp khu dân cư.",
        "Xe bồn của {place} đổ trộm chất thải ra bãi đất {time}.",
      ],
    },
    {
      spots: ["rừng phòng hộ", "đồi keo", "khu rừng"], details: ["vehicle", "people"],
      texts: [
        "{time} có người chặt phá rừng ở {place}, chở gỗ bằng {vehicle}.",
        "Phát hiện khai thác gỗ trái phép tại {place}, {time} nghe tiếng cưa máy.",
      ],
    },
  ],
  security: [
    {
      spots: ["nhà văn hóa", "chợ", "quán cà phê"], details: ["people", "count"],
      texts: [
        "{time} tại {place} có {people} phát tờ rơi kích động, tụ tập đông người.",
        "Người lạ tụ tập ở {place} {time}, nghi gây mất an ninh trật tự, khoảng {count} người.",
      ],
    },
  ],
  corruption: [
    {
      spots: ["bộ phận một cửa", "trạm kiểm soát", "văn phòng"], details: ["people", "amount"],
      texts: [
        "Cán bộ ở {place} đòi thêm tiền ngoài quy định khi làm thủ tục, {time} tôi phải nộp {amount}.",
        "{people} ở {place} vòi tiền người dân, {time} nhận phong bì công khai.",
      ],
    },
  ],
  other: [
    {
      spots: ["căn nhà", "khu đất", "bãi xe"], details: ["people", "vehicle"],
      texts: [
        "Có hiện tượng bất thường ở {place} {time}, {people} ra vào lén lút.",
        "{time} thấy {vehicle} đậu lâu ở {place}, người trên xe có biểu hiện khả nghi.",
      ],
    },
  ],
};
