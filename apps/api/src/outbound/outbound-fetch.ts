import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type RemoteFetch, RemoteModelError, type RemoteResponse } from '@assay/core';
import { type OutboundPolicy, OutboundRefusedError } from './outbound-policy.js';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `net.connect` that resolves through the policy: the addresses a socket
 * connects to are the ones the policy checked, whatever DNS answers a moment later.
 */
function pinnedLookup(policy: OutboundPolicy) {
  return (
    hostname: string,
    options: LookupOneOptions | LookupAllOptions,
    callback: LookupCallback,
  ): void => {
    policy.resolve(hostname).then(
      (addresses) => {
        const wanted =
          options.family === 4 || options.family === 6
            ? addresses.filter((a) => a.family === options.family)
            : addresses;
        const first = wanted[0];
        if (first === undefined) {
          callback(
            new OutboundRefusedError(`'${hostname}' has no allowed address`, 'dns'),
            options.all ? [] : '',
          );
        } else if (options.all) callback(null, wanted);
        else callback(null, first.address, first.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, options.all ? [] : ''),
    );
  };
}

/**
 * `fetch` for remote models under the outbound policy (the core's `RemoteFetch`): checks the
 * URL before the request and every address at connect time (the socket's own DNS lookup is the
 * policy's), sends one request on a fresh connection (no pooled socket outlives a check), and
 * never follows a redirect (node:http does not). A refused target becomes a
 * {@link RemoteModelError} that names the rule; socket errors reach the core as they are, and
 * it reports them as "could not connect" without their code.
 */
export function createOutboundFetch(
  policy: OutboundPolicy,
  maxResponseBytes: number = DEFAULT_MAX_RESPONSE_BYTES,
): RemoteFetch {
  const lookup = pinnedLookup(policy);
  const tooLarge = (url: string) =>
    new RemoteModelError(
      `remote model ${url} answered more than ${maxResponseBytes} bytes (ASSAY_REMOTE_MAX_RESPONSE_BYTES)`,
      url,
    );
  return async (url, init) => {
    let target: URL;
    try {
      target = policy.checkUrl(url).url;
    } catch (error) {
      throw refused(url, error);
    }
    init.signal.throwIfAborted();
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<RemoteResponse>((resolve, reject) => {
      const req = send(
        target,
        { method: init.method, headers: init.headers, lookup, agent: false },
        (res) => {
          // A hostile or broken server must not fill the process's memory: the answer is read
          // up to the bound, and the connection dropped beyond it.
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > maxResponseBytes) {
            req.destroy();
            reject(tooLarge(url));
            return;
          }
          const chunks: Buffer[] = [];
          let received = 0;
          res.on('data', (chunk: Buffer) => {
            received += chunk.byteLength;
            if (received > maxResponseBytes) {
              req.destroy();
              reject(tooLarge(url));
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('close', () => {
            if (!res.complete) reject(new Error('the connection closed mid-answer'));
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, text: async () => text });
          });
        },
      );
      const onAbort = () => {
        req.destroy();
        reject(init.signal.reason);
      };
      init.signal.addEventListener('abort', onAbort, { once: true });
      req.on('close', () => init.signal.removeEventListener('abort', onAbort));
      req.on('error', (error) => {
        reject(error instanceof OutboundRefusedError ? refused(url, error) : error);
      });
      req.end(init.body);
    });
  };
}

/** The largest answer a remote model may send, unless configured (64 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function refused(url: string, error: unknown): unknown {
  if (!(error instanceof OutboundRefusedError)) return error;
  return new RemoteModelError(`remote model ${url} refused: ${error.message}`, url);
}
