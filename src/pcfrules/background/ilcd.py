"""Reading an ILCD database (a folder or a zip, as ILCD tools write them) into a Database.

ILCD keeps one XML file per dataset in folders named by kind (``processes/``, ``flows/``,
``flowproperties/``, ``unitgroups/``, ``lciamethods/``), in a folder or zip (often under
``ILCD/``). Files are read one at a time with lxml and dropped once their records are taken,
so memory follows the records kept, not the XML. The parser resolves no entities and
fetches nothing from the network. Unit groups and flow properties are read first, so every
flow knows its unit (a flow measured in MJ is not kg); then flows, the climate-change LCIA
methods, then processes.

Faults inside a readable file are not errors: each becomes a
:class:`~pcfrules.background.model.Problem` (:mod:`.readiness`) and the rest is read. Only a
path that is no ILCD database, a broken zip or a limit reached is a
:class:`~pcfrules.errors.BackgroundError`.
"""

from __future__ import annotations

import hashlib
import re
import statistics
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from lxml import etree

from pcfrules.background import gases
from pcfrules.background.model import (
    Database,
    Direction,
    Exchange,
    Flow,
    FlowKind,
    Method,
    Problem,
    Process,
    Severity,
)
from pcfrules.errors import BackgroundError, Location
from pcfrules.limits import ILCD_DATASETS, ILCD_FILE_BYTES

KINDS = ("unitgroups", "flowproperties", "flows", "lciamethods", "processes")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FLOW_KINDS: dict[str, FlowKind] = {"Elementary flow": "elementary", "Waste flow": "waste"}
CLIMATE = re.compile(r"climate change|global warming|gwp", re.IGNORECASE)
OUTLIER_RATIO = 1e4  # four orders of magnitude from the flow's median amount per unit
OUTLIER_MIN_PEERS = 5  # a median of fewer processes says too little to call one an outlier
MASS_UNITS = {"kg", "g", "t", "mg", "ug", "µg", "kt", "lb"}


@dataclass(frozen=True)
class Entry:
    """One dataset file of the database: its kind, name and how to read its bytes."""

    kind: str
    name: str
    size: int
    read: Callable[[], bytes]


@dataclass
class _Units:
    """Unit groups (uuid → reference unit) and flow properties (uuid → name, unit group)."""

    groups: dict[str, str]
    properties: dict[str, tuple[str, str]]

    def unit_of(self, prop: str) -> tuple[str, str]:
        """(quantity name, reference unit) of a flow property; '' for what is missing."""
        name, group = self.properties.get(prop, ("", ""))
        return name, self.groups.get(group, "")


def listing(path: Path) -> list[Entry]:
    """Every dataset file of the ILCD folder or zip at ``path``, by kind then name.

    Refused, naming the path: nothing there, not a folder or zip, a broken zip, no dataset
    folders, too many files, or a file larger than :data:`ILCD_FILE_BYTES` (checked from the
    zip's directory before anything is unpacked).
    """
    where = Location(file=str(path))
    if path.is_dir():
        entries = _folder_entries(path)
    elif path.is_file() and zipfile.is_zipfile(path):
        entries = _zip_entries(path, where)
    else:
        raise BackgroundError(
            zh=f"{path} 不是 ILCD 文件夹或 zip 压缩包",
            en=f"{path} is not an ILCD folder or zip",
            location=where,
        )
    if not any(e.kind == "processes" for e in entries):
        raise BackgroundError(
            zh=f"{path} 中没有 processes/ 数据集，不是 ILCD 数据库",
            en=f"{path} holds no processes/ datasets: not an ILCD database",
            location=where,
        )
    ILCD_DATASETS.check(len(entries), BackgroundError, where)
    for entry in entries:
        ILCD_FILE_BYTES.check(entry.size, BackgroundError, Location(file=entry.name))
    return sorted(entries, key=lambda e: (KINDS.index(e.kind), e.name))


def _kind_of(parts: tuple[str, ...]) -> str | None:
    """The dataset kind of a file from its folder (``…/flows/x.xml``), or None."""
    if len(parts) < 2 or not parts[-1].lower().endswith(".xml"):
        return None
    folder = parts[-2].lower()
    return folder if folder in KINDS else None


def _folder_entries(root: Path) -> list[Entry]:
    entries = []
    for kind in KINDS:
        for file in (root / kind).glob("*.xml") if (root / kind).is_dir() else ():
            entries.append(Entry(kind, f"{kind}/{file.name}", file.stat().st_size, file.read_bytes))
    return entries


def _zip_entries(path: Path, where: Location) -> list[Entry]:
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackgroundError(
            zh=f"无法读取 zip 压缩包 {path}：{exc}",
            en=f"cannot read the zip {path}: {exc}",
            location=where,
        ) from exc
    entries = []
    for info in infos:
        parts = PurePosixPath(info.filename).parts
        kind = _kind_of(parts)
        if kind is not None and not info.is_dir():
            name = f"{kind}/{parts[-1]}"
            entries.append(Entry(kind, name, info.file_size, _zip_reader(archive, info, where)))
    return entries


def _zip_reader(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: Location
) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            return archive.read(info)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a CRC error is BadZipFile
            raise BackgroundError(
                zh=f"zip 压缩包中的 {info.filename} 已损坏：{exc}",
                en=f"{info.filename} in the zip is damaged: {exc}",
                location=where,
            ) from exc

    return read


def read(
    entries: list[Entry],
    name: str,
    release: str,
    source: str,
    licence: str = "",
    advance: Callable[[int], object] | None = None,
) -> Database:
    """The database in ``entries`` (from :func:`listing`); ``advance`` hears each file read.

    ``release`` and ``licence`` left empty are taken from the datasets: the newest revision
    date, and the licence most processes state.
    """
    digest = hashlib.sha256()
    reader = _Reader()
    for entry in entries:
        data = entry.read()
        digest.update(entry.name.encode() + b"\0" + hashlib.sha256(data).digest())
        reader.take(entry, data)
        if advance is not None:
            advance(1)
    reader.flag_outliers()
    return Database(
        name=name,
        release=release or reader.newest_revision() or digest.hexdigest()[:12],
        source=source,
        licence=licence or reader.common_licence(),
        digest=digest.hexdigest(),
        flows=reader.flows,
        processes=reader.processes,
        methods=reader.methods,
        problems=reader.problems,
    )


class _Reader:
    """Takes the records of each file as it comes; holds nothing of the XML."""

    def __init__(self) -> None:
        self.units = _Units({}, {})
        self.flows: dict[str, Flow] = {}
        self.processes: dict[str, Process] = {}
        self.methods: dict[str, Method] = {}
        self.problems: list[Problem] = []
        self.revisions: list[str] = []
        self.licences: Counter[str] = Counter()
        self.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False
        )

    def take(self, entry: Entry, data: bytes) -> None:
        """Read one file's records; an unreadable file is a problem, not a stop."""
        try:
            root = etree.fromstring(data, self.parser)
        except etree.XMLSyntaxError as exc:
            stem = PurePosixPath(entry.name).stem
            self.problems.append(
                Problem("BG-FILE-UNREADABLE", (stem,), f"{entry.name}: {exc}", "excluded")
            )
            return
        getattr(self, f"_{entry.kind}")(root)

    def _unitgroups(self, root: etree._Element) -> None:
        ref = _text(root, ".//{*}quantitativeReference/{*}referenceToReferenceUnit")
        for unit in root.iterfind(".//{*}units/{*}unit"):
            if unit.get("dataSetInternalID") == ref:
                self.units.groups[_uuid(root)] = _text(unit, "{*}name")

    def _flowproperties(self, root: etree._Element) -> None:
        group = root.find(".//{*}referenceToReferenceUnitGroup")
        name = _lang(root, ".//{*}dataSetInformation/{*}name", "en")
        self.units.properties[_uuid(root)] = (name, _ref(group))

    def _flows(self, root: etree._Element) -> None:
        uuid = _uuid(root)
        kind = FLOW_KINDS.get(_text(root, ".//{*}typeOfDataSet"), "product")
        quantity, unit = self._flow_unit(root)
        category = _classes(root)
        name_en = _name(root, "en")
        flow = Flow(
            uuid=uuid,
            kind=kind,
            name_en=name_en,
            name_zh=_name(root, "zh") or name_en,
            unit=unit,
            quantity=quantity,
            cas=_text(root, ".//{*}CASNumber"),
            category=category,
        )
        if kind == "elementary":
            flow = self._mapped(flow)
        self.flows[uuid] = flow

    def _flow_unit(self, root: etree._Element) -> tuple[str, str]:
        ref = _text(root, ".//{*}quantitativeReference/{*}referenceToReferenceFlowProperty")
        for prop in root.iterfind(".//{*}flowProperties/{*}flowProperty"):
            if prop.get("dataSetInternalID") == ref:
                return self.units.unit_of(_ref(prop.find("{*}referenceToFlowPropertyDataSet")))
        return "", ""

    def _mapped(self, flow: Flow) -> Flow:
        """The flow with its pcfrules gas, or a problem when it looks like one and is not."""
        found = gases.mapping(flow.cas, flow.name_en, flow.category)
        if found is None:
            if gases.looks_like_ghg(flow.name_en):
                self.problems.append(
                    Problem(
                        "BG-GHG-UNMAPPED",
                        (flow.uuid,),
                        f"{flow.name_en} (CAS {flow.cas or '—'})",
                        "flagged",
                    )
                )
            return flow
        if flow.unit.lower() not in MASS_UNITS:
            self.problems.append(
                Problem(
                    "BG-UNIT-UNKNOWN",
                    (flow.uuid,),
                    f"{flow.name_en}: {flow.unit or '—'}",
                    "cut-off",
                )
            )
            return flow
        return replace(flow, gas=found.gas, origin=found.origin)

    def _lciamethods(self, root: etree._Element) -> None:
        name = _lang(root, ".//{*}dataSetInformation/{*}name", "en")
        category = _text(root, ".//{*}impactCategory")
        if not CLIMATE.search(f"{name} {category}"):
            return  # pcfrules computes carbon footprints; other impact categories are not read
        factors: dict[str, float] = {}
        for factor in root.iterfind(".//{*}characterisationFactors/{*}factor"):
            value = _number(_text(factor, "{*}meanValue"))
            flow = _ref(factor.find("{*}referenceToFlowDataSet"))
            if value is not None and flow:
                inward = _text(factor, "{*}exchangeDirection") == "Input"
                factors[flow] = -value if inward else value  # see Method: per signed amount
        unit = _lang(root, ".//{*}referenceQuantity/{*}shortDescription", "en")
        self.methods[_uuid(root)] = Method(_uuid(root), name, unit or "kg CO2-eq", factors)

    def _processes(self, root: etree._Element) -> None:
        uuid = _uuid(root)
        refs = [
            e.text or ""
            for e in root.iterfind(".//{*}quantitativeReference/{*}referenceToReferenceFlow")
        ]
        exchanges: list[Exchange] = []
        raw: dict[str, Exchange] = {}
        met_before = len(self.problems)
        for node in root.iterfind(".//{*}exchanges/{*}exchange"):
            exchange = self._exchange(uuid, node, node.get("dataSetInternalID", "") in refs)
            if exchange is not None:
                raw[node.get("dataSetInternalID", "")] = exchange
                exchanges.append(exchange)
        revision = _text(root, ".//{*}dateOfLastRevision")[:10]
        if revision:
            self.revisions.append(revision)
        licence = _text(root, ".//{*}licenseType")
        if licence:
            self.licences[licence] += 1
        reference = next((raw[r] for r in refs if r in raw), None)
        reference_cut = any(p.action == "excluded" for p in self.problems[met_before:])
        self._check_reference(uuid, refs, reference, reference_cut)
        self.processes[uuid] = Process(
            uuid=uuid,
            version=_text(root, ".//{*}dataSetVersion"),
            name_en=_name(root, "en"),
            name_zh=_name(root, "zh") or _name(root, "en"),
            location=_location(root),
            classification=_classes(root),
            kind=_text(root, ".//{*}typeOfDataSet"),
            year=_year(_text(root, ".//{*}referenceYear")),
            reference=reference.flow if reference is not None else "",
            reference_amount=reference.amount if reference is not None else 0.0,
            exchanges=tuple(exchanges),
            licence=licence,
        )

    def _exchange(self, process: str, node: etree._Element, reference: bool) -> Exchange | None:
        """One exchange, or None (and its problem) when it cannot be used."""
        internal = node.get("dataSetInternalID", "")
        ref_node = node.find("{*}referenceToFlowDataSet")
        flow = (ref_node.get("refObjectId", "") if ref_node is not None else "").strip()
        text = _text(node, "{*}resultingAmount") or _text(node, "{*}meanAmount")
        amount = _number(text)
        where = f"exchange {internal}"
        if not UUID.match(flow):
            return self._cut(process, "BG-REF-TEXT", f"{where}: '{flow}'", reference)
        flow = flow.lower()
        if amount is None:
            return self._cut(process, "BG-AMOUNT-EMPTY", f"{where}: '{text}'", reference, flow)
        if flow not in self.flows:
            code = "BG-REFFLOW-MISSING" if reference else "BG-FLOW-MISSING"
            return self._cut(process, code, f"{where}: flow {flow}", reference, flow)
        if amount < 0:
            self.problems.append(
                Problem("BG-AMOUNT-NEGATIVE", (process, flow), f"{where}: {amount:g}", "flagged")
            )
        direction: Direction = (
            "input" if _text(node, "{*}exchangeDirection") == "Input" else "output"
        )
        return Exchange(flow, direction, amount, reference)

    def _cut(
        self, process: str, code: str, detail: str, reference: bool, flow: str = ""
    ) -> Exchange | None:
        """Record an exchange left out (None); a reference exchange left out excludes its process."""
        action: Severity = "excluded" if reference else "cut-off"
        concerned = (process, flow) if flow else (process,)
        self.problems.append(Problem(code, concerned, detail, action))
        return None

    def _check_reference(
        self, uuid: str, refs: list[str], reference: Exchange | None, already_excluded: bool
    ) -> None:
        """A process with no reference flow left (or a zero one) cannot be scaled: excluded."""
        if reference is None and not already_excluded:
            detail = f"reference {', '.join(refs) or '—'}"
            self.problems.append(Problem("BG-NO-REFERENCE", (uuid,), detail, "excluded"))
        elif reference is not None and reference.amount == 0:
            self.problems.append(
                Problem("BG-NO-REFERENCE", (uuid,), "reference amount 0", "excluded")
            )

    def flag_outliers(self) -> None:
        """Amounts per unit of reference far from the database's median for the same flow.

        Compared among processes whose reference flow has the same unit (an input per kg of
        product against inputs per kg), more than :data:`OUTLIER_RATIO` above the median.
        Kept as written (a reading cannot know which is wrong) and listed, so that a user
        sees them before relying on a dataset that carries one.
        """
        per_unit: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
        for process in self.processes.values():
            if process.reference_amount == 0 or process.reference not in self.flows:
                continue
            made_in = self.flows[process.reference].unit  # per kg is not comparable to per item
            for ex in process.exchanges:
                if not ex.reference and ex.amount != 0:
                    per_unit[(ex.flow, made_in)].append(
                        (abs(ex.amount / process.reference_amount), process.uuid)
                    )
        for (flow, made_in), seen in per_unit.items():
            if len(seen) <= OUTLIER_MIN_PEERS:
                continue
            median = statistics.median(v for v, _ in seen)
            for value, owner in seen:
                if value > median * OUTLIER_RATIO:
                    detail = f"{value:.4g} per {made_in}, median {median:.4g} of {len(seen)}"
                    self.problems.append(
                        Problem("BG-AMOUNT-OUTLIER", (owner, flow), detail, "flagged")
                    )

    def newest_revision(self) -> str:
        """The newest revision date the datasets state (YYYY-MM-DD), or ''."""
        return max(self.revisions, default="")

    def common_licence(self) -> str:
        """The licence most processes state, or ''."""
        return self.licences.most_common(1)[0][0] if self.licences else ""


def _text(node: etree._Element, path: str) -> str:
    found = node.find(path)
    return (found.text or "").strip() if found is not None else ""


def _lang(node: etree._Element, path: str, lang: str) -> str:
    """The text of ``path`` in ``lang``, else in any language."""
    texts = {e.get(XML_LANG, ""): (e.text or "").strip() for e in node.iterfind(path)}
    return texts.get(lang) or next((t for t in texts.values() if t), "")


def _name(root: etree._Element, lang: str) -> str:
    """A dataset's name in ``lang``: its name parts (base name, routes, mix …) joined."""
    name = root.find(".//{*}dataSetInformation/{*}name")
    if name is None:
        return ""
    parts = []
    for child in name:
        if child.get(XML_LANG) == lang and (child.text or "").strip():
            parts.append((child.text or "").strip())
    return "; ".join(parts)


def _classes(root: etree._Element) -> str:
    """The first classification (or elementary-flow category) of a dataset, "a / b / c"."""
    for path in (".//{*}classification", ".//{*}elementaryFlowCategorization"):
        found = root.find(path)
        if found is not None:
            return " / ".join((c.text or "").strip() for c in found if (c.text or "").strip())
    return ""


def _location(root: etree._Element) -> str:
    found = root.find(".//{*}locationOfOperationSupplyOrProduction")
    return (found.get("location", "") if found is not None else "").strip()


def _uuid(root: etree._Element) -> str:
    return _text(root, ".//{*}dataSetInformation/{*}UUID").lower()


def _ref(node: etree._Element | None) -> str:
    return (node.get("refObjectId", "") if node is not None else "").strip().lower()


def _number(text: str) -> float | None:
    """A finite amount, or None for empty text, words, NaN or infinity."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _year(text: str) -> int | None:
    return int(text[:4]) if text[:4].isdigit() else None


def licence_file(path: Path) -> str:
    """The first line of a LICENSE file at the root of the folder or zip ("MIT License"), or ''.

    ILCD datasets state a licence type in words ("Free of charge for all users and uses");
    a database published with a licence file (TianGong: MIT) is under that licence.
    """
    try:
        if path.is_dir():
            candidates = [p for p in path.iterdir() if p.name.upper().startswith("LICENSE")]
            text = candidates[0].read_text("utf-8", errors="replace") if candidates else ""
        else:
            with zipfile.ZipFile(path) as archive:
                names = [
                    n
                    for n in archive.namelist()
                    if PurePosixPath(n).name.upper().startswith("LICENSE")
                ]
                text = archive.read(names[0]).decode("utf-8", errors="replace") if names else ""
    except (OSError, zipfile.BadZipFile):
        return ""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
