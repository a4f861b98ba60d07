/**
 * `.npmrc` hides npm's warnings so a clean `npm install` / `npm start` prints none
 * (docs/decisions/0005-kysely-on-node-20.md). What they would have said still matters:
 * this runs npm's own engine check with warnings shown and allows exactly the packages
 * that decision proves safe on the Node version running the suite.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Packages whose `engines.node` rejects Node 20 but which run on it (the ADR says why). */
const SAFE_ON_NODE_20 = [/^kysely@0\.29\.\d+$/];

/** What `npm install` prints (a dry run against the lockfile: nothing fetched, nothing written). */
function npmInstallOutput(...flags: string[]): string {
  const result = spawnSync("npm", ["install", "--dry-run", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", ...flags], {
    cwd: ROOT, encoding: "utf8", timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`npm install --dry-run failed: ${result.stderr}`);
  return `${result.stdout}\n${result.stderr}`;
}

describe("installing", { timeout: 150_000 }, () => {
  it("prints no warning", () => {
    expect(npmInstallOutput()).not.toMatch(/npm warn/i);
  });

  it("meets every package's engines on this Node, except the ones proved safe", () => {
    const warned = [...npmInstallOutput("--loglevel=warn").matchAll(/EBADENGINE\s+package: '([^']+)'/g)].map((m) => m[1]!);
    const unexpected = warned.filter((pkg) => !SAFE_ON_NODE_20.some((safe) => safe.test(pkg)));
    expect(unexpected, "their engines reject this Node: check them, then document them in the ADR").toEqual([]);
    // The check above really sees the warning it filters (on Node 20, kysely's).
    if (process.versions.node.startsWith("20.")) expect(warned.some((pkg) => pkg.startsWith("kysely@0.29."))).toBe(true);
  });
});
