import { FRAME, INK, MUTED, seriesColour } from './palette';
import { linear } from './scale';

/** One move of an alias, as its ledger lists it. */
export interface AliasMove {
  id: string;
  at: string;
  toVersion: number | null;
  actor: string;
  /** What the move rests on: a gate report, an admin's override, an evaluation, or nothing. */
  basis: 'gate' | 'override' | 'evaluation' | 'none';
}

const BASIS_TEXT: Record<AliasMove['basis'], string> = {
  gate: 'a passing gate report',
  override: "an admin's override",
  evaluation: 'an evaluation',
  none: 'no evidence',
};

/**
 * An alias's ledger as a timeline: who held the alias when (one band per holding, labelled with
 * the version, proportional to its time), and a mark at each move whose shape says what it rests
 * on (circle: gate report, triangle: override, square: evaluation, diamond: nothing) — shapes,
 * not only colours, so the basis reads without colour vision. Server-rendered SVG.
 */
export function AliasTimeline({
  alias,
  moves,
  now,
  testId,
}: {
  alias: string;
  /** Newest first, as the ledger answers. */
  moves: readonly AliasMove[];
  /** The end of the last band (the page's render time, in ms). */
  now: number;
  testId?: string;
}) {
  const ordered = [...moves].reverse();
  const first = ordered[0];
  if (!first) return null;
  const t0 = Date.parse(first.at);
  const t1 = Math.max(now, Date.parse(ordered.at(-1)?.at ?? first.at) + 1);
  const width = 640;
  const height = 96;
  const box = { left: 12, right: width - 12, top: 30, bottom: 62 };
  const sx = linear([t0, t1], [box.left, box.right]);
  const versions = [...new Set(ordered.map((m) => m.toVersion))];
  const description = ordered
    .map(
      (m) =>
        `${new Date(m.at).toISOString()}: ${m.toVersion === null ? 'detached' : `v${m.toVersion}`} by ${m.actor}, resting on ${BASIS_TEXT[m.basis]}`,
    )
    .join('; ');
  const title = `Timeline of the alias ${alias}`;
  return (
    <svg
      role="img"
      aria-label={title}
      data-testid={testId}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
    >
      <title>{title}</title>
      <desc>{description}</desc>
      {ordered.map((m, i) => {
        const start = sx(Date.parse(m.at));
        const next = ordered[i + 1];
        const end = next ? sx(Date.parse(next.at)) : box.right;
        const label = m.toVersion === null ? 'detached' : `v${m.toVersion}`;
        return (
          <g key={m.id} data-band={label}>
            <rect
              x={start}
              y={box.top}
              width={Math.max(1, end - start)}
              height={box.bottom - box.top}
              fill={m.toVersion === null ? '#ffffff' : seriesColour(versions.indexOf(m.toVersion))}
              fillOpacity={m.toVersion === null ? 1 : 0.25}
              stroke={FRAME}
            />
            {end - start > 28 ? (
              <text x={start + 4} y={box.bottom - 10} fontSize="11" fill={INK}>
                {label}
              </text>
            ) : null}
          </g>
        );
      })}
      {ordered.map((m) => (
        <MoveMark key={`mark-${m.id}`} x={sx(Date.parse(m.at))} y={box.top - 8} move={m} />
      ))}
      <text x={box.left} y={height - 8} fontSize="10" fill={MUTED}>
        {new Date(t0).toISOString().slice(0, 16).replace('T', ' ')}
      </text>
      <text x={box.right} y={height - 8} fontSize="10" fill={MUTED} textAnchor="end">
        now
      </text>
    </svg>
  );
}

function MoveMark({ x, y, move }: { x: number; y: number; move: AliasMove }) {
  const r = 5;
  const text = `${move.at}: ${move.toVersion === null ? 'detached' : `v${move.toVersion}`} by ${move.actor}, resting on ${BASIS_TEXT[move.basis]}`;
  const common = { fill: INK, 'data-basis': move.basis } as const;
  const shape =
    move.basis === 'gate' ? (
      <circle cx={x} cy={y} r={r} {...common} />
    ) : move.basis === 'override' ? (
      <polygon points={`${x},${y - r} ${x + r},${y + r} ${x - r},${y + r}`} {...common} />
    ) : move.basis === 'evaluation' ? (
      <rect x={x - r} y={y - r} width={2 * r} height={2 * r} {...common} />
    ) : (
      <polygon points={`${x},${y - r} ${x + r},${y} ${x},${y + r} ${x - r},${y}`} {...common} />
    );
  return (
    <g>
      <title>{text}</title>
      {shape}
    </g>
  );
}
