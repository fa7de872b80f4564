import { useId } from "react";
import { useTranslation } from "react-i18next";
import { DownloadButton } from "@/components/DownloadButton";
import { lower, type Terminology } from "@/components/terminology";
import { downloadMyData } from "@/features/my-space/api/export-my-data";

/** A participant's own data, all of it, as one file they may keep (subject access, SPEC §8). */
export function MyData({ participantId, terms }: { participantId: string; terms: Terminology }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("mySpace.data.title")}</h2>
      <p>{t("mySpace.data.body", { sessions: lower(terms.sessions), groups: lower(terms.groups) })}</p>
      <DownloadButton download={() => downloadMyData(participantId)} pendingText={t("mySpace.data.downloading")} doneText={t("mySpace.data.downloaded")}>
        {t("mySpace.data.download")}
      </DownloadButton>
    </section>
  );
}
