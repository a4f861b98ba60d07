/**
 * /bao-tin — the tip form. One page in six short steps, Vietnamese first, works
 * without JavaScript. On success the receipt is rendered in the response to the
 * POST itself: it never appears in a URL, a cookie or a log.
 */
import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Kysely } from "kysely";
import { listActiveCategories, listProvinces } from "../../db/queries/intake-reference";
import { listActiveSourceOrgs } from "../../db/queries/source-orgs";
import type { Database } from "../../db/schema";
import { formatReceipt } from "../../domain/receipt";
import { ReceiptView } from "~/components/intake/ReceiptView";
import { TipForm } from "~/components/intake/TipForm";
import { tipFormSchema, type TipFormValue } from "~/components/intake/tip-form-schema";
import { filterWards, type WardChoice } from "~/components/intake/ward-filter";
import { pageLanguage } from "~/components/intake/format";
import { resources } from "~/i18n/resources";
import { wardChoices } from "~/utils/ward-choices.server";
import {
  checkFormToken, claimSubmission, completeSubmission, consumeTipAllowance, HONEYPOT_FIELD, FORM_TOKEN_FIELD,
  issueFormToken, releaseSubmission, resubmissionKey,
} from "~/utils/intake-guard.server";
import type { TipLocation } from "../../core/tips";
import { acceptFormTip, checkFormReferences } from "~/utils/accept-tip.server";
import { formPhotos } from "~/utils/form-photos.server";
import { formReadFailure, PHOTO_FORM_LIMITS, readForm, readProblems } from "~/utils/request-body.server";
import { NO_STORE, noStoreHeaders } from "~/utils/no-store.server";
import { isStorageUnavailable, RETRY_AFTER_SECONDS } from "../../core/platform/storage-errors";

export const handle = { i18n: ["common", "intake"] };

/** Matches listed when searching every province at once. */
const NATIONWIDE_MATCHES = 50;
/** How long a resent form waits for the first one to finish storing. */
const PENDING_WAIT_MS = 8_000;

export const meta: MetaFunction = ({ matches }) => [{ title: `${resources[pageLanguage(matches)].intake.form.title} — Tin Báo` }];

export const headers = noStoreHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [categories, provinces, sourceOrgs] = await Promise.all([
    listActiveCategories(context.db), listProvinces(context.db), listActiveSourceOrgs(context.db),
  ]);
  const requested = new URL(request.url).searchParams.get("tinh");
  const province = provinces.some((p) => p.code === requested) ? requested : null;
  return json(
    {
      categories, provinces, sourceOrgs, province,
      wards: province ? await wardChoices(context.db, province) : null,
      formToken: issueFormToken(context.config.SESSION_SECRET),
    },
    { headers: NO_STORE },
  );
}

type FormReply = {
  kind: "form";
  result: SubmissionResult<string[]>;
  wards: WardChoice[] | null;
  /** The answer to the commune search (no JavaScript): the page returns to the place step. */
  searched?: boolean;
  formToken: string;
  retryMinutes: number | null;
};
type ReceiptReply = { kind: "receipt"; receipt: string; resent: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const { db, config, redis } = context;
  const read = await readForm(request, PHOTO_FORM_LIMITS);
  if ("problem" in read) {
    const failure = formReadFailure(read.problem);
    return json<FormReply>(
      {
        kind: "form", result: { status: "error", error: { "": [failure.error] } },
        wards: null, formToken: issueFormToken(config.SESSION_SECRET), retryMinutes: null,
      },
      { status: failure.status, headers: { ...NO_STORE, ...failure.headers } },
    );
  }
  const formData = read.formData;
  const submission = parseWithZod(formData, { schema: tipFormSchema });
  const formToken = String(formData.get(FORM_TOKEN_FIELD) ?? "");
  const wards = await pickerWards(db, String(formData.get("province") ?? ""), String(formData.get("wardQuery") ?? ""));
  const answer = (result: SubmissionResult<string[]>, status: number, extra: Partial<FormReply> = {}) =>
    json<FormReply>({ kind: "form", result, wards, formToken, retryMinutes: null, ...extra }, { status, headers: NO_STORE });

  // No status at all: the commune search (a Conform validate intent), not a submission.
  if (submission.status === undefined) return answer(submission.reply(), 200, { searched: true });
  // The references are checked now too (acceptTip checks them again), so every problem shows at once.
  const referenceErrors = await checkFormReferences(db, {
    category: String(formData.get("category") ?? ""), provinceCode: String(formData.get("province") ?? ""),
    wardCode: String(formData.get("wardCode") ?? ""), sourceOrgCode: String(formData.get("sourceOrg") ?? ""),
  });
  // Problems the schema found win; the others are added.
  const schemaErrors = submission.status === "error" ? submission.error ?? {} : {};
  const fieldErrors = Object.fromEntries(
    Object.entries({ ...readProblems(read), ...referenceErrors }).filter(([name]) => !schemaErrors[name]),
  );
  if (submission.status !== "success" || Object.keys(fieldErrors).length > 0) {
    return answer(Object.keys(fieldErrors).length ? submission.reply({ fieldErrors }) : submission.reply(), 400);
  }
  const value = submission.value;

  if (String(formData.get(HONEYPOT_FIELD) ?? "") !== "") return answer(submission.reply({ formErrors: ["form.rejected"] }), 400);
  const token = checkFormToken(formToken, config.SESSION_SECRET);
  if (token !== "ok") {
    return answer(submission.reply({ formErrors: [token === "tooFast" ? "form.tooFast" : "form.expired"] }), 400, {
      formToken: issueFormToken(config.SESSION_SECRET),
    });
  }

  // A resent form (reload, retry after a lost answer) gets the first receipt back, not a second tip.
  const guardKey = resubmissionKey(config.QUEUE_PREFIX, formToken, `${value.category}\n${value.description}`);
  let claim = await claimSubmission(redis, guardKey, config.DATA_KEY);
  for (const started = Date.now(); claim.state === "pending" && Date.now() - started < PENDING_WAIT_MS; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    claim = await claimSubmission(redis, guardKey, config.DATA_KEY);
  }
  if (claim.state === "done") return json<ReceiptReply>({ kind: "receipt", receipt: formatReceipt(claim.receipt), resent: true }, { headers: NO_STORE });
  if (claim.state === "pending") return answer(submission.reply({ formErrors: ["form.pending"] }), 409);
  const release = () => (claim.state === "new" ? releaseSubmission(redis, guardKey) : Promise.resolve());

  const wait = await consumeTipAllowance(redis, config.QUEUE_PREFIX, context.clientKey);
  if (wait !== null) {
    await release();
    return answer(submission.reply({ formErrors: ["form.rateLimited"] }), 429, { retryMinutes: Math.ceil(wait / 60) });
  }
  const photos = await formPhotos(value.photos, config.DATA_DIR);
  if ("problem" in photos) {
    await release();
    return answer(submission.reply({ fieldErrors: { photos: [`photos.${photos.problem}`] } }), 400);
  }

  try {
    const accepted = await acceptFormTip(
      { db, dataKey: config.DATA_KEY, receipts: context.receipts, uploadsDir: photos.uploadsDir },
      {
        channel: "web",
        category: value.category,
        description: value.description,
        occurredAt: value.occurredAt,
        occurredPrecision: value.occurredPrecision,
        location: locationOf(value),
        reporter: value.reporter,
        sourceOrgCode: value.sourceOrgCode,
        photos: photos.photos,
      },
    );
    if (!accepted.ok) {
      await release();
      return answer(submission.reply({ fieldErrors: accepted.fieldErrors }), 400);
    }
    if (claim.state === "new") await completeSubmission(redis, guardKey, accepted.receipt, config.DATA_KEY);
    return json<ReceiptReply>({ kind: "receipt", receipt: formatReceipt(accepted.receipt), resent: false }, { headers: NO_STORE });
  } catch (err) {
    await release();
    // Nothing was stored (one transaction); what was typed comes back with the form.
    const busy = isStorageUnavailable(err);
    context.log[busy ? "warn" : "error"]({ err: (err as Error).message }, "web tip not stored");
    return json<FormReply>(
      { kind: "form", result: submission.reply({ formErrors: ["form.failed"] }), wards, formToken, retryMinutes: null },
      { status: busy ? 503 : 500, headers: { ...NO_STORE, ...(busy ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {}) } },
    );
  }
}

export default function ReportPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation("intake");
  if (reply?.kind === "receipt") {
    return (
      <main id="main" tabIndex={-1} className="intake-page">
        <ReceiptView receipt={reply.receipt} resent={reply.resent} />
      </main>
    );
  }
  return (
    <main id="main" tabIndex={-1} className="intake-page">
      <h1>{t("form.title")}</h1>
      <p>{t("form.lead")}</p>
      <TipForm
        categories={data.categories}
        provinces={data.provinces}
        sourceOrgs={data.sourceOrgs}
        wards={reply ? reply.wards : data.wards}
        defaultProvince={data.province}
        searched={reply?.kind === "form" && reply.searched === true}
        formToken={reply?.formToken ?? data.formToken}
        lastResult={reply?.result}
        retryMinutes={reply?.retryMinutes ?? null}
      />
    </main>
  );
}

/** The wards the picker lists: the province's, or (searching without one) the best matches nationwide. */
async function pickerWards(db: Kysely<Database>, province: string, query: string): Promise<WardChoice[] | null> {
  if (/^\d{1,3}$/.test(province)) return wardChoices(db, province);
  if (!query.trim()) return null;
  return filterWards(await wardChoices(db, null), query).slice(0, NATIONWIDE_MATCHES).map((match) => match.ward);
}

/** A chosen ward is what the pipeline resolves first, then a map point, then the address; all given are kept. */
function locationOf(value: TipFormValue): TipLocation {
  const details = { provinceCode: value.provinceCode, address: value.address, lat: value.point?.lat ?? null, lng: value.point?.lng ?? null };
  if (value.wardCode) return { kind: "ward", wardCode: value.wardCode, ...details };
  if (value.point) return { kind: "point", ...details, lat: value.point.lat, lng: value.point.lng };
  return { kind: "address", ...details, address: value.address! };
}
