import Link from 'next/link';

/** What a page for a model, run, job or experiment that does not exist shows (with a 404). */
export default function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p data-testid="not-found">
        Nothing here: it does not exist in this project, or this key cannot see it.
      </p>
      <p>
        <Link href="/models">Models</Link> · <Link href="/experiments">Experiments</Link> ·{' '}
        <Link href="/jobs">Jobs</Link>
      </p>
    </section>
  );
}
