/** Everything the tip page shows, gathered for one officer or supervisor within their scope. */
import type { AppLoadContext } from "@remix-run/node";
import { daysLeft } from "../../../domain/deadline";
import { listCasesOfTip, listRecentCases } from "../../../db/queries/cases";
import { listMessages } from "../../../db/queries/messages";
import {
  findTipForStaff, findUnitsByCode, listClusterPeers, listClusterReasons, listDeadlineExtensions, listRerouteTargets,
  listTipPhotos, userNames,
} from "../../../db/queries/staff-tips";
import { listTipEvents } from "../../../db/queries/tip-events";
import { categoryLabels } from "~/components/staff/staff.server";
import { projectWard } from "~/components/staff/ward-map";
import type { StaffUser } from "~/utils/auth.server";

/** Art. 147(2)–(3): two months, then at most two more. */
export const MAX_EXTENSION_DAYS = 120;

export async function loadTipPage(context: Pick<AppLoadContext, "db">, user: StaffUser, units: string[], tipId: number) {
  const db = context.db;
  const tip = await findTipForStaff(db, tipId, units);
  if (!tip) return null;
  const now = new Date().toISOString();

  const [photos, events, messages, extensions, cases, labels, cluster, ownReasons, sourceOrg] = await Promise.all([
    listTipPhotos(db, tipId),
    listTipEvents(db, tipId),
    listMessages(db, tipId),
    listDeadlineExtensions(db, tipId),
    listCasesOfTip(db, tipId, units),
    categoryLabels(db),
    tip.clusterId !== null ? listClusterPeers(db, tip.clusterId, tipId, units) : Promise.resolve({ visible: [], hidden: 0 }),
    listClusterReasons(db, [tipId]),
    tip.sourceOrgCode
      ? db.selectFrom("source_orgs").select(["name_vi", "name_en"]).where("code", "=", tip.sourceOrgCode).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const peerReasons = await listClusterReasons(db, cluster.visible.map((p) => p.id));

  // Every unit the page names: the tip's, its place, the candidates, the trail's.
  const unitCodes = new Set<string>([tip.unitCode, tip.wardCode, tip.locationWardCode, ...tip.resolveCandidates].filter((c): c is string => !!c));
  for (const e of events) for (const key of ["unitCode", "fromUnit", "toUnit"]) if (typeof e.data[key] === "string") unitCodes.add(e.data[key] as string);
  for (const p of cluster.visible) if (p.wardCode) unitCodes.add(p.wardCode);
  // Similarity reasons name wards by code ("same ward 20275").
  for (const r of [...ownReasons, ...peerReasons]) for (const reason of r.reasons) for (const code of reason.match(/\b\d{5}\b/g) ?? []) unitCodes.add(code);
  const places = await findUnitsByCode(db, [...unitCodes]);
  const unitNames = Object.fromEntries(places.map((u) => [u.code, u.name]));
  const ward = places.find((u) => u.code === tip.wardCode) ?? null;
  const point = tip.locationLat !== null && tip.locationLng !== null ? { lat: tip.locationLat, lng: tip.locationLng } : null;

  const names = await userNames(db, [
    ...events.map((e) => e.actorUserId).filter((id): id is number => id !== null),
    ...messages.map((m) => m.userId).filter((id): id is number => id !== null),
  ]);

  const canAct = user.role === "officer" && tip.access === "owner";
  const provinces = [...new Set(places.filter((u) => units.includes(u.code)).map((u) => u.provinceCode))];
  const scopeProvinces = provinces.length ? provinces : [...new Set((await findUnitsByCode(db, units)).map((u) => u.provinceCode))];
  const extensionDays = extensions.reduce((sum, e) => sum + e.days, 0);

  return {
    tip: { ...tip, daysLeft: daysLeft(tip.deadlineAt, now) },
    labels,
    unitNames,
    sourceOrg: sourceOrg ? { vi: sourceOrg.name_vi, en: sourceOrg.name_en } : null,
    photos: photos.map((p) => ({ id: p.id, width: p.width, height: p.height })),
    place: {
      wardName: ward?.name ?? null,
      map: ward ? projectWard(ward.boundary, point) : null,
      candidates: tip.resolveCandidates.map((code) => ({ code, name: unitNames[code] ?? code })),
    },
    cluster: {
      size: tip.clusterSize,
      hidden: cluster.hidden,
      ownReasons,
      peers: cluster.visible.map((p) => ({
        ...p,
        wardName: p.wardCode ? unitNames[p.wardCode] ?? p.wardCode : null,
        reasons: peerReasons.filter((r) => r.tipId === p.id),
      })),
    },
    cases: { visible: cases.visible, hidden: cases.hidden },
    recentCases: canAct ? await listRecentCases(db, units, 50) : [],
    rerouteTargets: canAct ? (await listRerouteTargets(db, scopeProvinces)).filter((u) => u.code !== tip.unitCode) : [],
    messages: messages.map((m) => ({ id: m.id, author: m.author, body: m.body, at: m.at, by: m.userId ? names.get(m.userId) ?? null : null })),
    events: events.map((e) => ({
      id: e.id, at: e.at, actorKind: e.actorKind, type: e.type, data: e.data,
      actorName: e.actorUserId ? names.get(e.actorUserId) ?? null : null,
    })),
    extensions,
    extensionDaysLeft: Math.max(0, MAX_EXTENSION_DAYS - extensionDays),
    canAct,
    claimedByMe: tip.claimedBy === user.id,
  };
}
