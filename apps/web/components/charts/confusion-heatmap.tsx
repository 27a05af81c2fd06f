import type { ConfusionMatrixResult } from '../../lib/structured-results';
import { sequential } from './palette';

/**
 * A confusion matrix as a heatmap table (rows true labels, columns predictions): a table, so it is
 * read cell by cell by a screen reader and by keyboard, each cell shaded on a one-hue scale by its
 * share of the true class's row. `normalised` shows that share (recall per class on the
 * diagonal) instead of the count.
 */
export function ConfusionHeatmap({
  result,
  normalised,
  testId,
}: {
  result: ConfusionMatrixResult;
  normalised: boolean;
  testId?: string;
}) {
  const { matrix, labels } = result;
  return (
    <table className="confusion" data-testid={testId}>
      <caption>
        {normalised ? 'Share of each true label (rows sum to 1)' : 'Counts'} · rows: true label ·
        columns: predicted
      </caption>
      <thead>
        <tr>
          <th scope="col">true \ predicted</th>
          {labels.map((l) => (
            <th key={l} scope="col">
              {l}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.map((row, i) => {
          const total = row.reduce((a, b) => a + b, 0);
          const label = labels[i] ?? String(i);
          return (
            <tr key={label}>
              <th scope="row">{label}</th>
              {row.map((count, j) => {
                const share = total > 0 ? count / total : 0;
                const { fill, text } = sequential(share);
                return (
                  <td
                    key={labels[j] ?? j}
                    title={`${count} of ${total} with true label ${label}`}
                    style={{ background: fill, color: text, textAlign: 'right' }}
                  >
                    {normalised ? share.toFixed(3) : count}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
