/**
 * Issue 14, administrator findings and the unit features left open, through the real web process: scopes by
 * name, unit pickers that take names without diacritics with an error per field, the system log in sentences
 * without secrets, API keys by post/redirect/get (a second submission creates nothing), renaming and retiring a
 * unit (open tips follow the successor, pickers drop it, the pipeline follows it), merging two whole duplicate
 * groups, withdrawing a case (the oversight figures go back), and paging the queue backwards.
 */
import { unitsScope } from "../../db/queries/scope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { createCase } from "../../db/queries/cases";
import { listQueue, type QueueCursor } from "../../db/queries/queue";
import { refreshSummaries } from "../../db/queries/summaries";
import { followSuccessor } from "../../db/queries/units";
import type { RunningApp } from "../setup/app-server";
import { CYBER, joinCluster, newCluster, seedRoutedTip, signIn, startStaffApp, UNIT_A, UNIT_B, USERS } from "../setup/staff-fixtures";

describe("administrator findings and unit features (issue 14)", () => {
  let app: RunningApp;
  let db: DatabaseHandle;
  let ids: Record<string, number>;
  const cookies = {} as Record<"admin" | "officerA" | "supervisor", string>;
  const tips = {} as Record<string, number>;

  beforeAll(async () => {
    const started = await startStaffApp({
      seed: async (d) => {
        const c1 = await newCluster(d);
        const c2 = await newCluster(d);
        for (const name of ["g1a", "g1b"]) tips[name] = (await seedRoutedTip(d, { clusterId: c1 })).tipId;
        for (const name of ["g2a", "g2b", "g2c"]) tips[name] = (await seedRoutedTip(d, { clusterId: c2 })).tipId;
        tips.bOpen = (await seedRoutedTip(d, { unitCode: UNIT_B, location: { kind: "ward", wardCode: UNIT_B, provinceCode: "48" } })).tipId;
        tips.bClosed = (await seedRoutedTip(d, { unitCode: UNIT_B, location: { kind: "ward", wardCode: UNIT_B, provinceCode: "48" } })).tipId;
        await d.updateTable("tips").set({ status: "closed", valuable: 0, closed_at: new Date().toISOString() }).where("id", "=", tips.bClosed).execute();
        for (let i = 0; i < 7; i++) tips[`q${i}`] = (await seedRoutedTip(d, { unitCode: CYBER, category: "cybercrime" })).tipId;
      },
    });
    app = started.app;
    ids = started.ids;
    db = openDatabase(app.databaseUrl);
    cookies.admin = await signIn(app.url, USERS.admin.email);
    cookies.officerA = await signIn(app.url, USERS.officerA.email);
    cookies.supervisor = await signIn(app.url, USERS.supervisor.email);
  }, 90_000);
  afterAll(async () => {
    await db?.close();
    await app?.stop();
  });

  const get = async (path: string, who: keyof typeof cookies, extraCookie = "") =>
    fetch(`${app.url}${path}`, { redirect: "manual", headers: { Cookie: [cookies[who], extraCookie].filter(Boolean).join("; ") } });
  const post = (path: string, who: keyof typeof cookies, form: Record<string, string>) =>
    fetch(`${app.url}${path}`, {
      method: "POST", redirect: "manual",
      headers: { Cookie: cookies[who], Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
  const fieldError = (html: string, field: string) => html.match(new RegExp(`<span id="${field}-error" class="field-error">([^<]*)</span>`))?.[1];

  it("shows scopes by name and takes units by name, without diacritics, with an error per field", async () => {
    const list = await (await get("/quan-tri/nguoi-dung", "admin")).text();
    expect(list).toContain("Phường An Hải (20275)");
    expect(list).toContain("Toàn Thành phố Đà Nẵng (48)");

    const bad = await post("/quan-tri/nguoi-dung", "admin", {
      email: "ward.b@test.tinbao.vn", name: "Đỗ Văn Giang", role: "supervisor", provinceCode: "99", unit_0: "phuong khong co", unit_1: "20275",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(fieldError(html, "provinceCode")).toBe("Hãy chọn một tỉnh, thành phố trong danh sách.");
    expect(fieldError(html, "unit_0")).toContain("Không tìm thấy đơn vị này.");
    expect(fieldError(html, "unit_1")).toBeUndefined();
    expect(await db.db.selectFrom("users").select("id").where("email", "=", "ward.b@test.tinbao.vn").executeTakeFirst()).toBeUndefined();

    const ok = await post("/quan-tri/nguoi-dung", "admin", { email: "ward.b@test.tinbao.vn", name: "Đỗ Văn Giang", role: "officer", unit_0: "phuong hai chau", unit_1: "Phòng An ninh mạng, Công an TP Đà Nẵng (48-CYBER)" });
    expect(ok.status).toBe(200);
    const created = await db.db.selectFrom("users").innerJoin("user_units", "user_units.user_id", "users.id").select("unit_code")
      .where("email", "=", "ward.b@test.tinbao.vn").orderBy("unit_code").execute();
    expect(created.map((r) => r.unit_code)).toEqual([UNIT_B, CYBER].sort());

    // Routing rules: a province from the list, a unit by its suggestion; the table names both.
    const wrongProvince = await post("/quan-tri/quy-tac", "admin", { intent: "add", provinceCode: "01", category: "fraud", unitCode: "phong an ninh mang", mode: "route" });
    expect(wrongProvince.status).toBe(400);
    expect(fieldError(await wrongProvince.text(), "unitCode")).toBe("Không tìm thấy đơn vị này. Hãy gõ tên (có dấu hoặc không) hoặc mã rồi chọn trong danh sách gợi ý.");
    expect((await post("/quan-tri/quy-tac", "admin", { intent: "add", provinceCode: "48", category: "fraud", unitCode: "phong an ninh mang", mode: "route" })).status).toBe(200);
    const rules = await (await get("/quan-tri/quy-tac", "admin")).text();
    expect(rules).toContain("Thành phố Đà Nẵng (48)");
    expect(rules).toContain("Phòng An ninh mạng, Công an TP Đà Nẵng (48-CYBER)");
  });

  it("creates an API key by post/redirect/get: shown once, and a second submission of the form creates nothing", async () => {
    const page = await (await get("/quan-tri/khoa-api", "admin")).text();
    const token = page.match(/name="createToken" value="([^"]+)"/)?.[1];
    expect(token).toBeTruthy();
    const form = { intent: "create", name: "Cổng SMS Hội Nông dân", channel: "partner", rateLimit: "60", createToken: token! };
    const first = await post("/quan-tri/khoa-api", "admin", form);
    const second = await post("/quan-tri/khoa-api", "admin", form);
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(second.headers.get("set-cookie")).toBeNull();
    const keys = await db.db.selectFrom("api_keys").select("id").where("name", "=", "Cổng SMS Hội Nông dân").execute();
    expect(keys).toHaveLength(1);

    const cookie = first.headers.get("set-cookie")!.split(";")[0]!;
    const shown = await get(first.headers.get("location")!, "admin", cookie);
    const html = await shown.text();
    const key = html.match(/<code class="secret">([^<]+)<\/code>/)?.[1];
    expect(key).toMatch(/^tb_/);
    expect(shown.headers.get("set-cookie")).toMatch(/tb_new_key=;/); // forgotten at once
    // A reload (the cookie gone) says the key was shown and cannot be shown again.
    const reload = await (await get(first.headers.get("location")!, "admin")).text();
    expect(reload).not.toContain(key!);
    expect(reload).toContain("chỉ hiện một lần; không thể hiện lại");
  });

  it("renames a unit (code kept) and retires one: open tips move to the successor, pickers drop it, history and the pipeline follow", async () => {
    expect((await post(`/quan-tri/don-vi/${CYBER}`, "admin", { intent: "rename", name: "Phòng An ninh mạng và phòng chống tội phạm công nghệ cao" })).status).toBe(200);
    const renamed = await db.db.selectFrom("units").select(["name", "name_folded"]).where("code", "=", CYBER).executeTakeFirstOrThrow();
    expect(renamed.name_folded).toBe("phong an ninh mang va phong chong toi pham cong nghe cao");
    expect(await db.db.selectFrom("tips").select("id").where("unit_code", "=", CYBER).execute()).toHaveLength(7);

    // Retiring needs a successor and a reason, each with its own error.
    const bad = await post(`/quan-tri/don-vi/${UNIT_B}`, "admin", { intent: "retire", successor: "phuong hai chau", reason: "" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(fieldError(html, "successor")).toBe("Đơn vị tiếp nhận phải khác đơn vị ngừng hoạt động.");
    expect(fieldError(html, "reason")).toBe("Quá ngắn: cần ít nhất 3 ký tự.");
    expect((await db.db.selectFrom("units").select("active").where("code", "=", UNIT_B).executeTakeFirstOrThrow()).active).toBe(1);
    await db.db.updateTable("tips").set({ status: "in_progress", claimed_by: ids.officerB, claimed_at: new Date().toISOString() }).where("id", "=", tips.bOpen).execute();
    const retired = await post(`/quan-tri/don-vi/${UNIT_B}`, "admin", { intent: "retire", successor: "Phường An Hải (20275)", reason: "Sáp nhập vào Công an phường An Hải" });
    expect(retired.status).toBe(200);

    const open = await db.db.selectFrom("tips").select(["unit_code", "status", "claimed_by"]).where("id", "=", tips.bOpen).executeTakeFirstOrThrow();
    expect(open).toEqual({ unit_code: UNIT_A, status: "routed", claimed_by: null });
    const closed = await db.db.selectFrom("tips").select("unit_code").where("id", "=", tips.bClosed).executeTakeFirstOrThrow();
    expect(closed.unit_code).toBe(UNIT_B); // history and figures stay with the retired unit
    const event = await db.db.selectFrom("tip_events").select(["type", "actor_kind", "data"]).where("tip_id", "=", tips.bOpen).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(event.type).toBe("unit_retired");
    expect(JSON.parse(event.data)).toMatchObject({ fromUnit: UNIT_B, toUnit: UNIT_A, unclaimed: true });
    expect(await followSuccessor(db.db, UNIT_B)).toBe(UNIT_A);

    // The officer of the successor sees the moved tip; its history says why, with names.
    const tipPage = await (await get(`/can-bo/tin/${tips.bOpen}`, "officerA")).text();
    expect(tipPage).toContain("Chuyển từ Phường Hải Châu đến Phường An Hải vì Phường Hải Châu ngừng hoạt động: Sáp nhập vào Công an phường An Hải");
    // Pickers drop the retired unit; lists still name it, marked.
    const users = await (await get("/quan-tri/nguoi-dung", "admin")).text();
    expect(users).not.toContain('value="Phường Hải Châu (20242)"');
    expect(users).toContain("Phường Hải Châu (20242, đã ngừng hoạt động)");
    expect((await post(`/quan-tri/don-vi/${UNIT_B}`, "admin", { intent: "retire", successor: "20275", reason: "Lần hai" })).status).toBe(409);
  });

  it("reads the system log as sentences with names, filters it, and never shows a secret", async () => {
    const log = await (await get("/quan-tri/nhat-ky", "admin")).text();
    expect(log).toContain("Ngừng hoạt động Phường Hải Châu (20242, đã ngừng hoạt động), chuyển cho Phường An Hải (20275)");
    expect(log).toContain("Tạo khóa API “Cổng SMS Hội Nông dân”");
    expect(log).toContain("Tạo tài khoản Đỗ Văn Giang (Cán bộ)");
    const table = log.match(/<table class="audit-log">[\s\S]*<\/table>/)?.[0] ?? "";
    expect(table).toContain("Tạo khóa API");
    expect(table).not.toMatch(/\{&quot;|\{"/); // no raw JSON
    // A failed sign-in's client and account keys stay on the server, even in the page's data.
    await fetch(`${app.url}/can-bo/dang-nhap`, { method: "POST", redirect: "manual", headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email: USERS.officerA.email, password: "wrong" }) });
    const failed = await db.db.selectFrom("audit_log").select("data").where("type", "=", "sign_in_failed").orderBy("id", "desc").executeTakeFirstOrThrow();
    const account = JSON.parse(failed.data).account as string;
    expect(account).toBeTruthy();
    const after = await (await get("/quan-tri/nhat-ky", "admin")).text();
    expect(after).toContain("Đăng nhập không thành công");
    expect(after).not.toContain(account);
    expect(log).not.toMatch(/tb_[A-Za-z0-9_-]{20,}/);
    const keysOnly = await (await get("/quan-tri/nhat-ky?loai=keys", "admin")).text();
    const keysTable = keysOnly.match(/<table class="audit-log">[\s\S]*<\/table>/)?.[0] ?? "";
    expect(keysTable).toContain("Tạo khóa API");
    expect(keysTable).not.toContain("Tạo tài khoản");
    expect(keysOnly).toContain('<option value="keys" selected="">');
  });

  it("merges two whole duplicate groups in one step: every member moves, each trail says so, sizes and queue order follow", async () => {
    const rankBefore = (await db.db.selectFrom("tips").select("queue_rank").where("id", "=", tips.g1a).executeTakeFirstOrThrow()).queue_rank;
    const res = await post(`/can-bo/tin/${tips.g1a}`, "officerA", { intent: "mergeGroup", groupTargetTipId: String(tips.g2a) });
    expect(res.status).toBe(200);
    const members = await db.db.selectFrom("tips").select(["id", "cluster_id", "cluster_size", "queue_rank"]).where("id", "in", [tips.g1a, tips.g1b, tips.g2a, tips.g2b, tips.g2c]).execute();
    expect(new Set(members.map((m) => m.cluster_id)).size).toBe(1);
    expect(members.every((m) => m.cluster_size === 5)).toBe(true);
    expect(members.find((m) => m.id === tips.g1a)!.queue_rank).toBeLessThan(rankBefore); // more reports: earlier in the queue
    for (const id of [tips.g1a, tips.g1b]) {
      const last = await db.db.selectFrom("tip_events").select(["type", "data"]).where("tip_id", "=", id).orderBy("id", "desc").executeTakeFirstOrThrow();
      expect(last.type).toBe("cluster_group_merged");
      expect(JSON.parse(last.data)).toMatchObject({ withTipId: tips.g2a, moved: 2 });
    }
    const page = await (await get(`/can-bo/tin/${tips.g1b}`, "officerA")).text();
    expect(page).toContain(`Cả nhóm tin trùng (2 tin) được gộp vào nhóm của tin #${tips.g2a}`);
    // The same groups again: nothing to merge.
    const again = await post(`/can-bo/tin/${tips.g1a}`, "officerA", { intent: "mergeGroup", groupTargetTipId: String(tips.g2b) });
    expect(fieldError(await again.text(), "groupTargetTipId")).toBe("Hai tin đã ở cùng một nhóm.");
  });

  it("withdraws a case entered by mistake: audited with its reason, links removed, the oversight figures go back", async () => {
    const figures = async () => {
      await refreshSummaries(db.db);
      const row = await db.db.selectFrom("oversight_rollup")
        .select((eb) => [eb.fn.sum<number>("cases").as("cases"), eb.fn.sum<number>("arrests").as("arrests")])
        .where("grain", "=", "unit").where("res", "=", "d").where("unit_code", "=", UNIT_A).executeTakeFirstOrThrow();
      return { cases: Number(row.cases ?? 0), arrests: Number(row.arrests ?? 0) };
    };
    const before = await figures();
    const caseId = (await createCase(db.db, {
      unitCode: UNIT_A, tipIds: [tips.g2c],
      fields: { number: "99/2026", title: "Nhập nhầm", category: "drugs", decision: null, decisionDate: null, arrests: 3, arrestedAt: null },
      seizures: [],
    }, { userId: ids.officerA, scope: unitsScope([UNIT_A]), at: new Date().toISOString() }))!;
    expect(await figures()).toEqual({ cases: before.cases + 1, arrests: before.arrests + 3 });

    const noReason = await post(`/can-bo/vu-viec/${caseId}`, "supervisor", { intent: "withdraw", reason: "" });
    expect(noReason.status).toBe(400);
    const ok = await post(`/can-bo/vu-viec/${caseId}`, "supervisor", { intent: "withdraw", reason: "Nhập trùng vụ việc 12/2026" });
    expect(ok.status).toBe(200);
    expect(await figures()).toEqual(before);
    expect(await db.db.selectFrom("case_tips").select("tip_id").where("case_id", "=", caseId).execute()).toEqual([]);
    const event = await db.db.selectFrom("tip_events").select(["type", "actor_kind", "data"]).where("tip_id", "=", tips.g2c).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ type: "case_withdrawn", actor_kind: "supervisor" });
    expect(JSON.parse(event.data)).toMatchObject({ caseNumber: "99/2026", reason: "Nhập trùng vụ việc 12/2026" });
    const audit = await db.db.selectFrom("audit_log").select("data").where("type", "=", "case_withdrawn").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data)).toMatchObject({ caseId, reason: "Nhập trùng vụ việc 12/2026", tips: [tips.g2c] });
    // A withdrawn case takes no new link and no edit; its page says why.
    const relink = await post(`/can-bo/vu-viec/${caseId}`, "officerA", { intent: "link", tipId: String(tips.g2c) });
    expect(relink.status).toBe(400);
    const page = await (await get(`/can-bo/vu-viec/${caseId}`, "officerA")).text();
    expect(page).toContain("Lý do: Nhập trùng vụ việc 12/2026");
    expect(page).not.toContain('name="intent" value="withdraw"');
  });

  it("pages the queue backwards by keyset, on one unit and on several", async () => {
    for (const units of [[CYBER], [CYBER, UNIT_A]]) {
      const forward: number[][] = [];
      const cursors: Array<QueueCursor | null> = [];
      let after: QueueCursor | null = null;
      do {
        const page = await listQueue(db.db, { scope: unitsScope(units), tab: "new", limit: 3, after });
        forward.push(page.rows.map((r) => r.id));
        cursors.push(page.prev);
        after = page.next;
      } while (after);
      expect(forward.length).toBeGreaterThan(2);
      expect(cursors[0]).toBeNull();
      // From the last page back to the first, each "previous" page is the page that came before.
      let prev = cursors[cursors.length - 1]!;
      for (let i = forward.length - 2; i >= 0; i--) {
        const page = await listQueue(db.db, { scope: unitsScope(units), tab: "new", limit: 3, before: prev });
        expect(page.rows.map((r) => r.id), `${units} page ${i}`).toEqual(forward[i]);
        if (i === 0) expect(page.prev).toBeNull();
        else prev = page.prev!;
      }
    }
  });
});
