import { formatNumber } from '../lib/format';

/** A metric's bootstrap interval with the level that was asked: `[0.81, 0.88] at 90 %`. */
export function Interval({
  ci,
}: {
  ci: { lower: number; upper: number; level: number } | undefined | null;
}) {
  if (!ci) return null;
  return (
    <span className="interval">
      [{formatNumber(ci.lower)}, {formatNumber(ci.upper)}] at {formatLevel(ci.level)}
    </span>
  );
}

/** 0.95 → "95 %", 0.999 → "99.9 %". */
export const formatLevel = (level: number) => `${Number((level * 100).toPrecision(4))} %`;
