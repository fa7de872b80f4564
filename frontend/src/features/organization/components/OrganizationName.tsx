import { useTranslation } from "react-i18next";
import { useCurrentOrganization } from "@/features/organization/api/get-current-organization";

export function OrganizationName({ className }: { className?: string }) {
  const { t } = useTranslation();
  const organization = useCurrentOrganization();
  if (organization.data) return <span className={className}>{organization.data.name}</span>;
  if (organization.isError) return <span className={className}>{t("header.organizationUnavailable")}</span>;
  // Reserved space while loading, so the header does not jump; nothing to announce yet.
  return <span className={className} aria-hidden="true" />;
}
