/** The Đà Nẵng reference data (wards, mappings, boundaries) and the dev sample, read once per test file. */
import path from "node:path";
import { loadReference, readTips, sharedDataDir } from "../../scripts/eval-triage-domain";

export const dataDir = sharedDataDir();
export const reference = loadReference(dataDir);
export const devTips = () => readTips(path.join(dataDir, "tips-dev.jsonl"));
