import { formatNumber } from '../lib/format';
import {
  averagePrecisionOf,
  type StructuredResults,
  trapezoidArea,
} from '../lib/structured-results';
import { HBarChart } from './charts/bar-chart';
import { ConfusionHeatmap } from './charts/confusion-heatmap';
import { CurveChart } from './curve-chart';

/** The ROC AUC a report shows: the metric the API computed, else the area under its curve. */
export const rocAucOf = (r: StructuredResults) =>
  r.rocCurve ? (r.values.rocAuc ?? trapezoidArea(r.rocCurve.fpr, r.rocCurve.tpr)) : null;

/**
 * The structured results of a batch test drawn: the confusion matrix (counts and normalised),
 * ROC and precision–recall curves with their areas, the calibration curve, and per-group metrics
 * as a table and a chart with the disparity (max − min across groups) marked.
 */
export function StructuredResultsView({ results }: { results: StructuredResults }) {
  const {
    confusionMatrix,
    rocCurve,
    precisionRecallCurve,
    calibrationCurve,
    groupMetrics,
    values,
  } = results;
  const rocAuc = rocAucOf(results);
  const ap = precisionRecallCurve
    ? (values.averagePrecision ?? averagePrecisionOf(precisionRecallCurve))
    : null;
  return (
    <>
      {confusionMatrix ? (
        <>
          <h2 id="confusionMatrix">Confusion matrix</h2>
          <div className="charts">
            <ConfusionHeatmap
              result={confusionMatrix}
              normalised={false}
              testId="confusion-matrix"
            />
            <ConfusionHeatmap
              result={confusionMatrix}
              normalised
              testId="confusion-matrix-normalised"
            />
          </div>
        </>
      ) : null}
      {rocCurve || precisionRecallCurve || calibrationCurve ? <h2>Curves</h2> : null}
      <div className="charts">
        {rocCurve ? (
          <figure id="rocCurve">
            <CurveChart
              testId="roc-curve"
              title={`ROC curve · AUC = ${formatNumber(rocAuc as number)}`}
              points={rocCurve.fpr.map((x, i) => ({ x, y: rocCurve.tpr[i] as number }))}
              xLabel="false positive rate"
              yLabel="true positive rate"
              reference="diagonal"
            />
          </figure>
        ) : null}
        {precisionRecallCurve ? (
          <figure id="precisionRecallCurve">
            <CurveChart
              testId="pr-curve"
              title={`Precision–recall · AP = ${formatNumber(ap as number)}`}
              points={precisionRecallCurve.recall.map((x, i) => ({
                x,
                y: precisionRecallCurve.precision[i] as number,
              }))}
              xLabel="recall"
              yLabel="precision"
            />
          </figure>
        ) : null}
        {calibrationCurve ? (
          <figure id="calibrationCurve">
            <CurveChart
              testId="calibration-curve"
              title="Calibration"
              points={calibrationCurve.probPred.map((x, i) => ({
                x,
                y: calibrationCurve.probTrue[i] as number,
              }))}
              xLabel="mean predicted probability"
              yLabel="fraction of positives"
              reference="diagonal"
            />
            <figcaption className="muted small">
              {calibrationCurve.counts.length} bins of {calibrationCurve.counts.join(', ')} samples
            </figcaption>
          </figure>
        ) : null}
      </div>
      {groupMetrics ? <GroupMetricsView result={groupMetrics} /> : null}
    </>
  );
}

const GROUP_METRICS = ['accuracy', 'recall', 'selectionRate'] as const;

function GroupMetricsView({ result }: { result: NonNullable<StructuredResults['groupMetrics']> }) {
  const spread = (k: (typeof GROUP_METRICS)[number]) => {
    const vs = result.groups.map((g) => g[k]);
    return { min: Math.min(...vs), max: Math.max(...vs) };
  };
  return (
    <>
      <h2 id="groupMetrics">Per-group metrics</h2>
      <table data-testid="group-metrics">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Count</th>
            {GROUP_METRICS.map((k) => (
              <th key={k} scope="col">
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.groups.map((g) => (
            <tr key={g.group}>
              <th scope="row">{g.group}</th>
              <td>{g.count}</td>
              {GROUP_METRICS.map((k) => (
                <td key={k}>{formatNumber(g[k])}</td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">overall</th>
            <td>{result.overall.count}</td>
            {GROUP_METRICS.map((k) => (
              <td key={k}>{formatNumber(result.overall[k])}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">disparity (max − min)</th>
            <td />
            {GROUP_METRICS.map((k) => {
              const { min, max } = spread(k);
              return (
                <td key={k} data-testid={`disparity-${k}`}>
                  {formatNumber(max - min)} ({formatNumber(min)} – {formatNumber(max)})
                </td>
              );
            })}
          </tr>
        </tbody>
      </table>
      <div className="charts">
        {GROUP_METRICS.map((k) => {
          const { min, max } = spread(k);
          return (
            <HBarChart
              key={k}
              testId={`group-chart-${k}`}
              title={`${k} by group · disparity ${formatNumber(max - min)}`}
              valueLabel={k}
              width={420}
              bars={result.groups.map((g) => ({ label: g.group, value: g[k] }))}
              reference={{ value: result.overall[k], label: 'overall' }}
            />
          );
        })}
      </div>
    </>
  );
}
