/**
 * The portal's configuration, read in this one place. The portal talks to the API from the
 * server side only, so the API key never reaches browser JavaScript.
 */
const maxDatasetBytes = Number(process.env.ASSAY_MAX_DATASET_BYTES ?? 256 * 1024 ** 2);

export const portalEnv = {
  apiUrl: (process.env.ASSAY_API_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, ''),
  /**
   * The largest dataset upload, stated beside the upload form and checked before sending. The
   * API enforces it (413 above); this reads the same variable with the same default
   * (`npm start` gives both processes one environment).
   */
  maxDatasetBytes:
    Number.isSafeInteger(maxDatasetBytes) && maxDatasetBytes > 0
      ? maxDatasetBytes
      : 256 * 1024 ** 2,
} as const;

export const KEY_COOKIE = 'assay_api_key';
