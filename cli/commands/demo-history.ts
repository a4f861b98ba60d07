/**
 * `demo seed`: a year of realistic history for the demo province (48), so the
 * officers' queue and the supervisors' figures have something to show.
 *
 * Everything goes through the real code paths: tips through `acceptTipOrThrow`
 * (back-dated receipt times), the pipeline through `processIntake` (resolve,
 * route, cluster — it decides what is a duplicate), officers' work through
 * the workspace's query functions (claim, reroute, mark valuable, close,
 * open cases with arrests and seizures, link duplicates to the same case),
 * each at a plausible back-dated moment. Deterministic for a seed, apart from
 * receipts and sealed identities.
 *
 * Incidents come in the categories' usual mix, more in busy central wards;
 * a quarter are reported by 2–4 people within hours, in different words; the
 * share of tips arriving on the web grows through the year ("from in-person
 * to online"); a quarter are credited to a mass organisation or community
 * model. Old tips are mostly closed; some are left open past their deadline.
 */
import { unitsScope } from "../../db/queries/scope";
import type { Kysely } from "kysely";
import { acceptTipOrThrow, type IntakeDeps, type NewTipInput } from "../../core/tips";
import { createCase, linkTipToCase, type SeizureInput } from "../../db/queries/cases";
import { claimTip, closeTip, markTipValuable, rerouteTip } from "../../db/queries/staff-tips";
import { countTipsNotClosed, findTipState, hasAnyTip } from "../../db/queries/tips";
import { listWardsOfProvince } from "../../db/queries/units";
import { createUser, findUserByEmail, listOfficerUnits } from "../../db/queries/users";
import { rebuildSummaries } from "../../db/queries/summaries";
import type { Database, TipChannel } from "../../db/schema";
import { processIntake } from "../../workers/intake";
import { CliError } from "../errors";
import { DEMO_CYBER_UNIT, DEMO_PROVINCE, DEMO_SOURCE_ORGS } from "./demo";
import { ReceiptHasher } from "../../core/receipts";

export interface DemoHistoryOptions {
  tips?: number;
  seed?: number;
  now?: Date;
  /** Progress lines (every few hundred tips). */
  progress?: (line: string) => void;
}

export interface DemoHistorySummary {
  tips: number;
  incidents: number;
  valuable: number;
  cases: number;
  arrests: number;
  rerouted: number;
  open: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
const SEED_USER_EMAIL = "du-lieu-mau@demo.tinbao.vn";

type Random = () => number;

function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function weighted<T>(random: Random, entries: ReadonlyArray<readonly [T, number]>): T {
  let r = random() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [value, weight] of entries) {
    r -= weight;
    if (r <= 0) return value;
  }
  return entries[entries.length - 1][0];
}

/** A log-normal delay in minutes around `median`, capped. */
function delayMinutes(random: Random, median: number, spread: number, cap: number): number {
  const u = Math.max(1e-9, random());
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.min(cap, Math.max(3, Math.round(median * Math.exp(spread * normal))));
}

const CATEGORY_WEIGHTS = [
  ["theft", 16], ["drugs", 14], ["fraud", 9], ["gambling", 8], ["violence", 8], ["environment", 8], ["cybercrime", 6],
  ["usury", 6], ["racing", 6], ["robbery", 4], ["smuggling", 4], ["weapons", 3], ["prostitution", 2], ["security", 2],
  ["other", 2], ["trafficking", 1], ["corruption", 1],
] as const;

const STREETS = ["Ngô Quyền", "Trần Phú", "Lê Duẩn", "Hùng Vương", "Nguyễn Văn Linh", "Điện Biên Phủ", "Tôn Đức Thắng", "Võ Nguyên Giáp", "Hoàng Diệu", "Phạm Văn Đồng", "Âu Cơ", "Trường Sa", "Cách Mạng Tháng Tám", "Nguyễn Tất Thành", "Lê Văn Hiến"];
const PLACES = ["quán cà phê", "nhà trọ", "bãi đất trống", "chợ", "quán nhậu", "tiệm internet", "khu chung cư", "bến xe", "bãi giữ xe", "nhà văn hóa tổ dân phố"];
const TIMES = ["tối qua", "khoảng 22 giờ", "rạng sáng nay", "chiều hôm qua", "mấy đêm nay", "cuối tuần trước", "khoảng 2–3 giờ sáng", "đầu giờ tối"];
const VEHICLES = ["xe máy Exciter", "xe Wave màu đỏ", "xe tải nhỏ màu trắng", "ô tô 7 chỗ màu đen", "xe SH màu trắng"];
const DETAILS = [
  "Người dân trong khu vực rất lo lắng.", "Việc này diễn ra đã mấy tuần nay.", "Tôi không dám nói với ai khác.",
  "Đề nghị công an kiểm tra sớm.", "Có nhiều người lạ ra vào.", "Trẻ con trong xóm hay đi qua chỗ này.", "",
];

/** Each incident's facts, told by up to four people in their own words. */
const TEMPLATES: Record<string, string[]> = {
  drugs: [
    "Tại {place} trên đường {street} có nhóm người tụ tập {time}, nghi mua bán và sử dụng ma túy, có mùi khét.",
    "{place} đường {street} nghi là điểm bán ma túy, thanh niên đi {vehicle} đến rồi đi ngay sau vài phút.",
    "Mình thấy {time} ở {place} gần {street} có người chích hút, vứt kim tiêm bừa bãi.",
    "Báo công an: chỗ {place} đường {street} bán ma túy, người ra vào liên tục {time}.",
  ],
  theft: [
    "{time} nhà tôi ở đường {street} bị trộm mất {vehicle}, khóa cổ bị cắt.",
    "Khu {place} gần {street} liên tục mất trộm xe, {time} lại có người bị lấy mất {vehicle}.",
    "Camera ghi được hai thanh niên đội mũ lưỡi trai lấy trộm {vehicle} ở {place} đường {street} {time}.",
    "Xe của hàng xóm để trước {place} đường {street} bị mất {time}, kẻ gian đi {vehicle}.",
  ],
  robbery: [
    "{time} trên đường {street} có hai đối tượng đi {vehicle} giật túi xách của một phụ nữ rồi chạy về hướng {place}.",
    "Vừa bị giật điện thoại trên đường {street} gần {place}, bọn nó đi {vehicle}.",
    "Nhóm thanh niên chặn đường học sinh gần {place} ở {street}, đe dọa lấy tiền {time}.",
  ],
  fraud: [
    "Tôi nhận cuộc gọi giả danh công an yêu cầu chuyển tiền để 'xác minh'; nhiều người ở {street} cũng bị gọi.",
    "Có người ở {place} đường {street} hứa xin việc lương cao, thu tiền cọc rồi không liên lạc được.",
    "Mẹ tôi suýt chuyển tiền cho kẻ giả danh cán bộ, bọn họ gọi {time}, xưng ở {place} {street}.",
  ],
  cybercrime: [
    "Tài khoản Facebook của tôi bị chiếm, kẻ gian nhắn tin vay tiền bạn bè, nhiều người ở {street} cũng bị.",
    "Trang mạng quảng cáo đầu tư tiền ảo lãi cao, người ở {place} gần {street} đã mất hàng trăm triệu.",
    "Nhóm trên mạng lừa nạp tiền làm nhiệm vụ, {time} tôi bị mất tiền, thấy cả người quen ở {street} bị.",
  ],
  gambling: [
    "{place} trên đường {street} tổ chức cá độ bóng đá, {time} tụ tập rất đông, có người ghi sổ.",
    "Sòng bạc xóc đĩa hoạt động {time} trong {place} gần {street}, có người canh gác đầu kiệt.",
    "Có đánh bạc ăn tiền ở {place} {street}, {vehicle} đậu kín trước cửa {time}.",
  ],
  usury: [
    "Nhóm cho vay nặng lãi dán quảng cáo khắp {street}, đến {place} đòi nợ, ném chất bẩn vào nhà người vay.",
    "Có người cho vay lãi 30%/tháng ở {place} đường {street}, đe dọa người vay {time}.",
    "{time} bọn đòi nợ đi {vehicle} đến {place} {street} chửi bới, đe dọa gia đình người vay.",
  ],
  weapons: [
    "Nhóm thanh niên ở {place} trên đường {street} mang theo dao, kiếm tự chế, còn khoe súng trên mạng.",
    "Có người mua bán pháo nổ và vũ khí thô sơ tại {place} gần {street}.",
    "{time} thấy mấy thanh niên cầm mã tấu tụ tập ở {place} đường {street}.",
  ],
  trafficking: ["Có người ở {place} đường {street} dụ các cô gái đi làm việc nhẹ lương cao ở nước ngoài, đã có người mất liên lạc."],
  smuggling: [
    "{time} có {vehicle} chở nhiều thùng thuốc lá lậu vào kho ở {place} gần đường {street}.",
    "Cửa hàng ở {street} bán hàng giả, hàng không rõ nguồn gốc, nhập hàng {time} bằng {vehicle}.",
  ],
  prostitution: ["{place} trên đường {street} có dấu hiệu hoạt động mại dâm, khách ra vào {time}."],
  violence: [
    "{time} tại {place} trên đường {street} hai nhóm thanh niên đánh nhau bằng gạch đá, một người bị thương.",
    "Nhóm người say rượu ở {place} gần {street} gây rối, đập phá đồ đạc {time}.",
    "Vừa có ẩu đả ở {place} đường {street}, có người chảy máu, bọn gây rối đi {vehicle}.",
  ],
  racing: [
    "{time} trên đường {street} có hàng chục thanh niên tụ tập đua xe, rú ga, lạng lách.",
    "Đua xe trái phép trên {street} đoạn gần {place} diễn ra {time}, rất nguy hiểm.",
    "Mấy đêm cuối tuần có đám thanh niên chạy {vehicle} bốc đầu trên {street}.",
  ],
  environment: [
    "{time} có tàu hút cát trái phép trên sông gần {place}, bờ sông bị sạt lở.",
    "Cơ sở ở {street} xả nước thải ra cống, bốc mùi hôi thối, cá chết ở {place}.",
    "Có người chặt phá rừng và chở gỗ bằng {vehicle} {time} qua {street}.",
  ],
  security: ["Có người lạ tụ tập ở {place} đường {street} phát tài liệu kích động {time}."],
  corruption: ["Cán bộ ở {place} gần {street} vòi tiền người dân khi làm thủ tục, đòi thêm tiền ngoài quy định."],
  other: ["Có hiện tượng bất thường tại {place} trên đường {street} {time}, đề nghị công an kiểm tra."],
};

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ"];
const GIVEN = ["Văn Hùng", "Thị Lan", "Minh Tuấn", "Thị Hoa", "Quốc Bảo", "Thị Mai", "Văn Nam", "Ngọc Anh", "Đức Long", "Thị Thu"];

interface Incident {
  at: number;
  ward: { code: string; name: string };
  category: string;
  facts: { place: string; street: string; time: string; vehicle: string };
  reports: number;
  valuable: boolean;
}

interface Report {
  incident: Incident;
  index: number;
  at: number;
}

function describe(random: Random, incident: Incident, index: number): string {
  const templates = TEMPLATES[incident.category] ?? TEMPLATES.other;
  const template = templates[(index + Math.floor(random() * templates.length)) % templates.length];
  const text = template
    .replace(/\{place\}/g, incident.facts.place)
    .replace(/\{street\}/g, incident.facts.street)
    .replace(/\{time\}/g, incident.facts.time)
    .replace(/\{vehicle\}/g, incident.facts.vehicle);
  const extra = pick(random, DETAILS);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${extra ? ` ${extra}` : ""}`;
}

function seizuresFor(random: Random, category: string): SeizureInput[] {
  const none: SeizureInput[] = [];
  if (random() < 0.35) return none;
  const item = (kind: SeizureInput["kind"], quantity: number): SeizureInput => ({ kind, quantity, note: null });
  switch (category) {
    case "drugs": return [item("drugs_g", Math.round(random() * 3000) / 10 + 1), ...(random() < 0.3 ? [item("money_vnd", Math.round(random() * 40 + 1) * 1_000_000)] : [])];
    case "weapons": return [random() < 0.4 ? item("guns", 1 + Math.floor(random() * 2)) : item("primitive_weapons", 1 + Math.floor(random() * 12))];
    case "violence": return [item("primitive_weapons", 1 + Math.floor(random() * 5))];
    case "gambling": return [item("money_vnd", Math.round(random() * 90 + 5) * 1_000_000)];
    case "usury": return [item("money_vnd", Math.round(random() * 200 + 10) * 1_000_000)];
    case "smuggling": return [item("vehicles", 1), item("other", 20 + Math.floor(random() * 300))];
    case "theft": case "robbery": case "racing": return [item("vehicles", 1 + Math.floor(random() * 3))];
    case "environment": return [item("vehicles", 1)];
    default: return random() < 0.5 ? [item("other", 1 + Math.floor(random() * 5))] : none;
  }
}

/** The officer who acts for a unit: its demo officer when there is one, else the seeding account. */
async function actorsOf(db: Kysely<Database>): Promise<(unit: string) => number> {
  const byUnit = new Map((await listOfficerUnits(db)).map((o) => [o.unitCode, o.userId]));
  // A disabled account, named for what it is: the author of the sample history. Nobody can sign in as it.
  const seedUser = (await findUserByEmail(db, SEED_USER_EMAIL))?.id ?? (await createUser(db, {
    email: SEED_USER_EMAIL, name: "Dữ liệu mẫu (lịch sử minh họa)", passwordHash: "!", role: "officer", disabled: true,
    createdAt: new Date().toISOString(),
  }));
  return (unit) => byUnit.get(unit) ?? seedUser;
}

function planIncidents(random: Random, wards: Array<{ code: string; name: string }>, tips: number, now: number): Report[] {
  // Busy central wards first: Zipf-like weights over the ward list.
  const wardWeights = wards.map((w, i) => [w, 1 / Math.pow(i + 1, 0.7)] as const);
  const reports: Report[] = [];
  while (reports.length < tips) {
    // More tips in recent months: the portal is being adopted.
    const age = 365 * (1 - Math.sqrt(random()));
    const incident: Incident = {
      at: now - age * DAY - random() * 6 * 3_600_000,
      ward: weighted(random, wardWeights),
      category: weighted(random, CATEGORY_WEIGHTS),
      facts: { place: pick(random, PLACES), street: pick(random, STREETS), time: pick(random, TIMES), vehicle: pick(random, VEHICLES) },
      reports: weighted(random, [[1, 75], [2, 15], [3, 7], [4, 3]] as const),
      valuable: false,
    };
    incident.valuable = random() < (incident.reports > 1 ? 0.5 : 0.28);
    for (let i = 0; i < incident.reports && reports.length < tips; i++) {
      const at = incident.at + (i === 0 ? 0 : random() * 30 * 3_600_000);
      if (at < now - 5 * MINUTE) reports.push({ incident, index: i, at });
    }
  }
  return reports.sort((a, b) => a.at - b.at);
}

export async function seedDemoHistory(
  db: Kysely<Database>,
  secrets: Pick<IntakeDeps, "dataKey" | "receipts">,
  options: DemoHistoryOptions = {},
): Promise<DemoHistorySummary> {
  const random = seededRandom(options.seed ?? 2026);
  const now = (options.now ?? new Date()).getTime();
  const total = options.tips ?? 2000;
  const wards = await listWardsOfProvince(db, DEMO_PROVINCE);
  if (wards.length === 0) throw new CliError(`province ${DEMO_PROVINCE} has no wards: run \`npm run cli -- demo setup\` first`);
  const actorFor = await actorsOf(db);
  const orgs = DEMO_SOURCE_ORGS.map((o) => o.code);
  const deps: IntakeDeps = { db, ...secrets };
  const summary: DemoHistorySummary = { tips: 0, incidents: 0, valuable: 0, cases: 0, arrests: 0, rerouted: 0, open: 0 };
  const caseOf = new Map<Incident, number>();
  const seen = new Set<Incident>();
  const iso = (ms: number) => new Date(Math.min(ms, now)).toISOString();

  /** What the unit's officers did with the tip, each step at its own moment and only if that moment has passed. */
  const workTheTip = async (report: Report, tipId: number): Promise<void> => {
    const tip = await findTipState(db, tipId);
    let unit = tip?.unitCode;
    if (!tip || !unit || tip.status !== "routed") return;
    const ageDays = (now - report.at) / DAY;
    const actor = (u: string, at: number) => ({ userId: actorFor(u), scope: unitsScope([u]), at: iso(at) });
    let t = report.at + (4 + random() * 20) * MINUTE;

    // Some tips reach the wrong unit first (a ward border, a cyber case): rerouted before anyone takes them.
    if (random() < 0.04 && ageDays > 1) {
      const to = report.incident.category === "fraud" && random() < 0.5 ? DEMO_CYBER_UNIT : pick(random, wards).code;
      t += delayMinutes(random, 120, 1, 3 * 1440) * MINUTE;
      if (to !== unit && t < now && (await rerouteTip(db, tipId, { toUnit: to, reason: "Vụ việc thuộc địa bàn, lĩnh vực của đơn vị khác" }, actor(unit, t)))) {
        unit = to;
        summary.rerouted++;
      }
    }

    // Taken: most within hours, some after days; recent ones may still wait.
    const handledShare = ageDays > 25 ? 0.97 : ageDays > 7 ? 0.8 : 0.55;
    if (random() > handledShare) return;
    t += delayMinutes(random, 240, 1.4, 18 * 1440) * MINUTE;
    if (t >= now || !(await claimTip(db, tipId, actor(unit, t)))) return;

    // Assessed after checking the facts; old tips always, recent ones sometimes.
    if (random() > (ageDays > 25 ? 0.97 : ageDays > 7 ? 0.6 : 0.3)) return;
    t += delayMinutes(random, 2 * 1440, 0.9, 25 * 1440) * MINUTE;
    if (t >= now) return;
    const valuable = report.incident.valuable && (report.index === 0 || random() < 0.75);
    await markTipValuable(db, tipId, {
      valuable,
      reason: valuable ? pick(random, ["Có căn cứ, đã xác minh", "Phối hợp bắt quả tang", "Cung cấp đúng đối tượng, địa điểm"]) : pick(random, ["Không có căn cứ", "Thông tin trùng, đã xử lý", "Không đủ cơ sở xác minh"]),
    }, actor(unit, t));
    if (valuable) summary.valuable++;

    // A valuable incident often becomes a case of the unit; its other valuable reports are linked to the same case.
    if (valuable) {
      const existing = caseOf.get(report.incident);
      t += delayMinutes(random, 1440, 0.8, 10 * 1440) * MINUTE;
      if (existing !== undefined && t < now) {
        await linkTipToCase(db, existing, tipId, actor(unit, t));
      } else if (existing === undefined && t < now && random() < 0.55) {
        const arrests = weighted(random, [[0, 25], [1, 35], [2, 22], [3, 10], [5, 6], [8, 2]] as const);
        const number = `${Math.floor(10 + random() * 990)}/${new Date(t).getUTCFullYear()}/${unit}-${tipId}`;
        const caseId = await createCase(db, {
          unitCode: unit, tipIds: [tipId], seizures: seizuresFor(random, report.incident.category),
          fields: {
            number, title: describe(random, report.incident, 0).slice(0, 80), category: report.incident.category,
            decision: weighted(random, [["charged", 70], ["not_charged", 20], ["suspended", 10]] as const),
            decisionDate: iso(t).slice(0, 10), arrests, arrestedAt: arrests > 0 ? iso(t).slice(0, 10) : null,
          },
        }, actor(unit, t));
        if (caseId !== null) {
          caseOf.set(report.incident, caseId);
          summary.cases++;
          summary.arrests += arrests;
        }
      }
    }

    // Closed once decided — except a few forgotten ones, which stay open past their deadline.
    t += delayMinutes(random, 3 * 1440, 0.8, 20 * 1440) * MINUTE;
    if (t < now && random() < 0.93) await closeTip(db, tipId, actor(unit, t));
  };

  const reports = planIncidents(random, wards, total, now);
  const BATCH = 8;
  for (let start = 0; start < reports.length; start += BATCH) {
    const batch = reports.slice(start, start + BATCH);
    // Receipts are hashed in parallel (argon2id is the slow part); the pipeline then runs in order of receipt.
    const submitted = await Promise.all(batch.map((r) => acceptTipOrThrow(deps, tipInput(random, r, orgs, now))));
    for (const [i, report] of batch.entries()) {
      const tipId = submitted[i].tipId;
      await processIntake({ db, homeProvinces: [DEMO_PROVINCE], now: () => new Date(report.at + (1 + Math.floor(random() * 4)) * MINUTE) }, tipId);
      await workTheTip(report, tipId);
      summary.tips++;
      if (!seen.has(report.incident)) {
        seen.add(report.incident);
        summary.incidents++;
      }
    }
    if (summary.tips % 400 < BATCH) options.progress?.(`  ${summary.tips} / ${reports.length} tips`);
  }
  summary.open = await countTipsNotClosed(db);
  await rebuildSummaries(db);
  return summary;
}

function tipInput(random: Random, report: Report, orgs: string[], now: number): NewTipInput {
  const { incident } = report;
  const ageShare = Math.min(1, Math.max(0, (now - report.at) / (365 * DAY)));
  // A year ago the portal took a little over half the tips; now about three quarters.
  const channel = weighted<TipChannel>(random, [
    ["web", 75 - 20 * ageShare], ["hotline", 12 + 8 * ageShare], ["in_person", 8 + 10 * ageShare], ["partner", 5],
  ]);
  const identified = random() < 0.3;
  const byAddress = random() < 0.2;
  const occurredAt = random() < 0.8 ? new Date(Math.floor((incident.at - random() * 6 * 3_600_000) / MINUTE) * MINUTE).toISOString() : null;
  return {
    channel,
    category: incident.category,
    description: describe(random, incident, report.index),
    occurredAt,
    occurredPrecision: occurredAt ? weighted(random, [["exact", 55], ["approximate", 40], ["ongoing", 5]] as const) : "unknown",
    location: byAddress
      ? { kind: "address", address: `${1 + Math.floor(random() * 300)} ${incident.facts.street}, ${incident.ward.name}, Thành phố Đà Nẵng`, provinceCode: DEMO_PROVINCE }
      : { kind: "ward", wardCode: incident.ward.code, provinceCode: DEMO_PROVINCE },
    reporter: identified
      ? { name: `${pick(random, FAMILY)} ${pick(random, GIVEN)}`, phone: `09${String(Math.floor(random() * 1e8)).padStart(8, "0")}` }
      : null,
    sourceOrgCode: random() < 0.25 ? weighted(random, orgs.map((code, i) => [code, i < 3 ? 3 : 1] as const)) : null,
    recordedBy: channel === "web" ? { kind: "tipster" } : channel === "partner" ? { kind: "partner" } : { kind: "system" },
    createdAt: new Date(report.at).toISOString(),
  };
}

/**
 * `demo seed [--tips N] [--on-start]`. Seeds only an empty database. With
 * DEMO_SEED=never it does nothing; with DEMO_SEED=auto it refuses under
 * NODE_ENV=production unless `npm start` runs it (`--on-start`, on the first
 * start of an empty database); DEMO_SEED=always seeds wherever asked.
 */
export async function demoSeedCommand(
  db: Kysely<Database>,
  config: { DEMO_SEED: "auto" | "always" | "never"; NODE_ENV: string; DATA_KEY: string; RECEIPT_SALT: string },
  options: { onStart: boolean; tips?: number },
  progress: (line: string) => void,
): Promise<string[]> {
  if (config.DEMO_SEED === "never") return ["demo history skipped (DEMO_SEED=never)"];
  if (config.DEMO_SEED === "auto" && config.NODE_ENV === "production" && !options.onStart) {
    throw new CliError("refusing to seed demo history under NODE_ENV=production; set DEMO_SEED=always to do it anyway");
  }
  if (await hasAnyTip(db)) {
    if (options.onStart) return [];
    throw new CliError("the database already has tips; demo history is only added to an empty database");
  }
  if (options.tips !== undefined && (!Number.isInteger(options.tips) || options.tips < 1 || options.tips > 100_000)) {
    throw new CliError("--tips must be a whole number from 1 to 100000");
  }
  progress(`seeding demo history (${options.tips ?? 2000} tips over the last 12 months; this takes a minute or two)…`);
  const started = Date.now();
  const s = await seedDemoHistory(db, { dataKey: config.DATA_KEY, receipts: new ReceiptHasher(config.RECEIPT_SALT) }, { tips: options.tips, progress });
  return [
    `demo history: ${s.tips} tips (${s.incidents} incidents), ${s.valuable} valuable, ${s.cases} cases with ${s.arrests} arrests, ` +
      `${s.rerouted} rerouted, ${s.open} still open — in ${Math.round((Date.now() - started) / 1000)} s`,
  ];
}
