/**
 * The tip page's actions, one per `intent`. Each is validated with its own zod
 * schema (errors per field, as translation keys), checks the officer's scope in
 * the query that changes the tip, writes the audit trail in the same
 * transaction (db/queries/staff-tips.ts, clusters.ts, cases.ts) and tells the
 * unit's live queue.
 */
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { closeRefusal } from "../../../domain/tip-lifecycle";
import { normalizeText } from "../../../domain/text";
import { linkTipToCase } from "../../../db/queries/cases";
import { fileIdentityRequest } from "../../../db/queries/identity-requests";
import { mergeGroupIntoGroupOf, mergeTipIntoClusterOf, splitTipFromCluster } from "../../../db/queries/clusters";
import {
  askTipster, claimTip, closeTip, markTipValuable, recordIdentityView, rerouteTip,
} from "../../../db/queries/staff-tips";
import { announce } from "~/components/staff/staff.server";
import { notifyTipEvent } from "../../../core/notifications";
import { decideExtension, requestExtension } from "../../../core/escalation";
import type { StaffUser } from "~/utils/auth.server";
import type { UnitScope } from "../../../db/queries/scope";
import { findTipOwner, findTipState } from "../../../db/queries/tips";
import { getApprovalScope } from "~/utils/auth.server";
import { openIdentity, type ReporterIdentity } from "../../../core/platform/crypto";
import { tooLong, tooShort } from "~/components/staff/error-keys";

const text = (min: number, max: number) =>
  z.string({ required_error: "required" }).transform((v) => normalizeText(v)).pipe(z.string().min(min, min <= 1 ? "required" : tooShort(min)).max(max, tooLong(max)));

export const TIP_ACTIONS = {
  claim: z.object({}),
  valuable: z.object({ valuable: z.enum(["1", "0"], { required_error: "chooseOne", invalid_type_error: "chooseOne" }), reason: text(3, 1000) }),
  reroute: z.object({ toUnit: z.string({ required_error: "required" }).min(1, "required").max(40, "tooLong"), reason: text(3, 1000) }),
  merge: z.object({ targetTipId: z.coerce.number({ invalid_type_error: "tipNumber" }).int("tipNumber").positive("tipNumber") }),
  mergeGroup: z.object({ groupTargetTipId: z.coerce.number({ invalid_type_error: "tipNumber" }).int("tipNumber").positive("tipNumber") }),
  split: z.object({ reason: text(3, 1000) }),
  linkCase: z.object({ caseId: z.coerce.number({ invalid_type_error: "chooseOne" }).int("chooseOne").positive("chooseOne") }),
  close: z.object({}),
  message: z.object({ body: text(2, 4000) }),
  requestIdentity: z.object({ reason: text(10, 500) }),
  reveal: z.object({}),
  // An extension is a request a supervisor or the unit's head decides (docs/decisions/0072-escalation.md).
  extend: z.object({
    newDate: z.string({ required_error: "required" }).max(10, "notADate").regex(/^\d{4}-\d{2}-\d{2}$/, "notADate"),
    reason: text(3, 1000),
  }),
  decideExtension: z.object({
    requestId: z.coerce.number({ invalid_type_error: "invalid" }).int("invalid").positive("invalid").max(Number.MAX_SAFE_INTEGER, "invalid"),
    decision: z.enum(["approve", "refuse"], { required_error: "chooseOne", invalid_type_error: "chooseOne" }),
    note: text(2, 1000),
  }),
} as const;

export type TipIntent = keyof typeof TIP_ACTIONS;

export type TipActionResult = {
  intent: TipIntent | null;
  ok: boolean;
  errors?: Record<string, string[]>;
  /** Why a valid request changed nothing (translation key under tip.problems). */
  problem?: string;
  identity?: ReporterIdentity;
};

function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

type Ctx = Pick<AppLoadContext, "db" | "redis" | "config">;

export async function runTipAction(context: Ctx, user: StaffUser, scope: UnitScope, tipId: number, form: FormData): Promise<TipActionResult> {
  const intentValue = form.get("intent");
  if (typeof intentValue !== "string" || !(intentValue in TIP_ACTIONS)) return { intent: null, ok: false, problem: "unknown" };
  const intent = intentValue as TipIntent;
  const parsed = TIP_ACTIONS[intent].safeParse(Object.fromEntries(form));
  if (!parsed.success) return { intent, ok: false, errors: fieldErrors(parsed.error) };
  const input = parsed.data as Record<string, unknown>;
  const actor = { userId: user.id, scope, at: new Date().toISOString() };
  const db = context.db;
  const unitOf = () => findTipOwner(db, tipId);
  const done = async (ok: boolean, problem = "stale") => {
    if (ok) await announce(context, [await unitOf()], tipId, intent);
    return ok ? { intent, ok } : { intent, ok, problem };
  };

  switch (intent) {
    case "claim":
      return done(await claimTip(db, tipId, actor));
    case "valuable":
      return done(await markTipValuable(db, tipId, { valuable: input.valuable === "1", reason: input.reason as string }, actor));
    case "reroute": {
      const moved = await rerouteTip(db, tipId, { toUnit: input.toUnit as string, reason: input.reason as string }, actor,
        (trx) => notifyTipEvent(trx, tipId, { kind: "tip_rerouted", at: actor.at }, actor.at));
      if (!moved) return { intent, ok: false, errors: { toUnit: ["unitUnavailable"] } };
      await announce(context, [moved.fromUnit, input.toUnit as string], tipId, "rerouted");
      return { intent, ok: true };
    }
    case "merge": {
      const outcome = await mergeTipIntoClusterOf(db, tipId, input.targetTipId as number, actor);
      if (outcome === "not-found") return { intent, ok: false, errors: { targetTipId: ["tipNotVisible"] } };
      if (outcome === "same-cluster") return { intent, ok: false, errors: { targetTipId: ["sameCluster"] } };
      return done(true);
    }
    case "mergeGroup": {
      const merged = await mergeGroupIntoGroupOf(db, tipId, input.groupTargetTipId as number, actor);
      if (merged.outcome === "not-found") return { intent, ok: false, errors: { groupTargetTipId: ["tipNotVisible"] } };
      if (merged.outcome === "same-cluster") return { intent, ok: false, errors: { groupTargetTipId: ["sameCluster"] } };
      return done(true);
    }
    case "split":
      return done(await splitTipFromCluster(db, tipId, input.reason as string, actor), "notInCluster");
    case "linkCase": {
      const outcome = await linkTipToCase(db, input.caseId as number, tipId, actor);
      if (outcome === "not-found") return { intent, ok: false, errors: { caseId: ["caseNotVisible"] } };
      return { intent, ok: true, problem: outcome === "already" ? "alreadyLinked" : undefined };
    }
    case "close": {
      const tip = await findTipState(db, tipId);
      if (tip && closeRefusal(tip) === "decideValueFirst") return { intent, ok: false, problem: "decideValueFirst" };
      return done(await closeTip(db, tipId, actor));
    }
    case "message":
      return done((await askTipster(db, tipId, input.body as string, actor)) !== null);
    case "requestIdentity": {
      const filed = await fileIdentityRequest(db, tipId, input.reason as string, actor);
      if (!filed.ok) return { intent, ok: false, problem: filed.problem === "alreadyOpen" ? "identityRequestOpen" : "noIdentity" };
      // Custodians watching the unit's queue see a request is waiting (ids only, never the reason).
      await announce(context, [filed.unitCode], tipId, "identity_requested");
      return { intent, ok: true };
    }
    case "reveal": {
      // Only with an approved, unexpired request of this officer; decrypted here, for this response alone.
      const sealed = await recordIdentityView(db, tipId, actor);
      if (!sealed) return { intent, ok: false, problem: "identityNotApproved" };
      return { intent, ok: true, identity: openIdentity(sealed, context.config.DATA_KEY) };
    }
    case "extend": {
      const filed = await requestExtension(db, tipId, { newDay: input.newDate as string, reason: input.reason as string }, actor);
      if (!filed.ok && "field" in filed) return { intent, ok: false, errors: { [filed.field]: [filed.error] } };
      if (!filed.ok) return { intent, ok: false, problem: filed.problem };
      await announce(context, [filed.unitCode], tipId, "extension_requested");
      return { intent, ok: true };
    }
    case "decideExtension":
      // Not an owner's action: decided through runExtensionDecision, by approvers.
      return { intent, ok: false, problem: "unknown" };
  }
}

/**
 * An approver's decision on an extension request of this tip: a supervisor of its
 * province or a head of its unit, never the requester. Outside the approver's scope:
 * `notFound` (the route answers 404).
 */
export async function runExtensionDecision(context: Ctx, user: StaffUser, tipId: number, form: FormData): Promise<TipActionResult & { notFound?: true }> {
  const intent = "decideExtension" as const;
  const parsed = TIP_ACTIONS.decideExtension.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { intent, ok: false, errors: fieldErrors(parsed.error) };
  const approver = { userId: user.id, scope: await getApprovalScope(context.db, user), at: new Date().toISOString() };
  const decided = await decideExtension(context.db, parsed.data.requestId, { approve: parsed.data.decision === "approve", note: parsed.data.note }, approver);
  if (!decided.ok) return decided.problem === "notFound" ? { intent, ok: false, notFound: true } : { intent, ok: false, problem: decided.problem };
  if (decided.tipId !== tipId) return { intent, ok: false, notFound: true };
  await announce(context, [decided.unitCode], tipId, "extension_decided");
  return { intent, ok: true };
}
