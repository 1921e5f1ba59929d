"""Accounts: how registered people sign in, and the tokens machine clients use.

A person signs up (the public: a registered person holding no role) or accepts a
secretariat's invitation (a new person, or an existing account, taking the invited role).
Both change people and roles, so both are registry steps, locked and recorded in the
registry's hash-chained audit like ``add_stakeholder`` and ``grant``; so is the invitation.
Sessions, tokens and failed sign-ins are not steps of the procedure and are not audited.

Passwords are kept as Argon2 hashes (argon2-cffi's ``PasswordHasher`` with its defaults,
re-hashed at sign-in when those defaults change). Invitation, session and API tokens, PACT
client secrets and PACT access tokens are ``secrets.token_urlsafe(32)``; only their SHA-256
digests are stored, so a copy of the database signs nobody in.

Sign-in is rate-limited: once ``LOGIN_FAILURES_PER_LOGIN`` attempts for a login, or
``LOGIN_FAILURES_PER_ADDRESS`` from an address, failed within ``LOGIN_WINDOW``, the next one
is refused before its password is looked at. Every attempt is first counted as a failure in
one short serialised transaction and only then checked (a success clears the login's
failures), so attempts made at the same moment cannot slip past the limit together.

argon2-cffi comes with the ``web`` extra: it is imported where a password is hashed or
checked, so the registry (and its CLI) works without it.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Engine, delete, select, text, update
from sqlalchemy.orm import Session

from pcfrules.errors import RegistryError
from pcfrules.registry import db, workflow
from pcfrules.registry.models import (
    Account,
    ApiToken,
    Association,
    Invitation,
    LoginFailure,
    Role,
    Stakeholder,
    WebSession,
)
from pcfrules.registry.service import (
    SECRETARIAT,
    Clock,
    Registry,
    _err,
    database_refusals,
    roles_by_association,
)

if TYPE_CHECKING:
    from argon2 import PasswordHasher

LOGIN_FAILURES_PER_LOGIN = 5  # failed attempts for one login within the window, then refused
LOGIN_FAILURES_PER_ADDRESS = 20  # failed attempts from one address within the window
LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_LENGTH = (3, 200)  # characters, after stripping and lower-casing
PASSWORD_LENGTH = (10, 1024)  # characters
NAME_LENGTH = (1, 200)  # a person's name, their organisation (0 to 200), an invitation's note
TOKEN_NAME_LENGTH = (1, 100)
INVITATION_DAYS = (1, 90, "邀请有效期（日）", "an invitation's days")
SESSION_HOURS = (1, 24 * 30, "会话时长（小时）", "a session's hours")
ACCESS_MINUTES = (1, 24 * 60, "访问令牌有效期（分钟）", "an access token's minutes")
ADDRESS_LENGTH = 64  # an IPv6 address is at most 45 characters
LOGIN_LOCK = 0x70636661  # PostgreSQL advisory lock key of the sign-in attempts' count ("pcfa")


@dataclass(frozen=True)
class AccountView:
    """A signed-in person as a page or endpoint sees them: who, and their roles where."""

    id: int
    login: str
    person: str
    organisation: str
    category: str
    roles: dict[str, frozenset[str]]  # association code -> roles held there


@dataclass(frozen=True)
class SessionView:
    """A browser's session: its account, the CSRF token its forms carry, when it ends."""

    account: AccountView
    csrf: str
    expires: datetime


@dataclass(frozen=True)
class InvitationView:
    """What an invitation offers, shown before it is accepted (the token itself is not)."""

    association: str
    association_name_zh: str
    association_name_en: str
    role: str
    note: str
    expires: datetime
    usable: bool  # not used, not expired


@dataclass(frozen=True)
class TokenView:
    """A REST token or PACT client of an account, as its owner lists them (never the secret)."""

    id: int
    name: str
    created: datetime
    client_id: str | None
    revoked: bool


@dataclass(frozen=True)
class _NewPerson:
    name: str
    organisation: str
    category: str


class Accounts:
    """Sign-up, invitations, sign-in, browser sessions and machine tokens over the registry."""

    def __init__(self, engine: Engine, clock: Clock = datetime.now) -> None:
        from argon2 import PasswordHasher  # the web extra (see the module's docstring)

        self.engine = engine
        self.clock = clock
        self.registry = Registry(engine, clock)  # refuses a database that is not migrated
        self._reads = db.session_factory(engine)
        self._writes = db.session_factory(db.writer(engine))
        self._hasher: PasswordHasher = PasswordHasher()
        self._decoy = self._hasher.hash(secrets.token_urlsafe(16))  # for an unknown login

    # --- people: registry steps, audited ---------------------------------------------
    def sign_up(
        self, login: str, password: str, name: str, organisation: str, category: str
    ) -> AccountView:
        """The public's open sign-up: a new registered person, holding no role, and their account.

        Such a person reads, and comments where an association takes public comments; a role
        comes from a secretariat (``grant``, or an invitation).
        """
        person = _new_person(name, organisation, category)
        login, digest = self._credentials(login, password)
        actor = self.registry.acting_as(person.name)
        with actor._step("sign-up", person.name, "", {"category": person.category}) as s:
            account_id = self._register(s, person, login, digest).id
        return self.account(account_id)

    def create_account(self, person: str, login: str, password: str) -> AccountView:
        """An account for a person registered already (the demo's people, the CLI's)."""
        login, digest = self._credentials(login, password)
        with database_refusals(), self._writes() as s, s.begin():
            found = s.scalar(select(Stakeholder).where(Stakeholder.name == person))
            if found is None:
                raise _err(
                    f"未登记的人员“{person}”", f"no person registered as '{person}'", "person"
                )
            if s.scalar(select(Account.id).where(Account.person_id == found.id)) is not None:
                raise _err(f"“{person}”已有账户", f"'{person}' has an account already", "person")
            _require_free_login(s, login)
            account = Account(
                person=found, login=login, password_hash=digest, created=self.clock(), active=True
            )
            s.add(account)
            s.flush()
            account_id = account.id
        return self.account(account_id)

    def invite(
        self, by_person: str, association: str, role: str, note: str = "", days: int = 14
    ) -> str:
        """A secretariat invites someone to take ``role`` in its association; returns the token.

        The token is shown once (only its SHA-256 is kept); the invitation is used once and
        expires after ``days``. ``note`` says whom it is for and is shown to whoever opens it.
        """
        workflow.require_known(role, workflow.ROLES, "角色", "role", "role")
        _within(days, INVITATION_DAYS, "days")
        note = _length(note.strip(), (0, NAME_LENGTH[1]), "note", "备注", "a note")
        token = secrets.token_urlsafe(32)
        detail: dict[str, Any] = {"role": role, "note": note, "days": days}
        actor = self.registry.acting_as(by_person)
        with actor._step("invite", association, "", detail) as s:
            body = actor._association(s, association)
            inviter = actor._authorise(s, body, SECRETARIAT, "invite")
            now = self.clock()
            invitation = Invitation(
                token_sha256=_digest(token),
                association=body,
                role=role,
                invited_by_id=inviter.id,
                note=note,
                created=now,
                expires=now + timedelta(days=days),
            )
            s.add(invitation)
            s.flush()
            detail["invitation"] = invitation.id
        return token

    def invitation(self, token: str) -> InvitationView | None:
        """What an invitation offers and whether it can still be accepted; None if unknown."""
        with self._reads() as s:
            found = s.scalar(select(Invitation).where(Invitation.token_sha256 == _digest(token)))
            if found is None:
                return None
            body = found.association
            return InvitationView(
                association=body.code,
                association_name_zh=body.name_zh,
                association_name_en=body.name_en,
                role=found.role,
                note=found.note,
                expires=found.expires,
                usable=found.used_at is None and self.clock() < found.expires,
            )

    def accept(
        self,
        token: str,
        login: str,
        password: str,
        name: str,
        organisation: str,
        category: str,
    ) -> AccountView:
        """A newcomer accepts an invitation: a new person, their account and the invited role.

        All in one step: either the person is registered holding the role and the invitation
        is used, or nothing is written (two accepts of one invitation: one succeeds).
        """
        person = _new_person(name, organisation, category)
        login, digest = self._credentials(login, password)
        code = self._invited_to(token)
        detail: dict[str, Any] = {"person": person.name, "registered": True}
        with self.registry.acting_as(person.name)._step("accept-invitation", code, "", detail) as s:
            invitation = self._usable(s, token)
            account = self._register(s, person, login, digest)
            self._take(s, invitation, account.person, detail)
            account_id = account.id
        return self.account(account_id)

    def accept_as(self, token: str, account_id: int) -> AccountView:
        """A signed-in account takes the invited role (its person is registered already)."""
        code = self._invited_to(token)
        with self._reads() as s:
            name = _active(s, account_id).person.name
        detail: dict[str, Any] = {"person": name, "registered": False}
        with self.registry.acting_as(name)._step("accept-invitation", code, "", detail) as s:
            invitation = self._usable(s, token)
            self._take(s, invitation, _active(s, account_id).person, detail)
        return self.account(account_id)

    # --- signing in ------------------------------------------------------------------
    def authenticate(self, login: str, password: str, address: str) -> AccountView:
        """The account whose login and password these are, or a refusal that reveals nothing.

        A wrong password and an unknown login get the same message (and the same work: an
        unknown login is checked against a decoy hash). A rate-limited attempt is refused
        without its password being checked. ``address`` is the client's network address.
        """
        login = login.strip().lower()[: LOGIN_LENGTH[1]]
        self._count_attempt(login, address[:ADDRESS_LENGTH])
        with self._reads() as s:
            account = s.scalar(select(Account).where(Account.login == login))
        stored = account.password_hash if account is not None else self._decoy
        if not self._matches(stored, password) or account is None:
            raise _err("登录名或密码不正确", "wrong login or password", "login")
        if not account.active:
            raise _err("该账户已停用", "this account is disabled", "login")
        fresh = self._hasher.hash(password) if self._hasher.check_needs_rehash(stored) else None
        with database_refusals(), self._writes() as s, s.begin():
            s.execute(delete(LoginFailure).where(LoginFailure.login == login))
            if fresh is not None:
                s.execute(
                    update(Account).where(Account.id == account.id).values(password_hash=fresh)
                )
        return self.account(account.id)

    def open_session(self, account_id: int, hours: int = 12) -> tuple[str, SessionView]:
        """A browser session for a signed-in account: (the cookie's token, the session)."""
        _within(hours, SESSION_HOURS, "hours")
        token, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), self.clock()
        with database_refusals(), self._writes() as s, s.begin():
            account = _active(s, account_id)
            s.execute(
                delete(WebSession).where(
                    WebSession.account_id == account.id, WebSession.expires <= now
                )
            )
            row = WebSession(
                token_sha256=_digest(token),
                account_id=account.id,
                csrf=csrf,
                created=now,
                expires=now + timedelta(hours=hours),
            )
            s.add(row)
            view = SessionView(_view(s, account), csrf, row.expires)
        return token, view

    def session(self, token: str) -> SessionView | None:
        """The session a cookie's token opens; None when unknown, expired or disabled."""
        with self._reads() as s:
            row = s.scalar(select(WebSession).where(WebSession.token_sha256 == _digest(token)))
            if row is None or row.expires <= self.clock() or not row.account.active:
                return None
            return SessionView(_view(s, row.account), row.csrf, row.expires)

    def close_session(self, token: str) -> None:
        """Sign out: the session's token opens nothing any more."""
        with database_refusals(), self._writes() as s, s.begin():
            s.execute(delete(WebSession).where(WebSession.token_sha256 == _digest(token)))

    def account(self, account_id: int) -> AccountView:
        """An account and its person's roles, by the account's number."""
        with self._reads() as s:
            return _view(s, _existing(s, account_id))

    def account_of_person(self, person: str) -> AccountView | None:
        """The account of a registered person; None when they have none."""
        with self._reads() as s:
            found = s.scalar(select(Account).join(Account.person).where(Stakeholder.name == person))
            return _view(s, found) if found is not None else None

    # --- machine clients -------------------------------------------------------------
    def issue_token(self, account_id: int, name: str) -> str:
        """A REST bearer token acting as the account (no expiry; revoked by its owner)."""
        label = _length(name.strip(), TOKEN_NAME_LENGTH, "name", "令牌名称", "a token's name")
        token = secrets.token_urlsafe(32)
        self._add_token(account_id, label, token, None)
        return token

    def tokens(self, account_id: int) -> list[TokenView]:
        """The account's REST tokens and PACT clients (not the short-lived access tokens)."""
        with self._reads() as s:
            rows = s.scalars(
                select(ApiToken)
                .where(ApiToken.account_id == account_id, ApiToken.expires.is_(None))
                .order_by(ApiToken.id)
            )
            return [TokenView(t.id, t.name, t.created, t.client_id, t.revoked) for t in rows]

    def revoke_token(self, account_id: int, token_id: int) -> None:
        """Revoke one of the account's own tokens or PACT clients (with its access tokens)."""
        with database_refusals(), self._writes() as s, s.begin():
            row = s.scalar(
                select(ApiToken).where(
                    ApiToken.id == token_id,
                    ApiToken.account_id == account_id,
                    ApiToken.expires.is_(None),
                )
            )
            if row is None:
                raise _err(
                    f"该账户没有编号为 {token_id} 的令牌",
                    f"this account has no token number {token_id}",
                    "token",
                )
            row.revoked = True

    def token_account(self, token: str) -> AccountView | None:
        """The account a REST bearer token acts as; None when unknown, revoked or disabled.

        A PACT client's secret or access token is no REST token (``pact_token_account``).
        """
        with self._reads() as s:
            row = s.scalar(
                select(ApiToken).where(
                    ApiToken.token_sha256 == _digest(token),
                    ApiToken.client_id.is_(None),
                    ApiToken.expires.is_(None),
                    ApiToken.revoked.is_(False),
                )
            )
            return _view(s, row.account) if row is not None and row.account.active else None

    def pact_client(self, account_id: int, name: str) -> tuple[str, str]:
        """PACT client credentials for the account: (client_id, client_secret), shown once."""
        label = _length(name.strip(), TOKEN_NAME_LENGTH, "name", "客户端名称", "a client's name")
        client_id, secret = secrets.token_urlsafe(16), secrets.token_urlsafe(32)
        self._add_token(account_id, label, secret, client_id)
        return client_id, secret

    def pact_access_token(
        self, client_id: str, secret: str, minutes: int = 60
    ) -> tuple[str, int] | None:
        """PACT v3's client-credentials flow: (an access token, its lifetime in seconds).

        None for an unknown client, a wrong secret, a revoked client or a disabled account.
        The access token's row is named by its client's id, so revoking the client ends it.
        """
        _within(minutes, ACCESS_MINUTES, "minutes")
        now = self.clock()
        token = secrets.token_urlsafe(32)
        with database_refusals(), self._writes() as s, s.begin():
            client = s.scalar(select(ApiToken).where(ApiToken.client_id == client_id))
            if (
                client is None
                or client.revoked
                or not client.account.active
                or not hmac.compare_digest(client.token_sha256, _digest(secret))
            ):
                return None
            s.execute(delete(ApiToken).where(_access_of(client_id), ApiToken.expires <= now))
            s.add(
                ApiToken(
                    token_sha256=_digest(token),
                    account_id=client.account_id,
                    name=client_id,
                    client_id=None,
                    created=now,
                    expires=now + timedelta(minutes=minutes),
                    revoked=False,
                )
            )
        return token, minutes * 60

    def pact_token_account(self, token: str) -> AccountView | None:
        """The account a PACT access token reads as; None when unknown, expired or revoked."""
        with self._reads() as s:
            row = s.scalar(select(ApiToken).where(ApiToken.token_sha256 == _digest(token)))
            if row is None or row.expires is None or row.expires <= self.clock():
                return None
            client = s.scalar(select(ApiToken).where(ApiToken.client_id == row.name))
            if row.revoked or client is None or client.revoked or not row.account.active:
                return None
            return _view(s, row.account)

    # --- internals -------------------------------------------------------------------
    def _credentials(self, login: str, password: str) -> tuple[str, str]:
        """The login as stored (stripped, lower-cased) and the password's Argon2 hash."""
        login = _length(login.strip().lower(), LOGIN_LENGTH, "login", "登录名", "a login")
        _length(password, PASSWORD_LENGTH, "password", "密码", "a password")
        return login, self._hasher.hash(password)

    def _matches(self, stored: str, password: str) -> bool:
        """Whether ``password`` is the one ``stored`` hashes (a broken hash never matches)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        if len(password) > PASSWORD_LENGTH[1]:
            return False
        try:
            return self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def _count_attempt(self, login: str, address: str) -> None:
        """Refuse a rate-limited attempt, else count it as a failure until it succeeds.

        Serialised (SQLite's write lock; an advisory lock on PostgreSQL), so the count seen
        includes every attempt begun before.
        """
        now = self.clock()
        with database_refusals(), self._writes() as s, s.begin():
            if s.get_bind().dialect.name == "postgresql":
                s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOGIN_LOCK})
            s.execute(delete(LoginFailure).where(LoginFailure.at <= now - LOGIN_WINDOW))
            for same, limit in (
                (LoginFailure.login == login, LOGIN_FAILURES_PER_LOGIN),
                (LoginFailure.address == address, LOGIN_FAILURES_PER_ADDRESS),
            ):
                times = s.scalars(select(LoginFailure.at).where(same).order_by(LoginFailure.at))
                failed = list(times)
                if len(failed) >= limit:
                    raise _rate_limited(failed[len(failed) - limit] + LOGIN_WINDOW - now)
            s.add(LoginFailure(login=login, address=address, at=now))

    def _register(self, s: Session, person: _NewPerson, login: str, digest: str) -> Account:
        """A new registered person and their account, inside a step."""
        if s.scalar(select(Stakeholder.id).where(Stakeholder.name == person.name)) is not None:
            raise _err(
                f"“{person.name}”已是登记人员，请换一个名称（如是本人，请登录后接受邀请）",
                f"'{person.name}' is registered already: choose another name (if it is you, "
                "sign in and accept there)",
                "name",
            )
        _require_free_login(s, login)
        registered = Stakeholder(
            name=person.name, organisation=person.organisation, category=person.category
        )
        account = Account(
            person=registered, login=login, password_hash=digest, created=self.clock(), active=True
        )
        s.add_all([registered, account])
        s.flush()
        return account

    def _invited_to(self, token: str) -> str:
        """The association an invitation is to (what its step locks), or a refusal."""
        with self._reads() as s:
            code = s.scalar(
                select(Association.code)
                .join(Invitation, Invitation.association_id == Association.id)
                .where(Invitation.token_sha256 == _digest(token))
            )
        if code is None:
            raise _err("邀请无效", "no such invitation", "token")
        return code

    def _usable(self, s: Session, token: str) -> Invitation:
        """The invitation, locked for the step, neither used nor expired."""
        found = s.scalar(
            select(Invitation).where(Invitation.token_sha256 == _digest(token)).with_for_update()
        )
        if found is None:
            raise _err("邀请无效", "no such invitation", "token")
        if found.used_at is not None:
            raise _err("该邀请已被使用", "this invitation has been used", "token")
        if self.clock() >= found.expires:
            raise _err(
                f"该邀请已于 {found.expires:%Y-%m-%d %H:%M} 过期",
                f"this invitation expired on {found.expires:%Y-%m-%d %H:%M}",
                "token",
            )
        return found

    def _take(
        self, s: Session, invitation: Invitation, person: Stakeholder, detail: dict[str, Any]
    ) -> None:
        """``person`` takes the invited role; the invitation is used (inside the step)."""
        body = invitation.association
        held = s.scalar(
            select(Role.id).where(
                Role.person_id == person.id,
                Role.association_id == body.id,
                Role.role == invitation.role,
            )
        )
        if held is not None:
            raise _err(
                f"“{person.name}”在 {body.code} 已有角色“{workflow.ROLES[invitation.role][0]}”",
                f"'{person.name}' holds the role '{invitation.role}' in {body.code} already",
                "token",
            )
        inviter = s.get(Stakeholder, invitation.invited_by_id)
        s.add(Role(person=person, association=body, role=invitation.role))
        invitation.used_at, invitation.used_by_id = self.clock(), person.id
        detail.update(
            role=invitation.role,
            invitation=invitation.id,
            invited_by=inviter.name if inviter is not None else "",
        )

    def _add_token(self, account_id: int, name: str, secret: str, client_id: str | None) -> None:
        """A REST token (no client id) or a PACT client's credentials, for an active account."""
        with database_refusals(), self._writes() as s, s.begin():
            _active(s, account_id)
            s.add(
                ApiToken(
                    token_sha256=_digest(secret),
                    account_id=account_id,
                    name=name,
                    client_id=client_id,
                    created=self.clock(),
                    expires=None,
                    revoked=False,
                )
            )


def _digest(token: str) -> str:
    """What is stored of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _access_of(client_id: str) -> ColumnElement[bool]:
    """The PACT access tokens issued to a client (named by its id, with an expiry)."""
    return (
        (ApiToken.name == client_id) & ApiToken.client_id.is_(None) & ApiToken.expires.is_not(None)
    )


def _view(s: Session, account: Account) -> AccountView:
    person = account.person
    return AccountView(
        id=account.id,
        login=account.login,
        person=person.name,
        organisation=person.organisation,
        category=person.category,
        roles=roles_by_association(s, person.id),
    )


def _existing(s: Session, account_id: int) -> Account:
    account = s.get(Account, account_id)
    if account is None:
        raise _err(f"没有编号为 {account_id} 的账户", f"no account number {account_id}", "account")
    return account


def _active(s: Session, account_id: int) -> Account:
    account = _existing(s, account_id)
    if not account.active:
        raise _err("该账户已停用", "this account is disabled", "account")
    return account


def _require_free_login(s: Session, login: str) -> None:
    if s.scalar(select(Account.id).where(Account.login == login)) is not None:
        raise _err(f"登录名“{login}”已被使用", f"the login '{login}' is taken", "login")


def _new_person(name: str, organisation: str, category: str) -> _NewPerson:
    """A newcomer's particulars, checked: a name, an organisation, one of the seven categories."""
    workflow.require_known(
        category, workflow.CATEGORIES, "相关方类别", "stakeholder category", "category"
    )
    return _NewPerson(
        name=_length(name.strip(), NAME_LENGTH, "name", "姓名", "a name"),
        organisation=_length(
            organisation.strip(), (0, NAME_LENGTH[1]), "organisation", "单位名称", "an organisation"
        ),
        category=category,
    )


def _length(value: str, bounds: tuple[int, int], where: str, zh: str, en: str) -> str:
    """``value`` when it has between ``bounds`` characters, else a refusal saying both bounds."""
    low, high = bounds
    if not low <= len(value) <= high:
        raise _err(
            f"{zh}须为 {low} 至 {high} 个字符（给定 {len(value)} 个）",
            f"{en} has {low} to {high} characters (this one has {len(value)})",
            where,
        )
    return value


def _within(value: int, bounds: tuple[int, int, str, str], where: str) -> None:
    """A whole number between its bounds, else a refusal saying both."""
    low, high, zh, en = bounds
    if not low <= value <= high:
        raise _err(
            f"{zh}须在 {low} 至 {high} 之间（给定 {value}）",
            f"{en} are {low} to {high} (given {value})",
            where,
        )


def _rate_limited(wait: timedelta) -> RegistryError:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return _err(
        f"登录失败次数过多，请 {minutes} 分钟后再试",
        f"too many failed sign-ins: wait {minutes} minute(s) and try again",
        "login",
    )
