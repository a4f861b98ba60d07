/**
 * Property-based fuzzing (fast-check) of the partner API and the public form:
 * thousands of generated payloads — near-valid tips with one field gone wrong,
 * and arbitrary JSON or form fields — never get a 5xx, and a rejected one
 * stores nothing.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { formToken, multipart, postTip, startIntakeApp, VALID_API_TIP, VALID_FORM, type IntakeApp } from "../setup/intake-fixtures";

const ACCEPTED = new Set([201]);
const REJECTED = new Set([400, 401, 409, 413, 415, 422, 429]);

/** Values of every JSON shape, strings with markup, control and Vietnamese characters. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("<script>alert(1)</script>", "' OR 1=1 --", "\u0000", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "Hòa Khánh", "\ud800", "9".repeat(400), ""),
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
);

const FIELDS = ["category", "description", "occurredAt", "location", "reporter", "sourceOrg", "externalRef"] as const;

/** A valid tip with some fields replaced by anything, or removed, or extra keys added. */
const mutatedTip = fc
  .record({
    replace: fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 3 }),
    drop: fc.subarray([...FIELDS], { maxLength: 2 }),
    location: fc.oneof(
      fc.record({ wardCode: nasty }),
      fc.record({ address: nasty }),
      fc.record({ lat: fc.oneof(fc.double(), nasty), lng: fc.oneof(fc.double(), nasty) }),
      nasty,
    ),
    reporter: fc.oneof(fc.constant(null), fc.record({ name: nasty, phone: nasty, email: nasty }, { requiredKeys: [] }), nasty),
  })
  .map(({ replace, drop, location, reporter }) => {
    const tip: Record<string, unknown> = { ...VALID_API_TIP, location, reporter, ...replace };
    for (const field of drop) delete tip[field];
    return tip;
  });

/**
 * Valid tips, each a little different: without them a run could by chance store
 * nothing (a mutated tip is valid about once in a few hundred), and the
 * "stores what it accepted" half of the property would go untested.
 */
const validTip = fc.nat({ max: 1_000_000 }).map((n) => ({ ...VALID_API_TIP, description: `${VALID_API_TIP.description} (${n})` }));

describe("fuzzing the intake", () => {
  let intake: IntakeApp;
  let database: DatabaseHandle;
  let token: string;

  beforeAll(async () => {
    intake = await startIntakeApp();
    database = openDatabase(intake.app.databaseUrl);
    token = await formToken(intake.app);
    await new Promise((r) => setTimeout(r, 3_100)); // the form's minimum fill time
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await intake?.app.stop();
  });

  const tipCount = async () => Number((await database.db.selectFrom("tips").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

  it("the API answers every generated payload with 201 or a 4xx, and stores only what it accepted", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 8, arbitrary: mutatedTip }, { weight: 2, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: validTip }), async (payload) => {
        const before = await tipCount();
        const res = await postTip(intake.app, intake.apiKey, payload);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(ACCEPTED.has(res.status) || REJECTED.has(res.status), `status ${res.status} for ${JSON.stringify(payload).slice(0, 200)}`).toBe(true);
        const body = (await res.json()) as Record<string, unknown>;
        if (res.status === 400) expect(body.error).toBeTruthy();
        expect(await tipCount()).toBe(before + (res.status === 201 ? 1 : 0));
      }),
      { numRuns: 800 },
    );
    // Both paths were exercised.
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(statuses.get(201) ?? 0).toBeGreaterThan(0);
  }, 300_000);

  it("the public form answers every generated submission without a 5xx, and stores nothing it rejected", async () => {
    const formFields = ["category", "description", "when", "occurredDate", "occurredTime", "province", "wardCode", "wardQuery", "address", "identity", "name", "phone", "email", "sourceOrg", "lat", "lng", "intent"];
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...formFields), fc.string({ unit: "grapheme", maxLength: 60 }), { maxKeys: 6 }),
        fc.boolean(),
        async (overrides, keepValid) => {
          const fields = { ...(keepValid ? VALID_FORM : {}), started: token, ...overrides };
          const before = await tipCount();
          const { body, contentType } = multipart(Object.entries(fields).map(([name, value]) => ({ name, value: String(value) })));
          const res = await fetch(`${intake.app.url}/bao-tin`, { method: "POST", headers: { "Content-Type": contentType }, body });
          await res.arrayBuffer();
          expect(res.status, JSON.stringify(overrides)).toBeLessThan(500);
          if (res.status !== 200) expect(await tipCount()).toBe(before);
        },
      ),
      { numRuns: 300 },
    );
  }, 300_000);
});
