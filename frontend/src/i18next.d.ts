import "i18next";
import type { defaultNS, resources } from "./lib/i18n";

// Typed keys: `t("no.such.key")` is a compile error, not a raw key on screen.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: typeof defaultNS;
    resources: (typeof resources)["en"];
  }
}
