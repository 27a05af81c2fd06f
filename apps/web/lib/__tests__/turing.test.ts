import { describe, expect, it } from 'vitest';
import { parseInvitation, pct, pValue } from '../turing';

describe('parseInvitation(cookie)', () => {
  it('reads the invitation the link handler wrote', () => {
    const inv = { project: 'default', id: 'abc', token: 'assay_judge_x' };
    expect(parseInvitation(JSON.stringify(inv))).toEqual(inv);
  });
  it('treats a missing, malformed or incomplete cookie as no invitation', () => {
    expect(parseInvitation(undefined)).toBeNull();
    expect(parseInvitation('not json')).toBeNull();
    expect(parseInvitation(JSON.stringify({ project: 'default', id: 'abc' }))).toBeNull();
    expect(parseInvitation(JSON.stringify({ project: 1, id: 'abc', token: 't' }))).toBeNull();
  });
});

describe('pct / pValue', () => {
  it('formats proportions and p-values, and a dash where undefined', () => {
    expect(pct(0.6667)).toBe('66.7 %');
    expect(pct(null)).toBe('—');
    expect(pValue(0.0421)).toBe('0.042');
    expect(pValue(0.00001234)).toBe('1.23e-5');
  });
});
