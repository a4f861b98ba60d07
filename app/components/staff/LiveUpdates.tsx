/**
 * Live queue: with JavaScript, listens to /can-bo/su-kien (server-sent events
 * fed by Redis pub/sub, the page's one stream: live-events.ts) and reloads the page's data when a tip of the unit
 * changes. Without JavaScript — or if the stream drops — the reload link does
 * the same by hand.
 */
import { Link, useLocation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { listenLive } from "./live-events";

export function LiveUpdates() {
  const { t } = useTranslation("staff");
  const location = useLocation();
  const revalidator = useRevalidator();
  const [live, setLive] = useState(false);
  const [updates, setUpdates] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;

  useEffect(() => listenLive({
    onState: setLive,
    onEvent: () => {
      // Several changes in a burst: one reload.
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        setUpdates((n) => n + 1);
        revalidate.current();
      }, 400);
    },
  }), []);
  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <p className="live-status">
      <span role="status" aria-live="polite">
        {live ? t("live.on") : t("live.off")}
        {updates > 0 ? ` ${t("live.updated", { count: updates })}` : ""}
      </span>{" "}
      <Link to={location.pathname + location.search} reloadDocument>{t("live.reload")}</Link>
    </p>
  );
}
