export { ZLabelSchema, ZLabelsSchema } from './labels.js';
export {
  nanableNumber,
  type TValueResult,
  ZNanableValueResultSchema,
  ZNumbersSchema,
  ZSampleWeightSchema,
  ZValueResultSchema,
} from './numbers.js';
