import { useTranslation } from "react-i18next";
import type { LiveStatus } from "@/lib/live-events";

/**
 * One line on how live the screen is, in plain words: quiet while live, a clear sentence when the
 * connection is lost and being tried again, or when live updates are not available at all.
 */
export function LiveStatusLine({ status }: { status: LiveStatus | null }) {
  const { t } = useTranslation();
  const text =
    status === "live"
      ? t("live.on")
      : status === "reconnecting"
        ? t("live.reconnecting")
        : status === "unavailable"
          ? t("live.unavailable")
          : status === "ended"
            ? t("live.ended")
            : null;
  return (
    <p role="status" className={`live-status${status === "live" ? " live-status--on" : status ? " live-status--off" : ""}`}>
      {text}
    </p>
  );
}
