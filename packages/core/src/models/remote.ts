import { InvalidInputError } from '../errors/index.js';
import type { Matrix } from '../linalg/index.js';
import {
  defaultFeatures,
  type FeatureSpec,
  type Model,
  type ModelOutput,
  outputWidth,
} from './types.js';

/**
 * A remote model failed: could not connect, timed out, answered an HTTP error or a malformed
 * body, or the caller's fetch refused its target. The message never carries the server's answer.
 */
export class RemoteModelError extends Error {
  /** HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  readonly url: string;

  constructor(message: string, url: string, status?: number) {
    super(message);
    this.name = 'RemoteModelError';
    this.url = url;
    this.status = status;
  }
}

/** What a remote model sends: one POST of a JSON body, with a timeout signal. */
export interface RemoteRequest {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  /** Always `manual`: a redirect is answered as the 3xx it is, never followed. */
  redirect: 'manual';
}

/** The part of a `fetch` Response a remote model reads. */
export interface RemoteResponse {
  status: number;
  text(): Promise<string>;
}

/**
 * How a remote model reaches its server: `fetch`, or the caller's guarded version of it (an
 * allow-list of targets, addresses pinned after DNS). It may throw a {@link RemoteModelError}
 * of its own (a refused target), which is passed on as is; any other error is "could not
 * connect" (or "timed out" once the signal has fired).
 */
export type RemoteFetch = (url: string, init: RemoteRequest) => Promise<RemoteResponse>;

/** Options of {@link createRemoteModel}. */
/**
 * A remote model's base URL as an href ending in `/`, so that a path resolves below it.
 * @throws InvalidInputError (path `url`) when it is not an http or https URL.
 */
export function remoteBaseHref(url: string): string {
  const fail = (message: string): never => {
    throw new InvalidInputError(message, [{ path: ['url'], message }]);
  };
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    return fail(`remote model url '${url}' is not a URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    fail(`remote model url must be http or https, got '${base.protocol}'`);
  }
  return base.href.endsWith('/') ? base.href : `${base.href}/`;
}

/** KServe / Open Inference Protocol v2's inference path: `v2/models/{name}[/versions/{v}]/infer`. */
export const kserveInferPath = (modelName: string, modelVersion?: string): string =>
  `v2/models/${encodeURIComponent(modelName)}${
    modelVersion === undefined ? '' : `/versions/${encodeURIComponent(modelVersion)}`
  }/infer`;

/**
 * Posts a JSON body to a remote model and answers its JSON answer. The request has a timeout and
 * follows no redirect; a failure throws {@link RemoteModelError} saying what happened — "timed
 * out", "could not connect", "answered HTTP 500", "answered a malformed body" — and never what the
 * server said or which socket error occurred: the caller of a model must not learn more about the
 * server than whether it answers (the text of an error page, or ECONNREFUSED against a reset,
 * would turn a registered model into a probe of the network behind the server that runs it).
 * `signal` (the caller's) aborts with its own reason.
 */
export async function postRemoteJson(
  endpoint: string,
  body: unknown,
  options: {
    send: RemoteFetch;
    timeoutMs: number;
    headers?: Record<string, string> | undefined;
    signal?: AbortSignal | undefined;
    /** What the malformed-body message says a good body is. @default 'not JSON' */
    expected?: string;
  },
): Promise<{ doc: unknown; status: number }> {
  const { timeoutMs, signal: outer } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = outer ? AbortSignal.any([timeout, outer]) : timeout;
  let response: RemoteResponse;
  let text: string;
  try {
    response = await options.send(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal,
      redirect: 'manual',
    });
    text = await response.text();
  } catch (error) {
    if (error instanceof RemoteModelError) throw error;
    if (outer?.aborted) throw outer.reason;
    if (timeout.aborted) {
      throw new RemoteModelError(
        `remote model ${endpoint} timed out (did not answer within ${timeoutMs} ms)`,
        endpoint,
      );
    }
    throw new RemoteModelError(`remote model ${endpoint}: could not connect`, endpoint);
  }
  if (response.status < 200 || response.status > 299) {
    const redirect =
      response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
    throw new RemoteModelError(
      `remote model ${endpoint} answered HTTP ${response.status}${redirect}`,
      endpoint,
      response.status,
    );
  }
  try {
    return { doc: JSON.parse(text) as unknown, status: response.status };
  } catch {
    throw new RemoteModelError(
      `remote model ${endpoint} answered a malformed body (${options.expected ?? 'not JSON'})`,
      endpoint,
      response.status,
    );
  }
}

export interface RemoteModelOptions {
  /** Base URL of the inference server, e.g. `http://models:8080` (http or https). */
  url: string;
  /** The model's name on the server. */
  modelName: string;
  modelVersion?: string;
  /** Number of features (or give `featureNames`). */
  nFeatures?: number;
  featureNames?: readonly string[];
  /** @default regression, one output */
  output?: ModelOutput;
  /** Name of the request's input tensor. @default "input-0" */
  inputName?: string;
  /** Output tensor to read. @default the first */
  outputName?: string;
  /** Tensor type sent: FP64 keeps every bit, FP32 halves the payload. @default "FP64" */
  datatype?: 'FP32' | 'FP64';
  /** Per-request timeout. @default 30000 */
  timeoutMs?: number;
  /** Rows per request. @default 10000 */
  batchRows?: number;
  /** Extra headers (e.g. authorization). */
  headers?: Record<string, string>;
  /** How requests are sent. @default the global `fetch` (no checks on the target) */
  fetch?: RemoteFetch;
}

interface V2Output {
  name?: unknown;
  shape?: unknown;
  datatype?: unknown;
  data?: unknown;
}

/**
 * A model served elsewhere, called over HTTP with the KServe / Open Inference Protocol v2:
 * `POST {url}/v2/models/{name}[/versions/{v}]/infer` with
 * `{"inputs": [{"name", "shape": [rows, features], "datatype": "FP64", "data": [...]}]}`, reading
 * `outputs[k].data` (row-major), through {@link postRemoteJson} (a timeout, no redirects,
 * failures that say what happened and never what the server said).
 *
 * Reference: KServe "Open Inference Protocol (V2)" REST specification.
 */
export function createRemoteModel(options: RemoteModelOptions): Model {
  const baseHref = remoteBaseHref(options.url);
  const features: FeatureSpec[] =
    options.featureNames !== undefined
      ? options.featureNames.map((name) => ({ name, type: 'numeric' }))
      : options.nFeatures !== undefined
        ? defaultFeatures(options.nFeatures)
        : [];
  if (features.length === 0)
    throw new InvalidInputError('a remote model needs nFeatures or featureNames');
  const nFeatures = features.length;
  const output = options.output ?? { kind: 'regression', nOutputs: 1 };
  const width = outputWidth(output);
  const endpoint = new URL(kserveInferPath(options.modelName, options.modelVersion), baseHref).href;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const batchRows = options.batchRows ?? 10_000;
  const datatype = options.datatype ?? 'FP64';
  const send: RemoteFetch = options.fetch ?? ((url, init) => fetch(url, init));

  const infer = async (data: Float64Array, rows: number): Promise<Float64Array> => {
    const expected = 'not JSON with an outputs array';
    const { doc, status } = await postRemoteJson(
      endpoint,
      {
        inputs: [
          {
            name: options.inputName ?? 'input-0',
            shape: [rows, nFeatures],
            datatype,
            data: Array.from(data),
          },
        ],
      },
      { send, timeoutMs, headers: options.headers, expected },
    );
    const outputs = (doc as { outputs?: V2Output[] } | null)?.outputs;
    if (!Array.isArray(outputs)) {
      throw new RemoteModelError(
        `remote model ${endpoint} answered a malformed body (${expected})`,
        endpoint,
        status,
      );
    }
    const out =
      options.outputName === undefined
        ? outputs[0]
        : outputs.find((o) => o.name === options.outputName);
    const values = out?.data;
    if (
      !Array.isArray(values) ||
      values.length !== rows * width ||
      values.some((v) => typeof v !== 'number')
    ) {
      throw new RemoteModelError(
        `remote model ${endpoint} returned ${Array.isArray(values) ? values.length : 'no'} numbers for ${rows} rows × ${width} outputs`,
        endpoint,
        status,
      );
    }
    return Float64Array.from(values as number[]);
  };

  return {
    kind: 'remote:kserve-v2',
    inputSchema: { features },
    output,
    async predict(x: Matrix) {
      if (x.cols !== nFeatures) {
        throw new InvalidInputError(
          `the model expects ${nFeatures} features but the data has ${x.cols}`,
        );
      }
      const out = new Float64Array(x.rows * width);
      for (let r0 = 0; r0 < x.rows; r0 += batchRows) {
        const rows = Math.min(batchRows, x.rows - r0);
        out.set(
          await infer(x.data.subarray(r0 * nFeatures, (r0 + rows) * nFeatures), rows),
          r0 * width,
        );
      }
      return out;
    },
  };
}
