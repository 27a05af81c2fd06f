import { cookies } from 'next/headers';
import Link from 'next/link';
import { ApiProblem, apiFor } from '../../../../lib/api';
import {
  claimReviewItem,
  type ReviewItem,
  readReviewerSession,
  reviewerCookie,
} from '../../../../lib/review';
import { claimNext, forgetReviewerToken, keepReviewerToken, reviewItem } from '../../actions';

export const dynamic = 'force-dynamic';

/**
 * A reviewer's page of one model's queue, reached with a reviewer token (kept in an HTTP-only
 * cookie), not an API key: claim the next item, then accept the model's decision or correct it.
 * Plain forms, labelled inputs and buttons throughout, so it works from the keyboard alone (Tab
 * to a button, Enter); nothing moves the focus by itself.
 */
export default async function ReviewQueuePage({
  params,
  searchParams,
}: {
  params: Promise<{ model: string }>;
  searchParams: Promise<{ item?: string; error?: string; empty?: string; reviewed?: string }>;
}) {
  const model = decodeURIComponent((await params).model);
  const query = await searchParams;
  const session = readReviewerSession((await cookies()).get(reviewerCookie(model))?.value);
  let item: ReviewItem | null = null;
  let problem = query.error ?? null;
  if (session && query.item) {
    // The item named by the last claim: claiming it again renews this reviewer's own lease, and
    // refuses an item another reviewer holds.
    try {
      item = (await claimReviewItem(apiFor(session.token), session.project, model, query.item))
        .item;
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      problem = err.message;
    }
  }
  return (
    <section>
      <p>
        <Link href={`/review/${encodeURIComponent(model)}`}>← Review queue of {model}</Link>
      </p>
      <h1>Review items of {model}</h1>
      {problem ? (
        <p role="alert" className="error" data-testid="review-error">
          {problem}
        </p>
      ) : null}
      {query.reviewed ? (
        <p role="status" data-testid="review-done">
          Item {query.reviewed} reviewed.
        </p>
      ) : null}
      {session === null ? (
        <form action={keepReviewerToken} data-testid="reviewer-token-form">
          <input type="hidden" name="model" value={model} />
          <p>
            <label htmlFor="project">Project</label>{' '}
            <input id="project" name="project" defaultValue="default" required />
          </p>
          <p>
            <label htmlFor="token">Reviewer token</label>{' '}
            <input id="token" name="token" type="password" autoComplete="off" required />
          </p>
          <button type="submit">Start reviewing</button>
        </form>
      ) : (
        <>
          {item === null ? (
            <form action={claimNext}>
              <input type="hidden" name="model" value={model} />
              {query.empty ? (
                <p role="status" data-testid="queue-empty">
                  Nothing to review right now.
                </p>
              ) : null}
              <button type="submit" data-testid="claim-next">
                Claim the next item
              </button>
            </form>
          ) : (
            <article data-testid="claimed-item" aria-labelledby="item-title">
              <h2 id="item-title">Item {item.id}</h2>
              <p>
                The model (version {item.version}) decided{' '}
                <strong data-testid="item-prediction">{String(item.prediction)}</strong> with
                confidence {item.confidence.toFixed(3)}. Your claim holds until{' '}
                {item.leaseUntil ? new Date(item.leaseUntil).toLocaleTimeString('en-GB') : '—'}.
              </p>
              <table>
                <caption>Features</caption>
                <tbody>
                  {Object.entries(item.features).map(([name, value]) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      <td>{String(value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <form action={reviewItem}>
                <input type="hidden" name="model" value={model} />
                <input type="hidden" name="item" value={item.id} />
                <input type="hidden" name="decision" value="accept" />
                <button type="submit" data-testid="accept">
                  Accept “{String(item.prediction)}”
                </button>
              </form>
              <form action={reviewItem}>
                <input type="hidden" name="model" value={model} />
                <input type="hidden" name="item" value={item.id} />
                <input type="hidden" name="decision" value="correct" />
                <input
                  type="hidden"
                  name="numeric"
                  value={typeof item.prediction === 'number' ? '1' : '0'}
                />
                <label htmlFor="label">Correct label</label>{' '}
                <input id="label" name="label" required data-testid="correct-label" />{' '}
                <button type="submit" data-testid="correct">
                  Correct
                </button>
              </form>
            </article>
          )}
          <form action={forgetReviewerToken}>
            <input type="hidden" name="model" value={model} />
            <button type="submit">Forget my reviewer token</button>
          </form>
        </>
      )}
    </section>
  );
}
