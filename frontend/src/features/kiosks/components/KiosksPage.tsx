import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmAction } from "@/components/ConfirmAction";
import { Dialog } from "@/components/Dialog";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, type Terminology } from "@/components/terminology";
import { formatDateTime } from "@/lib/intl";
import type { KioskCreated } from "@/features/kiosks/api/create-kiosk";
import { useKiosks, type Kiosk, type KioskStatus } from "@/features/kiosks/api/list-kiosks";
import { useRevokeKiosk } from "@/features/kiosks/api/revoke-kiosk";
import { AttemptsList } from "./AttemptsList";
import { KioskForm, sessionLabel, type KioskCandidate } from "./KioskForm";
import { KioskKey } from "./KioskKey";
import "@/features/kiosks/kiosks.css";

const STATUS_KEYS = {
  active: "kiosks.status.active",
  expired: "kiosks.status.expired",
  revoked: "kiosks.status.revoked",
} as const satisfies Record<KioskStatus, string>;

interface KiosksPageProps {
  /** Sessions taken by check-in that the user records for and that have not closed. */
  sessions: readonly KioskCandidate[] | undefined;
  timeZone: string | undefined;
  terms: Terminology;
  /** Keeps the key on this device for the kiosk screen, and goes there. */
  onOpenKiosk: (token: string) => void;
}

type Open = { kind: "new" } | { kind: "created"; kiosk: KioskCreated } | { kind: "attempts"; kiosk: Kiosk } | { kind: "revoke"; kiosk: Kiosk } | null;

/** Kiosks: shared devices at the door where people check themselves in and out with their badge. */
export function KiosksPage({ sessions, timeZone, terms, onOpenKiosk }: KiosksPageProps) {
  const { t } = useTranslation();
  usePageTitle(t("kiosks.title"));
  const kiosks = useKiosks();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const items = kiosks.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="page page--wide kiosks">
      <div className="page-header">
        <h1>{t("kiosks.title")}</h1>
        <button type="button" className="button button--primary" onClick={() => setOpen({ kind: "new" })}>
          {t("kiosks.new")}
        </button>
      </div>
      <p>{t("kiosks.intro", { participants: lower(terms.participants) })}</p>

      <QueryStatus isPending={kiosks.isPending} error={kiosks.error} onRetry={() => void kiosks.refetch()} />
      {kiosks.data && items.length === 0 ? <p className="empty">{t("kiosks.none")}</p> : null}
      {items.length ? (
        <ul className="kiosk-list">
          {items.map((kiosk) => (
            <li key={kiosk.id} className="card kiosk-card">
              <h2 className="kiosk-card__name">
                {kiosk.name} <span className={`badge kiosk-card__status kiosk-card__status--${kiosk.status}`}>{t(STATUS_KEYS[kiosk.status])}</span>
              </h2>
              <p className="kiosk-card__sessions-label">{t("kiosks.serves", { sessions: terms.sessions })}</p>
              <ul className="kiosk-card__sessions">
                {kiosk.sessions.map((session) => (
                  <li key={session.id}>{sessionLabel(session, timeZone)}</li>
                ))}
              </ul>
              <p className="muted">
                {kiosk.status === "revoked" && kiosk.revoked_at
                  ? t("kiosks.revokedAt", { when: formatDateTime(new Date(kiosk.revoked_at), timeZone) })
                  : kiosk.status === "expired"
                    ? t("kiosks.expiredAt", { when: formatDateTime(new Date(kiosk.expires_at), timeZone) })
                    : t("kiosks.worksUntil", { when: formatDateTime(new Date(kiosk.expires_at), timeZone) })}
              </p>
              <div className="table__actions">
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={t("kiosks.attemptsTitle", { name: kiosk.name })}
                  onClick={() => setOpen({ kind: "attempts", kiosk })}
                >
                  {t("kiosks.attempts")}
                </button>
                {kiosk.status === "active" ? (
                  <button
                    type="button"
                    className="button button--danger button--small"
                    aria-label={t("kiosks.revokeFor", { name: kiosk.name })}
                    onClick={() => setOpen({ kind: "revoke", kiosk })}
                  >
                    {t("kiosks.revoke")}
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {kiosks.data ? (
        <LoadMore shown={items.length} hasMore={Boolean(kiosks.hasNextPage)} isFetching={kiosks.isFetchingNextPage} onMore={() => void kiosks.fetchNextPage()} />
      ) : null}

      <Dialog open={open?.kind === "new"} onClose={close} title={t("kiosks.new")}>
        {open?.kind === "new" ? (
          <KioskForm sessions={sessions} timeZone={timeZone} terms={terms} onCreated={(kiosk) => setOpen({ kind: "created", kiosk })} onCancel={close} />
        ) : null}
      </Dialog>
      <Dialog open={open?.kind === "created"} onClose={close} title={open?.kind === "created" ? t("kiosks.key.title", { name: open.kiosk.name }) : ""}>
        {open?.kind === "created" ? <KioskKey kiosk={open.kiosk} onOpenHere={() => onOpenKiosk(open.kiosk.token)} onDone={close} /> : null}
      </Dialog>
      <Dialog
        open={open?.kind === "attempts"}
        onClose={close}
        size="wide"
        title={open?.kind === "attempts" ? t("kiosks.attemptsTitle", { name: open.kiosk.name }) : ""}
      >
        {open?.kind === "attempts" ? <AttemptsList kioskId={open.kiosk.id} timeZone={timeZone} /> : null}
      </Dialog>
      <Dialog open={open?.kind === "revoke"} onClose={close} title={open?.kind === "revoke" ? t("kiosks.revokeTitle", { name: open.kiosk.name }) : ""}>
        {open?.kind === "revoke" ? <Revoke kiosk={open.kiosk} onDone={close} /> : null}
      </Dialog>
    </section>
  );
}

function Revoke({ kiosk, onDone }: { kiosk: Kiosk; onDone: () => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeKiosk();
  return (
    <ConfirmAction
      confirmLabel={t("kiosks.revokeConfirm")}
      cancelLabel={t("kiosks.revokeKeep")}
      error={revoke.error}
      pending={revoke.isPending}
      onConfirm={() => revoke.mutate(kiosk.id, { onSuccess: onDone })}
      onCancel={onDone}
    >
      <p>{t("kiosks.revokeBody")}</p>
    </ConfirmAction>
  );
}
