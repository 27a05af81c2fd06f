import { cookies } from 'next/headers';
import { type AssayClient, apiFor, type Schemas, unwrap } from './api';

/** The portal's reads of Turing studies (owner side), through the typed API client. */
export type TuringStudy = Schemas['TuringStudy'];
export type TuringStudyReport = Schemas['TuringStudyReport'];
export type TuringJudgeView = Schemas['TuringJudgeView'];

export function listTuringStudies(api: AssayClient, project: string, cursor?: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/turing-studies', {
      params: { path: { project }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
    }),
  );
}

export function getTuringReport(api: AssayClient, project: string, id: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/turing-studies/{id}/report', {
      params: { path: { project, id } },
    }),
  );
}

export function listTuringJudges(api: AssayClient, project: string, id: string) {
  return unwrap(
    api.GET('/v1/projects/{project}/turing-studies/{id}/judges', {
      params: { path: { project, id } },
    }),
  );
}

/**
 * The judge's invitation, kept in an HTTP-only cookie scoped to the judging page: the link sets
 * it once and redirects, so the token leaves the address bar and never reaches browser scripts.
 */
export const JUDGE_COOKIE = 'assay_judge';

export interface JudgeInvitation {
  project: string;
  id: string;
  token: string;
}

export function parseInvitation(raw: string | undefined): JudgeInvitation | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<JudgeInvitation>;
    return typeof value.project === 'string' &&
      typeof value.id === 'string' &&
      typeof value.token === 'string'
      ? { project: value.project, id: value.id, token: value.token }
      : null;
  } catch {
    // A cookie the portal did not write: treat as no invitation.
    return null;
  }
}

export async function currentInvitation(): Promise<JudgeInvitation | null> {
  return parseInvitation((await cookies()).get(JUDGE_COOKIE)?.value);
}

/** A client without an API key: judging routes read only the invitation token. */
const judgeApi = () => apiFor('');

export function judgeNext(inv: JudgeInvitation) {
  return unwrap(
    judgeApi().GET('/v1/projects/{project}/turing-studies/{id}/judging/next', {
      params: {
        path: { project: inv.project, id: inv.id },
        header: { 'x-judge-token': inv.token },
      },
    }),
  );
}

export function judgeSubmit(inv: JudgeInvitation, itemId: string, choice: string) {
  return unwrap(
    judgeApi().POST('/v1/projects/{project}/turing-studies/{id}/judging/judgements', {
      params: {
        path: { project: inv.project, id: inv.id },
        header: { 'x-judge-token': inv.token },
      },
      body: { itemId, choice: choice as 'left' | 'right' | 'human' | 'machine' },
    }),
  );
}

export function judgeResults(inv: JudgeInvitation) {
  return unwrap(
    judgeApi().GET('/v1/projects/{project}/turing-studies/{id}/judging/results', {
      params: {
        path: { project: inv.project, id: inv.id },
        header: { 'x-judge-token': inv.token },
      },
    }),
  );
}

/** A proportion as a percentage. */
export const pct = (x: number | null | undefined) =>
  x == null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)} %`;

/** A p-value, exponent form when small. */
export const pValue = (p: number) => (p < 0.001 ? p.toExponential(2) : p.toFixed(3));
