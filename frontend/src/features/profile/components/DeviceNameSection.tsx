import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/Alert";
import { TextField } from "@/components/Field";
import { DEVICE_NAME_MAX, defaultDeviceName, deviceName, setDeviceName } from "@/lib/offline/device-name";

/**
 * This device's name ("Frankie's phone"), kept on the device: the conflict queue and the audit
 * log say it beside what was recorded here. Until it is named, it is the browser and platform.
 */
export function DeviceNameSection() {
  const { t } = useTranslation();
  const hintId = useId();
  const [name, setName] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const fallback = defaultDeviceName();

  useEffect(() => {
    let live = true;
    void deviceName().then((current) => {
      if (live) setName((typed) => typed ?? current);
    });
    return () => {
      live = false;
    };
  }, []);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (name === null) return;
    setSaved(null);
    setFailed(false);
    setDeviceName(name).then(
      (kept) => {
        setName(kept);
        setSaved(kept);
      },
      () => setFailed(true),
    );
  };

  return (
    <form className="form form--narrow" onSubmit={onSubmit} noValidate aria-describedby={hintId}>
      <p id={hintId} className="page__meta">
        {t("profile.device.intro")}
      </p>
      <TextField
        label={t("profile.device.name")}
        hint={t("profile.device.hint", { example: fallback })}
        value={name ?? ""}
        maxLength={DEVICE_NAME_MAX}
        autoComplete="off"
        onChange={(event) => setName(event.target.value)}
      />
      <div>
        <button type="submit" className="button button--primary" aria-disabled={name === null || undefined}>
          {t("profile.device.save")}
        </button>
      </div>
      <p role="status" className="page__meta">
        {saved ? t("profile.device.saved", { name: saved }) : null}
      </p>
      {failed ? (
        <Alert tone="error">
          <p>{t("profile.device.failed")}</p>
        </Alert>
      ) : null}
    </form>
  );
}
