import { useTranslation } from "react-i18next";
import { ROLE_LABEL_KEYS } from "@/components/RoleLabel";
import { StateLabel } from "@/components/StateLabel";
import { fieldName } from "@/lib/field-words";
import { formatDateTime } from "@/lib/intl";
import type { AuditState } from "@/features/audit/api/list-domains";
import type { Change } from "@/features/audit/entry-words";

// Fields whose value is a presence state's code: shown as the state's label in its colour.
const STATE_FIELDS = new Set(["state", "close_marks_unmarked_as"]);
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const LONGEST = 80;

function short(text: string): string {
  return text.length > LONGEST ? `${text.slice(0, LONGEST - 1)}…` : text;
}

function Value({ field, value, stateOf, timeZone }: { field: string; value: unknown; stateOf: (code: string) => AuditState | undefined; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const key = field.split(".").pop() ?? field;
  if (value === null || value === undefined || value === "") return <span className="muted">{t("audit.value.nothing")}</span>;
  if (typeof value === "boolean") return <>{value ? t("audit.value.yes") : t("audit.value.no")}</>;
  if (typeof value === "string") {
    if (STATE_FIELDS.has(key)) {
      const state = stateOf(value);
      return state ? <StateLabel label={state.label} color={state.color} /> : <>{t("audit.value.unknownState")}</>;
    }
    if (key === "role" && value in ROLE_LABEL_KEYS) return <>{t(ROLE_LABEL_KEYS[value as keyof typeof ROLE_LABEL_KEYS])}</>;
    if (TIME.test(value)) return <>{formatDateTime(new Date(value), timeZone)}</>;
    return <>{short(value)}</>;
  }
  if (typeof value === "number") return <>{value}</>;
  if (Array.isArray(value)) return <>{short(value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", "))}</>;
  return <>{short(JSON.stringify(value))}</>;
}

/** What an entry changed, a line per field: "Mark: Late → Present", the states in their colours. */
export function ChangeList({ changes, stateOf, timeZone }: { changes: Change[]; stateOf: (code: string) => AuditState | undefined; timeZone: string | undefined }) {
  const { t } = useTranslation();
  if (!changes.length) return null;
  return (
    <ul className="audit-changes">
      {changes.map((change) => (
        <li key={change.field}>
          <span className="audit-changes__field">{t("audit.fieldLabel", { field: fieldName(change.field) })}</span>{" "}
          {change.hadBefore ? (
            <>
              <Value field={change.field} value={change.before} stateOf={stateOf} timeZone={timeZone} />
              {" → "}
            </>
          ) : null}
          <Value field={change.field} value={change.after} stateOf={stateOf} timeZone={timeZone} />
        </li>
      ))}
    </ul>
  );
}
