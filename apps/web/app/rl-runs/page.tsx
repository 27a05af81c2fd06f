import Link from 'next/link';
import { formatTime } from '../../lib/format';
import { agentOf, listRlRuns } from '../../lib/rl-runs';
import { requireSession } from '../../lib/session';
import { withProblem } from '../problem-view';

export const dynamic = 'force-dynamic';

/** The project's RL evaluation runs, newest first, and a form to compare two of them. */
export default async function RlRunsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { cursor } = await searchParams;
  return withProblem('RL runs', async () => {
    const { api, project } = await requireSession();
    const page = await listRlRuns(api, project, cursor);
    return (
      <section>
        <h1>RL runs in {project}</h1>
        {page.items.length === 0 ? (
          <p>
            No RL run yet. Create one with the API (<code>POST /v1/projects/{project}/rl-runs</code>
            ) or the Python client (<code>client.create_rl_run(…)</code>), then post its rewards.
          </p>
        ) : (
          <>
            <table data-testid="rl-runs">
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Environment</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((r) => (
                  <tr key={r.id} data-testid="rl-run">
                    <td>
                      <Link href={`/rl-runs/${r.id}`}>{r.name}</Link>
                    </td>
                    <td>{agentOf(r)}</td>
                    <td>{r.environment}</td>
                    <td>{formatTime(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {page.items.length >= 2 ? (
              <form
                method="get"
                action="/rl-runs/compare"
                className="filters"
                aria-label="Compare two agents"
              >
                <label htmlFor="rl-a">Agent A</label>
                <select id="rl-a" name="a" defaultValue={page.items[0]?.id}>
                  {page.items.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name} ({agentOf(r)})
                    </option>
                  ))}
                </select>
                <label htmlFor="rl-b">Agent B</label>
                <select id="rl-b" name="b" defaultValue={page.items[1]?.id}>
                  {page.items.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name} ({agentOf(r)})
                    </option>
                  ))}
                </select>
                <button type="submit">Compare</button>
              </form>
            ) : null}
          </>
        )}
        {page.nextCursor ? (
          <p>
            <Link href={`/rl-runs?cursor=${encodeURIComponent(page.nextCursor)}`}>Older →</Link>
          </p>
        ) : null}
      </section>
    );
  });
}
