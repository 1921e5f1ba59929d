"""An uploaded file read into a study: a filled workbook, or study YAML/JSON; then its check.

The readers are the studies room's own (``studies.workbook.read`` by the workbook's labels,
``studies.load_input`` for YAML and JSON), fed a copy of the upload in a private temporary
folder; their errors name the file as the person uploaded it, never the server's copy.

On a server nothing an upload says may open a file: a rule spec is a rule id or a registry
version (``id@version``), never a path, and a rule source recorded as a file path (a
workbook made from a local rule file) is not followed: the rule is looked up by its id and
must still have the recorded text. The study kept records the rule exactly as found (id,
version, fingerprint, source), so computing it later finds that text again or refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath
from tempfile import TemporaryDirectory
from typing import Any

from pcfrules.errors import (
    Location,
    PcfrulesError,
    RuleNotFoundError,
    RuleValidationError,
    StudyError,
    WorkbookError,
)
from pcfrules.limits import INPUT_BYTES
from pcfrules.rules.loader import validate_as
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.sources import RULE_SUFFIXES, FoundRule, RegistryRules
from pcfrules.studies import load_input, rule_for
from pcfrules.studies import workbook as study_workbook
from pcfrules.studies.check import before_calculation, defaults, finding
from pcfrules.studies.model import RuleRef, RuleSource, Study
from pcfrules.studies.values import resolve

WORKBOOK_SUFFIXES = (".xlsx",)
STUDY_SUFFIXES = (".yaml", ".yml", ".json")
NAME_LENGTH = 200  # what kept_studies.source_name holds


@dataclass(frozen=True)
class Reading:
    """What an upload held: the study (its rule pinned), the rule found, the check's findings."""

    study: Study
    found: FoundRule
    findings: list[dict[str, Any]]


def read_upload(
    filename: str, data: bytes, rule_spec: str | None, registry: RegistryRules
) -> Reading:
    """Read an upload; the reader's own bilingual error (naming ``filename``) when it cannot."""
    name = uploaded_name(filename)
    suffix = PurePath(name).suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + STUDY_SUFFIXES:
        allowed = ", ".join(WORKBOOK_SUFFIXES + STUDY_SUFFIXES)
        raise StudyError(
            zh=f"不能读取此类文件（可上传：{allowed}）",
            en=f"this kind of file cannot be read (upload one of {allowed})",
            location=Location(file=name),
        )
    INPUT_BYTES.check(len(data), StudyError, Location(file=name))
    spec = server_rule_spec(rule_spec)
    with TemporaryDirectory(prefix="pcfrules-upload-") as folder:
        copy = Path(folder) / f"upload{suffix}"
        copy.write_bytes(data)
        try:
            places: dict[str, str] = {}
            if suffix in WORKBOOK_SUFFIXES:
                study, found = _workbook(copy, spec, registry, places)
            else:
                study, found = _study_file(copy, spec, registry)
        except PcfrulesError as exc:
            _name_the_upload(exc, str(copy), name)
            raise
    return Reading(pinned(study, found), found, findings(found.rule, study, places))


def uploaded_name(filename: str) -> str:
    """The upload's own name, without any folder a browser or client put before it."""
    name = PurePath(filename.replace("\\", "/")).name.strip()
    return name[-NAME_LENGTH:] or "upload"


def server_rule_spec(spec: str | None) -> str | None:
    """A rule spec a server follows: a rule id or ``id@version``, never a file path."""
    text = (spec or "").strip()
    if not text:
        return None
    if (
        "/" in text
        or "\\" in text
        or text.startswith((".", "~"))
        or text.lower().endswith(RULE_SUFFIXES)
    ):
        raise RuleNotFoundError(
            zh=f"“{text}”不是规则编号：平台上的规则按编号（如 cement）或登记簿版本"
            "（如 cement@1.0.0）指定，不能是文件路径",
            en=f"'{text}' is not a rule id: on the platform a rule is named by its id "
            "(cement) or its registry version (cement@1.0.0), never by a file path",
            location=Location(path="rule"),
        )
    return text


def _workbook(
    copy: Path, spec: str | None, registry: RegistryRules, places: dict[str, str]
) -> tuple[Study, FoundRule]:
    plain = study_workbook.read(copy, spec, registry, paths=False, places=places)
    study = validate_as(Study, plain, str(copy))
    return study, rule_for(study, None, spec, registry)


def _study_file(copy: Path, spec: str | None, registry: RegistryRules) -> tuple[Study, FoundRule]:
    data = load_input(copy)
    if not isinstance(data, Study):
        raise StudyError(
            zh="空间保存依据规则的研究（pcfrules.study/1），不保存原始产品系统",
            en="a space keeps studies under a rule (pcfrules.study/1), not raw product systems",
            location=Location(file=str(copy), path="format"),
        )
    source = data.rule.source
    if source is not None and source.kind == "file":  # never followed on a server
        data = data.model_copy(update={"rule": data.rule.model_copy(update={"source": None})})
    return data, rule_for(data, None, spec, registry)


def pinned(study: Study, found: FoundRule) -> Study:
    """The study naming its rule exactly as found: id, version, fingerprint and source."""
    rule = found.rule
    ref = RuleRef(
        id=rule.identity.id,
        version=rule.identity.version,
        fingerprint=rule.fingerprint(),
        source=RuleSource(kind=found.origin.kind, location=found.origin.location),
    )
    return study.model_copy(update={"rule": ref})


def findings(
    rule: RuleStandard, study: Study, places: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The study check that needs no result: rule, period, cut-off, values, defaults taken.

    Each finding names the workbook's sheet and cell of its value where the reader read it
    there (``places``: study path → ``sheet!cell``), else ``None``. The data-quality rating
    needs the footprint: the result's own findings add it.
    """
    problems = before_calculation(rule, study)
    resolved, value_problems = resolve(rule, study)
    problems += value_problems + defaults(resolved)
    out = []
    for problem in problems:
        sheet, _, cell = (places or {}).get(problem.path, "").rpartition("!")
        out.append(
            {**finding(rule, problem).to_dict(), "sheet": sheet or None, "cell": cell or None}
        )
    return out


def _name_the_upload(exc: PcfrulesError, copy: str, name: str) -> None:
    """Say ``name`` where the error (and each of its issues) names the server's copy."""
    exc.location = _renamed(exc.location, copy, name)
    if isinstance(exc, RuleValidationError | WorkbookError):
        for issue in exc.issues:
            issue.location = _renamed(issue.location, copy, name)


def _renamed(location: Location, copy: str, name: str) -> Location:
    if location.file != copy:
        return location
    return Location(name, location.line, location.path)
