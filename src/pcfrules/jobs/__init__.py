"""Long work: the whole catalogue, and (later) studies with Monte Carlo and chains on Dask.

Owns jobs that run many use cases of the rooms below in one go and report progress; the
CLI and the web only start them and show their progress.
"""

from __future__ import annotations

from pcfrules.jobs.catalogue import CatalogueRow, CatalogueRun, run_catalogue

__all__ = ["CatalogueRow", "CatalogueRun", "run_catalogue"]
