/**
 * Every kind of audit event the code can write (domain/tip-events.ts — appendTipEvent
 * takes no other) and every reason code (domain/reasons.ts) reads as a sentence in
 * Vietnamese and in English, with names instead of codes; and the events written
 * before reasons were stored as data read the same way, without their English.
 */
import i18next, { type TFunction } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { describeReason, describeTipEvent, unitCodesOf, type SentenceContext } from "../../../app/components/staff/audit-sentences";
import { i18nConfig } from "../../../app/i18n/config";
import { resources } from "../../../app/i18n/resources";
import { REASON_CODES, type ReasonCode, type ReasonParams } from "../../../domain/reasons";
import { TIP_EVENT_TYPES, type TipEventType } from "../../../domain/tip-events";

const UNITS: Record<string, string> = {
  "48": "Thành phố Đà Nẵng", "20275": "Phường An Hải", "20242": "Phường Hải Châu", "20200": "Phường Hòa Khánh", "48-CYBER": "Phòng An ninh mạng",
};
const CATEGORIES: Record<string, string> = { drugs: "Ma túy", fraud: "Lừa đảo", cybercrime: "Tội phạm trên mạng", other: "Việc khác" };

/** A representative event of each kind, as its writer stores it. */
const SAMPLE_EVENTS: Record<TipEventType, Record<string, unknown>> = {
  received: { channel: "web", category: "drugs", location: "ward", identified: false, photos: 2 },
  located: {
    wardCode: "20242", method: "old-address", confidence: 0.9, candidates: ["20242"], reason: "old ward 'Hải Châu I' (Hải Châu) → 20242",
    because: { code: "old-ward", params: { oldWard: "Hải Châu I", oldDistrict: "Hải Châu", ward: "20242" } },
  },
  routed: {
    unitCode: "48-CYBER", copies: ["20275"], reason: "cybercrime tips in province 48 go to unit 48-CYBER; copied for information to 20275",
    because: { code: "routing-rule", params: { category: "cybercrime", province: "48", unit: "48-CYBER" } },
  },
  placed: { fromUnit: "48", toUnit: "20242", wardCode: "20242", reason: "Chợ Cồn thuộc Hải Châu", suggestedPhrase: "chợ Cồn" },
  owner_assigned: { unitCode: "48", because: { code: "lost-named-province", params: { province: "48" } } },
  cluster_started: { clusterId: 7, size: 1, reason: "no duplicate among 4 candidates", because: { code: "no-duplicate", params: { candidates: 4 } } },
  clustered: {
    clusterId: 7, size: 2, matchedTipId: 12, score: 0.82, reasons: ["same ward 20275", "3 h apart", "same category drugs", "text similarity 0.61"],
    evidence: [
      { code: "same-ward", params: { ward: "20275" } }, { code: "hours-apart", params: { hours: 3 } },
      { code: "same-category", params: { category: "drugs" } }, { code: "text-similarity", params: { score: 0.61 } },
    ],
    mergedClusters: [9], candidates: 6,
  },
  claimed: {},
  valuable_marked: { valuable: true, reason: "Đã xác minh" },
  rerouted: { fromUnit: "20275", toUnit: "20242", reason: "Nơi xảy ra thuộc Hải Châu" },
  closed: {},
  question_sent: { messageId: 3 },
  identity_viewed: { reason: "Cần lấy lời khai", requestId: 3 },
  identity_requested: { requestId: 3, reason: "Cần lấy lời khai" },
  identity_request_approved: { requestId: 3, requester: "Nguyễn Văn An", note: "Đồng ý, chỉ để lấy lời khai", expiresAt: "2026-12-08T02:00:00.000Z" },
  identity_request_refused: { requestId: 4, requester: "Nguyễn Văn An", note: "Chưa đủ căn cứ" },
  deadline_extended: { days: 10, reason: "Chờ giám định", deadlineAt: "2026-11-02T16:59:59.000Z" },
  extension_requested: { requestId: 2, days: 10, reason: "Chờ giám định", deadlineAt: "2026-11-02T16:59:59.000Z" },
  extension_approved: { requestId: 2, requester: "Nguyễn Văn An", days: 10, deadlineAt: "2026-11-02T16:59:59.000Z", note: "Đồng ý" },
  extension_refused: { requestId: 3, requester: "Nguyễn Văn An", days: 10, deadlineAt: "2026-11-02T16:59:59.000Z", note: "Chưa đủ căn cứ" },
  escalated: { step: 2, cause: "overdue" },
  cluster_merged: { fromClusterId: 3, clusterId: 7, withTipId: 12 },
  cluster_joined: { clusterId: 7, tipId: 15 },
  cluster_split: { fromClusterId: 7, clusterId: 8, reason: "Hai vụ khác nhau" },
  cluster_group_merged: { fromClusterId: 3, clusterId: 7, withTipId: 12, moved: 3 },
  cluster_group_joined: { fromClusterId: 3, clusterId: 7, tipId: 15, moved: 3 },
  case_linked: { caseId: 1, caseNumber: "12/2026" },
  case_withdrawn: { caseId: 1, caseNumber: "12/2026", reason: "Nhập trùng vụ 11/2026" },
  unit_retired: { fromUnit: "20275", toUnit: "20242", reason: "Sáp nhập đơn vị", unclaimed: true },
  case_unlinked: { caseId: 1, caseNumber: "12/2026" },
  tipster_replied: { messageId: 4, photos: 0 },
  tipster_added_info: { messageId: 5, photos: 1 },
  status_changed: { from: "waiting_tipster", to: "in_progress", reason: "tipster answered" },
  content_purged: { photosDeleted: 2 },
};

/** Parameters each reason code is stored with (see its producer). */
const SAMPLE_REASONS: Record<ReasonCode, ReasonParams> = {
  "ward-chosen": { ward: "20275" },
  "unknown-ward-code": { code: "99999" },
  "point-in-ward": { ward: "20275" },
  "point-outside": {},
  "current-ward": { name: "Hòa Khánh", ward: "20200" },
  "old-ward": { oldWard: "Hải Châu I", oldDistrict: "Hải Châu", ward: "20242" },
  "old-district-whole": { district: "Hải Châu", ward: "20242" },
  "old-district-spans": { district: "Sơn Trà", wards: ["20275", "20242"] },
  "wards-disagree": { wards: ["20275", "20200"] },
  "no-ward-named": { name: "hoa lac" },
  "old-ward-split": { oldWard: "Hòa Khánh Bắc", wards: ["20200", "20242"] },
  ambiguous: { name: "hai chau", wards: ["20242", "20275"], decider: "old-district" },
  "province-only": { names: ["Đà Nẵng"] },
  "no-place-name": {},
  "address-unreadable": {},
  place: { name: "Chợ Cồn", ward: "20242" },
  "place-wards": { name: "Lê Duẩn", wards: ["20242", "20209"] },
  "home-province-ward": { name: "hoa tien", ward: "20332", wards: ["18919", "20332", "31338"], province: "48" },
  "routing-rule": { category: "cybercrime", province: "48", unit: "48-CYBER" },
  "ward-police": { ward: "20242" },
  "province-triage": { province: "48" },
  "form-province": { province: "48" },
  "home-province": { province: "48" },
  "province-not-served": { named: "01", province: "48" },
  "lost-named-province": { province: "48" },
  "lost-only-province": { province: "48" },
  "lost-lowest-province": { province: "48" },
  unplaceable: {},
  "place-unknown": {},
  "no-duplicate": { candidates: 4 },
  "same-ward": { ward: "20275" },
  "metres-apart": { metres: 250 },
  "neighbouring-wards": { wards: ["20275", "20242"] },
  "hours-apart": { hours: 3 },
  "days-apart": { days: 2 },
  "unknown-time": {},
  "same-category": { category: "drugs" },
  "related-categories": { categories: ["fraud", "cybercrime"] },
  "text-similarity": { score: 0.61 },
  "outside-window": { days: 30 },
  "categories-differ": { categories: ["drugs", "fraud"] },
  "places-differ": {},
  "shared-identifier": { kinds: ["account", "plate"] },
  "shared-words": { words: ["cho han", "sap vai"] },
  "general-category": { categories: ["security", "drugs"] },
  "same-place": {},
  "different-places": { places: ["tran cao van", "le do"] },
  "same-named-place": { place: "cho han" },
  "only-chance-overlap": { count: 12 },
  "different-identifiers": { kinds: ["phone"] },
  "kind-described": { category: "robbery" },
  "different-loot": { loot: ["phone", "motorbike"] },
  "different-vehicles": { vehicles: ["exciter", "sirius"] },
  "different-amounts": { amounts: ["180000000", "12000000"] },
  "same-sum": { amounts: ["86000000"] },
  "different-stories": { stories: ["utility", "relative-in-trouble"] },
  "ward-time-credit": { hours: 1, count: 2 },
  "point-address-time-credit": { hours: 1, count: 2 },
  "too-far-apart-in-time": { days: 12 },
  "matches-group": { count: 2, total: 3 },
  "weak-against-group": { count: 1, total: 3 },
};

const contexts = {} as Record<"vi" | "en", SentenceContext>;

beforeAll(async () => {
  for (const lng of ["vi", "en"] as const) {
    const instance = i18next.createInstance();
    await instance.init({ ...i18nConfig, resources, lng, ns: ["staff"], defaultNS: "staff" });
    contexts[lng] = {
      t: instance.getFixedT(lng, "staff") as TFunction,
      unit: (code) => UNITS[code] ?? code,
      category: (code) => CATEGORIES[code] ?? code,
      date: (iso) => iso.slice(0, 10),
    };
  }
});

/** A sentence a reader can read: no raw key, no placeholder left, no code where a name belongs, nothing undefined. */
function expectReadable(text: string, what: string) {
  expect(text, what).not.toMatch(/\{\{|\}\}|events\.|reasons\.|undefined|NaN|\[object/);
  expect(text, what).not.toMatch(/\b(20275|20242|20200|48-CYBER)\b/);
  expect(text.trim().length, what).toBeGreaterThan(3);
}

/** Readable in Vietnamese and in English, and not the same text in both. */
function expectInBothLanguages(render: (ctx: SentenceContext) => string, what: string) {
  const [vi, en] = [render(contexts.vi), render(contexts.en)];
  expectReadable(vi, `${what} (vi)`);
  expectReadable(en, `${what} (en)`);
  expect(vi, what).not.toBe(en);
}

describe("audit sentences", () => {
  it("cover every kind of event, in Vietnamese and English", () => {
    expect(Object.keys(SAMPLE_EVENTS).sort()).toEqual([...TIP_EVENT_TYPES].sort());
    for (const type of TIP_EVENT_TYPES) expectInBothLanguages((ctx) => describeTipEvent({ type, data: SAMPLE_EVENTS[type] }, ctx), type);
  });

  it("cover every reason code, in Vietnamese and English", () => {
    const codes = Object.values(REASON_CODES).flat();
    expect(Object.keys(SAMPLE_REASONS).sort()).toEqual([...codes].sort());
    for (const code of codes) expectInBothLanguages((ctx) => describeReason({ code, params: SAMPLE_REASONS[code] }, ctx), code);
  });

  it("say in words what the pipeline decided and why, with names", () => {
    expect(describeTipEvent({ type: "located", data: SAMPLE_EVENTS.located }, contexts.vi)).toBe(
      "Xác định nơi xảy ra: Phường Hải Châu (Theo địa chỉ cũ (trước 1/7/2025), độ tin cậy 90%) — địa chỉ ghi tên cũ “Hải Châu I” (Hải Châu), nay thuộc Phường Hải Châu",
    );
    expect(describeTipEvent({ type: "routed", data: SAMPLE_EVENTS.routed }, contexts.vi)).toBe(
      "Chuyển đến Phòng An ninh mạng — theo quy tắc chuyển tin: tin loại Tội phạm trên mạng ở Thành phố Đà Nẵng do Phòng An ninh mạng xử lý; gửi để biết đến Phường An Hải",
    );
    expect(describeTipEvent({ type: "clustered", data: SAMPLE_EVENTS.clustered }, contexts.en)).toBe(
      "Grouped with duplicates (like tip #12, similarity 82%) — same ward (Phường An Hải) · 3 hours apart · same type (Ma túy) · text 61% alike; 1 more duplicate group merged in",
    );
  });

  it("read events written before reasons were data, without their English", () => {
    // The history that showed "(the police of ward 20242, where it happened)" on a Vietnamese page.
    const routed = { unitCode: "20242", wardCode: "20242", method: "code", reason: "the police of ward 20242, where it happened" };
    expect(describeTipEvent({ type: "routed", data: routed }, contexts.vi)).toBe("Chuyển đến Phường Hải Châu — đơn vị công an nơi xảy ra sự việc");
    const located = { wardCode: "20275", method: "code", confidence: 1, candidates: ["20275"], reason: "ward 20275 chosen by the reporter" };
    expect(describeTipEvent({ type: "located", data: located }, contexts.vi)).toBe("Xác định nơi xảy ra: Phường An Hải (Người báo tin chọn xã, phường, độ tin cậy 100%)");
    const clustered = { matchedTipId: 3, score: 0.7, reasons: ["neighbouring wards 20275/20242", "2 days apart", "related categories fraud/cybercrime"] };
    expect(describeTipEvent({ type: "clustered", data: clustered }, contexts.vi)).toBe(
      "Gộp vào nhóm tin trùng (giống tin #3, độ giống 70%) — hai xã, phường liền kề (Phường An Hải, Phường Hải Châu) · cách nhau 2 ngày · loại gần nhau (Lừa đảo, Tội phạm trên mạng)",
    );
    const started = { clusterId: 2, size: 1, reason: "place unknown: not compared with other tips" };
    expect(describeTipEvent({ type: "cluster_started", data: started }, contexts.en)).toBe("Started a new group — the place is unknown, so it was not compared with other tips");
    expect(describeTipEvent({ type: "copied", data: {} }, contexts.vi)).toBe("Sự kiện không còn dùng (copied)");
  });

  it("name every unit an event mentions, so the page can look them up at once", () => {
    expect(unitCodesOf({ type: "routed", data: SAMPLE_EVENTS.routed }).sort()).toEqual(["20275", "48", "48-CYBER"]);
    expect(unitCodesOf({ type: "routed", data: { unitCode: "20242", reason: "the police of ward 20242, where it happened" } })).toEqual(["20242"]);
    expect(unitCodesOf({ type: "clustered", data: { reasons: ["neighbouring wards 20275/20242"] } }).sort()).toEqual(["20242", "20275"]);
  });
});
