"""Exchange formats in and out: what other tools send pcfrules and what it sends them.

Owns PACT (Pathfinder) ``ProductFootprint`` v3 and v2 (a result out, a supplier's footprint
in as a dataset); ILCD, openLCA JSON-LD and EcoSpold2 belong here as they come. It reads
typed results from ``studies`` and never changes a number; what people read (reports,
labels, tables) is ``pcfrules.reports``.
"""

from __future__ import annotations

from pcfrules.interchange.pact import dataset_from_pact, product_footprint, read_footprint

__all__ = ["dataset_from_pact", "product_footprint", "read_footprint"]
