import type { AppLogger } from './observability/logger.js';

/**
 * Runs `stop` once on the first SIGINT or SIGTERM (what a terminal, a container runtime or a
 * process manager sends), logging `what` first, then exits 0. Later signals are logged and
 * ignored while `stop` runs: a terminal's Ctrl+C reaches both the launcher and its children, and a
 * process manager may repeat its SIGTERM, and neither may cut running jobs' grace period short
 * (a node process's default reaction to a signal without a listener is to die at once, leaving
 * the embedded database's lock behind). SIGKILL remains the way to stop at once.
 */
export function stopOnSignals(logger: AppLogger, what: string, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = async (signal: string) => {
    if (stopping) {
      logger.info('already shutting down; signal ignored', { signal });
      return;
    }
    stopping = true;
    logger.info(what, { signal });
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void onSignal('SIGINT'));
  process.on('SIGTERM', () => void onSignal('SIGTERM'));
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
