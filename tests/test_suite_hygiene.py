"""Rules for the test suite itself: self-contained, and every test asserts something.

* No test reads the third-party files from outside the checkout: they are copied under
  ``tests/oracles`` and their paths come from ``tests.oracles``.
* A ``test_*`` function must contain an ``assert``, a ``pytest.raises`` / ``pytest.warns``
  (or ``pytest.fail``), or a call to a helper named ``assert*`` / ``check*`` / ``expect*``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# A reference to the shared folder beside the checkout, as a string or as Path parts.
OUTSIDE = re.compile(
    r"shared[/\\]+vendor"
    r"|\.\.[/\\]+shared\b"
    r"""|["']shared["']\s*/"""
    r"""|/\s*["']shared["']"""
    r"""|["']vendor["']\s*/"""
)
RAISING = {"raises", "warns", "fail", "deprecated_call"}
HELPER_PREFIXES = ("assert", "check", "expect")


def _test_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _asserts(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = _called_name(node.func)
            if name.lstrip("_").startswith(HELPER_PREFIXES):
                return True
            if (
                name in RAISING
                and isinstance(node.func, ast.Attribute)
                and _called_name(node.func.value) == "pytest"
            ):
                return True
    return False


def assertionless_tests(source: str, filename: str = "<test>") -> list[str]:
    """The ``test_*`` functions of a module that assert nothing, as ``file:line name``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name.startswith("test")
            and not _asserts(node)
        ):
            found.append(f"{filename}:{node.lineno} {node.name}")
    return found


def test_no_test_reads_outside_the_checkout() -> None:
    offenders = [
        f"{path.relative_to(TESTS.parent)}:{number}: {line.strip()}"
        for path in _test_files()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert not offenders, "use the copies in tests/oracles (tests.oracles):\n" + "\n".join(
        offenders
    )


def test_the_outside_pattern_catches_the_old_forms() -> None:
    written = [  # "@" stands for the shared folder's name and "%" for vendor, so that
        # this file does not itself hold the forms it forbids
        'VENDOR = Path(__file__).parents[2] / "@" / "%" / "gwp"',
        'ROOT / "%" / "pact"',
        'open("../@/%/x.csv")',
        "p = '/work/@/%/cbam'",
        'Path("..\\@\\%")',
    ]
    old = [line.replace("@", "shared").replace("%", "vendor") for line in written]
    assert all(OUTSIDE.search(line) for line in old), old
    assert not any(OUTSIDE.search(line) for line in written)
    assert not OUTSIDE.search("from tests.oracles import PACT_V3_OPENAPI")
    assert not OUTSIDE.search('"""The shared unit registry knows the LCA units."""')


def test_every_test_asserts_something() -> None:
    offenders = [
        found
        for path in _test_files()
        for found in assertionless_tests(
            path.read_text("utf-8"), str(path.relative_to(TESTS.parent))
        )
    ]
    assert not offenders, "tests without an assertion:\n" + "\n".join(offenders)


def test_the_checker_tells_asserting_tests_from_silent_ones() -> None:
    source = """
def test_silent():
    run()

def test_plain():
    assert run() == 1

def test_raises():
    with pytest.raises(ValueError):
        run()

def test_helper():
    check_report(run())

def test_mock():
    mocked.assert_called_once_with(1)

async def test_async_silent():
    await run()

def helper_not_a_test():
    run()
"""
    assert assertionless_tests(source) == [
        "<test>:2 test_silent",
        "<test>:18 test_async_silent",
    ]
