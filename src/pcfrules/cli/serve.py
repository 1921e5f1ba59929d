"""``pcfrules serve``: the platform on uvicorn, optionally seeded with the demo platform.

``make serve`` runs ``pcfrules serve --demo``: a SQLite file (``serve.db``) with the demo
registry, demo enterprises and a verifier, and an account for each demo person; the address
and the demo accounts are printed before the server starts.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from pcfrules.cli.output import console, fail
from pcfrules.errors import PcfrulesError
from pcfrules.registry import make_engine, migrate
from pcfrules.registry.db import database_url
from pcfrules.spaces.demo import DemoAccount, seed_demo_platform

LOOPBACK = "127.0.0.1"


def serve(
    db: Annotated[
        str | None, typer.Option("--db", help="database URL · 数据库地址 (PCFRULES_DATABASE_URL)")
    ] = None,
    host: Annotated[str, typer.Option("--host", help="address to listen on · 监听地址")] = LOOPBACK,
    port: Annotated[int, typer.Option("--port", help="port · 端口", min=1, max=65535)] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="seed the demo platform first · 先写入演示数据")
    ] = False,
) -> None:
    """Run the web platform · 启动网络平台."""
    import uvicorn  # the web extra; imported here so the CLI starts without it

    from pcfrules.web import Settings, create_app

    url = database_url(db)
    try:
        engine = make_engine(url)
        migrate(engine)
        accounts = seed_demo_platform(engine) if demo else []
        engine.dispose()
    except PcfrulesError as exc:
        fail(exc)
    address = f"http://{host}:{port}/"
    console.print(f"pcfrules platform · 平台: [bold]{address}[/]  (database · 数据库 {url})")
    if accounts:
        console.print(_accounts_table(accounts))
    uvicorn.run(create_app(Settings.from_env(url)), host=host, port=port, log_level="info")


def _accounts_table(accounts: list[DemoAccount]) -> Table:
    table = Table(title="demo accounts · 演示账号")
    for column in ("login · 账号", "password · 密码", "who · 人员", "roles · 角色"):
        table.add_column(column)
    for account in accounts:
        table.add_row(account.login, account.password, account.person, account.roles)
    return table
