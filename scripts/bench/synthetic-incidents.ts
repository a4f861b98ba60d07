/**
 * Incidents, and the tips residents write about them, for the synthetic
 * histories of the benchmarks (docs/decisions/0064-bench-incidents.md).
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

/**
 * Points inside each ward, sampled once (rejection sampling in its box, up to
 * 40 tries a point): venues take one of them, so a long coastline's wards do not
 * cost dozens of point-in-polygon tests per incident.
 */
const POINTS_PER_WARD = 256;
const wardPoints = new WeakMap<WardInfo, LatLng[]>();

function pointIn(random: Random, ward: WardInfo, locator: WardLocator): LatLng | null {
  let points = wardPoints.get(ward);
  if (!points) {
    points = [];
    if (ward.box) {
      const { minLat, minLng, maxLat, maxLng } = ward.box;
      for (let i = 0; i < POINTS_PER_WARD * 40 && points.length < POINTS_PER_WARD; i++) {
        const lat = minLat + (maxLat - minLat) * random();
        const lng = minLng + (maxLng - minLng) * random();
        if (locator.locate(lat, lng) === ward.code) points.push({ lat, lng });
      }
    }
    wardPoints.set(ward, points);
  }
  return points.length ? pick(random, points) : null;
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
/** How witnesses describe the people: "[a|b]" is each witness's own wording of the same look. */
const PEOPLE = [
  "[hai thanh niên|2 thanh niên|hai đứa] [xăm trổ|xăm kín tay|xăm đầy tay], [đội mũ lưỡi trai|đội nón kết|đội nón]",
  "[một người đàn ông|một ông|một người] [khoảng 40 tuổi|tầm 40|ngoài 40], [đầu trọc|cạo trọc đầu|đầu cạo trọc]",
  "[một phụ nữ trung niên|một bà trung niên|một chị tầm 45 tuổi] [mặc áo khoác đỏ|áo khoác màu đỏ|khoác áo đỏ]",
  "[nhóm 4-5 thanh niên|4, 5 thanh niên|mấy thanh niên] [tóc nhuộm vàng|nhuộm tóc vàng|tóc vàng hoe]",
  "[một thanh niên gầy|một cậu gầy gầy|một thanh niên ốm], [mặc áo thun đen|áo phông đen|áo đen]",
  "[hai người đàn ông|hai ông|hai người] [nói giọng miền Bắc|nói giọng Bắc|giọng ngoài Bắc]",
  "[một người đàn ông mập|một ông to béo|một người mập], [có hình xăm rồng ở tay|xăm con rồng trên tay|tay xăm rồng]",
  "[ba thanh niên|3 thanh niên|ba đứa] [khoảng 17-18 tuổi|tầm 17, 18 tuổi|chừng 18 tuổi]",
  "[một người phụ nữ trẻ|một cô gái trẻ|một chị trẻ] [đeo khẩu trang|che khẩu trang kín mặt|đeo khẩu trang đen]",
  "[mấy người đàn ông|vài người|mấy ông] [mặc áo bảo hộ công trường|mặc đồ bảo hộ|mặc áo phản quang]",
  "[một ông khoảng 60 tuổi|một ông già|một ông tầm 60], [tóc bạc|tóc bạc trắng|tóc hoa râm]",
  "[hai thanh niên|hai đứa|2 thanh niên] [đi dép tổ ong, mặc quần đùi|mặc quần đùi, dép lê|quần short, dép tổ ong]",
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
    const vehicle = vehicleAs(random, incident.vehicle);
    add(pick(random, [`Chúng đi ${vehicle}.`, `Có ${vehicle} đậu ngay đó.`, `Tôi thấy ${vehicle} chạy ra.`]));
    add(pick(random, [`Biển số ${incident.plate}.`, `Xe mang biển ${incident.plate}.`, `bs ${incident.plate}.`]), true);
  }
  if (s.details.includes("people")) {
    const people = inOwnWords(random, incident.people);
    add(pick(random, [`Đối tượng là ${people}.`, `Tôi thấy ${people}.`, `Nhận dạng: ${people}.`]));
  }
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

/**
 * The look up to its first comma outside "[a|b]" choices ("[hai thanh niên|hai đứa] [đi dép tổ ong, mặc quần
 * đùi|…]" keeps its second choice whole): splitting inside a choice left "[" in the texts.
 */
export function firstClause(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "[") depth++;
    else if (text[i] === "]") depth--;
    else if (text[i] === "," && depth === 0) return text.slice(0, i);
  }
  return text;
}

/** "[a|b|c]" → one of them: this writer's choice of words. */
const inOwnWords = (random: Random, text: string) => text.replace(/\[([^\]]*)\]/g, (_, choices: string) => pick(random, choices.split("|")));

/** A vehicle as this witness names it: "xe Exciter màu xanh", "Exciter màu xanh", "chiếc xe Exciter màu xanh". */
const vehicleAs = (random: Random, vehicle: string) => pick(random, [vehicle, vehicle.replace(/^xe /, ""), `chiếc ${vehicle}`]);

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
    people: inOwnWords(random, firstClause(incident.people)),
    vehicle: vehicleAs(random, incident.vehicle),
    victim: incident.victim,
    count: String(incident.count),
    amount: incident.amount,
  };
  // "[a|b|c]" is this writer's choice of words; "{slot}" the incident's.
  const core = inOwnWords(random, pick(random, s.texts))
    .replace(/\{(\w+)\}/g, (_, key: string) => slots[key] ?? "")
    .replace(/ ,/g, ",");
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
  /**
   * Paraphrases of the event: "[a|b|c]" is a choice of words each writer makes,
   * "{place}" {time} {people} {vehicle} {victim} {count} {amount} the incident's.
   */
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
        "{time} [tại|ở] {place} [có nhóm khách|có mấy bàn|mấy phòng] [sử dụng ma túy|bay lắc|chơi đá|dùng thuốc lắc], [nhạc mở rất to|nhạc dập inh ỏi|mở nhạc tới sáng], [có người bán thuốc cho khách|nhân viên tiếp thuốc|có đứa chuyên giao hàng].",
        "[Phát hiện|Tôi nghi|Nghi ngờ] {place} [cho khách bay lắc|chứa chấp dân chơi ma túy|cho thuê phòng để chơi đá], {time} [thấy|bắt gặp] {people} [mang gói nhỏ vào phòng|ra vào phòng VIP|đưa túi nilon cho khách].",
        "{place} [tổ chức|để] [cho thanh niên|khách trẻ] [dùng ma túy|sử dụng ma túy tổng hợp|hít bóng cười và thuốc lắc], {time} [vẫn còn đông|khách ra vào tấp nập|xe đậu kín], [có người canh cửa|nhân viên đứng canh|có đứa canh chừng].",
      ],
    },
    {
      spots: ["căn nhà", "nhà trọ", "nhà hoang"], ongoing: true, details: ["people", "vehicle"],
      texts: [
        "[Nghi|Tôi nghi|Có dấu hiệu] {place} là [điểm bán lẻ ma túy|ổ bán hàng trắng|chỗ bán ma túy], {time} [người lạ ra vào liên tục|xe ra vào liên tục|thanh niên lạ mặt tới rồi đi], [mỗi người ở lại vài phút|ai vào cũng chỉ 5-10 phút|vào ra rất nhanh].",
        "{time} [thấy|tôi thấy|bắt gặp] {people} [đứng trước|ngồi trước cửa|lảng vảng ở] {place} [giao gói nhỏ|đưa đồ|trao tay mấy gói] cho [người đi xe máy|khách đi xe|mấy thanh niên], [nghi mua bán hàng trắng|nghi là ma túy|rất đáng ngờ].",
        "[Ở|Tại] {place} có [đối tượng|mấy con nghiện|nhóm nghiện] [tụ tập chích hút|tụ tập sử dụng ma túy|chích choác], [vứt kim tiêm bừa bãi|kim tiêm vứt đầy|xả kim tiêm ra đường], {time} [vẫn còn thấy|lại thấy tụ tập|vẫn như vậy].",
      ],
    },
  ],
  theft: [
    {
      spots: ["nhà trọ", "nhà riêng", "bãi giữ xe"], details: ["vehicle", "people", "amount"],
      texts: [
        "{time} [ở|tại] {place} [bị trộm mất|bị lấy mất|mất] {vehicle}, [khóa cổ bị bẻ gãy|ổ khóa bị phá|khóa bị cắt], [camera ghi được|camera quay được|hàng xóm thấy] {people}.",
        "[Xe của tôi|Chiếc xe nhà tôi|Xe em] là {vehicle} [để trong|dựng trước|gửi ở] {place} [bị mất|bị trộm|không cánh mà bay] {time}, [cửa không bị phá|không nghe động tĩnh gì|chỉ còn lại cái mũ].",
        "{place} [mất xe máy|bị trộm xe|lại mất xe] {time}, [kẻ trộm dùng đoản phá khóa|tên trộm bẻ khóa|trộm dùng vam phá khóa] [rồi dắt xe đi|rồi nổ máy chạy mất|rồi đẩy xe đi].",
      ],
    },
    {
      spots: ["tiệm tạp hóa", "tiệm điện thoại", "nhà dân"], details: ["amount", "people", "vehicle"],
      texts: [
        "[Trộm|Kẻ gian|Bọn trộm] [đột nhập|lẻn vào|vào] {place} {time}, [cạy cửa sau|phá cửa sổ|leo mái tôn] [lấy tiền và vàng|lấy đồ có giá trị|lấy tiền trong tủ].",
        "{time} {place} [bị kẻ gian cắt khóa cửa cuốn|bị phá khóa|bị trộm vào], [lấy đi tài sản|lấy hết điện thoại trưng bày|khoắng sạch tiền], [mất|thiệt hại] {amount}.",
        "[Nhà tôi là|Cửa hàng của tôi là|Nhà em là] {place}, [bị trộm vào|bị trộm đột nhập|bị mất trộm] {time}, [lấy két sắt nhỏ và điện thoại|mất tiền và laptop|mất mấy chỉ vàng cất trong tủ].",
      ],
    },
    {
      spots: ["trại nuôi", "chuồng bò", "nhà dân"], details: ["vehicle"],
      texts: [
        "{time} [tại|ở] {place} [bị trộm|mất] {count} con gà [và hai con chó|với mấy con vịt|], [nghe tiếng xe chạy không đèn|có tiếng xe máy rồ ga|chó sủa dữ lắm].",
        "[Mất trộm bò|Bò bị trộm|Bị bắt trộm bò] [ở|tại] {place} {time}, [thấy vết bánh xe tải nhỏ ngoài đường|dây thừng bị cắt|chuồng bị phá].",
        "[Bọn bắt trộm chó|Nhóm trộm chó|Cẩu tặc] đi {vehicle} [hoạt động ở|lộng hành tại|rình] {place}, {time} [lại mất thêm|nhà tôi mất một con|mất hai con chó].",
      ],
    },
  ],
  robbery: [
    {
      spots: ["đoạn đường vắng", "ngã tư", "cây ATM"], details: ["vehicle", "people", "victim", "amount"],
      texts: [
        "{time} [tại|ở] {place} [hai đối tượng|hai thanh niên|hai tên] đi {vehicle} [giật túi xách của|giật giỏ của|cướp túi của] {victim} rồi [bỏ chạy|tẩu thoát|phóng đi mất].",
        "[Cướp giật|Giật đồ|Có vụ cướp giật] [ở|tại] {place} {time}: {people} [áp sát|chạy xe áp sát|ép xe] [giật điện thoại của|giật dây chuyền của|cướp túi của] {victim}.",
        "{victim} [bị cướp giật|bị giật] [dây chuyền|điện thoại|túi xách] [ở|tại] {place} {time}, [té ngã bị thương|ngã xuống đường|bị trầy xước].",
      ],
    },
    {
      spots: ["cổng trường", "công viên", "bãi đất trống"], details: ["people", "victim"],
      texts: [
        "{time} [nhóm|bọn] {people} [chặn|chặn đường|vây] {victim} [ở|tại|gần] {place}, [dùng dao uy hiếp|rút dao dọa|đe dọa] [lấy tiền và điện thoại|cướp điện thoại|lấy hết tiền].",
        "[Ở|Tại] {place} có [nhóm thanh niên|bọn côn đồ|mấy đứa] [trấn lột học sinh|chặn đường lấy tiền|cướp đồ của trẻ em], {time} [lấy mất xe đạp của|lấy điện thoại của|đánh và lấy tiền của] {victim}.",
      ],
    },
  ],
  fraud: [
    {
      spots: ["nhà riêng"], details: ["phone", "account", "amount", "victim"],
      texts: [
        "{time} {victim} [ở|tại] {place} [nhận cuộc gọi giả danh công an|bị gọi điện xưng là công an|nhận điện thoại của người tự xưng cán bộ], [bảo chuyển tiền để xác minh|yêu cầu chuyển tiền vào tài khoản tạm giữ|đòi chuyển tiền chứng minh trong sạch], [đã mất|đã chuyển|mất trắng] {amount}.",
        "[Có người gọi|Đối tượng gọi điện|Một người gọi tới] [xưng là cán bộ điều tra|tự nhận là công an quận|giả làm viện kiểm sát], [đe dọa|hăm dọa|dọa bắt] {victim} [liên quan đường dây rửa tiền|vì có liên quan vụ án ma túy|vì nợ cước] rồi [bắt chuyển khoản|bảo chuyển tiền|ép cài ứng dụng], mất {amount}.",
        "{victim} [bị lừa chuyển|lỡ chuyển|đã chuyển] {amount} cho [kẻ tự nhận là công an phường|người xưng là bên thuế|kẻ giả danh nhân viên điện lực], {time}, [ở|tại] {place}.",
      ],
    },
    {
      spots: ["văn phòng", "quán cà phê", "nhà trọ"], details: ["phone", "account", "amount", "people", "page"],
      texts: [
        "{place} có [người nhận tiền cọc xin việc làm lương cao|công ty ma thu tiền tuyển dụng|người hứa xin việc vào khu công nghiệp], {time} [gom của nhiều người rồi biến mất|thu tiền xong thì cắt liên lạc|thu phí rồi không thấy đâu].",
        "[Tôi nộp|Em đóng|Con tôi nộp] {amount} [phí hồ sơ đi xuất khẩu lao động|tiền cọc xin việc|phí đào tạo] cho {people} [tại|ở] {place}, [nay không liên lạc được|giờ họ chặn số|văn phòng đã đóng cửa].",
        "[Bị lừa|Tôi bị lừa|Em bị dụ] [tuyển cộng tác viên làm nhiệm vụ online|làm nhiệm vụ like đơn hàng|việc nhẹ lương cao trên mạng], [chuyển|nạp] {amount} [không rút được|rồi bị chặn|thì mất luôn], [gặp đối tượng ở|hẹn nhận hồ sơ ở] {place}.",
      ],
    },
  ],
  cybercrime: [
    {
      spots: ["nhà riêng"], details: ["page", "account", "phone", "amount"],
      texts: [
        "[Tài khoản Facebook của|Nick Zalo của|Facebook của] {victim} [bị hack|bị chiếm đoạt|bị mất quyền], [kẻ gian nhắn tin vay tiền người quen|đối tượng nhắn mượn tiền bạn bè|bọn nó nhắn hỏi vay tiền], {time} [đã có người chuyển|có người đã gửi|người nhà lỡ chuyển] {amount}.",
        "[Trang mạng|Một hội nhóm|Website] [quảng cáo đầu tư tiền ảo lãi cao|mời đầu tư chứng khoán quốc tế|hứa lãi 30% một tháng], {victim} [ở|tại] {place} [nạp|đầu tư|chuyển] {amount} rồi [bị khóa tài khoản|không rút được|bị chặn liên lạc].",
        "{time} {victim} [bấm vào đường link lạ|cài ứng dụng giả mạo|quét mã QR lạ], [bị chiếm tài khoản ngân hàng|bị rút sạch tiền|bị trừ tiền trong tài khoản], [mất|thiệt hại] {amount}.",
      ],
    },
  ],
  gambling: [
    {
      spots: ["quán cà phê", "quán nhậu", "nhà trọ"], ongoing: true, details: ["count", "people", "vehicle"],
      texts: [
        "{place} [tổ chức cá độ bóng đá|nhận cá độ bóng đá|cho khách cá độ], {time} [tụ tập đông|rất đông người|đông nghịt], [có người ghi sổ và thu tiền|có người cầm sổ ghi kèo|chủ quán trực tiếp nhận tiền].",
        "[Sòng xóc đĩa|Sòng bạc|Chiếu bạc] [ở|tại] {place} [hoạt động|sát phạt|mở] {time}, [khoảng|chừng] {count} con bạc, [có người canh đầu kiệt|có cảnh giới ngoài ngõ|có đứa đứng canh].",
        "{time} {place} [có đánh bài ăn tiền|tụ tập đánh bạc|đánh tá lả ăn tiền], {people} [làm chủ sòng|đứng ra tổ chức|thu tiền xâu], [xe đậu kín cả đường|xe dựng kín lề|người ra vào liên tục].",
      ],
    },
    {
      spots: ["bãi đất trống", "vườn keo", "bờ sông"], ongoing: true, details: ["count", "vehicle"],
      texts: [
        "{time} [có trường gà ở|tổ chức đá gà ở|có sới gà tại] {place}, [cả chục người đặt cược|rất đông người cá cược|nhiều người đặt tiền], [xe máy dựng đầy|xe đậu kín|người ra vào tấp nập].",
        "[Đá gà ăn tiền|Đá gà sát phạt|Cá cược đá gà] [tại|ở] {place} {time}, [khoảng|chừng] {count} người, [có cảnh giới|có người canh|thấy công an là chạy].",
      ],
    },
  ],
  usury: [
    {
      spots: ["tiệm cầm đồ", "nhà riêng", "sạp chợ"], details: ["people", "phone", "amount", "victim"],
      texts: [
        "[Nhóm cho vay nặng lãi|Bọn tín dụng đen|Mấy người cho vay] [đến|tới] {place} [đòi nợ|siết nợ|đòi tiền] {victim}, {time} [tạt sơn và ném mắm tôm vào nhà|ném chất bẩn vào nhà|đập phá cửa].",
        "{victim} [vay|mượn] {amount} [lãi ngày|góp ngày|lãi cắt cổ], {time} {people} [đến|kéo tới] {place} [đe dọa, chửi bới|dọa đánh|chửi bới om sòm].",
        "[Đối tượng cho vay lãi cắt cổ|Nhóm tín dụng đen|Người cho vay lãi nặng] [ở|tại] {place}, [dán tờ rơi khắp nơi|quảng cáo vay nhanh khắp cột điện|rải card khắp phố], {time} [đến đập phá đồ đạc|tới khủng bố người vay|gọi điện đe dọa].",
      ],
    },
  ],
  weapons: [
    {
      spots: ["quán nhậu", "nhà trọ", "bãi đất trống"], details: ["people", "vehicle", "count"],
      texts: [
        "{time} [tại|ở] {place} [nhóm|bọn] {people} [mang theo dao, kiếm tự chế|cầm hung khí|giắt mã tấu], [đi lại đe dọa người dân|hăm dọa người đi đường|gây náo loạn].",
        "[Phát hiện|Nghi|Tôi biết] {place} có người [cất giấu súng tự chế và dao phóng lợn|giấu súng hơi|tàng trữ vũ khí], {time} [mang ra khoe|đem ra bắn thử|khoe trên mạng].",
        "[Nhóm thanh niên|Một đám|Mấy thanh niên] [cầm mã tấu|mang kiếm|vác dao] [chạy xe quanh|rượt đuổi nhau ở|tụ tập tại] {place} {time}, [la hét rượt đuổi|chém vào không khí|hò hét ầm ĩ].",
      ],
    },
  ],
  trafficking: [
    {
      spots: ["quán cà phê", "nhà nghỉ", "văn phòng"], details: ["people", "phone", "page", "victim"],
      texts: [
        "{people} [ở|tại] {place} [dụ dỗ các cô gái đi làm lương cao ở nước ngoài|rủ rê người đi làm việc nhẹ lương cao|tuyển người đi Campuchia], {victim} [đã mất liên lạc|không về|gọi về cầu cứu].",
        "{time} [tại|ở] {place} có [người môi giới|đối tượng] [đưa|dẫn] {victim} [sang Campuchia|qua biên giới|đi nước ngoài] làm việc, [nghi mua bán người|nghi bị bán|nay bị giữ đòi tiền chuộc].",
      ],
    },
  ],
  smuggling: [
    {
      spots: ["kho hàng", "nhà xưởng", "cửa hàng"], details: ["vehicle", "people"],
      texts: [
        "{time} có {vehicle} [chở nhiều thùng thuốc lá lậu|chở hàng lậu|chở thuốc lá ngoại] [vào|về] {place}, [bốc dỡ vội vàng|bốc hàng trong đêm|che bạt kín].",
        "{place} [bán hàng giả, hàng không rõ nguồn gốc|bán mỹ phẩm giả|bán rượu ngoại giả], {time} [nhập|chở về] [khoảng|chừng] {count} thùng bằng {vehicle}.",
        "[Nghi|Tôi nghi] {place} [tập kết đường cát và pháo lậu|chứa pháo nổ|cất giữ hàng cấm], {time} [xe ra vào liên tục|bốc hàng ra vào|người lạ khuân vác].",
      ],
    },
  ],
  prostitution: [
    {
      spots: ["quán massage", "nhà nghỉ", "quán karaoke"], ongoing: true, details: ["people", "count"],
      texts: [
        "{place} [có dấu hiệu hoạt động mại dâm trá hình|có gái bán dâm|có hoạt động mua bán dâm], {time} [khách ra vào liên tục|khách vào ra tấp nập|đông khách lạ].",
        "[Nhân viên ở|Mấy cô ở] {place} [mời chào khách kích dục|môi giới mại dâm|chèo kéo khách], {time} có {people} [đứng ngoài dẫn khách|ngồi canh cửa|đưa đón gái].",
      ],
    },
  ],
  violence: [
    {
      spots: ["quán nhậu", "đám cưới", "sân bóng"], details: ["people", "count", "victim"],
      texts: [
        "{time} [tại|ở] {place} [hai nhóm thanh niên|hai nhóm|mấy thanh niên] [đánh nhau bằng chai bia và ghế nhựa|hỗn chiến|xô xát đánh nhau], [một người bị thương|có người bị thương phải đi viện|máu me be bét].",
        "[Ẩu đả|Đánh nhau|Hỗn chiến] [ở|tại] {place} {time}, [khoảng|chừng] {count} người [tham gia|lao vào], {victim} [bị đánh chảy máu đầu|bị đánh nhập viện|bị thương nặng].",
        "[Nhóm|Mấy] {people} [say rượu gây rối|nhậu say đập phá|gây gổ] [ở|tại] {place}, {time} [đánh|hành hung] {victim}.",
      ],
    },
  ],
  racing: [
    {
      spots: ["đoạn đường", "cầu", "vòng xoay"], ongoing: true, details: ["count", "vehicle", "people"],
      texts: [
        "{time} [trên|ở] {place} có [khoảng|chừng] {count} xe [tụ tập đua xe|kéo nhau đua|tụ tập chạy], [bốc đầu, rú ga inh ỏi|nẹt pô ầm ĩ|lạng lách đánh võng].",
        "[Đua xe trái phép|Đua xe|Quái xế đua xe] [ở|tại] {place} {time}, [cả đám|nhiều] {vehicle} [lạng lách|chạy bạt mạng|bốc đầu], [người xem đứng kín lề|cổ vũ rất đông|hò hét cổ vũ].",
        "{place} [thành trường đua|bị biến thành đường đua|thành chỗ đua xe] {time}, {people} [cầm đầu|dẫn đoàn|tổ chức], [chạy tốc độ cao rất nguy hiểm|người đi đường hoảng sợ|suýt tông người].",
      ],
    },
  ],
  environment: [
    {
      spots: ["bờ sông", "bãi cát", "bến đò"], details: ["vehicle", "people"],
      texts: [
        "{time} có [tàu hút cát trái phép|ghe hút cát|sà lan múc cát] [ở|tại] {place}, [bờ sông sạt lở nặng|đất vườn sụp xuống sông|nổ máy ầm ầm].",
        "[Khai thác cát lậu|Hút cát trộm|Múc cát trái phép] [tại|ở] {place} {time}, [ghe chở cát chạy không đèn|tàu tắt đèn hoạt động|xe ben chở cát ra vào].",
      ],
    },
    {
      spots: ["cơ sở sản xuất", "xưởng", "trại heo"], details: ["vehicle"],
      texts: [
        "{place} [xả nước thải đen ra cống|xả thải ra mương|thải nước bẩn ra sông] {time}, [bốc mùi hôi thối|hôi không chịu nổi|cá chết nổi trắng].",
        "{time} {place} [đốt rác thải công nghiệp|đốt cao su|đốt rác], [khói đen bay khắp khu dân cư|khói mù mịt|mùi khét lẹt].",
        "[Xe bồn của|Xe của] {place} [đổ trộm chất thải|đổ trộm bùn thải|xả trộm dầu thải] ra [bãi đất|ven đường|mương nước] {time}.",
      ],
    },
    {
      spots: ["rừng phòng hộ", "đồi keo", "khu rừng"], details: ["vehicle", "people"],
      texts: [
        "{time} có người [chặt phá rừng|đốn trộm gỗ|cưa cây] [ở|tại] {place}, [chở gỗ bằng|chở đi bằng|dùng] {vehicle}.",
        "[Phát hiện|Tôi thấy] [khai thác gỗ trái phép|phá rừng|lâm tặc] [tại|ở] {place}, {time} [nghe tiếng cưa máy|thấy gỗ xếp đống|xe chở gỗ ra].",
      ],
    },
  ],
  security: [
    {
      spots: ["nhà văn hóa", "chợ", "quán cà phê"], details: ["people", "count"],
      texts: [
        "{time} [tại|ở] {place} có {people} [phát tờ rơi kích động|rải truyền đơn|tuyên truyền xuyên tạc], [tụ tập đông người|kéo theo nhiều người|gây xôn xao].",
        "[Người lạ|Một nhóm người lạ|Nhóm người] [tụ tập|tập trung] [ở|tại] {place} {time}, [nghi gây mất an ninh trật tự|có biểu hiện kích động|lôi kéo người dân], [khoảng|chừng] {count} người.",
      ],
    },
  ],
  corruption: [
    {
      spots: ["bộ phận một cửa", "trạm kiểm soát", "văn phòng"], details: ["people", "amount"],
      texts: [
        "[Cán bộ|Nhân viên] [ở|tại] {place} [đòi thêm tiền ngoài quy định|gợi ý bồi dưỡng|vòi tiền] khi làm thủ tục, {time} [tôi phải nộp|phải đưa|mất] {amount}.",
        "{people} [ở|tại] {place} [vòi tiền người dân|nhận phong bì|gây khó dễ để lấy tiền], {time} [nhận phong bì công khai|thu tiền không biên lai|đòi {amount}].",
      ],
    },
  ],
  other: [
    {
      spots: ["căn nhà", "khu đất", "bãi xe"], details: ["people", "vehicle"],
      texts: [
        "[Có hiện tượng bất thường|Có chuyện lạ|Thấy khả nghi] [ở|tại] {place} {time}, {people} [ra vào lén lút|đi lại lén lút|khuân đồ ra vào].",
        "{time} [thấy|tôi thấy] {vehicle} [đậu lâu|đỗ cả buổi|dừng lại] [ở|tại] {place}, [người trên xe có biểu hiện khả nghi|người trên xe nhìn ngó|không rõ làm gì].",
      ],
    },
  ],
};
