"""``make bench``: pcfrules against bw2calc 3.x on the same synthetic systems, in one run.

For each size (``BENCH_SIZES``, default 2000,20000,100000) the harness writes the synthetic
arrays once, then runs every task of both sides in fresh subprocesses (so peak memory is
per task), ``BENCH_REPEATS`` times (default 3), and reports medians and the ratio
pcfrules / bw2calc measured in this run. pcfrules is measured through its public API: on
``ProductSystem`` objects (as studies build them; building the objects is not timed) and on
arrays (``Lca.from_arrays``); bw2calc on its datapackage of the same arrays. bw2calc is
installed, with pypardiso where the platform has it, into a venv of its own
(``benchmarks/.bw-venv``). Every answer is compared between the two sides, and each size
also gets the floor: a plain direct solve of the same matrix. The tables go to stdout and
to ``benchmarks/RESULTS.md``. Run it with ``PYTHONPATH`` pointing at the pcfrules sources
to measure a working tree other than the installed one; subprocesses inherit it.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import venv
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
BW_VENV = HERE / ".bw-venv"
BW_PYTHON = BW_VENV / "bin" / "python"
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "2000,20000,100000").split(",")]
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
PCF_DRAWS = {2000: 1000, 20000: 1000, 100000: 200}
BW_DRAWS = {2000: 1000, 20000: 100, 100000: 20}
TASKS = ("first", "first-arrays", "multi", "all", "all-arrays", "mc")
BW_TASK = {"first-arrays": "first", "all-arrays": "all"}  # bw2calc's one path serves both
BW_REPEATS = {100000: {"multi": 1}}  # 1,000 factorised solves at 100k: one run, not three
TARGETS = {  # task: limit per size — time ratios are maxima, the MC rate ratio a minimum
    "first": {20000: 0.2, 100000: 0.1},
    "first-arrays": {20000: 0.2, 100000: 0.1},
    "multi": {2000: 0.05, 20000: 0.05, 100000: 0.05},
    "all": {2000: 0.1, 20000: 0.1, 100000: 0.1},
    "all-arrays": {2000: 0.1, 20000: 0.1, 100000: 0.1},
}
BW_SOLVER = {
    "first": "LCA, {solver}",
    "multi": "MultiLCA, {solver}",
    "all": "FastScoresOnlyMultiLCA (adjoint), {solver}",
    "mc": "IterativeLCA (BiCGSTAB-Jacobi, direct first solve, {solver})",
}
MC_SPEEDUP = 5.0
console = Console()


def main() -> None:
    """Run every size and task on both sides, print and record the table."""
    DATA.mkdir(exist_ok=True)
    _bw_venv()
    rows, floors = [], []
    for n in SIZES:
        arrays = _arrays(n)
        floors.append(_median([_run([sys.executable], "floor", arrays, 0) for _ in range(REPEATS)]))
        floors[-1]["n"] = n
        bw_runs: dict[str, dict] = {}
        for task in TASKS:
            pcf = _median(
                [
                    _run([sys.executable], task, arrays, PCF_DRAWS.get(n, 200))
                    for _ in range(REPEATS)
                ]
            )
            bw_task = BW_TASK.get(task, task)
            if bw_task not in bw_runs:
                repeats = BW_REPEATS.get(n, {}).get(bw_task, REPEATS)
                bw_runs[bw_task] = _median(
                    [
                        _run([str(BW_PYTHON)], bw_task, arrays, BW_DRAWS.get(n, 20))
                        for _ in range(repeats)
                    ]
                )
                bw_runs[bw_task]["repeats"] = repeats
                bw_runs[bw_task]["solver"] = BW_SOLVER[bw_task].format(
                    solver=bw_runs[bw_task]["solver"]
                )
            rows.append(_row(n, task, pcf, bw_runs[bw_task]))
            console.print(_table(rows[-1:]))
    console.print(_table(rows))
    _write_results(rows, floors)


def _bw_venv() -> None:
    if BW_PYTHON.exists():
        return
    console.print("Creating the bw2calc venv (benchmarks/.bw-venv) …")
    venv.create(BW_VENV, with_pip=True)
    packages = ["bw2calc>=3,<4", "bw_processing"]
    if platform.system() in {"Linux", "Windows"} and platform.machine() in {"x86_64", "AMD64"}:
        packages.append("pypardiso")  # MKL wheels exist only there; elsewhere scipy's solver
    else:
        console.print("pypardiso has no wheel for this platform: bw2calc will use scipy.")
    subprocess.run([str(BW_PYTHON), "-m", "pip", "install", "--quiet", *packages], check=True)


def _arrays(n: int) -> Path:
    sys.path.insert(0, str(HERE))
    from synthetic import generate

    from pcfrules import datasets

    path = DATA / f"n{n}.npz"
    if not path.exists():
        generate(n).save(path)
    gwp = datasets.gwp_values("AR6-GWP100")
    np.save(path.with_suffix(".gwp.npy"), np.array([gwp["CO2"], gwp["CH4"], gwp["N2O"]]))
    return path


def _run(python: list[str], task: str, arrays: Path, draws: int) -> dict:
    script = "bench_pcfrules.py" if python[0] == sys.executable else "bench_bw2calc.py"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [*python, str(HERE / script), task, str(arrays), str(draws)],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{script} {task} {arrays.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(runs: list[dict]) -> dict:
    out = dict(runs[0])
    for key in ("seconds", "peak_mb", "setup"):
        if key in out:
            out[key] = statistics.median(r[key] for r in runs)
    return out


def _row(n: int, task: str, pcf: dict, bw: dict) -> dict:
    row = {
        "n": n,
        "task": task,
        "pcf": pcf,
        "bw": bw,
        "pcf_solver": pcf["solver"],
        "bw_solver": bw["solver"],
    }
    if task == "mc":
        pcf_rate, bw_rate = pcf["draws"] / pcf["seconds"], bw["draws"] / bw["seconds"]
        row.update(
            pcf_value=f"{pcf_rate:.1f} draws/s",
            bw_value=f"{bw_rate:.1f} draws/s",
            ratio=pcf_rate / bw_rate,
            target=f"≥ {MC_SPEEDUP:g}×",
            passed=pcf_rate / bw_rate >= MC_SPEEDUP,
            agree=_agree(pcf, bw),
        )
    else:
        ratio = pcf["seconds"] / bw["seconds"]
        limit = TARGETS[task].get(n)
        row.update(
            pcf_value=f"{pcf['seconds'] * 1000:.1f} ms",
            bw_value=f"{bw['seconds'] * 1000:.1f} ms",
            ratio=ratio,
            target=f"≤ {limit:g}×" if limit else "—",
            passed=limit is None or ratio <= limit,
            agree=_same_answer(pcf, bw),
        )
    row["memory_ok"] = pcf["peak_mb"] <= bw["peak_mb"]
    return row


def _same_answer(pcf: dict, bw: dict) -> str:
    key = next(k for k in ("score", "score_fu0", "score_mid") if k in pcf)
    rel = abs(pcf[key] - bw[key]) / abs(bw[key])
    return f"{'yes' if rel <= 1e-9 else 'NO'} (rel. diff {rel:.1e})"


def _agree(pcf: dict, bw: dict) -> str:
    """Means within 3 standard errors; 95 % interval ends within 3 % of each other."""
    se = (pcf["sd"] ** 2 / pcf["draws"] + bw["sd"] ** 2 / bw["draws"]) ** 0.5
    z = abs(pcf["mean"] - bw["mean"]) / se
    ends = max(abs(pcf[k] / bw[k] - 1) for k in ("p2_5", "p97_5"))
    ok = z <= 3 and ends <= 0.03
    return f"{'yes' if ok else 'NO'} (z = {z:.2f}, interval ends ±{100 * ends:.1f} %)"


def _table(rows: list[dict]) -> Table:
    table = Table(title="pcfrules / bw2calc (medians of the runs, measured together)")
    for column in (
        "N",
        "task",
        "pcfrules",
        "bw2calc",
        "ratio",
        "target",
        "met",
        "same answer",
        "peak MB pcf / bw",
    ):
        table.add_column(column)
    for r in rows:
        table.add_row(
            str(r["n"]),
            r["task"],
            r["pcf_value"],
            r["bw_value"],
            f"{r['ratio']:.3f}",
            r["target"],
            "yes" if r["passed"] else "NO",
            r["agree"],
            f"{r['pcf']['peak_mb']:.0f} / {r['bw']['peak_mb']:.0f}"
            + ("" if r["memory_ok"] else " (over)"),
        )
    return table


def _write_results(rows: list[dict], floors: list[dict]) -> None:
    bw_once = sorted({r["n"] for r in rows if r["bw"].get("repeats", REPEATS) != REPEATS})
    lines = [
        "# Benchmark results",
        "",
        f"Measured by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"medians of {REPEATS} runs, each task in a fresh process, both sides in the same run"
        + (
            f" (bw2calc `multi` at N = {', '.join(f'{n:,}' for n in bw_once)}: one run, "
            "its 1,000 factorised solves take minutes)."
            if bw_once
            else "."
        ),
        "",
        "pcfrules is timed through its public API: `Lca(system, gwp)` on a `ProductSystem` of "
        "`Process`/`Exchange`/`Emission` objects in kg and g (as studies build them; building "
        "the objects is input preparation and not timed), or `Lca.from_arrays(...)` on the "
        "triplet arrays ('first-arrays'), then the question asked. One `Lca` chooses its "
        "strategy per task (`src/pcfrules/engine/lca.py`): Jacobi-preconditioned BiCGSTAB for "
        "one demand and for the adjoint, the adjoint per gas for many demands, stacked-draw "
        "BiCGSTAB for Monte Carlo; every answer is verified to a relative residual of 1e-9, "
        "with a direct fallback. The solver columns name what answered on each side.",
        "",
        "'first' = build + the first footprint with its full breakdown (inventory, by origin, "
        "gas, stage and process, DQR, DQI, primary share, allocation, contribution tree, "
        "carbon contents); bw2calc: `LCA` from its datapackage + `lci()` + `lcia()`. 'multi' = "
        "build + 1,000 further functional units with their inventories (mass of each gas). "
        "'all' = build + the score of every product ('all-arrays': from the arrays). 'mc' = Monte Carlo with lognormal "
        "uncertainty on half of the inputs and emissions, in draws per second (pcfrules: "
        "`Lca.monte_carlo`, with statistics, rank correlation and elasticities; bw2calc runs "
        "fewer draws at large N, its rate is what is compared).",
        "",
        "| N | task | pcfrules | bw2calc | ratio pcf/bw | target | met | same answer | "
        "peak MB pcf / bw | pcfrules solver | bw2calc solver |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:,} | {r['task']} | {r['pcf_value']} | {r['bw_value']} | "
            f"{r['ratio']:.3f} | {r['target']} | {'yes' if r['passed'] else 'NO'} | "
            f"{r['agree']} | {r['pcf']['peak_mb']:.0f} / {r['bw']['peak_mb']:.0f}"
            f"{'' if r['memory_ok'] else ' (over)'} | {r['pcf_solver']} | {r['bw_solver']} |"
        )
    missed = [r for r in rows if not r["passed"] or not r["memory_ok"]]
    lines += ["", "Targets not met in this run:" if missed else "Every target was met in this run."]
    lines += [
        f"- N = {r['n']:,}, {r['task']}: ratio {r['ratio']:.3f} against {r['target']}"
        + ("" if r["memory_ok"] else "; peak memory above bw2calc's")
        for r in missed
    ]
    first = {(r["n"], r["task"]): r for r in rows}
    lines += [
        "",
        "The floor: one plain direct factorise-and-solve of the same technosphere matrix "
        "(pcfrules' venv; no build, no characterisation, no breakdown), against the "
        "first footprint.",
        "",
        "| N | floor solver | floor | pcfrules first (objects) | pcfrules first (arrays) | "
        "bw2calc first |",
        "|---|---|---|---|---|---|",
    ]
    for f in floors:
        n = f["n"]
        cells = [
            first[(n, task)][side]["seconds"] * 1000 if (n, task) in first else float("nan")
            for task, side in (("first", "pcf"), ("first-arrays", "pcf"), ("first", "bw"))
        ]
        lines.append(
            f"| {n:,} | {f['solver']} | {f['seconds'] * 1000:.1f} ms | "
            + " | ".join(f"{c:.1f} ms" for c in cells)
            + " |"
        )
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
