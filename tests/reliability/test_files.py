"""Files: outputs never overwrite unless asked, land atomically and only where named; lint and
shares check leave the user's repository exactly as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tutela.cache import CACHE_GITIGNORE
from tutela.errors import InputError
from tutela.files import write_atomic

from .conftest import EXAMPLE_INVENTORY, REPO

WRITERS: dict[str, list[str]] = {
    "notice": ["notice", "-i", "inventory.yaml", "--out", "{out}"],
    "notice_html": ["notice", "-i", "inventory.yaml", "--format", "html", "--out", "{out}"],
    "arco_plan": ["arco", "plan", "-i", "inventory.yaml", "-r", "acceso", "-k", "42",
                  "--data-subject", "clientes", "--as-of", "2026-11-28", "-o", "{out}"],
    "arco_letter": ["arco", "letter", "-i", "inventory.yaml", "-r", "acceso", "--received",
                    "2026-11-02", "--date", "2026-11-20", "--data-subject", "clientes",
                    "-o", "{out}"],
    "retention": ["retention", "plan", "-i", "inventory.yaml", "--as-of", "2026-11-28",
                  "-o", "{out}"],
    "bundle": ["bundle", "-i", "inventory.yaml", "-o", "{out}"],
}  # fmt: skip


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE_INVENTORY, tmp_path / "inventory.yaml")
    (tmp_path / "out").mkdir()
    return tmp_path


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_output_is_never_overwritten_without_force(run_cli, folder, writer):
    target = folder / "out" / "result.txt"
    target.write_text("mine\n")
    args = [a.format(out="out/result.txt") for a in WRITERS[writer]]
    code, out, err = run_cli(*args, cwd=folder)
    assert code == 2, (out, err)
    assert err.startswith("Error: ") and "out/result.txt" in err, err
    assert "exists" in err and "--force" in err, err
    assert target.read_text() == "mine\n"
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["result.txt"]  # no temp file

    code, out, err = run_cli(*args, "--force", cwd=folder)
    assert code == 0, (out, err)
    assert target.read_bytes() != b"mine\n"
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["result.txt"]


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_output_lands_only_at_the_named_path(run_cli, folder, writer):
    before = _tree(folder)
    args = [a.format(out="out/result.bin") for a in WRITERS[writer]]
    code, out, err = run_cli(*args, cwd=folder)
    assert code == 0, (out, err)
    after = _tree(folder)
    assert set(after) - set(before) == {"out/result.bin"}
    assert {k: after[k] for k in before} == before


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("where", ["missing/result.txt", "plain/result.txt"])
def test_output_in_a_missing_or_non_folder_fails_cleanly(run_cli, folder, writer, where):
    (folder / "out" / "plain").write_text("x")
    args = [a.format(out=f"out/{where}") for a in WRITERS[writer]]
    code, out, err = run_cli(*args, cwd=folder)
    assert (code, out) == (2, ""), err
    assert err.startswith("Error: ") and f"out/{where.split('/')[0]}" in err, err
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["plain"]


def test_write_atomic_never_leaves_half_a_file(tmp_path):
    target = tmp_path / "a.txt"
    write_atomic(target, "uno\n")
    with pytest.raises(InputError):
        write_atomic(target, "dos\n")
    write_atomic(target, "tres\n", force=True)
    assert target.read_text() == "tres\n"
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        write_atomic(tmp_path / "dir.txt", "x", force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "dir.txt"]


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(
        REPO / "examples" / "contact-center", root, ignore=shutil.ignore_patterns(".tutela_cache")
    )
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x")
    return root


def test_lint_and_shares_check_leave_the_repository_untouched(run_cli, repo):
    before = _tree(repo)
    code, out, _ = run_cli("lint", "models", "--today", "2026-11-28", cwd=repo)
    assert code == 1 and "PCI001" in out  # the example has violations: a real run
    code, out, _ = run_cli("lint", "models", "--today", "2026-11-28", cwd=repo)  # cache hits
    assert code == 1
    code, out, _ = run_cli("shares", "check", "--today", "2026-11-28", cwd=repo)
    assert code in (0, 1), out
    assert _git(repo, "status", "--porcelain") == ""
    after = _tree(repo)
    assert {k: v for k, v in after.items() if not k.startswith(".tutela_cache/")} == before
    assert (repo / ".tutela_cache" / ".gitignore").read_text() == CACHE_GITIGNORE


def test_no_cache_writes_nothing_at_all(run_cli, repo):
    before = _tree(repo)
    code, _, _ = run_cli("lint", "models", "--no-cache", "--today", "2026-11-28", cwd=repo)
    assert code == 1
    code, _, _ = run_cli("shares", "check", "--no-cache", "--today", "2026-11-28", cwd=repo)
    assert _tree(repo) == before
    assert not (repo / ".tutela_cache").exists()


# --- issue 19.6 ----------------------------------------------------------------------------


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_written_files_honour_the_umask(run_cli, folder, writer, umask):
    args = [a.format(out="out/result.bin") for a in WRITERS[writer]]
    old = os.umask(umask)
    try:
        code, out, err = run_cli(*args, cwd=folder)
    finally:
        os.umask(old)
    assert code == 0, (out, err)
    assert stat.S_IMODE((folder / "out" / "result.bin").stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_dangling_symlink_is_not_replaced_without_force(run_cli, folder, writer):
    link = folder / "out" / "result.txt"
    link.symlink_to(folder / "elsewhere.txt")
    args = [a.format(out="out/result.txt") for a in WRITERS[writer]]
    code, out, err = run_cli(*args, cwd=folder)
    assert (code, out) == (2, ""), err
    assert "symbolic link" in err and "points nowhere" in err and "--force" in err, err
    assert link.is_symlink() and not (folder / "elsewhere.txt").exists()
    code, out, err = run_cli(*args, "--force", cwd=folder)
    assert code == 0, err
    assert link.is_file() and not link.is_symlink()  # the link is replaced, never followed
    assert not (folder / "elsewhere.txt").exists()


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_empty_out_says_so(run_cli, folder, writer):
    args = [a.format(out="") for a in WRITERS[writer]]
    code, out, err = run_cli(*args, cwd=folder)
    assert (code, out) == (2, ""), err
    assert "no output file name given" in err, err


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE_INVENTORY, tmp_path / "inventory.yaml")
    (tmp_path / "tutela.toml").write_text('inventory = "inventory.yaml"\n', encoding="utf-8")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "q.sql").write_text("SELECT 1;\n", encoding="utf-8")
    shutil.copytree(EXAMPLE_INVENTORY.parent / "shares", tmp_path / "shares")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "target"),
    [
        (("lint", "models", "-o", "inventory.yaml"), "inventory.yaml"),
        (("lint", "models", "-o", "tutela.toml"), "tutela.toml"),
        (("lint", "models/q.sql", "-o", "models/q.sql"), "models/q.sql"),
        (("lint", "models", "-o", "models/../models/q.sql"), "models/q.sql"),
        (("lint", "models", "--format", "sarif", "-o", "models/q.sql"), "models/q.sql"),
        (("shares", "check", "-o", "shares/bpo_cobranza.yaml"), "shares/bpo_cobranza.yaml"),
        (("shares", "check", "-o", "inventory.yaml"), "inventory.yaml"),
    ],
)
def test_a_report_never_overwrites_what_the_run_reads(run_cli, small_repo, args, target):
    before = _tree(small_repo)
    code, out, err = run_cli(*args, "--no-cache", cwd=small_repo)
    assert (code, out) == (2, ""), err
    assert "is a file this run reads" in err and "the report would overwrite it" in err, err
    assert _tree(small_repo) == before
    assert (small_repo / target).exists()


def test_a_report_into_a_missing_folder_is_refused_before_the_run(run_cli, small_repo):
    args = ("lint", "models", "--no-cache", "-o", "reports/r.sarif")
    code, out, err = run_cli(*args, cwd=small_repo)
    assert (code, out) == (2, ""), err
    assert "the folder reports does not exist" in err and "create the folder first" in err
    assert not (small_repo / "reports").exists()
    (small_repo / "reports").mkdir()
    code, _, err = run_cli(*args, cwd=small_repo)
    assert code == 0, err
    assert (small_repo / "reports" / "r.sarif").is_file()


def test_the_sqlite_arco_plan_parses_in_sqlite(run_cli, folder):
    import sqlite3

    for right in ("acceso", "rectificacion", "cancelacion", "oposicion"):
        args = ["arco", "plan", "-i", "inventory.yaml", "-r", right, "-k", "42",
                "--data-subject", "clientes", "--as-of", "2026-11-28", "-d", "sqlite"]  # fmt: skip
        if right == "oposicion":
            args += ["--purpose", "mercadotecnia"]
        code, script, err = run_cli(*args, cwd=folder)
        assert code == 0, err
        assert "the inventory's catalog" in script
        con = sqlite3.connect(":memory:")
        statements = [s for s in script.split(";\n") if s.strip() and not _only_comments(s)]
        assert statements
        for statement in statements:
            try:
                con.execute("EXPLAIN " + statement)
            except sqlite3.OperationalError as exc:  # a missing table is fine, syntax is not
                assert "syntax error" not in str(exc), (statement, exc)
                assert "no such table" in str(exc) or "unknown database" in str(exc), exc


def _only_comments(block: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("--") for line in block.splitlines())


def test_lint_report_never_overwrites_a_manifest_it_reads(run_cli, small_repo):
    before = _tree(small_repo)
    args = ("lint", "models", "--no-cache", "-o", "shares/bpo_cobranza.yaml")
    code, out, err = run_cli(*args, cwd=small_repo)
    assert (code, out) == (2, "") and "is a file this run reads" in err, err
    assert _tree(small_repo) == before
