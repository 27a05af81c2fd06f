import type { ModelLoadContext, RemoteFetch } from '@assay/core';
import { createOutboundFetch } from './outbound-fetch.js';
import { OutboundPolicy, parseAllowList, type Resolver } from './outbound-policy.js';

/** The injection token of the deployment's {@link Outbound}. */
export const OUTBOUND = Symbol('Outbound');

/** How this process reaches other servers on a user's behalf: the policy and its fetch. */
export interface Outbound {
  policy: OutboundPolicy;
  /** The remote models' fetch under the policy. */
  fetch: RemoteFetch;
  /** `ASSAY_REMOTE_ALLOWED_HOSTS` as configured, for a compute thread to build its own. */
  allowedHosts: string;
}

/**
 * The outbound policy of `ASSAY_REMOTE_ALLOWED_HOSTS` and its fetch. `resolver` replaces the
 * system's DNS (tests resolve names of their own); `maxResponseBytes` bounds an answer
 * (`ASSAY_REMOTE_MAX_RESPONSE_BYTES`).
 */
export function createOutbound(
  allowedHosts: string,
  resolver?: Resolver,
  maxResponseBytes?: number,
): Outbound {
  const policy = new OutboundPolicy(parseAllowList(allowedHosts), resolver);
  return { policy, fetch: createOutboundFetch(policy, maxResponseBytes), allowedHosts };
}

/** What loading a model version may use: remote models send through the outbound fetch. */
export function modelLoadContext(outbound: Outbound): ModelLoadContext {
  return { fetch: outbound.fetch };
}
