"""What a computed kept study is downloaded as: each a file name, a media type and bytes.

Every file is made by the room that owns it — the study report (``reports.report``), the
carbon label (``reports.label``), the battery declaration (``reports.battery``), the CBAM
template filled (``studies.cbam`` + ``reports.cbam_template``), PACT (``interchange.pact``);
this module only picks one and names the file.

Two need what the platform does not ship or the study does not hold:

- the CBAM communication template is the Commission's file, which the operator downloads
  (``PCFRULES_CBAM_TEMPLATE`` names it on the server), and the study must carry its
  ``cbam`` block (installation, precursors) and its rule a CBAM mapping;
- the EU Battery Regulation declaration applies to batteries, i.e. rules whose product is
  classified under GB/T 4754—2017 class 384 电池制造 (battery manufacturing; its 3841 锂离子电池
  制造 is the priority product ``data/priority/products.csv`` lists), and needs the battery's
  total energy over its service life, which the caller gives.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pcfrules.errors import CbamTemplateError, Location, PcfrulesError, StudyError
from pcfrules.interchange.pact import product_footprint
from pcfrules.reports.battery import battery_declaration
from pcfrules.reports.cbam_template import fill_template
from pcfrules.reports.label import label_data, label_png, label_svg
from pcfrules.reports.report import LANGUAGES, report_bytes
from pcfrules.spaces.kept import Computed
from pcfrules.studies.cbam import embedded_emissions

File = tuple[str, str, bytes]  # file name, media type, bytes
WHAT = ("result", "pact", "cbam", "battery", "label-svg", "label-png")
JSON = "application/json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CBAM_TEMPLATE_VARIABLE = "PCFRULES_CBAM_TEMPLATE"
BATTERY_INDUSTRY = "C384"  # GB/T 4754—2017 中类 384 电池制造 (battery manufacturing)


def cbam_template(given: Path | None = None) -> Path | None:
    """The official CBAM template on this server: given, else ``PCFRULES_CBAM_TEMPLATE``."""
    text = os.environ.get(CBAM_TEMPLATE_VARIABLE, "").strip()
    return given or (Path(text) if text else None)


def language(lang: str) -> str:
    """``zh`` or ``en``; a bilingual refusal for anything else."""
    if lang not in LANGUAGES:
        raise StudyError(
            zh="语言应为 zh 或 en", en="language is zh or en", location=Location(path="lang")
        )
    return lang


def report(kept: Computed, fmt: str, lang: str) -> File:
    """The GB/T 24067 study report, ``html`` or ``pdf``, in ``lang``."""
    data = report_bytes(kept.result, kept.found.rule, language(lang), fmt)
    media = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    return f"{kept.stem}.report.{lang}.{fmt}", media, data


def export(
    kept: Computed,
    what: str,
    template: Path | None = None,
    energy_kwh: float | None = None,
) -> File:
    """The file ``what`` (one of :data:`WHAT`) of a computed kept study."""
    if what == "result":
        return f"{kept.stem}.result.json", JSON, kept.result.to_json()
    if what == "pact":
        return f"{kept.stem}.pact.json", JSON, json_bytes(product_footprint(kept.result))
    if what == "cbam":
        return f"{kept.stem}.cbam.xlsx", XLSX, _cbam(kept, template)
    if what == "battery":
        return f"{kept.stem}.battery.json", JSON, json_bytes(_battery(kept, energy_kwh))
    if what in ("label-svg", "label-png"):
        return _label(kept, what.removeprefix("label-"))
    raise StudyError(
        zh=f"未知的导出类型“{what}”（可选：{'、'.join(WHAT)}）",
        en=f"unknown export '{what}' (one of {', '.join(WHAT)})",
        location=Location(path="what"),
    )


def unavailable(kept: Computed, template: Path | None) -> dict[str, PcfrulesError]:
    """The files of :data:`WHAT` this study cannot be given here, each with its refusal."""
    refusals = {"cbam": _no_cbam(kept, template), "battery": _not_a_battery(kept)}
    return {what: refusal for what, refusal in refusals.items() if refusal is not None}


def _no_cbam(kept: Computed, template: Path | None) -> PcfrulesError | None:
    rule = kept.found.rule
    if rule.cbam is None:
        return StudyError(
            zh=f"规则 {rule.identity.id} 没有 CBAM 对应关系，不能填写 CBAM 模板",
            en=f"rule {rule.identity.id} has no CBAM mapping: no CBAM template is filled",
            location=Location(path="cbam"),
        )
    if template is None:
        return CbamTemplateError(
            zh="服务器未配置欧盟 CBAM 通报模板：请从欧盟委员会下载，并以环境变量 "
            f"{CBAM_TEMPLATE_VARIABLE} 指明其位置",
            en="this server has no EU CBAM communication template: download the Commission's "
            f"and name it in {CBAM_TEMPLATE_VARIABLE}",
            location=Location(path=CBAM_TEMPLATE_VARIABLE),
        )
    return None


def _cbam(kept: Computed, template: Path | None) -> bytes:
    refusal = _no_cbam(kept, template)
    if refusal is not None:
        raise refusal
    assert template is not None  # _no_cbam refuses without one
    return fill_template(embedded_emissions(kept.study, kept.found.rule), template)


def _not_a_battery(kept: Computed) -> StudyError | None:
    rule = kept.found.rule
    codes = rule.product.classification.industry
    if not any(code.startswith(BATTERY_INDUSTRY) for code in codes):
        shown = ", ".join(codes) or "—"
        return StudyError(
            zh=f"电池法规碳足迹声明仅适用于电池（GB/T 4754—2017 384 电池制造）；"
            f"规则 {rule.identity.id} 的产品分类为 {shown}",
            en="the Battery Regulation declaration applies to batteries (GB/T 4754—2017 384, "
            f"battery manufacturing); rule {rule.identity.id} is classified {shown}",
            location=Location(path="battery"),
        )
    return None


def _battery(kept: Computed, energy_kwh: float | None) -> dict[str, Any]:
    refusal = _not_a_battery(kept)
    if refusal is not None:
        raise refusal
    if energy_kwh is None:
        raise StudyError(
            zh="须给出电池使用寿命内提供的总能量（kWh）",
            en="give the battery's total energy over its service life (kWh)",
            location=Location(path="energy_kwh"),
        )
    return battery_declaration(kept.result, energy_kwh, kept.found.rule)


def _label(kept: Computed, kind: str) -> File:
    identity, declaration = kept.found.rule.identity, kept.found.rule.declaration
    content = label_data(kept.result, declaration.validity_years or 3, identity.number)
    if kind == "png":
        return f"{kept.stem}.label.png", "image/png", label_png(content)
    return f"{kept.stem}.label.svg", "image/svg+xml", label_svg(content)


def json_bytes(data: Any) -> bytes:
    """Indented UTF-8 JSON, as every JSON download is written."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
