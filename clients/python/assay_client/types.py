"""The shapes the API answers with, as ``TypedDict``s (the OpenAPI document is the reference).

They type what the client returns for editors and type checkers; at run time they are plain dicts.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, TypedDict, Union

JSON = Dict[str, Any]


class JobProgress(TypedDict):
    fraction: float
    message: Optional[str]


class JobError(TypedDict):
    title: str
    detail: str


class Job(TypedDict, total=False):
    """A server-side job (``status``: queued, running, succeeded, failed, cancelled)."""

    id: str
    projectId: str
    kind: str
    status: str
    input: JSON
    progress: JobProgress
    result: Optional[JSON]
    error: Optional[JobError]
    evaluationId: Optional[str]
    attempts: int
    maxAttempts: int
    cancelRequested: bool
    workerId: Optional[str]
    createdBy: Optional[str]
    createdAt: str
    startedAt: Optional[str]
    finishedAt: Optional[str]


class ConfidenceInterval(TypedDict, total=False):
    lower: float
    upper: float
    level: float
    method: str


class EvaluationMetric(TypedDict, total=False):
    name: str
    value: Optional[float]
    signature: JSON
    confidenceInterval: ConfidenceInterval


class EvaluationDataset(TypedDict):
    sha256: str
    rows: int
    columns: List[str]


class Evaluation(TypedDict, total=False):
    """A stored batch test of one model version on one dataset."""

    id: str
    projectId: str
    modelId: str
    modelName: str
    version: int
    versionId: str
    status: str
    dataset: EvaluationDataset
    metrics: List[EvaluationMetric]
    explanations: List[JSON]
    createdBy: Optional[str]
    createdAt: str


class EvaluationResult(TypedDict):
    """What :meth:`Client.evaluate` returns once the batch test is stored.

    ``metrics`` is the table of metrics (name, value, lower, upper, level): a pandas DataFrame
    indexed by name when pandas is installed, else a list of :class:`MetricRow`. ``job`` is the
    job that ran it, or ``None`` when it ran within the request."""

    evaluation: Evaluation
    report: JSON
    job: Optional[Job]
    metrics: Any


class MetricRow(TypedDict):
    name: str
    value: Optional[float]
    lower: Optional[float]
    upper: Optional[float]
    level: Optional[float]


class Dataset(TypedDict, total=False):
    id: str
    projectId: str
    name: Optional[str]
    format: str
    sha256: str
    sizeBytes: int
    rows: int
    columns: List[str]
    createdAt: str


class Run(TypedDict, total=False):
    id: str
    projectId: str
    experimentId: str
    parentRunId: Optional[str]
    name: Optional[str]
    status: str
    params: Dict[str, Union[str, float, bool, None]]
    tags: Dict[str, str]
    createdBy: Optional[str]
    startedAt: str
    endedAt: Optional[str]


class MetricPoint(TypedDict):
    key: str
    step: int
    value: float
    timestamp: str


class ModelVersion(TypedDict, total=False):
    id: str
    modelId: str
    projectId: str
    modelName: str
    number: int
    format: str
    sha256: str
    sizeBytes: int
    storageKey: str
    description: Optional[str]
    tags: Dict[str, str]
    createdBy: Optional[str]
    createdAt: str


class RegisteredModel(TypedDict, total=False):
    id: str
    projectId: str
    name: str
    description: Optional[str]
    tags: Dict[str, str]
    createdAt: str
    versions: List[ModelVersion]
