"""The enterprises' and verifiers' spaces as a service, authorised here, by person.

Every call names the organisation (its code) and the person acting (the registry's
``Stakeholder.name``, which the web takes from the session): the web and the API only
parse, call and show, and whatever a page hides, what a person may do is decided here.

- an enterprise's members upload studies, compute them (a job), read their results and
  files, compare two, share one with a verifier, publish one to the PACT API;
- a verifier's members read the studies shared with their organisation (results, reports,
  files, comparisons) and nothing else;
- an organisation's admins add members.

A study that is not in the person's space is refused with the same words as one that does
not exist ("no study 12 in your space"), and so is a job of another organisation, so no
answer ever tells whether someone else's study or job is there.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, defer

from pcfrules.errors import (
    ComparisonError,
    JobError,
    Location,
    NotInSpaceError,
    PcfrulesError,
    SpaceError,
    StudyError,
)
from pcfrules.interchange.pact import product_footprint
from pcfrules.interchange.pact_filter import Criteria, matches
from pcfrules.jobs import store
from pcfrules.jobs.store import JobView
from pcfrules.limits import DRAWS
from pcfrules.registry import Registry
from pcfrules.registry.db import session_factory, writer
from pcfrules.registry.models import Stakeholder
from pcfrules.rules.model import RuleStandard
from pcfrules.spaces import exports, kept, labels, tasks
from pcfrules.spaces.models import KINDS, KeptStudy, Membership, Organisation
from pcfrules.spaces.reading import read_upload, uploaded_name
from pcfrules.spaces.views import OrganisationView, StudyView, organisation_view, study_view
from pcfrules.studies import Result
from pcfrules.studies import compare as compare_results

if TYPE_CHECKING:  # the runner needs dask.distributed, which a Spaces without jobs does not
    from pcfrules.jobs.runner import JobRunner

ROLES = {"member": ("成员", "member"), "admin": ("管理员", "admin")}
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
PAGE = 100  # most footprints one page of the PACT API holds
Clock = Callable[[], datetime]


class Spaces:
    """Organisations, their members and the studies they keep, with authorisation."""

    def __init__(
        self,
        engine: Engine,
        runner: JobRunner | None = None,
        clock: Clock = datetime.now,
        cbam_template: Path | None = None,
    ) -> None:
        self.engine = engine
        self.runner = runner
        self.clock = clock
        self.cbam_template = exports.cbam_template(cbam_template)
        self.registry = Registry(engine)  # answers id@version rule specs
        self._read = session_factory(engine)
        self._write = session_factory(writer(engine))

    # --- organisations and members ---------------------------------------------------
    def create_organisation(
        self, code: str, name_zh: str, name_en: str, kind: str, admin: str
    ) -> OrganisationView:
        """A new enterprise or verifier (``kind`` in :data:`KINDS`) with ``admin`` its admin."""
        _check_code(code)
        if kind not in KINDS:
            allowed = ", ".join(KINDS)
            raise SpaceError(
                zh=f"未知的机构类型“{kind}”（可选：{allowed}）",
                en=f"unknown kind of organisation '{kind}' (one of {allowed})",
                location=Location(path="kind"),
            )
        names = {"name_zh": name_zh.strip(), "name_en": name_en.strip()}
        for field, name in names.items():
            if not name or len(name) > 200:
                raise SpaceError(
                    zh="机构名称须填写（不超过 200 个字符）",
                    en="the organisation's name is needed (200 characters at most)",
                    location=Location(path=field),
                )
        with self._write.begin() as s:
            person = _person(s, admin)
            if s.scalar(select(Organisation.id).where(Organisation.code == code)) is not None:
                raise SpaceError(
                    zh=f"机构代码“{code}”已被使用",
                    en=f"the organisation code '{code}' is taken",
                    location=Location(path="code"),
                )
            row = Organisation(code=code, kind=kind, created=self.clock(), **names)
            s.add(row)
            s.add(Membership(organisation=row, person=person, role="admin"))
            s.flush()
            return organisation_view(row, "admin")

    def add_member(self, code: str, person: str, role: str = "member", *, by: str) -> None:
        """Make ``person`` a member (or admin) of ``code``; only its admins (``by``) may."""
        if role not in ROLES:
            raise SpaceError(
                zh=f"未知的角色“{role}”（可选：member、admin）",
                en=f"unknown role '{role}' (member or admin)",
                location=Location(path="role"),
            )
        with self._write.begin() as s:
            org, membership = _membership(s, code, by)
            if membership.role != "admin":
                raise SpaceError(
                    zh="只有机构管理员可以添加成员",
                    en="only the organisation's admins may add members",
                    location=Location(path="by"),
                )
            newcomer = _person(s, person)
            taken = select(Membership.id).where(
                Membership.organisation_id == org.id, Membership.person_id == newcomer.id
            )
            if s.scalar(taken) is not None:
                raise SpaceError(
                    zh=f"“{person}”已是 {code} 的成员",
                    en=f"'{person}' is a member of {code} already",
                    location=Location(path="person"),
                )
            s.add(Membership(organisation=org, person=newcomer, role=role))

    def organisation(self, code: str, person: str) -> OrganisationView:
        """One of ``person``'s organisations with their role; refused as a stranger's would be."""
        with self._read() as s:
            org, membership = _membership(s, code, person)
            return organisation_view(org, membership.role)

    def organisations_of(self, person: str) -> list[OrganisationView]:
        """The organisations ``person`` belongs to, with their role in each."""
        with self._read() as s:
            who = _person(s, person)
            rows = s.execute(
                select(Organisation, Membership.role)
                .join(Membership, Membership.organisation_id == Organisation.id)
                .where(Membership.person_id == who.id)
                .order_by(Organisation.code)
            )
            return [organisation_view(org, role) for org, role in rows]

    # --- studies ---------------------------------------------------------------------
    def upload(
        self,
        code: str,
        person: str,
        filename: str,
        data: bytes,
        rule_spec: str | None = None,
    ) -> StudyView:
        """Keep an uploaded study (filled workbook, or study YAML/JSON) with its check.

        An unreadable file is refused with its reader's own error and nothing is kept.
        """
        with self._read() as s:
            org, who = _enterprise(s, code, person)
        reading = read_upload(filename, data, rule_spec, self.registry)
        study, rule = reading.study, reading.found.rule
        now, source_name = self.clock(), uploaded_name(filename)
        product = study.product.zh or study.product.en
        with self._write.begin() as s:
            row = KeptStudy(
                organisation_id=org.id,
                name=(product or Path(source_name).stem)[:200],
                rule_id=rule.identity.id,
                rule_version=rule.identity.version,
                created_by_id=who.id,
                created=now,
                updated=now,
                source_name=source_name,
                source_bytes=data,
                study_json=study.model_dump_json(exclude_none=True),
                findings=reading.findings,
                result_json="",
                published=False,
                shared_with=[],
            )
            s.add(row)
            s.flush()
            return study_view(row, org)

    def studies(self, code: str, person: str) -> list[StudyView]:
        """The studies in ``person``'s space: their enterprise's, or those shared with them."""
        with self._read() as s:
            org, _ = _membership(s, code, person)
            return [study_view(row, org) for row in _space(s, org)]

    def study(self, code: str, person: str, study_id: int) -> StudyView:
        """One study of the space."""
        with self._read() as s:
            org, _ = _membership(s, code, person)
            return study_view(_seen(s, org, study_id), org)

    def rule(self, code: str, person: str, study_id: int) -> RuleStandard:
        """The rule a study of the space follows (its names of stages, processes, items)."""
        with self._read() as s:
            return kept.rule_of(_visible(s, code, person, study_id), self.registry).rule

    def result(self, code: str, person: str, study_id: int) -> Result:
        """A study's result; refused while it is not computed."""
        with self._read() as s:
            return kept.result_of(_visible(s, code, person, study_id))

    def compute(
        self, code: str, person: str, study_id: int, samples: int = 0, seed: int = 1
    ) -> int:
        """Queue the study's calculation (``samples`` Monte Carlo draws) as a job; its id."""
        runner = self._runner()
        _check_samples(samples)
        with self._read() as s:
            org, who = _enterprise(s, code, person)
            kept.refuse_if_published(_own(s, org, study_id))
        return runner.submit(
            "compute",
            tasks.compute_study,
            study_id,
            samples,
            seed,
            organisation_id=org.id,
            person_id=who.id,
            subject=f"study:{study_id}",
        )

    def compute_now(
        self, code: str, person: str, study_id: int, samples: int = 0, seed: int = 1
    ) -> StudyView:
        """Compute the study here and now (the demo seed, the CLI; a request queues a job)."""
        _check_samples(samples)
        with self._read() as s:
            org, _ = _enterprise(s, code, person)
            _own(s, org, study_id)
        kept.compute(self.engine, study_id, samples, seed, at=self.clock())
        return self.study(code, person, study_id)

    def report(self, code: str, person: str, study_id: int, fmt: str, lang: str) -> exports.File:
        """The study report as HTML, now; the PDF is made as a job (:meth:`report_job`)."""
        if fmt == "pdf":
            raise SpaceError(
                zh="PDF 报告作为后台任务生成：请提交 PDF 报告任务",
                en="a PDF report is made as a job: ask for the report job",
                location=Location(path="fmt"),
            )
        return exports.report(self._computed(code, person, study_id), fmt, lang)

    def report_job(self, code: str, person: str, study_id: int, lang: str) -> int:
        """Queue the PDF study report in ``lang`` as a job; its id."""
        runner = self._runner()
        exports.language(lang)
        with self._read() as s:
            org, who = _membership(s, code, person)
            kept.result_of(_visible(s, code, person, study_id))
        return runner.submit(
            "report",
            tasks.report_pdf,
            study_id,
            lang,
            organisation_id=org.id,
            person_id=who.id,
            subject=f"study:{study_id}",
        )

    def export(
        self,
        code: str,
        person: str,
        study_id: int,
        what: str,
        lang: str,
        energy_kwh: float | None = None,
    ) -> exports.File:
        """A computed study as ``what`` (:data:`~pcfrules.spaces.exports.WHAT`).

        ``lang`` is checked (zh or en) for every ``what``, though the label is bilingual and
        the others are data; ``energy_kwh`` is the battery's, for ``battery``.
        """
        exports.language(lang)
        made = self._computed(code, person, study_id)
        return exports.export(made, what, self.cbam_template, energy_kwh)

    def unavailable(self, code: str, person: str, study_id: int) -> dict[str, PcfrulesError]:
        """The exports this computed study cannot have, each with why (the refusal it would get).

        What a page says beside the downloads it does not offer (CBAM without a mapping or a
        template, the battery declaration for what is not a battery).
        """
        return exports.unavailable(self._computed(code, person, study_id), self.cbam_template)

    def compare(self, code: str, person: str, a: int, b: int) -> dict[str, Any]:
        """Two computed studies of the space compared (both under the same rule)."""
        with self._read() as s:
            first, second = _visible(s, code, person, a), _visible(s, code, person, b)
            if first.rule_id != second.rule_id:
                raise ComparisonError(
                    zh=f"两项研究依据不同的规则（{first.rule_id} 与 {second.rule_id}），不可比较",
                    en=f"the studies follow different rules ({first.rule_id} and "
                    f"{second.rule_id}): not comparable",
                    location=Location(path="rule"),
                )
            return compare_results(kept.result_of(first), kept.result_of(second))

    # --- sharing and publishing --------------------------------------------------------
    def share(self, code: str, person: str, study_id: int, verifier_code: str) -> None:
        """Let the verifier ``verifier_code`` read the study."""
        with self._write.begin() as s:
            org, _ = _enterprise(s, code, person)
            row = _own(s, org, study_id)
            verifier = s.scalar(select(Organisation).where(Organisation.code == verifier_code))
            if verifier is None or verifier.kind != "verifier":
                raise SpaceError(
                    zh=f"没有代码为“{verifier_code}”的核查机构",
                    en=f"no verifier with the code '{verifier_code}'",
                    location=Location(path="verifier"),
                )
            if verifier_code not in row.shared_with:
                row.shared_with = [*row.shared_with, verifier_code]

    def publish(self, code: str, person: str, study_id: int) -> str:
        """Serve the study's footprint on the PACT API; its PACT id (the same if published)."""
        with self._write.begin() as s:
            org, _ = _enterprise(s, code, person)
            row = _own(s, org, study_id)
            if row.published and row.pact_id is not None:
                return row.pact_id
            product_footprint(kept.result_of(row))  # refused here, never when served
            pact_id = str(uuid.uuid4())
            row.published, row.pact_id, row.updated = True, pact_id, self.clock()
            return pact_id

    def unpublish(self, code: str, person: str, study_id: int) -> None:
        """Stop serving the study's footprint (a later publication gets a new PACT id)."""
        with self._write.begin() as s:
            org, _ = _enterprise(s, code, person)
            row = _own(s, org, study_id)
            row.published, row.pact_id, row.updated = False, None, self.clock()

    def published_footprints(
        self, offset: int, limit: int, criteria: Criteria | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of the published footprints (PACT v3), oldest first, and how many in all.

        ``criteria`` are PACT's ListFootprints filters; they are met by the footprints as
        served (made from each result), so with criteria every published study is read.
        """
        if offset < 0 or not 1 <= limit <= PAGE:
            raise SpaceError(
                zh=f"分页参数无效：offset ≥ 0，limit 为 1–{PAGE}",
                en=f"bad page: offset is 0 or more, limit 1 to {PAGE}",
                location=Location(path="offset" if offset < 0 else "limit"),
            )
        published = KeptStudy.published.is_(True)
        query = (
            select(KeptStudy)
            .options(defer(KeptStudy.source_bytes))
            .where(published)
            .order_by(KeptStudy.id)
        )
        with self._read() as s:
            if criteria:
                found = [f for f in map(kept.footprint, s.scalars(query)) if matches(f, criteria)]
                return found[offset : offset + limit], len(found)
            total = s.scalar(select(func.count()).select_from(KeptStudy).where(published)) or 0
            rows = s.scalars(
                select(KeptStudy)
                .options(defer(KeptStudy.source_bytes))
                .where(published)
                .order_by(KeptStudy.id)
                .offset(offset)
                .limit(limit)
            )
            return [kept.footprint(row) for row in rows], total

    def published_footprint(self, pact_id: str) -> dict[str, Any] | None:
        """A published footprint by its PACT id, or ``None``."""
        with self._read() as s:
            row = s.scalar(
                select(KeptStudy).where(KeptStudy.pact_id == pact_id, KeptStudy.published.is_(True))
            )
            return kept.footprint(row) if row is not None else None

    def verify_label(self, payload: str) -> labels.LabelCheck:
        """A carbon label's QR payload checked against the published footprints and the registry.

        Anyone may ask (it is the public verification page); a payload that is not one, or
        was altered, is a StudyError.
        """
        with self._read() as s:
            return labels.check(s, self.registry, payload)

    # --- jobs ------------------------------------------------------------------------
    def job(self, code: str, person: str, job_id: int) -> JobView:
        """A job of the person's organisation (another's is refused as a missing one)."""
        with self._read() as s:
            org, _ = _membership(s, code, person)
        view = store.job(self.engine, job_id)
        if view.organisation_id != org.id:
            raise store.no_such_job(job_id)
        return view

    def job_of(self, person: str, job_id: int) -> tuple[str, JobView]:
        """A job of any organisation ``person`` belongs to, with that organisation's code.

        For a client that holds a job's id but not its organisation (the REST API's
        ``/jobs/{id}``); a job of an organisation the person is not in is refused as a
        missing one.
        """
        view = store.job(self.engine, job_id)
        with self._read() as s:
            who = _person(s, person)
            code = s.scalar(
                select(Organisation.code)
                .join(Membership, Membership.organisation_id == Organisation.id)
                .where(Membership.person_id == who.id, Organisation.id == view.organisation_id)
            )
        if code is None:
            raise store.no_such_job(job_id)
        return code, view

    def job_result(self, code: str, person: str, job_id: int) -> tuple[str, str, bytes]:
        """A done job's result (file name, media type, bytes), for its organisation only."""
        self.job(code, person, job_id)
        return store.job_result(self.engine, job_id)

    # --- helpers ---------------------------------------------------------------------
    def _computed(self, code: str, person: str, study_id: int) -> kept.Computed:
        with self._read() as s:
            row = _visible(s, code, person, study_id)
            return kept.Computed(
                row.id, kept.study_of(row), kept.rule_of(row, self.registry), kept.result_of(row)
            )

    def _runner(self) -> JobRunner:
        if self.runner is None:
            raise JobError(
                zh="此服务器没有任务执行器，不能运行后台任务",
                en="this server has no job runner: long work cannot run",
                location=Location(path="jobs"),
            )
        return self.runner


def _check_code(code: str) -> None:
    if not CODE.fullmatch(code):
        raise SpaceError(
            zh="机构代码为 1–40 个字母、数字、连字符或下划线，以字母或数字开头",
            en="an organisation code is 1 to 40 letters, digits, hyphens or underscores, "
            "starting with a letter or digit",
            location=Location(path="code"),
        )


def _check_samples(samples: int) -> None:
    if samples < 0:
        raise StudyError(
            zh="蒙特卡洛抽样次数不能为负",
            en="Monte Carlo draws cannot be negative",
            location=Location(path="samples"),
        )
    DRAWS.check(samples, StudyError, Location(path="samples"))


def _person(s: Session, name: str) -> Stakeholder:
    person = s.scalar(select(Stakeholder).where(Stakeholder.name == name))
    if person is None:
        raise SpaceError(
            zh=f"“{name}”不是登记的人员",
            en=f"'{name}' is not a registered person",
            location=Location(path="person"),
        )
    return person


def _membership(s: Session, code: str, person: str) -> tuple[Organisation, Membership]:
    """The organisation ``code`` and ``person``'s place in it; refused when they have none."""
    row = s.execute(
        select(Organisation, Membership)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .join(Stakeholder, Stakeholder.id == Membership.person_id)
        .where(Organisation.code == code, Stakeholder.name == person)
    ).first()
    if row is None:
        raise NotInSpaceError(
            zh=f"你不属于代码为“{code}”的机构",
            en=f"you belong to no organisation '{code}'",
            location=Location(path="organisation"),
        )
    return row[0], row[1]


def _enterprise(s: Session, code: str, person: str) -> tuple[Organisation, Stakeholder]:
    """An enterprise ``person`` is a member of, for what only an enterprise does."""
    org, membership = _membership(s, code, person)
    if org.kind != "enterprise":
        raise SpaceError(
            zh="只有企业的成员可以上传、计算、共享和发布研究",
            en="only an enterprise's members upload, compute, share and publish studies",
            location=Location(path="organisation"),
        )
    return org, membership.person


def _space(s: Session, org: Organisation) -> list[KeptStudy]:
    """The studies an organisation's members see, newest first."""
    query = select(KeptStudy).options(defer(KeptStudy.source_bytes)).order_by(KeptStudy.id.desc())
    if org.kind == "enterprise":
        return list(s.scalars(query.where(KeptStudy.organisation_id == org.id)))
    return [row for row in s.scalars(query) if org.code in row.shared_with]


def _visible(s: Session, code: str, person: str, study_id: int) -> KeptStudy:
    """A study of ``person``'s space: their enterprise's own, or one shared with their verifier."""
    return _seen(s, _membership(s, code, person)[0], study_id)


def _seen(s: Session, org: Organisation, study_id: int) -> KeptStudy:
    """A study in ``org``'s space: its own (an enterprise), or one shared with it (a verifier)."""
    row = s.get(KeptStudy, study_id)
    mine = row is not None and (
        row.organisation_id == org.id if org.kind == "enterprise" else org.code in row.shared_with
    )
    if row is None or not mine:
        raise kept.no_such_study(study_id)
    return row


def _own(s: Session, org: Organisation, study_id: int) -> KeptStudy:
    """A study of enterprise ``org`` itself (what only its members may change)."""
    row = s.get(KeptStudy, study_id)
    if row is None or row.organisation_id != org.id:
        raise kept.no_such_study(study_id)
    return row
