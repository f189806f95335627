"""Connecting ``requestlint grade --scheduler ADDRESS`` to an existing Dask distributed cluster.

Every worker must have requestlint and the spaCy model installed (the same ``pip install 'requestlint[dask]'``
as this machine); each loads the model once, on its first chunk of drafts.
"""

from __future__ import annotations

from typing import Any

from requestlint.errors import ClusterError

CONNECT_TIMEOUT = "10s"


def connect(address: str) -> Any:
    """A ``dask.distributed.Client`` for the scheduler at ``address`` (e.g. ``tcp://10.0.0.5:8786``)."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'requestlint[dask]'") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
