"""The carbon label: its data (JSON) and an SVG label with a QR code of the fingerprints.

The result fingerprint is the SHA-256 of the result's JSON body in canonical form (sorted
keys, no whitespace), so it is the same for the result in memory, written and read back.
A label never shows a number that is not finite: a result read through its model cannot hold
one, and every figure the label prints is checked again here, since a label is what a buyer
reads.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import date
from html import escape
from typing import Any

import segno

from pcfrules.errors import Location, StudyError
from pcfrules.studies import Result

ORIGIN_NAMES = {
    "fossil": "化石 fossil",
    "biogenic": "生物源 biogenic",
    "dluc": "土地利用变化 dLUC",
    "aircraft": "航空 aircraft",
}


def result_fingerprint(result: Result) -> str:
    """SHA-256 of the canonical result JSON (sorted keys, no whitespace)."""
    body = result.to_json_dict()
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def label_data(result: Result, validity_years: int = 3) -> dict[str, Any]:
    """What a label shows, traceable to the result and the rule it was computed under."""
    if result.rule is None:
        raise StudyError(
            zh="碳标识须基于依据规则标准计算的结果",
            en="a carbon label needs a result computed under a rule standard",
            location=Location(path="rule"),
        )
    study = result.study or {}
    period = study.get("period", {})
    end = date.fromisoformat(period["end"]) if period.get("end") else None
    fu = result.functional_unit
    quantity = fu.get("quantity", fu.get("amount"))
    _shown(quantity, "functional_unit.quantity")
    _shown(result.total.value, "total.value")
    for origin, value in result.by_origin.items():
        _shown(value, f"by_origin.{origin}")
    return {
        "format": "pcfrules.label/1",
        "rule": result.rule.model_dump(mode="json", exclude_unset=True),
        "product": study.get("product", {}),
        "enterprise": study.get("enterprise", {}),
        "declared_unit": {"quantity": quantity, "unit": fu["unit"]},
        "footprint": {"value": round(result.total.value, 3), "unit": "kg CO2e"},
        "by_origin": {k: round(v, 3) for k, v in result.by_origin.items()},
        "gwp_set": result.gwp_set,
        "period": period,
        "valid_until": end.replace(year=end.year + validity_years).isoformat() if end else None,
        "result_fingerprint": result_fingerprint(result),
    }


def _shown(value: object, field: str) -> None:
    """A figure the label prints must be a finite number; else refuse, naming the field."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StudyError(
            zh=f"结果的“{field}”不是有限数（{value}），不能制作碳标识",
            en=f"the result's {field} is not a finite number ({value}): no label is made",
            location=Location(path=field),
        )


def qr_payload(label: dict[str, Any]) -> str:
    """The text the QR code carries: rule, both fingerprints and the footprint."""
    rule = label["rule"]
    return (
        f"PCF|rule={rule['id']}@{rule['version']}|rule_sha256={rule['fingerprint']}"
        f"|result_sha256={label['result_fingerprint']}"
        f"|kgCO2e={label['footprint']['value']}|per={label['declared_unit']['quantity']}"
        f"{label['declared_unit']['unit']}"
    )


def label_svg(label: dict[str, Any]) -> bytes:
    """A self-contained SVG label (about 90 × 50 mm) with the QR code drawn as a path.

    UTF-8 bytes, like every renderer here: the caller writes them or serves them as is.
    """
    qr = segno.make(qr_payload(label), error="m")
    size = len(qr.matrix)
    module = 120 / size
    path = "".join(
        f"M{20 + x * module:.2f},{60 + y * module:.2f}h{module:.2f}v{module:.2f}h-{module:.2f}z"
        for y, row in enumerate(qr.matrix)
        for x, dark in enumerate(row)
        if dark
    )
    fu, fp = label["declared_unit"], label["footprint"]
    product = label["product"]
    text_lines = [
        (170, 78, 16, "bold", f"{product.get('zh', '')}"),
        (170, 98, 12, "normal", f"{product.get('en', '')}"),
        (170, 140, 30, "bold", f"{fp['value']:,.0f} kg CO2e"),
        (170, 162, 13, "normal", f"每 per {fu['quantity']:g} {fu['unit']}"),
        (
            170,
            190,
            11,
            "normal",
            f"{label['rule']['id']} {label['rule']['version']} · {label['gwp_set']}",
        ),
        (
            170,
            208,
            11,
            "normal",
            f"{label['period'].get('start', '')} – {label['period'].get('end', '')}",
        ),
        (170, 226, 11, "normal", f"有效期至 valid until {label['valid_until'] or '—'}"),
    ]
    texts = "".join(
        f'<text x="{x}" y="{y}" font-size="{s}" font-weight="{w}">{escape(t)}</text>'
        for x, y, s, w, t in text_lines
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 520 260" width="90mm" '
        "height=\"45mm\" font-family=\"'Noto Sans CJK SC','Microsoft YaHei',sans-serif\">"
        f"<title>{escape(qr_payload(label))}</title>"
        '<rect x="2" y="2" width="516" height="256" rx="14" fill="#fff" stroke="#2e7d32" '
        'stroke-width="4"/>'
        '<rect x="2" y="2" width="516" height="42" rx="14" fill="#2e7d32"/>'
        '<text x="20" y="31" font-size="20" font-weight="bold" fill="#fff">'
        "产品碳足迹 Product carbon footprint</text>"
        f'<path d="{path}" fill="#000"/>{texts}</svg>'
    )
    return svg.encode("utf-8")
