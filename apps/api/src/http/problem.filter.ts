import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { toProblem } from './to-problem.js';

const log = new Logger('Errors');

/** Sends any error as RFC 9457 problem details; logs unexpected ones with their id. */
export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const { problem, headers, unexpected } = toProblem(err);
  if (unexpected !== undefined) {
    log.error(
      `${problem.errorId} ${req.method} ${req.originalUrl}: ${unexpected instanceof Error ? (unexpected.stack ?? unexpected.message) : String(unexpected)}`,
    );
  }
  if (reply.sent || reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  if (headers) reply.headers(headers);
  reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problem, instance: req.originalUrl }));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}
