/**
 * The portal's configuration, read in this one place. The portal talks to the API from the
 * server side only, so the API key never reaches browser JavaScript.
 */
export const portalEnv = {
  apiUrl: (process.env.ASSAY_API_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, ''),
} as const;

export const KEY_COOKIE = 'assay_api_key';
