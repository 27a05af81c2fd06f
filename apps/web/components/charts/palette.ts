/**
 * Okabe & Ito's palette ("Color Universal Design", 2008): eight colours told apart under the
 * common colour-vision deficiencies. Series take them in this order; yellow is left out (too
 * pale on white for thin lines and text).
 */
export const SERIES_COLOURS = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
] as const;

export const seriesColour = (i: number) => SERIES_COLOURS[i % SERIES_COLOURS.length] as string;

/** Text and frame greys, shared with the stylesheet (contrast ≥ 4.5:1 on white for text). */
export const INK = '#1b1f24';
export const MUTED = '#5b6470';
export const FRAME = '#d8dde3';
export const GRID = '#eef0f3';

/**
 * A low → high value colour (feature value in a beeswarm): Okabe–Ito blue to vermillion through
 * a light grey, a diverging scale that stays ordered for red–green colour blindness.
 */
export function diverging(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5));
  const lo = [0x00, 0x72, 0xb2];
  const mid = [0xc8, 0xc8, 0xc8];
  const hi = [0xd5, 0x5e, 0x00];
  const [a, b, s] = u < 0.5 ? [lo, mid, u * 2] : [mid, hi, (u - 0.5) * 2];
  const c = a.map((v, i) => Math.round(v + ((b[i] as number) - v) * s));
  return `rgb(${c.join(',')})`;
}

/**
 * A one-hue sequential scale (heatmaps): white to Okabe–Ito sky blue. It stays light enough that
 * ink text keeps a WCAG contrast of at least 7:1 on every cell (a darker end forces a switch
 * to white text, and around the switch neither reaches 4.5:1).
 */
export function sequential(t: number): { fill: string; text: string } {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const c = [255, 255, 255].map((v, i) =>
    Math.round(v + (([0x56, 0xb4, 0xe9][i] as number) - v) * u),
  );
  return { fill: `rgb(${c.join(',')})`, text: INK };
}
