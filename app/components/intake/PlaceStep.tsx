import type { FieldMetadata, FormMetadata } from "@conform-to/react";
import { useFetcher, useFormAction } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PlaceOption } from "../../../db/queries/intake-reference";
import { FieldError } from "./ErrorSummary";
import { StepHeading } from "./StepHeading";
import { useErrorText } from "./use-error-text";
import { useHydrated } from "./use-hydrated";
import { filterWards, type WardChoice, type WardMatch } from "./ward-filter";

type Text = FieldMetadata<string | undefined>;

interface PlaceFields {
  province: Text;
  wardQuery: Text;
  wardCode: Text;
  address: Text;
  lat: Text;
  lng: Text;
}

/** Matches shown when searching every province at once (no province chosen, no JavaScript). */
const NATIONWIDE_LIMIT = 50;

interface Point {
  lat: string;
  lng: string;
  accuracy: number | null;
}

const STEP_ID = "step-where";

/**
 * Where it happened: province → commune/ward, a free-text address, and (with
 * JavaScript) the device's position. Without JavaScript the "Find" button sends
 * the form back and the server lists the province's wards matching the search; the
 * answer lands on this step with the focus on the list, whose description says what
 * the search found. That takes the action URL's fragment naming the list itself
 * (a fragment naming any other element turns autofocus off: HTML's "flush autofocus
 * candidates") and a scroll margin that keeps the step's heading in view. With
 * JavaScript the list loads when the province changes and filters as the resident
 * types. Either way a search that leaves one ward chooses it, and pre-2025 ward names
 * find the wards they merged into.
 */
export function PlaceStep(props: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: FormMetadata<any>;
  fields: PlaceFields;
  provinces: PlaceOption[];
  /** The chosen province's wards (or every ward when searching without a province), from the server. */
  wards: WardChoice[] | null;
  searched: boolean;
  step: number;
  total: number;
}) {
  const { fields, provinces } = props;
  const { t } = useTranslation("intake");
  const errorText = useErrorText();
  const hydrated = useHydrated();
  const fetcher = useFetcher<{ province: string; wards: WardChoice[] }>();
  const serverProvince = fields.province.initialValue ?? "";
  const [province, setProvince] = useState(serverProvince);
  const [query, setQuery] = useState(fields.wardQuery.initialValue ?? "");
  // A new search (no JavaScript) drops an earlier choice it does not find again: the resident is looking for another ward.
  const [wardCode, setWardCode] = useState(() => {
    const earlier = fields.wardCode.initialValue ?? "";
    const foundAgain = filterWards(props.wards ?? [], query).some((m) => m.ward.code === earlier);
    return props.searched && !foundAgain ? "" : earlier;
  });

  const searchAction = `${useFormAction()}#${fields.wardCode.id}`;

  const loaded = fetcher.data?.province === province ? fetcher.data.wards : null;
  const available = loaded ?? (province === serverProvince ? props.wards ?? [] : []);
  const searching = province !== "" || query.trim() !== "";
  let matches = searching ? filterWards(available, query) : [];
  if (!province) matches = matches.slice(0, NATIONWIDE_LIMIT);
  // A search that leaves a single ward has found it.
  const selected = wardCode || (query.trim() && matches.length === 1 ? matches[0]!.ward.code : "");
  const chosen = available.find((w) => w.code === selected);
  const options: WardMatch[] = chosen && !matches.some((m) => m.ward === chosen) ? [{ ward: chosen, former: null }, ...matches] : matches;
  const optionLabel = ({ ward, former }: WardMatch) => (former ? t("where.formerly", { ward: ward.name, former }) : ward.name);

  const chooseProvince = (code: string) => {
    setProvince(code);
    setWardCode("");
    if (code) fetcher.load(`/bao-tin/xa-phuong?tinh=${encodeURIComponent(code)}`);
  };
  const describe = (field: Text, ...ids: string[]) =>
    [...ids, field.errors ? field.errorId : ""].filter(Boolean).join(" ") || undefined;

  return (
    <section className="step" aria-labelledby={STEP_ID}>
      <StepHeading id={STEP_ID} step={props.step} total={props.total} title={t("where.title")} />
      <p>{t("where.lead")}</p>

      <div className="field">
        <label htmlFor={fields.province.id}>{t("where.province")}</label>
        <select
          id={fields.province.id}
          name={fields.province.name}
          value={province}
          onChange={(e) => chooseProvince(e.target.value)}
          aria-invalid={fields.province.errors ? true : undefined}
          aria-describedby={describe(fields.province)}
        >
          <option value="">{t("where.provinceChoose")}</option>
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>{p.name}</option>
          ))}
        </select>
        <FieldError id={fields.province.errorId} messages={errorText(fields.province.errors)} />
      </div>

      <div className="field">
        <label htmlFor={fields.wardQuery.id}>{t("where.wardQuery")}</label>
        <span className="hint" id={fields.wardQuery.descriptionId}>{t("where.wardQueryHint")}</span>
        <div className="search-row">
          <input
            type="search"
            id={fields.wardQuery.id}
            name={fields.wardQuery.name}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") e.preventDefault(); // with JavaScript the list filters as you type
            }}
            autoComplete="off"
            aria-describedby={describe(fields.wardQuery, fields.wardQuery.descriptionId)}
            aria-invalid={fields.wardQuery.errors ? true : undefined}
          />
          {hydrated ? null : (
            <button {...props.form.validate.getButtonProps({ name: fields.province.name })} formAction={searchAction} className="button secondary">
              {t("where.showWards")}
            </button>
          )}
        </div>
        <FieldError id={fields.wardQuery.errorId} messages={errorText(fields.wardQuery.errors)} />
      </div>

      <div className="field">
        <label htmlFor={fields.wardCode.id}>{t("where.ward")}</label>
        <p className="hint" id={fields.wardCode.descriptionId} role="status">
          {!searching
            ? t("where.wardPickProvince")
            : fetcher.state === "loading"
              ? "…"
              : matches.length === 0
                ? t("where.wardNoMatch")
                : !wardCode && selected
                  ? t("where.wardLoneMatch")
                  : t("where.wardMatches", { count: matches.length })}
        </p>
        <select
          id={fields.wardCode.id}
          name={fields.wardCode.name}
          value={selected}
          onChange={(e) => setWardCode(e.target.value)}
          autoFocus={props.searched}
          className="ward-list"
          aria-invalid={fields.wardCode.errors ? true : undefined}
          aria-describedby={describe(fields.wardCode, fields.wardCode.descriptionId)}
        >
          <option value="">{t("where.wardChoose")}</option>
          {options.map((match) => (
            <option key={match.ward.code} value={match.ward.code}>{optionLabel(match)}</option>
          ))}
        </select>
        <FieldError id={fields.wardCode.errorId} messages={errorText(fields.wardCode.errors)} />
      </div>

      <div className="field">
        <label htmlFor={fields.address.id}>{t("where.address")}</label>
        <span className="hint" id={fields.address.descriptionId}>{t("where.addressHint")}</span>
        <input
          type="text"
          id={fields.address.id}
          name={fields.address.name}
          defaultValue={fields.address.initialValue}
          autoComplete="off"
          aria-invalid={fields.address.errors ? true : undefined}
          aria-describedby={describe(fields.address, fields.address.descriptionId)}
        />
        <FieldError id={fields.address.errorId} messages={errorText(fields.address.errors)} />
      </div>

      <LocationButton latField={fields.lat} lngField={fields.lng} enabled={hydrated} />
    </section>
  );
}

function LocationButton({ latField, lngField, enabled }: { latField: Text; lngField: Text; enabled: boolean }) {
  const { t } = useTranslation("intake");
  const initial = latField.initialValue && lngField.initialValue ? { lat: latField.initialValue, lng: lngField.initialValue, accuracy: null } : null;
  const [point, setPoint] = useState<Point | null>(initial);
  const [state, setState] = useState<"idle" | "locating" | "failed">("idle");
  const locate = () => {
    setState("locating");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setPoint({
          lat: position.coords.latitude.toFixed(6),
          lng: position.coords.longitude.toFixed(6),
          accuracy: Math.round(position.coords.accuracy),
        });
        setState("idle");
      },
      () => setState("failed"),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };
  const available = enabled && typeof navigator !== "undefined" && "geolocation" in navigator;
  return (
    <div className="field">
      <input type="hidden" name={latField.name} value={point?.lat ?? ""} />
      <input type="hidden" name={lngField.name} value={point?.lng ?? ""} />
      {available ? (
        <>
          <div className="button-row compact">
            {point ? (
              <button type="button" className="button secondary" onClick={() => setPoint(null)}>{t("where.clearLocation")}</button>
            ) : (
              <button type="button" className="button secondary" onClick={locate} disabled={state === "locating"}>
                {t("where.useLocation")}
              </button>
            )}
          </div>
          <p className="hint">{t("where.locationHint")}</p>
        </>
      ) : null}
      <p role="status" className="location-status">
        {state === "locating"
          ? t("where.locating")
          : state === "failed"
            ? t("where.locationFailed")
            : point
              ? t("where.located", { accuracy: point.accuracy ?? "?" })
              : ""}
      </p>
    </div>
  );
}
