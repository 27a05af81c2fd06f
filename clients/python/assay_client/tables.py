"""Tables for a notebook: pandas DataFrames when pandas is installed, else lists of dicts.

pandas is imported lazily, on the first table asked for, so the client itself needs only the
standard library."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence

from .types import Evaluation, MetricRow


def pandas_or_none(wanted: Optional[bool]) -> Any:
    """The pandas module when tables should be DataFrames: ``wanted`` True requires it, False
    never uses it, None uses it when it is installed."""
    if wanted is False:
        return None
    try:
        import pandas  # noqa: PLC0415 - optional dependency, imported when first needed
    except ImportError:
        if wanted:
            raise ImportError("frames=True needs pandas: pip install pandas (or assay-client[pandas])") from None
        return None
    return pandas


def table(rows: List[Dict[str, Any]], columns: Sequence[str], index: Optional[str], wanted: Optional[bool]) -> Any:
    """``rows`` as a DataFrame with these columns (and index), or the list itself."""
    pd = pandas_or_none(wanted)
    if pd is None:
        return rows
    frame = pd.DataFrame(rows, columns=list(columns) + [c for c in _extra_columns(rows, columns)])
    return frame.set_index(index) if index else frame


def _extra_columns(rows: Iterable[Dict[str, Any]], columns: Sequence[str]) -> List[str]:
    seen: Dict[str, None] = {}
    for row in rows:
        for key in row:
            if key not in columns:
                seen.setdefault(key, None)
    return list(seen)


def metric_rows(evaluation: Evaluation) -> List[MetricRow]:
    """One row per metric of an evaluation: its value and, when asked, its interval."""
    rows: List[MetricRow] = []
    for m in evaluation.get("metrics", []):
        ci = m.get("confidenceInterval") or {}
        rows.append(
            {
                "name": m["name"],
                "value": m.get("value"),
                "lower": ci.get("lower"),
                "upper": ci.get("upper"),
                "level": ci.get("level"),
            }
        )
    return rows


METRIC_COLUMNS = ["name", "value", "lower", "upper", "level"]


def ab_rows(report: Dict[str, Any]) -> List[Dict[str, Any]]:
    """One row per metric and variant of an A/B analysis (``GET …/ab-tests/{id}/analysis``, or its
    ``analysis`` member): units, mean, the relative lift with its interval, the absolute effect, the
    p-values, P(variant beats control), the expected loss and CUPED's variance reduction."""
    analysis = report.get("analysis", report)
    rows: List[Dict[str, Any]] = []
    for metric in analysis.get("metrics", []):
        for v in metric.get("variants", []):
            rel = v.get("relative") or {}
            ab = v.get("absolute") or {}
            rci = rel.get("ci") or [None, None]
            aci = ab.get("ci") or [None, None]
            rows.append(
                {
                    "metric": metric["name"],
                    "role": metric.get("role"),
                    "variant": v.get("name"),
                    "index": v.get("variant"),
                    "units": v.get("units"),
                    "mean": v.get("mean"),
                    "lift": rel.get("estimate"),
                    "lift_lower": rci[0],
                    "lift_upper": rci[1],
                    "difference": ab.get("estimate"),
                    "difference_lower": aci[0],
                    "difference_upper": aci[1],
                    "p_value": rel.get("pValue"),
                    "adjusted_p_value": v.get("adjustedPValue"),
                    "chance_to_win": v.get("chanceToWin"),
                    "expected_loss": v.get("expectedLoss"),
                    "variance_reduction": v.get("varianceReduction"),
                    "significant": v.get("significant"),
                }
            )
    return rows


AB_COLUMNS = [
    "metric",
    "role",
    "variant",
    "index",
    "units",
    "mean",
    "lift",
    "lift_lower",
    "lift_upper",
    "difference",
    "difference_lower",
    "difference_upper",
    "p_value",
    "adjusted_p_value",
    "chance_to_win",
    "expected_loss",
    "variance_reduction",
    "significant",
]
