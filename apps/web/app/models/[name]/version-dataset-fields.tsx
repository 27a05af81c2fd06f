/** A stored dataset as the batch test forms offer it. */
export interface DatasetOption {
  id: string;
  name: string | null;
  rows: number;
  columns: string[];
}

/**
 * The fields every batch test form starts with: the version (newest by default), the dataset, and
 * a column picker (`${idPrefix}-columns`, a datalist of every dataset's columns) for the form's
 * own column fields.
 */
export function VersionDatasetFields({
  idPrefix,
  versions,
  datasets,
}: {
  idPrefix: string;
  versions: number[];
  datasets: DatasetOption[];
}) {
  const columns = [...new Set(datasets.flatMap((d) => d.columns))];
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-version`}>Version</label>
        <select id={`${idPrefix}-version`} name="version" defaultValue="">
          <option value="">newest</option>
          {versions.map((n) => (
            <option key={n} value={n}>
              v{n}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-dataset`}>Dataset</label>
        <select id={`${idPrefix}-dataset`} name="dataset" required>
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name ?? d.id.slice(-8)} ({d.rows} rows)
            </option>
          ))}
        </select>
      </div>
      <datalist id={`${idPrefix}-columns`}>
        {columns.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
    </>
  );
}
