import type { Principal } from './principal.js';

/** Who the audit log and `createdBy` name for a request: the key's id, never its secret. */
export const actorOf = (who: Principal) => `apikey:${who.apiKey.id}`;
