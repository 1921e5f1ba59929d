"""The official CBAM template filled in, read back, and recomputed by its own formulas.

The template in tests/oracles/cbam is the Commission's file, unmodified. LibreOffice (installed
by ``make test`` on Debian) recalculates the filled copy, so the specific embedded emissions
are read from the template's own summary cells and compared with ours.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pcfrules import datasets
from pcfrules.errors import CbamTemplateError
from pcfrules.limits import WORKBOOK_BYTES
from pcfrules.reports.cbam_template import fill_template, process_name, write_filled_template
from pcfrules.rules import catalog
from pcfrules.rules.model import CbamNitrousOxide
from pcfrules.studies.cbam import embedded_emissions
from pcfrules.studies.model import ActivityValue, CbamPrecursorData
from tests.bounds import refused_within
from tests.examples import catalogue_example
from tests.oracles import CBAM_TEMPLATE as TEMPLATE

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on its extensions
SOFFICE = shutil.which("soffice")
RECALC_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _cement_with_clinker() -> dict[str, Any]:
    study, rule = catalogue_example("cement")
    activity = dict(study.activity)
    activity["purchased_clinker"] = ActivityValue(value=50_000, unit="t")
    supplier = CbamPrecursorData.model_validate(
        {
            "basis": "default",
            "country": "TR",
            "see_direct": {"value": 0.85, "unit": "t/t", "source": "supplier", "year": 2025},
            "specific_electricity": {"value": 0.06, "unit": "MWh/t", "source": "s", "year": 2025},
            "electricity_factor": {"value": 0.55, "unit": "t/MWh", "source": "s", "year": 2025},
            "electricity_factor_source": "D.4(a)",
        }
    )
    cbam = study.cbam.model_copy(update={"precursors": {"clinker": supplier}})
    return embedded_emissions(study.model_copy(update={"activity": activity, "cbam": cbam}), rule)


def _cement_with_n2o() -> dict[str, Any]:
    """N2O as nitric-acid or fertiliser plants report it (a cement study as the vehicle)."""
    study, rule = catalogue_example("cement")
    rule = rule.model_copy(deep=True)
    rule.cbam.nitrous_oxide = [
        CbamNitrousOxide(name="N2O", amount="coal_consumed * coal_ncv * coal_n2o_ef")
    ]
    return embedded_emissions(study, rule)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], Path]]:
    """Every catalogue example, plus cement with a purchased precursor, filled in."""
    out = tmp_path_factory.mktemp("cbam")
    cbam_rules = [rid for rid in catalog.catalog_ids() if catalog.load(rid).cbam is not None]
    results = {rid: embedded_emissions(*catalogue_example(rid)) for rid in cbam_rules}
    results["cement-clinker"] = _cement_with_clinker()
    results["cement-n2o"] = _cement_with_n2o()
    files = {}
    for name, result in results.items():
        files[name] = (result, out / f"{name}.xlsx")
        write_filled_template(result, TEMPLATE, files[name][1])
    return files


@pytest.fixture(scope="module")
def recalculated(
    filled: dict[str, tuple[dict[str, Any], Path]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The filled files recalculated by LibreOffice with the template's own formulas."""
    if SOFFICE is None:
        pytest.skip(
            "LibreOffice Calc (soffice) not installed "
            "(scripts/system-deps.sh installs it: libreoffice-calc-nogui)"
        )
    work = tmp_path_factory.mktemp("recalc")
    profile = work / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ON_LOAD, "utf-8")
    command = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--calc",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(work / "out"),
    ]
    command += [str(path) for _, path in filled.values()]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    return {name: work / "out" / path.name for name, (_, path) in filled.items()}


def test_input_cells_read_back(filled: dict[str, tuple[dict[str, Any], Path]]) -> None:
    result, path = filled["cement-clinker"]
    book = openpyxl.load_workbook(path)
    inst = book["A_InstData"]
    assert inst["I20"].value == "Example Cement Plant (fictitious)"
    assert inst["I26"].value == "China"  # the template's own country name for CN
    assert inst["E62"].value == "Cement" and inst["L83"].value == process_name(result)
    assert inst["I9"].value.date().isoformat() == result["reporting_period"]["start"]
    streams = book["B_EmInst"]
    for row, stream in enumerate(result["source_streams"], start=17):
        assert streams[f"E{row}"].value == stream["name"]
        assert streams[f"F{row}"].value == pytest.approx(stream["activity"])
    process = book["D_Processes"]
    assert process["L16"].value == pytest.approx(result["production"])
    assert process["L54"].value == pytest.approx(result["direct_emissions_tCO2e"])
    assert process["L65"].value == pytest.approx(result["electricity_MWh"])
    assert process["L67"].value == "D.4(b)"
    precursor = book["E_PurchPrec"]
    assert precursor["L17"].value == pytest.approx(50_000)
    assert precursor["L49"].value == pytest.approx(0.85) and precursor["M49"].value == "Default"
    assert precursor["M51"].value == "D.4(a)"
    assert book["Summary_Products"]["F10"].value == "25232900"
    assert book["Summary_Products"]["E10"].value.startswith("=")  # formulas left in place


def test_filled_bytes_are_what_is_written(
    filled: dict[str, tuple[dict[str, Any], Path]],
) -> None:
    result, path = filled["cement"]
    data = fill_template(result, TEMPLATE)
    assert data == path.read_bytes()
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["A_InstData"]["I20"].value == result["installation"]["name"]


def test_only_input_sheets_change(filled: dict[str, tuple[dict[str, Any], Path]]) -> None:
    _, path = filled["electrolytic-aluminium"]
    with zipfile.ZipFile(TEMPLATE) as a, zipfile.ZipFile(path) as b:
        assert a.namelist() == b.namelist()
        changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
    # workbook.xml (recalculate on open) and the five input sheets plus Summary_Products.
    assert changed == {"xl/workbook.xml"} | {
        f"xl/worksheets/sheet{i}.xml" for i in (5, 6, 7, 8, 13)
    }


@pytest.mark.parametrize(
    "name",
    ["cement", "cement-clinker", "cement-n2o", "electrolytic-aluminium", "crude-steel-bf-bof"],
)
def test_template_formulas_give_our_see(
    name: str,
    filled: dict[str, tuple[dict[str, Any], Path]],
    recalculated: dict[str, Path],
) -> None:
    result = filled[name][0]
    book = openpyxl.load_workbook(recalculated[name], data_only=True)
    process, product = book["Summary_Processes"], book["Summary_Products"]
    see = result["see"]
    assert process["E102"].value == process_name(result)
    assert process["H102"].value == pytest.approx(see["direct"], rel=1e-9)
    assert process["J102"].value == pytest.approx(see["indirect"], rel=1e-9)
    assert product["I10"].value == pytest.approx(see["direct"], rel=1e-9)
    assert product["J10"].value == pytest.approx(see["indirect"], rel=1e-9)
    assert product["K10"].value == pytest.approx(see["total"], rel=1e-9)
    assert process["L102"].value == pytest.approx(result["embedded_electricity_MWh_per_unit"])
    streams = book["B_EmInst"]
    for row, stream in enumerate(result["source_streams"], start=17):
        assert streams[f"AU{row}"].value == pytest.approx(stream["fossil_tCO2"], rel=1e-9)
    for row, pfc in enumerate(result["pfc"], start=98):
        assert streams[f"AU{row}"].value == pytest.approx(pfc["tCO2e"], rel=1e-9)
    totals = book["C_Emissions&Energy"]
    assert totals["L27"].value == pytest.approx(result["direct_emissions_tCO2e"], rel=1e-9)
    # The template's own completeness flags (TRUE = complete) for the process and precursor.
    flags = book["D_Processes"]
    assert all(flags[f"V{r}"].value is True for r in (16, 54, 65, 66, 67))


def test_shipped_goods_and_cn_codes_equal_the_template() -> None:
    book = openpyxl.load_workbook(TEMPLATE, read_only=True, data_only=True)
    constants = book["Parameters_Constants"]
    names = [
        row[0] for row in constants.iter_rows(min_row=89, max_row=106, max_col=1, values_only=True)
    ]
    assert [g.name for g in datasets.cbam_goods().values()] == names
    gwp = {
        r[0]: r[1] for r in constants.iter_rows(min_row=76, max_row=78, max_col=2, values_only=True)
    }
    for gas, const in (
        ("N2O", "CONST_GWP_N2O"),
        ("CF4", "CONST_GWP_CF4"),
        ("C2F6", "CONST_GWP_C2F6"),
    ):
        assert datasets.gwp(datasets.CBAM_GWP_SET, gas).value == gwp[const]
    codes = book["Parameters_CNCodes"]
    template_codes = {
        str(r[0]).replace(" ", "")
        for r in codes.iter_rows(min_row=4, max_row=572, min_col=2, max_col=2, values_only=True)
    }
    assert set(datasets.cbam_cn_codes()) == template_codes
    for name in ("goods.csv", "cn_codes.csv", "constants.csv"):
        text = (Path(datasets.__file__).parent / "data" / "cbam" / name).read_text("utf-8")
        assert all(row["source"] and row["year"] for row in csv.DictReader(text.splitlines()))


def test_shipped_constants_are_the_templates() -> None:
    """3.664, 56.1 and 0.667 as the template's own constant and formulas carry them."""
    book = openpyxl.load_workbook(TEMPLATE, read_only=True)
    constants = datasets.cbam_constants()
    assert book["Parameters_Constants"]["B13"].value == constants["ef_natural_gas"]
    assert f"*{constants['co2_per_carbon']}*" in book["B_EmInst"]["BF17"].value
    assert f"*{constants['waste_gas_export_share']})" in book["D_Processes"]["T62"].value


def test_another_workbook_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "B_EmInst"
    book.save(other)
    result = embedded_emissions(*catalogue_example("cement"))
    with pytest.raises(CbamTemplateError, match="2024-12-13"):
        write_filled_template(result, other, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_a_file_that_is_not_xlsx_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "notes.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("notes.txt", "not a workbook")
    result = embedded_emissions(*catalogue_example("cement"))
    with pytest.raises(CbamTemplateError) as err:
        write_filled_template(result, archive, tmp_path / "out.xlsx")
    assert err.value.location.file == str(archive)


def test_unknown_country_is_named(tmp_path: Path) -> None:
    result = embedded_emissions(*catalogue_example("cement"))
    result["installation"]["country"] = "XX"
    with pytest.raises(CbamTemplateError) as err:
        write_filled_template(result, TEMPLATE, tmp_path / "out.xlsx")
    assert err.value.location.path == "installation.country"


def test_a_template_that_inflates_beyond_the_limit_is_refused_before_inflating(
    tmp_path: Path,
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (WORKBOOK_BYTES.value + 1))
    assert bomb.stat().st_size < 1024 * 1024
    result = embedded_emissions(*catalogue_example("cement"))
    error = refused_within(
        1.0,
        CbamTemplateError,
        lambda: write_filled_template(result, bomb, tmp_path / "out.xlsx"),
    )
    assert str(WORKBOOK_BYTES.value) in error.en and "解压" in error.zh
    assert error.location.file == str(bomb) and not (tmp_path / "out.xlsx").exists()
