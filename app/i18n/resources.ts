/**
 * Every translation, bundled (no fetch at run time). One namespace per area;
 * each English file is typed against its Vietnamese twin so no key is missed.
 */
import { common as enCommon } from "./en/common";
import { common as viCommon } from "./vi/common";

export const resources = {
  vi: { common: viCommon },
  en: { common: enCommon },
};
