import { useTranslation } from "react-i18next";
import type { Role } from "@/lib/auth-session";

// Spelled out, not built from the role's name, so that the catalogue check can see every key.
export const ROLE_LABEL_KEYS = {
  admin: "role.admin",
  manager: "role.manager",
  frontline: "role.frontline",
  external: "role.external",
} as const satisfies Record<Role, string>;

export function RoleLabel({ role, className }: { role: Role; className?: string }) {
  const { t } = useTranslation();
  return <span className={className}>{t(ROLE_LABEL_KEYS[role])}</span>;
}
