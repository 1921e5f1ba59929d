"""Where a rule comes from: one explicit answer for every command, the CLI and the web alike.

A *rule spec* is what a user types after ``--rule`` (or as a command's argument):

- a path to a rule file (``lime.yaml``, ``drafts/lime/rule.yaml``, ``./lime``: a folder is a
  rule only when it holds ``rule.yaml``, and a path is recognised by a separator or a suffix);
- a rule id (``cement``) looked up first in the folders of ``PCFRULES_RULES_PATH`` (``<folder>/
  <id>/rule.yaml`` or ``<folder>/<id>.yaml``), then in the built-in catalogue;
- a registry version ``id@version`` (``lime@1.0.0``), read from the registry the caller hands in.

A bare word is never taken as a folder of the working directory (``make demo``'s ``out/cement``
does not hide the catalogue's ``cement``). When two sources could answer, the one taken is
said in :attr:`FoundRule.notes`, so nothing shadows anything silently.

Everything computed under a rule carries a :class:`RuleOrigin` and the rule's fingerprint;
:func:`find_again` finds that rule once more and refuses a text that has changed since.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from pcfrules.errors import Location, RuleMismatchError, RuleNotFoundError
from pcfrules.rules import catalog
from pcfrules.rules.loader import load_rule
from pcfrules.rules.model import RuleStandard

SEARCH_PATH_VARIABLE = "PCFRULES_RULES_PATH"
RULE_SUFFIXES = (".yaml", ".yml", ".json")
SourceKind = Literal["file", "search-path", "catalogue", "registry"]
SOURCE_KINDS: tuple[SourceKind, ...] = ("file", "search-path", "catalogue", "registry")


class RegistryRules(Protocol):
    """What a registry must answer for ``id@version`` (``pcfrules.registry.Registry`` does)."""

    def version_rule(self, rule_id: str, version: str | None = None) -> RuleStandard:
        """The rule text of one version."""
        ...


@dataclass(frozen=True)
class RuleOrigin:
    """Where a rule was found, enough to find the same text again."""

    kind: SourceKind
    location: str  # absolute file path, catalogue or search-path id, or ``id@version``

    def spec(self) -> str:
        """The rule spec that finds this rule again."""
        return self.location

    def __str__(self) -> str:
        """``kind:location``, as a workbook records it."""
        return f"{self.kind}:{self.location}"

    @classmethod
    def parse(cls, text: str) -> RuleOrigin | None:
        """Read ``kind:location`` back; ``None`` for anything else (an older workbook)."""
        kind, _, location = text.partition(":")
        for known in SOURCE_KINDS:
            if kind == known and location:
                return cls(known, location)
        return None


@dataclass(frozen=True)
class Note:
    """A bilingual remark about the choice made (which source was taken, which was not)."""

    zh: str
    en: str


@dataclass(frozen=True)
class FoundRule:
    """A rule, where it came from, and what was said about the choice."""

    rule: RuleStandard
    origin: RuleOrigin
    file: Path | None = None  # the YAML file, when there is one (examples sit beside it)
    notes: tuple[Note, ...] = field(default=())

    def example(self) -> dict[str, object] | None:
        """The worked example stored beside the rule file, if there is one."""
        return catalog.example_for(self.file) if self.file is not None else None


def search_path() -> list[Path]:
    """The folders of ``PCFRULES_RULES_PATH`` (``os.pathsep``-separated), in order."""
    raw = os.environ.get(SEARCH_PATH_VARIABLE, "")
    return [Path(part).expanduser() for part in raw.split(os.pathsep) if part.strip()]


def find(spec: str, registry: RegistryRules | None = None) -> FoundRule:
    """The rule a spec names; :class:`RuleNotFoundError` listing what was tried when none."""
    text = spec.strip()
    if not text:
        raise _not_found(spec, "规则为空", "an empty rule spec")
    if _looks_like_path(text):
        return _from_path(Path(text))
    if "@" in text:
        return _from_registry(text, registry)
    return _from_id(text)


def find_again(
    rule_id: str,
    fingerprint: str | None,
    origin: RuleOrigin | None,
    override: str | None = None,
    registry: RegistryRules | None = None,
    where: Location | None = None,
) -> FoundRule:
    """The rule something was made under, refused if its text is not the one recorded.

    ``override`` (a ``--rule`` spec) wins over the recorded origin; without either the id is
    looked up as a bare id. ``where`` names what carried the stamp (a result file, a study).
    """
    spec = override or (origin.spec() if origin is not None else rule_id)
    if override:
        found = find(override, registry)
    elif origin is not None:
        found = _at(origin, registry)
    else:
        found = _from_id(_bare_id(rule_id, where))
    if found.rule.identity.id != rule_id:
        raise RuleMismatchError(
            zh=f"“{spec}”是规则 {found.rule.identity.id}，而此文件依据规则 {rule_id}",
            en=f"'{spec}' is rule {found.rule.identity.id}, but this was made under {rule_id}",
            location=where or Location(path="rule.id"),
        )
    if fingerprint is not None and found.rule.fingerprint() != fingerprint:
        raise RuleMismatchError(
            zh=f"在 {_where(found)} 找到的规则 {rule_id} 文本已改变（指纹 "
            f"{found.rule.fingerprint()[:12]}，记录为 {fingerprint[:12]}）；"
            "请用 --rule 指向原来的规则文本，或重新计算",
            en=f"rule {rule_id} found at {_where(found)} is not the text this was made under "
            f"(fingerprint {found.rule.fingerprint()[:12]}, recorded {fingerprint[:12]}): "
            "point --rule at the original text, or compute again",
            location=where or Location(path="rule.fingerprint"),
        )
    return found


def _at(origin: RuleOrigin, registry: RegistryRules | None) -> FoundRule:
    """The rule where a record says it was found, from that same kind of source."""
    if origin.kind == "catalogue":
        return from_catalogue(origin.location)
    if origin.kind == "file":
        return _from_path(Path(origin.location))
    if origin.kind == "search-path":
        return _from_id(_bare_id(origin.location, None))
    rule_id, _, _ = origin.location.partition("@")
    _bare_id(rule_id, None)
    return _from_registry(origin.location, registry)


def _bare_id(rule_id: str, where: Location | None) -> str:
    """A recorded rule id, refused when it looks like a path: an id is never opened as one.

    A study or a workbook names its rule by id; were ``/etc/passwd`` or ``../x`` taken as
    a path, a shared file could make pcfrules read any file the user can.
    """
    text = rule_id.strip()
    if not text or _looks_like_path(text) or "@" in text:
        raise RuleNotFoundError(
            zh=f"规则编号“{rule_id}”无效：编号不能是路径或版本（如 cement）",
            en=f"'{rule_id}' is not a rule id: an id is a name such as 'cement', "
            "never a path or a version",
            location=where or Location(path="rule.id"),
        )
    return text


def _looks_like_path(text: str) -> bool:
    """A separator, a leading dot or tilde, or a rule-file suffix makes a spec a path."""
    return (
        "/" in text
        or os.sep in text
        or text.startswith((".", "~"))
        or text.lower().endswith(RULE_SUFFIXES)
    )


def _from_path(path: Path) -> FoundRule:
    path = path.expanduser()
    if path.is_dir():
        inside = path / "rule.yaml"
        if not inside.is_file():
            raise _not_found(
                str(path),
                "这是一个文件夹，其中没有 rule.yaml",
                "is a folder without a rule.yaml in it",
            )
        path = inside
    if not path.is_file():
        raise _not_found(str(path), "文件不存在", "no such file")
    file = path.resolve()
    rule = load_rule(file)
    notes = _shadow_note(rule, file)
    return FoundRule(rule, RuleOrigin("file", str(file)), file, notes)


def _shadow_note(rule: RuleStandard, file: Path) -> tuple[Note, ...]:
    """Say so when a file carries a catalogue id with another text."""
    rule_id = rule.identity.id
    if rule_id not in catalog.catalog_ids() or file == catalog.rule_file(rule_id).resolve():
        return ()
    return (
        Note(
            zh=f"采用文件 {file}；其编号 {rule_id} 与内置目录中的规则相同，但以此文件为准",
            en=f"took the file {file}; its id {rule_id} is also a catalogue rule, "
            "which was not used",
        ),
    )


def from_catalogue(rule_id: str) -> FoundRule:
    """A built-in rule by id, whatever the search path holds (the catalogue job uses it)."""
    file = catalog.rule_file(rule_id)
    return FoundRule(load_rule(file), RuleOrigin("catalogue", rule_id), file)


def _from_id(rule_id: str) -> FoundRule:
    on_path = _on_search_path(rule_id)
    in_catalogue = rule_id in catalog.catalog_ids()
    notes = _cwd_note(rule_id)
    if on_path is not None:
        file = on_path.resolve()
        if in_catalogue:
            notes += (
                Note(
                    zh=f"采用检索路径中的 {file}，未采用内置目录中同编号的规则 {rule_id}",
                    en=f"took {file} from {SEARCH_PATH_VARIABLE}, not the catalogue rule "
                    f"{rule_id} of the same id",
                ),
            )
        return FoundRule(load_rule(file), RuleOrigin("search-path", rule_id), file, notes)
    if in_catalogue:
        found = from_catalogue(rule_id)
        return FoundRule(found.rule, found.origin, found.file, notes)
    tried = [str(folder) for folder in search_path()]
    raise _not_found(
        rule_id,
        "既不是检索路径中的规则，也不是内置目录中的编号",
        "is neither on the rule search path nor a catalogue id",
        tried,
    )


def _on_search_path(rule_id: str) -> Path | None:
    for folder in search_path():
        for candidate in (folder / rule_id / "rule.yaml", folder / f"{rule_id}.yaml"):
            if candidate.is_file():
                return candidate
    return None


def _cwd_note(rule_id: str) -> tuple[Note, ...]:
    """A bare id is never a path; say so when the working folder has something of that name."""
    if not Path(rule_id).exists():
        return ()
    return (
        Note(
            zh=f"“{rule_id}”按规则编号查找；当前目录下同名的文件或文件夹未被读取"
            f"（如要使用，请写 ./{rule_id}）",
            en=f"'{rule_id}' was looked up as a rule id; ./{rule_id} in the working folder was "
            f"not read (write ./{rule_id} to use it)",
        ),
    )


def _from_registry(spec: str, registry: RegistryRules | None) -> FoundRule:
    rule_id, _, version = spec.partition("@")
    if not rule_id or not version:
        raise _not_found(spec, "登记簿版本应写作 编号@版本", "a registry version is id@version")
    if registry is None:
        raise _not_found(
            spec,
            "这是登记簿中的版本，但未指定登记簿（--db 或 PCFRULES_DATABASE_URL）",
            "names a registry version, but no registry was given (--db or PCFRULES_DATABASE_URL)",
        )
    rule = registry.version_rule(rule_id, version)
    return FoundRule(rule, RuleOrigin("registry", f"{rule_id}@{version}"))


def _where(found: FoundRule) -> str:
    return str(found.file) if found.file is not None else found.origin.location


def _not_found(spec: str, zh: str, en: str, tried: list[str] | None = None) -> RuleNotFoundError:
    ids = ", ".join(catalog.catalog_ids()) or "—"
    folders = "; ".join(tried) if tried else "—"
    return RuleNotFoundError(
        zh=f"找不到规则“{spec}”：{zh}（内置目录：{ids}；检索路径 {SEARCH_PATH_VARIABLE}：{folders}）",
        en=f"no rule '{spec}': {en} (catalogue: {ids}; {SEARCH_PATH_VARIABLE}: {folders})",
        location=Location(path=spec),
    )
