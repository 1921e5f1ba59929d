"""``pcfrules registry …``: every step of the procedure, and what the registry hands out.

Every step prints one bilingual line saying what happened (``--format json``: the same as
data); the read commands print tables unless asked for JSON. The registry options
(``--db``, ``--as``, ``--date``, ``--date-reason``) may come before or after the subcommand.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import Engine
from typer.core import TyperGroup

from pcfrules.cli.output import (
    FormatOption,
    OutputFormat,
    RuleOption,
    console,
    err_console,
    fail,
    parse_date,
    print_json,
    rule_spec,
    show,
)
from pcfrules.errors import PcfrulesError
from pcfrules.registry import Registry, exports, make_engine, migrate, workflow
from pcfrules.registry.diff import diff as rule_diff
from pcfrules.registry.seed import seed as seed_catalogue
from pcfrules.registry.service import Backdate
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.sources import find

GROUP_OPTIONS = ("--db", "--as", "--date", "--date-reason")  # each takes one value


class OptionsAnywhere(TyperGroup):
    """The registry's own options may follow the subcommand: they are moved before it."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Hoist ``GROUP_OPTIONS`` (and their values) found anywhere before ``--``."""
        return super().parse_args(ctx, hoist_options(args))


def hoist_options(args: list[str]) -> list[str]:
    """``args`` with the registry options first, the rest in their order."""
    hoisted: list[str] = []
    rest: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            rest += [token, *tokens]
            break
        if token in GROUP_OPTIONS:
            hoisted += [token, next(tokens, "")]
        elif token.split("=", 1)[0] in GROUP_OPTIONS:
            hoisted.append(token)
        else:
            rest.append(token)
    return hoisted + rest


app = typer.Typer(
    cls=OptionsAnywhere,
    help="Registry: rule standards through their procedure · 登记簿：标准制修订程序",
    no_args_is_help=True,
)
_options: dict[str, Any] = {}
StepFormat = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="table (one line) or json · 一行文字或 JSON"),
]

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
        fail(exc)  # 2 for a database that cannot be opened, 1 for a registry refusal
    when = _options.get("when")
    if when:
        registry.backdate = Backdate(_moment(when), _options.get("reason", ""))
    return registry


def _engine() -> Engine:
    """The database of ``--db``, or its bilingual error (exit code 2)."""
    try:
        return make_engine(_options.get("db"))
    except PcfrulesError as exc:
        fail(exc)


def _moment(text: str) -> datetime:
    """``--date``: a date or a date and time (ISO 8601), or a bilingual error."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return datetime.combine(parse_date(text, "--date"), datetime.min.time())


def _rule(argument: str | None, option: str | None) -> RuleStandard:
    """A rule file or id to hand to the registry (never a registry version itself)."""
    spec = rule_spec(argument, option)
    try:
        return find(spec).rule
    except PcfrulesError as exc:
        fail(exc, code=2)


def _run(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except PcfrulesError as exc:
        fail(exc, code=1)


def _done(
    fmt: OutputFormat, step: str, subject: str, data: dict[str, Any] | None = None, extra: str = ""
) -> None:
    """What a step did: one bilingual line, or its data as JSON."""
    if fmt is OutputFormat.json:
        print_json({"step": step, "subject": subject, **(data or {})})
        return
    zh, en = workflow.DONE[step]
    console.print(f"{en} / {zh} {subject}{extra}", highlight=False, markup=False)


def _as_of() -> str:
    """', recorded as of DATE' for a back-dated step."""
    when = _options.get("when")
    return f", recorded as of / 补记于 {when}" if when else ""


@app.command()
def init() -> None:
    """Create or upgrade the registry database (Alembic migrations) · 初始化数据库."""
    engine = _engine()
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
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """Register a standards body; the person acting (--as) becomes its secretariat · 登记社会团体."""
    _run(lambda: _registry().add_association(code, name_zh, name_en, vote_fallback))
    _done(
        fmt,
        "add-association",
        code,
        {"secretariat": _options.get("person")},
        f" ({name_zh}), secretariat / 秘书处 {_options.get('person')}",
    )


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
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """Register a person in one of the seven stakeholder categories · 登记人员."""
    _run(lambda: _registry().add_stakeholder(name, organisation, category))
    _done(fmt, "add-stakeholder", name, {"category": category}, f" ({organisation}, {category})")


@app.command()
def grant(
    name: str,
    association_code: str,
    role: Annotated[str, typer.Argument(help="secretariat, drafter, reviewer or stakeholder")],
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """Give a person a role in an association (its secretariat, --as) · 授予角色."""
    _role_step("grant", name, association_code, role, fmt)


@app.command()
def revoke(
    name: str,
    association_code: str,
    role: Annotated[str, typer.Argument(help="secretariat, drafter, reviewer or stakeholder")],
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """Take a role back (its secretariat, --as) · 收回角色."""
    _role_step("revoke", name, association_code, role, fmt)


def _role_step(step: str, name: str, association_code: str, role: str, fmt: OutputFormat) -> None:
    """Grant or revoke a role, and say so (the two steps differ only in the registry's call)."""
    registry = _registry()
    change = registry.grant if step == "grant" else registry.revoke
    _run(lambda: change(name, association_code, role))
    _done(
        fmt,
        step,
        name,
        {"association": association_code, "role": role},
        f": {association_code} {role}",
    )


@app.command()
def people(fmt: FormatOption = OutputFormat.table) -> None:
    """Registered persons and their roles · 登记人员及其角色."""
    show(_run(lambda: _registry().people()), fmt)


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
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """The association's settings, by its secretariat (audited) · 修改社会团体设置."""
    changes = _run(
        lambda: _registry().update_association(
            code,
            new_code=new_code,
            name_zh=name_zh,
            name_en=name_en,
            vote_fallback=vote_fallback,
            public_comments=public_comments,
        )
    )
    said = "; ".join(f"{field} {old} → {new}" for field, (old, new) in changes.items())
    _done(fmt, "edit-association", code, {"changes": changes}, f": {said}")


@app.command()
def propose(
    rule: Annotated[
        str | None, typer.Argument(help="rule file or id (search path, catalogue), or --rule")
    ] = None,
    rule_option: RuleOption = None,
    *,
    association_code: Annotated[str, typer.Option("--association")],
    sector: Annotated[str, typer.Option("--sector")],
    drafter: Annotated[list[str], typer.Option("--drafter")],
    co_developer: Annotated[list[str] | None, typer.Option("--co-developer")] = None,
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """立项申请: propose a rule standard."""
    text = _rule(rule, rule_option)
    _run(lambda: _registry().propose(text, association_code, sector, drafter, co_developer or []))
    subject = f"{text.identity.id} {text.identity.version}"
    _done(
        fmt,
        "propose",
        subject,
        {"association": association_code},
        f" ({association_code}){_as_of()}",
    )


@app.command("approve-project")
def approve_project(rule_id: RuleId, fmt: StepFormat = OutputFormat.table) -> None:
    """立项: approve the project."""
    _run(lambda: _registry().approve_project(rule_id))
    _done(fmt, "approve-project", rule_id, extra=_as_of())


@app.command()
def draft(rule_id: RuleId, fmt: StepFormat = OutputFormat.table) -> None:
    """起草: start drafting."""
    _run(lambda: _registry().start_drafting(rule_id))
    _done(fmt, "start-drafting", rule_id, extra=_as_of())


@app.command()
def update(
    rule: Annotated[str | None, typer.Argument(help="rule file of the draft, or --rule")] = None,
    rule_option: RuleOption = None,
    answers: Annotated[
        list[int] | None, typer.Option("--answers", help="number of a comment this answers")
    ] = None,
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """Replace the text of a draft (in drafting, or after comment closes) · 更新草案."""
    text = _rule(rule, rule_option)
    clauses = _run(lambda: _registry().update_draft(text, answers or []))
    cited = f", answering / 答复意见 {', '.join(map(str, answers))}" if answers else ""
    _done(
        fmt,
        "update-draft",
        text.identity.id,
        {"clauses": clauses, "answers": answers or []},
        f": {len(clauses)} clause(s) changed / 条款修改 {len(clauses)} 处{cited}",
    )


@app.command()
def stages(rule_id: RuleId, fmt: FormatOption = OutputFormat.table) -> None:
    """The stages of the text: SHA-256 and clause diff to the stage before · 文本各阶段."""
    registry = _registry()
    found = _run(lambda: registry.stages(rule_id))
    revisions = _run(lambda: registry.revisions(rule_id))
    if fmt is OutputFormat.json:
        show({"stages": found, "revisions": revisions}, fmt)
        return
    rows = [
        {
            "stage": t["name"],
            "at": t["at"],
            "sha256": t["sha256"],
            "changed clauses": [c["path"] for c in t["changes"]],
        }
        for t in found
    ]
    show(rows, fmt, "stages of the text / 文本各阶段")
    if revisions:
        show(revisions, fmt, "revisions / 修改记录")


@app.command("open-comment")
def open_comment(rule_id: RuleId, days: int = 30, fmt: StepFormat = OutputFormat.table) -> None:
    """征求意见: open public comment (at least 30 days; the rule must conform)."""
    registry = _registry()
    _run(lambda: registry.open_comment(rule_id, days))
    closes = registry.show(rule_id)["versions"][-1]["comment_closes"]
    _done(
        fmt,
        "open-comment",
        rule_id,
        {"days": days, "closes": closes},
        f", {days} days, until / 截止 {closes}{_as_of()}",
    )


@app.command()
def comment(
    rule_id: RuleId,
    stakeholder_name: str,
    clause: str,
    text: str,
    proposal: str = "",
    kind: Annotated[
        str, typer.Option("--kind", help="ge general, te technical or ed editorial · 意见类型")
    ] = "te",
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """A clause-level comment · 提交意见 (clause = a field path such as boundary.cut_off)."""
    number = _run(
        lambda: _registry().comment(rule_id, stakeholder_name, clause, text, proposal, kind)
    )
    _done(
        fmt,
        "comment",
        f"{number}",
        {"comment": number, "clause": clause, "kind": kind},
        f" on / 针对 {rule_id} {clause}, by / 提出人 {stakeholder_name}, {kind}{_as_of()}",
    )


@app.command()
def support(comment_id: int, fmt: StepFormat = OutputFormat.table) -> None:
    """附议: the person acting (--as) supports another's comment during its period."""
    _run(lambda: _registry().support(comment_id))
    supporter = _options.get("person")
    _done(
        fmt,
        "support-comment",
        f"{comment_id}",
        {"comment": comment_id, "by": supporter},
        f", by / 附议人 {supporter}{_as_of()}",
    )


@app.command()
def dispose(
    comment_id: int,
    disposition: Annotated[str, typer.Argument(help="accepted, partly_accepted or not_accepted")],
    reason: str = "",
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """处理意见: record the disposition of a comment."""
    _run(lambda: _registry().dispose(comment_id, disposition, reason))
    _done(fmt, "dispose", f"{comment_id}", {"disposition": disposition}, f": {disposition}")


@app.command()
def reopen(comment_id: int, reason: str, fmt: StepFormat = OutputFormat.table) -> None:
    """Remove a disposition recorded by mistake (before review) · 撤销处理结果."""
    _run(lambda: _registry().reopen(comment_id, reason))
    _done(fmt, "reopen", f"{comment_id}")


@app.command()
def review(rule_id: RuleId, fmt: StepFormat = OutputFormat.table) -> None:
    """技术审查: start review (comment closed, every comment disposed)."""
    _run(lambda: _registry().start_review(rule_id))
    _done(fmt, "start-review", rule_id, extra=_as_of())


@app.command()
def vote(
    rule_id: RuleId,
    stakeholder_name: str,
    choice: Annotated[str, typer.Argument(help="yes, no or abstain")],
    reason: Annotated[str, typer.Option(help="why (a 'no' must say)")] = "",
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """表决 in technical review; a later vote replaces the earlier one (drafters do not vote)."""
    _run(lambda: _registry().vote(rule_id, stakeholder_name, choice, reason))
    _done(
        fmt,
        "vote",
        rule_id,
        {"voter": stakeholder_name, "vote": choice},
        f": {stakeholder_name} {choice}{_as_of()}",
    )


@app.command("objections")
def objections_cmd(rule_id: RuleId, fmt: FormatOption = OutputFormat.table) -> None:
    """The objections of the review and where each stands · 异议."""
    show(_run(lambda: _registry().objections(rule_id)), fmt)


@app.command()
def answer(objection_id: int, text: str, fmt: StepFormat = OutputFormat.table) -> None:
    """The drafters answer an objection · 答复异议."""
    _run(lambda: _registry().answer_objection(objection_id, text))
    _done(fmt, "objection-answer", f"{objection_id}")


@app.command("withdraw-objection")
def withdraw_objection(objection_id: int, fmt: StepFormat = OutputFormat.table) -> None:
    """The voter withdraws an objection · 撤回异议."""
    _run(lambda: _registry().withdraw_objection(objection_id))
    _done(fmt, "objection-withdrawn", f"{objection_id}")


@app.command()
def sustain(objection_id: int, fmt: StepFormat = OutputFormat.table) -> None:
    """The secretariat records an answered objection as sustained · 异议维持."""
    _run(lambda: _registry().sustain_objection(objection_id))
    _done(fmt, "objection-sustained", f"{objection_id}")


@app.command("send-back")
def send_back(rule_id: RuleId, reason: str, fmt: StepFormat = OutputFormat.table) -> None:
    """From technical review back to drafting, with a reason · 退回起草."""
    tally = _run(lambda: _registry().send_back(rule_id, reason))
    _done(fmt, "send-back", rule_id, {"dropped_tally": tally}, f": {reason}")


@app.command("co-approve")
def co_approve(
    rule_id: RuleId, association_code: str, fmt: StepFormat = OutputFormat.table
) -> None:
    """A co-developing association approves a cross-domain standard · 共同制定方批准."""
    _run(lambda: _registry().co_approve(rule_id, association_code))
    _done(fmt, "co-approve", rule_id, {"association": association_code}, f": {association_code}")


@app.command()
def approve(rule_id: RuleId, fmt: StepFormat = OutputFormat.table) -> None:
    """批准: consensus (or the ¾ fallback) and all co-developers' approval."""
    tally = _run(lambda: _registry().approve(rule_id))
    how = "consensus / 协商一致" if tally["consensus"] else "¾ of the votes / 四分之三多数"
    _done(
        fmt,
        "approve",
        rule_id,
        tally,
        f", {how} (yes {tally['yes']}, no {tally['no']}, abstain {tally['abstain']}){_as_of()}",
    )


@app.command()
def publish(
    rule_id: RuleId,
    issue: str,
    implementation: str,
    number: Annotated[
        str | None, typer.Option(help="T/<org> <seq>—<year>; default: the next one")
    ] = None,
    fmt: StepFormat = OutputFormat.table,
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
        err_console.print(
            f"[yellow]warning / 警告[/]: no stakeholder of category '{category}' took "
            "part / 缺少该类相关方"
        )
    _done(fmt, "publish", result["number"], result, f", SHA-256 {result['sha256'][:8]}…")


@app.command()
def recommend(rule_id: RuleId, batch: str, on: str, fmt: StepFormat = OutputFormat.table) -> None:
    """列入推荐清单 (batch name and date)."""
    _run(lambda: _registry().recommend(rule_id, batch, parse_date(on, "ON")))
    _done(fmt, "recommend", rule_id, {"batch": batch, "on": on}, f": {batch}, {on}")


@app.command()
def adopt(
    rule_id: RuleId,
    level: Annotated[str, typer.Argument(help="industry or national")],
    number: str,
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """采信/转化 as an industry or national standard with its new number."""
    _run(lambda: _registry().adopt(rule_id, level, number))
    _done(fmt, "adopt", rule_id, {"level": level, "number": number}, f" as / 作为 {number}")


@app.command()
def evaluate(
    rule_id: RuleId,
    on: str,
    conclusion: Annotated[str, typer.Argument(help="keep, revise or withdraw")],
    findings: str,
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """实施评估."""
    _run(lambda: _registry().evaluate(rule_id, parse_date(on, "ON"), conclusion, findings))
    _done(fmt, "evaluate", rule_id, {"conclusion": conclusion}, f": {conclusion}")


@app.command()
def revise(
    rule: Annotated[
        str | None, typer.Argument(help="rule file of the new version, or --rule")
    ] = None,
    rule_option: RuleOption = None,
    fmt: StepFormat = OutputFormat.table,
) -> None:
    """修订: open a new version in drafting."""
    text = _rule(rule, rule_option)
    _run(lambda: _registry().revise(text))
    _done(fmt, "revise", f"{text.identity.id} {text.identity.version}")


@app.command()
def withdraw(rule_id: RuleId, reason: str, fmt: StepFormat = OutputFormat.table) -> None:
    """废止."""
    _run(lambda: _registry().withdraw(rule_id, reason))
    _done(fmt, "withdraw", rule_id, {"reason": reason}, f": {reason}")


@app.command("show")
def show_cmd(
    rule_id: Annotated[str | None, typer.Argument()] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """One standard and its versions, or all standards · 查看."""
    registry = _registry()
    if not rule_id:
        show(_run(registry.standards), fmt, "standards / 标准")
        return
    info = _run(lambda: registry.show(rule_id))
    if fmt is OutputFormat.json:
        show(info, fmt)
        return
    show({k: v for k, v in info.items() if k != "versions"}, fmt, f"{rule_id}")
    show(info["versions"], fmt, "versions / 版本")


@app.command()
def history(rule_id: RuleId, fmt: FormatOption = OutputFormat.table) -> None:
    """The audit trail and each version's comment dispositions · 审计记录与意见处理."""
    registry = _registry()

    def collect() -> dict[str, Any]:
        versions = [v["version"] for v in registry.show(rule_id)["versions"]]
        return {
            "audit": registry.history(rule_id),
            "dispositions": {v: registry.comments(rule_id, v) for v in versions},
        }

    found = _run(collect)
    if fmt is OutputFormat.json:
        show(found, fmt)
        return
    columns = ("at", "real_at", "actor", "action", "version", "reason", "detail")
    trail = [{c: r[c] for c in columns} for r in found["audit"]]
    show(trail, fmt, f"audit trail / 审计记录 {rule_id}")
    for version, rows in found["dispositions"].items():
        if rows:
            show(rows, fmt, f"dispositions / 意见处理 {version}")


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
def public_text(
    rule_id: RuleId,
    folder: Annotated[Path, typer.Option("-o", "--output", help="folder to write to")],
    stage: Annotated[
        str,
        typer.Option(
            "--stage",
            help="published, or the draft kept at comment_draft (征求意见稿), "
            "review_draft (送审稿) or approval_draft (报批稿)",
        ),
    ] = "published",
) -> None:
    """Public text of the published standard, or of a draft stage (zh and en HTML) · 公开文本."""
    for path in _run(lambda: exports.public_text(_registry(), rule_id, folder, stage)):
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
def dashboard(fmt: FormatOption = OutputFormat.table) -> None:
    """Standards by state, sector, classification; priority coverage; progress to 2027."""
    show(_run(lambda: exports.dashboard(_registry())), fmt)


@app.command()
def seed() -> None:
    """Load the built-in catalogue as published group standards (demo) · 导入示例目录."""
    engine = _engine()
    migrate(engine)
    numbers = _run(lambda: seed_catalogue(Registry(engine)))
    console.print(f"published / 已发布: {', '.join(numbers) or '—'}")
