"""Avisos de privacidad: goldens per type and format, through the real CLI and real Jinja."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tutela.errors import InputError
from tutela.generators.notice import read_inventory_yaml, render_notice

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "notices"
COMPLETO = GOLDEN / "completo" / "inventory.yaml"
MINIMO = GOLDEN / "minimo" / "inventory.yaml"

# (case, type, format): every notice a lawyer reviews as a plain file in the repo.
CASES = [
    ("completo", "integral", "md"),
    ("completo", "integral", "html"),
    ("completo", "simplificado", "md"),
    ("completo", "simplificado", "html"),
    ("completo", "telefono", "txt"),
    ("completo", "corto", "md"),
    ("minimo", "integral", "md"),
    ("minimo", "simplificado", "md"),
    ("minimo", "telefono", "txt"),
]


# The whole-inventory phone script of "completo" (every purpose, both data subjects) is over
# the default minute; per-audience scripts are tested in test_notice_audiences.py.
LONG = ("--max-seconds", "90")


@pytest.mark.parametrize(("case", "kind", "fmt"), CASES, ids=lambda v: str(v))
def test_notice_golden(run_cli, golden, case, kind, fmt):
    inventory = GOLDEN / case / "inventory.yaml"
    extra = LONG if kind == "telefono" else ()
    code, out, err = run_cli(
        "notice", "--type", kind, "--format", fmt, "-i", str(inventory), *extra
    )
    assert (code, err) == (0, "")
    golden(GOLDEN / case / "expected" / f"{kind}.{fmt}", out)


@pytest.mark.parametrize("kind", ["integral", "simplificado", "corto", "telefono"])
def test_default_format(run_cli, kind):
    code, out, _ = run_cli("notice", "--type", kind, "-i", str(COMPLETO), *LONG)
    assert code == 0
    expected = "txt" if kind == "telefono" else "md"
    assert out == (GOLDEN / "completo" / "expected" / f"{kind}.{expected}").read_text("utf-8")


def test_default_date_is_last_updated_and_flag_overrides(run_cli):
    _, out, _ = run_cli("notice", "-i", str(COMPLETO))
    assert "Última actualización: 1 de noviembre de 2026." in out
    code, out, _ = run_cli("notice", "-i", str(COMPLETO), "--date", "2027-01-31")
    assert code == 0
    assert "Última actualización: 31 de enero de 2027." in out
    assert "1 de noviembre de 2026" not in out


def test_bad_date_is_usage_error(run_cli):
    code, out, err = run_cli("notice", "-i", str(COMPLETO), "--date", "31/01/2027")
    assert (code, out) == (2, "")
    assert err == (
        "Error: --date: '31/01/2027' is not a date\n"
        "  help: write the date as YYYY-MM-DD, e.g. 2026-11-01\n"
    )


def test_same_bytes_twice(run_cli):
    for kind, fmt in [("integral", "html"), ("integral", "md"), ("telefono", "txt")]:
        first = run_cli("notice", "--type", kind, "--format", fmt, "-i", str(COMPLETO))
        second = run_cli("notice", "--type", kind, "--format", fmt, "-i", str(COMPLETO))
        assert first == second
    inv = read_inventory_yaml(COMPLETO)
    day = dt.date(2026, 11, 1)
    assert render_notice(inv, "integral", "md", date=day) == render_notice(
        inv, "integral", "md", date=day
    )


def test_output_does_not_depend_on_inventory_order(tmp_path, run_cli):
    import yaml

    data = yaml.safe_load(COMPLETO.read_text("utf-8"))
    for key in ("purposes", "recipients", "tracking_technologies", "datasets", "channels"):
        data[key].reverse()
    for ds in data["datasets"]:
        ds["columns"].reverse()
    data["arco"]["channels"].reverse()
    shuffled = tmp_path / "inventory.yaml"
    shuffled.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    for kind, fmt in [("integral", "html"), ("simplificado", "md"), ("telefono", "txt")]:
        args = ("notice", "--type", kind, "--format", fmt, *LONG)
        _, want, _ = run_cli(*args, "-i", str(COMPLETO))
        code, got, err = run_cli(*args, "-i", str(shuffled))
        assert (code, err) == (0, "")
        assert got == want


def test_html_is_standalone_and_accessible():
    html = (GOLDEN / "completo" / "expected" / "integral.html").read_text("utf-8")
    assert html.startswith('<!doctype html>\n<html lang="es-MX">\n<head>\n<meta charset="utf-8">')
    assert "<script" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html
    assert "@media print" in html
    assert html.count("<h1>") == 1
    assert html.count("<section ") == html.count("</section>") >= 8
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert html.count("<table>") == html.count("</table>") == html.count("<thead>")


def test_corto_is_refused_unless_allowed(run_cli):
    code, out, err = run_cli("notice", "--type", "corto", "-i", str(MINIMO))
    assert (code, out) == (2, "")
    assert (
        "cannot generate the corto notice: the inventory does not allow the legacy modality" in err
    )
    assert "help: set `notice.corto_allowed: true`" in err


def test_corto_is_refused_for_a_phone_channel(tmp_path, run_cli):
    text = COMPLETO.read_text("utf-8").replace(
        "    notice: simplificado\n", "    notice: corto\n", 1
    )
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(text, "utf-8")
    code, out, err = run_cli("notice", "--type", "corto", "-i", str(inventory))
    assert (code, out) == (2, "")
    assert "channel 'telefono_entrante' of type 'phone' asks for the corto notice" in err
    assert "help: set `notice: simplificado` on this channel" in err


def test_corto_is_marked_as_legacy_for_the_reviewer_only(run_cli):
    # Lawyer notes ("vigencia incierta") never reach the titular (issue 14); --review has them.
    text = (GOLDEN / "completo" / "expected" / "corto.md").read_text("utf-8")
    assert "incierta" not in text and "UNVERIFIED" not in text
    code, out, _ = run_cli("notice", "--type", "corto", "-i", str(COMPLETO), "--review")
    assert code == 0
    public, appendix = out.split("# Anexo para la persona revisora (no publicar)")
    assert public == text
    assert "Aviso corto. Modalidad heredada del Reglamento de 2011 (arts. 27 y 28)" in appendix


@pytest.mark.parametrize(("kind", "fmt"), [("telefono", "md"), ("integral", "txt")])
def test_unknown_format_for_type(run_cli, kind, fmt):
    code, out, err = run_cli("notice", "--type", kind, "--format", fmt, "-i", str(COMPLETO))
    assert (code, out) == (2, "")
    assert f"Error: the {kind} notice has no {fmt} format" in err


def test_render_notice_refuses_unknown_kind():
    inv = read_inventory_yaml(COMPLETO)
    with pytest.raises(InputError, match="unknown notice type 'largo'"):
        render_notice(inv, "largo", "md", date=dt.date(2026, 1, 1))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "nope.yaml: cannot read the inventory: No such file or directory"),
        (b"", "inventory is empty"),
        (b"- a\n- b\n", "inventory must be a map of keys, got a list"),
        (b"\xff\xfe\x00", "cannot read the inventory: it is not UTF-8 text"),
        (b"a: [1\n", "invalid YAML"),
    ],
    ids=["missing", "empty", "list", "binary", "malformed"],
)
@pytest.mark.parametrize("check", [False, True], ids=["render", "check"])
def test_unreadable_inventory_is_exit_2(tmp_path, run_cli, content, message, check):
    path = tmp_path / "nope.yaml"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run_cli("notice", "-i", str(path), *(["--check"] if check else []))
    assert (code, out) == (2, "")
    assert err.startswith("Error: ")
    assert message in err
    assert "Traceback" not in err


# --- --out ---------------------------------------------------------------------------------


def test_out_writes_and_refuses_to_overwrite(tmp_path, run_cli):
    target = tmp_path / "aviso.html"
    code, out, err = run_cli(
        "notice", "--format", "html", "-i", str(COMPLETO), "--out", str(target)
    )
    assert (code, out) == (0, "")
    assert err == f"wrote {target}\n"
    expected = (GOLDEN / "completo" / "expected" / "integral.html").read_text("utf-8")
    assert target.read_text("utf-8") == expected

    target.write_text("hand-edited", "utf-8")
    code, out, err = run_cli("notice", "-i", str(COMPLETO), "--out", str(target))
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {target}: output file already exists\n  help: pass --force to overwrite it\n"
    )
    assert target.read_text("utf-8") == "hand-edited"

    code, _, _ = run_cli(
        "notice", "--format", "html", "-i", str(COMPLETO), "--out", str(target), "--force"
    )
    assert code == 0
    assert target.read_text("utf-8") == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aviso.html"]  # no temp files left


def test_out_in_missing_directory(tmp_path, run_cli):
    code, _, err = run_cli("notice", "-i", str(COMPLETO), "--out", str(tmp_path / "no" / "a.md"))
    assert code == 2
    assert "the folder" in err and "does not exist" in err


def test_failed_check_writes_nothing(tmp_path, run_cli):
    bad = tmp_path / "inventory.yaml"
    bad.write_text(COMPLETO.read_text("utf-8").replace("  integral_url:", "  old_url:"), "utf-8")
    target = tmp_path / "aviso.md"
    code, _, _ = run_cli("notice", "--type", "simplificado", "-i", str(bad), "--out", str(target))
    assert code == 2
    assert not target.exists()


# --- legal vocabulary ------------------------------------------------------------------------

# lfpdppp.md §1.4: public templates still cite the 2010 law. These citations must never appear.
OLD_LAW = [
    re.compile(r"INAI|IFAI|Instituto Nacional de Transparencia", re.IGNORECASE),
    re.compile(r"art(?:ículo|\.)\s*16(?!,? fr(?:acción|\.) II)", re.IGNORECASE),
    re.compile(r"art(?:ículo|\.)\s*(?:32|37)\b", re.IGNORECASE),
    re.compile(r"art(?:ículo|\.)\s*3,? fr(?:acción|\.)\s*VI\b", re.IGNORECASE),
]


def _all_outputs() -> list[Path]:
    """The rendered notices (the --check tables cite the Reglamento and are not notices)."""
    return sorted(p for p in GOLDEN.glob("*/expected/*") if not p.name.startswith("check-"))


def test_goldens_exist_for_every_case():
    names = {f"{p.parent.parent.name}/{p.name}" for p in _all_outputs()}
    assert {f"{c}/{k}.{f}" for c, k, f in CASES} <= names


@pytest.mark.parametrize("path", _all_outputs(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_no_old_authority_or_old_law_articles(path):
    text = path.read_text("utf-8")
    for pattern in OLD_LAW:
        assert not pattern.search(text), f"{path.name}: {pattern.pattern}"


def test_integral_names_the_authority_and_statute_articles():
    text = (GOLDEN / "completo" / "expected" / "integral.md").read_text("utf-8")
    assert "Secretaría Anticorrupción y Buen Gobierno" in text
    for citation in [
        "artículo 15, fracción I,",
        "artículo 15, fracción II,",
        "artículo 15, fracción III,",
        "artículo 15, fracción IV,",
        "artículo 15, fracción VI,",
        "artículo 7 de la LFPDPPP",
        "artículo 8 de la LFPDPPP",
        "artículo 28 de la LFPDPPP",
        "artículo 29 de la LFPDPPP",
        "artículo 31 de la LFPDPPP",
        "artículo 35 de la LFPDPPP",
        "artículo 36, fracción IV",
        "artículo 40 de la LFPDPPP",
        "artículo 26, fracción II",
        "artículo 9, fracción IV",
        "artículo 17 de la LFPDPPP",
    ]:
        assert citation in text, citation


def test_acceptance_clause_has_no_preselected_option():
    text = (GOLDEN / "completo" / "expected" / "integral.md").read_text("utf-8")
    assert "☐ Sí acepto ☐ No acepto que mis datos se transfieran a Tiendas Aliadas" in text
    assert "☑" not in text and "[x]" not in text.lower() and "checked" not in text


def test_remisiones_are_stated_as_needing_no_consent():
    text = (GOLDEN / "completo" / "expected" / "integral.md").read_text("utf-8")
    assert (
        "Estas comunicaciones (remisiones) no son transferencias (artículo 2, fracción XX, de la "
        "LFPDPPP) y no requieren su consentimiento" in text
    )
    assert "| Cobranza Profesional, S.C. | México | Gestionar la cobranza de adeudos |" in text


def test_minimal_inventory_has_no_optional_sections():
    text = (GOLDEN / "minimo" / "expected" / "integral.md").read_text("utf-8")
    assert "No transferimos sus datos personales a terceros." in text
    assert "No tratamos sus datos para finalidades que requieran su consentimiento." in text
    for absent in [
        "sensibles en términos",
        "Cookies",
        "Cláusula de aceptación",
        "Grabamos",
        "Decisiones automatizadas",
        "revocar en cualquier momento",
    ]:
        assert absent not in text, absent


# --- the example project -----------------------------------------------------------------------


def test_example_project_renders_all_notices(run_cli, example_dir):
    import yaml

    inventory = example_dir / "inventory.yaml"
    if not inventory.exists():
        pytest.skip("examples/contact-center/inventory.yaml is not written yet")
    for kind, fmt in [
        ("integral", "md"),
        ("integral", "html"),
        ("simplificado", "md"),
        ("simplificado", "html"),
        ("telefono", "txt"),
        ("corto", "md"),
    ]:
        extra = ("--audience", "deudores", "--channel", "phone") if kind == "telefono" else ()
        code, out, err = run_cli(
            "notice", "--type", kind, "--format", fmt, "-i", str(inventory), *extra
        )
        data = yaml.safe_load(inventory.read_text("utf-8"))
        if kind == "corto" and not data["notice"].get("corto_allowed"):
            # The example opts out of the legacy modality: the refusal must be clear.
            assert (code, out) == (2, "")
            assert "does not allow the legacy modality" in err
            continue
        assert code == 0, (kind, fmt, err)
        # What the notice leaves out on purpose is said on stderr, never in the notice.
        assert all(line.startswith(("warning: ", "note: ")) for line in err.splitlines()), err
        assert out.strip()
        for pattern in OLD_LAW:
            assert not pattern.search(out), (kind, pattern.pattern)


@pytest.mark.parametrize("name", ["integral.html", "simplificado.html"])
def test_html_tags_are_balanced(name):
    from html.parser import HTMLParser

    void = {"meta", "br", "hr", "img", "link", "input"}

    class Balance(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.errors: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag not in void:
                self.stack.append(tag)

        def handle_endtag(self, tag):
            if not self.stack or self.stack[-1] != tag:
                self.errors.append(f"</{tag}> closes {self.stack[-1:]} at {self.getpos()}")
            else:
                self.stack.pop()

    parser = Balance()
    parser.feed((GOLDEN / "completo" / "expected" / name).read_text("utf-8"))
    parser.close()
    assert parser.errors == []
    assert parser.stack == []


def test_environment_escapes_html_templates_only():
    from tutela.templating import make_env

    env = make_env()
    loader_html = env.autoescape("privacy_notice/document.html.j2")  # type: ignore[operator]
    loader_md = env.autoescape("privacy_notice/integral.md.j2")  # type: ignore[operator]
    assert (loader_html, loader_md) == (True, False)
    assert env.from_string("{{ v }}").render(v="<b>") == "&lt;b&gt;"  # unnamed: safe default
