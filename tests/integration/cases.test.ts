/** Cases, arrests and seizures (db/queries/cases.ts) on the run's dialect: scope, links both ways, audit. */
import { unitsScope } from "../../db/queries/scope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  caseNumberTaken, createCase, findCase, linkTipToCase, listCases, listCasesOfTip, unlinkTipFromCase, updateCase, type CaseFields,
} from "../../db/queries/cases";
import { listTipEvents } from "../../db/queries/tip-events";
import { CaseSchema, seizuresFrom } from "../../app/components/staff/case-schema";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { seedRoutedTip, seedUnits, seedUsers, UNIT_A, UNIT_B } from "../setup/staff-fixtures";

const fields = (number: string): CaseFields => ({
  number, title: "Mua bán trái phép chất ma túy tại kiệt 45 Ngô Quyền", category: "drugs", decision: "charged",
  decisionDate: "2026-11-10", arrests: 2, arrestedAt: "2026-11-09",
});

describe.each(DIALECTS)("cases on %s", (_dialect, create) => {
  let database: TestDatabase;
  let ids: Awaited<ReturnType<typeof seedUsers>>;
  const actorA = () => ({ userId: ids.officerA, scope: unitsScope([UNIT_A]), at: new Date().toISOString() });
  const actorB = () => ({ userId: ids.officerB, scope: unitsScope([UNIT_B]), at: new Date().toISOString() });

  beforeAll(async () => {
    database = await create();
    await seedUnits(database.db);
    ids = await seedUsers(database.db);
  });
  afterAll(async () => database?.destroy());

  it("opens a case with arrests and seizures, linked to tips the unit may see", async () => {
    const own = await seedRoutedTip(database.db);
    const other = await seedRoutedTip(database.db, { unitCode: UNIT_B });
    const caseId = await createCase(database.db, {
      unitCode: UNIT_A, fields: fields("12/2026"),
      seizures: [{ kind: "guns", quantity: 1, note: null }, { kind: "drugs_g", quantity: 12.5, note: null }, { kind: "vehicles", quantity: 0, note: null }],
      tipIds: [own.tipId, other.tipId],
    }, actorA());
    expect(caseId).not.toBeNull();
    const found = (await findCase(database.db, caseId!, unitsScope([UNIT_A])))!;
    expect(found).toMatchObject({ number: "12/2026", decision: "charged", arrests: 2, arrestedAt: "2026-11-09", unitCode: UNIT_A });
    expect(found.seizures).toEqual([{ kind: "guns", quantity: 1, note: null }, { kind: "drugs_g", quantity: 12.5, note: null }]);
    // Only the unit's own tip was linked; the other unit's tip was not visible to it.
    expect(found.tips.map((t) => t.id)).toEqual([own.tipId]);
    expect((await listTipEvents(database.db, own.tipId)).at(-1)).toMatchObject({ type: "case_linked", data: { caseId, caseNumber: "12/2026" } });
    const audit = await database.db.selectFrom("audit_log").select(["type", "data"]).where("type", "=", "case_created").execute();
    expect(JSON.parse(audit[0].data)).toMatchObject({ caseId, unitCode: UNIT_A });
    expect(await caseNumberTaken(database.db, UNIT_A, "12/2026")).toBe(true);
    expect(await caseNumberTaken(database.db, UNIT_B, "12/2026")).toBe(false);
    expect(await caseNumberTaken(database.db, UNIT_A, "12/2026", caseId!)).toBe(false);
  });

  it("belongs to its unit: another unit neither reads, edits, creates for it, nor links to it", async () => {
    const { tipId } = await seedRoutedTip(database.db);
    const caseId = (await createCase(database.db, { unitCode: UNIT_A, fields: fields("13/2026"), seizures: [], tipIds: [] }, actorA()))!;
    expect(await findCase(database.db, caseId, unitsScope([UNIT_B]))).toBeNull();
    expect(await updateCase(database.db, caseId, { fields: { ...fields("13/2026"), arrests: 9 }, seizures: [] }, actorB())).toBe(false);
    expect(await createCase(database.db, { unitCode: UNIT_A, fields: fields("14/2026"), seizures: [], tipIds: [] }, actorB())).toBeNull();
    expect(await linkTipToCase(database.db, caseId, tipId, actorB())).toBe("not-found");
    expect((await findCase(database.db, caseId, unitsScope([UNIT_A])))!.arrests).toBe(2);
  });

  it("edits replace the seizures; links and unlinks are on the tip's trail; a tip feeds several cases", async () => {
    const { tipId } = await seedRoutedTip(database.db);
    const one = (await createCase(database.db, { unitCode: UNIT_A, fields: fields("15/2026"), seizures: [{ kind: "guns", quantity: 2, note: null }], tipIds: [] }, actorA()))!;
    const two = (await createCase(database.db, { unitCode: UNIT_A, fields: fields("16/2026"), seizures: [], tipIds: [tipId] }, actorA()))!;
    expect(await updateCase(database.db, one, { fields: { ...fields("15/2026"), decision: "suspended" }, seizures: [{ kind: "other", quantity: 3, note: "điện thoại" }] }, actorA())).toBe(true);
    expect((await findCase(database.db, one, unitsScope([UNIT_A])))!.seizures).toEqual([{ kind: "other", quantity: 3, note: "điện thoại" }]);
    expect(await linkTipToCase(database.db, one, tipId, actorA())).toBe("linked");
    expect(await linkTipToCase(database.db, one, tipId, actorA())).toBe("already");
    expect((await listCasesOfTip(database.db, tipId, unitsScope([UNIT_A]))).visible.map((c) => c.id)).toEqual([one, two]);
    expect(await listCasesOfTip(database.db, tipId, unitsScope([UNIT_B]))).toMatchObject({ visible: [], hidden: 2 });
    expect(await unlinkTipFromCase(database.db, one, tipId, actorA())).toBe(true);
    expect(await unlinkTipFromCase(database.db, one, tipId, actorA())).toBe(false);
    const trail = (await listTipEvents(database.db, tipId)).map((e) => e.type);
    expect(trail.filter((t) => t === "case_linked")).toHaveLength(2);
    expect(trail.filter((t) => t === "case_unlinked")).toHaveLength(1);
  });

  it("lists a unit's cases newest first, by keyset pages", async () => {
    const all: number[] = [];
    let before: { createdAt: string; id: number } | null = null;
    for (;;) {
      const page = await listCases(database.db, unitsScope([UNIT_A]), { limit: 2, before });
      all.push(...page.rows.map((r) => r.id));
      if (!page.next) break;
      before = page.next;
    }
    const expected = (await database.db.selectFrom("cases").select("id").where("unit_code", "=", UNIT_A).orderBy("created_at", "desc").orderBy("id", "desc").execute()).map((r) => r.id);
    expect(all).toEqual(expected);
    expect((await listCases(database.db, unitsScope([UNIT_B]), { limit: 10 })).rows).toEqual([]);
  });
});

describe("the case form's schema", () => {
  const base = { unitCode: UNIT_A, number: "1/2026", title: "Vụ việc thử", category: "weapons" };
  it("needs a decision date with a decision, and an arrest date with arrests", () => {
    const issues = CaseSchema.safeParse({ ...base, decision: "charged", arrests: 2 });
    expect(issues.success).toBe(false);
    const paths = issues.error!.issues.map((i) => `${i.path[0]}:${i.message}`);
    expect(paths).toEqual(expect.arrayContaining(["decisionDate:decisionDateRequired", "arrestedAt:arrestDateRequired"]));
  });
  it("turns per-kind quantities into seizure rows", () => {
    const value = CaseSchema.parse({ ...base, arrests: 2, arrestedAt: "2026-11-09", guns: 1, seizureNote: "dao" });
    expect(seizuresFrom(value).filter((s) => s.quantity > 0)).toEqual([{ kind: "guns", quantity: 1, note: null }]);
    expect(CaseSchema.safeParse({ ...base, guns: -1 }).success).toBe(false);
    expect(CaseSchema.safeParse({ ...base, guns: 1.5 }).success).toBe(false);
  });
});
