export {
  type AverageReturnOptions,
  averageReturn,
  type TAverageReturnResult,
} from './averageReturn.js';
export { regret, type TRegretResult } from './regret.js';
