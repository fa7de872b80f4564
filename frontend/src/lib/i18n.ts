import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "@/locales/en.json";

export const defaultNS = "translation";
export const resources = { en: { translation: en } } as const;

// Bundled and initialised synchronously: the first screen never flashes untranslated keys.
void i18n.use(initReactI18next).init({
  lng: "en",
  fallbackLng: "en",
  supportedLngs: ["en"],
  resources,
  defaultNS,
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes
});

if (typeof document !== "undefined") {
  const setLang = (lng: string) => {
    document.documentElement.lang = lng;
  };
  setLang(i18n.language);
  i18n.on("languageChanged", setLang);
}

export { i18n };
