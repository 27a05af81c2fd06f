import type {
  TuringItem,
  TuringJudge,
  TuringMode,
  TuringOrigin,
  TuringStudy,
  TuringStudyStatus,
} from './turing-study.types.js';

export const studyInclude = { _count: { select: { judges: true, judgements: true } } } as const;
export const judgeInclude = { _count: { select: { judgements: true } } } as const;

export interface TuringStudyRow {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  mode: string;
  status: string;
  itemCount: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
  _count: { judges: number; judgements: number };
}

export function toTuringStudy(row: TuringStudyRow): TuringStudy {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    description: row.description,
    mode: row.mode as TuringMode,
    status: row.status as TuringStudyStatus,
    items: row.itemCount,
    judges: row._count.judges,
    judgements: row._count.judgements,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    openedAt: row.openedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

export interface TuringItemRow {
  id: string;
  position: number;
  prompt: string;
  humanAnswer: string | null;
  machineAnswer: string | null;
  answer: string | null;
  origin: string | null;
  system: string | null;
  createdAt: Date;
}

export function toTuringItem(row: TuringItemRow): TuringItem {
  return {
    id: row.id,
    position: row.position,
    // A single item without a prompt is stored with an empty prompt (the column is required).
    prompt: row.prompt === '' ? null : row.prompt,
    humanAnswer: row.humanAnswer,
    machineAnswer: row.machineAnswer,
    answer: row.answer,
    origin: row.origin as TuringOrigin | null,
    system: row.system,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface TuringJudgeRow {
  id: string;
  studyId: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  _count: { judgements: number };
}

export function toTuringJudge(row: TuringJudgeRow): TuringJudge {
  return {
    id: row.id,
    studyId: row.studyId,
    name: row.name,
    prefix: row.prefix,
    judged: row._count.judgements,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
