/**
 * Every translation, bundled (no fetch at run time). One namespace per area;
 * each English file is typed against its Vietnamese twin so no key is missed.
 */
import { common as enCommon } from "./en/common";
import { common as viCommon } from "./vi/common";
import { intake as enIntake } from "./en/intake";
import { intake as viIntake } from "./vi/intake";
import { staff as enStaff } from "./en/staff";
import { staff as viStaff } from "./vi/staff";
import { admin as enAdmin } from "./en/admin";
import { admin as viAdmin } from "./vi/admin";
import { oversight as enOversight } from "./en/oversight";
import { oversight as viOversight } from "./vi/oversight";

export const resources = {
  vi: { common: viCommon, intake: viIntake, staff: viStaff, admin: viAdmin, oversight: viOversight },
  en: { common: enCommon, intake: enIntake, staff: enStaff, admin: enAdmin, oversight: enOversight },
};
