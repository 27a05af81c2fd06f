import { z } from 'zod';
import { ZDescriptionSchema, ZIdSchema, ZNameSchema } from '../common.js';

/** How items are judged: a human and a machine answer side by side, or one answer at a time. */
export const TURING_MODES = ['side-by-side', 'single'] as const;
export const ZTuringModeSchema = z.enum(TURING_MODES);
/** A study's life: `draft` (being prepared), `open` (judging), `closed` (results shown). */
export const TURING_STUDY_STATUSES = ['draft', 'open', 'closed'] as const;
export const ZTuringStudyStatusSchema = z.enum(TURING_STUDY_STATUSES);
export const TURING_ORIGINS = ['human', 'machine'] as const;
/** What a judge may answer: the side they call the machine, or the origin of a single answer. */
export const TURING_CHOICES = ['left', 'right', 'human', 'machine'] as const;
export const ZTuringChoiceSchema = z.enum(TURING_CHOICES);

/** The most items one upload carries. */
export const MAX_TURING_ITEM_BATCH = 1000;
/** The most items one study holds (each judge's order is computed over all of them). */
export const MAX_TURING_ITEMS = 50_000;

const ZTextSchema = (what: string) =>
  z
    .string(`${what} must be a string`)
    .min(1, `${what} must not be empty`)
    .max(20_000, `${what} must be at most 20000 characters`);

export const ZCreateTuringStudySchema = z
  .object({
    projectId: ZIdSchema,
    name: ZNameSchema,
    description: ZDescriptionSchema.optional(),
    mode: ZTuringModeSchema.describe(
      'side-by-side: the judge picks which of two answers is the machine’s; single: the judge labels one answer human or machine',
    ),
    createdBy: z.string().min(1).max(256).optional(),
  })
  .strict();
export type TCreateTuringStudySchema = z.input<typeof ZCreateTuringStudySchema>;

/**
 * One item to upload. Side by side: `prompt`, `humanAnswer`, `machineAnswer` (and the `system`
 * that wrote it). Single: `answer` with its true `origin` (`system` for a machine answer; the
 * prompt, when there is one, lets the report compare machine answers with human ones).
 */
export const ZTuringItemInputSchema = z
  .object({
    prompt: ZTextSchema('prompt').optional(),
    humanAnswer: ZTextSchema('humanAnswer').optional(),
    machineAnswer: ZTextSchema('machineAnswer').optional(),
    answer: ZTextSchema('answer').optional(),
    origin: z.enum(TURING_ORIGINS).optional(),
    system: ZNameSchema.optional().describe('The machine system (compare two in one study)'),
  })
  .strict();
export type TTuringItemInputSchema = z.input<typeof ZTuringItemInputSchema>;

export const ZTuringItemBatchSchema = z
  .array(ZTuringItemInputSchema)
  .min(1, 'send at least one item')
  .max(MAX_TURING_ITEM_BATCH, `send at most ${MAX_TURING_ITEM_BATCH} items per batch`);

export const ZInviteTuringJudgeSchema = z
  .object({
    name: ZNameSchema.describe('How the owner tells judges apart (judges never see each other)'),
  })
  .strict();

/** A judge invitation token: `assay_judge_` + 43 base64url characters. */
export const ZTuringJudgeTokenSchema = z
  .string()
  .regex(/^assay_judge_[A-Za-z0-9_-]{43}$/, 'not a judge invitation token');

export const ZSubmitTuringJudgementSchema = z
  .object({
    itemId: ZIdSchema.describe('The item the judge was shown'),
    choice: ZTuringChoiceSchema.describe(
      'Side by side: left or right, the answer the judge calls the machine’s; single: human or machine',
    ),
  })
  .strict();
export type TSubmitTuringJudgementSchema = z.input<typeof ZSubmitTuringJudgementSchema>;
