"""``pcfrules registry …``: every step of the procedure, and what the registry hands out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from pcfrules.cli.output import (
    FormatOption,
    OutputFormat,
    console,
    err_console,
    fail,
    parse_date,
    show,
)
from pcfrules.errors import PcfrulesError
from pcfrules.registry import Registry, exports, make_engine, migrate
from pcfrules.registry.diff import diff as rule_diff
from pcfrules.registry.seed import seed as seed_catalogue
from pcfrules.registry.service import Backdate
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.sources import find

app = typer.Typer(
    help="Registry: rule standards through their procedure · 登记簿：标准制修订程序",
    no_args_is_help=True,
)
_options: dict[str, Any] = {}

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="database URL (default: $PCFRULES_DATABASE_URL or sqlite:///pcfrules-registry.db)",
    ),
]
Person = Annotated[
    str | None,
    typer.Option("--as", help="the registered person acting (checked, recorded in the audit)"),
]
When = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="record a step that happened earlier (YYYY-MM-DD[THH:MM]; needs --date-reason); "
        "default: now",
    ),
]
Reason = Annotated[
    str, typer.Option("--date-reason", help="why a step is back-dated (e.g. a paper procedure)")
]
RuleId = Annotated[str, typer.Argument(help="rule id · 规则编号")]


@app.callback()
def options(db: Db = None, person: Person = None, when: When = None, reason: Reason = "") -> None:
    """Options shared by every registry command."""
    _options.update(db=db, person=person, when=when, reason=reason)


def _registry() -> Registry:
    """The registry on its own clock; ``--date`` back-dates the step (the registry checks it)."""
    try:
        registry = Registry(make_engine(_options.get("db")), person=_options.get("person"))
    except PcfrulesError as exc:
        fail(exc, code=1)
    when = _options.get("when")
    if when:
        registry.backdate = Backdate(_moment(when), _options.get("reason", ""))
    return registry


def _moment(text: str) -> datetime:
    """``--date``: a date or a date and time (ISO 8601), or a bilingual error."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return datetime.combine(parse_date(text, "--date"), datetime.min.time())


def _rule(spec: str) -> RuleStandard:
    """A rule file or id to hand to the registry (never a registry version itself)."""
    try:
        return find(spec).rule
    except PcfrulesError as exc:
        fail(exc, code=2)


def _run(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except PcfrulesError as exc:
        fail(exc, code=1)


@app.command()
def init() -> None:
    """Create or upgrade the registry database (Alembic migrations) · 初始化数据库."""
    engine = make_engine(_options.get("db"))
    console.print(
        f"registry at / 登记簿位于 {engine.url.render_as_string(hide_password=True)}: "
        f"schema {migrate(engine)}"
    )


@app.command()
def association(
    code: str,
    name_zh: str,
    name_en: str,
    vote_fallback: Annotated[bool, typer.Option(help="allow a ¾ vote")] = False,
) -> None:
    """Register a standards body; the person acting (--as) becomes its secretariat · 登记社会团体."""
    _run(lambda: _registry().add_association(code, name_zh, name_en, vote_fallback))


@app.command()
def person(
    name: str,
    organisation: str,
    category: Annotated[
        str,
        typer.Argument(
            help="producer, distributor, user, "
            "consumer, education_research, testing_certification, government"
        ),
    ],
) -> None:
    """Register a person in one of the seven stakeholder categories · 登记人员."""
    _run(lambda: _registry().add_stakeholder(name, organisation, category))


@app.command()
def grant(
    name: str,
    association_code: str,
    role: Annotated[str, typer.Argument(help="secretariat, drafter, reviewer or stakeholder")],
) -> None:
    """Give a person a role in an association (its secretariat, --as) · 授予角色."""
    _run(lambda: _registry().grant(name, association_code, role))


@app.command()
def revoke(
    name: str,
    association_code: str,
    role: Annotated[str, typer.Argument(help="secretariat, drafter, reviewer or stakeholder")],
) -> None:
    """Take a role back (its secretariat, --as) · 收回角色."""
    _run(lambda: _registry().revoke(name, association_code, role))


@app.command()
def people(fmt: FormatOption = OutputFormat.table) -> None:
    """Registered persons and their roles · 登记人员及其角色."""
    show(_run(lambda: _registry().people()), fmt)


@app.command()
def propose(
    rule: Annotated[str, typer.Argument(help="rule file or id (search path, catalogue)")],
    association_code: Annotated[str, typer.Option("--association")],
    sector: Annotated[str, typer.Option("--sector")],
    drafter: Annotated[list[str], typer.Option("--drafter")],
    co_developer: Annotated[list[str] | None, typer.Option("--co-developer")] = None,
) -> None:
    """立项申请: propose a rule standard."""
    _run(
        lambda: _registry().propose(
            _rule(rule),
            association_code,
            sector,
            drafter,
            co_developer or [],
        )
    )


@app.command("approve-project")
def approve_project(rule_id: RuleId) -> None:
    """立项: approve the project."""
    _run(lambda: _registry().approve_project(rule_id))


@app.command()
def draft(rule_id: RuleId) -> None:
    """起草: start drafting."""
    _run(lambda: _registry().start_drafting(rule_id))


@app.command()
def update(
    rule: Annotated[str, typer.Argument(help="rule file of the draft")],
    answers: Annotated[
        list[int] | None, typer.Option("--answers", help="number of a comment this answers")
    ] = None,
) -> None:
    """Replace the text of a draft (in drafting, or after comment closes) · 更新草案."""
    _run(lambda: _registry().update_draft(_rule(rule), answers or []))


@app.command()
def stages(rule_id: RuleId, fmt: FormatOption = OutputFormat.table) -> None:
    """The stages of the text: SHA-256 and clause diff to the stage before · 文本各阶段."""
    registry = _registry()

    def collect() -> dict[str, Any]:
        return {"stages": registry.stages(rule_id), "revisions": registry.revisions(rule_id)}

    show(_run(collect), fmt)


@app.command("open-comment")
def open_comment(rule_id: RuleId, days: int = 30) -> None:
    """征求意见: open public comment (at least 30 days; the rule must conform)."""
    _run(lambda: _registry().open_comment(rule_id, days))


@app.command()
def comment(
    rule_id: RuleId, stakeholder_name: str, clause: str, text: str, proposal: str = ""
) -> None:
    """A clause-level comment · 提交意见 (clause = a field path such as boundary.cut_off)."""
    number = _run(lambda: _registry().comment(rule_id, stakeholder_name, clause, text, proposal))
    console.print(f"comment / 意见 {number}")


@app.command()
def dispose(
    comment_id: int,
    disposition: Annotated[str, typer.Argument(help="accepted, partly_accepted or not_accepted")],
    reason: str = "",
) -> None:
    """处理意见: record the disposition of a comment."""
    _run(lambda: _registry().dispose(comment_id, disposition, reason))


@app.command()
def reopen(comment_id: int, reason: str) -> None:
    """Remove a disposition recorded by mistake (before review) · 撤销处理结果."""
    _run(lambda: _registry().reopen(comment_id, reason))


@app.command()
def review(rule_id: RuleId) -> None:
    """技术审查: start review (comment closed, every comment disposed)."""
    _run(lambda: _registry().start_review(rule_id))


@app.command()
def vote(
    rule_id: RuleId,
    stakeholder_name: str,
    choice: Annotated[str, typer.Argument(help="yes, no or abstain")],
    reason: Annotated[str, typer.Option(help="why (a 'no' must say)")] = "",
) -> None:
    """表决 in technical review; a later vote replaces the earlier one (drafters do not vote)."""
    _run(lambda: _registry().vote(rule_id, stakeholder_name, choice, reason))


@app.command("objections")
def objections_cmd(rule_id: RuleId, fmt: FormatOption = OutputFormat.table) -> None:
    """The objections of the review and where each stands · 异议."""
    show(_run(lambda: _registry().objections(rule_id)), fmt)


@app.command()
def answer(objection_id: int, text: str) -> None:
    """The drafters answer an objection · 答复异议."""
    _run(lambda: _registry().answer_objection(objection_id, text))


@app.command("withdraw-objection")
def withdraw_objection(objection_id: int) -> None:
    """The voter withdraws an objection · 撤回异议."""
    _run(lambda: _registry().withdraw_objection(objection_id))


@app.command()
def sustain(objection_id: int) -> None:
    """The secretariat records an answered objection as sustained · 异议维持."""
    _run(lambda: _registry().sustain_objection(objection_id))


@app.command("send-back")
def send_back(rule_id: RuleId, reason: str) -> None:
    """From technical review back to drafting, with a reason · 退回起草."""
    _run(lambda: _registry().send_back(rule_id, reason))


@app.command("edit-association")
def edit_association(
    code: str,
    new_code: Annotated[str | None, typer.Option("--code")] = None,
    name_zh: Annotated[str | None, typer.Option("--name-zh")] = None,
    name_en: Annotated[str | None, typer.Option("--name-en")] = None,
    vote_fallback: Annotated[
        bool | None, typer.Option("--vote-fallback/--no-vote-fallback", help="¾ vote")
    ] = None,
    public_comments: Annotated[
        bool | None, typer.Option("--public-comments/--no-public-comments")
    ] = None,
) -> None:
    """The association's settings, by its secretariat (audited) · 修改社会团体设置."""
    _run(
        lambda: _registry().update_association(
            code,
            new_code=new_code,
            name_zh=name_zh,
            name_en=name_en,
            vote_fallback=vote_fallback,
            public_comments=public_comments,
        )
    )


@app.command("co-approve")
def co_approve(rule_id: RuleId, association_code: str) -> None:
    """A co-developing association approves a cross-domain standard · 共同制定方批准."""
    _run(lambda: _registry().co_approve(rule_id, association_code))


@app.command()
def approve(rule_id: RuleId, fmt: FormatOption = OutputFormat.json) -> None:
    """批准: consensus (or the ¾ fallback) and all co-developers' approval."""
    show(_run(lambda: _registry().approve(rule_id)), fmt)


@app.command()
def publish(
    rule_id: RuleId,
    issue: str,
    implementation: str,
    number: Annotated[
        str | None, typer.Option(help="T/<org> <seq>—<year>; default: the next one")
    ] = None,
    fmt: FormatOption = OutputFormat.json,
) -> None:
    """发布: number, dates, frozen text; warns when a stakeholder category is missing."""
    result = _run(
        lambda: _registry().publish(
            rule_id,
            parse_date(issue, "ISSUE"),
            parse_date(implementation, "IMPLEMENTATION"),
            number,
        )
    )
    for category in result["missing_categories"]:
        console.print(
            f"[yellow]warning / 警告[/]: no stakeholder of category '{category}' took "
            "part / 缺少该类相关方"
        )
    show(result, fmt)


@app.command()
def recommend(rule_id: RuleId, batch: str, on: str) -> None:
    """列入推荐清单 (batch name and date)."""
    _run(lambda: _registry().recommend(rule_id, batch, parse_date(on, "ON")))


@app.command()
def adopt(
    rule_id: RuleId, level: Annotated[str, typer.Argument(help="industry or national")], number: str
) -> None:
    """采信/转化 as an industry or national standard with its new number."""
    _run(lambda: _registry().adopt(rule_id, level, number))


@app.command()
def evaluate(
    rule_id: RuleId,
    on: str,
    conclusion: Annotated[str, typer.Argument(help="keep, revise or withdraw")],
    findings: str,
) -> None:
    """实施评估."""
    _run(lambda: _registry().evaluate(rule_id, parse_date(on, "ON"), conclusion, findings))


@app.command()
def revise(rule: Annotated[str, typer.Argument(help="rule file of the new version")]) -> None:
    """修订: open a new version in drafting."""
    _run(lambda: _registry().revise(_rule(rule)))


@app.command()
def withdraw(rule_id: RuleId, reason: str) -> None:
    """废止."""
    _run(lambda: _registry().withdraw(rule_id, reason))


@app.command("show")
def show_cmd(
    rule_id: Annotated[str | None, typer.Argument()] = None,
    fmt: FormatOption = OutputFormat.json,
) -> None:
    """One standard and its versions, or all standards · 查看."""
    registry = _registry()
    show(_run(lambda: registry.show(rule_id) if rule_id else registry.standards()), fmt)


@app.command()
def history(rule_id: RuleId, fmt: FormatOption = OutputFormat.json) -> None:
    """The audit trail and each version's comment dispositions · 审计记录与意见处理."""
    registry = _registry()

    def collect() -> dict[str, Any]:
        versions = [v["version"] for v in registry.show(rule_id)["versions"]]
        return {
            "audit": registry.history(rule_id),
            "dispositions": {v: registry.comments(rule_id, v) for v in versions},
        }

    show(_run(collect), fmt)


@app.command()
def diff(rule_id: RuleId, old: str, new: str, fmt: FormatOption = OutputFormat.json) -> None:
    """Clause-by-clause differences between two versions · 版本差异."""
    registry = _registry()
    show(
        _run(
            lambda: rule_diff(
                registry.version_rule(rule_id, old), registry.version_rule(rule_id, new)
            )
        ),
        fmt,
    )


@app.command("dispositions")
def dispositions(
    rule_id: RuleId, output: Annotated[Path, typer.Option("-o")], version: str | None = None
) -> None:
    """意见汇总处理表 as xlsx."""
    _run(lambda: exports.disposition_table(_registry(), rule_id, output, version))
    console.print(f"wrote / 已写入 {output}")


@app.command()
def disclosure(rule_id: RuleId, fmt: FormatOption = OutputFormat.json) -> None:
    """Self-declaration record for the group-standards platform · 自我声明公开信息."""
    show(_run(lambda: exports.disclosure(_registry(), rule_id)), fmt)


@app.command("public-text")
def public_text(rule_id: RuleId, folder: Annotated[Path, typer.Option("-o")]) -> None:
    """Free public text of the published standard (zh and en HTML) · 免费公开文本."""
    for path in _run(lambda: exports.public_text(_registry(), rule_id, folder)):
        console.print(f"wrote / 已写入 {path}")


@app.command()
def verify(fmt: FormatOption = OutputFormat.table) -> None:
    """Recompute the audit chain and every published text's SHA-256 · 核验登记簿."""
    report = _run(lambda: _registry().verify())
    if fmt is OutputFormat.json:
        show(report, fmt)
    for finding in report["findings"] if fmt is OutputFormat.table else []:
        err_console.print(
            f"[bold red]tampered / 被篡改[/] {finding['where']}: {finding['en']}", highlight=False
        )
        err_console.print(f"    {finding['zh']}", highlight=False, markup=False)
    if not report["findings"] and fmt is OutputFormat.table:
        console.print(
            f"verified / 已核验: {report['audit_records']} audit records, "
            f"{report['published_versions']} published texts · 审计记录 "
            f"{report['audit_records']} 条，已发布文本 {report['published_versions']} 份，均未被改动"
        )
    if report["findings"]:
        raise typer.Exit(1)


@app.command()
def dashboard(fmt: FormatOption = OutputFormat.json) -> None:
    """Standards by state, sector, classification; priority coverage; progress to 2027."""
    show(_run(lambda: exports.dashboard(_registry())), fmt)


@app.command()
def seed() -> None:
    """Load the built-in catalogue as published group standards (demo) · 导入示例目录."""
    engine = make_engine(_options.get("db"))
    migrate(engine)
    numbers = _run(lambda: seed_catalogue(Registry(engine)))
    console.print(f"published / 已发布: {', '.join(numbers) or '—'}")
