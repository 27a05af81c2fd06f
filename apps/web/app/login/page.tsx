import { signIn } from '../actions';

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string }>;
}) {
  const { error } = await searchParams;
  return (
    <section>
      <h1>Sign in</h1>
      <p className="muted">
        Paste an Assay API key. The first one is printed by <code>npm start</code> when the API
        starts on an empty database.
      </p>
      <form className="login" action={signIn}>
        <label htmlFor="apiKey">API key</label>
        <input id="apiKey" name="apiKey" type="password" autoComplete="off" required />
        <button type="submit">Sign in</button>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
      </form>
    </section>
  );
}
