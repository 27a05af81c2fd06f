'use client';

export default function ErrorPage({ error }: { error: Error & { digest?: string } }) {
  return (
    <section>
      <h1>Something went wrong</h1>
      <p className="error" role="alert">
        {error.message}
      </p>
    </section>
  );
}
