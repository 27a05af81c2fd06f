import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import {
  kserveInferPath,
  postRemoteJson,
  type RemoteFetch,
  RemoteModelError,
  remoteBaseHref,
} from './remote.js';

/**
 * A model that answers text with text: one output per prompt, in order. `kind` names the protocol
 * (`remote:kserve-v2-text`, `remote:openai-completions`) for signatures and reports.
 */
export interface TextModel {
  readonly kind: string;
  generate(prompts: readonly string[], signal?: AbortSignal): Promise<string[]>;
}

/**
 * The `remote` artifact of a text model: a KServe v2 server taking and answering BYTES tensors,
 * or an OpenAI-compatible completions endpoint. `output: {kind: "text"}` is what marks it as a
 * text model (a numeric remote model's descriptor has no such output). Headers are never stored.
 */
export const ZRemoteTextDescriptorSchema = z.strictObject({
  url: z.string().min(1),
  protocol: z.enum(['kserve-v2', 'openai-completions']),
  modelName: z.string().min(1),
  output: z.strictObject({ kind: z.literal('text') }),
  /** KServe v2 only: the model's version on the server. */
  modelVersion: z.string().min(1).optional(),
  /** KServe v2 only: the input tensor's name. @default "text_input" */
  inputName: z.string().min(1).optional(),
  /** KServe v2 only: the output tensor to read. @default the first */
  outputName: z.string().min(1).optional(),
  /** OpenAI completions only: `max_tokens`. @default 256 */
  maxTokens: z.number().int().min(1).max(1_000_000).optional(),
  /** Per-request timeout. @default 30000 */
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
  /** Prompts per request. @default 32 */
  batchSize: z.number().int().min(1).max(10_000).optional(),
});
export type RemoteTextDescriptor = z.infer<typeof ZRemoteTextDescriptorSchema>;

function fail(message: string): never {
  throw new InvalidInputError(message, [{ path: ['bytes'], message }]);
}

/**
 * Whether a `remote` artifact describes a text model (`"output": {"kind": "text"}`): the loaders
 * of numeric models refuse it, text batch tests take it. Malformed bytes answer false (the
 * numeric loader then says what is wrong with them).
 */
export function isRemoteTextDescriptor(bytes: Uint8Array): boolean {
  try {
    const doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    return (
      doc !== null &&
      typeof doc === 'object' &&
      (doc as { output?: { kind?: unknown } }).output?.kind === 'text'
    );
  } catch {
    return false;
  }
}

/**
 * Reads a text model's `remote` descriptor (UTF-8 JSON, see {@link ZRemoteTextDescriptorSchema})
 * without contacting the server, so that the caller can check its `url` first.
 * @throws InvalidInputError when the bytes are not UTF-8 JSON or a field is missing or malformed.
 */
export function parseRemoteTextDescriptor(bytes: Uint8Array): RemoteTextDescriptor {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    fail('the remote text model descriptor is not UTF-8 JSON');
  }
  const parsed = ZRemoteTextDescriptorSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: ['bytes', ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
      message: issue.message,
    }));
    const detail = issues.map((i) => `${i.path.slice(1).join('.')}: ${i.message}`).join('; ');
    throw new InvalidInputError(`invalid remote text model descriptor: ${detail}`, issues);
  }
  return parsed.data;
}

/** Options of {@link createRemoteTextModel}: the descriptor, and how requests are sent. */
export interface RemoteTextModelOptions extends RemoteTextDescriptor {
  /** Extra headers (e.g. authorization). */
  headers?: Record<string, string>;
  /** @default the global `fetch` (no checks on the target) */
  fetch?: RemoteFetch;
}

/**
 * A text model served elsewhere, called with one of two protocols:
 *
 * - `kserve-v2` (KServe / Open Inference Protocol v2, BYTES tensors):
 *   `POST {url}/v2/models/{name}[/versions/{v}]/infer` with
 *   `{"inputs": [{"name": "text_input", "shape": [n], "datatype": "BYTES", "data": [prompts…]}]}`,
 *   reading `outputs[k].data` (n strings; the JSON form of a BYTES tensor is its strings).
 * - `openai-completions` (an OpenAI-compatible server): `POST {url}/v1/completions` with
 *   `{"model", "prompt": [prompts…], "max_tokens", "temperature": 0}` — a batch of prompts in one
 *   request, greedy decoding so that a batch test is repeatable — reading `choices[i].text`,
 *   placed by `choices[i].index` (the API answers choices in any order).
 *
 * Every request has a timeout and follows no redirect; failures throw {@link RemoteModelError}
 * saying what happened (timed out, could not connect, HTTP status, malformed body, wrong number of
 * outputs) and never what the server said, as {@link createRemoteModel} does.
 *
 * References: KServe "Open Inference Protocol (V2)" REST specification (BYTES tensors); OpenAI API
 * reference, "Completions" (`POST /v1/completions`).
 */
export function createRemoteTextModel(options: RemoteTextModelOptions): TextModel {
  const baseHref = remoteBaseHref(options.url);
  const kserve = options.protocol === 'kserve-v2';
  const path = kserve ? kserveInferPath(options.modelName, options.modelVersion) : 'v1/completions';
  const endpoint = new URL(path, baseHref).href;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const batchSize = options.batchSize ?? 32;
  const send: RemoteFetch = options.fetch ?? ((url, init) => fetch(url, init));

  const post = async (body: unknown, signal?: AbortSignal): Promise<unknown> =>
    (await postRemoteJson(endpoint, body, { send, timeoutMs, headers: options.headers, signal }))
      .doc;

  const malformed: (what: string, status?: number) => never = (what, status = 200) => {
    throw new RemoteModelError(`remote model ${endpoint} answered ${what}`, endpoint, status);
  };

  const kserveBatch = async (prompts: readonly string[], signal?: AbortSignal) => {
    const doc = (await post(
      {
        inputs: [
          {
            name: options.inputName ?? 'text_input',
            shape: [prompts.length],
            datatype: 'BYTES',
            data: prompts,
          },
        ],
      },
      signal,
    )) as { outputs?: { name?: unknown; data?: unknown }[] } | null;
    const outputs = doc?.outputs;
    if (!Array.isArray(outputs)) malformed('a malformed body (no outputs array)');
    const out =
      options.outputName === undefined
        ? outputs[0]
        : outputs.find((o) => o?.name === options.outputName);
    const data = out?.data;
    if (!Array.isArray(data) || data.some((v) => typeof v !== 'string')) {
      malformed(
        options.outputName === undefined
          ? 'no BYTES output of strings'
          : `no BYTES output '${options.outputName}' of strings`,
      );
    }
    return data as string[];
  };

  const openAiBatch = async (prompts: readonly string[], signal?: AbortSignal) => {
    const doc = (await post(
      {
        model: options.modelName,
        prompt: prompts,
        max_tokens: options.maxTokens ?? 256,
        temperature: 0,
      },
      signal,
    )) as { choices?: { index?: unknown; text?: unknown }[] } | null;
    const choices = doc?.choices;
    if (!Array.isArray(choices)) malformed('a malformed body (no choices array)');
    const texts = new Array<string | undefined>(prompts.length);
    choices.forEach((choice, i) => {
      const index = choice?.index ?? i;
      if (
        typeof index !== 'number' ||
        !Number.isInteger(index) ||
        index < 0 ||
        index >= prompts.length ||
        texts[index] !== undefined ||
        typeof choice?.text !== 'string'
      ) {
        malformed(
          `a malformed choice at ${i} (expected a text and an unused index < ${prompts.length})`,
        );
      }
      texts[index as number] = choice.text as string;
    });
    return texts as string[];
  };

  const batch = kserve ? kserveBatch : openAiBatch;
  return {
    kind: kserve ? 'remote:kserve-v2-text' : 'remote:openai-completions',
    async generate(prompts, signal) {
      const out: string[] = [];
      for (let i = 0; i < prompts.length; i += batchSize) {
        signal?.throwIfAborted();
        const chunk = prompts.slice(i, i + batchSize);
        const texts = await batch(chunk, signal);
        if (texts.length !== chunk.length || texts.includes(undefined as never)) {
          malformed(
            `${texts.filter((t) => t !== undefined).length} texts for ${chunk.length} prompts`,
          );
        }
        out.push(...texts);
      }
      return out;
    },
  };
}
