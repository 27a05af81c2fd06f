import type { AppLogger } from './observability/logger.js';

/**
 * Runs `stop` once on the first SIGINT or SIGTERM (what a terminal, a container runtime or a
 * process manager sends), logging `what` first, then exits 0.
 */
export function stopOnSignals(logger: AppLogger, what: string, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(what, { signal });
    await stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void onSignal('SIGINT'));
  process.once('SIGTERM', () => void onSignal('SIGTERM'));
}

/** Ends a process whose start-up failed with one JSON error line (before any logger exists). */
export function exitOnStartupFailure(what: string) {
  return (err: unknown): never => {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: `${what} failed to start`, error: err instanceof Error ? (err.stack ?? err.message) : String(err) })}\n`,
    );
    process.exit(1);
  };
}
