"""The carbon label: its data (JSON), the label as SVG or PNG, and the check of its QR code.

The label names the enterprise, the product, the standard's number and the validity period,
and gives the footprint in kg CO₂e per declared unit. Its QR code carries a compact hashed
payload a buyer can check: ``PCF1.<claims>.<digest>``, where the claims are canonical JSON
(base64url) of what the label states — the result's SHA-256, the rule and the first 16 hex
digits of its SHA-256, the footprint, the unit and the validity — and the digest is the
first 16 hex digits of the SHA-256 of those claims, so a mistyped or altered payload fails.
``verify`` checks a payload against a result file (and, later, against the platform's public
page of the footprint, which the result's SHA-256 names).

The result fingerprint is the SHA-256 of the result's JSON body in canonical form (sorted
keys, no whitespace), so it is the same for the result in memory, written and read back.
A label never shows a number that is not finite: a result read through its model cannot hold
one, and every figure the label prints is checked again here, since a label is what a buyer
reads.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import segno

from pcfrules.errors import Location, StudyError
from pcfrules.fonts import cjk_fonts
from pcfrules.studies import Result

PAYLOAD_PREFIX = "PCF1"
SIZE_MM = (90, 45)  # the label's printed size
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


def label_data(result: Result, validity_years: int = 3, number: str = "") -> dict[str, Any]:
    """What a label shows, traceable to the result and the rule (``number``: the standard's)."""
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
    label = {
        "format": "pcfrules.label/1",
        "rule": result.rule.model_dump(mode="json", exclude_unset=True),
        "standard_number": number,
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
    label["qr"] = qr_payload(label)
    return label


def _claims(label: dict[str, Any]) -> dict[str, Any]:
    rule, unit = label["rule"], label["declared_unit"]
    return {
        "x": label["result_fingerprint"],
        "r": f"{rule['id']}@{rule['version']}",
        "k": rule["fingerprint"][:16],
        "n": label.get("standard_number", ""),
        "f": label["footprint"]["value"],
        "u": f"{unit['quantity']:g} {unit['unit']}",
        "t": label["valid_until"],
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
    """``PCF1.<base64url claims>.<digest>``: what the label states, and a hash binding it."""
    claims = json.dumps(_claims(label), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    body = base64.urlsafe_b64encode(claims.encode("utf-8")).decode("ascii").rstrip("=")
    return f"{PAYLOAD_PREFIX}.{body}.{_digest(claims)}"


def _digest(claims: str) -> str:
    return hashlib.sha256(claims.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Mismatch:
    """A claim of the label that the result does not bear out."""

    claim: str
    label: str
    result: str


def verify(
    payload: str, result: Result, number: str = "", validity_years: int = 3
) -> list[Mismatch]:
    """What in ``payload`` the result (under a rule of that number) does not bear out.

    [] when the label is the result's. A payload that is not one (wrong prefix, broken
    encoding, a digest that does not match its claims) is a StudyError naming the payload.
    """
    claims = decode_payload(payload)
    expected = _claims(label_data(result, validity_years, number))
    return [
        Mismatch(key, str(claims.get(key)), str(value))
        for key, value in expected.items()
        if claims.get(key) != value
    ]


def decode_payload(payload: str) -> dict[str, Any]:
    """The claims of a payload whose digest matches them; StudyError otherwise."""
    parts = payload.strip().split(".")
    where = Location(path="payload")
    if len(parts) != 3 or parts[0] != PAYLOAD_PREFIX:
        raise StudyError(
            zh="不是 pcfrules 碳标识的二维码内容（应为 PCF1.…）",
            en="not the QR payload of a pcfrules carbon label (PCF1.…)",
            location=where,
        )
    try:
        claims = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)).decode("utf-8")
        data: dict[str, Any] = json.loads(claims)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StudyError(
            zh="二维码内容无法解码", en="the QR payload cannot be decoded", location=where
        ) from exc
    if _digest(claims) != parts[2]:
        raise StudyError(
            zh="二维码内容与其摘要不符（被改动或抄错）",
            en="the QR payload does not match its digest (altered or mistyped)",
            location=where,
        )
    return data


def payload_of(path: Path) -> str:
    """The payload a label file carries: a PNG's text chunk, an SVG's title, a JSON's ``qr``."""
    where = Location(file=str(path))
    suffix = path.suffix.lower()
    try:
        if suffix == ".png":
            from PIL import Image

            with Image.open(path) as image:
                text = str(getattr(image, "text", {}).get("pcfrules-qr", ""))
        elif suffix == ".svg":
            raw = path.read_text("utf-8")
            start = raw.find("<title>")
            text = raw[start + 7 : raw.find("</title>")] if start >= 0 else ""
        elif suffix == ".json":
            text = str(json.loads(path.read_text("utf-8")).get("qr", ""))
        else:
            text = path.read_text("utf-8").strip()
    except (OSError, ValueError) as exc:
        raise StudyError(
            zh=f"无法读取碳标识（{exc}）", en=f"cannot read the label ({exc})", location=where
        ) from exc
    if not text:
        raise StudyError(
            zh="文件中没有碳标识二维码内容", en="the file carries no label payload", location=where
        )
    return text


def _lines(label: dict[str, Any]) -> list[tuple[str, float, str]]:
    """The label's text, top to bottom: (text, size in points, weight)."""
    fu, fp = label["declared_unit"], label["footprint"]
    product, enterprise = label["product"], label["enterprise"]
    rule = label["rule"]
    number = label.get("standard_number") or f"{rule['id']} {rule['version']} (未发布 draft)"
    value = f"{fp['value']:,.2f}".replace(",", "\u2009")
    period = label["period"]
    return [
        (enterprise.get("zh") or enterprise.get("en", ""), 6, "normal"),
        (product.get("zh", ""), 7.5, "bold"),
        (product.get("en", ""), 5.5, "normal"),
        (f"{value} kg CO₂e", 14, "bold"),
        (f"每 per {fu['quantity']:g} {fu['unit']}", 6.5, "normal"),
        (f"标准 Standard {number}", 5.5, "normal"),
        (f"数据期 Period {period.get('start', '')} – {period.get('end', '')}", 5.5, "normal"),
        (f"有效期至 Valid until {label['valid_until'] or '—'}", 6, "bold"),
    ]


def label_svg(label: dict[str, Any]) -> bytes:
    """A self-contained SVG label (90 × 45 mm) with the QR code drawn as a path.

    UTF-8 bytes, like every renderer here: the caller writes them or serves them as is.
    """
    payload = qr_payload(label)
    qr = segno.make(payload, error="m")
    size = len(qr.matrix)
    module = 190 / size
    path = "".join(
        f"M{14 + x * module:.2f},{56 + y * module:.2f}h{module:.2f}v{module:.2f}h-{module:.2f}z"
        for y, row in enumerate(qr.matrix)
        for x, dark in enumerate(row)
        if dark
    )
    y, texts = 70.0, []
    for text, points, weight in _lines(label):
        scale = points * 2.2
        y += scale * 1.15
        texts.append(
            f'<text x="222" y="{y:.1f}" font-size="{scale:.1f}" font-weight="{weight}">'
            f"{escape(text)}</text>"
        )
        y += scale * 0.25
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 520 260" width="90mm" '
        "height=\"45mm\" font-family=\"'Noto Sans CJK SC','Microsoft YaHei',sans-serif\">"
        f"<title>{escape(payload)}</title>"
        '<rect x="2" y="2" width="516" height="256" rx="14" fill="#fff" stroke="#2e7d32" '
        'stroke-width="4"/>'
        '<rect x="2" y="2" width="516" height="42" rx="14" fill="#2e7d32"/>'
        '<text x="20" y="31" font-size="20" font-weight="bold" fill="#fff">'
        "产品碳足迹 Product carbon footprint</text>"
        f'<path d="{path}" fill="#000"/>{"".join(texts)}</svg>'
    )
    return svg.encode("utf-8")


def label_png(label: dict[str, Any], dpi: int = 300) -> bytes:
    """The label as a PNG of its printed size (90 × 45 mm) at ``dpi``, its payload in a text chunk.

    Drawn with matplotlib in the Noto CJK font; the QR code's modules are whole pixels.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    payload = qr_payload(label)
    width, height = (mm / 25.4 for mm in SIZE_MM)
    fig = plt.figure(figsize=(width, height), dpi=dpi)
    fig.patch.set_facecolor("white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, SIZE_MM[0])
    ax.set_ylim(SIZE_MM[1], 0)
    ax.axis("off")
    ax.add_patch(
        FancyBboxPatch((0.6, 0.6), SIZE_MM[0] - 1.2, SIZE_MM[1] - 1.2, linewidth=1.2,
                       boxstyle="round,pad=0,rounding_size=2", edgecolor="#2e7d32", facecolor="white")
    )  # fmt: skip
    ax.add_patch(FancyBboxPatch((0.6, 0.6), SIZE_MM[0] - 1.2, 6.4, boxstyle="square,pad=0",
                                edgecolor="#2e7d32", facecolor="#2e7d32"))  # fmt: skip
    font = {"family": cjk_fonts()}
    ax.text(3, 4.2, "产品碳足迹 Product carbon footprint", color="white", fontsize=8.5,
            fontweight="bold", va="center", fontdict=font)  # fmt: skip
    qr = segno.make(payload, error="m")
    matrix = [[0 if dark else 1 for dark in row] for row in qr.matrix]
    side = 34.0
    ax.imshow(matrix, cmap="gray", interpolation="nearest", vmin=0, vmax=1, aspect="auto",
              extent=(2.5, 2.5 + side, 9.0 + side, 9.0), zorder=3)  # fmt: skip
    ax.set_xlim(0, SIZE_MM[0])  # imshow fits the axes to the image: the label's size again
    ax.set_ylim(SIZE_MM[1], 0)
    y = 10.0
    for text, points, weight in _lines(label):
        y += points * 0.3528 * 1.05  # points to mm, with the line's leading
        ax.text(39.5, y, text, fontsize=points, fontweight=weight, va="baseline", fontdict=font)
        y += points * 0.3528 * 0.45
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"pcfrules-qr": payload})
    plt.close(fig)
    return buffer.getvalue()
