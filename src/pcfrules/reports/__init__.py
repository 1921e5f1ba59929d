"""What people read, made from a result: verifiers, buyers, customs and regulators.

Owns the GB/T 24067 study report (HTML and PDF), the carbon label, the tabular exports, the
CBAM communication template and the battery-regulation declaration. It takes the typed
``Result`` and, where the rule's text is needed, the rule the caller found; it never
changes a number. Renderers return bytes; the ``write_*``/``export_*`` functions write those
bytes atomically. Exchange formats (PACT) are ``pcfrules.interchange``.
"""

from __future__ import annotations

from pcfrules.reports.battery import battery_declaration
from pcfrules.reports.label import label_data, label_png, label_svg, result_fingerprint, verify
from pcfrules.reports.report import report_bytes, write_report
from pcfrules.reports.tables import export_table, table_bytes

__all__ = [
    "battery_declaration",
    "export_table",
    "label_data",
    "label_png",
    "label_svg",
    "report_bytes",
    "result_fingerprint",
    "table_bytes",
    "verify",
    "write_report",
]
