/**
 * The browser tab's title of a page whose loader returns its translated `title`
 * ("Hàng đợi — Tin Báo"): every staff, supervisor and administrator page.
 */
import type { MetaFunction } from "@remix-run/node";

export const titleMeta: MetaFunction = ({ data }) => [{ title: `${(data as { title?: string } | undefined)?.title ?? ""} — Tin Báo` }];
