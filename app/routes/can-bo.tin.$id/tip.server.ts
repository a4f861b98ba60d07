/** Everything the tip page shows, gathered for one officer or supervisor within their scope. */
import type { AppLoadContext } from "@remix-run/node";
import { daysLeft, deadlineDay, extensionDaysLeft } from "../../../domain/deadline";
import { listExtensionRequestsOfTip } from "../../../db/queries/extension-requests";
import { wardAdjacency, type WardFeature } from "../../../domain/geo";
import { listCasesOfTip, listRecentCases } from "../../../db/queries/cases";
import { findLatestIdentityRequest } from "../../../db/queries/identity-requests";
import { listMessages } from "../../../db/queries/messages";
import {
  findTipForStaff, listClusterMemberships, listClusterPeers, listDeadlineExtensions, listRerouteTargets,
  listTipPhotos,
} from "../../../db/queries/staff-tips";
import { findSourceOrgName } from "../../../db/queries/source-orgs";
import { userNames } from "../../../db/queries/users";
import { findTipsWithEntity, listTipEntities } from "../../../db/queries/tip-entities";
import { listTipEvents } from "../../../db/queries/tip-events";
import { listedUnits, scopeIncludes, type UnitScope } from "../../../db/queries/scope";
import { findUnitBoundary, findUnits, listWardsInBox } from "../../../db/queries/units";
import { asReason, similarityOf, unitCodesOf } from "~/components/staff/audit-sentences";
import { categoryLabels } from "~/components/staff/staff.server";
import { mapBounds, projectWardMap, type MapWard } from "~/components/staff/ward-map";
import { getApprovalScope, type StaffUser } from "~/utils/auth.server";

function identityRequestState(request: Awaited<ReturnType<typeof findLatestIdentityRequest>>, now: Date) {
  if (!request) return null;
  const expired = request.status === "approved" && (!request.expiresAt || request.expiresAt <= now.toISOString());
  return { ...request, status: expired ? ("expired" as const) : request.status };
}

/** Tips listed per identifier in the linked-tips box; the search by identifier lists the rest. */
export const LINKED_TIPS_LISTED = 20;

export async function loadTipPage(context: Pick<AppLoadContext, "db">, user: StaffUser, scope: UnitScope, tipId: number) {
  const db = context.db;
  const tip = await findTipForStaff(db, tipId, scope);
  if (!tip) return null;
  const now = new Date().toISOString();

  const [photos, events, messages, extensions, cases, labels, cluster, sourceOrg, entities] = await Promise.all([
    listTipPhotos(db, tipId),
    listTipEvents(db, tipId),
    listMessages(db, tipId),
    listDeadlineExtensions(db, tipId),
    listCasesOfTip(db, tipId, scope),
    categoryLabels(db),
    tip.clusterId !== null ? listClusterPeers(db, tip.clusterId, tipId, scope) : Promise.resolve({ visible: [], hidden: 0 }),
    tip.sourceOrgCode
      ? findSourceOrgName(db, tip.sourceOrgCode)
      : Promise.resolve(null),
    listTipEntities(db, tipId),
  ]);
  // Issue 13, item 3: the same account, number or plate in other tips, across wards and months.
  const linked = await Promise.all(entities.map((entity) => findTipsWithEntity(db, entity, scope, { limit: LINKED_TIPS_LISTED, exceptTipId: tipId })));
  // Why this tip and each member shown is in the group (issue 13, item 5): their latest clustering events.
  const memberships = await listClusterMemberships(db, [tipId, ...cluster.visible.map((p) => p.id)]);

  // Every unit the page names: the tip's, its place, the candidates, the trail's and the similarity reasons'.
  const unitCodes = new Set<string>([tip.unitCode, tip.wardCode, tip.locationWardCode, ...tip.resolveCandidates].filter((c): c is string => !!c));
  for (const e of events) for (const code of unitCodesOf(e)) unitCodes.add(code);
  for (const p of cluster.visible) if (p.wardCode) unitCodes.add(p.wardCode);
  for (const r of memberships.values()) for (const code of unitCodesOf({ type: "clustered", data: { ...r } })) unitCodes.add(code);
  const places = await findUnits(db, [...unitCodes]);
  const unitNames = Object.fromEntries(places.map((u) => [u.code, u.name]));
  const ward = tip.wardCode ? await findUnitBoundary(db, tip.wardCode) : null;
  const point = tip.locationLat !== null && tip.locationLng !== null ? { lat: tip.locationLat, lng: tip.locationLng } : null;
  const map = ward ? await wardMap(db, ward, point) : null;

  const names = await userNames(db, [
    ...events.map((e) => e.actorUserId).filter((id): id is number => id !== null),
    ...messages.map((m) => m.userId).filter((id): id is number => id !== null),
    ...[...memberships.values()].map((m) => m.actorUserId).filter((id): id is number => id !== null),
  ]);
  const whyInGroup = (id: number) => {
    const m = memberships.get(id);
    if (!m) return null;
    return {
      type: m.type, at: m.at, by: m.actorUserId ? names.get(m.actorUserId) ?? null : null,
      matchedTipId: m.matchedTipId, withTipId: m.withTipId,
      evidence: similarityOf({ evidence: m.evidence, reasons: m.reasons }), support: asReason(m.membership),
    };
  };

  const canAct = user.role === "officer" && tip.access === "owner";
  const provinces = [...new Set(places.filter((u) => scopeIncludes(scope, u.code)).map((u) => u.provinceCode))];
  const scopeProvinces = provinces.length ? provinces : [...new Set((await findUnits(db, listedUnits(scope))).map((u) => u.provinceCode))];
  const extensionDays = extensions.reduce((sum, e) => sum + e.days, 0);

  return {
    tip: { ...tip, daysLeft: daysLeft(tip.deadlineAt, now) },
    labels,
    unitNames,
    sourceOrg,
    photos: photos.map((p) => ({ id: p.id, width: p.width, height: p.height })),
    place: {
      wardName: ward?.name ?? null,
      map: map?.geometry ?? null,
      neighbours: map?.neighbours ?? [],
      candidates: tip.resolveCandidates.map((code) => ({ code, name: unitNames[code] ?? code })),
    },
    cluster: {
      size: tip.clusterSize,
      hidden: cluster.hidden,
      why: whyInGroup(tipId),
      peers: cluster.visible.map((p) => ({
        ...p,
        wardName: p.wardCode ? unitNames[p.wardCode] ?? p.wardCode : null,
        why: whyInGroup(p.id),
      })),
    },
    linked,
    cases: { visible: cases.visible, hidden: cases.hidden },
    recentCases: canAct ? await listRecentCases(db, scope, 50) : [],
    rerouteTargets: canAct ? (await listRerouteTargets(db, scopeProvinces)).filter((u) => u.code !== tip.unitCode) : [],
    messages: messages.map((m) => ({ id: m.id, author: m.author, body: m.body, at: m.at, by: m.userId ? names.get(m.userId) ?? null : null })),
    events: events.map((e) => ({
      id: e.id, at: e.at, actorKind: e.actorKind, type: e.type, data: e.data,
      actorName: e.actorUserId ? names.get(e.actorUserId) ?? null : null,
    })),
    extensions,
    extensionDaysLeft: extensionDaysLeft(extensionDays),
    // Extension requests (docs/decisions/0072-escalation.md): the pending one and those decided; who may decide.
    extensionRequests: await listExtensionRequestsOfTip(db, tipId, scope),
    canDecideExtension: tip.unitCode !== null && scopeIncludes(await getApprovalScope(db, user), tip.unitCode),
    deadlineDay: deadlineDay(tip.deadlineAt),
    canAct,
    claimedByMe: tip.claimedBy === user.id,
    viewerId: user.id,
    // The officer's own identity request (issue 18, item 13); an approval past its time reads as expired.
    identityRequest: canAct && tip.identified ? identityRequestState(await findLatestIdentityRequest(db, tipId, user.id), new Date()) : null,
  };
}

/** The ward drawn among the wards around it, and the names of those that border it (for the caption and screen readers). */
async function wardMap(db: AppLoadContext["db"], ward: MapWard, point: { lat: number; lng: number } | null) {
  const bounds = mapBounds(ward.boundary, point);
  if (!bounds) return null;
  const around = (await listWardsInBox(db, bounds)).filter((w) => w.code !== ward.code);
  const geometry = projectWardMap(ward, around, point);
  if (!geometry) return null;
  const features: WardFeature[] = [ward, ...around].map((w) => ({ code: w.code, geometry: JSON.parse(w.boundary!) as WardFeature["geometry"] }));
  const touching = wardAdjacency(features).get(ward.code) ?? new Set<string>();
  return { geometry, neighbours: around.filter((w) => touching.has(w.code)).map((w) => w.name) };
}
