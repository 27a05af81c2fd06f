import type { ConfusionMatrixResult } from '../lib/structured-results';

/**
 * A confusion matrix as a table whose cells are shaded by their share of the true class's row
 * (a heatmap that stays readable and accessible): rows are true labels, columns predictions.
 */
export function ConfusionMatrix({ result }: { result: ConfusionMatrixResult }) {
  const { matrix, labels } = result;
  return (
    <table className="confusion" data-testid="confusion-matrix">
      <caption className="muted">Rows: true label · columns: predicted label</caption>
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
                return (
                  <td
                    key={labels[j] ?? j}
                    title={`${count} of ${total} with true label ${label} (${Math.round(share * 100)} %)`}
                    style={{
                      background: `rgba(36, 87, 197, ${(0.08 + 0.72 * share).toFixed(3)})`,
                      color: share > 0.55 ? 'white' : undefined,
                      textAlign: 'right',
                    }}
                  >
                    {count}
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
