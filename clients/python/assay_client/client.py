"""The Assay REST client: one method per API operation, problem details raised as exceptions."""

from __future__ import annotations

import hashlib
import json
import math
import os
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from .tables import AB_COLUMNS, METRIC_COLUMNS, ab_rows, metric_rows, table
from .types import Evaluation, EvaluationResult, Job, MetricPoint

JSON = Dict[str, Any]


class AssayAPIError(Exception):
    """An RFC 9457 problem returned by the API (4xx/5xx), with the fields it named."""

    def __init__(self, status: int, problem: JSON):
        self.status = status
        self.problem = problem
        self.detail = problem.get("detail") or problem.get("title") or f"HTTP {status}"
        self.errors = problem.get("errors") or []
        super().__init__(f"{status}: {self.detail}")


class JobTimeoutError(TimeoutError):
    """The client stopped waiting for a job that is still queued or running on the server.

    The job goes on; ``job_id`` and ``job_url`` find it again, e.g.
    ``client.wait_for_job(project, err.job_id)`` to wait some more, or
    ``client.cancel_job(project, err.job_id)``."""

    def __init__(self, job_id: str, job_url: str, job: Optional[JSON], waited: float):
        self.job_id = job_id
        self.job_url = job_url
        self.job = job
        status = (job or {}).get("status", "running")
        super().__init__(
            f"job {job_id} is still {status} after {waited:g} s; it goes on on the server "
            f"(wait_for_job(project, {job_id!r}) resumes waiting): {job_url}"
        )


def print_progress(job: JSON) -> None:
    """An ``on_progress`` callback that keeps one status line on stderr up to date."""
    progress = job.get("progress") or {}
    fraction = float(progress.get("fraction") or 0.0)
    message = progress.get("message") or ""
    end = "\n" if job.get("status") not in ("queued", "running") else ""
    sys.stderr.write(f"\r{job.get('status', '?'):9} {fraction * 100:5.1f} %  {message[:60]:60}{end}")
    sys.stderr.flush()


def _plain(value: Any) -> Any:
    """Turns numpy arrays, pandas objects and NaN into what JSON can carry (NaN → null)."""
    if hasattr(value, "to_numpy") and not isinstance(value, (str, bytes)):
        value = value.to_numpy()
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _reward(reward: JSON) -> JSON:
    """One reward as the API takes it: integer episode (and step), float reward and optimum."""
    out: JSON = {"episode": int(reward["episode"]), "reward": float(reward["reward"])}
    step = reward.get("step")
    if step is not None and step == step:  # NaN from a DataFrame column means no step
        out["step"] = int(step)
    optimal = reward.get("optimal")
    if optimal is not None and optimal == optimal:
        out["optimal"] = float(optimal)
    return out


def _decimal(value: float) -> str:
    """A number in [0, 1] as the query string takes it: plain decimal digits, no exponent."""
    text = format(float(value), ".17f").rstrip("0").rstrip(".")
    return text or "0"


def _event(event: JSON) -> JSON:
    """An outcome event as the API reads it: missing values (None, NaN) left out, an instant as
    ISO-8601 with an offset (a naive datetime or Timestamp is taken as UTC)."""
    out: JSON = {}
    for key, value in event.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if hasattr(value, "isoformat"):
            text = value.isoformat()
            value = text if getattr(value, "tzinfo", None) is not None else text + "+00:00"
        elif hasattr(value, "item"):
            value = value.item()  # a numpy scalar
        out[str(key)] = value
    return out


def _feature_rows(rows: Any) -> Any:
    """Rows for ``predict`` in the form the API matches by name when names are known: a DataFrame
    as columnar ``{"columns", "data"}``, a dict of columns likewise, dicts as they are, arrays and
    lists positionally. pandas and numpy are never imported: objects are recognised by what they
    have (``columns`` and ``to_numpy``; ``tolist``)."""
    if hasattr(rows, "columns") and hasattr(rows, "to_numpy"):
        return {"columns": [str(c) for c in rows.columns], "data": _plain(rows.to_numpy())}
    if isinstance(rows, dict):
        if "columns" in rows and "data" in rows:
            return _plain(rows)
        columns = [str(c) for c in rows]
        values = [_plain(rows[c]) for c in rows]
        if not any(isinstance(v, list) for v in values):
            return [dict(zip(columns, values))]  # one row keyed by feature name
        lengths = {len(v) for v in values if isinstance(v, list)}
        if len(lengths) != 1 or any(not isinstance(v, list) for v in values):
            raise ValueError("a dict of rows maps each column name to a list of values, all of one length")
        return {"columns": columns, "data": [list(row) for row in zip(*values)]}
    return _plain(rows)


def _input_rows(input: JSON) -> Optional[int]:
    """The most rows of any matrix or vector in an explainer's input; None when part of it is read
    from an uploaded dataset (its size is not known here)."""
    rows = 0
    for value in input.values():
        if isinstance(value, dict) and "dataset" in value:
            return None
        if hasattr(value, "shape") and getattr(value, "shape", None):
            rows = max(rows, int(value.shape[0]))
        elif isinstance(value, (list, tuple)):
            rows = max(rows, len(value))
    return rows


def _quote(segment: Union[str, int]) -> str:
    return urllib.parse.quote(str(segment), safe="")


def dataset_slice(
    dataset: Union[JSON, str],
    columns: Optional[List[str]] = None,
    column: Optional[str] = None,
    start: Optional[int] = None,
    end: Optional[int] = None,
) -> JSON:
    """Part of an uploaded dataset, to pass as a field of an explainer's input instead of the data
    itself (the server reads it where the explainer runs): ``columns`` for a matrix, ``column`` for
    a vector, rows ``[start, end)``.

        X = dataset_slice(ds, columns=features, end=1000)
        assay.explain("permutationImportance", {"X": X, "y": dataset_slice(ds, column="y", end=1000)},
                      project="default", model="churn", run_async=True)"""
    if (columns is None) == (column is None):
        raise ValueError("give columns= (a matrix) or column= (a vector)")
    ref: JSON = {"dataset": dataset["id"] if isinstance(dataset, dict) else dataset}
    if columns is not None:
        ref["columns"] = list(columns)
    else:
        ref["column"] = column
    if start is not None or end is not None:
        ref["rows"] = {k: v for k, v in (("start", start), ("end", end)) if v is not None}
    return ref



def _dataset_body(dataset: Any) -> Tuple[JSON, Optional[int]]:
    """A batch test's ``dataset`` as the API takes it, and its row count when known: an uploaded
    dataset (``{"id": …}``) as is, anything else (a CSV path, CSV text or bytes, a DataFrame) inline
    as CSV."""
    if isinstance(dataset, dict) and "id" in dataset:
        return {"id": dataset["id"]}, dataset.get("rows")
    if hasattr(dataset, "to_csv"):
        content = dataset.to_csv(index=False)
    elif isinstance(dataset, bytes):
        content = dataset.decode("utf-8")
    elif isinstance(dataset, os.PathLike) or (isinstance(dataset, str) and "\n" not in dataset and os.path.exists(dataset)):
        with open(dataset, encoding="utf-8") as f:
            content = f.read()
    else:
        content = str(dataset)
    return {"format": "csv", "content": content}, content.count("\n")

class Client:
    """A client for one Assay API and one API key.

    Retries (with the server's ``Retry-After``) on 429 and 503 and on connection errors, up to
    ``retries`` times; every other error is raised as :class:`AssayAPIError`.

    ``timeout`` bounds each HTTP request. Work that may take longer runs as a server-side job
    (evaluations of more than ``job_rows`` rows or with confidence intervals, anything with
    ``run_async=True``), which the client follows with its progress for at most
    ``job_timeout`` seconds (None: until it ends) before raising :class:`JobTimeoutError` with
    the job's id: the work is never orphaned. Tables (metrics, run histories, leaderboards) are
    pandas DataFrames when pandas is installed (``frames=None``), always (``True``) or never
    (``False``: lists of dicts).
    """

    def __init__(
        self,
        base_url: Optional[str] = None,
        api_key: Optional[str] = None,
        timeout: float = 60.0,
        retries: int = 3,
        job_timeout: Optional[float] = None,
        job_rows: int = 10_000,
        frames: Optional[bool] = None,
    ):
        self.base_url = (base_url or os.environ.get("ASSAY_URL") or "http://127.0.0.1:4000").rstrip("/")
        self.api_key = api_key or os.environ.get("ASSAY_API_KEY")
        if not self.api_key:
            raise ValueError("pass api_key= or set ASSAY_API_KEY (the key printed when the API first started)")
        self.timeout = timeout
        self.retries = retries
        self.job_timeout = job_timeout
        self.job_rows = job_rows
        self.frames = frames

    # -- transport ---------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: Optional[Dict[str, Any]] = None,
        raw: Optional[bytes] = None,
        accept_bytes: bool = False,
        extra_headers: Optional[Dict[str, str]] = None,
        with_status: bool = False,
    ) -> Any:
        url = self.base_url + path
        if query:
            q = {k: v for k, v in query.items() if v is not None}
            if q:
                url += "?" + urllib.parse.urlencode(q)
        headers = {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json", **(extra_headers or {})}
        data: Optional[bytes] = None
        if raw is not None:
            data = raw
            headers.setdefault("Content-Type", "application/octet-stream")
        elif body is not None:
            data = json.dumps(_plain(body), allow_nan=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        attempt = 0
        while True:
            req = urllib.request.Request(url, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as res:
                    payload = res.read()
                    if accept_bytes:
                        return payload, dict(res.headers)
                    parsed = json.loads(payload) if payload else None
                    return (res.status, parsed) if with_status else parsed
            except urllib.error.HTTPError as err:
                payload = err.read()
                if err.code in (429, 503) and attempt < self.retries:
                    attempt += 1
                    time.sleep(float(err.headers.get("Retry-After") or 2 ** attempt))
                    continue
                try:
                    problem = json.loads(payload)
                except ValueError:
                    problem = {"detail": payload.decode("utf-8", "replace")[:500]}
                raise AssayAPIError(err.code, problem) from None
            except urllib.error.URLError:
                if attempt >= self.retries:
                    raise
                attempt += 1
                time.sleep(2 ** attempt * 0.25)
            except (socket.timeout, TimeoutError):
                # A request with an Idempotency-Key (one that starts a job) is safe to send again:
                # the server answers the job it started the first time.
                if "Idempotency-Key" not in headers or attempt >= self.retries:
                    raise
                attempt += 1

    def _pages(self, path: str, page_size: int = 100, filters: Optional[Dict[str, Any]] = None) -> Iterator[JSON]:
        cursor: Optional[str] = None
        while True:
            page = self._request("GET", path, query={**(filters or {}), "limit": page_size, "cursor": cursor})
            yield from page["items"]
            cursor = page.get("nextCursor")
            if not cursor:
                return

    # -- server ------------------------------------------------------------------------------

    def info(self) -> JSON:
        """Server version, database and TensorFlow.js backend."""
        return self._request("GET", "/v1/info")

    def me(self) -> JSON:
        """This key's project and role."""
        return self._request("GET", "/v1/me")

    # -- projects ----------------------------------------------------------------------------

    def list_projects(self) -> List[JSON]:
        """The projects this key sees (a key belongs to one project)."""
        return self._request("GET", "/v1/projects")["items"]

    def create_project(self, name: str, description: Optional[str] = None) -> JSON:
        """Creates a project (operators only: admins of the bootstrap project). Returns
        ``{"project", "key", "apiKey"}``; ``key`` is the new project's first admin key, shown once."""
        body: JSON = {"name": name}
        if description is not None:
            body["description"] = description
        return self._request("POST", "/v1/projects", body)

    # -- metrics -----------------------------------------------------------------------------

    def list_metrics(self) -> List[JSON]:
        """Every metric with its input, params and result JSON Schemas."""
        return self._request("GET", "/v1/metrics")["items"]

    def compute_metric(self, name: str, input: JSON, params: Optional[JSON] = None) -> JSON:
        """Computes one metric; numpy arrays and pandas Series are accepted anywhere in input."""
        return self._request("POST", f"/v1/metrics/{_quote(name)}", {"input": input, "params": params or {}})

    # -- models and versions -----------------------------------------------------------------

    def register_model(
        self,
        project: str,
        name: str,
        description: Optional[str] = None,
        tags: Optional[Dict[str, str]] = None,
    ) -> JSON:
        body: JSON = {"name": name}
        if description is not None:
            body["description"] = description
        if tags is not None:
            body["tags"] = tags
        return self._request("POST", f"/v1/projects/{_quote(project)}/models", body)

    def get_model(self, project: str, name: str) -> JSON:
        return self._request("GET", f"/v1/projects/{_quote(project)}/models/{_quote(name)}")

    def list_models(self, project: str) -> Iterator[JSON]:
        """All models of a project, each with its versions (follows the pages)."""
        return self._pages(f"/v1/projects/{_quote(project)}/models")

    def upload_version(
        self,
        project: str,
        model: str,
        artifact: Union[bytes, str, os.PathLike],
        format: str,
        description: Optional[str] = None,
        input_signature: Optional[Union[JSON, List[str]]] = None,
        output_signature: Optional[JSON] = None,
        tags: Optional[Dict[str, str]] = None,
        source_run_id: Optional[str] = None,
    ) -> JSON:
        """Uploads a new version. ``artifact`` is bytes or a file path; its sha256 is sent along so
        the server refuses bytes damaged on the way.

        ``input_signature`` is ``{"features": [{"name", "type"}]}`` or a list of feature names;
        ``output_signature`` says what the model predicts: ``{"kind": "regression", "nOutputs": 1}``,
        ``{"kind": "probability", "classes": [0, 1]}`` or ``{"kind": "probabilities", "classes": [...]}``
        (an ONNX classifier needs it: its ``probabilities`` output is then read). With any of
        these, tags or the producing run, the upload is a multipart form."""
        data = artifact if isinstance(artifact, bytes) else open(artifact, "rb").read()
        sha256 = hashlib.sha256(data).hexdigest()
        path = f"/v1/projects/{_quote(project)}/models/{_quote(model)}/versions"
        query = {"format": format, "expectedSha256": sha256, "description": description}
        metadata: JSON = {}
        if isinstance(input_signature, list):
            input_signature = {"features": [{"name": str(n), "type": "numeric"} for n in input_signature]}
        for key, value in (
            ("inputSignature", input_signature),
            ("outputSignature", output_signature),
            ("tags", tags),
            ("sourceRunId", source_run_id),
        ):
            if value is not None:
                metadata[key] = _plain(value)
        if not metadata:
            return self._request("POST", path, query=query, raw=data)
        boundary = f"assay-{uuid.uuid4().hex}"
        body = b"".join(
            [
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                "Content-Type: application/json\r\n\r\n".encode(),
                json.dumps(metadata).encode("utf-8"),
                f"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"artifact\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n".encode(),
                data,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        return self._request(
            "POST",
            path,
            query=query,
            raw=body,
            extra_headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )

    def list_versions(self, project: str, model: str) -> Iterator[JSON]:
        return self._pages(f"/v1/projects/{_quote(project)}/models/{_quote(model)}/versions")

    def get_version(self, project: str, model: str, version: int) -> JSON:
        return self._request("GET", f"/v1/projects/{_quote(project)}/models/{_quote(model)}/versions/{int(version)}")

    def download_artifact(self, project: str, model: str, version: int) -> bytes:
        """The version's artifact, checked against the sha256 the server reports."""
        data, headers = self._request(
            "GET",
            f"/v1/projects/{_quote(project)}/models/{_quote(model)}/versions/{int(version)}/artifact",
            accept_bytes=True,
        )
        expected = {k.lower(): v for k, v in headers.items()}.get("x-assay-sha256")
        if expected and hashlib.sha256(data).hexdigest() != expected:
            raise AssayAPIError(502, {"detail": "downloaded artifact does not match its sha256"})
        return data

    # -- experiments and runs ----------------------------------------------------------------

    def create_experiment(self, project: str, name: str, description: Optional[str] = None, tags: Optional[Dict[str, str]] = None) -> JSON:
        body: JSON = {"name": name}
        if description is not None:
            body["description"] = description
        if tags is not None:
            body["tags"] = tags
        return self._request("POST", f"/v1/projects/{_quote(project)}/experiments", body)

    def get_or_create_experiment(self, project: str, name: str) -> JSON:
        try:
            return self._request("GET", f"/v1/projects/{_quote(project)}/experiments/{_quote(name)}")
        except AssayAPIError as err:
            if err.status != 404:
                raise
        try:
            return self.create_experiment(project, name)
        except AssayAPIError as err:
            if err.status != 409:  # created meanwhile by another notebook
                raise
            return self._request("GET", f"/v1/projects/{_quote(project)}/experiments/{_quote(name)}")

    def start_run(
        self,
        project: str,
        experiment: str,
        name: Optional[str] = None,
        params: Optional[JSON] = None,
        tags: Optional[Dict[str, str]] = None,
    ) -> "Run":
        """Starts a run (creating the experiment if needed). Use it as a context manager to have it
        finished, or marked failed if the block raises."""
        self.get_or_create_experiment(project, experiment)
        body: JSON = {}
        if name is not None:
            body["name"] = name
        if params is not None:
            body["params"] = params
        if tags is not None:
            body["tags"] = tags
        data = self._request("POST", f"/v1/projects/{_quote(project)}/experiments/{_quote(experiment)}/runs", body)
        return Run(self, data)

    def get_run(self, run_id: str) -> JSON:
        return self._request("GET", f"/v1/runs/{_quote(run_id)}")

    def list_runs(
        self,
        project: str,
        experiment: str,
        sort: Optional[str] = None,
        status: Optional[str] = None,
        params: Optional[Dict[str, Any]] = None,
        tags: Optional[Dict[str, str]] = None,
        metrics: Optional[List[str]] = None,
    ) -> Iterator[JSON]:
        """An experiment's runs, sorted and filtered by the server: ``sort`` is ``startedAt``,
        ``name``, ``status``, ``params.<key>`` or ``metrics.<key>`` (a metric's latest value), with
        a leading ``-`` for descending; ``params`` and ``tags`` must all match; ``metrics`` are
        comparisons such as ``"acc>=0.9"`` (``< <= > >= = !=``) that must all hold. Each run has
        ``metrics``: every key's latest value."""
        def pairs(values: Dict[str, Any]) -> str:
            def text(v: Any) -> str:
                return "null" if v is None else ("true" if v is True else "false" if v is False else str(v))
            return ",".join(f"{k}={text(v)}" for k, v in values.items())

        filters: Dict[str, Any] = {}
        if sort:
            filters["sort"] = sort
        if status:
            filters["status"] = status
        if params:
            filters["params"] = pairs(params)
        if tags:
            filters["tags"] = pairs(tags)
        if metrics:
            filters["metrics"] = ",".join(metrics)
        return self._pages(f"/v1/projects/{_quote(project)}/experiments/{_quote(experiment)}/runs", filters=filters)

    def runs_table(self, project: str, experiment: str, metrics: Optional[List[str]] = None) -> Any:
        """An experiment's runs, one row each (id, name, status, startedAt, endedAt, then one
        ``params.<name>`` column per parameter and, for each key of ``metrics``, its latest value:
        the point with the greatest step): a DataFrame indexed by run id when pandas is installed.
        One request per page of runs: the latest values come with each run."""
        rows: List[JSON] = []
        for run in self.list_runs(project, experiment):
            row: JSON = {k: run.get(k) for k in ("id", "name", "status", "startedAt", "endedAt")}
            for name, value in (run.get("params") or {}).items():
                row[f"params.{name}"] = value
            latest = run.get("metrics") or {}
            for key in metrics or []:
                row[key] = latest.get(key)
            rows.append(row)
        return table(rows, ["id", "name", "status", "startedAt", "endedAt"], "id", self.frames)

    def run_history(self, run_id: str, keys: List[str]) -> Any:
        """The points of several metrics of one run, one row per step and one column per key
        (a DataFrame indexed by step when pandas is installed; else rows ``{"step", key: value}``)."""
        by_step: Dict[int, JSON] = {}
        for key in keys:
            for point in self.metric_history(run_id, key):
                by_step.setdefault(point["step"], {"step": point["step"]})[key] = point["value"]
        rows = [by_step[step] for step in sorted(by_step)]
        return table(rows, ["step", *keys], "step", self.frames)

    MAX_POINTS_PER_REQUEST = 10_000

    def log_metrics(self, run_id: str, points: List[JSON]) -> int:
        """Logs points ``{"key", "value", "step"?, "timestamp"?}``, in requests of at most 10 000.

        Each request carries its own ``Idempotency-Key``, so the automatic retries after a timeout
        or a dropped connection never store a batch twice."""
        stored = 0
        for start in range(0, len(points), self.MAX_POINTS_PER_REQUEST):
            chunk = points[start : start + self.MAX_POINTS_PER_REQUEST]
            stored += self._request(
                "POST",
                f"/v1/runs/{_quote(run_id)}/metrics",
                {"points": chunk},
                extra_headers={"Idempotency-Key": uuid.uuid4().hex},
            )["count"]
        return stored

    def metric_history(self, run_id: str, key: str) -> List[MetricPoint]:
        """Every point of one metric, in step order."""
        out: List[JSON] = []
        cursor: Optional[str] = None
        while True:
            page = self._request("GET", f"/v1/runs/{_quote(run_id)}/metrics", query={"key": key, "limit": 10_000, "cursor": cursor})
            out.extend(page["items"])
            cursor = page.get("nextCursor")
            if not cursor:
                return out

    def finish_run(self, run_id: str, status: str = "finished") -> JSON:
        return self._request("POST", f"/v1/runs/{_quote(run_id)}/finish", {"status": status})

    # -- aliases -------------------------------------------------------------------------------

    def set_alias(
        self,
        project: str,
        model: str,
        alias: str,
        version: int,
        expected_revision: Optional[int] = None,
        reason: Optional[str] = None,
        override_reason: Optional[str] = None,
    ) -> JSON:
        """Points ``alias`` at ``version``. With ``expected_revision`` (the revision you read, 0 for a
        new alias) a concurrent move makes this raise a 409 instead of silently overwriting. An
        alias guarded by a gate policy moves only to a version with a passing gate report (else a
        409 whose ``problem["gate"]`` lists the failing checks); ``override_reason`` (an admin's
        key) moves it anyway, recording the reason in the ledger."""
        body: JSON = {"version": int(version)}
        if expected_revision is not None:
            body["expectedRevision"] = int(expected_revision)
        if reason is not None:
            body["reason"] = reason
        if override_reason is not None:
            body["override"] = {"reason": override_reason}
        return self._request("PUT", f"/v1/projects/{_quote(project)}/models/{_quote(model)}/aliases/{_quote(alias)}", body)

    def resolve_alias(self, project: str, model: str, alias: str, at: Optional[str] = None) -> JSON:
        """The version the alias points at now, or held at ISO-8601 instant ``at``."""
        return self._request(
            "GET",
            f"/v1/projects/{_quote(project)}/models/{_quote(model)}/aliases/{_quote(alias)}/version",
            query={"at": at},
        )

    def alias_history(self, project: str, model: str, alias: str) -> Iterator[JSON]:
        return self._pages(f"/v1/projects/{_quote(project)}/models/{_quote(model)}/aliases/{_quote(alias)}/history")

    # -- comparisons and gates ------------------------------------------------------------------

    def _started(self, project: str, status: int, answer: JSON, wait: bool, timeout: Optional[float], key: str, fetch: Callable[[str], JSON]) -> JSON:
        """A 201's stored result, or (202) the job followed to its end and the result it names."""
        if status != 202 or not wait:
            return answer
        job = self.wait_for_job(project, answer["id"], timeout=timeout)
        return fetch(job["result"][key])

    def compare(
        self,
        project: str,
        model: str,
        candidate: int,
        dataset: Any,
        target: str,
        metrics: List[Union[str, JSON]],
        baseline: Optional[int] = None,
        baseline_alias: Optional[str] = None,
        features: Optional[List[str]] = None,
        confidence: Optional[JSON] = None,
        alpha: Optional[float] = None,
        run_async: Optional[bool] = None,
        wait: bool = True,
        timeout: Optional[float] = None,
    ) -> JSON:
        """Compares version ``candidate`` with a baseline (``baseline``, a version number, or
        ``baseline_alias``, resolved to its holder now) on the same rows of an uploaded dataset
        (the dict :meth:`upload_dataset` returns, or its id): per metric both values, the delta,
        its paired bootstrap interval and the paired test. Returns the stored comparison (a job
        is followed to its end unless ``wait=False``)."""
        if (baseline is None) == (baseline_alias is None):
            raise ValueError("give baseline (a version) or baseline_alias, not both")
        body: JSON = {
            "model": model,
            "candidate": {"version": int(candidate)},
            "baseline": {"version": int(baseline)} if baseline is not None else {"alias": baseline_alias},
            "datasetId": dataset["id"] if isinstance(dataset, dict) else str(dataset),
            "target": target,
            "metrics": [m if isinstance(m, dict) else {"name": m} for m in metrics],
        }
        for key, value in (("features", features), ("confidence", confidence), ("alpha", alpha), ("async", run_async)):
            if value is not None:
                body[key] = value
        status, answer = self._request(
            "POST",
            f"/v1/projects/{_quote(project)}/comparisons",
            body,
            with_status=True,
            extra_headers={"Idempotency-Key": str(uuid.uuid4())} if run_async else None,
        )
        return self._started(project, status, answer, wait, timeout, "comparisonId", lambda i: self.get_comparison(project, i))

    def get_comparison(self, project: str, comparison_id: str) -> JSON:
        return self._request("GET", f"/v1/projects/{_quote(project)}/comparisons/{_quote(comparison_id)}")

    def list_comparisons(self, project: str, model: str) -> Iterator[JSON]:
        return self._pages(f"/v1/projects/{_quote(project)}/models/{_quote(model)}/comparisons")

    def create_gate_policy(
        self,
        project: str,
        model: str,
        alias: str,
        dataset: Any,
        target: str,
        checks: List[JSON],
        features: Optional[List[str]] = None,
        confidence: Optional[JSON] = None,
        alpha: Optional[float] = None,
        description: Optional[str] = None,
        expected_version: Optional[int] = None,
    ) -> JSON:
        """Writes the next version of the gate policy guarding ``alias`` (an admin's key). Checks:
        ``{"kind": "threshold", "metric", "op", "value"}``, ``{"kind": "relative", "metric",
        "margin", "notSignificantlyWorse"}``, ``{"kind": "fairness", "metric", "column", "max"}``,
        ``{"kind": "latency", "percentile", "maxMs", "batchRows"}``, ``{"kind": "artifact-size",
        "maxBytes"}``. ``expected_version`` (the version you read, 0 for none) makes a concurrent
        update raise a 409."""
        body: JSON = {
            "datasetId": dataset["id"] if isinstance(dataset, dict) else str(dataset),
            "target": target,
            "checks": checks,
        }
        for key, value in (("features", features), ("confidence", confidence), ("alpha", alpha), ("description", description), ("expectedVersion", expected_version)):
            if value is not None:
                body[key] = value
        return self._request("PUT", f"/v1/projects/{_quote(project)}/models/{_quote(model)}/aliases/{_quote(alias)}/gate-policy", body)

    def get_gate_policy(self, project: str, model: str, alias: str, version: Optional[int] = None) -> JSON:
        """The alias's current gate policy version, or version ``version``."""
        return self._request(
            "GET",
            f"/v1/projects/{_quote(project)}/models/{_quote(model)}/aliases/{_quote(alias)}/gate-policy",
            query={"version": version},
        )

    def run_gate(
        self,
        project: str,
        model: str,
        alias: str,
        version: int,
        run_async: Optional[bool] = None,
        wait: bool = True,
        timeout: Optional[float] = None,
    ) -> JSON:
        """Runs the alias's gate (its current policy version) on candidate ``version`` and returns
        the gate report: each check with its numbers, ``passed`` and ``reason``."""
        body: JSON = {"version": int(version)}
        if run_async is not None:
            body["async"] = run_async
        status, answer = self._request(
            "POST",
            f"/v1/projects/{_quote(project)}/models/{_quote(model)}/aliases/{_quote(alias)}/gate-runs",
            body,
            with_status=True,
            extra_headers={"Idempotency-Key": str(uuid.uuid4())} if run_async else None,
        )
        return self._started(project, status, answer, wait, timeout, "gateReportId", lambda i: self.get_gate_report(project, i))

    def get_gate_report(self, project: str, report_id: str) -> JSON:
        return self._request("GET", f"/v1/projects/{_quote(project)}/gate-reports/{_quote(report_id)}")

    def list_gate_reports(self, project: str, model: str, alias: Optional[str] = None, version: Optional[int] = None) -> Iterator[JSON]:
        return self._pages(
            f"/v1/projects/{_quote(project)}/models/{_quote(model)}/gate-reports",
            filters={"alias": alias, "version": version},
        )

    def alias_why(self, project: str, model: str, alias: str, version: int) -> JSON:
        """Why ``version`` is (or was) on ``alias``: the ledger move that put it there with its gate
        report or override reason and the evaluation it cited, and ``holdsNow``."""
        return self._request(
            "GET",
            f"/v1/projects/{_quote(project)}/models/{_quote(model)}/aliases/{_quote(alias)}/why",
            query={"version": int(version)},
        )

    # -- predictions, explanations, batch evaluations -----------------------------------------

    def predict(
        self,
        project: str,
        model: str,
        rows: Any,
        version: Optional[int] = None,
        alias: Optional[str] = None,
        unit: Optional[Tuple[str, str]] = None,
    ) -> JSON:
        """Predicts feature rows with a registered version (a number, an alias, or the newest).

        ``rows`` is a pandas DataFrame (sent with its column names, so the server matches them to
        the version's features by name: any column order gives the same predictions), a list of
        dicts keyed by feature name (or one such dict), a dict of columns (``{"age": [..], "income": [..]}``), a
        numpy array or a list of lists (positional: in the model's feature order). A missing or
        an unknown column name is refused by the server with a 400 naming it.

        ``unit=(ab_test_id, unit_id)`` predicts for a unit of an A/B test instead: the version of
        the unit's variant answers (sticky), and the answer's ``abTest`` says which variant."""
        body: JSON = {"rows": _feature_rows(rows)}
        if unit is not None:
            body["unit"] = {"abTest": unit[0], "id": unit[1]}
        if version is not None:
            body["version"] = int(version)
        if alias is not None:
            body["alias"] = alias
        return self._request("POST", f"/v1/projects/{_quote(project)}/models/{_quote(model)}/predict", body)

    # -- A/B tests -----------------------------------------------------------------------------
    # Variants are versions or aliases of one model with weights (the first is the control);
    # units are assigned by GrowthBook's hashing of (salt, unit id), sticky once exposed.

    def create_ab_test(
        self,
        project: str,
        model: str,
        name: str,
        variants: List[JSON],
        metrics: List[JSON],
        coverage: float = 1.0,
        salt: Optional[str] = None,
        unit_type: str = "user",
        plan: Optional[JSON] = None,
        method: str = "sequential",
        alpha: float = 0.05,
        alias: Optional[str] = None,
        start: bool = False,
        description: Optional[str] = None,
    ) -> JSON:
        """Creates an A/B test: ``variants`` as ``[{"name", "version" or "alias", "weight"}]``,
        ``metrics`` as ``[{"name", "kind": "proportion"|"mean"|"ratio", "event", "denominator"
        (ratio), "role": "primary"|"guardrail", "inverse"}]``, an optional ``plan``
        (``{"baseline": {"kind": "proportion", "rate"} or {"kind": "mean", "mean", "sd"}, "mde",
        "power", "alpha", "dailyUnits"}``: the planner's sample size is stored), and ``alias``, the
        alias a winner is promoted to through its gate. A draft unless ``start``."""
        body: JSON = {
            "model": model,
            "name": name,
            "variants": variants,
            "metrics": metrics,
            "coverage": float(coverage),
            "unitType": unit_type,
            "method": method,
            "alpha": float(alpha),
            "start": bool(start),
        }
        for key, value in (("salt", salt), ("plan", plan), ("alias", alias), ("description", description)):
            if value is not None:
                body[key] = value
        return self._request("POST", f"/v1/projects/{_quote(project)}/ab-tests", body)

    def get_ab_test(self, project: str, test_id: str) -> JSON:
        return self._request("GET", f"/v1/projects/{_quote(project)}/ab-tests/{_quote(test_id)}")

    def list_ab_tests(self, project: str, model: Optional[str] = None, status: Optional[str] = None) -> Iterator[JSON]:
        return self._pages(f"/v1/projects/{_quote(project)}/ab-tests", filters={"model": model, "status": status})

    def start_ab_test(self, project: str, test_id: str) -> JSON:
        """Starts a draft: from now on units are assigned and exposures recorded."""
        return self._request("PATCH", f"/v1/projects/{_quote(project)}/ab-tests/{_quote(test_id)}", {"status": "running"})

    def ramp_ab_test(
        self,
        project: str,
        test_id: str,
        weights: Optional[List[float]] = None,
        coverage: Optional[float] = None,
        reassign: bool = False,
    ) -> JSON:
        """Changes the weights (one per variant) and/or the coverage. Units already exposed keep
        their variant unless ``reassign`` (a new phase: earlier events stop counting)."""
        body: JSON = {"reassign": bool(reassign)}
        if weights is not None:
            body["weights"] = [float(w) for w in weights]
        if coverage is not None:
            body["coverage"] = float(coverage)
        return self._request("PATCH", f"/v1/projects/{_quote(project)}/ab-tests/{_quote(test_id)}", body)

    def assign(self, project: str, test_id: str, units: Sequence[str]) -> List[JSON]:
        """Each unit's variant (``{"unitId", "variant", "name", "version", "first"}``, in order), in
        requests of 10,000: for teams that run the model themselves. Idempotent: a unit's first
        exposure is recorded once; a stopped test answers its decision."""
        out: List[JSON] = []
        ids = [str(u) for u in units]
        for start in range(0, len(ids), 10_000):
            answer = self._request(
                "POST",
                f"/v1/projects/{_quote(project)}/ab-tests/{_quote(test_id)}/assignments",
                {"units": ids[start : start + 10_000]},
            )
            out.extend(answer["assignments"])
        return out

    def log_events(self, project: str, test_id: str, events: Any, batch_size: int = 10_000) -> JSON:
        """Sends outcome events (dicts ``{"unitId", "event", "value"?, "at"?, "pre"?}``, or a
        DataFrame with those columns) in batches of up to 10,000, each with its own
        Idempotency-Key: a batch retried after a timeout or a 503 is stored once. Answers the
        totals ``{"stored", "duplicates"}`` (batches the server had already)."""
        if hasattr(events, "to_dict"):
            events = events.to_dict(orient="records")
        items = [_event(e) for e in events]
        path = f"/v1/projects/{_quote(project)}/ab-tests/{_quote(test_id)}/events"
        return self._post_keyed_batches(path, "events", items, batch_size)

    def _post_keyed_batches(self, path: str, field: str, items: List[JSON], batch_size: int) -> JSON:
        """Posts ``items`` in batches of ``batch_size`` (1–10,000), each with its own
        Idempotency-Key so that a retried batch is stored once; returns how many were stored and
        how many batches the server had already seen."""
        if not 1 <= batch_size <= 10_000:
            raise ValueError("batch_size must be between 1 and 10000")
        total: JSON = {"stored": 0, "duplicates": 0}
        for start in range(0, len(items), batch_size):
            out = self._request(
                "POST",
                path,
                {field: items[start : start + batch_size]},
                extra_headers={"Idempotency-Key": str(uuid.uuid4())},
            )
            total["stored"] += out["stored"]
            total["duplicates"] += 1 if out["duplicate"] else 0
        return total

    def ab_test_analysis(
        self,
        project: str,
        test_id: str,
        method: Optional[str] = None,
        correction: Optional[str] = None,
        cuped: Optional[bool] = None,
        days: Optional[int] = None,
    ) -> JSON:
        """The analysis: SRM, each metric's lift per variant with its interval, P(B > A), the
        decision, exposures per day and the interval over time (``series``)."""
        return self._request(
            "GET",
            f"/v1/projects/{_quote(project)}/ab-tests/{_quote(test_id)}/analysis",
            query={
                "method": method,
                "correction": correction,
                "cuped": None if cuped is None else ("true" if cuped else "false"),
                "days": days,
            },
        )

    def ab_test_table(self, project: str, test_id: str, **options: Any) -> Any:
        """The analysis as one row per metric and variant (lift, interval, p-values, chance to
        win…): a DataFrame when pandas is available (see ``frames``), else a list of dicts."""
        return table(ab_rows(self.ab_test_analysis(project, test_id, **options)), AB_COLUMNS, None, self.frames)

    def stop_ab_test(
        self,
        project: str,
        test_id: str,
        winner: Optional[str],
        reason: Optional[str] = None,
        override_reason: Optional[str] = None,
        run_async: Optional[bool] = None,
    ) -> JSON:
        """Stops the test with its decision: ``winner`` is a variant's name (None: keep the
        control). A winner on a test with an alias starts that alias's gate on the winner's version
        with the A/B report as evidence; the answer has ``abTest`` and ``gate`` (its ``report``,
        or the ``job`` running it). A sample-ratio mismatch is a 409 unless an admin passes
        ``override_reason``."""
        body: JSON = {"winner": winner}
        if reason is not None:
            body["reason"] = reason
        if override_reason is not None:
            body["override"] = {"reason": override_reason}
        if run_async is not None:
            body["async"] = run_async
        return self._request("POST", f"/v1/projects/{_quote(project)}/ab-tests/{_quote(test_id)}/stop", body)

    # -- Turing tests (human evaluation) -------------------------------------------------------
    # The owner (an editor's key) builds a study, invites judges and reads the report; a judge
    # needs no API key, only the invitation token (``X-Judge-Token``).

    def create_turing_study(self, project: str, name: str, mode: str = "side-by-side", description: Optional[str] = None) -> JSON:
        """Creates a draft Turing study: ``mode`` ``"side-by-side"`` (the judge picks which of a
        human and a machine answer is the machine's) or ``"single"`` (the judge labels one answer
        ``"human"`` or ``"machine"``)."""
        body: JSON = {"name": name, "mode": mode}
        if description is not None:
            body["description"] = description
        return self._request("POST", f"/v1/projects/{_quote(project)}/turing-studies", body)

    def get_turing_study(self, project: str, study_id: str) -> JSON:
        return self._request("GET", f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}")

    def list_turing_studies(self, project: str, status: Optional[str] = None) -> Iterator[JSON]:
        return self._pages(f"/v1/projects/{_quote(project)}/turing-studies", filters={"status": status})

    def add_turing_items(self, project: str, study_id: str, items: Any, batch_size: int = 1000) -> JSON:
        """Uploads items (dicts, or a DataFrame with these columns) in batches of up to 1000.
        Side by side: ``prompt``, ``humanAnswer``, ``machineAnswer``, optionally ``system``;
        single: ``answer``, ``origin`` (``"human"``/``"machine"``), optionally ``system`` and
        ``prompt``. Answers ``{"added", "total"}`` over all batches."""
        if hasattr(items, "to_dict"):
            items = items.to_dict(orient="records")
        rows = [{k: v for k, v in dict(i).items() if v is not None} for i in items]
        if not 1 <= batch_size <= 1000:
            raise ValueError("batch_size must be between 1 and 1000")
        added, total = 0, 0
        for start in range(0, len(rows), batch_size):
            answer = self._request(
                "POST",
                f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}/items",
                {"items": rows[start : start + batch_size]},
            )
            added += answer["added"]
            total = answer["total"]
        return {"added": added, "total": total}

    def list_turing_items(self, project: str, study_id: str) -> Iterator[JSON]:
        """The items in upload order, unblinded (origin and system included)."""
        return self._pages(f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}/items")

    def open_turing_study(self, project: str, study_id: str) -> JSON:
        return self._request("POST", f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}/open")

    def close_turing_study(self, project: str, study_id: str) -> JSON:
        """Closes the study: judging stops and judges may see the results."""
        return self._request("POST", f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}/close")

    def invite_judge(self, project: str, study_id: str, name: str) -> JSON:
        """Invites a judge: ``{"token", "link", "judge"}``. The token is shown only here; the
        ``link`` is the portal path of the judging page for this invitation."""
        return self._request("POST", f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}/judges", {"name": name})

    def list_judges(self, project: str, study_id: str) -> List[JSON]:
        return self._request("GET", f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}/judges")["items"]

    def revoke_judge(self, project: str, study_id: str, judge_id: str) -> JSON:
        return self._request("DELETE", f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}/judges/{_quote(judge_id)}")

    def turing_report(self, project: str, study_id: str) -> JSON:
        """``{"study", "judges", "report"}``: accuracy against chance (binomial test,
        Clopper-Pearson interval), deception rate, per-judge and per-system accuracy, Cohen's /
        Fleiss' kappa and Krippendorff's alpha, BLEU/chrF/ROUGE and the paired test of two systems."""
        return self._request("GET", f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}/report")

    def next_turing_item(self, project: str, study_id: str, token: str) -> JSON:
        """As a judge (``token``: the invitation): ``{"study", "judge", "judged", "total", "item"}``,
        the next item blinded, or ``item`` None when all are judged or the study is not open."""
        return self._request(
            "GET",
            f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}/judging/next",
            extra_headers={"X-Judge-Token": token},
        )

    def submit_judgement(self, project: str, study_id: str, token: str, item_id: str, choice: str) -> JSON:
        """As a judge: ``choice`` ``"left"``/``"right"`` (side by side: the machine's side) or
        ``"human"``/``"machine"`` (single). Stored once: the same choice again answers
        ``replayed: True``; another raises AssayAPIError 409."""
        return self._request(
            "POST",
            f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}/judging/judgements",
            {"itemId": item_id, "choice": choice},
            extra_headers={"X-Judge-Token": token},
        )

    def judge_results(self, project: str, study_id: str, token: str) -> JSON:
        """As a judge, once the study is closed (403 before): own and overall accuracy."""
        return self._request(
            "GET",
            f"/v1/projects/{_quote(project)}/turing-studies/{_quote(study_id)}/judging/results",
            extra_headers={"X-Judge-Token": token},
        )

    # -- shadow tests, prediction log, labels -----------------------------------------------
    # ``predict`` answers the request's ``requestId`` (also the ``X-Request-Id`` header): send the
    # true values later with ``send_labels`` under that id.

    def start_shadow_test(
        self,
        project: str,
        model: str,
        alias: str,
        version: Optional[int] = None,
        remote: Optional[JSON] = None,
        sample_fraction: float = 1.0,
        ends_at: Optional[str] = None,
        max_requests: Optional[int] = None,
    ) -> JSON:
        """Starts mirroring predictions through ``alias`` to a candidate: another ``version`` of the
        model, or a ``remote`` KServe v2 endpoint (``{"url", "protocol": "kserve-v2", "modelName",
        …}``: a staging test, under the server's outbound allow-list). ``sample_fraction`` (0..1)
        of the requests are copied, until ``ends_at`` (ISO-8601) and/or ``max_requests`` mirrored
        requests (give at least one). Callers keep getting the holder's answers."""
        if (version is None) == (remote is None):
            raise ValueError("give a candidate: version or remote (not both)")
        body: JSON = {
            "candidate": {"version": int(version)} if version is not None else {"remote": remote},
            "sampleFraction": float(sample_fraction),
        }
        if ends_at is not None:
            body["endsAt"] = ends_at
        if max_requests is not None:
            body["maxRequests"] = int(max_requests)
        return self._request(
            "POST", f"/v1/projects/{_quote(project)}/models/{_quote(model)}/aliases/{_quote(alias)}/shadow-tests", body
        )

    def get_shadow_test(self, project: str, model: str, test_id: str) -> JSON:
        return self._request("GET", f"/v1/projects/{_quote(project)}/models/{_quote(model)}/shadow-tests/{_quote(test_id)}")

    def list_shadow_tests(self, project: str, model: str) -> Iterator[JSON]:
        return self._pages(f"/v1/projects/{_quote(project)}/models/{_quote(model)}/shadow-tests")

    def stop_shadow_test(self, project: str, model: str, test_id: str) -> JSON:
        """Stops a running shadow test early (a 409 once it has ended)."""
        return self._request(
            "POST", f"/v1/projects/{_quote(project)}/models/{_quote(model)}/shadow-tests/{_quote(test_id)}/stop"
        )

    def get_shadow_report(self, project: str, model: str, test_id: str, buckets: Optional[int] = None) -> JSON:
        """The shadow report: agreement (classifiers) or |difference| percentiles (regressors), the
        candidate's error and timeout rates, latency percentiles and histograms of both, agreement
        over ``buckets`` time buckets, and the labelled rows' comparison once labels exist."""
        return self._request(
            "GET",
            f"/v1/projects/{_quote(project)}/models/{_quote(model)}/shadow-tests/{_quote(test_id)}/report",
            query={"buckets": buckets},
        )

    def gate_shadow_test(
        self,
        project: str,
        model: str,
        test_id: str,
        run_async: Optional[bool] = None,
        wait: bool = True,
        timeout: Optional[float] = None,
    ) -> JSON:
        """Runs the gate of the alias a shadow test shadows on the test's candidate (one call from
        shadow to gate) and returns the gate report; its ``evidence`` names the test and carries
        its live summary (agreement, error and timeout rates, the labelled rows' comparison)."""
        body: JSON = {}
        if run_async is not None:
            body["async"] = run_async
        status, answer = self._request(
            "POST",
            f"/v1/projects/{_quote(project)}/models/{_quote(model)}/shadow-tests/{_quote(test_id)}/gate-runs",
            body,
            with_status=True,
            extra_headers={"Idempotency-Key": str(uuid.uuid4())} if run_async else None,
        )
        return self._started(project, status, answer, wait, timeout, "gateReportId", lambda i: self.get_gate_report(project, i))

    def send_labels(self, project: str, model: str, labels: Any) -> JSON:
        """Sends true values by request id: a dict ``{request_id: label}`` or a list of
        ``{"requestId", "label"}``; a label is one value per predicted row (a single value for a
        one-row request). Batches of 10,000; idempotent (a retried batch is stored once: counted
        ``unchanged``); a different label for a labelled request raises a 409."""
        items = (
            [{"requestId": k, "label": v} for k, v in labels.items()] if isinstance(labels, dict) else list(labels)
        )
        total: JSON = {"received": 0, "stored": 0, "unchanged": 0}
        for start in range(0, len(items), 10_000):
            out = self._request(
                "POST",
                f"/v1/projects/{_quote(project)}/models/{_quote(model)}/labels",
                {"labels": items[start : start + 10_000]},
            )
            for k in total:
                total[k] += out[k]
        return total

    def set_prediction_log_policy(self, project: str, model: str, log_inputs: bool) -> JSON:
        """Whether the prediction log keeps this model's inputs (default: only their sha256)."""
        return self._request(
            "PUT", f"/v1/projects/{_quote(project)}/models/{_quote(model)}/prediction-log/policy", {"logInputs": bool(log_inputs)}
        )

    # -- predictions, explanations, batch evaluations (continued) -----------------------------

    def explain(
        self,
        method: str,
        input: JSON,
        params: Optional[JSON] = None,
        project: Optional[str] = None,
        model: Optional[str] = None,
        version: Optional[int] = None,
        alias: Optional[str] = None,
        run_async: Optional[bool] = None,
        wait: bool = True,
        on_progress: Optional[Callable[[JSON], None]] = None,
        timeout: Optional[float] = None,
    ) -> JSON:
        """SHAP values, permutation importance or a surrogate. The model is an inline spec in
        ``input["model"]``, or a registered version (``project`` and ``model``, with ``version``
        or ``alias``; neither: the newest). ``run_async=True`` runs it as a job on the server;
        with ``wait`` (the default) this waits for the job and returns the explanation, else the
        job. With a project, an explanation that may outlast a request — a matrix of more than
        ``job_rows`` rows, or data read from an uploaded dataset — runs as a job unless
        ``run_async=False``. Waiting stops after ``timeout`` seconds (default: the client's ``job_timeout``) with
        a :class:`JobTimeoutError` carrying the job's id."""
        body: JSON = {"method": method, "input": input, "params": params or {}}
        if project is None:
            if model is not None or run_async:
                raise ValueError("model= and run_async= need project=")
            return self._request("POST", "/v1/explanations", body)
        if model is not None:
            ref: JSON = {"name": model}
            if version is not None:
                ref["version"] = int(version)
            if alias is not None:
                ref["alias"] = alias
            body["model"] = ref
        if run_async is None:
            rows = _input_rows(input)
            if rows is None or rows > self.job_rows:
                run_async = True
        if run_async is not None:
            body["async"] = bool(run_async)
        status, answer = self._request(
            "POST",
            f"/v1/projects/{_quote(project)}/explanations",
            body,
            with_status=True,
            extra_headers={"Idempotency-Key": str(uuid.uuid4())} if run_async else None,
        )
        if status != 202 or not wait:
            return answer
        job = self.wait_for_job(project, answer["id"], timeout=timeout, on_progress=on_progress)
        return job["result"]

    def evaluate(
        self,
        project: str,
        model: str,
        dataset: Any,
        target: str,
        metrics: List[Union[str, JSON]],
        version: Optional[int] = None,
        alias: Optional[str] = None,
        confidence: Optional[JSON] = None,
        features: Optional[List[str]] = None,
        run_async: Optional[bool] = None,
        wait: bool = True,
        on_progress: Optional[Callable[[JSON], None]] = None,
        timeout: Optional[float] = None,
    ) -> EvaluationResult:
        """Runs a batch test of a version on a dataset and stores the report. ``dataset`` is an
        uploaded dataset (the dict :meth:`upload_dataset` returns, or ``{"id": …}``), a CSV file
        path, CSV text or bytes, or a pandas DataFrame. ``metrics`` are names or
        ``{"name", "params"}``.

        Small datasets run within the request. Anything that may outlast a request — more than
        ``job_rows`` rows, an uploaded dataset of unknown size, confidence intervals, or
        ``run_async=True`` — runs as a job (``run_async=False`` forbids it). With ``wait`` (the
        default) this follows the job, calling ``on_progress(job)`` as it moves (e.g.
        :func:`print_progress`), for at most ``timeout`` seconds (default: the client's
        ``job_timeout``), then raises :class:`JobTimeoutError` carrying the job's id. It returns
        ``{"evaluation", "report", "job", "metrics"}`` either way (``metrics``: the metric table);
        with ``wait=False`` it returns the job, or the result if it ran within the request."""
        data, rows = _dataset_body(dataset)
        if run_async is None and (rows is None or rows > self.job_rows or confidence is not None):
            run_async = True
        body: JSON = {
            "model": model,
            "dataset": data,
            "target": target,
            "metrics": [m if isinstance(m, dict) else {"name": m} for m in metrics],
        }
        for key, value in (("version", version), ("alias", alias), ("confidence", confidence), ("features", features), ("async", run_async)):
            if value is not None:
                body[key] = value
        return self._post_evaluation(project, "evaluations", body, run_async, wait, on_progress, timeout)

    def evaluate_text(
        self,
        project: str,
        model: str,
        dataset: Any,
        prompt: str,
        references: Union[str, List[str]],
        outputs: Optional[str] = None,
        metrics: Optional[List[Union[str, JSON]]] = None,
        version: Optional[int] = None,
        alias: Optional[str] = None,
        confidence: Optional[JSON] = None,
        run_async: Optional[bool] = None,
        wait: bool = True,
        on_progress: Optional[Callable[[JSON], None]] = None,
        timeout: Optional[float] = None,
    ) -> EvaluationResult:
        """Runs a batch test of a text model: the ``prompt`` column's prompts go to the version
        (a remote text endpoint: KServe v2 BYTES or OpenAI-compatible completions), or
        ``outputs`` names a column of outputs produced beforehand (no model call); they are
        scored against the ``references`` column(s) with BLEU, chrF, TER and ROUGE-1/2/L (or
        ``metrics``: names or ``{"name", "params"}``), with sacrebleu's bootstrap intervals when
        ``confidence`` is given (``{"nResamples", "seed"}``), and stored as an evaluation.
        ``dataset``, ``run_async``, ``wait``, ``on_progress`` and ``timeout`` work as in
        :meth:`evaluate`, and so does the answer ``{"evaluation", "report", "job", "metrics"}``."""
        data, rows = _dataset_body(dataset)
        if run_async is None and (rows is None or rows > self.job_rows):
            run_async = True
        body: JSON = {
            "model": model,
            "dataset": data,
            "prompt": prompt,
            "references": [references] if isinstance(references, str) else list(references),
        }
        if metrics is not None:
            body["metrics"] = [m if isinstance(m, dict) else {"name": m} for m in metrics]
        for key, value in (("outputs", outputs), ("version", version), ("alias", alias), ("confidence", confidence), ("async", run_async)):
            if value is not None:
                body[key] = value
        return self._post_evaluation(
            project, "text-evaluations", body, run_async, wait, on_progress, timeout
        )

    def _post_evaluation(
        self,
        project: str,
        route: str,
        body: JSON,
        run_async: Optional[bool],
        wait: bool,
        on_progress: Optional[Callable[[JSON], None]],
        timeout: Optional[float],
    ) -> EvaluationResult:
        """Posts a batch test (numeric or text) and answers as :meth:`evaluate` does: the stored
        evaluation at once, or the job's (waited for unless ``wait`` is false)."""
        # A job request carries a key, so that a retry after a dropped connection or a timeout
        # gets the same job back.
        status, answer = self._request(
            "POST",
            f"/v1/projects/{_quote(project)}/{route}",
            body,
            with_status=True,
            extra_headers={"Idempotency-Key": str(uuid.uuid4())} if run_async else None,
        )
        if status != 202:
            return {**answer, "job": None, "metrics": self.metrics_table(answer["evaluation"])}
        if not wait:
            return answer
        job = self.wait_for_job(project, answer["id"], timeout=timeout, on_progress=on_progress)
        evaluation = self.get_evaluation(project, job["evaluationId"])
        return {
            "evaluation": evaluation,
            "report": job["result"]["report"],
            "job": job,
            "metrics": self.metrics_table(evaluation),
        }

    def metrics_table(self, evaluation: Evaluation) -> Any:
        """An evaluation's metrics (name, value, lower, upper, level), indexed by name."""
        return table(list(metric_rows(evaluation)), METRIC_COLUMNS, "name", self.frames)

    def leaderboard(
        self,
        project: str,
        metric: str,
        model: Optional[str] = None,
        higher_is_better: bool = True,
        limit: Optional[int] = None,
    ) -> Any:
        """Stored evaluations ranked by one metric, best first: one row per evaluation (id, model,
        version, dataset sha256 and rows, createdAt) with the value of every metric it computed
        (and ``<metric>.lower``/``.upper`` where it has an interval). Evaluations without the
        metric are left out. A DataFrame when pandas is installed."""
        rows: List[JSON] = []
        for ev in self.list_evaluations(project, model=model):
            row: JSON = {
                "id": ev["id"],
                "model": ev.get("modelName"),
                "version": ev.get("version"),
                "dataset": (ev.get("dataset") or {}).get("sha256"),
                "rows": (ev.get("dataset") or {}).get("rows"),
                "createdAt": ev.get("createdAt"),
            }
            for m in metric_rows(ev):
                row[m["name"]] = m["value"]
                if m["lower"] is not None:
                    row[f"{m['name']}.lower"] = m["lower"]
                    row[f"{m['name']}.upper"] = m["upper"]
            if isinstance(row.get(metric), (int, float)):
                rows.append(row)
        rows.sort(key=lambda r: r[metric], reverse=higher_is_better)
        if limit is not None:
            rows = rows[:limit]
        return table(rows, ["id", "model", "version", "dataset", "rows", "createdAt", metric], "id", self.frames)

    def get_evaluation(self, project: str, evaluation_id: str) -> Evaluation:
        return self._request("GET", f"/v1/projects/{_quote(project)}/evaluations/{_quote(evaluation_id)}")

    def list_evaluations(self, project: str, model: Optional[str] = None, version: Optional[int] = None) -> Iterator[JSON]:
        """Stored batch tests, newest first; optionally of one model or one version."""
        return self._pages(f"/v1/projects/{_quote(project)}/evaluations", filters={"model": model, "version": version})

    # -- datasets ----------------------------------------------------------------------------

    def upload_dataset(
        self,
        project: str,
        data: Any,
        format: Optional[str] = None,
        name: Optional[str] = None,
    ) -> JSON:
        """Uploads a dataset to evaluate on by id: a file path (CSV, JSON or Parquet, told apart by
        its extension unless ``format`` says), bytes (with ``format``), or a pandas DataFrame
        (sent as Parquet when pyarrow is installed, else as CSV). The server parses it first and
        refuses a malformed file with what to fix; the sha256 is checked on arrival."""
        if hasattr(data, "to_csv"):
            try:
                import io

                buffer = io.BytesIO()
                data.to_parquet(buffer, index=False)
                payload, format = buffer.getvalue(), "parquet"
            except (ImportError, ValueError):
                payload, format = data.to_csv(index=False).encode("utf-8"), "csv"
        elif isinstance(data, (bytes, bytearray)):
            if format is None:
                raise ValueError("bytes need format= ('csv', 'json' or 'parquet')")
            payload = bytes(data)
        else:
            path = os.fspath(data)
            with open(path, "rb") as f:
                payload = f.read()
            if format is None:
                ext = os.path.splitext(path)[1].lower().lstrip(".")
                format = {"csv": "csv", "json": "json", "parquet": "parquet", "pq": "parquet"}.get(ext)
                if format is None:
                    raise ValueError(f"cannot tell the format of {path!r}: pass format=")
        return self._request(
            "POST",
            f"/v1/projects/{_quote(project)}/datasets",
            query={"format": format, "name": name, "expectedSha256": hashlib.sha256(payload).hexdigest()},
            raw=payload,
        )

    def get_dataset(self, project: str, dataset_id: str) -> JSON:
        return self._request("GET", f"/v1/projects/{_quote(project)}/datasets/{_quote(dataset_id)}")

    def list_datasets(self, project: str) -> Iterator[JSON]:
        """A project's datasets, newest first (follows the pages)."""
        return self._pages(f"/v1/projects/{_quote(project)}/datasets")

    # -- jobs --------------------------------------------------------------------------------

    def get_job(self, project: str, job_id: str) -> Job:
        return self._request("GET", f"/v1/projects/{_quote(project)}/jobs/{_quote(job_id)}")

    def list_jobs(self, project: str, status: Optional[str] = None, kind: Optional[str] = None) -> Iterator[JSON]:
        """A project's jobs, newest first; optionally in one state or of one kind."""
        return self._pages(f"/v1/projects/{_quote(project)}/jobs", filters={"status": status, "kind": kind})

    def cancel_job(self, project: str, job_id: str) -> JSON:
        """Cancels a job: at once if queued, at its next progress point if running."""
        return self._request("POST", f"/v1/projects/{_quote(project)}/jobs/{_quote(job_id)}/cancel")

    def job_url(self, project: str, job_id: str) -> str:
        """The job's address in the API."""
        return f"{self.base_url}/v1/projects/{_quote(project)}/jobs/{_quote(job_id)}"

    def job_events(self, project: str, job_id: str, read_timeout: Optional[float] = None) -> Iterator[Job]:
        """The job each time it changes, from the server-sent event stream, until it has ended.
        ``read_timeout`` bounds the wait for each event (default: the larger of the client's
        ``timeout`` and 60 s)."""
        url = f"{self.job_url(project, job_id)}/events"
        req = urllib.request.Request(
            url, headers={"Authorization": f"Bearer {self.api_key}", "Accept": "text/event-stream"}
        )
        try:
            res = urllib.request.urlopen(req, timeout=read_timeout or max(self.timeout, 60.0))
        except urllib.error.HTTPError as err:
            payload = err.read()
            try:
                problem = json.loads(payload)
            except ValueError:
                problem = {"detail": payload.decode("utf-8", "replace")[:500]}
            raise AssayAPIError(err.code, problem) from None
        with res:
            event, data = None, []
            for raw_line in res:
                line = raw_line.decode("utf-8").rstrip("\r\n")
                if line == "":
                    if event == "job" and data:
                        yield json.loads("\n".join(data))
                    event, data = None, []
                elif line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip())

    def wait_for_job(
        self,
        project: str,
        job_id: str,
        timeout: Optional[float] = None,
        on_progress: Optional[Callable[[JSON], None]] = None,
    ) -> Job:
        """Follows a job's events until it has ended and returns it; raises :class:`JobFailed`
        if it failed or was cancelled, and :class:`JobTimeoutError` (a ``TimeoutError`` with the
        job's ``job_id`` and ``job_url``) after ``timeout`` seconds (default: the client's
        ``job_timeout``; None: no limit). When the stream breaks (a proxy, a restart), it polls
        instead."""
        if timeout is None:
            timeout = self.job_timeout
        started = time.monotonic()
        deadline = None if timeout is None else started + timeout

        def remaining() -> Optional[float]:
            return None if deadline is None else deadline - time.monotonic()

        def give_up(last: Optional[JSON]) -> JobTimeoutError:
            return JobTimeoutError(job_id, self.job_url(project, job_id), last, time.monotonic() - started)

        job: Optional[Job] = None
        try:
            job = self.get_job(project, job_id)
            left = remaining()
            if job["status"] in ("queued", "running") and (left is None or left > 0):
                read_timeout = None if left is None else max(0.05, left)
                for job in self.job_events(project, job_id, read_timeout=read_timeout):
                    if on_progress is not None:
                        on_progress(job)
                    left = remaining()
                    if left is not None and left <= 0:
                        break
        except (urllib.error.URLError, OSError, ValueError):
            # The stream broke or went quiet past the deadline: poll from here.
            if job is None:
                job = self.get_job(project, job_id)
        while job["status"] in ("queued", "running"):
            left = remaining()
            if left is not None and left <= 0:
                raise give_up(job)
            time.sleep(0.5 if left is None else max(0.0, min(0.5, left)))
            job = self.get_job(project, job_id)
            if on_progress is not None:
                on_progress(job)
        if job["status"] != "succeeded":
            raise JobFailed(job)
        return job

    # -- RL evaluation runs ----------------------------------------------------------------------
    # An agent's run in an environment receives rewards per step or per episode (with the optimal
    # policy's reward where known) in keyed batches; the report and the comparison of two agents
    # are computed by the server.

    def create_rl_run(
        self,
        project: str,
        name: str,
        agent_name: str,
        environment: str,
        agent_version: Optional[str] = None,
        description: Optional[str] = None,
    ) -> JSON:
        """Creates an RL evaluation run of ``agent_name`` (optionally ``agent_version``) in
        ``environment``; ``name`` is unique in the project."""
        body: JSON = {"name": name, "agentName": agent_name, "environment": environment}
        for key, value in (("agentVersion", agent_version), ("description", description)):
            if value is not None:
                body[key] = value
        return self._request("POST", f"/v1/projects/{_quote(project)}/rl-runs", body)

    def get_rl_run(self, project: str, run_id: str) -> JSON:
        return self._request("GET", f"/v1/projects/{_quote(project)}/rl-runs/{_quote(run_id)}")

    def list_rl_runs(self, project: str, agent: Optional[str] = None, environment: Optional[str] = None) -> Iterator[JSON]:
        """A project's RL runs, newest first (all pages), optionally of one agent or environment."""
        return self._pages(f"/v1/projects/{_quote(project)}/rl-runs", filters={"agent": agent, "environment": environment})

    def log_rewards(self, project: str, run_id: str, rewards: Any, batch_size: int = 10_000) -> JSON:
        """Sends rewards (dicts ``{"episode", "step"?, "reward", "optimal"?}``, or a DataFrame with
        those columns; no step: one reward per episode) in batches of up to 10,000, each with its
        own Idempotency-Key: a batch retried after a timeout or a 503 is stored once. A step sent
        again under another batch is refused (409). Answers ``{"stored", "duplicates"}``."""
        if hasattr(rewards, "to_dict"):
            rewards = rewards.to_dict(orient="records")
        items = [_reward(r) for r in rewards]
        path = f"/v1/projects/{_quote(project)}/rl-runs/{_quote(run_id)}/rewards"
        return self._post_keyed_batches(path, "rewards", items, batch_size)

    def rl_run_report(self, project: str, run_id: str, gamma: Optional[float] = None, points: Optional[int] = None) -> JSON:
        """Reward per return per episode (mean, std, min, max and the curve), regret and cumulative
        regret over the episodes whose optimum is known; curves downsampled to ``points`` (LTTB).
        ``gamma`` discounts a step's reward by gamma**step (default 1)."""
        return self._request(
            "GET",
            f"/v1/projects/{_quote(project)}/rl-runs/{_quote(run_id)}/report",
            query={"gamma": None if gamma is None else _decimal(gamma), "points": points},
        )

    def compare_rl_runs(
        self,
        project: str,
        run_a: str,
        run_b: str,
        gamma: Optional[float] = None,
        n_resamples: Optional[int] = None,
        seed: Optional[int] = None,
        confidence_level: Optional[float] = None,
    ) -> JSON:
        """Two agents on their episode returns (A − B): Welch's t-test, Mann–Whitney U and the
        bootstrap interval of the difference in mean return (as SciPy's ``ttest_ind``,
        ``mannwhitneyu`` and ``bootstrap``)."""
        return self._request(
            "GET",
            f"/v1/projects/{_quote(project)}/rl-runs/{_quote(run_a)}/compare/{_quote(run_b)}",
            query={
                "gamma": None if gamma is None else _decimal(gamma),
                "nResamples": n_resamples,
                "seed": seed,
                "confidenceLevel": None if confidence_level is None else _decimal(confidence_level),
            },
        )


    # -- human-in-the-loop review queue (issue 15, item 2) -------------------------------------

    def _review_path(self, project: str, model: str, rest: str = "") -> str:
        return f"/v1/projects/{_quote(project)}/models/{_quote(model)}/review{rest}"

    def set_review_policy(self, project: str, model: str, threshold: float, **options: Any) -> JSON:
        """Sets the model's review policy: predictions whose confidence (largest class
        probability; for a binary model the margin ``|2p - 1|``) is below ``threshold`` enter the
        review queue, the others are automated. Options: ``doubleReviewFraction``,
        ``auditFraction``, ``leaseMs``, ``targetRisk``, ``groupFeature``."""
        return self._request("PUT", self._review_path(project, model, "/policy"), {"threshold": threshold, **options})

    def get_review_policy(self, project: str, model: str) -> JSON:
        """The model's review policy (a 404 ``AssayAPIError`` when it has none)."""
        return self._request("GET", self._review_path(project, model, "/policy"))

    def review_items(self, project: str, model: str, status: Optional[str] = None, page_size: int = 100) -> Iterator[JSON]:
        """Every item of the model's review queue, oldest first (``status``: automated, pending,
        claimed or done)."""
        after: Optional[str] = None
        while True:
            page = self._request(
                "GET", self._review_path(project, model, "/items"), query={"status": status, "limit": page_size, "after": after}
            )
            yield from page["items"]
            after = page.get("next")
            if not after:
                return

    def review_counts(self, project: str, model: str) -> JSON:
        """How many items are automated, pending, claimed and done."""
        return self._request("GET", self._review_path(project, model, "/items"), query={"limit": 1})["counts"]

    def submit_review_predictions(self, project: str, model: str, version: int, predictions: Sequence[JSON]) -> JSON:
        """Routes a batch of a version's predictions made elsewhere through the review policy:
        each ``{"features": {...}, "prediction": label, "probabilities": [...]}`` (and an optional
        ``requestId``). Batches of 50,000."""
        total: JSON = {"recorded": 0, "queued": 0, "automated": 0}
        items = list(predictions)
        for start in range(0, len(items), 50_000):
            out = self._request(
                "POST", self._review_path(project, model, "/items"), {"version": version, "predictions": items[start : start + 50_000]}
            )
            for k in total:
                total[k] += out[k]
        return total

    def create_reviewer(self, project: str, model: str, name: str) -> JSON:
        """Creates a reviewer of the model's queue: ``{"token", "reviewer"}``; the token is shown
        only here."""
        return self._request("POST", self._review_path(project, model, "/reviewers"), {"name": name})

    def list_reviewers(self, project: str, model: str) -> List[JSON]:
        return self._request("GET", self._review_path(project, model, "/reviewers"))

    def revoke_reviewer(self, project: str, model: str, reviewer_id: str) -> JSON:
        """Revokes a reviewer's token; the items it holds return to the queue."""
        return self._request("DELETE", self._review_path(project, model, f"/reviewers/{_quote(reviewer_id)}"))

    def claim_review_item(self, project: str, model: str, token: str, item_id: Optional[str] = None) -> Optional[JSON]:
        """As the reviewer of ``token``: claims the next item (or ``item_id``) under the policy's
        lease; ``None`` when the queue has nothing for this reviewer."""
        body = {} if item_id is None else {"itemId": str(item_id)}
        out = self._request(
            "POST", self._review_path(project, model, "/claims"), body, extra_headers={"Authorization": f"Bearer {token}"}
        )
        return out["item"]

    def review_item(
        self, project: str, model: str, token: str, item_id: str, decision: str, label: Any = None
    ) -> JSON:
        """As the reviewer of ``token``: ``decision="accept"`` or ``"correct"`` (with ``label``)
        on an item it holds under a live lease."""
        body: JSON = {"decision": decision}
        if label is not None:
            body["label"] = label
        return self._request(
            "POST",
            self._review_path(project, model, f"/items/{_quote(str(item_id))}/reviews"),
            body,
            extra_headers={"Authorization": f"Bearer {token}"},
        )

    def review_report(self, project: str, model: str, limit: Optional[int] = None) -> JSON:
        """The automation–risk report: the curve and the threshold meeting the target risk,
        agreement with the human policy and between reviewers, and the bias checks."""
        return self._request("GET", self._review_path(project, model, "/report"), query={"limit": limit})

    # -- AutoML runs -----------------------------------------------------------------------------
    # A run searches models for an uploaded dataset as a job; the best pipeline is registered as a
    # version (format ``automl``) that predicts raw rows, batch-tested and (numeric data) explained.

    def start_automl(
        self,
        project: str,
        dataset_id: str,
        target: str,
        model_name: str,
        budget_seconds: float,
        task: Optional[str] = None,
        metric: Optional[str] = None,
        seed: Optional[int] = None,
        max_trials: Optional[int] = None,
        exclude_columns: Optional[List[str]] = None,
        families: Optional[List[str]] = None,
        parallel_trials: Optional[int] = None,
    ) -> JSON:
        """Starts an AutoML run on dataset ``dataset_id`` predicting ``target`` within
        ``budget_seconds`` (1–3600); the best pipeline becomes a new version of ``model_name``.
        ``parallel_trials`` (1–5) trials run at once, spread across the workers when the server's
        jobs run on Redis (its default there: ``ASSAY_AUTOML_PARALLEL_TRIALS``; else 1).
        Answers ``{"run", "job"}``; follow it with :meth:`wait_for_automl_run`, cancel it with
        :meth:`cancel_job` on ``job["id"]``."""
        body: JSON = {
            "datasetId": dataset_id,
            "target": target,
            "modelName": model_name,
            "budgetSeconds": budget_seconds,
        }
        for key, value in (
            ("task", task),
            ("metric", metric),
            ("seed", seed),
            ("maxTrials", max_trials),
            ("excludeColumns", exclude_columns),
            ("families", families),
            ("parallelTrials", parallel_trials),
        ):
            if value is not None:
                body[key] = value
        return self._request("POST", f"/v1/projects/{_quote(project)}/automl-runs", body)

    def get_automl_run(self, project: str, run_id: str) -> JSON:
        """A run: settings, status, leaderboard (trials so far), guardrails, best trial, the
        registered version, its evaluation and explanation, lineage."""
        return self._request("GET", f"/v1/projects/{_quote(project)}/automl-runs/{_quote(run_id)}")

    def list_automl_runs(self, project: str, status: Optional[str] = None, dataset_id: Optional[str] = None) -> Iterator[JSON]:
        """A project's AutoML runs, newest first (all pages), optionally of one status or dataset."""
        return self._pages(f"/v1/projects/{_quote(project)}/automl-runs", filters={"status": status, "datasetId": dataset_id})

    def wait_for_automl_run(
        self,
        project: str,
        run_id: str,
        timeout: Optional[float] = None,
        on_progress: Optional[Callable[[JSON], None]] = None,
    ) -> JSON:
        """Follows the run's job until it ends (``on_progress`` gets the job at each progress
        event: ``progress["message"]`` counts trials and names the best so far) and returns the
        finished run; raises :class:`JobFailed` if it failed or was cancelled."""
        run = self.get_automl_run(project, run_id)
        if run["jobId"] is not None:
            self.wait_for_job(project, run["jobId"], timeout=timeout, on_progress=on_progress)
        return self.get_automl_run(project, run_id)

class JobFailed(Exception):
    """A job that ended without a result: failed (``job["error"]`` says why) or cancelled."""

    def __init__(self, job: JSON):
        self.job = job
        error = job.get("error") or {}
        super().__init__(f"job {job['id']} {job['status']}: {error.get('detail', '')}".rstrip(": "))


class Run:
    """A started run: log to it, then finish it (or use ``with``)."""

    def __init__(self, client: Client, data: JSON):
        self.client = client
        self.data = data
        self.id: str = data["id"]

    def log(self, metrics: Dict[str, float], step: int = 0) -> int:
        """Logs several metrics at one step: ``run.log({"loss": 0.3, "auc": 0.91}, step=10)``."""
        return self.client.log_metrics(self.id, [{"key": k, "value": v, "step": step} for k, v in _plain(metrics).items()])

    def finish(self, status: str = "finished") -> JSON:
        self.data = self.client.finish_run(self.id, status)
        return self.data

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.data.get("status") == "running":
            self.finish("failed" if exc_type else "finished")

