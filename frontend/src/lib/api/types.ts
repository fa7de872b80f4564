import type { components } from "./schema";

/**
 * A schema of the public API by its OpenAPI name — `Schema<"RecordOut">` — generated from the
 * gateway's own document (`npm run api-types`), never described by hand: when the API changes, the
 * types change with it and `make lint` says so. Where the API documents a closed set of words that
 * its schema leaves a plain string (a state's category, a sync outcome), the feature narrows that
 * one field and says why.
 */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/**
 * A request body whose fields `K` may be left out for the server's default. The generated types
 * describe answers, where a field with a default is always there, so they require it; a body
 * names the ones it may omit.
 */
export type WithDefaults<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
