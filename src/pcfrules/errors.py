"""User-facing errors of pcfrules, each with a bilingual message and a location.

Errors a user can meet (a broken file, an unknown rule, a bad unit) are raised as
one of these types; a plain traceback means a bug in pcfrules. The tree::

    PcfrulesError                 bilingual message + optional Location
    ├── RuleLoadError             a rule file cannot be read or parsed (file, line, field)
    │   └── RuleValidationError   the file parses but breaks the rule model (``issues``)
    ├── RuleNotFoundError         no rule for that spec (path, search path, catalogue, registry)
    ├── RuleMismatchError         the rule found again is not the text something was made under
    ├── ExpressionError           a formula is not in the safe expression language
    ├── UnitError                 a unit string pint cannot read, or units that do not convert
    ├── RenderError               a standard text cannot be written in that language/format
    │   └── RenderRefusedError    it would not be honest (published without a number, no text)
    ├── ProductSystemError        a product system cannot be built (no producer, two producers …)
    │   └── SingularSystemError   the system cannot be solved (singular or unproductive)
    ├── StudyError                a study or result file is wrong (missing item, bad value)
    │   └── WorkbookError         a filled workbook has problems (``issues``: sheet, row, column)
    ├── ComparisonError           results computed under different rules or GWP sets
    ├── CbamTemplateError         the CBAM template is not the one we know, or the result misfits
    ├── DatabaseError             the registry database cannot be opened (URL, driver, server)
    ├── BackgroundError           a background database cannot be read, or has no such dataset
    ├── RegistryError             a step the standards procedure does not allow
    │   └── NotAllowedError       the person acting may not take it (no role, not registered)
    ├── JobError                  no such job, its result not there yet, or no job runner
    │   └── NoSuchJobError        no job of that id the asker may see (missing or another's)
    └── SpaceError                not in the person's space, or a step their role there forbids
        └── NotInSpaceError       no such study or organisation for the asker (or none at all)

The drawing is checked against the classes by ``tests/test_errors.py``. Every error
pickles with its fields (``__reduce__``), so a Dask worker can raise one and the client
reads the same zh, en, location and issues.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Location:
    """Where a problem sits: a file, a line (1-based) and a field path like ``a.b[2].c``."""

    file: str | None = None
    line: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        """Render as ``file:line: path`` with the missing parts left out."""
        head = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        if self.path:
            return f"{head}: {self.path}" if head else self.path
        return head


@dataclass
class PcfrulesError(Exception):
    """Base of every error a user can meet; carries zh and en text and a location."""

    zh: str
    en: str
    location: Location = field(default_factory=Location)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        """Both languages, prefixed by the location when there is one."""
        where = str(self.location)
        text = f"{self.en} / {self.zh}"
        return f"{where}: {text}" if where else text

    def message(self, lang: str = "en") -> str:
        """The message in one language (``zh`` or ``en``), with the location."""
        text = self.zh if lang == "zh" else self.en
        where = str(self.location)
        return f"{where}: {text}" if where else text

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by fields: ``args`` holds the rendered message, not the ``__init__`` arguments.

        Anything set on the error after it was made (``__notes__``, say) travels as state.
        """
        init = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        state = {k: v for k, v in self.__dict__.items() if k not in init}
        return (_rebuild, (type(self), init), state or None)


def _rebuild(cls: type[PcfrulesError], init: dict[str, Any]) -> PcfrulesError:
    """Make an error again from its fields (the other half of ``__reduce__``)."""
    return cls(**init)


@dataclass
class RuleLoadError(PcfrulesError):
    """A rule file cannot be read, or is not valid YAML."""


@dataclass
class ValidationIssue:
    """One broken field of a rule document."""

    location: Location
    zh: str
    en: str

    def __str__(self) -> str:
        """``file:line: path: message``."""
        return f"{self.location}: {self.en} / {self.zh}"


@dataclass
class RuleValidationError(RuleLoadError):
    """The rule parses but does not fit the model; ``issues`` lists every broken field."""

    issues: list[ValidationIssue] = field(default_factory=list)

    def __str__(self) -> str:
        """The summary line followed by one line per issue."""
        lines = [super().__str__(), *(f"  {issue}" for issue in self.issues)]
        return "\n".join(lines)


@dataclass
class RuleNotFoundError(PcfrulesError):
    """No rule with that id in the catalogue, and no file at that path."""


@dataclass
class RuleMismatchError(PcfrulesError):
    """The rule found again has another id or text than the one a result or study records."""


@dataclass
class ExpressionError(PcfrulesError):
    """A formula is not in the safe expression language, or cannot be evaluated."""


@dataclass
class UnitError(PcfrulesError):
    """A unit string pint cannot read, or two units that do not convert."""


@dataclass
class RenderError(PcfrulesError):
    """The standard text cannot be written (unknown language or format, unwritable file)."""


@dataclass
class RenderRefusedError(RenderError):
    """A document would not be honest from what it was given: refused, the field named."""


@dataclass
class ProductSystemError(PcfrulesError):
    """A product system cannot be built: a flow without producer, two producers, a bad unit."""


@dataclass
class SingularSystemError(ProductSystemError):
    """The technosphere matrix cannot be solved: singular, or a process not productive."""


@dataclass
class StudyError(PcfrulesError):
    """A study, a raw system or a result file is wrong: missing item, bad value, bad unit."""


@dataclass
class ComparisonError(PcfrulesError):
    """Two results cannot be compared: different rule fingerprints or GWP sets."""


@dataclass
class CbamTemplateError(PcfrulesError):
    """The CBAM template is not the one we know, or the result does not fit it."""


@dataclass
class DatabaseError(PcfrulesError):
    """The database cannot be opened: not a URL, no driver, no server, no such folder."""


@dataclass
class BackgroundError(PcfrulesError):
    """A background database that cannot be read, is not imported, or has no such dataset.

    Faults inside a readable database are not errors but the readiness report's problems.
    """


@dataclass
class RegistryError(PcfrulesError):
    """A registry step the procedure does not allow (too early, missing votes, frozen text)."""


@dataclass
class NotAllowedError(RegistryError):
    """The person acting may not take this step: not registered, or without the role it needs.

    Its own class so that a page or an endpoint answers "forbidden" by what the refusal is,
    not by which field it names.
    """


@dataclass
class JobError(PcfrulesError):
    """Long work that cannot be had: no such job, a result asked for before it is done."""


@dataclass
class SpaceError(PcfrulesError):
    """An enterprise's or verifier's space refuses: not the person's, or not their role's.

    A study, job or organisation the person may not reach is refused with the same words as
    one that does not exist, so the refusal never tells whether it does.
    """


@dataclass
class NoSuchJobError(JobError):
    """No job of that id the asker may see: missing, or another organisation's (alike)."""


@dataclass
class NotInSpaceError(SpaceError):
    """A study or an organisation that is not in the asker's space, or does not exist at all.

    One type for both, so an interface answers them alike (the web: 404) and tells nothing.
    """


@dataclass
class WorkbookError(StudyError):
    """A filled data-collection workbook has problems; ``issues`` names each cell."""

    issues: list[ValidationIssue] = field(default_factory=list)
