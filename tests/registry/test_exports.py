"""What the registry hands out: diffs, the disposition table, disclosure, public text, dashboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pcfrules.errors import RegistryError
from pcfrules.registry import Registry, exports, workflow
from pcfrules.registry.diff import diff
from pcfrules.registry.seed import seed
from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, to_plain, validate_rule
from pcfrules.rules.render import Edition
from tests.registry.conftest import Clock, stricter_cement


def _with_comments(registry: Registry, clock: Clock) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement")
    first = registry.comment("cement", "Wang", "boundary.cut_off", "太严格 too strict", "2 %")
    second = registry.comment(
        "cement", "Zhou", "inventory.parameters", "cite table numbers", kind="ed"
    )
    for supporter in ("Li", "Sun"):
        registry.acting_as(supporter).support(first)
    registry.dispose(first, "not_accepted", "GB/T 44905 uses 1 %")
    registry.dispose(second, "accepted")
    clock.advance(30)
    registry.acting_as("Drafter").update_draft(stricter_cement(), answers=[second])
    registry.start_review("cement")
    registry.vote("cement", "Wu", "yes")
    registry.approve("cement")
    registry.publish("cement", date(2026, 4, 15), date(2026, 7, 1))


def test_disposition_table(registry: Registry, clock: Clock, tmp_path: Path) -> None:
    _with_comments(registry, clock)
    path = exports.disposition_table(registry, "cement", tmp_path / "table.xlsx")
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1] == tuple(exports.DISPOSITION_HEADERS)
    first, second = ({h.split()[0]: v for h, v in zip(rows[1], r, strict=True)} for r in rows[2:])
    assert len(rows) == 4
    assert (first["章条"], first["意见内容"]) == (
        "5.4（boundary.cut_off）",
        "太严格 too strict",
    )  # as printed
    assert first["处理结果"] == "不采纳 not accepted" and first["理由"] == "GB/T 44905 uses 1 %"
    assert second["处理结果"] == "采纳 accepted"
    assert (first["修改条款"], second["修改条款"]) == (None, "boundary.cut_off.cumulative_percent")
    assert (first["类型"], second["类型"]) == ("技术性意见 technical", "编辑性意见 editorial")
    assert (first["附议人数"], second["附议人数"]) == (2, 0)


def test_disclosure_record_fields(registry: Registry, clock: Clock) -> None:
    _with_comments(registry, clock)
    record = exports.disclosure(registry, "cement")
    assert record["标准编号"] == "T/CBMF 1—2026" and record["国民经济分类"] == "C3011"
    assert record["中文标题"] == "温室气体 产品碳足迹量化方法与要求 水泥"
    assert record["发布日期"] == "2026-04-15" and "协商一致" in record["自我声明"]


def test_disclosure_needs_a_published_version(registry: Registry) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    with pytest.raises(RegistryError, match="no published version"):
        exports.disclosure(registry, "cement")


def test_public_text(registry: Registry, clock: Clock, tmp_path: Path) -> None:
    _with_comments(registry, clock)
    paths = exports.public_text(registry, "cement", tmp_path)
    assert [p.name for p in paths] == ["T-CBMF_1—2026.zh.html", "T-CBMF_1—2026.en.html"]
    zh = paths[0].read_text("utf-8")
    assert "温室气体 产品碳足迹量化方法与要求 水泥" in zh
    assert "T/CBMF 1—2026" in zh and "XXXX" not in zh and "（草案）" not in zh and "待定" not in zh


def test_diff_clause_by_clause() -> None:
    old = catalog.load("cement")
    data = to_plain(read_yaml(catalog.rule_file("cement")))
    data["boundary"]["cut_off"]["cumulative_percent"] = 3
    data["inventory"]["parameters"] = [
        p for p in data["inventory"]["parameters"] if p["id"] != "ckd_correction"
    ]
    changes = {c["path"]: c for c in diff(old, validate_rule(data))}
    assert changes["boundary.cut_off.cumulative_percent"] == {
        "path": "boundary.cut_off.cumulative_percent",
        "change": "changed",
        "old": 5.0,
        "new": 3.0,
        "chapter": "5.3–5.5",
    }
    removed = [p for p, c in changes.items() if c["change"] == "removed"]
    assert removed == ["inventory.parameters[ckd_correction]"]


def test_dashboard_and_seed(registry: Registry) -> None:
    numbers = seed(registry)
    assert len(numbers) == len(catalog.catalog_ids())
    board = exports.dashboard(registry, date(2026, 11, 23))
    assert board["by_state"] == {"published": len(numbers)}
    assert board["priority_products"]["水泥"]
    progress = board["progress_2027"]
    assert (progress["published"], progress["target"]) == (len(numbers), 200)
    assert progress["share"] == pytest.approx(len(numbers) / 200)
    assert sum(progress["by_sector"].values()) == len(numbers)
    assert {"建材", "有色金属", "钢铁"} <= set(progress["by_sector"])
    assert all(" " not in sector for sector in progress["by_sector"])  # one name per sector
    covered = sum(bool(n) for n in board["priority_products"].values())
    assert board["priority_coverage"] == f"{covered}/19" and covered >= 3
    assert seed(registry) == []  # seeding twice adds nothing


def test_an_interrupted_seed_resumes_and_says_what_is_half_done(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_approve = Registry.approve

    def power_cut(self: Registry, rule_id: str, actor: str = "system") -> object:
        raise RegistryError(zh="断电", en="power cut")

    monkeypatch.setattr(Registry, "approve", power_cut)
    with pytest.raises(RegistryError) as info:
        seed(registry)
    first = catalog.catalog_ids()[0]
    assert (
        f"seed stopped at '{first}', left in state 'technical review': power cut" in info.value.en
    )
    assert "再次运行 seed" in info.value.zh
    monkeypatch.setattr(Registry, "approve", real_approve)
    numbers = seed(registry)  # picks the half-done standard up where it stopped
    assert len(numbers) == len(catalog.catalog_ids())
    assert {row["state"] for row in registry.standards()} == {"published"}
    votes = registry.votes(first)
    assert len(votes) == len(workflow.CATEGORIES)  # no vote cast twice


def _lime() -> object:
    """A lime standard: the cement text under another id, title and GB/T 4754 code."""
    data = to_plain(read_yaml(catalog.rule_file("cement")))
    data["identity"]["id"] = "lime"
    data["identity"]["title"]["zh"] = "温室气体 产品碳足迹量化方法与要求 石灰"
    data["identity"]["product"]["zh"] = "石灰"
    data["product"]["classification"]["industry"] = ["C3012"]
    return validate_rule(data)


def test_dashboard_coverage_comes_from_the_standards_own_codes(
    registry: Registry, clock: Clock
) -> None:
    registry.propose(_lime(), "CBMF", "建材", ["Drafter"])
    registry.approve_project("lime")
    registry.start_drafting("lime")
    registry.open_comment("lime")
    clock.advance(30)
    registry.start_review("lime")
    registry.vote("lime", "Wu", "yes")
    registry.approve("lime")
    registry.publish("lime", clock.now.date(), clock.now.date())
    registry.recommend("lime", "第一批", clock.now.date())
    board = exports.dashboard(registry, date(2026, 11, 23))
    assert board["priority_products"]["石灰"] == ["T/CBMF 1—2026"]
    assert board["priority_products"]["水泥"] == []
    assert board["progress_2027"]["by_sector"] == {"建材": 1}


@pytest.mark.parametrize(
    ("codes", "product", "covered"),
    [
        (["C3120"], "粗钢", ["钢铁"]),
        (["C2614"], "有机原料", []),  # 乙烯 or 甲醇?
        (["C2614"], "甲醇", ["甲醇"]),
        ([], "硅酸盐水泥", ["水泥"]),
        ([], "电力变压器", []),
        ([], "过氧化氢", []),
    ],
)
def test_what_a_standard_covers(codes: list[str], product: str, covered: list[str]) -> None:
    assert [p.name_zh for p in exports.covers(codes, product)] == covered


def test_each_draft_stage_is_rendered_as_kept_with_its_stage_on_the_cover(
    registry: Registry, clock: Clock, tmp_path: Path
) -> None:
    _with_comments(registry, clock)
    comment = exports.stage_texts(registry, "cement", "comment_draft")
    review = exports.stage_texts(registry, "cement", "review_draft")
    zh_comment = comment["cement-1.0.0.comment_draft.zh.html"].decode()
    zh_review = review["cement-1.0.0.review_draft.zh.html"].decode()
    assert "征求意见稿" in zh_comment and "本稿完成日期" in zh_comment
    assert "送审稿" in zh_review and "征求意见稿" not in zh_review
    assert "Draft for comments" in comment["cement-1.0.0.comment_draft.en.html"].decode()
    # the drafters' change after comment is in the 送审稿, not in the 征求意见稿
    assert zh_comment != zh_review
    paths = exports.public_text(registry, "cement", tmp_path, "review_draft")
    assert {p.name for p in paths} == set(review)


def test_a_stage_not_reached_or_unknown_is_refused(registry: Registry) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    with pytest.raises(RegistryError, match="draft for comment"):
        exports.stage_texts(registry, "cement", "comment_draft")
    with pytest.raises(RegistryError, match="not 'final'"):
        exports.stage_texts(registry, "cement", "final")


def test_dashboard_lists_the_recommended_batches(registry: Registry, clock: Clock) -> None:
    registry.propose(_lime(), "CBMF", "建材", ["Drafter"])
    registry.approve_project("lime")
    registry.start_drafting("lime")
    registry.open_comment("lime")
    clock.advance(30)
    registry.start_review("lime")
    registry.vote("lime", "Wu", "yes")
    registry.approve("lime")
    registry.publish("lime", clock.now.date(), clock.now.date())
    assert exports.dashboard(registry)["recommended"] == {}
    registry.recommend("lime", "第一批", clock.now.date())
    assert exports.dashboard(registry)["recommended"] == {"第一批": ["T/CBMF 1—2026"]}


def test_a_versions_text_is_its_published_text_or_its_last_draft(
    registry: Registry, clock: Clock
) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    rule, edition, stem = exports.version_text(registry, "cement")
    assert (edition.stage, stem) == ("consultation", "cement-1.0.0.draft")
    registry.open_comment("cement")
    clock.advance(30)
    registry.start_review("cement")
    rule, edition, stem = exports.version_text(registry, "cement", "1.0.0")
    assert (edition.stage, edition.completed, stem) == (
        "review",
        clock.now.date(),
        "cement-1.0.0.review_draft",
    )
    registry.vote("cement", "Wu", "yes")
    registry.approve("cement")
    registry.publish("cement", date(2026, 4, 15), date(2026, 7, 1))
    rule, edition, stem = exports.version_text(registry, "cement")
    assert edition == Edition("published", "T/CBMF 1—2026", date(2026, 4, 15), date(2026, 7, 1))
    assert (
        stem == "T-CBMF_1—2026"
        and rule.fingerprint() == registry.show("cement")["versions"][0]["sha256"]
    )
    name, pdf = exports.standard_file(registry, "cement", "zh", "pdf")
    assert name == "T-CBMF_1—2026.zh.pdf" and pdf.startswith(b"%PDF")
    name, html = exports.standard_file(registry, "cement", "en", "html")
    assert b"T/CBMF 1\xe2\x80\x942026" in html and b'id="clause-5.2"' in html
    with pytest.raises(RegistryError, match=r"no version 9\.9\.9"):
        exports.version_text(registry, "cement", "9.9.9")
