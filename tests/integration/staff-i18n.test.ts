// @sqlite-pass-only — scripts/test.mjs leaves this file out of pass 2 (PostgreSQL): reads the translation files, no database.
/**
 * Every literal translation key used by the staff pages exists in Vietnamese
 * (English is typed against Vietnamese, so it follows), and every error key a
 * staff schema can produce has a message. A typo would otherwise show the raw key.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resources } from "../../app/i18n/resources";

const ROOT = path.resolve(import.meta.dirname, "../..");

function files(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return match(name) ? files(full, () => true) : [];
    return match(name) && /\.(tsx?|ts)$/.test(name) ? [full] : [];
  });
}

const sources = [
  ...files(path.join(ROOT, "app/routes"), (n) => /^(can-bo|quan-tri)/.test(n)),
  ...files(path.join(ROOT, "app/components/staff"), () => true),
];

function has(ns: Record<string, unknown>, key: string): boolean {
  const lookup = (k: string) => k.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), ns);
  return typeof lookup(key) === "string" || typeof lookup(`${key}_other`) === "string" || (typeof lookup(key) === "object" && lookup(key) !== null);
}

describe("staff translations", () => {
  it("have every literal key the staff pages use", () => {
    const missing: string[] = [];
    for (const file of sources) {
      const text = readFileSync(file, "utf8");
      const admin = path.basename(file).startsWith("quan-tri") || text.includes('useTranslation("admin")');
      // In the admin pages (and admin components) `t` is the admin namespace and `ts` the staff one.
      for (const m of text.matchAll(/\b(ts?)\(\s*"([a-zA-Z0-9_.-]+)"/g)) {
        const ns = m[1] === "t" && admin ? "admin" : "staff";
        if (!has(resources.vi[ns] as Record<string, unknown>, m[2])) missing.push(`${path.relative(ROOT, file)}: ${ns}:${m[2]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("have a message for every error key the staff schemas and actions produce", () => {
    const errors = resources.vi.staff.errors as Record<string, string>;
    const used = new Set<string>();
    for (const file of sources) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        // zod: .min(3, "required"), { required_error: "required" }, addIssue({ message: "…" })
        for (const m of line.matchAll(/(?:required_error|invalid_type_error|message): "([a-zA-Z]+)"/g)) used.add(m[1]);
        if (/\.(min|max|regex|email|int|positive|refine)\(/.test(line)) for (const m of line.matchAll(/,\s*"([a-zA-Z]+)"\)/g)) used.add(m[1]);
        // length errors with their limit (error-keys.ts): tooShort(3) → "tooShort:3", read with its "_limit" message
        for (const m of line.matchAll(/\b(tooShort|tooLong)\(/g)) used.add(`${m[1]}_limit`);
        // actions: errors: { field: ["key"] } / fieldErrors: { field: ["key"] }
        for (const m of line.matchAll(/([a-zA-Z]+): \["([a-zA-Z]+)"\]/g)) if (m[1] !== "path" && m[1] !== "hideFields" && m[1] !== "fields") used.add(m[2]);
      }
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((key) => !(key in errors)).sort()).toEqual([]);
  });
});
