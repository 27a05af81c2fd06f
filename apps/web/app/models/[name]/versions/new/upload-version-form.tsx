'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';

const SPEC_EXAMPLE = '{"type": "logistic", "coef": [1.1, -0.9], "intercept": 0, "classes": [0, 1]}';
const REMOTE_EXAMPLE =
  '{"url": "http://models:8080", "protocol": "kserve-v2", "modelName": "churn", "featureNames": ["a", "b"]}';

type State =
  | { phase: 'idle' }
  | { phase: 'sending' }
  | { phase: 'error'; message: string; field?: string };

/**
 * Uploads a version: the artifact (a JSON spec or remote descriptor pasted or chosen, an ONNX
 * file, a TF.js folder's files or bundle, an AutoML run's exported pipeline) with its signatures,
 * tags and source run, or a remote text endpoint (KServe v2 BYTES or OpenAI-compatible
 * completions) from its fields. Sent to the
 * portal's upload route, which builds the API's multipart upload; the API's refusal (a model
 * that does not load, a signature that does not fit) shows beside the form.
 */
export function UploadVersionForm({ model }: { model: string }) {
  const router = useRouter();
  const [format, setFormat] = useState('json');
  const [outputKind, setOutputKind] = useState('');
  const [protocol, setProtocol] = useState('openai-completions');
  const [state, setState] = useState<State>({ phase: 'idle' });
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setState({ phase: 'sending' });
    try {
      const res = await fetch(`/models/${encodeURIComponent(model)}/versions/upload`, {
        method: 'POST',
        body: new FormData(event.currentTarget),
      });
      const body = (await res.json().catch(() => ({}))) as {
        number?: number;
        detail?: string;
        field?: string;
      };
      if (res.status === 201 && body.number) {
        router.push(`/models/${encodeURIComponent(model)}/versions/${body.number}`);
        return;
      }
      setState({
        phase: 'error',
        message: body.detail ?? `The portal answered ${res.status}`,
        field: body.field,
      });
    } catch (err) {
      setState({ phase: 'error', message: `The upload failed: ${(err as Error).message}` });
    }
  };
  const text = format === 'json' || format === 'remote';
  const textEndpoint = format === 'remote-text';
  return (
    <form onSubmit={submit} className="stack-form" aria-label="Upload a version">
      <label htmlFor="v-format">Format</label>
      <select
        id="v-format"
        name="format"
        value={format}
        onChange={(e) => setFormat(e.currentTarget.value)}
      >
        <option value="json">JSON spec (linear / logistic)</option>
        <option value="onnx">ONNX file</option>
        <option value="tfjs">TensorFlow.js (model.json + weight files, or a bundle)</option>
        <option value="remote">Remote endpoint (KServe v2 descriptor)</option>
        <option value="remote-text">
          Remote text endpoint (KServe v2 BYTES or OpenAI-compatible completions)
        </option>
        <option value="automl">AutoML pipeline (a run’s exported artifact, .json)</option>
      </select>
      {textEndpoint ? (
        <fieldset>
          <legend>Text endpoint</legend>
          <div className="stack-form">
            <label htmlFor="v-text-protocol">Protocol</label>
            <select
              id="v-text-protocol"
              name="textProtocol"
              value={protocol}
              onChange={(e) => setProtocol(e.currentTarget.value)}
            >
              <option value="openai-completions">
                OpenAI-compatible completions (POST /v1/completions)
              </option>
              <option value="kserve-v2">
                KServe v2 with BYTES tensors (POST /v2/models/…/infer)
              </option>
            </select>
            <label htmlFor="v-text-url">
              URL{' '}
              <span className="hint">(the server’s base, allowed by the API’s outbound list)</span>
            </label>
            <input
              id="v-text-url"
              name="textUrl"
              type="url"
              placeholder="http://llm:8000"
              required
            />
            <label htmlFor="v-text-model">
              Model name <span className="hint">(as the server knows it)</span>
            </label>
            <input id="v-text-model" name="textModelName" placeholder="writer" required />
            {protocol === 'kserve-v2' ? (
              <>
                <label htmlFor="v-text-model-version">
                  Model version on the server <span className="hint">(optional)</span>
                </label>
                <input id="v-text-model-version" name="textModelVersion" />
                <label htmlFor="v-text-input">
                  Input tensor <span className="hint">(optional; default text_input)</span>
                </label>
                <input id="v-text-input" name="textInputName" placeholder="text_input" />
                <label htmlFor="v-text-output">
                  Output tensor <span className="hint">(optional; default the first)</span>
                </label>
                <input id="v-text-output" name="textOutputName" />
              </>
            ) : (
              <>
                <label htmlFor="v-text-max-tokens">
                  Max tokens <span className="hint">(optional; default 256)</span>
                </label>
                <input
                  id="v-text-max-tokens"
                  name="textMaxTokens"
                  type="number"
                  min={1}
                  placeholder="256"
                />
              </>
            )}
            <label htmlFor="v-text-timeout">
              Timeout per request, ms <span className="hint">(optional; default 30000)</span>
            </label>
            <input
              id="v-text-timeout"
              name="textTimeoutMs"
              type="number"
              min={1}
              placeholder="30000"
            />
            <label htmlFor="v-text-batch">
              Prompts per request <span className="hint">(optional; default 32)</span>
            </label>
            <input id="v-text-batch" name="textBatchSize" type="number" min={1} placeholder="32" />
          </div>
        </fieldset>
      ) : null}
      {text ? (
        <>
          <label htmlFor="v-spec">
            {format === 'json' ? 'Spec' : 'Descriptor'}{' '}
            <span className="hint">(paste JSON, or choose a file below)</span>
          </label>
          <textarea
            id="v-spec"
            name="spec"
            rows={4}
            placeholder={format === 'json' ? SPEC_EXAMPLE : REMOTE_EXAMPLE}
          />
        </>
      ) : null}
      {format === 'tfjs' ? (
        <>
          <label htmlFor="v-tfjs">
            Model folder files <span className="hint">(model.json and its .bin shards)</span>
          </label>
          <input id="v-tfjs" name="tfjs" type="file" multiple accept=".json,.bin" />
        </>
      ) : null}
      {textEndpoint ? null : (
        <>
          <label htmlFor="v-artifact">
            {format === 'onnx'
              ? 'ONNX file'
              : format === 'tfjs'
                ? 'Or one bundle file'
                : format === 'automl'
                  ? 'AutoML artifact'
                  : 'File'}
            {text ? <span className="hint"> (optional when pasted above)</span> : null}
          </label>
          <input
            id="v-artifact"
            name="artifact"
            type="file"
            accept={format === 'onnx' ? '.onnx' : '.json'}
            required={format === 'onnx' || format === 'automl'}
          />
          <fieldset>
            <legend>Signature</legend>
            <div className="stack-form">
              <label htmlFor="v-features">
                Input features{' '}
                <span className="hint">
                  (name:type, comma-separated, in the model’s order; type numeric, categorical,
                  boolean, string or datetime)
                </span>
              </label>
              <input id="v-features" name="features" placeholder="tenure:numeric, spend:numeric" />
              <label htmlFor="v-output">Output</label>
              <select
                id="v-output"
                name="outputKind"
                value={outputKind}
                onChange={(e) => setOutputKind(e.currentTarget.value)}
              >
                <option value="">not stated (a spec says it itself)</option>
                <option value="regression">regression values</option>
                <option value="probability">probability of the second class (binary)</option>
                <option value="probabilities">probabilities of every class</option>
              </select>
              {outputKind === 'probability' || outputKind === 'probabilities' ? (
                <>
                  <label htmlFor="v-classes">
                    Classes <span className="hint">(comma-separated, in the model’s order)</span>
                  </label>
                  <input id="v-classes" name="classes" placeholder="0, 1" required />
                </>
              ) : outputKind === 'regression' ? (
                <>
                  <label htmlFor="v-noutputs">Number of outputs</label>
                  <input id="v-noutputs" name="nOutputs" type="number" min={1} defaultValue={1} />
                </>
              ) : null}
            </div>
          </fieldset>
        </>
      )}
      <label htmlFor="v-tags">
        Tags <span className="hint">(key=value, comma-separated)</span>
      </label>
      <input id="v-tags" name="tags" placeholder="framework=sklearn, owner=risk" />
      <label htmlFor="v-run">
        Source run <span className="hint">(the id of the run that produced it)</span>
      </label>
      <input id="v-run" name="sourceRunId" placeholder="00000000-0000-4000-8000-000000000000" />
      <label htmlFor="v-description">Description</label>
      <input id="v-description" name="description" maxLength={10000} />
      <button type="submit" disabled={state.phase === 'sending'}>
        {state.phase === 'sending' ? 'Uploading…' : 'Upload version'}
      </button>
      <div aria-live="polite">
        {state.phase === 'error' ? (
          <p role="alert" className="error" data-testid="version-error">
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
