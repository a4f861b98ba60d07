import { stringify } from "csv-stringify";
import type { Kysely } from "kysely";
import { SPREADSHEET_SAFE_CAST } from "../../domain/csv";
import { streamTipsForExport, type TipExportRow } from "../../db/queries/tips";
import type { Database } from "../../db/schema";
import { CliError } from "../errors";

const COLUMNS: Array<keyof TipExportRow> = [
  "id", "externalRef", "createdAt", "channel", "category", "status", "wardCode", "unitCode",
  "clusterId", "valuable", "caseIds", "sourceOrg", "resolveMethod",
];

export function parseSince(value: string | undefined): string | null {
  if (value === undefined) return null;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new CliError(`--since must be an ISO date or time, e.g. 2026-01-01 (got "${value}")`);
  }
  return date.toISOString();
}

/** Writes one record per tip to `out`; never the receipt hash, never identity. */
export async function exportTips(
  db: Kysely<Database>,
  out: NodeJS.WritableStream,
  options: { format: string; since: string | null },
): Promise<number> {
  if (options.format !== "jsonl" && options.format !== "csv") {
    throw new CliError(`--format must be jsonl or csv (got "${options.format}")`);
  }
  const write = (chunk: string) =>
    new Promise<void>((resolve) => (out.write(chunk) ? resolve() : out.once("drain", () => resolve())));
  let count = 0;
  if (options.format === "jsonl") {
    for await (const row of streamTipsForExport(db, options.since)) {
      await write(JSON.stringify(row) + "\n");
      count++;
    }
    return count;
  }
  const csv = stringify({ header: true, columns: COLUMNS as string[], bom: true, cast: SPREADSHEET_SAFE_CAST });
  csv.on("data", (chunk: Buffer) => out.write(chunk));
  for await (const row of streamTipsForExport(db, options.since)) {
    csv.write({ ...row, valuable: row.valuable === null ? "" : String(row.valuable), caseIds: row.caseIds.join(" ") });
    count++;
  }
  await new Promise<void>((resolve, reject) => {
    csv.on("end", resolve).on("error", reject);
    csv.end();
  });
  return count;
}
