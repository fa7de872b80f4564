import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { usePageTitle } from "@/components/page-title";
import { lower, useGenericTerms, withGenericTerms } from "@/components/terminology";
import { formatTimeRange } from "@/lib/intl";
import { ApiError, NetworkError } from "@/lib/problem";
import { getKiosk, useKioskInfo, type KioskScreenSession } from "@/features/kiosk/api/get-kiosk";
import { scanBadge } from "@/features/kiosk/api/scan";
import { forgetKioskToken, readKioskToken, saveKioskToken } from "@/features/kiosk/stores/kiosk-token";
import { kioskAnswer, type KioskAnswer } from "./kiosk-answer";
import "@/features/kiosk/kiosk.css";

/** How long an answer stays up before the screen is ready for the next person. */
const ANSWER_SHOWN_MS = 8_000;

/**
 * The kiosk at the door (SPEC §4.4), outside the signed-in frame: the device holds the kiosk's key
 * only, never anyone's login. Without a key it asks for one; with one it takes badges.
 */
export function KioskPage() {
  const { t } = useTranslation();
  const [token, setToken] = useState(readKioskToken);
  const [notice, setNotice] = useState<string | null>(null);
  const stop = (why: string) => {
    forgetKioskToken();
    setToken(null);
    setNotice(why);
  };
  if (!token) {
    return (
      <KioskSetup
        notice={notice}
        onStarted={(key) => {
          saveKioskToken(key);
          setNotice(null);
          setToken(key);
        }}
      />
    );
  }
  return <KioskScreen key={token} token={token} onSwitchedOff={stop} onStop={() => stop(t("kiosk.stopped"))} />;
}

function KioskSetup({ notice, onStarted }: { notice: string | null; onStarted: (token: string) => void }) {
  const { t } = useTranslation();
  usePageTitle(t("kiosk.setupTitle"));
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const token = key.trim();
    if (!token) {
      setError(t("kiosk.keyRequired"));
      return;
    }
    if (checking) return;
    setChecking(true);
    setError(null);
    getKiosk(token).then(
      () => onStarted(token),
      (failure: unknown) => {
        setChecking(false);
        setError(
          failure instanceof ApiError && failure.status === 401 ? t("kiosk.keyRefused") : failure instanceof NetworkError ? t("kiosk.unreachable") : t("kiosk.failed"),
        );
      },
    );
  };

  return (
    <main className="kiosk kiosk--setup">
      <div className="kiosk__setup">
        <h1>{t("kiosk.setupTitle")}</h1>
        {notice ? (
          <Alert tone="notice">
            <p>{notice}</p>
          </Alert>
        ) : null}
        <p>{t("kiosk.setupIntro")}</p>
        <form className="form" onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor="kiosk-key">{t("kiosk.key")}</label>
            <p id="kiosk-key-hint" className="field__hint">
              {t("kiosk.keyHint")}
            </p>
            <textarea
              id="kiosk-key"
              className="kiosk__key"
              rows={3}
              value={key}
              onChange={(e) => setKey(e.target.value)}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "kiosk-key-hint kiosk-key-error" : "kiosk-key-hint"}
            />
            {error ? (
              <p id="kiosk-key-error" className="field__error">
                {error}
              </p>
            ) : null}
          </div>
          <div className="form-actions">
            <ActionButton type="submit" className="button button--primary" pending={checking} pendingText={t("kiosk.starting")}>
              {t("kiosk.start")}
            </ActionButton>
          </div>
        </form>
      </div>
    </main>
  );
}

interface KioskScreenProps {
  token: string;
  /** The key no longer works (revoked or expired): the device forgets it. */
  onSwitchedOff: (why: string) => void;
  /** Staff stop the kiosk on this device. */
  onStop: () => void;
}

function KioskScreen({ token, onSwitchedOff, onStop }: KioskScreenProps) {
  const { t } = useTranslation();
  const generic = useGenericTerms();
  const info = useKioskInfo(token);
  const terms = withGenericTerms(info.data?.terminology, generic);
  usePageTitle(info.data ? t("kiosk.pageTitle", { name: info.data.name }) : t("kiosk.title"));

  const [badge, setBadge] = useState("");
  const [pin, setPin] = useState("");
  const [needPin, setNeedPin] = useState(false);
  const [answer, setAnswer] = useState<(KioskAnswer & { n: number }) | null>(null);
  const [sending, setSending] = useState(false);
  const [stopping, setStopping] = useState(false);
  // Where the cursor goes next, and a counter so that the same place is focused again.
  const [focus, setFocus] = useState<{ on: "badge" | "pin"; n: number }>({ on: "badge", n: 0 });
  const badgeRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const count = useRef(0);

  const switchedOff = info.error instanceof ApiError && info.error.status === 401;
  useEffect(() => {
    if (switchedOff) onSwitchedOff(t("kiosk.switchedOff"));
  }, [switchedOff, onSwitchedOff, t]);

  useEffect(() => {
    if (stopping) return;
    (focus.on === "pin" ? pinRef : badgeRef).current?.focus();
  }, [focus, stopping]);

  // An answer stays up a few seconds, then the screen is ready for the next person.
  useEffect(() => {
    if (!answer || answer.kind === "pin") return;
    const timer = setTimeout(() => setAnswer((current) => (current?.n === answer.n ? null : current)), ANSWER_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [answer]);

  const show = (next: KioskAnswer) => setAnswer({ ...next, n: (count.current += 1) });
  const ready = () => {
    setBadge("");
    setPin("");
    setNeedPin(false);
    setFocus((f) => ({ on: "badge", n: f.n + 1 }));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const typed = badge.trim();
    if (!typed) {
      setFocus((f) => ({ on: "badge", n: f.n + 1 }));
      return;
    }
    if (needPin && !pin) {
      show({ kind: "pin", text: t("kiosk.enterPin"), wrong: false });
      setFocus((f) => ({ on: "pin", n: f.n + 1 }));
      return;
    }
    const pinSent = needPin && pin !== "";
    setSending(true);
    scanBadge(token, pinSent ? { badge: typed, pin } : { badge: typed })
      .then(
        (ok) => kioskAnswer({ ok }, { pinSent, session: lower(terms.session), timeZone: info.data?.timezone }, t),
        (error: unknown) => kioskAnswer({ error }, { pinSent, session: lower(terms.session), timeZone: info.data?.timezone }, t),
      )
      .then((next) => {
        setSending(false);
        if (next.kind === "switchedOff") {
          onSwitchedOff(next.text);
          return;
        }
        show(next);
        if (next.kind === "pin") {
          setNeedPin(true);
          setPin("");
          setFocus((f) => ({ on: "pin", n: f.n + 1 }));
        } else ready();
      });
  };

  const sessions = info.data?.sessions ?? [];
  const openOnes = sessions.filter((s) => s.status === "open");
  const action = t("kiosk.action", { checkIn: terms.check_in, checkOut: lower(terms.check_out) });

  return (
    <main className="kiosk">
      <header className="kiosk__header">
        <h1 className="kiosk__name">{info.data?.name ?? t("kiosk.title")}</h1>
        {sessions.length ? (
          <ul className="kiosk__sessions" aria-label={terms.sessions}>
            {sessions.map((session) => (
              <SessionLine key={session.id} session={session} timeZone={info.data?.timezone} />
            ))}
          </ul>
        ) : null}
        {info.data && openOnes.length === 0 ? <p className="kiosk__closed">{t("kiosk.nothingOpen", { session: lower(terms.session) })}</p> : null}
        {info.error && !switchedOff ? <p className="kiosk__closed">{t("kiosk.unreachable")}</p> : null}
      </header>

      <div className={answer ? `kiosk__answer kiosk__answer--${answer.kind}` : "kiosk__answer"} role="status">
        {answer ? <p>{answer.text}</p> : null}
      </div>

      <form className="kiosk__form" onSubmit={onSubmit} noValidate>
        <h2 className="kiosk__prompt">{action}</h2>
        <div className="field kiosk__field">
          <label htmlFor="kiosk-badge">{t("kiosk.badge")}</label>
          <p id="kiosk-badge-hint" className="field__hint">
            {t("kiosk.badgeHint")}
          </p>
          <input
            id="kiosk-badge"
            ref={badgeRef}
            value={badge}
            onChange={(e) => setBadge(e.target.value)}
            readOnly={needPin}
            aria-describedby="kiosk-badge-hint"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            enterKeyHint="go"
          />
        </div>
        {needPin ? (
          <div className="field kiosk__field">
            <label htmlFor="kiosk-pin">{t("kiosk.pin")}</label>
            <input
              id="kiosk-pin"
              ref={pinRef}
              type="password"
              inputMode="numeric"
              value={pin}
              onChange={(e) => setPin(e.target.value)}
              autoComplete="off"
              maxLength={8}
              enterKeyHint="go"
            />
          </div>
        ) : null}
        <div className="form-actions">
          <ActionButton type="submit" className="button button--primary kiosk__submit" pending={sending} pendingText={t("kiosk.sending")}>
            {t("kiosk.go")}
          </ActionButton>
          {needPin ? (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setAnswer(null);
                ready();
              }}
            >
              {t("kiosk.startAgain")}
            </button>
          ) : null}
        </div>
      </form>

      <footer className="kiosk__footer">
        <button type="button" className="button button--quiet button--small" onClick={() => setStopping(true)}>
          {t("kiosk.stop")}
        </button>
      </footer>
      <ConfirmDialog
        open={stopping}
        title={t("kiosk.stopTitle")}
        confirmLabel={t("kiosk.stopConfirm")}
        onConfirm={() => {
          setStopping(false);
          onStop();
        }}
        onClose={() => {
          setStopping(false);
          setFocus((f) => ({ on: needPin ? "pin" : "badge", n: f.n + 1 }));
        }}
      >
        <p>{t("kiosk.stopBody")}</p>
      </ConfirmDialog>
    </main>
  );
}

const SESSION_STATUS = {
  scheduled: "sessionStatus.scheduled",
  open: "sessionStatus.open",
  closed: "sessionStatus.closed",
  cancelled: "sessionStatus.cancelled",
} as const;

/** A session the kiosk serves, its times in the organization's timezone (the kiosk's answer says which). */
function SessionLine({ session, timeZone }: { session: KioskScreenSession; timeZone: string | undefined }) {
  const { t } = useTranslation();
  return (
    <li>
      {session.title} · {formatTimeRange(new Date(session.starts_at), new Date(session.ends_at), timeZone)}
      {session.location ? ` · ${session.location}` : null} · {t(SESSION_STATUS[session.status])}
    </li>
  );
}
