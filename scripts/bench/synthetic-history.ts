/**
 * A synthetic tip history for benchmarks: N tips over the last year in one
 * province, with clusters of duplicates, officers' outcomes (valuable marks,
 * cases, arrests, seizures), channels and source organisations — written in
 * bulk straight into a SQLite file (1 M tips in about a minute), bypassing the
 * pipeline. Deterministic for a given seed. Text comes from Vietnamese
 * templates, so dedupe and search have realistic material.
 *
 *   npx tsx scripts/bench/synthetic-history.ts FILE.db 1000000
 */
import { SEIZURE_KINDS } from "../../domain/seizures";
import { createHash } from "node:crypto";
import SQLite from "better-sqlite3";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { importUnits } from "../../cli/commands/units";
import { seedDemoPlaces } from "../../db/seed/places";
import { DEMO_CYBER_UNIT, setUpDemoProvince } from "../../cli/commands/demo";
import { dedupeTime } from "../../domain/dedupe";
import { deadlineFor } from "../../domain/deadline";
import { foldVietnamese } from "../../domain/text";

export interface HistoryOptions {
  tips: number;
  seed?: number;
  provinceCode?: string;
  /** End of the history (default now); it spans the 365 days before. */
  end?: Date;
}

export interface HistorySummary {
  tips: number;
  clusters: number;
  cases: number;
  wards: number;
  from: string;
  to: string;
}

/** mulberry32: small, fast, good enough for synthetic data. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

export function weighted<T>(random: Random, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, weight] of entries) {
    r -= weight;
    if (r <= 0) return value;
  }
  return entries[entries.length - 1][0];
}

export const CATEGORY_WEIGHTS = [
  ["drugs", 14], ["theft", 16], ["robbery", 4], ["fraud", 9], ["cybercrime", 6], ["gambling", 8], ["usury", 6],
  ["weapons", 3], ["trafficking", 1], ["smuggling", 4], ["prostitution", 2], ["violence", 8], ["racing", 6],
  ["environment", 8], ["security", 2], ["corruption", 1], ["other", 2],
] as const;

const STREETS = ["Nguyễn Văn Linh", "Lê Duẩn", "Trần Phú", "Ngô Quyền", "Hùng Vương", "Điện Biên Phủ", "Tôn Đức Thắng", "Nguyễn Tất Thành", "Võ Nguyên Giáp", "Cách Mạng Tháng Tám", "Hoàng Diệu", "Lê Văn Hiến", "Trường Sa", "Phạm Văn Đồng", "Âu Cơ"];
const PLACES = ["quán cà phê", "nhà trọ", "bãi đất trống", "chợ", "bến xe", "quán nhậu", "tiệm internet", "khu chung cư", "bãi biển", "cầu", "trường học", "nhà văn hóa"];
const TIMES = ["tối qua", "khoảng 22h", "rạng sáng nay", "chiều hôm qua", "mấy đêm nay", "cuối tuần trước", "khoảng 2-3h sáng", "đầu giờ tối"];
const VEHICLES = ["xe máy Exciter", "xe Wave màu đỏ", "xe tải nhỏ màu trắng", "ô tô 7 chỗ màu đen", "xe SH màu trắng"];

const TEMPLATES: Record<string, string[]> = {
  drugs: [
    "Tại {place} trên đường {street} có nhóm người thường xuyên tụ tập {time}, nghi mua bán và sử dụng ma túy. Người lạ ra vào liên tục, có mùi khét.",
    "Nhà số {n} kiệt {k} {street} nghi là điểm bán ma túy, {time} thấy nhiều thanh niên đi {vehicle} đến rồi đi ngay sau vài phút.",
    "Con nghiện tụ tập chích hút ở {place} gần đường {street}, vứt kim tiêm bừa bãi, bà con rất lo cho trẻ nhỏ.",
  ],
  theft: [
    "{time} nhà tôi ở đường {street} bị trộm mất {vehicle}, khóa cổ bị cắt. Camera nhà bên ghi được hai thanh niên đội mũ lưỡi trai.",
    "Khu {place} gần {street} liên tục mất trộm xe đạp, điện thoại. {time} lại có người bị lấy mất đồ.",
    "Trộm đột nhập {place} trên đường {street} {time}, lấy tiền và vàng, đi bằng {vehicle}.",
  ],
  robbery: [
    "{time} trên đường {street} có hai đối tượng đi {vehicle} giật túi xách của một phụ nữ rồi chạy về hướng {place}.",
    "Nhóm thanh niên chặn đường học sinh gần {place} ở {street}, đe dọa lấy điện thoại và tiền.",
  ],
  fraud: [
    "Tôi nhận cuộc gọi giả danh công an yêu cầu chuyển tiền vào tài khoản để 'xác minh', số điện thoại 09{n}{k}. Nhiều người ở {street} cũng bị gọi.",
    "Có người ở {place} đường {street} hứa xin việc làm lương cao, thu tiền cọc của nhiều người rồi không liên lạc được.",
  ],
  cybercrime: [
    "Tài khoản Facebook của tôi bị chiếm đoạt, kẻ gian nhắn tin vay tiền bạn bè. Nhiều người ở {street} cũng bị như vậy.",
    "Trang mạng quảng cáo đầu tư tiền ảo lãi cao, đã có người ở {place} gần {street} mất hàng trăm triệu.",
  ],
  gambling: [
    "{place} trên đường {street} tổ chức cá độ bóng đá, {time} tụ tập rất đông, có người ghi sổ và thu tiền.",
    "Sòng bạc xóc đĩa hoạt động {time} trong {place} gần {street}, có người canh gác đầu kiệt.",
  ],
  usury: [
    "Nhóm cho vay nặng lãi dán quảng cáo khắp {street}, đến {place} đòi nợ, ném chất bẩn vào nhà người vay {time}.",
    "Có người cho vay lãi 30%/tháng ở {place} đường {street}, đe dọa người vay và gia đình.",
  ],
  weapons: [
    "Nhóm thanh niên ở {place} trên đường {street} mang theo dao, kiếm tự chế, {time} còn khoe súng tự chế trên mạng.",
    "Có người mua bán pháo nổ và vũ khí thô sơ tại {place} gần {street}.",
  ],
  trafficking: ["Có người ở {place} đường {street} dụ dỗ các cô gái đi làm việc nhẹ lương cao ở nước ngoài, đã có người mất liên lạc."],
  smuggling: [
    "{time} có {vehicle} chở nhiều thùng thuốc lá lậu vào kho ở {place} gần đường {street}.",
    "Cửa hàng ở {street} bán hàng giả, hàng không rõ nguồn gốc, nhập hàng {time} bằng {vehicle}.",
  ],
  prostitution: ["{place} trên đường {street} có dấu hiệu hoạt động mại dâm, khách ra vào {time}."],
  violence: [
    "{time} tại {place} trên đường {street} hai nhóm thanh niên đánh nhau bằng gạch đá, một người bị thương.",
    "Nhóm người say rượu ở {place} gần {street} gây rối, đập phá đồ đạc, đánh người {time}.",
  ],
  racing: [
    "{time} trên đường {street} có hàng chục thanh niên tụ tập đua xe, rú ga, lạng lách, cổ vũ rất đông.",
    "Đua xe trái phép trên {street} đoạn gần {place} diễn ra {time}, rất nguy hiểm cho người đi đường.",
  ],
  environment: [
    "{time} có tàu hút cát trái phép trên sông gần {place}, bờ sông bị sạt lở.",
    "Cơ sở ở {street} xả nước thải ra cống {time}, bốc mùi hôi thối, cá chết nổi ở {place}.",
    "Có người chặt phá rừng và chở gỗ bằng {vehicle} {time} qua {street}.",
  ],
  security: ["Có người lạ tụ tập ở {place} đường {street} phát tài liệu kích động, gây mất an ninh trật tự {time}."],
  corruption: ["Cán bộ ở {place} gần {street} vòi tiền người dân khi làm thủ tục, {time} đòi thêm tiền ngoài quy định."],
  other: ["Có hiện tượng bất thường tại {place} trên đường {street} {time}, đề nghị công an kiểm tra."],
};

export function synthesizeDescription(random: Random, category: string): string {
  const template = pick(random, TEMPLATES[category] ?? TEMPLATES.other);
  return template
    .replace(/\{place\}/g, () => pick(random, PLACES))
    .replace(/\{street\}/g, () => pick(random, STREETS))
    .replace(/\{time\}/g, () => pick(random, TIMES))
    .replace(/\{vehicle\}/g, () => pick(random, VEHICLES))
    .replace(/\{n\}/g, () => String(1 + Math.floor(random() * 200)))
    .replace(/\{k\}/g, () => String(1 + Math.floor(random() * 90)));
}


/** Busy wards get more tips: Zipf-like weights over the wards in code order. */
export function wardWeightsOf<T>(wardsInCodeOrder: readonly T[]): Array<readonly [T, number]> {
  return wardsInCodeOrder.map((ward, i) => [ward, 1 / Math.pow(i + 1, 0.8)] as const);
}

/** Fills an already-migrated SQLite file whose province units are imported. */
export function generateHistory(sqlitePath: string, options: HistoryOptions): HistorySummary {
  const random = seededRandom(options.seed ?? 42);
  const province = options.provinceCode ?? "48";
  const end = options.end ?? new Date();
  const start = new Date(end.getTime() - 365 * 24 * 3600 * 1000);
  const sqlite = new SQLite(sqlitePath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");

  const wards = (sqlite.prepare("select code from units where province_code = ? and level = 'ward' order by code").all(province) as { code: string }[]).map((w) => w.code);
  if (wards.length === 0) throw new Error(`no wards imported for province ${province}`);
  const wardWeights = wardWeightsOf(wards);
  const hasCyber = !!sqlite.prepare("select 1 from units where code = ?").get(DEMO_CYBER_UNIT);
  const orgs = (sqlite.prepare("select code from source_orgs").all() as { code: string }[]).map((o) => o.code);
  const users = (sqlite.prepare("select id from users").all() as { id: number }[]).map((u) => u.id);

  const insertCluster = sqlite.prepare("insert into clusters (created_at, size, merged_into) values (?, ?, null)");
  const bumpCluster = sqlite.prepare("update clusters set size = size + 1 where id = ?");
  const insertTip = sqlite.prepare(`insert into tips (
      receipt_hash, external_ref, channel, api_key_id, category, description, description_folded, occurred_at, occurred_precision,
      location_kind, location_ward_code, location_address, location_lat, location_lng, location_province_code, reporter_enc,
      source_org_code, status, valuable, valuable_reason, ward_code, resolve_method, resolve_confidence, resolve_candidates,
      unit_code, cluster_id, claimed_by, claimed_at, deadline_at, first_triaged_at, closed_at, created_at, updated_at,
      enqueued_at, processed_at, purged_at, dedupe_at)
    values (?, null, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, null, null, ?, null, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)`);
  const insertCase = sqlite.prepare(`insert into cases (unit_code, number, title, category, decision, decision_date, arrests, arrested_at, created_by, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?)`);
  const linkCase = sqlite.prepare("insert into case_tips (case_id, tip_id, created_at) values (?, ?, ?)");
  const insertSeizure = sqlite.prepare("insert into case_seizures (case_id, kind, quantity, note) values (?, ?, ?, null)");

  const spanMs = end.getTime() - start.getTime();
  const recent: Array<{ id: number; clusterId: number; ward: string; category: string; at: number }> = [];
  let clusters = 0;
  let cases = 0;
  const caseCounters = new Map<string, number>();

  const run = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const createdMs = start.getTime() + (spanMs * i) / options.tips;
      const createdAt = new Date(Math.floor(createdMs / 60_000) * 60_000).toISOString();
      const ageDays = (end.getTime() - createdMs) / 86_400_000;

      // A quarter of tips report an incident someone already reported in the last two days.
      const duplicateOf = recent.length > 0 && random() < 0.25 ? pick(random, recent) : null;
      const category = duplicateOf?.category ?? weighted(random, CATEGORY_WEIGHTS);
      const ward = duplicateOf?.ward ?? weighted(random, wardWeights);
      const unresolved = !duplicateOf && random() < 0.04;
      const unitCode = unresolved ? province : category === "cybercrime" && hasCyber ? DEMO_CYBER_UNIT : ward;

      let clusterId: number;
      if (duplicateOf) {
        clusterId = duplicateOf.clusterId;
        bumpCluster.run(clusterId);
      } else {
        clusterId = Number(insertCluster.run(createdAt, 1).lastInsertRowid);
        clusters++;
      }

      const status = ageDays > 30 ? (random() < 0.93 ? "closed" : "in_progress")
        : ageDays > 7 ? weighted(random, [["closed", 55], ["in_progress", 25], ["waiting_tipster", 8], ["routed", 12]] as const)
        : weighted(random, [["routed", 55], ["in_progress", 30], ["waiting_tipster", 10], ["closed", 5]] as const);
      const triaged = status !== "routed";
      const firstTriagedMs = triaged ? createdMs + Math.min(20, Math.exp(random() * 4) / 4) * 86_400_000 * random() : null;
      const valuable = status === "closed" ? (random() < 0.32 ? 1 : 0) : triaged && random() < 0.2 ? 1 : null;
      const description = synthesizeDescription(random, category);
      const occurredMs = createdMs - random() * 48 * 3600_000;
      const precision = weighted(random, [["exact", 50], ["approximate", 35], ["ongoing", 5], ["unknown", 10]] as const);
      const locationKind = weighted(random, [["ward", 40], ["address", 35], ["point", 20], ["none", 5]] as const);
      const channel = weighted(random, [["web", 70], ["hotline", 15], ["in_person", 10], ["partner", 5]] as const);
      const closedAt = status === "closed" ? new Date(Math.min(end.getTime(), (firstTriagedMs ?? createdMs) + random() * 15 * 86_400_000)).toISOString() : null;

      const occurredAt = precision === "unknown" ? null : new Date(Math.floor(occurredMs / 60_000) * 60_000).toISOString();
      const tipId = Number(insertTip.run(
        createHash("sha256").update(`synthetic-${options.seed ?? 42}-${i}`).digest("hex"),
        channel, category, description, foldVietnamese(description),
        occurredAt, precision,
        locationKind, locationKind === "ward" ? ward : null, locationKind === "address" ? `${pick(random, STREETS)}, ${ward}` : null,
        province, orgs.length && random() < 0.2 ? pick(random, orgs) : null,
        status, valuable, valuable === null ? null : valuable ? "Có căn cứ, đã xác minh" : "Không có căn cứ",
        unresolved ? null : ward, unresolved ? "none" : locationKind === "none" ? "none" : locationKind === "ward" ? "code" : locationKind,
        unresolved ? 0 : 0.9, unitCode, clusterId,
        triaged && users.length ? pick(random, users) : null, firstTriagedMs ? new Date(firstTriagedMs).toISOString() : null,
        deadlineFor(createdAt), firstTriagedMs ? new Date(firstTriagedMs).toISOString() : null, closedAt,
        createdAt, closedAt ?? createdAt, createdAt, createdAt, unresolved ? null : dedupeTime(occurredAt, createdAt),
      ).lastInsertRowid);

      recent.push({ id: tipId, clusterId, ward, category, at: createdMs });
      while (recent.length && recent[0].at < createdMs - 2 * 86_400_000) recent.shift();

      // About one case per three valuable tips; a duplicate of a case's tip links to the same case.
      if (valuable === 1 && random() < 0.35) {
        const seq = (caseCounters.get(unitCode) ?? 0) + 1;
        caseCounters.set(unitCode, seq);
        const decisionMs = (firstTriagedMs ?? createdMs) + random() * 10 * 86_400_000;
        const arrests = weighted(random, [[0, 30], [1, 35], [2, 20], [3, 10], [5, 5]] as const);
        const caseId = Number(insertCase.run(
          unitCode, `${unitCode}/${new Date(createdMs).getUTCFullYear()}/${seq}`, description.slice(0, 60), category,
          weighted(random, [["charged", 70], ["not_charged", 20], ["suspended", 10]] as const), new Date(decisionMs).toISOString().slice(0, 10),
          arrests, arrests ? new Date(decisionMs).toISOString().slice(0, 10) : null, createdAt, createdAt,
        ).lastInsertRowid);
        linkCase.run(caseId, tipId, createdAt);
        cases++;
        if (random() < 0.5) {
          const kind = category === "drugs" ? "drugs_g" : category === "weapons" ? pick(random, ["guns", "primitive_weapons", "explosives"]) : pick(random, SEIZURE_KINDS);
          const quantity = kind === "money_vnd" ? Math.round(random() * 50) * 1_000_000 : kind === "drugs_g" ? Math.round(random() * 500 * 10) / 10 : 1 + Math.floor(random() * 5);
          insertSeizure.run(caseId, kind, quantity);
        }
      }
    }
  });

  const BATCH = 20_000;
  for (let from = 0; from < options.tips; from += BATCH) run(from, Math.min(options.tips, from + BATCH));
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.exec("analyze");
  sqlite.close();
  return { tips: options.tips, clusters, cases, wards: wards.length, from: start.toISOString(), to: end.toISOString() };
}

/** A fresh, migrated SQLite database at `file` with the demo province set up, then the history. */
export async function createHistoryDatabase(file: string, options: HistoryOptions & { dataDir: string }): Promise<HistorySummary> {
  const handle = openDatabase(`file:${file}`);
  try {
    await migrateToLatest(handle.db);
    await importUnits(handle.db, options.provinceCode ?? "48");
    // The demo gazetteer of places: the resolver matches them on every address (issue 12).
    await seedDemoPlaces(handle.db);
    await setUpDemoProvince(handle.db, options.dataDir);
  } finally {
    await handle.close();
  }
  return generateHistory(file, options);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, count] = process.argv.slice(2);
  if (!file) {
    process.stderr.write("usage: tsx scripts/bench/synthetic-history.ts FILE.db [TIPS]\n");
    process.exit(1);
  }
  const { dirname } = await import("node:path");
  const started = Date.now();
  const summary = await createHistoryDatabase(file, { tips: Number(count ?? 10_000), dataDir: dirname(file) });
  process.stdout.write(`${JSON.stringify(summary)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
