/**
 * The order files start in: browser files first, then the fault files, then integration,
 * then unit — the long files first, so the run does not end on one long file while the
 * other workers idle. Vitest's own order (a file's last duration when cached, its size when
 * not, as on a fresh clone in CI) is kept within each group; vitest alone would start every
 * "postgres" file before any "sqlite" one, leaving the browser files for the end.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";
import path from "node:path";

const GROUPS = ["tests/e2e/", "tests/faults/", "tests/integration/"];

/** 0 for a browser file, 1 a fault file, 2 an integration file, 3 the rest. */
export function group(relativePath: string): number {
  const at = GROUPS.findIndex((prefix) => relativePath.startsWith(prefix));
  return at === -1 ? GROUPS.length : at;
}

export default class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = new Map(sorted.map((spec, i) => [spec, { group: group(path.relative(root, spec.moduleId)), i }]));
    return [...sorted].sort((a, b) => rank.get(a)!.group - rank.get(b)!.group || rank.get(a)!.i - rank.get(b)!.i);
  }
}
