/**
 * The decision records stay findable (docs/decisions/README.md): every record has a
 * row in the index, and every link between records, or to them from the README and
 * the code's comments, names a file that exists (records are renamed when their name
 * no longer says what they decided).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIR = path.join(ROOT, "docs/decisions");
const records = readdirSync(DIR).filter((f) => /^\d{4}-.+\.md$/.test(f)).sort();

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mjs|md)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe("decision records", () => {
  it("are each listed once in the index", () => {
    const index = readFileSync(path.join(DIR, "README.md"), "utf8");
    const rows = [...index.matchAll(/^\| \[\d{4}\]\(([^)]+)\) \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(records);
  });

  it("are linked only by names that exist", () => {
    const sources = [path.join(ROOT, "README.md"), ...["docs", "app", "core", "server", "workers", "cli", "db", "domain", "scripts", "tests"].flatMap(filesUnder)];
    const broken: string[] = [];
    for (const file of sources) {
      for (const [, name] of readFileSync(file, "utf8").matchAll(/\b(\d{4}-[a-z0-9-]+\.md)\b/g)) {
        if (!records.includes(name)) broken.push(`${path.relative(ROOT, file)}: ${name}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
