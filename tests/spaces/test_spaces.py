"""The spaces as their people use them, and as an attacker would try them.

Enterprises upload the catalogue's worked examples (as study YAML and as a filled workbook),
compute them (here and now, and as a job on a real in-process Dask cluster), read, export,
compare, share with a verifier and publish to the PACT API; every refusal is checked to say
the same for another organisation's study as for one that does not exist.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, func, select

from pcfrules.background import ilcd, link
from pcfrules.background import store as background_store
from pcfrules.errors import (
    CbamTemplateError,
    ComparisonError,
    JobError,
    NoSuchJobError,
    NotInSpaceError,
    PcfrulesError,
    RuleLoadError,
    RuleNotFoundError,
    SpaceError,
    StudyError,
    WorkbookError,
)
from pcfrules.jobs import store
from pcfrules.jobs.runner import SCHEDULER_VARIABLE, JobRunner
from pcfrules.registry import Registry, make_engine, migrate
from pcfrules.rules import catalog
from pcfrules.rules import workbook as layout
from pcfrules.rules.loader import read_yaml, to_plain, yaml_bytes
from pcfrules.rules.model import Lang
from pcfrules.rules.sources import find
from pcfrules.spaces import Spaces, StudyView, seed_platform
from pcfrules.spaces.models import KeptStudy
from tests.background.ilcd_files import ENERGY_PROPERTY, Ex, Flw, Proc, uid, write
from tests.examples import cement_example_study, fill_workbook
from tests.interchange.test_pact import product_footprint_validator
from tests.oracles import CBAM_TEMPLATE

PEOPLE = {  # name → (organisation, stakeholder category)
    "Ann": ("Example Cement", "producer"),
    "Carl": ("Example Cement", "producer"),
    "Bob": ("Example Steel", "producer"),
    "Vera": ("Example Verifier", "testing_certification"),
    "Eve": ("nobody's", "consumer"),
}
WAIT = 60.0  # seconds a test waits for a job


def _clock() -> datetime:
    return datetime(2026, 3, 1, 9, 0)


def _example(rule_id: str) -> bytes:
    return (catalog.catalog_dir() / rule_id / "example.yaml").read_bytes()


@dataclass
class Platform:
    """A database with three organisations, their people and two computed studies."""

    url: str
    engine: Engine
    spaces: Spaces
    cement: StudyView  # Ann's, computed
    steel: StudyView  # Bob's, computed

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(KeptStudy)) or 0)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    url = f"sqlite:///{tmp_path_factory.mktemp('spaces') / 'platform.db'}"
    engine = make_engine(url)
    migrate(engine)
    registry = Registry(engine)
    for name, (organisation, category) in PEOPLE.items():
        registry.add_stakeholder(name, organisation, category)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(SCHEDULER_VARIABLE, raising=False)
        with JobRunner(url) as runner:
            spaces = Spaces(engine, runner, _clock, CBAM_TEMPLATE)
            spaces.create_organisation("CEM", "示例水泥", "Example Cement", "enterprise", "Ann")
            spaces.create_organisation("STL", "示例钢铁", "Example Steel", "enterprise", "Bob")
            spaces.create_organisation("VER", "示例核查", "Example Verifier", "verifier", "Vera")
            cement = spaces.upload("CEM", "Ann", "cement.yaml", _example("cement"))
            steel = spaces.upload("STL", "Bob", "steel.yaml", _example("crude-steel-bf-bof"))
            yield Platform(
                url,
                engine,
                spaces,
                spaces.compute_now("CEM", "Ann", cement.id),
                spaces.compute_now("STL", "Bob", steel.id),
            )
    engine.dispose()


def _workbook(tmp_path: Path, lang: Lang = "zh") -> Path:
    """The cement workbook filled with the worked example where its labels say."""
    path = layout.build(find("cement"), tmp_path / f"cement.{lang}.xlsx", lang)
    book = openpyxl.load_workbook(path)
    fill_workbook(book, cement_example_study(), lang)
    book.save(path)
    return path


def _item_cell(book: Any, item_id: str, key: str) -> Any:
    """The cell of ``item_id``'s row under the column labelled as ``key``, on any sheet."""
    labels = layout.labels(layout.ITEM_COLUMNS)
    for sheet in book.worksheets:
        columns = {labels.get(c.value): c.column for c in sheet[1]}
        for row in sheet.iter_rows(min_row=2):
            if "id" in columns and row[columns["id"] - 1].value == item_id:
                return sheet.cell(row=row[0].row, column=columns[key])
    raise AssertionError(f"no row {item_id}")


def _beside(book: Any, label: str) -> Any:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == label:
                    return sheet.cell(row=cell.row, column=cell.column + 1)
    raise AssertionError(f"no label {label}")


def _ended(engine: Engine, job_id: int) -> store.JobView:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        view = store.job(engine, job_id)
        if view.state in ("done", "failed"):
            return view
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end: {store.job(engine, job_id)}")


def _same_refusal(call: Any, *args: Any) -> None:
    """``call`` refused exactly as for a study id that does not exist."""
    with pytest.raises(SpaceError) as refused:
        call(*args)
    assert (refused.value.zh, refused.value.en) == (
        f"你的空间中没有编号为 {args[2]} 的研究",
        f"no study {args[2]} in your space",
    )


# --- uploading ---------------------------------------------------------------------------
def test_a_study_file_is_kept_with_its_check_and_its_rule_pinned(platform: Platform) -> None:
    view = platform.spaces.upload("CEM", "Ann", "C:\\plant\\cement.yaml", _example("cement"))
    assert (view.rule_id, view.rule_version, view.source_name) == ("cement", "1.0.0", "cement.yaml")
    assert view.name == "P·O 42.5 普通硅酸盐水泥" and view.organisation == "CEM"
    assert not view.computed and view.total is None and view.declared_unit == ""
    defaults = [f for f in view.findings if f["code"] == "STUDY-DEF-001"]
    assert defaults and all(f["severity"] == "info" for f in defaults)
    assert defaults[0]["clause"].startswith("cement 1.0.0, 6.1")
    assert defaults[0]["message"]["zh"] and defaults[0]["message"]["en"]
    assert defaults[0]["sheet"] is None  # a study file has no cells
    assert view.id in [s.id for s in platform.spaces.studies("CEM", "Ann")]
    with platform.engine.connect() as connection:
        kept = connection.execute(select(KeptStudy).where(KeptStudy.id == view.id)).one()
    pinned = json.loads(kept.study_json)["rule"]
    assert pinned["source"] == {"kind": "catalogue", "location": "cement"}
    assert pinned["fingerprint"] == catalog.load("cement").fingerprint()
    assert kept.source_bytes == _example("cement")


def test_a_filled_workbook_is_read_by_its_labels_with_cells_on_its_findings(
    platform: Platform, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    view = platform.spaces.upload("CEM", "Ann", "填好的.xlsx", path.read_bytes())
    book = openpyxl.load_workbook(path)
    placed = [f for f in view.findings if f["path"].startswith("activity.") and f["cell"]]
    assert placed, view.findings
    for found in placed:
        row = book[found["sheet"]][found["cell"]].row
        assert _item_cell(book, found["path"].removeprefix("activity."), "id").row == row
    computed = platform.spaces.compute_now("CEM", "Ann", view.id)
    assert computed.total == pytest.approx(platform.cement.total, rel=1e-12)
    assert computed.declared_unit == "1 t"


def test_a_bad_workbook_names_its_cells_and_nothing_is_kept(
    platform: Platform, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    bad = _item_cell(book, "coal_consumed", "value")
    bad.value = "很多"
    book.save(path)
    before = platform.count()
    with pytest.raises(WorkbookError) as refused:
        platform.spaces.upload("CEM", "Ann", "cement.xlsx", path.read_bytes())
    where = {issue.location.path: issue for issue in refused.value.issues}
    assert f"{bad.parent.title}!{bad.coordinate}" in where
    assert all(issue.location.file == "cement.xlsx" for issue in refused.value.issues)
    assert refused.value.location.file == "cement.xlsx"  # never the server's copy
    assert platform.count() == before


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("notes.txt", b"format: pcfrules.study/1", StudyError),
        ("broken.yaml", b"format: [unclosed", RuleLoadError),
        ("broken.xlsx", b"PK\x03\x04 not a zip at all", StudyError),
        ("other.yaml", b"format: pcfrules.other/1\n", StudyError),
    ],
)
def test_unreadable_uploads_are_refused_with_the_readers_error(
    platform: Platform, name: str, data: bytes, error: type[PcfrulesError]
) -> None:
    before = platform.count()
    with pytest.raises(error) as refused:
        platform.spaces.upload("CEM", "Ann", name, data)
    assert refused.value.zh and refused.value.en
    assert refused.value.location.file in (name, None)
    assert "pcfrules-upload" not in str(refused.value)
    assert platform.count() == before


def test_a_raw_system_and_an_oversized_upload_are_refused(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = b"format: pcfrules.system/1\nreference: {flow: x, amount: 1, unit: kg}\nprocesses: []\n"
    with pytest.raises(StudyError, match="raw product systems"):
        platform.spaces.upload("CEM", "Ann", "raw.yaml", raw)
    monkeypatch.setenv("PCFRULES_MAX_INPUT_BYTES", "100")
    with pytest.raises(StudyError, match="exceeds the limit of 100") as refused:
        platform.spaces.upload("CEM", "Ann", "cement.yaml", _example("cement"))
    assert refused.value.location.file == "cement.yaml"


def test_no_upload_makes_the_server_open_a_path(platform: Platform, tmp_path: Path) -> None:
    for spec in ("/etc/passwd", "../cement", "cement.yaml", "~/rule"):
        with pytest.raises(RuleNotFoundError, match="never by a file path"):
            platform.spaces.upload("CEM", "Ann", "cement.yaml", _example("cement"), spec)
    decoy = tmp_path / "rule.yaml"
    decoy.write_text("identity: {id: cement}\n")  # would be read if a file source were followed
    study = to_plain(read_yaml(catalog.catalog_dir() / "cement" / "example.yaml"))
    study["rule"]["source"] = {"kind": "file", "location": str(decoy)}
    view = platform.spaces.upload("CEM", "Ann", "cement.yaml", yaml_bytes(study))
    computed = platform.spaces.compute_now("CEM", "Ann", view.id)
    assert computed.total == pytest.approx(platform.cement.total, rel=1e-12)
    path = _workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    _beside(book, "规则来源").value = f"file:{decoy}"
    book.save(path)
    from_book = platform.spaces.upload("CEM", "Ann", "cement.xlsx", path.read_bytes())
    assert platform.spaces.compute_now("CEM", "Ann", from_book.id).computed
    named = platform.spaces.upload("CEM", "Ann", "c.yaml", _example("cement"), " cement ")
    assert named.rule_id == "cement"  # a rule id is a spec the server follows


# --- computing -----------------------------------------------------------------------
def test_compute_as_a_job_with_monte_carlo(platform: Platform) -> None:
    view = platform.spaces.upload("CEM", "Ann", "cement.yaml", _example("cement"))
    job_id = platform.spaces.compute("CEM", "Ann", view.id, samples=500, seed=3)
    done = _ended(platform.engine, job_id)
    assert done.state == "done", done.error_en
    assert done.progress == 1.0 and done.subject == f"study:{view.id}"
    name, media, data = platform.spaces.job_result("CEM", "Ann", job_id)
    assert (name, media) == (f"cement-study-{view.id}.result.json", "application/json")
    result = platform.spaces.result("CEM", "Ann", view.id)
    assert json.loads(data) == result.to_json_dict()
    assert result.uncertainty is not None and result.uncertainty.samples == 500
    assert platform.spaces.study("CEM", "Ann", view.id).computed
    for code, person in (("STL", "Bob"), ("VER", "Vera")):  # another organisation's job
        with pytest.raises(JobError) as refused:
            platform.spaces.job(code, person, job_id)
        assert refused.value.en == f"no job {job_id}"
        with pytest.raises(JobError):
            platform.spaces.job_result(code, person, job_id)


def test_a_job_is_found_by_its_id_in_the_persons_organisations_only(platform: Platform) -> None:
    job_id = platform.spaces.report_job("CEM", "Ann", platform.cement.id, "en")
    code, view = platform.spaces.job_of("Ann", job_id)
    assert code == "CEM" and view.id == job_id and view.kind == "report"
    for person, missing in (("Bob", job_id), ("Eve", job_id), ("Ann", 10**9)):
        with pytest.raises(NoSuchJobError) as refused:
            platform.spaces.job_of(person, missing)
        assert refused.value.en == f"no job {missing}"
    _ended(platform.engine, job_id)


def test_the_organisation_and_the_rule_of_a_study_as_its_space_sees_them(
    platform: Platform,
) -> None:
    spaces = platform.spaces
    assert spaces.organisation("CEM", "Ann").role == "admin"
    assert spaces.organisation("VER", "Vera").kind == "verifier"
    for code, person in (("CEM", "Bob"), ("NOPE", "Ann")):  # a stranger's and a missing one
        with pytest.raises(NotInSpaceError) as refused:
            spaces.organisation(code, person)
        assert refused.value.en == f"you belong to no organisation '{code}'"
    rule = spaces.rule("CEM", "Ann", platform.cement.id)
    assert rule.identity.id == "cement" and rule.boundary.stages
    with pytest.raises(NotInSpaceError):
        spaces.rule("STL", "Bob", platform.cement.id)


def test_the_exports_a_study_cannot_have_say_why(platform: Platform) -> None:
    refusals = platform.spaces.unavailable("CEM", "Ann", platform.cement.id)
    assert set(refusals) == {"battery"}  # this server has the CBAM template, cement a mapping
    assert "C3011" in refusals["battery"].en and "电池" in refusals["battery"].zh
    bare = Spaces(platform.engine).unavailable("CEM", "Ann", platform.cement.id)
    assert isinstance(bare["cbam"], CbamTemplateError)
    steel = platform.spaces.unavailable("STL", "Bob", platform.steel.id)
    assert "battery" in steel


def test_a_job_of_a_study_that_cannot_be_computed_fails_saying_why(platform: Platform) -> None:
    study = to_plain(read_yaml(catalog.catalog_dir() / "cement" / "example.yaml"))
    del study["activity"]["clinker_output"]  # a mandatory item
    view = platform.spaces.upload("CEM", "Ann", "incomplete.yaml", yaml_bytes(study))
    assert any(f["code"] == "STUDY-ITEM-001" for f in view.findings)
    failed = _ended(platform.engine, platform.spaces.compute("CEM", "Ann", view.id))
    assert failed.state == "failed" and "clinker_output" in failed.error_en
    assert "无法计算" in failed.error_zh
    assert not platform.spaces.study("CEM", "Ann", view.id).computed


def test_work_that_needs_a_runner_or_too_many_draws_is_refused(platform: Platform) -> None:
    without = Spaces(platform.engine)
    with pytest.raises(JobError, match="no job runner"):
        without.compute("CEM", "Ann", platform.cement.id)
    with pytest.raises(JobError, match="no job runner"):
        without.report_job("CEM", "Ann", platform.cement.id, "zh")
    for samples in (-1, 10**9):
        with pytest.raises(StudyError):
            platform.spaces.compute("CEM", "Ann", platform.cement.id, samples=samples)


def test_the_pdf_report_is_a_job(platform: Platform) -> None:
    platform.spaces.share("STL", "Bob", platform.steel.id, "VER")
    with pytest.raises(SpaceError, match="made as a job"):
        platform.spaces.report("STL", "Bob", platform.steel.id, "pdf", "zh")
    job_id = platform.spaces.report_job("VER", "Vera", platform.steel.id, "en")
    done = _ended(platform.engine, job_id)
    assert done.state == "done", done.error_en
    name, media, data = platform.spaces.job_result("VER", "Vera", job_id)
    assert name.endswith(".report.en.pdf") and media == "application/pdf"
    assert data.startswith(b"%PDF")
    with pytest.raises(JobError):  # the verifier's job, not the enterprise's
        platform.spaces.job("STL", "Bob", job_id)


# --- who may see what ------------------------------------------------------------------
def test_an_enterprise_cannot_reach_anothers_study_any_more_than_a_missing_one(
    platform: Platform,
) -> None:
    spaces, theirs = platform.spaces, platform.cement.id
    calls: list[tuple[Any, tuple[Any, ...]]] = [
        (spaces.study, ()),
        (spaces.result, ()),
        (spaces.compute, ()),
        (spaces.compute_now, ()),
        (spaces.report, ("html", "zh")),
        (spaces.report_job, ("zh",)),
        (spaces.export, ("result", "zh")),
        (spaces.publish, ()),
        (spaces.unpublish, ()),
        (spaces.share, ("VER",)),
    ]
    for call, extra in calls:
        for study_id in (theirs, 999_999):
            _same_refusal(call, "STL", "Bob", study_id, *extra)
    for study_id in (theirs, 999_999):
        with pytest.raises(SpaceError) as refused:
            spaces.compare("STL", "Bob", platform.steel.id, study_id)
        assert refused.value.en == f"no study {study_id} in your space"
    assert theirs not in [s.id for s in spaces.studies("STL", "Bob")]
    for code, person in (("CEM", "Bob"), ("CEM", "Eve"), ("NONE", "Ann"), ("CEM", "Nobody")):
        with pytest.raises(SpaceError):
            spaces.study(code, person, theirs)
        with pytest.raises(SpaceError):
            spaces.upload(code, person, "cement.yaml", _example("cement"))


def test_a_verifier_sees_only_what_was_shared_and_changes_nothing(platform: Platform) -> None:
    spaces = platform.spaces
    view = spaces.upload("CEM", "Ann", "cement.yaml", _example("cement"))
    spaces.compute_now("CEM", "Ann", view.id)
    _same_refusal(spaces.study, "VER", "Vera", view.id)
    assert view.id not in [s.id for s in spaces.studies("VER", "Vera")]
    spaces.share("CEM", "Ann", view.id, "VER")
    spaces.share("CEM", "Ann", view.id, "VER")  # once is enough
    assert spaces.study("CEM", "Ann", view.id).shared_with == ["VER"]
    assert view.id in [s.id for s in spaces.studies("VER", "Vera")]
    spaces.create_organisation("VR2", "另一核查机构", "Another Verifier", "verifier", "Vera")
    spaces.share("CEM", "Ann", view.id, "VR2")
    assert spaces.study("CEM", "Ann", view.id).shared_with == ["VER", "VR2"]
    assert spaces.study("VER", "Vera", view.id).shared_with == ["VER"]  # not who else sees it
    assert spaces.result("VER", "Vera", view.id).total.value == pytest.approx(platform.cement.total)
    for call in (spaces.compute, spaces.compute_now, spaces.publish, spaces.unpublish):
        with pytest.raises(SpaceError, match="only an enterprise's members"):
            call("VER", "Vera", view.id)
    with pytest.raises(SpaceError, match="only an enterprise's members"):
        spaces.upload("VER", "Vera", "cement.yaml", _example("cement"))
    other = spaces.upload("CEM", "Ann", "cement.yaml", _example("cement"))
    _same_refusal(spaces.study, "VER", "Vera", other.id)
    with pytest.raises(SpaceError, match="no verifier"):
        spaces.share("CEM", "Ann", view.id, "STL")  # an enterprise, not a verifier


def test_members_are_added_by_admins_only(platform: Platform) -> None:
    spaces = platform.spaces
    with pytest.raises(SpaceError, match="belong to no organisation 'CEM'"):
        spaces.add_member("CEM", "Eve", by="Eve")
    spaces.add_member("CEM", "Carl", by="Ann")
    assert [(o.code, o.role) for o in spaces.organisations_of("Carl")] == [("CEM", "member")]
    assert [s.id for s in spaces.studies("CEM", "Carl")] == [
        s.id for s in spaces.studies("CEM", "Ann")
    ]
    with pytest.raises(SpaceError, match="only the organisation's admins"):
        spaces.add_member("CEM", "Eve", by="Carl")
    with pytest.raises(SpaceError, match="already"):
        spaces.add_member("CEM", "Carl", by="Ann")
    with pytest.raises(SpaceError, match="unknown role"):
        spaces.add_member("CEM", "Eve", "owner", by="Ann")
    with pytest.raises(SpaceError, match="not a registered person"):
        spaces.add_member("CEM", "Mallory", by="Ann")
    assert spaces.organisations_of("Eve") == []


@pytest.mark.parametrize(
    ("code", "kind", "match"),
    [
        ("CEM", "enterprise", "taken"),
        ("a b", "enterprise", "organisation code"),
        ("../x", "enterprise", "organisation code"),
        ("NEW", "government", "unknown kind"),
    ],
)
def test_organisations_are_refused_with_a_bad_code_or_kind(
    platform: Platform, code: str, kind: str, match: str
) -> None:
    with pytest.raises(SpaceError, match=match):
        platform.spaces.create_organisation(code, "名称", "Name", kind, "Eve")
    assert platform.spaces.organisations_of("Eve") == []


# --- publishing, comparing, exporting ----------------------------------------------------
def test_published_footprints_are_valid_pact_v3_under_their_own_id(platform: Platform) -> None:
    spaces = platform.spaces
    validator = product_footprint_validator("3")
    not_yet = spaces.upload("CEM", "Ann", "cement.yaml", _example("cement"))
    with pytest.raises(SpaceError, match="not been computed"):
        spaces.publish("CEM", "Ann", not_yet.id)
    _, before = spaces.published_footprints(0, 100)
    pact_id = spaces.publish("STL", "Bob", platform.steel.id)
    assert spaces.publish("STL", "Bob", platform.steel.id) == pact_id  # published once
    assert spaces.study("STL", "Bob", platform.steel.id).pact_id == pact_id
    page, total = spaces.published_footprints(0, 100)
    assert total == before + 1 and len(page) == total
    for footprint in page:
        assert not [e.message for e in validator.iter_errors(footprint)]
    mine = spaces.published_footprint(pact_id)
    assert mine is not None and mine["id"] == pact_id and mine in page
    assert mine["created"] == _clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert float(mine["pcf"]["pcfExcludingBiogenicUptake"]) == pytest.approx(
        platform.steel.total, abs=1e-6
    )
    with pytest.raises(SpaceError, match="published"):
        spaces.compute_now("STL", "Bob", platform.steel.id)
    for offset, limit in ((-1, 10), (0, 0), (0, 101)):
        with pytest.raises(SpaceError, match="bad page"):
            spaces.published_footprints(offset, limit)
    spaces.unpublish("STL", "Bob", platform.steel.id)
    assert spaces.published_footprint(pact_id) is None
    assert spaces.published_footprints(0, 100)[1] == before
    assert spaces.published_footprint("not-a-uuid") is None


def test_compare_takes_two_studies_under_one_rule(platform: Platform) -> None:
    spaces = platform.spaces
    again = spaces.upload("CEM", "Ann", "cement.yaml", _example("cement"))
    spaces.compute_now("CEM", "Ann", again.id)
    report = spaces.compare("CEM", "Ann", platform.cement.id, again.id)
    assert report["rule"]["id"] == "cement" and report["total"]["difference"] == 0
    spaces.share("STL", "Bob", platform.steel.id, "VER")
    spaces.share("CEM", "Ann", platform.cement.id, "VER")
    with pytest.raises(ComparisonError) as refused:
        spaces.compare("VER", "Vera", platform.cement.id, platform.steel.id)
    assert "cement" in refused.value.en and "不可比较" in refused.value.zh


def _opens_as_xlsx(data: bytes) -> bool:
    return bool(openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames)


def test_every_export_is_a_file_that_opens(platform: Platform) -> None:
    spaces, study = platform.spaces, platform.cement.id
    files = {
        what: spaces.export("CEM", "Ann", study, what, "zh")
        for what in ("result", "pact", "cbam", "label-svg", "label-png")
    }
    assert json.loads(files["result"][2])["format"] == "pcfrules.result/1"
    pact = json.loads(files["pact"][2])
    assert not list(product_footprint_validator("3").iter_errors(pact))
    assert files["cbam"][0].endswith(".cbam.xlsx") and _opens_as_xlsx(files["cbam"][2])
    assert zipfile.is_zipfile(io.BytesIO(files["cbam"][2]))
    assert files["label-svg"][1] == "image/svg+xml" and b"<svg" in files["label-svg"][2]
    assert files["label-png"][2].startswith(b"\x89PNG\r\n\x1a\n")
    name, media, html = spaces.report("CEM", "Ann", study, "html", "en")
    assert name.endswith(".report.en.html") and media.startswith("text/html")
    assert b"<html" in html
    for what, error in (("battery", StudyError), ("docx", StudyError)):
        with pytest.raises(error):
            spaces.export("CEM", "Ann", study, what, "zh", energy_kwh=100.0)
    with pytest.raises(StudyError, match="zh or en"):
        spaces.export("CEM", "Ann", study, "result", "fr")
    with pytest.raises(CbamTemplateError, match="PCFRULES_CBAM_TEMPLATE"):
        Spaces(platform.engine).export("CEM", "Ann", study, "cbam", "zh")
    fresh = spaces.upload("CEM", "Ann", "cement.yaml", _example("cement"))
    with pytest.raises(SpaceError, match="not been computed"):
        spaces.export("CEM", "Ann", fresh.id, "result", "zh")


def test_the_battery_declaration_is_made_for_a_battery_rule(
    platform: Platform,
    cement_source: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A battery rule (the cement text, classified C3841) on the search path, as a pack maker's."""
    rule = json.loads(json.dumps(cement_source))
    rule["identity"]["id"] = "test-battery"
    rule["product"]["classification"]["industry"] = ["C3841"]
    (tmp_path / "test-battery.yaml").write_bytes(yaml_bytes(rule))
    monkeypatch.setenv("PCFRULES_RULES_PATH", str(tmp_path))
    study = to_plain(read_yaml(catalog.catalog_dir() / "cement" / "example.yaml"))
    study["rule"]["id"] = "test-battery"
    view = platform.spaces.upload("CEM", "Ann", "pack.yaml", yaml_bytes(study))
    platform.spaces.compute_now("CEM", "Ann", view.id)
    with pytest.raises(StudyError, match="total energy"):
        platform.spaces.export("CEM", "Ann", view.id, "battery", "en")
    _, media, data = platform.spaces.export("CEM", "Ann", view.id, "battery", "en", 5e5)
    declaration = json.loads(data)
    assert media == "application/json"
    assert declaration["batteryCarbonFootprint"] == pytest.approx(platform.cement.total / 5e5)


# --- the demo platform -------------------------------------------------------------------
def test_the_demo_platform_seeds_two_enterprises_and_a_verifier(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    migrate(engine)
    made = seed_platform(engine)
    spaces = Spaces(engine)
    assert len(made["persons"]) == 3 and made["numbers"]
    kinds = {o.code: o.kind for p in made["persons"] for o in spaces.organisations_of(p)}
    assert sorted(kinds.values()) == ["enterprise", "enterprise", "verifier"]
    assert all(
        "示例" in o.name_zh and "demo" in o.name_en
        for p in made["persons"]
        for o in spaces.organisations_of(p)
    )
    page, total = spaces.published_footprints(0, 10)
    assert total == 1 and [f["id"] for f in page] == list(made["published"].values())
    verifier = next(code for code, kind in kinds.items() if kind == "verifier")
    seen = spaces.studies(verifier, made["organisations"][verifier])
    assert [s.id for s in seen] == list(made["shared"])
    for code, study_id in made["studies"].items():
        view = spaces.study(code, made["organisations"][code], study_id)
        assert view.computed and view.total is not None and view.total > 0
    again = seed_platform(engine)
    assert (again["studies"], again["published"]) == (made["studies"], made["published"])
    assert again["numbers"] == []
    engine.dispose()


def test_a_job_is_found_by_its_id_only_in_ones_own_organisations(platform: Platform) -> None:
    view = platform.spaces.upload("CEM", "Ann", "cement.yaml", _example("cement"))
    job_id = platform.spaces.compute("CEM", "Ann", view.id)
    code, job = platform.spaces.job_of("Ann", job_id)
    assert code == "CEM" and job.id == job_id and job.subject == f"study:{view.id}"
    for person in ("Bob", "Vera", "Eve"):
        with pytest.raises(JobError) as refused:
            platform.spaces.job_of(person, job_id)
        assert refused.value.en == f"no job {job_id}"
    with pytest.raises(JobError, match="no job 999999"):
        platform.spaces.job_of("Ann", 999999)
    _ended(platform.engine, job_id)


def test_published_footprints_are_filtered_as_pact_specifies(platform: Platform) -> None:
    from pcfrules.interchange.pact_filter import Criteria

    spaces = platform.spaces
    pact_id = spaces.publish("CEM", "Ann", platform.cement.id)
    mine = spaces.published_footprint(pact_id)
    assert mine is not None
    page, total = spaces.published_footprints(
        0, 100, Criteria(product_ids=tuple(mine["productIds"]))
    )
    assert pact_id in [f["id"] for f in page] and total == len(page)
    assert spaces.published_footprints(0, 100, Criteria(geography=("XX",))) == ([], 0)
    everything, count = spaces.published_footprints(0, 100, Criteria(status="Active"))
    assert count == spaces.published_footprints(0, 100)[1] == len(everything)
    assert spaces.published_footprints(count, 10, Criteria(status="Active")) == ([], count)
    spaces.unpublish("CEM", "Ann", platform.cement.id)


def test_a_kept_study_takes_its_dataset_from_the_platforms_own_database(
    platform: Platform, tmp_path: Path
) -> None:
    folder = write(
        tmp_path / "db",
        [
            Flw(1, "carbon dioxide (fossil)", "Elementary flow", cas="124-38-9"),
            Flw(2, "electricity", prop=ENERGY_PROPERTY),
        ],
        [Proc(10, "CN", "grid", [Ex(2, "Output", "1", True), Ex(1, "Output", "0.2")])],
    )  # 0.2 kg CO2e per MJ: 0.72 per kWh
    db = link.link(ilcd.read(ilcd.listing(folder), "platformdb", "2030", "test", "MIT"))
    background_store.save(platform.engine, db)
    study = to_plain(read_yaml(catalog.catalog_dir() / "cement" / "example.yaml"))
    study["supplied"] = {"grid_electricity_factor": {"dataset": f"platformdb:{uid(10)}"}}
    view = platform.spaces.upload("CEM", "Ann", "grid.yaml", yaml_bytes(study))
    computed = platform.spaces.compute_now("CEM", "Ann", view.id)
    kwh_per_t = (16e6 + 22.5e6 + 33e6) / 1e6  # the example's electricity per t of cement
    expected = platform.cement.total + (0.72 - 0.6205) * kwh_per_t
    assert computed.total == pytest.approx(expected, rel=1e-9)
