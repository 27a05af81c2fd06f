import { cookies } from 'next/headers';
import { ApiProblem, apiFor, unwrap } from '../../../../../lib/api';
import { KEY_COOKIE, portalEnv } from '../../../../../lib/env';
import {
  FormFault,
  missingArtifact,
  PASTABLE_FORMATS,
  remoteTextDescriptor,
  tfjsBundle,
  VERSION_FORMATS,
  versionMetadata,
} from '../../../../../lib/version-upload';

const problem = (status: number, detail: string, field?: string) =>
  Response.json(
    { status, detail, ...(field ? { field } : {}) },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );

/**
 * `POST /models/{name}/versions/upload` (the portal's version form, multipart): turns the form
 * into the API's version upload — a multipart body whose `metadata` field (signatures, tags,
 * source run) comes before the `artifact` — and answers what the API answered (the new version,
 * or its problem). A TF.js folder's files are bundled into one JSON artifact here; a JSON spec
 * or a remote endpoint descriptor may be pasted as text instead of a file, and a remote text
 * endpoint's descriptor is built from its fields (`format=remote-text`).
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ name: string }> },
): Promise<Response> {
  const key = (await cookies()).get(KEY_COOKIE)?.value;
  if (!key) return problem(401, 'Sign in with an API key first');
  const model = decodeURIComponent((await params).name);
  let form: FormData;
  try {
    form = await request.formData();
  } catch (err) {
    return problem(400, `The form cannot be read: ${(err as Error).message}`);
  }
  const field = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v.trim() : '';
  };
  // A remote text endpoint is a `remote` version whose descriptor the form's fields spell out.
  const textEndpoint = field('format') === 'remote-text';
  const format = textEndpoint ? 'remote' : VERSION_FORMATS.find((f) => f === field('format'));
  if (!format)
    return problem(
      400,
      `Choose the format: ${[...VERSION_FORMATS, 'remote-text'].join(', ')}`,
      'format',
    );
  let artifact: Uint8Array;
  let metadata: ReturnType<typeof versionMetadata>;
  try {
    metadata = versionMetadata(field);
    const file = form.get('artifact');
    const bytesOf = async (f: File) => new Uint8Array(await f.arrayBuffer());
    if (textEndpoint) {
      artifact = new TextEncoder().encode(JSON.stringify(remoteTextDescriptor(field)));
    } else if (
      format === 'tfjs' &&
      form.getAll('tfjs').some((f) => f instanceof File && f.size > 0)
    ) {
      const files = await Promise.all(
        form
          .getAll('tfjs')
          .filter((f): f is File => f instanceof File && f.size > 0)
          .map(async (f) => ({ name: f.name, bytes: await bytesOf(f) })),
      );
      artifact = tfjsBundle(files, metadata);
    } else if (file instanceof File && file.size > 0) {
      artifact = await bytesOf(file);
    } else if (PASTABLE_FORMATS.includes(format) && field('spec')) {
      artifact = new TextEncoder().encode(field('spec'));
    } else {
      throw missingArtifact(format);
    }
  } catch (err) {
    if (err instanceof FormFault) return problem(400, err.message, err.field);
    throw err;
  }
  const api = apiFor(key);
  try {
    const project = (await unwrap(api.GET('/v1/me'))).project.name;
    const body = new FormData();
    // The API reads the text fields before the file: metadata first.
    if (Object.keys(metadata).length > 0) body.append('metadata', JSON.stringify(metadata));
    body.append('artifact', new Blob([artifact as BlobPart]), `artifact.${format}`);
    const url = `${portalEnv.apiUrl}/v1/projects/${encodeURIComponent(project)}/models/${encodeURIComponent(model)}/versions?format=${format}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body,
      cache: 'no-store',
    });
    const answer = await response
      .json()
      .catch(() => ({ detail: `The API answered ${response.status}` }));
    return Response.json(answer, { status: response.status });
  } catch (err) {
    if (err instanceof ApiProblem) return problem(err.status, err.message);
    return problem(
      503,
      `The Assay API at ${portalEnv.apiUrl} cannot be reached (${(err as Error).message})`,
    );
  }
}
