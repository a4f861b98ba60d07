/**
 * `npm run cli -- <command>`: the operators' commands (CONTRACT.md). Each one
 * calls the same query and domain modules as the app. Bad input exits non-zero
 * with a one-line reason.
 */
import { parseArgs } from "node:util";
import { migrateToLatest } from "../db/migrate";
import { openDatabase } from "../db/client";
import { getConfig } from "../core/platform/config";
import { createApiKeyCommand, createUserCommand } from "./commands/accounts";
import { backupDatabase } from "./commands/backup";
import { setUpDemoProvince } from "./commands/demo";
import { demoSeedCommand } from "./commands/demo-history";
import { findFirstChainBreak } from "../db/queries/tip-events";
import { runRetention } from "../core/retention";
import { exportTips, parseSince } from "./commands/tips";
import { importBoundaries, importUnits } from "./commands/units";
import { exportPlacesCsv, importPlacesFile } from "./commands/places";
import { formatHotspots, listHotspots, parseHotspotOptions } from "./commands/hotspots";
import { readStdin, withDatabase } from "./context";
import { rebuildSummaries } from "../db/queries/summaries";
import { CliError } from "./errors";

type Handler = (args: string[]) => Promise<void>;

const say = (line: string) => process.stdout.write(line + "\n");

function options<T extends Record<string, { type: "string" | "boolean"; multiple?: boolean }>>(args: string[], spec: T) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message.split("\n")[0]);
  }
}

const COMMANDS: Record<string, Handler> = {
  "db migrate": async () => {
    const config = getConfig();
    const database = openDatabase(config.DATABASE_URL);
    try {
      const applied = await migrateToLatest(database.db);
      say(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database is up to date");
    } finally {
      await database.close();
    }
  },

  "units import": async (args) => {
    const { values } = options(args, { province: { type: "string" } });
    await withDatabase(async ({ db }) => {
      const { totals, prepared } = await importUnits(db, values.province);
      say(`units: ${totals.provinces} provinces, ${totals.wards} wards, ${totals.special} special units; ${totals.mappings} ward mappings`);
      say(`skipped in source: ${prepared.emptyRows} empty rows, ${prepared.duplicates} duplicate mappings, ${prepared.unknownNewWard} unknown new wards; ${prepared.recoveredByName} recovered by name`);
    });
  },

  "units import-boundaries": async (args) => {
    const { positionals } = options(args, {});
    const file = positionals[0];
    if (!file) throw new CliError("usage: units import-boundaries FILE.geojson");
    await withDatabase(async ({ db }) => say(`boundaries: ${await importBoundaries(db, file)} wards updated`));
  },

  "places import": async (args) => {
    const { positionals } = options(args, {});
    const file = positionals[0];
    if (!file) throw new CliError("usage: places import FILE.csv");
    await withDatabase(async ({ db }) => {
      const { total, created, updated } = await importPlacesFile(db, file);
      say(`places: ${total} lines imported (${created} new, ${updated} updated)`);
    });
  },

  "places export": async (args) => {
    const { values } = options(args, { province: { type: "string" } });
    await withDatabase(async ({ db }) => {
      process.stdout.write(await exportPlacesCsv(db, values.province));
    });
  },

  "user create": async (args) => {
    const { values } = options(args, {
      email: { type: "string" }, name: { type: "string" }, role: { type: "string" },
      unit: { type: "string", multiple: true }, province: { type: "string" }, national: { type: "boolean" },
    });
    let password: string;
    try {
      password = await readStdin();
    } catch {
      throw new CliError("pipe the password on standard input, e.g. echo \"$PASSWORD\" | npm run cli -- user create …");
    }
    await withDatabase(async ({ db }) => {
      const id = await createUserCommand(db, {
        email: values.email, name: values.name, role: values.role, units: values.unit ?? [], province: values.province, national: values.national, password,
      });
      say(`user ${id} created: ${values.email} (${values.role})`);
    });
  },

  "apikey create": async (args) => {
    const { values } = options(args, { name: { type: "string" }, channel: { type: "string" }, "rate-limit": { type: "string" } });
    await withDatabase(async ({ db }) => {
      const { id, key } = await createApiKeyCommand(db, { name: values.name, channel: values.channel, rateLimit: values["rate-limit"] });
      say(`api key ${id} created for "${values.name}" (${values.channel}); it is shown once, store it now:`);
      say(key);
    });
  },

  "tips export": async (args) => {
    const { values } = options(args, { format: { type: "string" }, since: { type: "string" } });
    const since = parseSince(values.since);
    await withDatabase(async ({ db }) => {
      await exportTips(db, process.stdout, { format: values.format ?? "jsonl", since });
    });
  },

  hotspots: async (args) => {
    const { values, positionals } = options(args, { province: { type: "string" }, at: { type: "string" }, format: { type: "string" } });
    if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"; usage: hotspots [--province CODE] [--at ISO] [--format jsonl|table]`);
    const parsed = parseHotspotOptions(values, new Date());
    await withDatabase(async ({ db }) => {
      process.stdout.write(formatHotspots(await listHotspots(db, parsed), parsed.format));
    });
  },

  "demo setup": async () => {
    await withDatabase(async ({ db }, config) => {
      if (config.DEMO_SEED === "never") return say("demo setup skipped (DEMO_SEED=never)");
      for (const line of await setUpDemoProvince(db, config.DATA_DIR)) say(line);
    });
  },

  "audit verify": async () => {
    await withDatabase(async ({ db }) => {
      const result = await findFirstChainBreak(db);
      if (result.break) {
        const b = result.break;
        throw new CliError(`audit trail broken at event ${b.eventId} of tip ${b.tipId} (${b.reason}); ${result.checked} events checked`);
      }
      say(`audit trail intact: ${result.checked} events checked`);
    });
  },

  "retention purge": async (args) => {
    const { values } = options(args, { days: { type: "string" } });
    await withDatabase(async ({ db }, config) => {
      const days = values.days === undefined ? config.RETENTION_DAYS : Number(values.days);
      if (!Number.isInteger(days) || days < 1) throw new CliError("--days must be a whole number of days, 1 or more");
      const result = await runRetention(db, { dataDir: config.DATA_DIR, days });
      say(`retention: erased the content of ${result.tips} closed, non-valuable tips older than ${days} days (${result.photoFiles} photos); removed ${result.orphanFiles} photo files no tip refers to`);
    });
  },

  "demo seed": async (args) => {
    const { values } = options(args, { tips: { type: "string" }, "on-start": { type: "boolean" } });
    await withDatabase(async ({ db }, config) => {
      const tips = values.tips === undefined ? undefined : Number(values.tips);
      for (const line of await demoSeedCommand(db, config, { onStart: !!values["on-start"], tips }, say)) say(line);
    });
  },

  "oversight rebuild": async () => {
    await withDatabase(async ({ db }) => {
      const started = Date.now();
      const { days } = await rebuildSummaries(db);
      say(`oversight figures rebuilt: ${days} days in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  },

  backup: async (args) => {
    const { positionals } = options(args, {});
    const file = positionals[0];
    if (!file) throw new CliError("usage: backup FILE");
    await withDatabase(async (database) => {
      const { pages } = await backupDatabase(database, file);
      say(`backup written to ${file} (${pages} pages)`);
    });
  },
};

function findCommand(argv: string[]): { handler: Handler; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    if (Object.hasOwn(COMMANDS, name)) return { handler: COMMANDS[name], rest: argv.slice(words) };
  }
  return null;
}


async function main(argv: string[]) {
  const found = findCommand(argv);
  if (!found) {
    throw new CliError(`unknown command "${argv.join(" ")}"; commands: ${Object.keys(COMMANDS).join(", ")}`);
  }
  await found.handler(found.rest);
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`tinbao: ${err instanceof CliError ? err.message : `error: ${err.message.split("\n")[0]}`}\n`);
  process.exit(1);
});
