import type { SyncedRecord } from "./sync-api";
import { newId } from "./ids";

/**
 * Walk-ins made offline (SPEC §3.3, §4.5): someone not on the list, added to a session on the spot.
 * Until the server has made them a participant they go by a placeholder id made here; marks for
 * them queue behind their walk-in in the outbox and carry the placeholder, which the sender
 * replaces with the server's id once the walk-in is made (and a mark made just after that is
 * given the real id at once).
 */

const PREFIX = "local:";

/** A placeholder for a walk-in the server does not know yet. */
export function newPlaceholderId(): string {
  return `${PREFIX}${newId()}`;
}

export function isPlaceholder(participantId: string): boolean {
  return participantId.startsWith(PREFIX);
}

/** The meta store's key of the id a placeholder became. */
export const walkInKey = (placeholder: string) => `walk-in:${placeholder}`;
/** The meta store's key of the version of the record the walk-in made (the base of later marks). */
export const walkInVersionKey = (placeholder: string) => `walk-in-version:${placeholder}`;

/** A walk-in the outbox sent: who they are now, and the record the walk-in made. */
export interface WalkInAdded {
  placeholder: string;
  session_id: string;
  participant: { id: string; name: string; external_ref: string | null; walk_in?: boolean };
  record: SyncedRecord;
}

type Listener = (added: WalkInAdded) => void;
const listeners = new Set<Listener>();

/** Screens showing a roster hear of walk-ins the outbox sent (the placeholder's row becomes theirs). */
export function onWalkInAdded(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function walkInAdded(added: WalkInAdded): void {
  for (const listener of listeners) listener(added);
}
