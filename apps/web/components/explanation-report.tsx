import { formatNumber } from '../lib/format';
import { HBarChart } from './charts/bar-chart';
import { ScatterChart } from './charts/scatter-chart';
import { Beeswarm, Waterfall } from './charts/shap-charts';

const isMatrix = (v: unknown): v is number[][] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number'));
const isNumbers = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number');

/**
 * The plots of an explanation job's result (the core's `Explanation`, stored as JSON): for SHAP
 * the global importance (mean |φ|), a beeswarm, one instance's waterfall and one feature's
 * dependence plot; for permutation importance the mean drop with ± one standard deviation over
 * the repeats; for a surrogate its tree (or coefficients) and its fidelity to the model.
 * `instances` are the explained rows when the job's input carried them (for colours and the
 * dependence plot's x axis); `instance` and `feature` pick the waterfall's row and the
 * dependence plot's feature (chosen with the GET form, so the page stays server-rendered).
 */
export function ExplanationReport({
  result,
  instances,
  instance,
  feature,
}: {
  result: Record<string, unknown>;
  instances: number[][] | null;
  instance: number;
  feature: number;
}) {
  const method = typeof result.method === 'string' ? result.method : 'explanation';
  const names = Array.isArray(result.featureNames) ? result.featureNames.map(String) : [];
  const fidelity = (result.fidelity ?? null) as Record<string, number> | null;
  return (
    <>
      <h2>Explanation</h2>
      <p className="muted">
        {method}
        {typeof result.algorithm === 'string' ? ` (${result.algorithm})` : ''}
        {typeof result.seed === 'number' ? ` · seed ${result.seed}` : ''}
        {typeof result.signature === 'string' ? (
          <>
            {' '}
            · <code className="small">{result.signature}</code>
          </>
        ) : null}
      </p>
      {method === 'shap' && isMatrix(result.values) ? (
        <ShapPlots
          names={names}
          shap={result.values}
          base={typeof result.baseValue === 'number' ? result.baseValue : 0}
          instances={instances && instances.length === result.values.length ? instances : null}
          instance={Math.min(Math.max(0, instance), result.values.length - 1)}
          feature={Math.min(Math.max(0, feature), names.length - 1)}
        />
      ) : method === 'permutationImportance' && isNumbers(result.importancesMean) ? (
        <PermutationPlot
          names={names}
          mean={result.importancesMean}
          std={isNumbers(result.importancesStd) ? result.importancesStd : null}
          repeats={
            Array.isArray(result.importances) ? (result.importances[0] as unknown[])?.length : null
          }
        />
      ) : method === 'surrogate' ? (
        <SurrogateView result={result} names={names} />
      ) : isNumbers(result.globalImportance) && result.globalImportance.length === names.length ? (
        <HBarChart
          testId="explanation-chart"
          title="Importance per feature"
          valueLabel="importance"
          bars={names.map((label, i) => ({
            label,
            value: (result.globalImportance as number[])[i] as number,
          }))}
        />
      ) : (
        <p className="muted">No per-feature values in this explanation.</p>
      )}
      {fidelity && Object.keys(fidelity).length > 0 ? (
        <p data-testid="fidelity">
          Fidelity to the model:{' '}
          {Object.entries(fidelity)
            .map(([k, v]) => `${k} = ${formatNumber(v)}`)
            .join(', ')}
        </p>
      ) : null}
    </>
  );
}

function ShapPlots({
  names,
  shap,
  base,
  instances,
  instance,
  feature,
}: {
  names: string[];
  shap: number[][];
  base: number;
  instances: number[][] | null;
  instance: number;
  feature: number;
}) {
  const meanAbs = names.map(
    (_, j) => shap.reduce((s, r) => s + Math.abs(r[j] as number), 0) / shap.length,
  );
  const order = names
    .map((_, j) => j)
    .sort((a, b) => (meanAbs[b] as number) - (meanAbs[a] as number));
  const row = shap[instance] as number[];
  return (
    <>
      <div className="charts">
        <HBarChart
          testId="explanation-chart"
          title="Global importance · mean |SHAP value|"
          valueLabel="mean |SHAP value|"
          bars={order.map((j) => ({ label: names[j] as string, value: meanAbs[j] as number }))}
        />
        <Beeswarm
          testId="shap-beeswarm"
          featureNames={names}
          shap={shap}
          featureValues={instances ?? undefined}
          order={order}
        />
      </div>
      <form method="get" className="row-controls" aria-label="Choose the instance and the feature">
        <label htmlFor="ex-instance">Instance</label>
        <select id="ex-instance" name="instance" defaultValue={String(instance)}>
          {shap.map((_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: instances are numbered by position
            <option key={i} value={i}>
              #{i}
            </option>
          ))}
        </select>
        <label htmlFor="ex-feature">Feature</label>
        <select id="ex-feature" name="feature" defaultValue={String(feature)}>
          {names.map((n, j) => (
            <option key={n} value={j}>
              {n}
            </option>
          ))}
        </select>
        <button type="submit">Show</button>
      </form>
      <div className="charts">
        <figure>
          <Waterfall
            testId="shap-waterfall"
            featureNames={names}
            phi={row}
            base={base}
            values={instances?.[instance]}
          />
          <figcaption className="muted small">
            Instance #{instance}: E[f(x)] = {formatNumber(base)} plus each feature’s SHAP value
          </figcaption>
        </figure>
        {instances ? (
          <ScatterChart
            testId="shap-dependence"
            title={`Dependence on ${names[feature]}`}
            xLabel={`${names[feature]} (feature value)`}
            yLabel={`SHAP value of ${names[feature]}`}
            reference={0}
            points={shap.map((r, i) => ({
              x: instances[i]?.[feature] as number,
              y: r[feature] as number,
              c: instances[i]?.[
                order[0] === feature ? (order[1] ?? feature) : (order[0] as number)
              ],
            }))}
            colourLabel={`value of ${names[order[0] === feature ? (order[1] ?? feature) : (order[0] as number)]}`}
          />
        ) : (
          <p className="muted">
            The dependence plot needs the explained rows’ values; this job read them from a dataset,
            so only the SHAP values are drawn.
          </p>
        )}
      </div>
    </>
  );
}

function PermutationPlot({
  names,
  mean,
  std,
  repeats,
}: {
  names: string[];
  mean: number[];
  std: number[] | null;
  repeats: number | null;
}) {
  const order = names.map((_, j) => j).sort((a, b) => (mean[b] as number) - (mean[a] as number));
  return (
    <figure>
      <HBarChart
        testId="explanation-chart"
        title="Permutation importance · mean score drop ± 1 sd"
        valueLabel="score drop when the feature is shuffled"
        bars={order.map((j) => ({
          label: names[j] as string,
          value: mean[j] as number,
          ...(std ? { error: std[j] as number } : {}),
        }))}
      />
      <figcaption className="muted small">
        {repeats ? `${repeats} shuffles per feature; ` : ''}error bars: the standard deviation over
        the shuffles
      </figcaption>
    </figure>
  );
}

interface TreeNodeLike {
  id: number;
  feature: number;
  threshold: number;
  left: number;
  right: number;
  nSamples: number;
  prediction: number | string;
}

function SurrogateView({ result, names }: { result: Record<string, unknown>; names: string[] }) {
  const tree = Array.isArray(result.tree) ? (result.tree as TreeNodeLike[]) : null;
  const coef = result.coef;
  const imp = isNumbers(result.globalImportance) ? result.globalImportance : [];
  return (
    <>
      <HBarChart
        testId="explanation-chart"
        title="Surrogate feature importance"
        valueLabel="importance"
        bars={names.map((label, j) => ({ label, value: imp[j] ?? Number.NaN }))}
      />
      {tree ? (
        <>
          <h3>Surrogate tree</h3>
          <div data-testid="surrogate-tree">
            <TreeView nodes={tree} id={tree[0]?.id ?? 0} names={names} />
          </div>
        </>
      ) : isNumbers(coef) || isMatrix(coef) ? (
        <HBarChart
          testId="surrogate-coef"
          title="Surrogate coefficients"
          valueLabel="coefficient"
          bars={names.map((label, j) => ({
            label,
            value: isMatrix(coef) ? ((coef[0] as number[])[j] as number) : (coef[j] as number),
          }))}
        />
      ) : null}
    </>
  );
}

/** A fitted tree as nested lists: each split's two branches, each leaf's prediction. */
function TreeView({ nodes, id, names }: { nodes: TreeNodeLike[]; id: number; names: string[] }) {
  const node = nodes.find((n) => n.id === id);
  if (!node) return null;
  if (node.feature < 0) {
    return (
      <span>
        predict{' '}
        <strong>
          {typeof node.prediction === 'number' ? formatNumber(node.prediction) : node.prediction}
        </strong>{' '}
        <span className="muted">({node.nSamples} rows)</span>
      </span>
    );
  }
  const f = names[node.feature] ?? `x${node.feature}`;
  return (
    <ul className="tree">
      <li>
        if {f} ≤ {formatNumber(node.threshold)}:{' '}
        <TreeView nodes={nodes} id={node.left} names={names} />
      </li>
      <li>
        else ({f} &gt; {formatNumber(node.threshold)}):{' '}
        <TreeView nodes={nodes} id={node.right} names={names} />
      </li>
    </ul>
  );
}
