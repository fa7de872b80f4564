// One way to make ids in the app (lib/offline/ids.ts): a mutation id, an Idempotency-Key.
export { newId as newMutationId } from "@/lib/offline/ids";
