/**
 * @assay/core/human: human evaluation — the statistics of a Turing test (agreement between
 * judges, the report) and the per-judge order in which judges see a study's items.
 */
export { fleissKappa } from './fleissKappa.js';
export { judgeItemOrder, machineOnLeft } from './judgeOrder.js';
export { krippendorffAlpha, type Rating } from './krippendorffAlpha.js';
export {
  type TTuringReport,
  type TTuringReportInput,
  type TTuringReportItem,
  type TTuringReportJudgement,
  TURING_ORIGINS,
  type TuringOrigin,
  turingReport,
  ZTuringOriginSchema,
  ZTuringReportInputSchema,
  ZTuringReportSchema,
} from './turingReport.js';
