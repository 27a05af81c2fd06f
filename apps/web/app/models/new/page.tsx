import Link from 'next/link';
import { requireSession } from '../../../lib/session';
import { RegisterForm } from './register-form';

export const dynamic = 'force-dynamic';

/** Register a model: a name (and a description); its versions are uploaded next. */
export default async function NewModelPage() {
  const { project } = await requireSession();
  return (
    <section>
      <p>
        <Link href="/models">← Models</Link>
      </p>
      <h1>Register a model in {project}</h1>
      <RegisterForm />
    </section>
  );
}
