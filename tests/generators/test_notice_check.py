"""The aviso checklist: every required element, when missing, stops the notice with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tutela.generators.checklist import CHECKLIST, KINDS, cite, notice_status, requirement
from tutela.generators.notice import read_inventory_yaml

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "notices"
COMPLETO = GOLDEN / "completo" / "inventory.yaml"
MINIMO = GOLDEN / "minimo" / "inventory.yaml"

_DELETE = object()

# For each element that can block a notice: edits to the complete fixture that leave exactly
# that element unfilled (a value of _DELETE removes the key), and the key the error must name.
MUTATIONS: dict[str, tuple[dict[tuple[str | int, ...], object], str]] = {
    "AV-01": ({("controller", "legal_name"): _DELETE}, "controller.legal_name"),
    "AV-02": ({("controller", "domicile", "street"): _DELETE}, "controller.domicile.street"),
    "AV-03": ({("datasets",): _DELETE}, "datasets[].columns[].category"),
    "AV-04": (
        {("datasets", 1, "columns", 1, "sensitive_kind"): _DELETE},
        "datasets[].columns[].sensitive_kind",
    ),
    "AV-05": ({("purposes",): _DELETE}, "purposes"),
    "AV-06": ({("purposes", 0, "exception"): _DELETE}, "purposes[].exception"),
    "AV-07": ({("limit_use", "channels"): _DELETE}, "limit_use.channels"),
    "AV-08": ({("limit_use",): _DELETE}, "limit_use.channels"),
    "AV-09": ({("arco", "channels"): _DELETE}, "arco.channels"),
    "AV-11": ({("revocation",): _DELETE}, "revocation.channels"),
    "AV-12": ({("recipients", 1, "country"): _DELETE}, "recipients[].country"),
    "AV-13": ({("recipients", 1, "consent"): _DELETE}, "recipients[].consent"),
    "AV-14": ({("purposes", 5, "consent"): "express"}, "purposes[].consent"),
    "AV-15": ({("purposes", 4, "consent"): "tacit"}, "purposes[].consent"),
    "AV-16": (
        {("tracking_technologies", 0, "disable"): _DELETE},
        "tracking_technologies[].disable",
    ),
    "AV-17": ({("notice", "changes"): _DELETE}, "notice.changes.channels"),
    "AV-18": ({("notice", "integral_url"): _DELETE}, "notice.integral_url"),
    "AV-21": (
        {("purposes", 4, "human_review_channel"): _DELETE},
        "purposes[].human_review_channel",
    ),
    "AV-23": ({("channels", 0, "recording", "purposes"): _DELETE}, "channels[].recording.purposes"),
}


def _required_cases() -> list[tuple[str, str]]:
    """Every (kind, element) whose requirement is Y, or C with its condition true in the fixture."""
    inv = read_inventory_yaml(COMPLETO)
    cases = []
    for kind in KINDS:
        for status in notice_status(inv, kind):
            if status.required and status.id not in ("AV-24",):  # AV-24: template property
                cases.append((kind, status.id))
    return cases


REQUIRED = _required_cases()


def _mutated(tmp_path: Path, edits: dict[tuple[str | int, ...], object]) -> Path:
    data = yaml.safe_load(COMPLETO.read_text("utf-8"))
    for path, value in edits.items():
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        if value is _DELETE:
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
    out = tmp_path / "inventory.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return out


def test_every_blocking_element_has_a_mutation():
    assert {element for _, element in REQUIRED} <= set(MUTATIONS)
    # The fixture exercises every conditional element, so none is silently untested.
    assert {e for _, e in REQUIRED} >= {
        "AV-04",
        "AV-07",
        "AV-11",
        "AV-13",
        "AV-14",
        "AV-15",
        "AV-16",
        "AV-21",
        "AV-23",
    }


@pytest.mark.parametrize(("kind", "element"), REQUIRED, ids=lambda v: str(v))
def test_missing_required_element_is_exit_2(tmp_path, run_cli, kind, element):
    edits, key = MUTATIONS[element]
    inventory = _mutated(tmp_path, edits)
    fmt = "txt" if kind == "telefono" else "md"
    code, out, err = run_cli("notice", "--type", kind, "--format", fmt, "-i", str(inventory))
    assert (code, out) == (2, "")
    headline = err.splitlines()[0]
    assert headline.startswith(f"Error: {inventory}: cannot generate the {kind} notice: ")
    entry = next(e for e in CHECKLIST if e.id == element)
    line = next(line for line in err.splitlines() if f" {element} " in line)
    assert line.startswith(f"  {inventory}:")
    assert line.endswith(f"{element} {entry.element} ({cite(entry.source)}): add `{key}`")


def test_exact_error_for_missing_arco_channels(tmp_path, run_cli):
    text = COMPLETO.read_text("utf-8")
    start = text.index("  channels:\n    - type: email\n      value: arco@")
    end = text.index("  identity_verification:")
    (tmp_path / "inventory.yaml").write_text(text[:start] + text[end:], "utf-8")
    arco_line = text.splitlines().index("arco:") + 1  # the nearest existing parent key
    code, out, err = run_cli("notice", "-i", "inventory.yaml", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "Error: inventory.yaml: cannot generate the integral notice: 1 required element is "
        "missing\n"
        f"  inventory.yaml:{arco_line}:1: AV-09 Medios para ejercer los derechos ARCO "
        "(LFPDPPP art. 15 fr. V; arts. 28-31): add `arco.channels`\n"
        "  help: fill the keys listed above in the inventory (docs/inventory-spec.yaml); "
        "`tutela notice --check` prints the whole coverage table\n"
    )


def test_several_missing_elements_are_all_listed(tmp_path, run_cli):
    inventory = _mutated(tmp_path, {("arco",): _DELETE, ("notice", "changes"): _DELETE})
    code, _, err = run_cli("notice", "-i", str(inventory))
    assert code == 2
    assert "cannot generate the integral notice: 2 required elements are missing" in err
    assert "AV-09" in err and "AV-17" in err


def test_simplified_does_not_need_arco_but_integral_does(tmp_path):
    inventory = read_inventory_yaml(_mutated(tmp_path, {("arco", "channels"): _DELETE}))
    simplified = {s.id: s for s in notice_status(inventory, "simplificado")}
    integral = {s.id: s for s in notice_status(inventory, "integral")}
    assert (simplified["AV-09"].requirement, simplified["AV-09"].estado) == ("N", "no aplica")
    assert (integral["AV-09"].required, integral["AV-09"].estado) == (True, "FALTA")


def test_conditional_elements_do_not_apply_to_the_minimal_inventory():
    statuses = {s.id: s for s in notice_status(read_inventory_yaml(MINIMO), "integral")}
    for element in (
        "AV-04",
        "AV-07",
        "AV-11",
        "AV-13",
        "AV-14",
        "AV-15",
        "AV-16",
        "AV-21",
        "AV-23",
    ):
        assert statuses[element].estado == "no aplica (condición)", element
    assert statuses["AV-09"].estado == "cumple"
    assert statuses["AV-18"].estado == "no aplica"


def test_check_prints_the_coverage_table(run_cli, golden):
    code, out, err = run_cli("notice", "--check", "-i", str(COMPLETO))
    assert (code, err) == (0, "")
    golden(GOLDEN / "completo" / "expected" / "check-integral.txt", out)
    code, out, _ = run_cli("notice", "--check", "--type", "telefono", "-i", str(MINIMO))
    assert code == 0
    golden(GOLDEN / "minimo" / "expected" / "check-telefono.txt", out)


def test_check_exits_2_when_incomplete(tmp_path, run_cli):
    inventory = _mutated(tmp_path, {("notice", "changes"): _DELETE})
    code, out, err = run_cli("notice", "--check", "-i", str(inventory))
    assert code == 2
    assert "AV-17 | Y   | FALTA" in out
    assert out.endswith("integral: 1 required element(s) missing\n")
    assert "AV-17" in err and "add `notice.changes.channels`" in err


def test_checklist_is_complete_and_uses_2025_numbers():
    assert [e.id for e in CHECKLIST] == [f"AV-{n:02d}" for n in range(1, 26)]
    for element in CHECKLIST:
        for kind in KINDS:
            assert requirement(element.id, kind) in {"Y", "N", "R", "C"}
        assert "old" not in element.source.lower()
    sources = {e.id: e.source for e in CHECKLIST}
    assert sources["AV-09"] == "Art. 15 fr. V; Arts. 28-31"
    assert sources["AV-13"] == "Art. 35 ¶2"
    assert sources["AV-16"] == "Reg. 14 ¶3; Lineamientos (UNVERIFIED)"


# --- hostile values ------------------------------------------------------------------------------

HOSTILE = {
    ("controller", "legal_name"): "<script>alert(1)</script> S.A.",
    ("purposes", 0, "description"): "Atender {{ 7*7 }} solicitudes",
    ("arco", "department"): "Depto {% raw %} \"privacidad\" & 'datos'",
    ("recipients", 1, "name"): "Aliadas <img src=x onerror=alert(2)>",
    ("tracking_technologies", 0, "disable"): "Use {{ config }} | ajustes",
    ("recipients", 3, "name"): "Cobranza\n\n# Encabezado falso\n- punto",
    ("controller", "trade_name"): "Ejemplo\n\n# Otro encabezado",
}


def test_hostile_values_are_escaped_in_html(tmp_path, run_cli):
    inventory = _mutated(tmp_path, HOSTILE)
    code, html, err = run_cli("notice", "--format", "html", "-i", str(inventory))
    assert (code, err) == (0, "")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; S.A." in html
    assert "Aliadas &lt;img src=x onerror=alert(2)&gt;" in html
    assert "Depto {% raw %} &#34;privacidad&#34; &amp; &#39;datos&#39;" in html
    assert "Atender {{ 7*7 }} solicitudes" in html
    assert "49" not in html


def test_hostile_values_are_literal_in_markdown_and_text(tmp_path, run_cli):
    inventory = _mutated(tmp_path, HOSTILE)
    for kind, fmt in [("integral", "md"), ("simplificado", "md"), ("telefono", "txt")]:
        code, out, err = run_cli(
            "notice", "--type", kind, "--format", fmt, "-i", str(inventory), "--max-seconds", "120"
        )
        assert (code, err) == (0, ""), err
        # Markdown escapes HTML (issue 19.5); the phone script is plain text, read aloud.
        script = "<script>alert(1)</script> S.A."
        escaped = "&lt;script&gt;alert(1)&lt;/script&gt; S.A."
        assert (escaped if fmt == "md" else script) in out
        assert "<script>" not in out or fmt == "txt"
        assert "{{ 7*7 }}" in out.replace("{{ 7*7 }}", "{{ 7*7 }}")
        assert "atender {{ 7*7 }} solicitudes" in out.lower()
        assert "49" not in out
    _, md, _ = run_cli("notice", "-i", str(inventory))
    assert "Depto {% raw %} \"privacidad\" &amp; 'datos'" in md
    assert "Use {{ config }} \\| ajustes" in md  # a pipe cannot break the Markdown table
    assert "| Cobranza # Encabezado falso - punto | México |" in md  # nor can a newline
    assert "(«Ejemplo # Otro encabezado»)" in md  # a newline in a sentence is a space
    assert "\n# Encabezado falso" not in md and "\n# Otro encabezado" not in md


def test_sandbox_refuses_unsafe_attribute_access():
    from jinja2.exceptions import SecurityError

    from tutela.templating import make_env

    with pytest.raises(SecurityError):
        make_env().from_string("{{ ''.__class__.__mro__ }}").render()


def test_docs_list_the_checklist_as_the_code_does():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "notices.md").read_text("utf-8")
    for e in CHECKLIST:
        row = f"| {e.id} | {e.element} | {e.integral} | {e.simplificado} | {e.corto} | "
        assert row + cite(e.source) + " |" in docs, e.id
