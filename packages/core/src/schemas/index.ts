export { ZLabelSchema, ZLabelsSchema } from './labels.js';
export {
  type TValueResult,
  ZNumbersSchema,
  ZSampleWeightSchema,
  ZValueResultSchema,
} from './numbers.js';
