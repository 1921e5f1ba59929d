"""Write the TianGong extract pcfrules ships: chosen datasets and their whole supply chain.

The catalogue's worked examples take some inputs from the TianGong database (a study names
``dataset: tiangong:<uuid>``). The database itself is 127 MB and is not shipped; this script
copies, unmodified, the process files of the chosen datasets and of every process linked
upstream of them, the flows they reference, those flows' properties and unit groups, the
climate-change LCIA method and the MIT licence, into one zip. Linked the same way, the
extract gives the chosen datasets the same footprints as the whole database.

    .venv/bin/python scripts/tiangong_extract.py ../shared/data/tiangong-lca-data

writes ``src/pcfrules/data/ilcd/tiangong-extract.zip``.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from lxml import etree

from pcfrules.background import ilcd, link

CHOSEN = {
    "0aa8c769-a04a-4e76-897a-2b1051cb9344": "Electricity production; Electricity mix; China",
}
CLIMATE_METHOD = "6209b35f-9447-40b5-b68c-a1099e3674a0"
OUT = Path(__file__).resolve().parents[1] / "src/pcfrules/data/ilcd/tiangong-extract.zip"


def _upstream(db_links: list[link.Link], chosen: set[str]) -> set[str]:
    providers: dict[str, set[str]] = {}
    for lk in db_links:
        providers.setdefault(lk.consumer, set()).add(lk.provider)
    seen: set[str] = set()
    stack = list(chosen)
    while stack:
        uuid = stack.pop()
        if uuid not in seen:
            seen.add(uuid)
            stack.extend(providers.get(uuid, ()))
    return seen


def _refs(file: Path, tag: str) -> set[str]:
    root = etree.parse(str(file)).getroot()
    return {e.get("refObjectId", "").lower() for e in root.iter(f"{{*}}{tag}")} - {""}


def main(source: Path) -> None:
    """Write the extract of the datasets in CHOSEN from the database at ``source``."""
    db = link.link(ilcd.read(ilcd.listing(source), "tiangong", "", str(source)))
    processes = _upstream(db.links, set(CHOSEN))
    files = [source / "processes" / f"{uuid}.xml" for uuid in sorted(processes)]
    flows = set().union(*(_refs(f, "referenceToFlowDataSet") for f in files))
    flow_files = [source / "flows" / f"{u}.xml" for u in sorted(flows)]
    flow_files = [f for f in flow_files if f.exists()]
    props = set().union(*(_refs(f, "referenceToFlowPropertyDataSet") for f in flow_files))
    prop_files = [source / "flowproperties" / f"{u}.xml" for u in sorted(props)]
    groups = set().union(*(_refs(f, "referenceToReferenceUnitGroup") for f in prop_files))
    group_files = [source / "unitgroups" / f"{u}.xml" for u in sorted(groups)]
    method = source / "lciamethods" / f"{CLIMATE_METHOD}.xml"
    with zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED) as z:
        for file in [*files, *flow_files, *prop_files, *group_files, method]:
            z.write(file, f"ILCD/{file.parent.name}/{file.name}")
        z.write(source / "LICENSE", "LICENSE")
    print(f"{OUT}: {len(files)} processes, {len(flow_files)} flows, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
