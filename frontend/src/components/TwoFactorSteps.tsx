import { useTranslation } from "react-i18next";

/** How to set up an authenticator app: install it, scan the QR code (or type the key), enter a code. */
export function TwoFactorSteps({ qrCode, secret }: { qrCode: string; secret: string }) {
  const { t } = useTranslation();
  return (
    <ol className="steps">
      <li>{t("twoFactor.stepInstall")}</li>
      <li>
        {t("twoFactor.stepScan")}
        <img className="qr-code" src={qrCode} alt={t("twoFactor.qrAlt")} width={196} height={196} />
        <p>
          {t("twoFactor.keyLabel")} <code className="secret">{secret}</code>
        </p>
      </li>
      <li>{t("twoFactor.stepCode")}</li>
    </ol>
  );
}
