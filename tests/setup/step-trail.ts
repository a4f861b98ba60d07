/**
 * Where a long test was when it failed. A browser test that times out says only "Test
 * timed out in 120000ms"; one that marks its steps with `step("…")` also prints, on
 * failure, each step it reached with the milliseconds since the test began — so a
 * hang seen once in a full CI run names the step that hung. Nothing is printed for a
 * test that passes. Registered for every file (vitest.config.ts setupFiles).
 */
import { beforeEach } from "vitest";

interface Mark {
  label: string;
  at: number;
}

let trail: Mark[] = [];
let started = 0;

/** Marks the start of a step of the running test. */
export function step(label: string): void {
  trail.push({ label, at: performance.now() });
}

/** The steps reached so far, as printed on failure (exported for its own test). */
export function formatTrail(marks: readonly Mark[], start: number, end: number): string {
  if (marks.length === 0) return "";
  const lines = marks.map((m, i) => {
    const until = marks[i + 1]?.at ?? end;
    return `  +${Math.round(m.at - start)} ms  ${m.label}  (${Math.round(until - m.at)} ms${i === marks.length - 1 ? ", not finished" : ""})`;
  });
  return `steps reached:\n${lines.join("\n")}`;
}

beforeEach(({ onTestFailed, task }) => {
  trail = [];
  started = performance.now();
  onTestFailed(() => {
    const text = formatTrail(trail, started, performance.now());
    if (text) process.stderr.write(`\n[${task.name}] ${text}\n`);
  });
});
