/** Types of test-files.mjs (plain JavaScript: scripts/test.mjs runs before anything is compiled). */
export function postgresTestFiles(): { files: string[]; leftOut: string[] };
