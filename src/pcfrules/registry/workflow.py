"""The procedure as a state machine: states, the steps between them, and their names.

立项申请 → 立项 → 起草 → 征求意见 → 技术审查 → 批准 → 发布 → 推荐清单 → 采信/转化 → 实施评估 →
修订 (a new version) or 废止. A step from a state not listed here is refused.
"""

from __future__ import annotations

import re
from typing import Any

from pcfrules.errors import Location, RegistryError

STATES: dict[str, tuple[str, str]] = {
    "proposed": ("立项申请", "proposal"),
    "approved_project": ("立项", "approved project"),
    "drafting": ("起草", "drafting"),
    "public_comment": ("征求意见", "public comment"),
    "technical_review": ("技术审查", "technical review"),
    "approved": ("批准", "approved"),
    "published": ("发布", "published"),
    "recommended": ("推荐清单", "on a recommended list"),
    "adopted": ("采信/转化", "adopted as industry or national standard"),
    "evaluated": ("实施评估", "implementation evaluated"),
    "superseded": ("被代替", "superseded by a revision"),
    "withdrawn": ("废止", "withdrawn"),
}
LIVE = ("published", "recommended", "adopted", "evaluated")
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve_project": (("proposed",), "approved_project"),
    "start_drafting": (("approved_project",), "drafting"),
    "open_comment": (("drafting",), "public_comment"),
    "start_review": (("public_comment",), "technical_review"),
    "approve": (("technical_review",), "approved"),
    "send_back": (("technical_review",), "drafting"),
    "publish": (("approved",), "published"),
    "recommend": (("published",), "recommended"),
    "adopt": (("published", "recommended"), "adopted"),
    "evaluate": (LIVE, "evaluated"),
    "withdraw": (LIVE, "withdrawn"),
}
EDITABLE = ("proposed", "approved_project", "drafting")
DONE: dict[str, tuple[str, str]] = {  # what a step did, as its one line says it (zh, en)
    "add-association": ("已登记社会团体", "association registered"),
    "add-stakeholder": ("已登记人员", "person registered"),
    "grant": ("已授予角色", "role granted"),
    "revoke": ("已收回角色", "role revoked"),
    "edit-association": ("已修改社会团体设置", "association settings changed"),
    "propose": ("已提出立项申请", "proposed"),
    "approve-project": ("已立项", "project approved"),
    "start-drafting": ("已开始起草", "drafting started"),
    "update-draft": ("已更新文本", "text updated"),
    "open-comment": ("已开始征求意见", "public comment opened"),
    "comment": ("已提交意见", "comment recorded"),
    "dispose": ("已处理意见", "disposition recorded"),
    "reopen": ("已撤销处理结果", "disposition removed"),
    "start-review": ("已开始技术审查", "technical review started"),
    "vote": ("已表决", "vote recorded"),
    "objection-answer": ("已答复异议", "objection answered"),
    "objection-withdrawn": ("已撤回异议", "objection withdrawn"),
    "objection-sustained": ("已记录异议维持", "objection recorded as sustained"),
    "send-back": ("已退回起草", "sent back to drafting"),
    "co-approve": ("共同制定方已批准", "co-developer's approval recorded"),
    "approve": ("已批准", "approved"),
    "publish": ("已发布", "published"),
    "recommend": ("已列入推荐清单", "put on a recommended list"),
    "adopt": ("已采信/转化", "adopted"),
    "evaluate": ("已完成实施评估", "implementation evaluated"),
    "revise": ("已开始修订", "revision opened"),
    "withdraw": ("已废止", "withdrawn"),
    "support-comment": ("已附议意见", "comment supported"),
    "sign-up": ("已注册账户", "signed up"),
    "invite": ("已发出邀请", "invitation issued"),
    "accept-invitation": ("已接受邀请", "invitation accepted"),
}
CATEGORIES: dict[str, tuple[str, str]] = {
    "producer": ("生产者", "producer"),
    "distributor": ("经营者", "distributor"),
    "user": ("使用者", "user"),
    "consumer": ("消费者", "consumer"),
    "education_research": ("教育科研机构", "education and research"),
    "testing_certification": ("检测及认证机构", "testing and certification"),
    "government": ("政府部门", "government"),
}
ROLES: dict[str, tuple[str, str]] = {  # what a person may do in an association
    "secretariat": ("秘书处", "secretariat"),  # runs the procedure; may back-date a step
    "drafter": ("起草人", "drafter"),  # proposes, revises the text
    "reviewer": ("审查专家", "reviewer"),  # votes in technical review
    "stakeholder": ("相关方", "stakeholder"),  # comments
}
KINDS = {  # a comment's type, as ISO/IEC comment forms have it
    "ge": ("一般性意见", "general"),
    "te": ("技术性意见", "technical"),
    "ed": ("编辑性意见", "editorial"),
}
VOTES = {  # a reviewer's vote in technical review
    "yes": ("赞成", "yes"),
    "no": ("反对", "no"),  # carries its reason and opens an objection
    "abstain": ("弃权", "abstain"),
}
DISPOSITIONS = {
    "accepted": ("采纳", "accepted"),
    "partly_accepted": ("部分采纳", "partly accepted"),
    "not_accepted": ("不采纳", "not accepted"),
}
TEXT_STAGES: dict[str, tuple[str, str]] = {  # the text as it moves (recorded at the step)
    "comment_draft": ("征求意见稿", "draft for comment"),  # open-comment
    "review_draft": ("送审稿", "draft for review"),  # review
    "approval_draft": ("报批稿", "draft for approval"),  # approve
    "published": ("发布稿", "published text"),  # publish
}
OBJECTIONS = {
    "open": ("待答复", "open"),
    "answered": ("已答复", "answered"),
    "withdrawn": ("已撤回", "withdrawn"),
    "sustained": ("维持", "sustained"),
}
PENDING = ("open", "answered")  # an objection not yet withdrawn or sustained
MIN_COMMENT_DAYS = 30


def require_known(
    value: str, table: dict[str, tuple[str, str]], zh: str, en: str, where: str
) -> None:
    """Refuse a value that is none of ``table``'s (a category, role, kind …), naming those allowed.

    One refusal for every closed list a person chooses from, so a form and the CLI say the same.
    """
    if value not in table:
        raise RegistryError(
            zh=f"未知的{zh}“{value}”（可选：{'、'.join(table)}）",
            en=f"unknown {en} '{value}' (allowed: {', '.join(table)})",
            location=Location(path=where),
        )


def next_steps(state: str) -> tuple[str, ...]:
    """The steps the procedure allows from ``state``, in the order of :data:`STEPS`.

    What a page offers as "what can be done next"; each step still checks its own
    conditions (the period closed, every comment answered, consensus) when it is taken.
    """
    return tuple(step for step, (sources, _) in STEPS.items() if state in sources)


def target(step: str, state: str, where: str) -> str:
    """The state ``step`` leads to from ``state``; a bilingual refusal when it cannot."""
    sources, to = STEPS[step]
    if state not in sources:
        allowed = ", ".join(STATES[s][1] for s in sources)
        raise RegistryError(
            zh=f"当前状态“{STATES[state][0]}”下不能执行“{step}”（须处于：{'、'.join(STATES[s][0] for s in sources)}）",
            en=f"'{step}' is not allowed in state '{STATES[state][1]}' (needs: {allowed})",
            location=Location(path=where),
        )
    return to


_SEGMENT = re.compile(r"(?:^|\.)([^.\[\]]+)|\[([^\[\]]+)\]")


def clause_exists(rule: dict[str, Any], clause: str) -> bool:
    """Whether ``clause`` names a field of the rule's canonical JSON, at any depth.

    The path is the one diffs and findings print: ``boundary.cut_off``, a record of a list
    by its id (``inventory.parameters[clinker_ratio]``) or by its position (``annexes[0]``).
    """
    steps = list(_SEGMENT.finditer(clause))
    if clause.startswith(".") or "".join(m.group(0) for m in steps) != clause or not steps:
        return False
    node: Any = rule
    for match in steps:
        field, key = match.groups()
        node = _child(node, field) if field is not None else _item(node, key)
        if node is _MISSING:
            return False
    return True


_MISSING = object()


def _child(node: Any, field: str) -> Any:
    return node[field] if isinstance(node, dict) and field in node else _MISSING


def _item(node: Any, key: str) -> Any:
    if not isinstance(node, list):
        return _MISSING
    if key.isdigit():
        return node[int(key)] if int(key) < len(node) else _MISSING
    return next((x for x in node if isinstance(x, dict) and x.get("id") == key), _MISSING)
