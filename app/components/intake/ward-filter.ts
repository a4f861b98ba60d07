/**
 * Finding a commune or ward by what a resident types, with or without Vietnamese
 * marks ("hoa khanh" finds "Phường Hòa Khánh"). Pure: the server filters with it
 * when JavaScript is off, the browser as the resident types.
 */
import { foldVietnamese } from "../../../domain/text";

export interface WardChoice {
  code: string;
  name: string;
}

const UNIT_PREFIX = /^(xa|phuong|dac khu|thi tran|thi xa)\s+/;

export function filterWards<T extends WardChoice>(wards: readonly T[], query: string): T[] {
  const folded = foldVietnamese(query).replace(/[^a-z0-9 ]/g, " ").replace(/\s+/g, " ").trim();
  const wanted = folded.replace(UNIT_PREFIX, "");
  if (!wanted) return [...wards];
  const tokens = wanted.split(" ");
  const starts: T[] = [];
  const contains: T[] = [];
  for (const ward of wards) {
    const name = foldVietnamese(ward.name).replace(UNIT_PREFIX, "");
    if (name.startsWith(wanted)) starts.push(ward);
    else if (tokens.every((t) => name.includes(t))) contains.push(ward);
  }
  return [...starts, ...contains];
}
