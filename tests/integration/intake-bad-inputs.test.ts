/**
 * Bad input, from the form and from the partner API: every case gets a clear,
 * specific answer (never a 5xx), and nothing is stored — no tip, no photo record,
 * no file. Valid but hostile text (script tags, SQL) is stored verbatim and shown inert.
 */
import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intake as vi } from "../../app/i18n/vi/intake";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { decompressionBomb, formToken, multipart, postTip, startIntakeApp, VALID_API_TIP, VALID_FORM, type IntakeApp } from "../setup/intake-fixtures";

type Part = { name: string; value: string | Buffer; filename?: string; type?: string };

const fieldsOf = (form: Record<string, string>): Part[] => Object.entries(form).map(([name, value]) => ({ name, value }));

describe("bad input is refused clearly and stores nothing", () => {
  let intake: IntakeApp;
  let database: DatabaseHandle;
  let token: string;
  let jpeg: Buffer;

  beforeAll(async () => {
    intake = await startIntakeApp();
    database = openDatabase(intake.app.databaseUrl);
    token = await formToken(intake.app);
    jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#888" } }).jpeg().toBuffer();
    await new Promise((r) => setTimeout(r, 3_100)); // the form's minimum fill time
  });
  afterAll(async () => {
    await database?.close();
    await intake?.app.stop();
  });

  const stored = async () => {
    const count = async (table: "tips" | "tip_photos" | "tip_messages") =>
      Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const uploads = path.join(intake.app.dataDir, "uploads");
    return { tips: await count("tips"), photos: await count("tip_photos"), messages: await count("tip_messages"), files: existsSync(uploads) ? readdirSync(uploads).length : 0 };
  };

  const postForm = (parts: Part[], contentType?: string) => {
    const { body, contentType: type } = multipart(parts);
    return fetch(`${intake.app.url}/bao-tin`, { method: "POST", headers: { "Content-Type": contentType ?? type }, body });
  };
  const form = (overrides: Record<string, string>, extra: Part[] = []) =>
    postForm([...fieldsOf({ ...VALID_FORM, started: token, ...overrides }), ...extra]);

  const apiCases: Array<[string, () => Promise<Response>, number, RegExp | string]> = [
    ["empty object", () => postTip(intake.app, intake.apiKey, {}), 400, '"category":"required"'],
    ["description too long", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, description: "x".repeat(5001) }), 400, '"description":"must be at most 5000 characters"'],
    ["description too short", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, description: "  ngắn  " }), 400, '"description":"must be at least 10 characters"'],
    ["unknown category", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, category: "jaywalking" }), 400, 'unknown category \\"jaywalking\\"'],
    ["unknown ward", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, location: { wardCode: "99999" } }), 400, '"location.wardCode":"unknown ward code \\"99999\\""'],
    ["date without a time zone", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, occurredAt: "2026-10-03 21:30" }), 400, '"occurredAt":"must be an ISO 8601 date-time'],
    ["date in the future", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, occurredAt: "2099-01-01T00:00:00+07:00" }), 400, '"occurredAt":"is in the future"'],
    ["date before 1945", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, occurredAt: "1899-01-01T00:00:00Z" }), 400, '"occurredAt":"is before 1945"'],
    ["latitude out of Vietnam", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, location: { lat: 48.85, lng: 108.2 } }), 400, '"location.lat":"must be a number between 6 and 24'],
    ["longitude as a string", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, location: { lat: 16.07, lng: "108.2" } }), 400, '"location.lng"'],
    ["two location forms at once", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, location: { wardCode: "20275", address: "x" } }), 400, '"location":"must be exactly one of'],
    ["bad reporter phone", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, reporter: { phone: "call me" } }), 400, '"reporter.phone":"not a phone number'],
    ["bad reporter email", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, reporter: { email: "mai@" } }), 400, '"reporter.email":"not an email address"'],
    ["reporter of the wrong type", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, reporter: "Mai" }), 400, '"reporter":"must be null or'],
    ["unknown source organisation", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, sourceOrg: "NOPE" }), 400, '"sourceOrg":"unknown source organisation \\"NOPE\\""'],
    ["unknown field", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, occuredAt: "2026-10-03T21:30:00+07:00" }), 400, '"occuredAt":"unknown field"'],
    ...(["__proto__", "constructor", "toString", "hasOwnProperty"].map((key) => [
      `"${key}" as a field`, () => postTip(intake.app, intake.apiKey, `${JSON.stringify(VALID_API_TIP).slice(0, -1)},"${key}":{"polluted":true}}`), 400, `"${key}":"unknown field"`,
    ] as [string, () => Promise<Response>, number, string])),
    ["JSON nested 100,000 deep", () => postTip(intake.app, intake.apiKey, `${JSON.stringify(VALID_API_TIP).slice(0, -1)},"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`), 400, "request body nested deeper than 16 levels"],
    ["wrong types", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, category: 7, description: ["a"] }), 400, '"category":"must be a category code (string)"'],
    ["NUL character", () => postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, description: "Có người bán\u0000 ma túy ở đây" }), 400, '"description":"contains control characters'],
    ["lone surrogate", () => postTip(intake.app, intake.apiKey, `{"category":"drugs","description":"Có người bán \\ud800 ma túy ở đây","location":{"wardCode":"20275"}}`), 400, '"description":"contains control characters or invalid Unicode"'],
    ["invalid UTF-8", () => postTip(intake.app, intake.apiKey, Buffer.concat([Buffer.from('{"category":"drugs","description":"C'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' ma túy ở đây","location":{"wardCode":"20275"}}')])), 400, "request body is not valid UTF-8"],
    ["bad JSON", () => postTip(intake.app, intake.apiKey, '{"category": "drugs",'), 400, "request body is not valid JSON"],
    ["a JSON array", () => postTip(intake.app, intake.apiKey, "[1,2]"), 400, "the body must be a JSON object"],
    ["wrong content type", () => postTip(intake.app, intake.apiKey, JSON.stringify(VALID_API_TIP), { "Content-Type": "text/plain" }), 415, "Content-Type must be application/json"],
    ["form-encoded body", () => postTip(intake.app, intake.apiKey, "category=drugs", { "Content-Type": "application/x-www-form-urlencoded" }), 415, "Content-Type must be application/json"],
    ["oversized body", () => postTip(intake.app, intake.apiKey, JSON.stringify({ ...VALID_API_TIP, description: "a".repeat(1_050_000) })), 413, "request body over 1048576 bytes"],
    ["missing key", () => postTip(intake.app, null, VALID_API_TIP), 401, "missing, unknown or revoked API key"],
    ["unknown key", () => postTip(intake.app, "tb_" + "A".repeat(43), VALID_API_TIP), 401, "missing, unknown or revoked API key"],
    ["malformed Authorization", () => postTip(intake.app, null, VALID_API_TIP, { Authorization: `Basic ${intake.apiKey}` }), 401, "missing, unknown or revoked API key"],
    ["bad Idempotency-Key", () => postTip(intake.app, intake.apiKey, VALID_API_TIP, { "Idempotency-Key": "has spaces in it" }), 400, '"Idempotency-Key":"must be 1 to 255 visible ASCII characters"'],
    ["status without a receipt header", () => fetch(`${intake.app.url}/api/v1/tips/status`), 400, "missing X-Receipt header"],
  ];

  for (const [name, send, status, expected] of apiCases) {
    it(`API: ${name} → ${status}`, async () => {
      const before = await stored();
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(await res.text()).toContain(typeof expected === "string" ? expected : "");
      expect(await stored()).toEqual(before);
    });
  }

  const e = vi.errors;
  const formCases: Array<[string, () => Promise<Response>, number, string[]]> = [
    ["empty form", () => postForm([{ name: "started", value: token }]), 400, [e.category.required, e.description.required, e.when.required, e.place.required]],
    ["description too long", () => form({ description: "a".repeat(5001) }), 400, [e.description.tooLong]],
    ["description of spaces only", () => form({ description: "      \n    " }), 400, [e.description.required]],
    ["unknown category", () => form({ category: "jaywalking" }), 400, [e.category.unknown]],
    ["unknown ward", () => form({ wardCode: "99999" }), 400, [e.wardCode.unknown]],
    ["unknown province", () => form({ province: "01", wardCode: "" }), 400, [e.province.unknown]],
    ["date in the future", () => form({ occurredDate: "2099-01-01" }), 400, [e.occurredDate.future]],
    ["impossible date", () => form({ occurredDate: "31/02/2026" }), 400, [e.occurredDate.invalid]],
    ["exact time missing", () => form({ when: "exact" }), 400, [e.occurredTime.required]],
    ["bad time", () => form({ when: "exact", occurredTime: "25:61" }), 400, [e.occurredTime.invalid]],
    ["a text file named .jpg", () => form({}, [{ name: "photos", value: Buffer.from("not a picture at all\n"), filename: "anh.jpg", type: "image/jpeg" }]), 400, [e.photos.notImage]],
    ["a decompression bomb", () => form({}, [{ name: "photos", value: decompressionBomb(), filename: "bom.png", type: "image/png" }]), 400, [e.photos.tooManyPixels]],
    ["six photos", () => form({}, Array.from({ length: 6 }, (_, i) => ({ name: "photos", value: jpeg, filename: `${i}.jpg`, type: "image/jpeg" }))), 400, [e.photos.tooMany]],
    ["a photo over 10 MB", () => form({}, [{ name: "photos", value: Buffer.alloc(10 * 1024 * 1024 + 10, 1), filename: "to.jpg", type: "image/jpeg" }]), 400, [e.photos.tooLarge]],
    ["a PDF", () => form({}, [{ name: "photos", value: Buffer.from("%PDF-1.4\n"), filename: "a.pdf", type: "application/pdf" }]), 400, [e.photos.notImage]],
    ["invalid UTF-8 in the description", () => postForm([...fieldsOf({ ...VALID_FORM, started: token }).filter((p) => p.name !== "description"), { name: "description", value: Buffer.concat([Buffer.from("Trộm xe máy "), Buffer.from([0xc3, 0x28, 0xfe]), Buffer.from(" trước nhà")]) }]), 400, [e.text.invalidCharacters]],
    ["a NUL character", () => form({ description: "Trộm xe máy\u0000 trước nhà số 12" }), 400, [e.text.invalidCharacters]],
    ["details with the anonymous choice", () => form({ name: "Nguyễn Văn A" }), 400, [e.identity.conflict]],
    ["identified without details", () => form({ identity: "identified" }), 400, [e.identity.missingDetails]],
    ["bad phone", () => form({ identity: "identified", phone: "gọi tôi" }), 400, [e.phone.invalid]],
    ["bad email", () => form({ identity: "identified", email: "a@b" }), 400, [e.email.invalid]],
    ["unknown organisation", () => form({ sourceOrg: "NOPE" }), 400, [e.sourceOrg.unknown]],
    ["the honeypot filled in", () => form({ website: "http://spam.example" }), 400, [e.form.rejected]],
    ["sent straight after loading", async () => form({ started: await formToken(intake.app) }), 400, [e.form.tooFast]],
    ["a forged form token", () => form({ started: `${Date.now() - 60_000}.${"A".repeat(43)}` }), 400, [e.form.expired]],
    ["a body declared far over the form's limit", () => postUnfinished(`${intake.app.url}/bao-tin`, { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(200 * 1024 * 1024) }), 413, [e.form.tooLarge]],
    ["a body that is not a form", () => fetch(`${intake.app.url}/bao-tin`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "hello" }), 400, [e.form.unreadable]],
  ];

  for (const [name, send, status, messages] of formCases) {
    it(`form: ${name} → ${status}`, async () => {
      const before = await stored();
      const res = await send();
      expect(res.status).toBe(status);
      const html = pageText(await res.text());
      for (const message of messages) expect(html).toContain(message);
      expect(await stored()).toEqual(before);
    });
  }

  it("keeps what was typed when the form comes back with errors (photos aside, which the page says)", async () => {
    const res = await form({ description: "Trộm xe máy trước nhà số 12 lúc 2 giờ sáng.", wardCode: "99999", address: "kiệt 78 Hồ Nghinh", identity: "identified", name: "Trần Thị Mai", phone: "0905123456" });
    const html = pageText(await res.text());
    expect(html).toContain(">Trộm xe máy trước nhà số 12 lúc 2 giờ sáng.</textarea>");
    expect(html).toContain('value="kiệt 78 Hồ Nghinh"');
    expect(html).toContain('value="Trần Thị Mai"');
    expect(html).toContain('value="0905123456"');
    expect(html).toMatch(/<input[^>]*value="theft"[^>]*checked=""|<input[^>]*checked=""[^>]*value="theft"/);
    expect(html).toContain(vi.photos.refill);
    // The error is tied to its field and listed in the summary with a link to it.
    expect(html).toMatch(/<select[^>]*id="tip-wardCode"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*tip-wardCode-error/);
    expect(html).toContain(`<a href="#tip-wardCode">${e.wardCode.unknown}</a>`);
  });

  it("stores script tags and SQL verbatim, and shows them as text", async () => {
    const hostile = `<script>alert("x")</script> '; DROP TABLE tips; -- "quán" & <b>Bà Năm</b>`;
    const before = await stored();
    const res = await postTip(intake.app, intake.apiKey, { ...VALID_API_TIP, description: hostile });
    expect(res.status).toBe(201);
    const { receipt } = (await res.json()) as { receipt: string };
    const tip = await database.db.selectFrom("tips").select(["id", "description"]).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(tip.description).toBe(hostile);
    expect((await stored()).tips).toBe(before.tips + 1);

    // The resident's own words come back in the follow-up thread, escaped.
    const opened = await fetch(`${intake.app.url}/theo-doi`, { method: "POST", body: new URLSearchParams({ intent: "open", receipt }), redirect: "manual" });
    expect(opened.status).toBe(303);
    const cookie = opened.headers.get("set-cookie")!.split(";")[0];
    // Added information: a reply is only taken once an officer has asked something.
    const added = await fetch(`${intake.app.url}/theo-doi`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams({ intent: "add", body: hostile }), redirect: "manual" });
    expect(added.status).toBe(303);
    const page = pageText(await (await fetch(`${intake.app.url}/theo-doi`, { headers: { Cookie: cookie } })).text());
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(page).not.toContain('<script>alert("x")');
    expect(page).toContain("&lt;b&gt;Bà Năm&lt;/b&gt;");
    const message = await database.db.selectFrom("tip_messages").select("body").where("tip_id", "=", tip.id).executeTakeFirstOrThrow();
    expect(message.body).toBe(hostile);
  });
});

/**
 * Declares a huge body, sends a few bytes and never the rest: the answer can only
 * come from the declared length, before anything is read.
 */
function postUnfinished(url: string, headers: Record<string, string>): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        request.destroy();
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode }));
      });
    });
    request.on("error", reject);
    request.write("--x\r\n");
  });
}

/**
 * React 18's streaming renderer can leave a NUL byte where a multi-byte character
 * did not fit at the end of its 2 KB buffer (writeStringChunk in react-dom-server.node);
 * app/entry.server.tsx strips them, and these long Vietnamese pages check it.
 */
function pageText(html: string): string {
  expect(html).not.toContain("\u0000");
  return html;
}
