import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "@/components/Alert";
import { ErrorAlert } from "@/components/ErrorAlert";
import { usePageTitle } from "@/components/page-title";
import { lower, type Terminology } from "@/components/terminology";
import { ApiError } from "@/lib/problem";
import { useCheckInCode } from "@/features/self-check-in/api/open-check-in-code";
import { serverNow, stillAccepted } from "@/features/self-check-in/hooks/code-timing";
import "@/features/self-check-in/self-check-in.css";

interface CheckInCodePageProps {
  sessionId: string;
  /** The session's title, once known. */
  title: string | undefined;
  terms: Terminology;
}

/** "AB3K7Q" read out one character at a time. */
function spelled(code: string): string {
  return code.split("").join(" ");
}

/** Where people type the code, as the QR code's address shows it ("omni.example.org/check-in"). */
function checkInAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

function useFullscreen() {
  const [on, setOn] = useState(() => typeof document !== "undefined" && document.fullscreenElement !== null && document.fullscreenElement !== undefined);
  useEffect(() => {
    const changed = () => setOn(Boolean(document.fullscreenElement));
    document.addEventListener("fullscreenchange", changed);
    return () => document.removeEventListener("fullscreenchange", changed);
  }, []);
  return on;
}

/**
 * The check-in code of a self check-in session, for a screen or a projector: a large QR code and
 * the short code in large letters, renewed as it rotates (every 30 seconds), full screen at a press.
 */
export function CheckInCodePage({ sessionId, title, terms }: CheckInCodePageProps) {
  const { t } = useTranslation();
  const code = useCheckInCode(sessionId);
  const frame = useRef<HTMLElement>(null);
  const fullscreen = useFullscreen();
  const [now, setNow] = useState(() => Date.now());
  const session = lower(terms.session);
  usePageTitle(title ? t("checkInCode.pageTitle", { title }) : t("checkInCode.title"));

  // Know when a code shown through a failed renewal stops being accepted.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const data = code.data;
  const error = code.error;
  const closed = error instanceof ApiError && error.status === 409;
  const showCode = data && !closed && !(error instanceof ApiError && error.status < 500) && stillAccepted(data, serverNow(data, code.dataUpdatedAt, now));
  const canFullscreen = typeof document !== "undefined" && document.fullscreenEnabled;

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void frame.current?.requestFullscreen().catch(() => undefined);
  };

  return (
    <section ref={frame} className={fullscreen ? "page check-in-code check-in-code--full" : "page check-in-code"}>
      <h1>{title ? t("checkInCode.heading", { title }) : t("checkInCode.title")}</h1>
      {closed ? (
        <Alert tone="error">
          <p>{t("checkInCode.notOpen", { session })}</p>
          <p>{t("checkInCode.notOpenHow", { session })}</p>
        </Alert>
      ) : null}
      {error && !closed ? <ErrorAlert error={error} focus={false} /> : null}
      {code.isPending ? (
        <p role="status" className="page__meta">
          {t("ui.loading")}
        </p>
      ) : null}
      {showCode ? (
        <div className="check-in-code__body">
          <img
            className="check-in-code__qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(data.qr_svg)}`}
            alt={t("checkInCode.qrAlt")}
          />
          <div className="check-in-code__words">
            <p className="check-in-code__how">{t("checkInCode.how", { address: checkInAddress(data.url) })}</p>
            <p className="check-in-code__code">
              <span aria-hidden="true">
                {data.code.slice(0, 3)}
                <span className="check-in-code__gap"> </span>
                {data.code.slice(3)}
              </span>
              <span className="visually-hidden">{spelled(data.code)}</span>
            </p>
            <p className="check-in-code__rotates">{t("checkInCode.rotates", { count: data.rotates_every_s })}</p>
          </div>
        </div>
      ) : null}
      {error && data && !showCode && !closed ? <p>{t("checkInCode.expired")}</p> : null}
      <div className="form-actions check-in-code__actions">
        {canFullscreen && showCode ? (
          <button type="button" className="button button--primary" onClick={toggleFullscreen}>
            {fullscreen ? t("checkInCode.leaveFullScreen") : t("checkInCode.fullScreen")}
          </button>
        ) : null}
        {error && !closed ? (
          <button type="button" className="button button--secondary" onClick={() => void code.refetch()}>
            {t("ui.retry")}
          </button>
        ) : null}
        {fullscreen ? null : <Link to={`/sessions/${sessionId}`}>{t("checkInCode.back", { session })}</Link>}
      </div>
    </section>
  );
}
