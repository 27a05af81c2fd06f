import { Logger } from '@nestjs/common';
import { ProblemError, problem } from '../../http/problem.js';

const log = new Logger('compute');

/** The part of a Fastify reply (or Nest's passthrough response) this needs. */
interface ReplyLike {
  raw: { writableEnded: boolean; once(event: 'close', listener: () => void): unknown };
  request?: { id?: unknown; method?: string; url?: string };
}

/**
 * Aborted when the client goes away before its answer is written (a timeout, a closed notebook):
 * the pool then drops the request's task from its queue, or terminates the thread computing it,
 * and the abandonment is logged. Pass it to `ComputePool.run`.
 */
export function abandonSignal(reply: ReplyLike): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (reply.raw.writableEnded) return;
    log.warn(
      `request abandoned by its client before the answer; its computation is cancelled ${JSON.stringify(
        { requestId: reply.request?.id, method: reply.request?.method, url: reply.request?.url },
      )}`,
    );
    // 499 (nginx's "client closed request"): nobody reads it, and it is not a server error.
    controller.abort(
      new ProblemError(
        problem(499, 'client-closed', 'the client closed the connection before the answer'),
      ),
    );
  });
  return controller.signal;
}
