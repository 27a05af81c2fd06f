import type { LoggerService } from '@nestjs/common';

export type LogFormat = 'json' | 'pretty';
type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * Structured logs: one JSON object per line on stdout (`json`, for log collectors), or a short
 * human line (`pretty`, for a terminal). Also serves as Nest's logger so its messages share the
 * format.
 */
export class AppLogger implements LoggerService {
  constructor(
    private readonly format: LogFormat,
    private readonly minLevel: Level = 'info',
  ) {}

  /** Whether a line at `level` would be written (to skip building it otherwise). */
  enabled(level: Level): boolean {
    return RANK[level] >= RANK[this.minLevel];
  }

  write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (RANK[level] < RANK[this.minLevel]) return;
    const line =
      this.format === 'json'
        ? JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })
        : `${level.toUpperCase().padEnd(5)} ${msg}${Object.keys(fields).length ? ` ${pretty(fields)}` : ''}`;
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  }

  info(msg: string, fields?: Record<string, unknown>) {
    this.write('info', msg, fields);
  }

  // LoggerService: Nest calls these with (message, context) or (message, stack, context).
  log(message: unknown, context?: string) {
    const level = context && NEST_BOOT_CONTEXTS.has(context) ? 'debug' : 'info';
    this.write(level, String(message), context ? { context } : {});
  }
  error(message: unknown, stack?: string, context?: string) {
    this.write('error', String(message), {
      ...(stack ? { stack } : {}),
      ...(context ? { context } : {}),
    });
  }
  warn(message: unknown, context?: string) {
    this.write('warn', String(message), context ? { context } : {});
  }
  debug(message: unknown, context?: string) {
    this.write('debug', String(message), context ? { context } : {});
  }
  verbose(message: unknown, context?: string) {
    this.write('debug', String(message), context ? { context } : {});
  }
}

/** Nest's start-up chatter (one line per route); kept at debug so that info stays readable. */
const NEST_BOOT_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

const pretty = (fields: Record<string, unknown>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
