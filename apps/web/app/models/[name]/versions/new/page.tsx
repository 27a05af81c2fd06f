import Link from 'next/link';
import { unwrap } from '../../../../../lib/api';
import { requireSession } from '../../../../../lib/session';
import { withProblem } from '../../../../problem-view';
import { UploadVersionForm } from './upload-version-form';

export const dynamic = 'force-dynamic';

/** Upload a new version of a model (its number is the next one). */
export default async function NewVersionPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return withProblem(name, async () => {
    const { api, project } = await requireSession();
    const model = await unwrap(
      api.GET('/v1/projects/{project}/models/{model}', {
        params: { path: { project, model: name } },
      }),
    );
    return (
      <section>
        <p>
          <Link href={`/models/${encodeURIComponent(model.name)}`}>← {model.name}</Link>
        </p>
        <h1>Upload a version of {model.name}</h1>
        <UploadVersionForm model={model.name} />
      </section>
    );
  });
}
