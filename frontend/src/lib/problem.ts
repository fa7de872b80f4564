import { fieldSentence, namedFieldSentence, type SentenceTerms } from "./field-words";

/**
 * RFC 9457 problem details, as every Omnipresence service answers errors (SPEC §8).
 * The SPA shows `detail` to the user and puts each field error, in the catalogue's words for its
 * `code` (./field-words), beside its field.
 */
export interface FieldProblem {
  field: string;
  message: string;
  /** A stable snake_case reason (`not_a_member`, `wrong_code`) that screens map to their own words. */
  code?: string;
  /** The length allowed, where the code is about one (`too_long`). */
  limit?: number;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors: FieldProblem[];
}

/**
 * An API call that did not succeed; `problem` is what the server said, when it said anything, and
 * `body` the answer as sent, for the members a problem may add (a 409's `current`, an import's row
 * numbers).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails | null;
  readonly body: unknown;
  /** Seconds to wait before asking again (a 429's or 503's `Retry-After`), when the server said. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: ProblemDetails | null, body?: unknown, retryAfter: number | null = null) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  /** The problem's type ends with this slug, e.g. `token-stale` or `rate-limited`. */
  is(slug: string): boolean {
    return this.problem?.type.endsWith(slug) ?? false;
  }

  /** The `code` of the first error naming `field` (`wrong_pin` for `pin`), if there is one. */
  codeOf(field: string): string | undefined {
    return this.problem?.errors.find((error) => error.field === field)?.code;
  }
}

/**
 * A `Retry-After` header in seconds: a number of seconds, or an HTTP date (then counted from
 * `now`); null when missing or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The network failed, or the answer was not something the API sends (e.g. a proxy's HTML page). */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super("The server could not be reached.", { cause });
    this.name = "NetworkError";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a problem body defensively: anything the server did not fill in gets a safe value, and a
 * body that is no problem at all gives null (the caller then falls back to a generic message).
 */
export function parseProblem(body: unknown, status: number): ProblemDetails | null {
  if (!isRecord(body)) return null;
  const errors: FieldProblem[] = Array.isArray(body.errors)
    ? body.errors.flatMap((item) =>
        isRecord(item) && typeof item.field === "string" && typeof item.message === "string"
          ? [
              {
                field: item.field,
                message: item.message,
                ...(typeof item.code === "string" ? { code: item.code } : {}),
                ...(typeof item.limit === "number" ? { limit: item.limit } : {}),
              },
            ]
          : [],
      )
    : [];
  const hasProblemShape =
    typeof body.type === "string" || typeof body.title === "string" || typeof body.detail === "string";
  if (!hasProblemShape && errors.length === 0) return null;
  return {
    type: typeof body.type === "string" ? body.type : "about:blank",
    title: typeof body.title === "string" ? body.title : "",
    status: typeof body.status === "number" ? body.status : status,
    detail: typeof body.detail === "string" ? body.detail : undefined,
    errors,
  };
}

/**
 * Field errors keyed by field name, several messages for one field joined in order. Fields the
 * form does not show are left to the caller (see `unshownFieldMessages`).
 */
export function fieldErrors(problem: ProblemDetails | null | undefined, terms?: SentenceTerms): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    const sentence = fieldSentence(error, terms);
    const field = error.field;
    if (byField[field]?.includes(sentence)) continue;
    byField[field] = byField[field] ? `${byField[field]} ${sentence}` : sentence;
  }
  return byField;
}

/** Messages for fields a form has no input for (e.g. `body`), so that none is silently dropped. */
export function unshownFieldMessages(
  problem: ProblemDetails | null | undefined,
  shownFields: readonly string[],
  terms?: SentenceTerms,
): string[] {
  const messages = (problem?.errors ?? [])
    .filter(({ field }) => !shownFields.includes(field))
    .map((error) => namedFieldSentence(error, terms));
  return [...new Set(messages)];
}
