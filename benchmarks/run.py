"""`make bench`: tutela's speed, as ratios against baselines measured in the same run.

Measures, on a generated corpus (benchmarks/corpus.py, >= 5,000 statements in five
dialects):

* sqlglot parse-only throughput (the floor: tutela cannot be faster than parsing);
* `tutela lint` end-to-end throughput in one process, and with one worker per core;
* the policy engine's share of the lint time;
* SQLFluff lint throughput on the Snowflake part of the corpus (same files, same
  dialect; a sample, because SQLFluff is ~100x slower), and single-file wall time of
  both command lines (cold start included). tutela's single file is timed twice: fully
  cold (``--no-cache``) and as a pre-commit hook runs it after an edit (the validated
  inventory and share summaries cached from an earlier run, the edited file's facts not).
  SQLFluff keeps no cache between runs, so both are compared with its one time. Two more
  single-file times: the same edited file through the warm server (``--server``, the
  pre-commit hooks' default; the daemon started by an untimed first run) and an unchanged
  file (every cache hit) in a cold process;
* peak memory growth of a one-process lint per statement (half the corpus against all of it).

* the policy engine alone, per fact, on the facts of the one-process lint run: regorus's
  interpreter (the policy files as written, and merged per package) against its compiled VM
  (what ``tutela lint`` uses), with the verdicts of every mode compared with the
  interpreter's, fact by fact, and the VM's fallbacks counted
  (``--engine-only`` runs just this part and the lint run it needs).

``lint / parse-only`` is printed twice: ``tutela lint`` as users run it (one worker per
core, the default) and in one process. The target is judged on the first, the
end-to-end throughput a user sees; the second shows the per-statement cost.

Timings on shared machines are noisy (1.5x between runs is common): every throughput is the
best of ``REPEAT`` runs (as ``timeit`` reports), for tutela and its baselines alike, and the
single-file times are medians of 5 for both command lines. Read the ratios, which are
measured back to back, and repeat a run before trusting a small change. Nothing
here is asserted; the targets are printed next to the measurements.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlglot

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

from tutela.config import load_config
from tutela.lint import LintRequest, lint

BIN = Path(sys.executable).parent
SQLFLUFF_SAMPLE = 60  # files (x5 statements)
REPEAT = 2  # throughput runs per measurement; the best counts
ENGINE_FACTS = 2000  # facts the engine comparison judges in each mode (a sample of the corpus)
ENGINE_REPEAT = 3
RECORDED: dict[str, object] = {}  # the facts, policies and data of the last lint run


def _stmts(files: list[Path]) -> int:
    return sum(f.read_text(encoding="utf-8").count(";") for f in files)


def parse_only(files: list[Path]) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        for path in files:
            dialect = path.parent.name
            sqlglot.parse(path.read_text(encoding="utf-8"), dialect=dialect)
        best = min(best, time.perf_counter() - start)
    return best


def best_lint(root: Path, paths: list[str], jobs: int) -> tuple[float, float, int]:
    """The fastest of ``REPEAT`` :func:`tutela_lint` runs (its engine time with it)."""
    return min((tutela_lint(root, paths, jobs) for _ in range(REPEAT)), key=lambda r: r[0])


def tutela_lint(root: Path, paths: list[str], jobs: int) -> tuple[float, float, int]:
    """(seconds, engine seconds, findings) for one in-process lint run without cache."""
    from tutela.engine import embedded

    spent = [0.0]
    original = embedded.EmbeddedEngine.evaluate

    recorded: list[object] = []

    def timed(self, facts):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return original(self, facts)
        finally:
            spent[0] += time.perf_counter() - t0
            recorded.extend(facts)
            RECORDED.update(policies=self.policies, data=self._data_json, mode=self.mode)
            RECORDED["stats"] = self.stats

    embedded.EmbeddedEngine.evaluate = timed  # type: ignore[method-assign]
    try:
        cwd = Path.cwd()
        os.chdir(root)
        config = load_config(root / "tutela.toml")
        start = time.perf_counter()
        result = lint(
            LintRequest(
                paths=paths,
                config=config,
                inventory_path=config.inventory or Path("inventory.yaml"),
                jobs=jobs,
                use_cache=False,
                today=date(2026, 11, 28),
                keep_facts=False,  # as the CLI runs it
            )
        )
        elapsed = time.perf_counter() - start
    finally:
        embedded.EmbeddedEngine.evaluate = original  # type: ignore[method-assign]
        os.chdir(cwd)
    RECORDED["facts"] = recorded
    return elapsed, spent[0], len(result.report.findings)


ENGINE_MODES = [
    ("interpreter, files as written", {"mode": "interpreter", "merge": False}),
    ("interpreter, merged per package", {"mode": "interpreter", "merge": True}),
    # The VM compiles the files as written (merged, it runs the same instructions: 2.13 M a
    # fact either way under callgrind); `merge` is for its interpreter fallback.
    ("VM + merged fallback (tutela lint)", {"mode": "vm", "merge": True}),
]


def engine_comparison(recorded: dict[str, object]) -> None:
    """Engine time per fact in each mode, on the facts a lint run judged (``RECORDED``).

    CPU time of this process (``time.process_time``), not wall time: on a shared machine the
    wall time of a single-threaded run mostly measures the other users. The modes take turns
    (mode 1, 2, 3, 4, then again) so that a change in load falls on all of them; the best of
    ``ENGINE_REPEAT`` turns counts.
    """
    from tutela.engine import rvm
    from tutela.engine.embedded import EmbeddedEngine

    facts = list(recorded.get("facts") or [])[:ENGINE_FACTS]  # type: ignore[call-overload]
    if not facts:
        print("  engine: no facts were recorded")
        return
    policies, data = recorded["policies"], recorded["data"]
    kinds = sorted({str(f.get("kind")) for f in facts})  # type: ignore[union-attr]
    print(
        f"\nengine alone, {len(facts):,} facts ({', '.join(kinds)}), CPU time, "
        f"best of {ENGINE_REPEAT}:"
    )
    engines, builds = [], []
    for _, options in ENGINE_MODES:
        rvm._PROGRAMS.clear()  # a cold compile, as a fresh process pays it
        t0 = time.process_time()
        engines.append(EmbeddedEngine(policies, data, **options))  # type: ignore[arg-type]
        builds.append(time.process_time() - t0)
    best = [float("inf")] * len(engines)
    verdicts: list[object] = [None] * len(engines)
    for _ in range(ENGINE_REPEAT):
        for i, engine in enumerate(engines):
            engine.stats.clear()
            t0 = time.process_time()
            verdicts[i] = engine.evaluate(facts)
            best[i] = min(best[i], time.process_time() - t0)
    for (label, options), engine, spent, build, got in zip(
        ENGINE_MODES, engines, best, builds, verdicts, strict=True
    ):
        differ = sum(a != b for a, b in zip(got, verdicts[0], strict=True))  # type: ignore[call-overload]
        same = "same verdicts" if not differ else f"{differ} VERDICTS DIFFER"
        stats = {k: v for k, v in sorted(engine.stats.items()) if k != "vm"}
        fallbacks = f"; {json.dumps(stats)}" if stats and options["mode"] == "vm" else ""
        print(
            f"  {label:<34} {spent / len(facts) * 1000:6.3f} ms/fact  {best[0] / spent:5.2f}x  "
            f"build {build * 1000:4.0f} ms  {same}{fallbacks}"
        )


def wall(cmd: list[str], cwd: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wall_edited(cmd: list[str], cwd: Path, edited: Path, runs: int) -> float:
    """Median wall time of ``cmd`` when ``edited`` changed since the previous run.

    What a pre-commit hook sees: caches warm from an earlier run (one untimed run first),
    the file's own facts stale because its bytes changed (a comment line is appended).
    """
    original = edited.read_bytes()
    try:
        subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
        times = []
        for run in range(runs):
            edited.write_bytes(original + f"\n-- edit {run}\n".encode())
            start = time.perf_counter()
            subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        return statistics.median(times)
    finally:
        edited.write_bytes(original)


def wall_warm(cmd: list[str], cwd: Path, runs: int) -> float:
    """Median wall time of ``cmd`` on unchanged files: every cache warm (one untimed run).

    The files must have settled first: a file modified less than ``SETTLE`` seconds ago is
    never trusted by ``stat`` (tutela.watch), so its run would not be recorded for replay
    (tutela.replay), and the previous measurement has just restored the edited file.
    """
    from tutela.watch import SETTLE

    time.sleep(SETTLE + 0.1)
    subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
    return wall(cmd, cwd, runs)


MEMORY_POINTS = 4  # corpus sizes the memory slope is fitted on (a quarter, a half, ...)
MEMORY_REPEAT = 2  # runs at each size; the lowest peak counts


def memory_per_statement(root: Path, files: list[Path]) -> float:
    """Peak-RSS growth of a one-process, uncached lint per statement (least-squares slope).

    Linux only (it reads ``/proc/self/status``), as the rest of ``make bench`` assumes.

    Flat memory (issue 15) means the facts and findings of a file are not all kept until the
    end (facts are let go batch by batch, findings past a few thousand are spilled to a
    temporary file: :mod:`tutela.spool`): the slope, in KB per statement, is what this
    reports. A single process's peak RSS
    varies by ~10-30 MB from run to run (when the collector and the allocator give memory
    back), so the slope is fitted over :data:`MEMORY_POINTS` corpus sizes, each the lowest
    of :data:`MEMORY_REPEAT` runs, not read off two runs.
    """
    # The child's own peak: VmHWM of its address space. ``ru_maxrss`` is no use here: Linux
    # carries the parent's peak into a child across fork and exec, so after this process has
    # linted the corpus in-process (~180 MB), every child reported at least that much.
    code = (
        "import sys; from tutela.cli.main import main; "
        "main(['lint', '--no-cache', '-j', '1', '--format', 'json', *sys.argv[1:]]); "
        "print(next(line.split()[1] for line in open('/proc/self/status') "
        "if line.startswith('VmHWM:')), file=sys.stderr)"
    )
    # Every size has the corpus's mix: the same share of each dialect's files. A prefix of
    # the file list would hold fewer dialects at the smaller sizes (the files are grouped
    # by dialect), and each dialect's first statement loads its own sqlglot tokenizer and
    # parser tables (~4-6 MB): the slope would measure dialects, not statements.
    groups: dict[str, list[Path]] = {}
    for path in files:
        groups.setdefault(path.parent.name, []).append(path)
    sizes, peaks = [], []
    for point in range(1, MEMORY_POINTS + 1):
        subset = [
            f for group in groups.values() for f in group[: len(group) * point // MEMORY_POINTS]
        ]
        runs = []
        for _ in range(MEMORY_REPEAT):
            run = subprocess.run(
                [sys.executable, "-c", code, *(str(f.relative_to(root)) for f in subset)],
                cwd=root,
                capture_output=True,
                text=True,
                check=False,
            )
            runs.append(int(run.stderr.strip().splitlines()[-1]))
        sizes.append(_stmts(subset))
        peaks.append(min(runs))
    mean_x, mean_y = statistics.fmean(sizes), statistics.fmean(peaks)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(sizes, peaks, strict=True))
    return covariance / sum((x - mean_x) ** 2 for x in sizes)


def sqlfluff_available() -> bool:
    return (BIN / "sqlfluff").exists()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--engine-only",
        action="store_true",
        help="only the one-process lint run and the engine comparison",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tutela-bench-"))
    try:
        files = generate(tmp, total=5000, per_file=5)
        n = _stmts(files)
        print(
            f"corpus: {n:,} statements in {len(files):,} files, "
            f"dialects: {', '.join(sorted({f.parent.name for f in files}))}"
        )
        print(
            f"sqlglot {sqlglot.__version__}, compiled: "
            f"{'yes' if _has_sqlglotc() else 'no'}; "
            f"cores: {os.cpu_count()}\n"
        )

        if args.engine_only:
            t_lint1, t_engine, findings = best_lint(tmp, ["."], jobs=1)
            print(
                f"  tutela lint, 1 process: {n / t_lint1:,.0f} statements/s; findings: "
                f"{findings:,}; engine ({RECORDED.get('mode')}) {t_engine:.2f} s of "
                f"{t_lint1:.2f} s ({t_engine / t_lint1:.1%})"
            )
            engine_comparison(RECORDED)
            return 0
        t_parse = parse_only(files)
        t_lint1, t_engine, findings = best_lint(tmp, ["."], jobs=1)
        engine_input = dict(RECORDED)
        t_lintn, _, _ = best_lint(tmp, ["."], jobs=0)

        rows = [
            ("sqlglot parse only (1 process)", n / t_parse, None),
            ("tutela lint, 1 process", n / t_lint1, None),
            (f"tutela lint, {os.cpu_count()} processes", n / t_lintn, None),
        ]
        for label, rate, _ in rows:
            print(f"  {label:<38} {rate:>9,.0f} statements/s")
        print(
            f"  findings: {findings:,}; engine ({engine_input.get('mode')}) time {t_engine:.2f} s "
            f"of {t_lint1:.2f} s"
        )
        print()
        results = [
            ("lint (all cores) / parse-only", t_parse / t_lintn, 0.3, ">="),  # issue 15
            ("lint (1 process) / parse-only", t_parse / t_lint1, None, ""),
            ("parallel speed-up (all cores / 1)", t_lint1 / t_lintn, 1.7, ">="),
            ("engine share of lint time", t_engine / t_lint1, 0.25, "<="),  # issue 15
        ]

        snow = sorted((tmp / "snowflake").glob("*.sql"))[:SQLFLUFF_SAMPLE]
        single = snow[0]
        t_single_cold = wall(
            [str(BIN / "tutela"), "lint", str(single.relative_to(tmp)), "--no-cache"], tmp, 5
        )
        lint_single = [str(BIN / "tutela"), "lint", str(single.relative_to(tmp))]
        t_single_tutela = wall_edited(lint_single, tmp, single, 5)
        t_unchanged = wall_warm(lint_single, tmp, 5)
        t_served = wall_edited([*lint_single, "--server"], tmp, single, 5)
        subprocess.run([str(BIN / "tutela"), "server", "stop"], cwd=tmp, capture_output=True)
        print(
            f"  tutela single file, median of 5: {t_single_tutela * 1000:.0f} ms as a pre-commit "
            f"hook after an edit, {t_served * 1000:.0f} ms the same through the warm server, "
            f"{t_unchanged * 1000:.0f} ms unchanged (cache hit), "
            f"{t_single_cold * 1000:.0f} ms fully cold (--no-cache)"
        )
        results.append(("unchanged file, cold process (ms)", t_unchanged * 1000, 100.0, "<="))
        per_stmt = memory_per_statement(tmp, files)
        print(f"  peak memory of a 1-process lint: {per_stmt:+.1f} KB per extra statement")
        results.append(("memory per extra statement (KB)", per_stmt, 2.0, "<="))
        if sqlfluff_available():
            sample_dir = tmp / "fluff"
            sample_dir.mkdir()
            for f in snow:
                shutil.copy(f, sample_dir / f.name)
            m = _stmts(snow)
            t_fluff = min(
                wall(
                    [
                        str(BIN / "sqlfluff"),
                        "lint",
                        "--dialect",
                        "snowflake",
                        "--processes",
                        "1",
                        "--disable-progress-bar",
                        "--nofail",
                        str(sample_dir),
                    ],
                    tmp,
                    1,
                )
                for _ in range(REPEAT)
            )
            (sample_dir / "tutela.toml").write_text(
                (tmp / "tutela.toml").read_text(encoding="utf-8").split("[dialects]")[0]
                + 'dialect = "snowflake"\n',
                encoding="utf-8",
            )
            t_tut_sample, _, _ = best_lint(sample_dir, ["."], jobs=1)
            t_single_fluff = wall(
                [str(BIN / "sqlfluff"), "lint", "--dialect", "snowflake", "--nofail", str(single)],
                tmp,
                5,
            )
            print(
                f"  sqlfluff lint, {m} snowflake statements (best of {REPEAT}): "
                f"{m / t_fluff:,.0f} statements/s "
                f"(tutela on the same files: {m / t_tut_sample:,.0f}/s)"
            )
            print(f"  sqlfluff single file (median of 5): {t_single_fluff * 1000:.0f} ms")
            results += [
                ("throughput vs SQLFluff (same files)", t_fluff / t_tut_sample, 20.0, ">="),
                ("single file vs SQLFluff (warm server)", t_single_fluff / t_served, 10.0, ">="),
                (
                    "single file vs SQLFluff (after an edit)",
                    t_single_fluff / t_single_tutela,
                    3.0,
                    ">=",
                ),
                (
                    "unchanged file vs SQLFluff (cache hit)",
                    t_single_fluff / t_unchanged,
                    10.0,
                    ">=",
                ),
                ("single file vs SQLFluff (--no-cache)", t_single_fluff / t_single_cold, None, ""),
            ]
        else:
            print("  sqlfluff is not installed: `make bench` installs it; skipping SQLFluff")
        t_import = wall([sys.executable, "-c", "import tutela.cli.main"], tmp, 5)
        t_python = wall([sys.executable, "-c", "pass"], tmp, 5)
        print(f"  import tutela.cli.main: {(t_import - t_python) * 1000:.0f} ms over bare python")
        print("\nratio                                     measured   target")
        for label, value, target, op in results:
            unit = label.endswith(("(ms)", "(KB)"))
            shown = (
                f"{value:.1%}" if "share" in label else f"{value:.1f}" if unit else f"{value:.2f}x"
            )
            if target is None:
                print(f"  {label:<40} {shown:>8}   (for information)")
                continue
            ok = value >= target if op == ">=" else value <= target
            goal = (
                f"{op} {target:.0%}"
                if "share" in label
                else f"{op} {target:g}{'' if unit else 'x'}"
            )
            print(f"  {label:<40} {shown:>8}   {goal:<8} {'ok' if ok else 'MISSED'}")
        engine_comparison(engine_input)
        print()
        import audit as audit_bench  # benchmarks/audit.py: issue 16's audit figures

        audit_bench.main([])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _has_sqlglotc() -> bool:
    import sqlglot.parser

    return not str(sqlglot.parser.__file__).endswith(".py")  # sqlglotc ships compiled modules


if __name__ == "__main__":
    sys.exit(main())
