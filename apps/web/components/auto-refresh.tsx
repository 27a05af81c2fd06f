'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Re-renders the server page every `intervalMs` while `active`, so progress shows without a
 * reload. The page fetches from the API on the server with the cookie's key: the browser only
 * asks Next for a fresh render, and the key never reaches its JavaScript.
 */
export function AutoRefresh({
  active,
  intervalMs = 2000,
}: {
  active: boolean;
  intervalMs?: number;
}) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      // A hidden tab has nobody watching; it catches up on the next tick after it shows again.
      if (document.visibilityState === 'visible') router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return active ? (
    <p className="muted refreshing">
      Updating every {Math.round(intervalMs / 1000)} s while jobs are queued or running.
    </p>
  ) : null;
}
