export const formatBytes = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1024 ** 2
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${(n / 1024 ** 2).toFixed(1)} MiB`;

export const formatTime = (iso: string | null | undefined) =>
  iso ? `${new Date(iso).toISOString().replace('T', ' ').slice(0, 19)} UTC` : '—';

/** Four significant digits: enough to compare metrics at a glance. */
export const formatNumber = (v: number) => Number(v.toPrecision(4)).toString();
