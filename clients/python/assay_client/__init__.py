"""Python client for the Assay API (standard library only; pandas and numpy are optional:
with pandas installed, tables come back as DataFrames).

    from assay_client import Client
    assay = Client("http://127.0.0.1:4000", api_key="assay_...")
    assay.compute_metric("accuracy", {"yTrue": [1, 0, 1], "yPred": [1, 1, 1]})
"""

from .client import AssayAPIError, Client, JobFailed, JobTimeoutError, Run, dataset_slice, print_progress

__all__ = ["AssayAPIError", "Client", "JobFailed", "JobTimeoutError", "Run", "dataset_slice", "print_progress"]
__version__ = "0.1.0"
