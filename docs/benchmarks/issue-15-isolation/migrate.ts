import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
const handle = openDatabase(`file:${process.argv[2]}`);
console.log("migrated:", (await migrateToLatest(handle.db)).join(", ") || "nothing");
await handle.close();
