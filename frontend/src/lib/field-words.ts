import { i18n } from "./i18n";

/**
 * Field errors in plain words, from one catalogue (`fieldCodes` in en.json): each problem's
 * `errors[].code` (SPEC §8) has its sentence, so a validator's own text ("String should match
 * pattern …") never reaches a person.
 */

/** Every code a service may put on a field error (omni_common.errors.FIELD_CODES). */
export const FIELD_CODES = [
  "required",
  "unknown_field",
  "too_long",
  "too_short",
  "too_many",
  "too_few",
  "too_large",
  "bad_format",
  "not_an_email",
  "not_a_timezone",
  "not_a_number",
  "not_true_or_false",
  "not_text",
  "not_a_list",
  "not_an_object",
  "not_a_choice",
  "not_an_id",
  "not_a_uuid",
  "date_format",
  "datetime_format",
  "out_of_range",
  "invalid_json",
  "bad_cursor",
  "bad_file",
  "empty",
  "invalid_row",
  "either_or",
  "invalid",
  "not_found",
  "duplicate",
  "repeated",
  "archived",
  "wrong_role",
  "not_a_member",
  "no_such_state",
  "state_retired",
  "state_not_for_role",
  "not_in_group",
  "roll_call",
  "not_open",
  "session_cancelled",
  "session_closed",
  "outside_window",
  "in_future",
  "in_past",
  "before_from",
  "not_checked_in",
  "before_check_in",
  "check_out_before_check_in",
  "stale",
  "not_allowed",
  "not_an_absence",
  "not_expected",
  "key_reused",
  "wrong_password",
  "same_as_current",
  "wrong_code",
  "not_started",
  "wrong_pin",
  "link_unusable",
  "mismatch",
] as const;

export type FieldCode = (typeof FIELD_CODES)[number];

/** A field error as a problem carries it (and an import's row error). */
export interface CodedError {
  field: string;
  message: string;
  code?: string;
  limit?: number;
}

/** The domain's words a sentence may use ("This student is not in the class of this lesson"), as a
 * domain's terminology gives them (capitalised: they are put in lower case in a sentence). */
export interface SentenceTerms {
  participant?: string;
  group?: string;
  session?: string;
  sessions?: string;
}

const known = new Set<string>(FIELD_CODES);

// Keys made from a code or a field name: the catalogue's typed keys cannot list them ahead.
const say = (key: string, options?: Record<string, unknown>): string =>
  (i18n.t as unknown as (key: string, options?: Record<string, unknown>) => string)(key, options);

export function isFieldCode(code: string | undefined): code is FieldCode {
  return code !== undefined && known.has(code);
}

function genericTerms(): Required<SentenceTerms> {
  const lower = (key: string) => say(key).toLocaleLowerCase(i18n.language);
  return {
    participant: lower("terms.participant"),
    group: lower("terms.group"),
    session: lower("terms.session"),
    sessions: lower("terms.sessions"),
  };
}

/**
 * What to tell a person about one bad field, said beside that field: the catalogue's sentence for
 * its code. An error without a code (an older server's) keeps the server's message; a code this
 * app does not know yet gets the general sentence, never the raw text.
 */
export function fieldSentence(error: CodedError, terms?: SentenceTerms): string {
  if (error.code === undefined) return error.message;
  const code = isFieldCode(error.code) ? error.code : "invalid";
  const words: Record<string, string> = genericTerms();
  for (const [key, term] of Object.entries(terms ?? {})) {
    if (key in words && typeof term === "string") words[key] = term.toLocaleLowerCase(i18n.language);
  }
  if (typeof error.limit === "number" && i18n.exists(`fieldCodes.${code}_limit_other`)) {
    return say(`fieldCodes.${code}_limit`, { ...words, count: error.limit });
  }
  return say(`fieldCodes.${code}`, words);
}

/** A field's name for people: `external_ref` → "Reference", `records.3.state` → "Mark 4". */
export function fieldName(field: string): string {
  const parts = field.split(".");
  const last = parts.filter((part) => !/^\d+$/.test(part)).pop() ?? field;
  const index = [...parts].reverse().find((part) => /^\d+$/.test(part));
  const name = i18n.exists(`fieldNames.${last}`)
    ? say(`fieldNames.${last}`)
    : last.replace(/_/g, " ").replace(/^./, (c) => c.toLocaleUpperCase(i18n.language));
  return index === undefined ? name : say("errors.nth", { field: name, n: Number(index) + 1 });
}

/** The sentence with the field it is about, for a message shown away from the field. */
export function namedFieldSentence(error: CodedError, terms?: SentenceTerms): string {
  return say("errors.named", { field: fieldName(error.field), sentence: fieldSentence(error, terms) });
}
