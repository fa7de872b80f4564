import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, type Terminology } from "@/components/terminology";
import { useParticipant } from "@/features/participants/api/get-participant";
import { formatDateTime } from "@/lib/intl";
import { ParticipantData } from "./ParticipantData";
import "@/features/participants/participants.css";

interface ParticipantPageProps {
  participantId: string;
  terms: Terminology;
  timeZone: string | undefined;
  /** Administrators: download everything held about them, and erase them. */
  canManageData: boolean;
}

/** One participant: their details and, for administrators, their data (subject access and erasure). */
export function ParticipantPage({ participantId, terms, timeZone, canManageData }: ParticipantPageProps) {
  const { t } = useTranslation();
  const participant = useParticipant(participantId);
  usePageTitle(participant.data ? participant.data.name : terms.participant);
  const back = (
    <p className="muted">
      <Link to="/participants">{t("participantPage.back", { participants: lower(terms.participants) })}</Link>
    </p>
  );

  if (!participant.data) {
    return (
      <section className="page">
        {back}
        <h1>{terms.participant}</h1>
        <QueryStatus isPending={participant.isPending} error={participant.error} onRetry={() => void participant.refetch()} />
      </section>
    );
  }
  const data = participant.data;
  const none = t("participantPage.none");
  return (
    <section className="page">
      {back}
      <h1>{data.name}</h1>
      {data.erased_at ? (
        <p className="badge">{t("participantPage.erasedOn", { when: formatDateTime(new Date(data.erased_at), timeZone) })}</p>
      ) : null}
      <dl className="facts participant-facts">
        <dt>{t("participants.column.externalRef")}</dt>
        <dd>{data.external_ref ?? none}</dd>
        <dt>{t("participants.column.email")}</dt>
        <dd>{data.email ?? none}</dd>
        <dt>{t("participants.column.phone")}</dt>
        <dd>{data.phone ?? none}</dd>
        <dt>{t("participants.column.status")}</dt>
        <dd>{data.is_active ? t("participants.active") : t("participants.inactive")}</dd>
        <dt>{t("participants.column.pin")}</dt>
        <dd>{data.has_pin ? t("participants.pin.setShort") : t("participants.pin.noneShort")}</dd>
        {Object.entries(data.attributes).map(([key, value]) => (
          <FactRow key={key} name={key} value={value === null ? none : String(value)} />
        ))}
      </dl>
      {canManageData ? <ParticipantData participant={data} terms={terms} /> : null}
    </section>
  );
}

function FactRow({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </>
  );
}
