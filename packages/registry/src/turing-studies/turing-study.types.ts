import { z } from 'zod';
import type { Check, Same } from '../common.js';
import {
  TURING_CHOICES,
  TURING_MODES,
  TURING_ORIGINS,
  TURING_STUDY_STATUSES,
  ZTuringChoiceSchema,
  ZTuringModeSchema,
  ZTuringStudyStatusSchema,
} from './turing-study.schemas.js';

// Domain types (plain objects, ISO-8601 dates, never Prisma types) and their response schemas,
// checked equal at compile time.

export type TuringMode = (typeof TURING_MODES)[number];
export type TuringStudyStatus = (typeof TURING_STUDY_STATUSES)[number];
export type TuringOrigin = (typeof TURING_ORIGINS)[number];
export type TuringChoice = (typeof TURING_CHOICES)[number];

export interface TuringStudy {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  mode: TuringMode;
  status: TuringStudyStatus;
  items: number;
  judges: number;
  judgements: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  openedAt: string | null;
  closedAt: string | null;
}

export const ZTuringStudySchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    mode: ZTuringModeSchema,
    status: ZTuringStudyStatusSchema,
    items: z.number().int(),
    judges: z.number().int(),
    judgements: z.number().int(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    openedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'TuringStudy' });

/** An item as its owner sees it: everything, origin and system included. */
export interface TuringItem {
  id: string;
  position: number;
  prompt: string | null;
  humanAnswer: string | null;
  machineAnswer: string | null;
  answer: string | null;
  origin: TuringOrigin | null;
  system: string | null;
  createdAt: string;
}

export const ZTuringItemSchema = z
  .object({
    id: z.string(),
    position: z.number().int(),
    prompt: z.string().nullable(),
    humanAnswer: z.string().nullable(),
    machineAnswer: z.string().nullable(),
    answer: z.string().nullable(),
    origin: z.enum(TURING_ORIGINS).nullable(),
    system: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'TuringItem' });

export interface TuringJudge {
  id: string;
  studyId: string;
  name: string;
  prefix: string;
  judged: number;
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export const ZTuringJudgeSchema = z
  .object({
    id: z.string(),
    studyId: z.string(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the invitation token'),
    judged: z.number().int().describe('Judgements this judge has made'),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'TuringJudge' });

/**
 * An item as a judge sees it: blinded (no origin, no system, no upload position) — side by side,
 * the two answers in this judge's left/right order; single, the one answer.
 */
export interface BlindTuringItem {
  id: string;
  prompt: string | null;
  left: string | null;
  right: string | null;
  answer: string | null;
}

export const ZBlindTuringItemSchema = z
  .object({
    id: z.string(),
    prompt: z.string().nullable(),
    left: z.string().nullable().describe('Side by side: the answer shown on the left'),
    right: z.string().nullable().describe('Side by side: the answer shown on the right'),
    answer: z.string().nullable().describe('Single: the answer to label'),
  })
  .meta({ id: 'BlindTuringItem' });

/** What a judge gets: the study's name and mode, their progress, and the next item (or none). */
export interface TuringJudgeView {
  study: {
    id: string;
    name: string;
    description: string | null;
    mode: TuringMode;
    status: TuringStudyStatus;
  };
  judge: { id: string; name: string };
  judged: number;
  total: number;
  item: BlindTuringItem | null;
}

export const ZTuringJudgeViewSchema = z
  .object({
    study: z.object({
      id: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      mode: ZTuringModeSchema,
      status: ZTuringStudyStatusSchema,
    }),
    judge: z.object({ id: z.string(), name: z.string() }),
    judged: z.number().int().describe('Items this judge has judged'),
    total: z.number().int().describe('Items in the study'),
    item: ZBlindTuringItemSchema.nullable().describe(
      'The next item to judge; null when the judge has judged every item or the study is not open',
    ),
  })
  .meta({ id: 'TuringJudgeView' });

/** A stored judgement as its judge sees it (no correctness: results stay hidden until closing). */
export interface TuringJudgementReceipt {
  itemId: string;
  choice: TuringChoice;
  createdAt: string;
  /** `true` when this judgement was already stored with the same choice (nothing changed). */
  replayed: boolean;
}

export const ZTuringJudgementReceiptSchema = z
  .object({
    itemId: z.string(),
    choice: ZTuringChoiceSchema,
    createdAt: z.string(),
    replayed: z
      .boolean()
      .describe('true: this judgement was already stored with the same choice; nothing changed'),
  })
  .meta({ id: 'TuringJudgementReceipt' });

/** An authenticated invitation: the judge and their study. */
export interface TuringJudgeSession {
  judge: TuringJudge;
  study: TuringStudy;
}

/** What the report needs: every item with its origin and texts, every judgement as a label. */
export interface TuringReportData {
  items: {
    id: string;
    prompt: string;
    origin: TuringOrigin;
    system: string | null;
    answer: string;
    humanAnswer: string | null;
  }[];
  judgements: { judge: string; item: string; label: TuringOrigin }[];
}

type _ShapeChecks = [
  Check<Same<z.output<typeof ZTuringStudySchema>, TuringStudy>>,
  Check<Same<z.output<typeof ZTuringItemSchema>, TuringItem>>,
  Check<Same<z.output<typeof ZTuringJudgeSchema>, TuringJudge>>,
  Check<Same<z.output<typeof ZBlindTuringItemSchema>, BlindTuringItem>>,
  Check<Same<z.output<typeof ZTuringJudgeViewSchema>, TuringJudgeView>>,
  Check<Same<z.output<typeof ZTuringJudgementReceiptSchema>, TuringJudgementReceipt>>,
];
