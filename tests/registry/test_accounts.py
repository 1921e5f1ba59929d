"""Accounts: sign-up, invitations, sign-in with its rate limit, sessions, REST and PACT tokens."""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, update

from pcfrules.errors import RegistryError
from pcfrules.registry import Accounts, AccountView, Registry
from pcfrules.registry.accounts import (
    LOGIN_FAILURES_PER_ADDRESS,
    LOGIN_FAILURES_PER_LOGIN,
    LOGIN_WINDOW,
)
from pcfrules.registry.models import (
    Account,
    ApiToken,
    AuditRecord,
    Invitation,
    LoginFailure,
    WebSession,
)
from tests.registry.conftest import Clock

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(registry: Registry, clock: Clock) -> Accounts:
    """Accounts over the registry fixture's people (CBMF run by 'Sec'), on the same clock."""
    return Accounts(registry.engine, clock)


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _audit_count(registry: Registry) -> int:
    with registry.sessions() as s:
        return s.scalar(select(func.count()).select_from(AuditRecord)) or 0


def _refusal(call: object, *args: object) -> RegistryError:
    assert callable(call)
    with pytest.raises(RegistryError) as info:
        call(*args)
    return info.value


def test_password_is_kept_as_an_argon2_hash(accounts: Accounts, registry: Registry) -> None:
    view = accounts.create_account("Wang", "wang@example.org", PASSWORD)
    with registry.sessions() as s:
        stored = s.scalar(select(Account.password_hash).where(Account.id == view.id))
    assert stored is not None and stored != PASSWORD and PASSWORD not in stored
    assert stored.startswith("$argon2id$")
    assert PasswordHasher().verify(stored, PASSWORD)
    assert accounts.authenticate("wang@example.org", PASSWORD, "127.0.0.1") == view


def test_sign_in_rehashes_when_the_parameters_changed(
    accounts: Accounts, registry: Registry
) -> None:
    view = accounts.create_account("Wang", "wang@example.org", PASSWORD)
    weak = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    with registry.step_sessions() as s, s.begin():
        s.execute(update(Account).where(Account.id == view.id).values(password_hash=weak))
    accounts.authenticate("wang@example.org", PASSWORD, "127.0.0.1")
    with registry.sessions() as s:
        stored = s.scalar(select(Account.password_hash).where(Account.id == view.id))
    assert stored is not None and stored != weak
    assert not PasswordHasher().check_needs_rehash(stored)


def test_wrong_password_and_unknown_login_say_the_same(accounts: Accounts) -> None:
    accounts.create_account("Wang", "wang@example.org", PASSWORD)
    wrong = _refusal(accounts.authenticate, "wang@example.org", "not the password", "10.0.0.1")
    unknown = _refusal(accounts.authenticate, "nobody@example.org", PASSWORD, "10.0.0.1")
    assert (wrong.zh, wrong.en, wrong.location) == (unknown.zh, unknown.en, unknown.location)
    assert wrong.en == "wrong login or password" and wrong.location.path == "login"
    assert "密码不正确" in wrong.zh


def test_sign_in_is_rate_limited_by_login(
    accounts: Accounts, registry: Registry, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    login = "wang@example.org"
    view = accounts.create_account("Wang", login, PASSWORD)
    for attempt in range(LOGIN_FAILURES_PER_LOGIN):
        error = _refusal(accounts.authenticate, login, f"guess number {attempt}", "10.0.0.1")
        assert error.en == "wrong login or password"

    def never(*_: object) -> bool:
        raise AssertionError("a rate-limited attempt had its password checked")

    with monkeypatch.context() as patch:
        patch.setattr(Accounts, "_matches", never)
        limited = _refusal(accounts.authenticate, login, PASSWORD, "10.0.0.2")  # the 6th
        assert limited.location.path == "login"
        assert "too many failed sign-ins: wait 15 minute(s)" in limited.en
        assert "15 分钟后再试" in limited.zh
        clock.now += LOGIN_WINDOW - timedelta(minutes=1)
        assert "wait 1 minute(s)" in _refusal(accounts.authenticate, login, PASSWORD, "x").en
    clock.now += timedelta(minutes=1)  # the window has passed since the failures
    assert accounts.authenticate(login, PASSWORD, "10.0.0.2") == view
    with registry.sessions() as s:  # a success clears the login's failures
        left = s.scalar(select(func.count()).where(LoginFailure.login == login))
    assert left == 0


def test_sign_in_is_rate_limited_by_address(accounts: Accounts) -> None:
    view = accounts.create_account("Wang", "wang@example.org", PASSWORD)
    for n in range(LOGIN_FAILURES_PER_ADDRESS):  # one failure each for many logins
        _refusal(accounts.authenticate, f"guess{n}@example.org", PASSWORD, "203.0.113.9")
    limited = _refusal(accounts.authenticate, "wang@example.org", PASSWORD, "203.0.113.9")
    assert "too many failed sign-ins" in limited.en
    assert accounts.authenticate("wang@example.org", PASSWORD, "198.51.100.1") == view


def test_a_disabled_account_signs_in_nowhere(accounts: Accounts, registry: Registry) -> None:
    view = accounts.create_account("Wang", "wang@example.org", PASSWORD)
    token, _ = accounts.open_session(view.id)
    bearer = accounts.issue_token(view.id, "script")
    with registry.step_sessions() as s, s.begin():
        s.execute(update(Account).where(Account.id == view.id).values(active=False))
    error = _refusal(accounts.authenticate, "wang@example.org", PASSWORD, "10.0.0.1")
    assert error.en == "this account is disabled"
    assert accounts.session(token) is None and accounts.token_account(bearer) is None
    assert _refusal(accounts.open_session, view.id).location.path == "account"


def test_sessions_expire_on_the_clock_and_close(
    accounts: Accounts, registry: Registry, clock: Clock
) -> None:
    view = accounts.create_account("Wang", "wang@example.org", PASSWORD)
    token, opened = accounts.open_session(view.id, hours=12)
    assert opened.account == view and opened.expires == clock.now + timedelta(hours=12)
    assert opened.csrf and opened.csrf != token and len(token) >= 43
    with registry.sessions() as s:
        kept = s.scalars(select(WebSession.token_sha256)).all()
    assert kept == [_sha(token)]  # only the digest is stored
    found = accounts.session(token)
    assert found is not None and found.account.person == "Wang" and found.csrf == opened.csrf
    assert accounts.session("not a token") is None
    clock.now += timedelta(hours=12)
    assert accounts.session(token) is None
    again, _ = accounts.open_session(view.id)
    assert accounts.session(again) is not None
    accounts.close_session(again)
    assert accounts.session(again) is None


def test_rest_tokens_are_listed_and_revoked_by_their_owner(accounts: Accounts) -> None:
    wang = accounts.create_account("Wang", "wang@example.org", PASSWORD)
    li = accounts.create_account("Li", "li@example.org", PASSWORD)
    token = accounts.issue_token(wang.id, "nightly import")
    assert accounts.token_account(token) == wang
    assert accounts.token_account(token + "x") is None
    (listed,) = accounts.tokens(wang.id)
    assert (listed.name, listed.client_id, listed.revoked) == ("nightly import", None, False)
    assert accounts.tokens(li.id) == []
    refused = _refusal(accounts.revoke_token, li.id, listed.id)  # not Li's token
    assert refused.location.path == "token" and accounts.token_account(token) == wang
    accounts.revoke_token(wang.id, listed.id)
    assert accounts.token_account(token) is None
    assert [t.revoked for t in accounts.tokens(wang.id)] == [True]
    assert _refusal(accounts.issue_token, wang.id, "  ").location.path == "name"


def test_pact_client_credentials(accounts: Accounts, registry: Registry, clock: Clock) -> None:
    wang = accounts.create_account("Wang", "wang@example.org", PASSWORD)
    client_id, secret = accounts.pact_client(wang.id, "customer X")
    assert accounts.pact_access_token(client_id, "wrong secret") is None
    assert accounts.pact_access_token("unknown", secret) is None
    issued = accounts.pact_access_token(client_id, secret)
    assert issued is not None
    access, expires_in = issued
    assert expires_in == 3600
    assert accounts.pact_token_account(access) == wang
    # neither the client's secret nor its access token is a REST token, nor the reverse
    assert accounts.token_account(secret) is None and accounts.token_account(access) is None
    assert accounts.pact_token_account(secret) is None
    assert accounts.pact_token_account(accounts.issue_token(wang.id, "rest")) is None
    (client, _rest) = accounts.tokens(wang.id)  # access tokens are not listed
    assert (client.client_id, client.name) == (client_id, "customer X")
    clock.now += timedelta(minutes=60)
    assert accounts.pact_token_account(access) is None  # expired
    renewed = accounts.pact_access_token(client_id, secret, minutes=5)
    assert renewed is not None and renewed[1] == 300
    accounts.revoke_token(wang.id, client.id)
    assert accounts.pact_token_account(renewed[0]) is None  # the client's tokens end with it
    assert accounts.pact_access_token(client_id, secret) is None
    with registry.sessions() as s:
        stored = set(s.scalars(select(ApiToken.token_sha256)))
    assert secret not in stored and _sha(secret) in stored


def test_open_sign_up_registers_a_person_without_a_role(
    accounts: Accounts, registry: Registry
) -> None:
    view = accounts.sign_up("  New.Comer@Example.ORG ", PASSWORD, " Newcomer ", "Home", "consumer")
    assert (view.login, view.person, view.organisation) == (
        "new.comer@example.org",
        "Newcomer",
        "Home",
    )
    assert view.category == "consumer" and view.roles == {}
    assert accounts.account_of_person("Newcomer") == view
    assert [(r["action"], r["actor"]) for r in registry.history("Newcomer")] == [
        ("sign-up", "Newcomer")
    ]
    assert registry.verify()["findings"] == []


def test_sign_up_refusals_write_nothing(accounts: Accounts, registry: Registry) -> None:
    accounts.sign_up("taken@example.org", PASSWORD, "First", "", "consumer")
    before = _audit_count(registry)
    cases = [
        (("taken@example.org", PASSWORD, "Second", "", "consumer"), "login"),
        (("ab", PASSWORD, "Second", "", "consumer"), "login"),
        (("x" * 201, PASSWORD, "Second", "", "consumer"), "login"),
        (("second@example.org", PASSWORD, "Wang", "", "consumer"), "name"),
        (("second@example.org", PASSWORD, "  ", "", "consumer"), "name"),
        (("second@example.org", PASSWORD, "Second", "x" * 201, "consumer"), "organisation"),
        (("second@example.org", PASSWORD, "Second", "", "alien"), "category"),
    ]
    for args, where in cases:
        assert _refusal(accounts.sign_up, *args).location.path == where, args
    for password in ("9 letters", "p" * 1025):
        error = _refusal(accounts.sign_up, "second@example.org", password, "S", "", "user")
        assert error.location.path == "password"
        assert "10 to 1024 characters" in error.en and "10 至 1024 个字符" in error.zh
    assert (
        "registered already"
        in _refusal(accounts.sign_up, "second@example.org", PASSWORD, "Wang", "", "user").en
    )
    assert _audit_count(registry) == before
    assert accounts.account_of_person("Second") is None
    assert accounts.authenticate("taken@example.org", PASSWORD, "::1").person == "First"


def test_create_account_for_a_registered_person(accounts: Accounts) -> None:
    view = accounts.create_account("Wang", "Wang@Example.org", PASSWORD)
    assert view.roles == {"CBMF": frozenset({"reviewer", "stakeholder"})}
    assert _refusal(accounts.create_account, "Wang", "other@example.org", PASSWORD).en == (
        "'Wang' has an account already"
    )
    assert _refusal(accounts.create_account, "Ghost", "g@example.org", PASSWORD).location.path == (
        "person"
    )
    assert _refusal(accounts.create_account, "Li", "wang@example.org", PASSWORD).location.path == (
        "login"
    )
    assert _refusal(accounts.account, 999).location.path == "account"


def test_only_a_secretariat_invites(accounts: Accounts, registry: Registry) -> None:
    before = _audit_count(registry)
    error = _refusal(accounts.invite, "Wang", "CBMF", "reviewer")
    assert error.en == "'Wang' is not secretariat of CBMF: 'invite' needs that role"
    assert _refusal(accounts.invite, "Sec", "CBMF", "chair").location.path == "role"
    assert _refusal(accounts.invite, "Sec", "CBMF", "reviewer", "", 0).location.path == "days"
    assert _refusal(accounts.invite, "Sec", "NOPE", "reviewer").location.path == "association"
    assert _audit_count(registry) == before
    token = accounts.invite("Sec", "CBMF", "reviewer", "for Dr Zhang", days=14)
    (record,) = registry.history("CBMF")[-1:]
    assert (record["action"], record["actor"], record["detail"]["role"]) == (
        "invite",
        "Sec",
        "reviewer",
    )
    assert token not in str(record) and _sha(token) not in str(record)


def test_an_invitation_is_accepted_once(accounts: Accounts, registry: Registry) -> None:
    token = accounts.invite("Sec", "CBMF", "reviewer", "for Dr Zhang")
    shown = accounts.invitation(token)
    assert shown is not None and shown.usable
    assert (shown.association, shown.association_name_zh, shown.role, shown.note) == (
        "CBMF",
        "中国建筑材料联合会",
        "reviewer",
        "for Dr Zhang",
    )
    assert accounts.invitation("no such token") is None
    view = accounts.accept(
        token, "zhang@example.org", PASSWORD, "Zhang", "Lab H", "testing_certification"
    )
    assert view.person == "Zhang" and view.roles == {"CBMF": frozenset({"reviewer"})}
    assert registry.person_roles("Zhang") == view.roles
    after = accounts.invitation(token)
    assert after is not None and not after.usable
    again = _refusal(accounts.accept, token, "z2@example.org", PASSWORD, "Zhang2", "", "user")
    assert again.en == "this invitation has been used" and again.location.path == "token"
    assert _refusal(accounts.accept_as, token, view.id).en == "this invitation has been used"
    assert _refusal(accounts.accept, "forged", "z3@example.org", PASSWORD, "Z3", "", "user").en == (
        "no such invitation"
    )
    record = registry.history("CBMF")[-1]
    assert (record["action"], record["actor"]) == ("accept-invitation", "Zhang")
    assert record["detail"] == {
        "person": "Zhang",
        "registered": True,
        "role": "reviewer",
        "invitation": 1,
        "invited_by": "Sec",
    }
    assert registry.verify()["findings"] == []


def test_an_invitation_expires(accounts: Accounts, clock: Clock) -> None:
    token = accounts.invite("Sec", "CBMF", "stakeholder", days=14)
    clock.advance(14)
    shown = accounts.invitation(token)
    assert shown is not None and not shown.usable
    error = _refusal(accounts.accept, token, "late@example.org", PASSWORD, "Late", "", "user")
    assert "this invitation expired on" in error.en and "过期" in error.zh
    assert accounts.account_of_person("Late") is None


def test_an_account_accepts_an_invitation(accounts: Accounts, registry: Registry) -> None:
    zhou = accounts.create_account("Zhou", "zhou@example.org", PASSWORD)
    token = accounts.invite("Sec", "CBMF", "drafter")
    view = accounts.accept_as(token, zhou.id)
    assert view.roles == {"CBMF": frozenset({"drafter", "reviewer", "stakeholder"})}
    assert registry.history("CBMF")[-1]["detail"]["registered"] is False
    held = accounts.invite("Sec", "CBMF", "reviewer")
    error = _refusal(accounts.accept_as, held, zhou.id)
    assert error.en == "'Zhou' holds the role 'reviewer' in CBMF already"
    shown = accounts.invitation(held)
    assert shown is not None and shown.usable  # the refusal used nothing


def test_two_accepts_at_once_give_one_account(
    accounts: Accounts, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = accounts.invite("Sec", "CBMF", "reviewer")
    held, go = threading.Event(), threading.Event()
    original = Registry._record

    def record_then_wait(self: Registry, *args: Any) -> None:
        original(self, *args)
        if threading.current_thread().name == "first":
            held.set()  # the first accept has done all its work, uncommitted
            assert go.wait(60)

    monkeypatch.setattr(Registry, "_record", record_then_wait)
    outcomes: dict[str, AccountView | RegistryError] = {}

    def accept(name: str) -> None:
        try:
            outcomes[name] = accounts.accept(
                token, f"{name}@example.org", PASSWORD, name, "Lab", "user"
            )
        except RegistryError as exc:
            outcomes[name] = exc

    first = threading.Thread(target=accept, args=("first",), name="first")
    second = threading.Thread(target=accept, args=("second",), name="second")
    first.start()
    assert held.wait(60)
    second.start()
    time.sleep(1.0)  # the second accept has begun and waits for the first one's lock
    assert "second" not in outcomes
    go.set()
    for thread in (first, second):
        thread.join(60)
    assert isinstance(outcomes["first"], AccountView)
    refused = outcomes["second"]
    assert isinstance(refused, RegistryError) and refused.en == "this invitation has been used"
    assert accounts.account_of_person("second") is None
    assert [r["action"] for r in registry.history("CBMF")].count("accept-invitation") == 1
    with registry.sessions() as s:
        used = s.scalars(select(Invitation.used_by_id)).all()
    assert len(used) == 1 and used[0] is not None
    assert registry.verify()["findings"] == []
