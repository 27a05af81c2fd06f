import { unwrap } from '../../lib/api';
import { fieldsOf } from '../../lib/schema-form';
import { requireSession } from '../../lib/session';
import { withProblem } from '../problem-view';
import { MetricForm } from './metric-form';

export const dynamic = 'force-dynamic';

/**
 * The metric playground: any metric of the catalog (`GET /v1/metrics`), its form generated from
 * its JSON Schemas, computed by the API on what is pasted.
 */
export default async function PlaygroundPage({
  searchParams,
}: {
  searchParams: Promise<{ metric?: string }>;
}) {
  const { metric: chosen } = await searchParams;
  return withProblem('Metric playground', async () => {
    const { api } = await requireSession();
    const catalog = await unwrap(api.GET('/v1/metrics'));
    const metric = catalog.items.find((m) => m.name === chosen) ?? catalog.items[0];
    const families = [...new Set(catalog.items.map((m) => m.family))];
    return (
      <section>
        <h1>Metric playground</h1>
        <p className="muted">
          {catalog.items.length} metrics. Pick one, paste its input, and see what the API computes.
        </p>
        <form method="get" className="row-controls" aria-label="Choose a metric">
          <label htmlFor="pg-metric">Metric</label>
          <select id="pg-metric" name="metric" defaultValue={metric?.name}>
            {families.map((f) => (
              <optgroup key={f} label={f}>
                {catalog.items
                  .filter((m) => m.family === f)
                  .map((m) => (
                    <option key={m.name} value={m.name}>
                      {m.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
          <button type="submit">Choose</button>
        </form>
        {metric ? (
          <>
            <h2 data-testid="playground-metric">{metric.name}</h2>
            <p>{metric.description}</p>
            <MetricForm
              key={metric.name}
              metric={metric.name}
              input={fieldsOf(metric.inputSchema)}
              params={fieldsOf(metric.paramsSchema)}
            />
          </>
        ) : (
          <p className="muted">The catalog is empty.</p>
        )}
      </section>
    );
  });
}
