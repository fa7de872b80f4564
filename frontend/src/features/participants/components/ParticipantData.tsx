import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/Alert";
import { Dialog } from "@/components/Dialog";
import { DownloadButton } from "@/components/DownloadButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { lower, type Terminology } from "@/components/terminology";
import { TypedConfirmation } from "@/components/TypedConfirmation";
import { eraseParticipant, useEraseParticipant, type Erasure } from "@/features/participants/api/erase-participant";
import { downloadParticipantData } from "@/features/participants/api/export-participant";
import { participantKeys, type Participant } from "@/features/participants/api/list-participants";

/** Where each service's part of an erasure is, in words: the services themselves are not the user's. */
const SERVICE_KEYS = {
  identity: "participantData.service.identity",
  presence: "participantData.service.presence",
  sync: "participantData.service.sync",
  reporting: "participantData.service.reporting",
} as const;

/** Administrators: a participant's data — download all of it (subject access), or erase them everywhere. */
export function ParticipantData({ participant, terms }: { participant: Participant; terms: Terminology }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  // The name they had: once erased, the page's name is "Erased participant".
  const [erasedName, setErasedName] = useState<string | null>(null);
  const [firstAnswer, setFirstAnswer] = useState<Erasure | null>(null);
  const erase = useEraseParticipant();

  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("participantData.title")}</h2>
      <h3>{t("participantData.exportTitle")}</h3>
      <p>{t("participantData.exportBody", { sessions: lower(terms.sessions), groups: lower(terms.groups) })}</p>
      <DownloadButton download={() => downloadParticipantData(participant.id)} pendingText={t("participantData.downloading")} doneText={t("participantData.downloaded")}>
        {t("participantData.download")}
      </DownloadButton>

      <h3>{t("participantData.eraseTitle")}</h3>
      {participant.erased_at || firstAnswer ? (
        <ErasureProgress participantId={participant.id} name={erasedName} initial={firstAnswer} />
      ) : (
        <>
          <p>{t("participantData.eraseIntro", { participant: lower(terms.participant) })}</p>
          <div className="data-actions">
            <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
              {t("participantData.erase", { name: participant.name })}
            </button>
          </div>
        </>
      )}

      <Dialog
        open={confirming}
        onClose={() => {
          erase.reset();
          setConfirming(false);
        }}
        title={t("participantData.eraseDialogTitle", { name: participant.name })}
      >
        {confirming ? (
          <TypedConfirmation
            expected={participant.name}
            label={t("participantData.typeName", { name: participant.name })}
            confirmLabel={t("participantData.eraseConfirm", { name: participant.name })}
            error={erase.error}
            pending={erase.isPending}
            onCancel={() => {
              erase.reset();
              setConfirming(false);
            }}
            onConfirm={() =>
              erase.mutate(participant.id, {
                onSuccess: (answer) => {
                  setErasedName(participant.name);
                  setFirstAnswer(answer);
                  setConfirming(false);
                },
              })
            }
          >
            <EraseConsequences terms={terms} />
          </TypedConfirmation>
        ) : null}
      </Dialog>
    </section>
  );
}

/** What goes and what stays, said before the name is typed. */
export function EraseConsequences({ terms }: { terms: Terminology }) {
  const { t } = useTranslation();
  return (
    <>
      <p>
        <strong>{t("participantData.goesTitle")}</strong>
      </p>
      <ul className="consequences">
        <li>{t("participantData.goes.details")}</li>
        <li>{t("participantData.goes.notes", { sessions: lower(terms.sessions) })}</li>
        <li>{t("participantData.goes.login")}</li>
        <li>{t("participantData.goes.copies")}</li>
      </ul>
      <p>
        <strong>{t("participantData.staysTitle")}</strong>
      </p>
      <ul className="consequences">
        <li>{t("participantData.stays.marks", { sessions: lower(terms.sessions) })}</li>
        <li>{t("participantData.stays.audit")}</li>
      </ul>
      <p>{t("participantData.cannotUndo")}</p>
    </>
  );
}

/**
 * An erasure under way or done. Asking again only reports where it stands (SPEC §8), so while a
 * service is still at it the same call is repeated until every one has erased its part.
 */
function ErasureProgress({ participantId, name, initial }: { participantId: string; name: string | null; initial: Erasure | null }) {
  const { t } = useTranslation();
  const status = useQuery({
    queryKey: [...participantKeys.detail(participantId), "erasure"],
    queryFn: () => eraseParticipant(participantId),
    // The answer the erase itself gave is fresh: the next question comes with the interval.
    initialData: initial ?? undefined,
    staleTime: 1000,
    refetchInterval: (query) => (query.state.data && !query.state.data.erased ? 2000 : false),
  });
  if (status.error) return <ErrorAlert error={status.error} focus={false} />;
  if (!status.data) return <p role="status">{t("ui.loading")}</p>;
  if (status.data.erased) {
    return (
      <Alert tone="notice">
        {name ? t("participantData.erasedNamed", { name }) : t("participantData.erased")}
      </Alert>
    );
  }
  const pending = status.data.pending.map((service) => (service in SERVICE_KEYS ? t(SERVICE_KEYS[service as keyof typeof SERVICE_KEYS]) : service));
  return (
    <Alert tone="notice">
      <p>{name ? t("participantData.erasingNamed", { name }) : t("participantData.erasing")}</p>
      <p>{t("participantData.pending", { services: pending.join(", ") })}</p>
    </Alert>
  );
}
