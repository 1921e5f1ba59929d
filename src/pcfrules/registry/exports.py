"""What the registry hands out.

The comment-disposition table, the self-declaration record, the free public text, any
version's text in any format (as the registry last recorded it) and the dashboard.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pcfrules import datasets
from pcfrules.errors import Location, RegistryError, RenderError
from pcfrules.files import write_bytes
from pcfrules.registry import workflow
from pcfrules.registry.service import Registry
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.render import Edition, render
from pcfrules.rules.render.document import Stage

TARGET_2027 = 200  # MIIT guide 一、工作目标: 200 rule standards by 2027 (工信厅节函〔2024〕411号)
SELF_DECLARATION = (
    "本标准遵循开放、公平、透明、协商一致和促进贸易和交流的原则，按照本团体公布的标准制定程序制定，"
    "符合国家有关法律法规和强制性标准的要求，没有侵犯他人合法权益。"
)
DISPOSITION_HEADERS = [
    "序号 No.",
    "章条 Clause",
    "类型 Kind",
    "意见内容 Comment",
    "修改建议 Proposal",
    "提出单位 Organisation",
    "提出人 Stakeholder",
    "附议人数 Supporters",
    "处理结果 Disposition",
    "理由 Reason",
    "修改条款 Clause changed",
]


def disposition_table(
    registry: Registry, rule_id: str, path: Path, version: str | None = None
) -> Path:
    """意见汇总处理表 as xlsx, written atomically."""
    return write_bytes(path, disposition_bytes(registry, rule_id, version))


def disposition_bytes(registry: Registry, rule_id: str, version: str | None = None) -> bytes:
    """意见汇总处理表 (comment-disposition table) of a version as xlsx bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "意见汇总处理表"
    info = registry.show(rule_id)
    current = next((v for v in info["versions"] if v["version"] == version), info["versions"][-1])
    sheet.append([f"{rule_id} {current['version']} — 意见汇总处理表 / comment-disposition table"])
    sheet.append(DISPOSITION_HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for c in registry.comments(rule_id, version):
        label = workflow.DISPOSITIONS.get(c["disposition"] or "", ("未处理", "open"))
        kind = workflow.KINDS[c["kind"]]
        sheet.append(
            [
                c["no"],
                f"{c['clause_no']}（{c['clause']}）" if c["clause_no"] else c["clause"],
                f"{kind[0]} {kind[1]}",
                c["text"],
                c["proposal"],
                c["organisation"],
                c["stakeholder"],
                len(c["supporters"]),
                f"{label[0]} {label[1]}",
                c["reason"],
                "\n".join(c["changed"]),
            ]
        )
    widths = (6, 24, 14, 50, 40, 24, 16, 10, 18, 40, 30)
    for column, width in zip("ABCDEFGHIJK", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def disclosure(registry: Registry, rule_id: str) -> dict[str, Any]:
    """The self-declaration record for the group-standards platform (its fields)."""
    info = registry.show(rule_id)
    version = _published(info)
    rule = registry.version_rule(rule_id, version["version"])
    return {
        "团体名称": info["association"],
        "标准状态": workflow.STATES[version["state"]][0],
        "标准编号": version["number"],
        "中文标题": rule.identity.title.zh,
        "英文标题": rule.identity.title.en,
        "ICS": rule.identity.ics,
        "CCS": rule.identity.ccs,
        "国民经济分类": info["industry_code"],
        "发布日期": version["issue_date"],
        "实施日期": version["implementation_date"],
        "起草人": info["drafters"],
        "起草单位": [o.zh for o in rule.foreword.drafting_organisations],
        "文本指纹 SHA-256": version["sha256"],
        "自我声明": SELF_DECLARATION,
    }


# The registry's stage of a text → the stage its cover shows (GB/T 1.1 draft names).
COVER_STAGE: dict[str, Stage] = {
    "comment_draft": "consultation",
    "review_draft": "review",
    "approval_draft": "approval",
}


def public_text(
    registry: Registry, rule_id: str, folder: Path, stage: str = "published"
) -> list[Path]:
    """The public text (HTML in zh and en) of the published version, or of a draft stage."""
    if stage == "published":
        texts = public_texts(registry, rule_id)
    else:
        texts = stage_texts(registry, rule_id, stage)
    return [write_bytes(folder / name, data, RenderError) for name, data in texts.items()]


def stage_texts(registry: Registry, rule_id: str, stage: str) -> dict[str, bytes]:
    """The text as kept at a draft ``stage``, by file name: HTML in zh and en.

    Its cover names the stage (征求意见稿, 送审稿, 报批稿) and, as 本稿完成日期, the day the
    registry recorded that stage.
    """
    if stage not in COVER_STAGE:
        raise RegistryError(
            zh=f"阶段应为 {'、'.join(COVER_STAGE)} 或 published，而不是“{stage}”",
            en=f"the stage is one of {', '.join(COVER_STAGE)} or published, not '{stage}'",
            location=Location(path="--stage"),
        )
    rule, at = registry.stage_text(rule_id, stage)
    edition = Edition(COVER_STAGE[stage], completed=at.date())
    stem = f"{rule_id}-{rule.identity.version}.{stage}"
    return {
        f"{stem}.{lang}.html": render(rule, lang, "html", edition=edition) for lang in ("zh", "en")
    }


def public_texts(registry: Registry, rule_id: str) -> dict[str, bytes]:
    """The free public text of the published version, by file name: HTML in zh and en."""
    version = _published(registry.show(rule_id))
    rule = registry.version_rule(rule_id, version["version"])
    stem = (version["number"] or rule_id).replace("/", "-").replace(" ", "_")
    edition = Edition(
        "published",
        version["number"] or "",
        _day(version["issue_date"]),
        _day(version["implementation_date"]),
    )
    return {
        f"{stem}.{lang}.html": render(rule, lang, "html", edition=edition) for lang in ("zh", "en")
    }


def version_text(
    registry: Registry, rule_id: str, version: str | None = None
) -> tuple[RuleStandard, Edition, str]:
    """A version's text as the registry stands by it, the edition it is, and a file stem.

    A version that was published (live, superseded or withdrawn: it has its number and
    dates) is its published text; any other is the text kept at the last stage it reached
    (征求意见稿, 送审稿, 报批稿), dated that day; a draft that reached none is the current
    text as a 征求意见稿 finished today. ``version`` defaults to the one the registry stands by
    (the live one, else the newest).
    """
    info = registry.show(rule_id)
    live = [v for v in info["versions"] if v["state"] in workflow.LIVE]
    chosen = version or (live or info["versions"])[-1]["version"]
    row = next((v for v in info["versions"] if v["version"] == chosen), None)
    if row is None:
        raise RegistryError(
            zh=f"“{rule_id}”没有版本 {chosen}",
            en=f"no version {chosen} of '{rule_id}'",
            location=Location(path="version"),
        )
    if row["number"] and row["issue_date"] and row["implementation_date"]:
        edition = Edition(
            "published", row["number"], _day(row["issue_date"]), _day(row["implementation_date"])
        )
        stem = row["number"].replace("/", "-").replace(" ", "_")
        return registry.version_rule(rule_id, chosen), edition, stem
    drafts = [t for t in registry.stages(rule_id, chosen) if t["stage"] in COVER_STAGE]
    if not drafts:
        rule = registry.version_rule(rule_id, chosen)
        return rule, Edition("consultation", completed=date.today()), f"{rule_id}-{chosen}.draft"
    stage = drafts[-1]["stage"]
    rule, at = registry.stage_text(rule_id, stage, chosen)
    return rule, Edition(COVER_STAGE[stage], completed=at.date()), f"{rule_id}-{chosen}.{stage}"


def standard_file(
    registry: Registry, rule_id: str, lang: str, fmt: str, version: str | None = None
) -> tuple[str, bytes]:
    """A version's text (:func:`version_text`) in ``lang`` as ``fmt`` (html, pdf, docx, md)."""
    rule, edition, stem = version_text(registry, rule_id, version)
    return f"{stem}.{lang}.{fmt}", render(rule, lang, fmt, edition=edition)


def _day(text: str | None) -> date | None:
    """A registry date (ISO text) as a date, for the published text's cover."""
    return date.fromisoformat(text) if text else None


def dashboard(registry: Registry, today: date | None = None) -> dict[str, Any]:
    """Standards by state, sector, classification and recommended batch; coverage; progress.

    Coverage is computed from each published standard's own text: its GB/T 4754—2017 codes
    and the product it is for, against the priority products of
    ``data/priority/products.csv`` (``covers``), so any standard counts.
    """
    rows = registry.standards()
    published = [r for r in rows if r["state"] in workflow.LIVE]
    covering: dict[str, list[str]] = {p.name_zh: [] for p in datasets.priority_products()}
    by_sector: dict[str, int] = {}
    for row in published:
        rule = registry.version_rule(row["rule_id"], row["version"])
        products = covers(rule.product.classification.industry, rule.identity.product.zh)
        for product in products:
            covering[product.name_zh].append(row["number"] or row["rule_id"])
        # a priority product's sector, else the registered one's Chinese name ("石化化工 …")
        sector = products[0].sector_zh if products else (row["sector"] or "—").split(" ")[0]
        by_sector[sector] = by_sector.get(sector, 0) + 1
    return {
        "as_of": (today or date.today()).isoformat(),
        "by_state": _count(rows, "state"),
        "by_sector": _count(rows, "sector"),
        "by_classification": _count(rows, "industry_code"),
        "recommended": _batches(rows),
        "priority_products": covering,
        "priority_coverage": f"{sum(bool(n) for n in covering.values())}/{len(covering)}",
        "progress_2027": {
            "published": len(published),
            "target": TARGET_2027,
            "share": len(published) / TARGET_2027,
            "by_sector": dict(sorted(by_sector.items())),
        },
    }


def covers(codes: list[str], product_zh: str) -> list[datasets.PriorityProduct]:
    """The priority products a standard covers, by its industry codes or its product.

    A code counts when it falls under a product's code and no other priority product
    shares that code (乙烯 and 甲醇 are both C2614 有机化学原料制造: the product decides); the
    product counts when it is, or ends with, one of a priority product's names.
    """
    products = datasets.priority_products()
    named = product_zh.strip()
    found = []
    for product in products:
        by_code = any(
            code.startswith(own) and _unshared(own, products)
            for code in codes
            for own in product.codes
        )
        by_name = any(named == alias or named.endswith(alias) for alias in product.aliases)
        if by_code or by_name:
            found.append(product)
    return found


def _unshared(code: str, products: tuple[datasets.PriorityProduct, ...]) -> bool:
    return sum(code in p.codes for p in products) == 1


def _batches(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The recommended-list batches (推荐清单批次) and the standards each put on the list."""
    out: dict[str, list[str]] = {}
    for row in rows:
        if row["recommended"]:
            out.setdefault(row["recommended"], []).append(row["number"] or row["rule_id"])
    return out


def _count(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        out[row[key]] = out.get(row[key], 0) + 1
    return out


def _published(info: dict[str, Any]) -> dict[str, Any]:
    for version in reversed(info["versions"]):
        if version["state"] in workflow.LIVE:
            live: dict[str, Any] = version
            return live
    from pcfrules.errors import RegistryError

    raise RegistryError(
        zh=f"“{info['rule_id']}”尚无已发布版本", en=f"'{info['rule_id']}' has no published version"
    )
