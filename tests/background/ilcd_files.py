"""Small ILCD databases written for a test, so every linking rule meets a case made for it.

Each file is the ILCD 1.1 shape the TianGong files have (same elements, namespaces and
folders), holding only what the reader takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PROCESS_NS = 'xmlns="http://lca.jrc.it/ILCD/Process" xmlns:common="http://lca.jrc.it/ILCD/Common"'
FLOW_NS = 'xmlns="http://lca.jrc.it/ILCD/Flow" xmlns:common="http://lca.jrc.it/ILCD/Common"'
MASS_PROPERTY = "93a60a56-a3c8-11da-a746-0800200b9a66"
ENERGY_PROPERTY = "93a60a56-a3c8-11da-a746-0800200c9a66"
MONEY_PROPERTY = "01846770-4cfe-4a25-8ad9-919d8d378345"
PROPERTIES = {
    MASS_PROPERTY: ("Mass", "93a60a57-a4c8-11da-a746-0800200c9a66", "kg"),
    ENERGY_PROPERTY: ("Net calorific value", "93a60a57-a3c8-11da-a746-0800200c9a66", "MJ"),
    MONEY_PROPERTY: ("Market value", "5805f5f7-5e27-4d8e-a1b6-e0c5c7c5c0a7", "EUR"),
}
CLIMATE_METHOD = "6209b35f-9447-40b5-b68c-a1099e3674a0"


def uid(n: int) -> str:
    """A stable UUID for test dataset number ``n``."""
    return f"00000000-0000-4000-8000-{n:012d}"


@dataclass
class Ex:
    """One exchange as a test writes it: flow number, direction, amount text."""

    flow: int | str
    direction: str
    amount: str
    reference: bool = False


@dataclass
class Proc:
    """One process: its number, location, name and exchanges (the reference marked)."""

    n: int
    location: str
    name: str
    exchanges: list[Ex] = field(default_factory=list)
    no_reference: bool = False


def _unit_group(uuid: str, unit: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<unitGroupDataSet xmlns="http://lca.jrc.it/ILCD/UnitGroup" xmlns:common="http://lca.jrc.it/ILCD/Common" version="1.1">
  <unitGroupInformation>
    <dataSetInformation><common:UUID>{uuid}</common:UUID></dataSetInformation>
    <quantitativeReference><referenceToReferenceUnit>0</referenceToReferenceUnit></quantitativeReference>
  </unitGroupInformation>
  <units><unit dataSetInternalID="0"><name>{unit}</name><meanValue>1.0</meanValue></unit></units>
</unitGroupDataSet>"""


def _property(uuid: str, name: str, group: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<flowPropertyDataSet xmlns="http://lca.jrc.it/ILCD/FlowProperty" xmlns:common="http://lca.jrc.it/ILCD/Common" version="1.1">
  <flowPropertiesInformation>
    <dataSetInformation><common:UUID>{uuid}</common:UUID><common:name xml:lang="en">{name}</common:name></dataSetInformation>
    <quantitativeReference><referenceToReferenceUnitGroup refObjectId="{group}" type="unit group data set"/></quantitativeReference>
  </flowPropertiesInformation>
</flowPropertyDataSet>"""


def _flow(uuid: str, name: str, kind: str, prop: str, cas: str) -> str:
    cas_xml = f"<CASNumber>{cas}</CASNumber>" if cas else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<flowDataSet {FLOW_NS} version="1.1">
  <flowInformation>
    <dataSetInformation>
      <common:UUID>{uuid}</common:UUID>
      <name><baseName xml:lang="en">{name}</baseName><baseName xml:lang="zh">{name}（中文）</baseName></name>
      {cas_xml}
    </dataSetInformation>
    <quantitativeReference><referenceToReferenceFlowProperty>0</referenceToReferenceFlowProperty></quantitativeReference>
  </flowInformation>
  <modellingAndValidation><LCIMethod><typeOfDataSet>{kind}</typeOfDataSet></LCIMethod></modellingAndValidation>
  <flowProperties>
    <flowProperty dataSetInternalID="0">
      <referenceToFlowPropertyDataSet type="flow property data set" refObjectId="{prop}"/>
      <meanValue>1.0</meanValue>
    </flowProperty>
  </flowProperties>
</flowDataSet>"""


def _process(proc: Proc) -> str:
    refs = [str(i) for i, ex in enumerate(proc.exchanges) if ex.reference]
    quant = (
        ""
        if proc.no_reference
        else "".join(f"<referenceToReferenceFlow>{r}</referenceToReferenceFlow>" for r in refs)
    )
    exchanges = []
    for i, ex in enumerate(proc.exchanges):
        ref = uid(ex.flow) if isinstance(ex.flow, int) else ex.flow
        exchanges.append(
            f"""<exchange dataSetInternalID="{i}">
      <referenceToFlowDataSet type="flow data set" refObjectId="{ref}"/>
      <exchangeDirection>{ex.direction}</exchangeDirection>
      <meanAmount>{ex.amount}</meanAmount><resultingAmount>{ex.amount}</resultingAmount>
    </exchange>"""
        )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<processDataSet {PROCESS_NS} version="1.1">
  <processInformation>
    <dataSetInformation>
      <common:UUID>{uid(proc.n)}</common:UUID>
      <name><baseName xml:lang="en">{proc.name}</baseName><baseName xml:lang="zh">{proc.name}（中文）</baseName></name>
      <classificationInformation><common:classification><common:class level="0">Test</common:class></common:classification></classificationInformation>
    </dataSetInformation>
    <quantitativeReference type="Reference flow(s)">{quant}</quantitativeReference>
    <time><common:referenceYear>2020</common:referenceYear></time>
    <geography><locationOfOperationSupplyOrProduction location="{proc.location}"/></geography>
  </processInformation>
  <modellingAndValidation><LCIMethodAndAllocation><typeOfDataSet>Unit process, single operation</typeOfDataSet></LCIMethodAndAllocation></modellingAndValidation>
  <administrativeInformation><publicationAndOwnership>
    <common:dateOfLastRevision>2024-04-15T00:00:00</common:dateOfLastRevision>
    <common:dataSetVersion>01.00.000</common:dataSetVersion>
    <common:licenseType>Free of charge for all users and uses</common:licenseType>
  </publicationAndOwnership></administrativeInformation>
  <exchanges>{"".join(exchanges)}</exchanges>
</processDataSet>"""


def _method(factors: dict[str, float]) -> str:
    rows = "".join(
        f"""<factor><referenceToFlowDataSet refObjectId="{flow}" type="flow data set"/>
        <exchangeDirection>Output</exchangeDirection><meanValue>{value}</meanValue></factor>"""
        for flow, value in factors.items()
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<LCIAMethodDataSet xmlns="http://lca.jrc.it/ILCD/LCIAMethod" xmlns:common="http://lca.jrc.it/ILCD/Common" version="1.1">
  <LCIAMethodInformation><dataSetInformation>
    <common:UUID>{CLIMATE_METHOD}</common:UUID><common:name xml:lang="en">Climate change</common:name>
    <impactCategory>Climate change</impactCategory>
  </dataSetInformation></LCIAMethodInformation>
  <characterisationFactors>{rows}</characterisationFactors>
</LCIAMethodDataSet>"""


@dataclass
class Flw:
    """One flow: number, name, kind ("Product flow" …), property, CAS."""

    n: int
    name: str
    kind: str = "Product flow"
    prop: str = MASS_PROPERTY
    cas: str = ""


def write(
    root: Path,
    flows: list[Flw],
    processes: list[Proc],
    method: dict[int, float] | None = None,
) -> Path:
    """Write the database under ``root`` (made), returning it."""
    for folder in ("processes", "flows", "flowproperties", "unitgroups", "lciamethods"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for prop, (name, group, unit) in PROPERTIES.items():
        (root / "unitgroups" / f"{group}.xml").write_text(_unit_group(group, unit), "utf-8")
        (root / "flowproperties" / f"{prop}.xml").write_text(_property(prop, name, group), "utf-8")
    for flow in flows:
        text = _flow(uid(flow.n), flow.name, flow.kind, flow.prop, flow.cas)
        (root / "flows" / f"{uid(flow.n)}.xml").write_text(text, "utf-8")
    for proc in processes:
        (root / "processes" / f"{uid(proc.n)}.xml").write_text(_process(proc), "utf-8")
    if method is not None:
        text = _method({uid(n): v for n, v in method.items()})
        (root / "lciamethods" / f"{CLIMATE_METHOD}.xml").write_text(text, "utf-8")
    return root
