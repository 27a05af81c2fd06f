import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// scikit-learn 1.2.1 LinearRegression on diabetes.csv (all ten columns), coefficients rounded to
// 6 decimals — the same model as the core's evaluateModel test, whose expected values these are.
export const DIABETES_COEF = [
  -0.036361, -22.859648, 5.602962, 1.116808, -1.089996, 0.74645, 0.372005, 6.533832, 68.483125,
  0.280117,
];
export const DIABETES_MODEL = { type: 'linear', coef: DIABETES_COEF, intercept: -334.567139 };
// python3: yp = X @ coef + intercept; r2_score(y, yp), mean_squared_error(y, yp)
export const DIABETES_R2 = 0.5177484222201301;
export const DIABETES_MSE = 2859.6963475880534;

/** The data set committed in `fixtures/datasets` (`ASSAY_DATASETS_DIR` overrides). */
export const diabetesCsv = readFileSync(
  process.env.ASSAY_DATASETS_DIR
    ? join(process.env.ASSAY_DATASETS_DIR, 'diabetes.csv')
    : fileURLToPath(new URL('../../../fixtures/datasets/diabetes.csv', import.meta.url)),
  'utf8',
);
