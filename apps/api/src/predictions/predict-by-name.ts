import { featureRowsToMatrix, InvalidInputError, type Model, predictRows } from '@assay/core';

/**
 * The names rows are matched against: the version's input signature when it has one that fits
 * the model (uploads are checked for that), else the names the artifact carries (`x0 … x{n−1}`
 * when it has none).
 */
export function featureNamesFor(
  model: Model,
  signatureNames: readonly string[] | undefined,
): string[] {
  const own = model.inputSchema.features.map((f) => f.name);
  return signatureNames !== undefined && signatureNames.length === own.length
    ? [...signatureNames]
    : own;
}

/**
 * Predicts rows given positionally, keyed by feature name or as `{columns, data}`: named rows are
 * matched to the version's feature names, so that a reordered DataFrame predicts the same as the
 * model's own order. Answers the predictions with the feature names they were matched against.
 */
export async function predictByName(
  model: Model,
  rows: unknown,
  signatureNames: readonly string[] | undefined,
): Promise<Awaited<ReturnType<typeof predictRows>> & { features: string[] }> {
  const names = featureNamesFor(model, signatureNames);
  // A model over raw columns (AutoML) codes text, dates and gaps itself.
  const rawValue = model.rawValue?.bind(model);
  const matrix = withNamingHint(
    () => featureRowsToMatrix(rows, names, rawValue === undefined ? {} : { rawValue }),
    rows,
    names,
  );
  return { ...(await predictRows(model, matrix)), features: names };
}

/**
 * Named rows refused by a version whose features have no names (`x0 … x{n−1}`, neither in the
 * artifact nor in an input signature) get a hint: the names cannot match anything meaningful.
 */
function withNamingHint<T>(run: () => T, rows: unknown, names: readonly string[]): T {
  try {
    return run();
  } catch (error) {
    const named = !Array.isArray(rows) || !Array.isArray(rows[0]);
    const unnamed = names.every((name, j) => name === `x${j}`);
    if (!(error instanceof InvalidInputError) || !named || !unnamed) throw error;
    throw new InvalidInputError(
      `${error.message} (this version's features have no names: send positional rows in the model's order, or upload a version with an inputSignature naming them)`,
      error.issues,
    );
  }
}
