import { AssayError } from '@assay/core';
import { RegistryError } from '@assay/registry';
import { HttpException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { scrubMessage } from '../src/http/scrub.js';
import { toProblem } from '../src/http/to-problem.js';

/** Problem details quote library errors; none may tell a client where files live or which pid. */
describe('problem details carry no server paths or process ids', () => {
  const leaks = /\/srv\/|\/tmp\/|\/home\/|C:\\|\b4242\b/;

  it.each([
    [
      'a registry integrity error quoting the file system',
      new RegistryError(
        'integrity',
        "Artifact unreadable: ENOENT: no such file or directory, open '/srv/assay/.assay-data/artifacts/sha256/ab/cd'",
      ),
    ],
    [
      'an unavailable database naming its lock holder',
      new RegistryError(
        'unavailable',
        'Database unavailable: /home/assay/.assay-data/pglite is locked by process 4242 (pid 4242)',
      ),
    ],
    [
      'a core input error quoting a model runtime',
      new AssayError(
        'invalid_input',
        'cannot load model: file:///tmp/onnx-abc/model.onnx failed in worker api:4242:ab12cd34',
        [{ path: ['model'], message: "open '/tmp/onnx-abc/model.onnx' failed" }],
      ),
    ],
    ['a framework error', new HttpException('C:\\srv\\assay\\x.json missing', 400)],
    [
      'a 4xx of the HTTP layer',
      Object.assign(new Error('bad /srv/assay/app/x.js'), { status: 400 }),
    ],
  ])('%s', (_what, error) => {
    const { problem } = toProblem(error);
    expect(JSON.stringify(problem)).not.toMatch(leaks);
    expect(problem.detail).toMatch(/<path>|<pid>|error id/);
  });

  it('keeps API routes, media types and metric keys as they are', () => {
    for (const message of [
      'see /v1/projects/default/jobs/1',
      'Send application/octet-stream or text/csv',
      'metric train/loss is missing',
      'rows [0, 5) are not within 3 rows',
      'remote model http://127.0.0.1:8080/v2/models/m/infer answered HTTP 500',
      'remote model https://models.example/v2/models/m/infer: could not connect',
    ])
      expect(scrubMessage(message)).toBe(message);
    expect(scrubMessage("open '/srv/a/b'")).toBe("open '<path>'");
    expect(scrubMessage('refused file:///etc/passwd')).toBe('refused file:<path>');
    expect(scrubMessage('locked by process 12 (pid 12)')).toBe(
      'locked by process <pid> (pid <pid>)',
    );
  });
});
