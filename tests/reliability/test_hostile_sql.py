"""Hostile SQL: every file of the generated corpus ends in bounded time and memory with the
exit code and message it deserves, and a folder of them is reported file by file.

The corpus is scripts/hostile_corpus.py (generated per session, never committed). Each file
is linted alone in a child process under RLIMIT_AS / RLIMIT_CPU (tests/reliability/conftest.py);
a run that outgrew the limits would be killed by a signal and fail here. Set
``TUTELA_BOUNDS_OUT=<file>`` to write the CPU time and peak memory of every run as JSON (the
numbers in docs/guarantees.md).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import (
    LIMIT_AS_BYTES,
    LIMIT_CPU_SECONDS,
    Limited,
    lint_args,
    load_corpus_module,
    run_limited,
)

CASES = load_corpus_module().cases(big=True)


@pytest.fixture(scope="session")
def linted(hostile_corpus) -> dict[str, Limited]:
    """Lint every corpus file alone, two at a time, under the resource limits."""
    folder, cases = hostile_corpus

    def one(name: str) -> tuple[str, Limited]:
        return name, run_limited(lint_args(cases[name].filename), folder)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(pool.map(one, sorted(cases, key=lambda n: not cases[n].big)))
    out = os.environ.get("TUTELA_BOUNDS_OUT")
    if out:
        Path(out).write_text(
            json.dumps(
                {
                    name: {
                        "kind": cases[name].kind,
                        "bytes": (folder / cases[name].filename).stat().st_size,
                        "code": r.code,
                        "cpu_seconds": round(r.cpu_seconds, 2),
                        "peak_rss_mib": None
                        if r.peak_rss_mib is None
                        else round(r.peak_rss_mib, 1),
                    }
                    for name, r in sorted(results.items())
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return results


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file_is_answered_within_limits(linted, case):
    result = linted[case.name]
    assert result.code >= 0, f"killed by signal {-result.code} (limits exceeded?)\n{result.output}"
    assert result.code == case.exit_code, result.output
    for text in case.expect:
        assert text in result.output, result.output
    assert "Internal error" not in result.output
    assert "Traceback" not in result.output
    if case.exit_code == 2:
        assert f"{case.filename}: could not analyse:" in result.output


def test_limits_are_real(hostile_corpus):
    """The limits bite: the same run with 40 MiB of address space is killed or fails."""
    folder, _ = hostile_corpus
    result = run_limited(lint_args("empty.sql"), folder, as_bytes=40 * 1024 * 1024)
    assert result.code != 0
    assert LIMIT_AS_BYTES > 40 * 1024 * 1024 and LIMIT_CPU_SECONDS > 0


def test_the_5mb_violation_is_in_the_last_statement(hostile_corpus, linted):
    folder, _ = hostile_corpus
    text = (folder / "big_5mb_violation_last.sql").read_text(encoding="utf-8")
    assert len(text.encode()) >= 5 * 1024 * 1024 - 8192
    last = text.rstrip("\n").rsplit("\n", 1)[1]
    assert last == "SELECT cvv FROM cc_dwh.pagos.legacy_ivr_pagos;"
    output = linted["big_5mb_violation_last"].output
    findings = [
        line for line in output.splitlines() if re.match(r"\S+:\d+:\d+: [A-Z]{3}\d{3} ", line)
    ]
    assert len(findings) == 1 and findings[0].startswith(
        f"big_5mb_violation_last.sql:{text.count(chr(10))}:8: PCI001 [error]"
    )


def test_a_folder_of_hostile_files_reports_every_file(tmp_path, corpus_module):
    """One bad file never stops the others: a folder of two copies of the small corpus,
    linted with two worker processes (84 files), names every unreadable file and still reports the
    findings of every readable one; the run exits 2 (could not analyse everything)."""
    small = corpus_module.generate(tmp_path / "one", big=False)
    for copy in ("a", "b"):
        shutil.copytree(tmp_path / "one", tmp_path / "many" / copy)
    result = run_limited(lint_args("many", jobs=2), tmp_path)
    assert result.code == 2, result.output
    lines = result.output.splitlines()
    for copy in ("a", "b"):
        for case in small:
            path = f"many/{copy}/{case.filename}"
            if case.exit_code == 2:
                assert any(line.startswith(f"{path}: could not analyse:") for line in lines), path
                continue
            for text in case.expect:
                if ".sql:" in text:  # a located finding: the same location in this copy
                    assert any(line.startswith(f"many/{copy}/{text}") for line in lines), path
    unreadable = sum(c.exit_code == 2 for c in small) * 2
    assert lines[-1].endswith(
        f"in {len(small) * 2} files ({unreadable} files could not be analysed)."
    )
