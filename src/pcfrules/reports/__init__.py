"""What users hand to verifiers, buyers, customs and regulators, made from a result.

Owns the GB/T 24067 study report, the carbon label, the tabular exports and the PACT, CBAM
template and battery-regulation exports. It reads results, studies and rules; it never
changes a number: every figure comes from the result it is given.
"""

from __future__ import annotations

from pcfrules.reports.label import label_data, label_svg, result_fingerprint
from pcfrules.reports.pact import dataset_from_pact, product_footprint, product_footprint_v2
from pcfrules.reports.tables import export_table

__all__ = [
    "dataset_from_pact",
    "export_table",
    "label_data",
    "label_svg",
    "product_footprint",
    "product_footprint_v2",
    "result_fingerprint",
]
