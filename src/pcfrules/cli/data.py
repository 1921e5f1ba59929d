"""``pcfrules data …``: the background databases kept in the project's database.

``list`` names the imported releases, ``show`` one release (its counts and its problems by
code) or one dataset (names, location, reference flow, exchanges with the provider chosen for
each input and by which rule, its problems), ``search`` finds datasets by name, location and
classification. Thin: parse, ask :mod:`pcfrules.background.store`, format. Every command
takes ``--db`` (default ``$PCFRULES_DATABASE_URL``), ``--format table|json`` and ``-o`` (the
answer also written as JSON); these read, so they never change the schema and refuse a
database that is not at the newest migration.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.table import Table
from sqlalchemy import Engine

from pcfrules.background import compute, importer, link, readiness, store
from pcfrules.background.model import Database, Exchange, Link
from pcfrules.background.store import DatabaseSummary, ProcessDetail, ProcessHit, ReleaseSummary
from pcfrules.cli.output import (
    FormatOption,
    OutputFormat,
    console,
    err_console,
    fail,
    json_bytes,
    print_json,
    progress_bar,
    write_output,
)
from pcfrules.errors import DatabaseError, Location, PcfrulesError
from pcfrules.registry import make_engine
from pcfrules.registry.db import existing_engine, migrate, not_initialised
from pcfrules.rules.render.units import number

T = TypeVar("T")

app = typer.Typer(
    help="Background databases: import, list, show, search, score · "
    "背景数据库：导入、列出、查看、检索、计算",
    no_args_is_help=True,
)
Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="database URL (default: $PCFRULES_DATABASE_URL or sqlite:///pcfrules-registry.db) "
        "· 数据库地址",
    ),
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="also write the answer as JSON · 同时写出 JSON 文件"),
]
Release = Annotated[
    str | None,
    typer.Option("--release", help="the release (default: the newest) · 版本（默认最新版本）"),
]
DIRECTIONS = {"input": "input / 输入", "output": "output / 输出"}
KINDS = {"product": "product / 产品", "waste": "waste / 废物", "elementary": "elementary / 基本流"}
ACTIONS = {  # what was done about a problem
    "excluded": "excluded / 已排除",
    "cut-off": "cut off / 已截断",
    "flagged": "listed / 已列出",
    "chosen": "provider chosen / 已选定提供者",
}
RULES = {  # how the linker's rules are said
    "only": "the only provider / 唯一提供者",
    "same-location": "same location / 同一地点",
    "country": "same country / 同一国家",
    "default": "the default provider / 默认提供者",
    "override": "chosen by the user / 用户指定",
}


def reading(db: str | None) -> Engine:
    """The database of ``--db`` at the newest migration, or its bilingual error (exit 2).

    The read commands never migrate, and never leave an empty SQLite file behind: a database
    that is missing or behind the code is said, not made or changed.
    """
    try:
        engine = existing_engine(db)
    except PcfrulesError as exc:
        fail(exc)
    if engine is None:
        fail(not_initialised())
    return engine


def _ask(question: Callable[[], T]) -> T:
    """The store's answer, or its bilingual refusal (a missing database or dataset: exit 2)."""
    try:
        return question()
    except PcfrulesError as exc:
        fail(exc)


def _answer(data: Any, fmt: OutputFormat, output: Path | None, tables: Callable[[], None]) -> None:
    """Write ``-o``, then print the answer as JSON or as the command's tables."""
    if output is not None:
        write_output(output, json_bytes(data))
    if fmt is OutputFormat.json:
        print_json(data)
    else:
        tables()


# --- data list ---------------------------------------------------------------------------


@app.command("list")
def list_releases(
    fmt: FormatOption = OutputFormat.table, output: Output = None, db: Db = None
) -> None:
    """List the imported background databases and their releases · 列出已导入的背景数据库."""
    engine = reading(db)
    found = _ask(lambda: store.releases(engine))
    _answer([release_data(s) for s in found], fmt, output, lambda: _print_releases(found))


def release_data(summary: DatabaseSummary) -> dict[str, Any]:
    """A release as JSON: its identity, licence, when it was imported and its counts."""
    return {
        "name": summary.name,
        "release": summary.release,
        "source": summary.source,
        "licence": summary.licence,
        "digest": summary.digest,
        "imported_at": summary.imported_at.isoformat(timespec="seconds"),
        "counts": summary.counts,
    }


def _print_releases(found: list[DatabaseSummary]) -> None:
    if not found:
        console.print("no background database imported yet / 尚未导入背景数据库", highlight=False)
        return
    table = Table(title="background databases / 背景数据库")
    for column in ("name / 名称", "release / 版本", *_count_headers(), "licence / 许可"):
        table.add_column(column, overflow="fold")
    table.add_column("imported (UTC) / 导入时间", overflow="fold")
    for s in found:
        counts = [str(s.counts.get(key, 0)) for key in store.COUNT_NAMES]
        table.add_row(s.name, s.release, *counts, s.licence, _moment(s))
    console.print(table)


def _count_headers() -> list[str]:
    return [f"{en} / {zh}" for zh, en in store.COUNT_NAMES.values()]


def _moment(summary: DatabaseSummary) -> str:
    return summary.imported_at.strftime("%Y-%m-%d %H:%M")


# --- data show ---------------------------------------------------------------------------


@app.command("show")
def show_cmd(
    name: Annotated[str, typer.Argument(help="the database's name · 数据库名称")],
    uuid: Annotated[
        str | None,
        typer.Argument(help="a dataset's UUID (default: the release itself) · 数据集 UUID"),
    ] = None,
    release: Release = None,
    fmt: FormatOption = OutputFormat.table,
    output: Output = None,
    db: Db = None,
) -> None:
    """Show a release, or one of its datasets with its providers · 查看版本或数据集."""
    engine = reading(db)
    if uuid is None:
        found = _ask(lambda: store.summary(engine, name, release))
        _answer(summary_data(found), fmt, output, lambda: _print_summary(found))
        return
    detail = _ask(lambda: store.process(engine, name, uuid, release))
    _answer(detail_data(detail), fmt, output, lambda: _print_detail(detail))


def summary_data(found: ReleaseSummary) -> dict[str, Any]:
    """A release as JSON, with its problem counts by code."""
    return {**release_data(found.database), "problems": found.problems}


def _print_summary(found: ReleaseSummary) -> None:
    s = found.database
    table = _pairs(f"{s.name} {s.release}")
    for key, value in (
        ("database / 数据库", s.name),
        ("release / 版本", s.release),
        ("source / 来源", s.source),
        ("licence / 许可", s.licence),
        ("digest (SHA-256) / 摘要", s.digest),
        ("imported (UTC) / 导入时间", _moment(s)),
    ):
        table.add_row(key, value or "—")
    for key, (zh, en) in store.COUNT_NAMES.items():
        table.add_row(f"{en} / {zh}", str(s.counts.get(key, "—")))
    console.print(table)
    if not found.problems:
        console.print("no problems recorded / 未记录问题", highlight=False)
        return
    rows = [
        {"code": code, "count": count, **readiness.meaning(code)}
        for code, count in found.problems.items()
    ]
    console.print(_readiness_table(rows))


def detail_data(detail: ProcessDetail) -> dict[str, Any]:
    """A dataset as JSON: identity, reference flow, exchanges with providers, problems."""
    p = detail.process
    ref = detail.flows.get(p.reference)
    return {
        "database": detail.database.name,
        "release": detail.database.release,
        "uuid": p.uuid,
        "version": p.version,
        "name_en": p.name_en,
        "name_zh": p.name_zh,
        "location": p.location,
        "classification": p.classification,
        "kind": p.kind,
        "year": p.year,
        "licence": p.licence,
        "reference": {
            "flow": p.reference,
            "amount": p.reference_amount,
            "unit": ref.unit if ref else "",
            "name_en": ref.name_en if ref else "",
            "name_zh": ref.name_zh if ref else "",
        },
        "exchanges": [_exchange_data(detail, e) for e in p.exchanges],
        "problems": [
            {"code": q.code, "datasets": list(q.datasets), "detail": q.detail, "action": q.action}
            for q in detail.problems
        ],
    }


def _exchange_data(detail: ProcessDetail, exchange: Exchange) -> dict[str, Any]:
    flow = detail.flows.get(exchange.flow)
    link = _link_of(detail, exchange)
    hit = detail.providers.get(link.provider) if link else None
    return {
        "flow": exchange.flow,
        "name_en": flow.name_en if flow else "",
        "name_zh": flow.name_zh if flow else "",
        "kind": flow.kind if flow else "",
        "direction": exchange.direction,
        "amount": exchange.amount,
        "unit": flow.unit if flow else "",
        "reference": exchange.reference,
        "provider": _provider_data(link, hit),
        "rule": link.rule if link else None,
    }


def _link_of(detail: ProcessDetail, exchange: Exchange) -> Link | None:
    if exchange.direction != "input":
        return None
    return next((link for link in detail.links if link.flow == exchange.flow), None)


def _provider_data(link: Link | None, hit: ProcessHit | None) -> dict[str, Any] | None:
    if link is None:
        return None
    return {
        "uuid": link.provider,
        "name_en": hit.name_en if hit else "",
        "name_zh": hit.name_zh if hit else "",
        "location": hit.location if hit else "",
    }


def _print_detail(detail: ProcessDetail) -> None:
    data = detail_data(detail)
    ref = data["reference"]
    table = _pairs(f"{data['database']} {data['release']}: {data['uuid']}")
    for key, value in (
        ("name / 名称", f"{data['name_zh']}\n{data['name_en']}"),
        ("location / 地点", data["location"]),
        ("classification / 分类", data["classification"]),
        ("kind / 类型", data["kind"]),
        ("year / 年份", data["year"]),
        ("version / 数据集版本", data["version"]),
        ("reference flow / 参考流", f"{ref['amount']:g} {ref['unit']} {_names(ref)}"),
        ("licence / 许可", data["licence"]),
    ):
        table.add_row(key, "—" if value in (None, "") else str(value))
    console.print(table)
    console.print(_exchanges_table(data["exchanges"]))
    if data["problems"]:
        console.print(_problems_table(data["problems"]))
    else:
        console.print("no problems recorded for this dataset / 该数据集未记录问题", highlight=False)


def _exchanges_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="exchanges / 交换")
    for column in (
        "direction / 方向",
        "flow / 流",
        "amount / 数量",
        "unit / 单位",
        "kind / 类别",
        "provider / 提供者",
        "rule / 规则",
    ):
        table.add_column(column, overflow="fold")
    for e in rows:
        flow = _names(e) or e["flow"]
        provider = e["provider"]
        table.add_row(
            DIRECTIONS.get(e["direction"], e["direction"]),
            f"{flow} (reference / 参考流)" if e["reference"] else flow,
            f"{e['amount']:.6g}",
            e["unit"] or "—",
            KINDS.get(e["kind"], e["kind"] or "—"),
            _provider_text(provider),
            RULES.get(e["rule"], e["rule"]) if e["rule"] else "—",
        )
    return table


def _provider_text(provider: dict[str, Any] | None) -> str:
    if provider is None:
        return "—"
    where = f" [{provider['location']}]" if provider["location"] else ""
    return f"{_names(provider) or provider['uuid']}{where}\n{provider['uuid']}"


def _problems_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="problems / 问题")
    for column in ("code / 代码", "action / 处理", "datasets / 数据集", "detail / 说明"):
        table.add_column(column, overflow="fold")
    for q in rows:
        action = ACTIONS.get(q["action"], q["action"])
        table.add_row(q["code"], action, "\n".join(q["datasets"]), q["detail"])
    return table


def _names(record: dict[str, Any]) -> str:
    """Chinese and English names on two lines (one when only one is known)."""
    return "\n".join(n for n in (record["name_zh"], record["name_en"]) if n)


def _pairs(title: str) -> Table:
    table = Table(title=title, show_header=False)
    table.add_column("", style="bold", overflow="fold")
    table.add_column("", overflow="fold")
    return table


# --- data search -------------------------------------------------------------------------


@app.command("search")
def search_cmd(
    text: Annotated[
        str, typer.Argument(help="words of the English or Chinese name · 名称中的词")
    ] = "",
    location: Annotated[
        str,
        typer.Option(
            "--location", help="location, exactly, or CN* for all it begins · 地点（CN* 为前缀）"
        ),
    ] = "",
    classification: Annotated[
        str, typer.Option("--classification", help="part of the classification · 分类")
    ] = "",
    db_name: Annotated[
        str | None,
        typer.Option("--db-name", help="only this database (default: all) · 仅此数据库"),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="at most this many hits · 最多结果数")
    ] = 50,
    fmt: FormatOption = OutputFormat.table,
    output: Output = None,
    db: Db = None,
) -> None:
    """Find datasets in the newest release of each database · 检索背景数据集."""
    engine = reading(db)
    hits = _ask(lambda: store.search(engine, text, location, classification, db_name, limit=limit))
    data = [hit_data(hit) for hit in hits]
    _answer(data, fmt, output, lambda: _print_hits(hits, limit))


def hit_data(hit: ProcessHit) -> dict[str, Any]:
    """A search hit as JSON."""
    return {
        "database": hit.database,
        "release": hit.release,
        "uuid": hit.uuid,
        "name_en": hit.name_en,
        "name_zh": hit.name_zh,
        "location": hit.location,
        "classification": hit.classification,
        "year": hit.year,
        "unit": hit.unit,
    }


def _print_hits(hits: list[ProcessHit], limit: int) -> None:
    if not hits:
        console.print("no dataset found / 未找到数据集", highlight=False)
        return
    table = Table(title=f"{len(hits)} dataset(s) found / 找到 {len(hits)} 个数据集")
    table.add_column("database / 数据库", overflow="fold")
    table.add_column("dataset / 数据集", min_width=36, overflow="fold")  # a UUID on one line
    for column in (
        "name / 名称",
        "location / 地点",
        "classification / 分类",
        "unit / 单位",
        "year / 年份",
    ):
        table.add_column(column, overflow="fold")
    for h in hits:
        table.add_row(
            f"{h.database} {h.release}",
            h.uuid,
            "\n".join(n for n in (h.name_zh, h.name_en) if n),
            h.location or "—",
            h.classification or "—",
            h.unit or "—",
            str(h.year) if h.year is not None else "—",
        )
    console.print(table)
    if len(hits) == limit:
        err_console.print(
            f"note / 说明: the first {limit} shown; narrow the search or raise --limit",
            highlight=False,
        )
        err_console.print(
            f"              仅显示前 {limit} 个；请缩小检索范围或增大 --limit",
            highlight=False,
            markup=False,
        )


# --- data import ilcd --------------------------------------------------------------------

importing = typer.Typer(help="Import a background database · 导入背景数据库", no_args_is_help=True)
app.add_typer(importing, name="import")


@importing.command("ilcd")
def import_ilcd_cmd(
    path: Annotated[Path, typer.Argument(help="an ILCD folder or zip · ILCD 文件夹或 zip 压缩包")],
    name: Annotated[
        str, typer.Option("--name", help="the database's name (default: the folder's) · 名称")
    ] = "",
    release: Annotated[
        str,
        typer.Option("--release", help="the release (default: the newest revision date) · 版本"),
    ] = "",
    licence: Annotated[
        str,
        typer.Option("--licence", help="the licence (default: its LICENSE file) · 许可"),
    ] = "",
    prefer: Annotated[
        list[str] | None,
        typer.Option(
            "--prefer",
            help="FLOW=PROCESS: this process supplies this flow everywhere (UUIDs; repeatable) "
            "· 指定某流的提供过程",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    output: Output = None,
    db: Db = None,
) -> None:
    """Import an ILCD database, link it and report every problem met · 导入 ILCD 数据库."""
    overrides = _overrides(prefer or [])
    engine = _writing(db)
    progress = progress_bar()
    task = progress.add_task("reading / 读取", total=None)
    with progress:
        done = _ask(
            lambda: importer.import_ilcd(
                engine,
                path,
                name,
                release,
                licence,
                overrides,
                lambda n: progress.update(task, total=n),
                lambda n: progress.advance(task, n),
            )
        )
    report = readiness_data(done.database)
    data = {**report, "created": done.saved.created, "replaced": done.saved.replaced}
    _answer(data, fmt, output, lambda: _print_import(done, report))


def _writing(db: str | None) -> Engine:
    """The database of ``--db``, brought to the newest migration (an import writes)."""
    try:
        engine = make_engine(db)
        migrate(engine)
    except PcfrulesError as exc:
        fail(exc)
    return engine


def _overrides(pairs: list[str]) -> dict[str, str]:
    """``FLOW=PROCESS`` pairs as a mapping, or a bilingual error naming the bad one."""
    found = {}
    for pair in pairs:
        flow, _, process = pair.partition("=")
        if not flow.strip() or not process.strip():
            fail(
                DatabaseError(
                    zh=f"--prefer 应写作 流UUID=过程UUID，而不是“{pair}”",
                    en=f"--prefer takes FLOW_UUID=PROCESS_UUID, not '{pair}'",
                    location=Location(path="--prefer"),
                ),
                2,
            )
        found[flow.strip().lower()] = process.strip().lower()
    return found


def readiness_data(database: Database) -> dict[str, Any]:
    """The readiness report: counts, problems by code with their meaning, and every problem."""
    return {
        "name": database.name,
        "release": database.release,
        "licence": database.licence,
        "digest": database.digest,
        "counts": store.counts_of(database),
        "excluded": len(link.excluded(database)),
        "by_code": readiness.rows(database.problems),
        "problems": [
            {"code": p.code, "datasets": list(p.datasets), "detail": p.detail, "action": p.action}
            for p in database.problems
        ],
    }


def _print_import(done: importer.Imported, report: dict[str, Any]) -> None:
    saved = done.saved
    console.print(f"{saved.en}\n{saved.zh}", highlight=False)
    counts = report["counts"]
    computable = counts["processes"] - report["excluded"]
    console.print(
        f"{computable} of {counts['processes']} processes can be computed; "
        f"{report['excluded']} excluded\n"
        f"{counts['processes']} 个过程中 {computable} 个可计算，{report['excluded']} 个被排除",
        highlight=False,
    )
    console.print(_readiness_table(report["by_code"]))
    console.print(
        "every problem, with its datasets: --format json or -o FILE; "
        "pcfrules data show NAME UUID for one dataset\n"
        "全部问题及其数据集：--format json 或 -o 文件；单个数据集：pcfrules data show 名称 UUID",
        highlight=False,
    )


def _readiness_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="readiness report / 就绪报告")
    table.add_column("code / 代码", no_wrap=True)
    table.add_column("count / 数量", justify="right", no_wrap=True)
    table.add_column("problem → what was done / 问题 → 处理", overflow="fold")
    for row in rows:
        table.add_row(
            row["code"],
            str(row["count"]),
            f"{row['en']} → {row['done_en']}\n{row['zh']} → {row['done_zh']}",
        )
    return table


# --- data scores ---------------------------------------------------------------------------


@app.command("scores")
def scores_cmd(
    name: Annotated[str, typer.Argument(help="the database's name · 数据库名称")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="every product's score as CSV · 全部产品的得分（CSV）"),
    ] = None,
    dataset: Annotated[
        str | None,
        typer.Option(
            "--dataset", help="explain one dataset: its supply chain's processes · 贡献分析"
        ),
    ] = None,
    gwp_set: Annotated[
        str, typer.Option("--gwp-set", help="GWP set (default AR6-GWP100) · GWP 集")
    ] = "AR6-GWP100",
    release: Release = None,
    fmt: FormatOption = OutputFormat.table,
    db: Db = None,
) -> None:
    """Every product's cradle-to-gate footprint, or one explained · 全部产品的碳足迹."""
    engine = reading(db)
    database = _ask(lambda: store.load(engine, name, release))
    if dataset is not None:
        score, parts = _ask(lambda: compute.contributions(database, dataset.lower(), gwp_set))
        data = contribution_data(score, parts, gwp_set)
        _answer(data, fmt, None, lambda: _print_contributions(database, data))
        return
    started = time.perf_counter()
    result = _ask(lambda: compute.scores(database, gwp_set))
    seconds = time.perf_counter() - started
    if output is not None:
        write_output(output, compute.scores_csv(result))
    summary = {
        "name": database.name,
        "release": database.release,
        "products": len(result.scores),
        "gwp_set": result.gwp_set,
        "method": result.method,
        "solver": result.solver,
        "seconds": round(seconds, 3),
    }
    _answer(summary, fmt, None, lambda: _print_scores(summary))


def contribution_data(
    score: compute.Score, parts: list[compute.Contribution], gwp_set: str
) -> dict[str, Any]:
    """One dataset's score and the processes of its supply chain by direct emission."""
    return {
        "process": score.process,
        "name_en": score.name_en,
        "name_zh": score.name_zh,
        "location": score.location,
        "unit": score.unit,
        "kg_co2e": score.kg_co2e,
        "gwp_set": gwp_set,
        "contributions": [dataclasses.asdict(p) for p in parts],
    }


def _print_contributions(database: Database, data: dict[str, Any]) -> None:
    console.print(
        f"{data['name_zh']}\n{data['name_en']} [{data['location']}]\n"
        f"{number(data['kg_co2e'])} kg CO2e / {data['unit']} ({data['gwp_set']}; "
        f"{database.name} {database.release})",
        highlight=False,
    )
    table = Table(title="contributions / 贡献分析")
    table.add_column("process / 过程", overflow="fold")
    table.add_column("location / 地点")
    table.add_column("activity / 活动量", justify="right")
    table.add_column("kg CO2e", justify="right")
    table.add_column("share / 占比", justify="right")
    total = data["kg_co2e"] or 1.0
    for part in data["contributions"]:
        table.add_row(
            f"{part['name_zh']}\n{part['name_en']}",
            part["location"] or "—",
            number(part["activity"]),
            number(part["kg_co2e"]),
            f"{100 * part['kg_co2e'] / total:.1f} %",
        )
    console.print(table)


def _print_scores(summary: dict[str, Any]) -> None:
    console.print(
        f"{summary['products']} products scored in {summary['seconds']} s "
        f"({summary['gwp_set']}; solver: {summary['solver']}); the database's own method "
        f"beside: {summary['method'] or '—'}\n"
        f"{summary['products']} 个产品的碳足迹，用时 {summary['seconds']} 秒"
        f"（{summary['gwp_set']}；求解：{summary['solver']}）",
        highlight=False,
    )
