/**
 * The layers (docs/decisions/0063-the-core-layer.md), checked on the import graph:
 * every `from "…"`, `import "…"` and `import("…")` of every source file, resolved
 * to the top-level folder it reaches. A process's entry folder never reaches into
 * another process's folder; core/, db/ and domain/ never reach an entry point;
 * domain/ stays pure (no I/O).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const LAYERS = ["app", "server", "workers", "cli", "core", "db", "domain"] as const;
type Layer = (typeof LAYERS)[number];

/** Which folders a layer must not import from. */
const FORBIDDEN: Record<Layer, Layer[]> = {
  app: ["workers", "cli"],
  server: ["workers", "cli"],
  workers: ["app", "server", "cli"],
  cli: ["app", "server"],
  core: ["app", "server", "workers", "cli"],
  db: ["app", "server", "workers", "cli", "core"],
  domain: ["app", "server", "workers", "cli", "core", "db"],
};

/**
 * What domain/ may import besides itself: packages that do no I/O. Add one here
 * only if it reads no file, network, database or clock of its own.
 */
const DOMAIN_PACKAGES = new Set([
  "node:crypto", // random receipt digits and hashes only
  "geojson", "flatbush", "d3-geo", "d3-scale", "d3-shape", "@turf/boolean-point-in-polygon",
]);

/**
 * Imports that break a rule today and are being moved, each with who removes it.
 * Keep this list short: a new entry needs a name and a reason.
 */
const KNOWN_VIOLATIONS = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mjs)$/.test(e.name) && !/\.d\.ts$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

const SPECIFIER = /\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

/** Every module `file` imports: repo-relative paths for our files, package names otherwise. */
export function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec.startsWith("~/")) found.push(path.join("app", spec.slice(2)));
    else if (spec.startsWith(".")) found.push(path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec)));
    else found.push(spec);
  }
  return found;
}

function layerOf(repoPath: string): Layer | null {
  const top = repoPath.split(path.sep)[0];
  return (LAYERS as readonly string[]).includes(top) ? (top as Layer) : null;
}

/** `a.ts -> b.ts` for every import of `files` that crosses a forbidden boundary. */
function violationsIn(files: Array<{ file: string; text: string }>): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    const layer = layerOf(file);
    if (!layer) continue;
    for (const target of importsOf(file, text)) {
      const targetLayer = layerOf(target);
      const bad = targetLayer ? FORBIDDEN[layer].includes(targetLayer) : layer === "domain" && !DOMAIN_PACKAGES.has(target);
      if (bad) found.push(`${file} -> ${withExtension(target)}`);
    }
  }
  return found;
}

function violations(): string[] {
  return violationsIn(LAYERS.flatMap(sourceFiles).map((file) => ({ file, text: readFileSync(path.join(ROOT, file), "utf8") })));
}

function withExtension(target: string): string {
  if (!layerOf(target)) return target;
  for (const ext of ["", ".ts", ".tsx", "/index.ts"]) {
    try {
      readFileSync(path.join(ROOT, target + ext));
      return target + ext;
    } catch {
      // not this one
    }
  }
  return target;
}

describe("layers", () => {
  it("no import crosses a forbidden boundary, beyond the known ones being moved", () => {
    expect(violations().filter((v) => !KNOWN_VIOLATIONS.has(v))).toEqual([]);
  });

  it("every known violation still exists (remove an entry once its import is gone)", () => {
    const now = new Set(violations());
    expect([...KNOWN_VIOLATIONS].filter((v) => !now.has(v))).toEqual([]);
  });

  it("finds an import of each kind it checks", () => {
    expect(importsOf("workers/x.ts", 'import { a } from "../app/utils/y.server";')).toEqual(["app/utils/y.server"]);
    expect(importsOf("app/routes/x.tsx", 'import {\n  b,\n} from "~/utils/z.server";')).toEqual(["app/utils/z.server"]);
    expect(importsOf("cli/x.ts", 'const m = await import("../server/app");\nimport "../workers/side";')).toEqual(["server/app", "workers/side"]);
  });

  it("reports a forbidden import", () => {
    expect(violationsIn([
      { file: "workers/x.ts", text: 'import { getConfig } from "../app/utils/y.server";' },
      { file: "app/routes/x.tsx", text: 'import { a } from "../../workers/intake";' },
      { file: "db/queries/x.ts", text: 'import { b } from "../../core/receipts";' },
      { file: "domain/x.ts", text: 'import { readFileSync } from "node:fs";\nimport { c } from "./text";' },
      { file: "server/x.ts", text: 'import { d } from "../app/context";\nimport { e } from "../core/platform/crypto";' },
    ])).toEqual([
      "workers/x.ts -> app/utils/y.server",
      "app/routes/x.tsx -> workers/intake.ts",
      "db/queries/x.ts -> core/receipts.ts",
      "domain/x.ts -> node:fs",
    ]);
  });
});
