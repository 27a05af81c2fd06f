'use server';

import { revalidatePath } from 'next/cache';
import { ApiProblem, unwrap } from '../../lib/api';
import { requireSession } from '../../lib/session';

const FORMATS = ['csv', 'json', 'parquet'] as const;

export interface UploadState {
  error?: string;
  uploaded?: { id: string; name: string | null; rows: number; columns: number };
}

/**
 * Sends the chosen file to the API as the raw request body, streamed from the form's file rather
 * than copied into one more buffer. The API parses it before storing, so a malformed file comes
 * back as its problem detail, shown beside the form.
 */
export async function uploadDataset(_prev: UploadState, formData: FormData): Promise<UploadState> {
  const file = formData.get('file');
  const format = FORMATS.find((f) => f === formData.get('format'));
  const name = String(formData.get('name') ?? '').trim();
  if (!(file instanceof File) || file.size === 0) return { error: 'Choose a non-empty file' };
  if (!format) return { error: 'Choose the file’s format: csv, json or parquet' };
  try {
    const { api, project } = await requireSession();
    const dataset = await unwrap(
      api.POST('/v1/projects/{project}/datasets', {
        params: { path: { project }, query: { format, ...(name ? { name } : {}) } },
        // The generated type says string (OpenAPI's binary); the bytes go through untouched.
        body: file.stream() as unknown as string,
        bodySerializer: (body: unknown) => body as BodyInit,
        headers: { 'Content-Type': 'application/octet-stream' },
        // Node's fetch needs this to send a stream as a request body; RequestInit's type lacks it.
        ...({ duplex: 'half' } as object),
      }),
    );
    revalidatePath('/datasets');
    return {
      uploaded: {
        id: dataset.id,
        name: dataset.name,
        rows: dataset.rows,
        columns: dataset.columns.length,
      },
    };
  } catch (err) {
    if (err instanceof ApiProblem) return { error: err.message };
    throw err;
  }
}
