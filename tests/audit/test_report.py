"""``tutela report``: Markdown goldens (es, en) and the HTML page rendered in real Chromium."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.audit.conftest import EXAMPLE, audit
from tutela.audit.sample import write_history
from tutela.cli.main import main

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "report"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def results(tmp_path, example_config, monkeypatch):
    monkeypatch.chdir(EXAMPLE)
    db = tmp_path / "a.duckdb"
    histories = [
        write_history(tmp_path / "sf.csv", "snowflake", executions=240, shapes=16, seed=3),
        write_history(tmp_path / "bq.jsonl", "bigquery", executions=120, shapes=8, seed=4),
    ]
    audit(histories, example_config, db)
    return db


@pytest.mark.parametrize("lang", ["es", "en"])
def test_markdown_report_golden(results, golden, capsys, lang):
    code = main(
        ["report", "--db", str(results), "-f", "md", "--lang", lang, "--date", "2026-11-30"]
    )
    assert code == 0
    golden(GOLDEN / f"report.{lang}.md", capsys.readouterr().out)


def test_html_report_is_standalone_and_accessible(results, tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", "--db", str(results), "--out", str(out), "--date", "2026-11-30"]) == 0
    html = out.read_text(encoding="utf-8")
    assert '<html lang="es">' in html
    assert html.count("<svg") == 3 and 'role="img"' in html and "<figcaption" in html
    # No external asset: no remote script, stylesheet, image or font.
    import re

    bare = re.sub(r' xmlns(?::\w+)?="[^"]*"', "", html)  # XML namespaces are names, not fetches
    for needle in ("<script", "<link", "src=", "http://", "https://", "@import", "url(h", "url(//"):
        assert needle not in bare, needle
    assert "Mapa de datos / registro de actividades de tratamiento" in html
    assert main(["report", "--db", str(results), "--out", str(out), "--lang", "en"]) == 2


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)
def test_html_report_renders_in_headless_chromium(results, tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", "--db", str(results), "--out", str(out), "--lang", "en"]) == 0
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1200,1600",
            f"--screenshot={shot}",
            out.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = shot.read_bytes()
    assert _png_size(data) == (1200, 1600)
    # A blank page compresses to a few KB; text, tables and charts do not.
    assert len(data) > 30_000
    from PIL import Image

    image = Image.open(shot).convert("L")
    colours = image.getcolors(maxcolors=1 << 16) or []
    assert len(colours) > 20  # anti-aliased text and bars, not one flat colour
