"""`tutela notice --diff OLD_INVENTORY`: changes that need new consent or a new notice."""

from __future__ import annotations

from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "contact-center" / "inventory.yaml"


def _variant(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    text = EXAMPLE.read_text("utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_no_change_is_clean(run_cli):
    code, out, _ = run_cli("notice", "-i", str(EXAMPLE), "--diff", str(EXAMPLE))
    assert code == 0
    assert out.endswith("needs new consent or a new notice\n")


def test_each_kind_of_change_is_listed_with_its_line_and_article(run_cli, tmp_path):
    new = _variant(
        tmp_path,
        "new.yaml",
        (
            "\npurposes:\n",
            "\npurposes:\n  - id: encuestas\n    description: Encuestas.\n"
            "    requires_consent: true\n    consent: express\n",
        ),
    )
    old = _variant(
        tmp_path,
        "old.yaml",
        # the old version held no union data, did not share with the marketing partner and
        # asked only tacit consent for marketing
        ("        category: sensible\n        sensitive_kind: sindical\n", "        category: laboral\n"),  # noqa: E501
        ("        category: sensible\n        sensitive_kind: sindical\n", "        category: patrimonial\n"),  # noqa: E501
        ("    role: tercero\n    country: MX\n    purposes: [mercadotecnia]", "    role: encargado\n    country: MX\n    purposes: [mercadotecnia]"),  # noqa: E501
        ("    consent: express\n    tags: [marketing, telemarketing]", "    consent: tacit\n    tags: [marketing, telemarketing]"),  # noqa: E501
    )  # fmt: skip
    code, out, err = run_cli("notice", "-i", str(new), "--diff", str(old))
    assert code == 1, err
    lines = out.splitlines()
    assert any(
        "consent: new purpose 'encuestas' requires express consent" in line
        and "(LFPDPPP art. 11; art. 15 fr. III)" in line
        for line in lines
    ), out
    assert any(
        "purpose 'mercadotecnia' now requires express consent (before: tacit)" in x for x in lines
    )
    assert any(
        "consent: new transfer to 'socio_mercadotecnia' for mercadotecnia" in x for x in lines
    )
    assert any("consent: new sensitive category 'sindical'" in x for x in lines)
    assert lines[0].startswith(f"{new}:") and lines[0].split(":")[1].isdigit()
    assert lines[-1] == "4 changes need new consent or a new notice"


def test_bad_old_inventory_is_an_input_error(run_cli, tmp_path):
    missing = tmp_path / "nope.yaml"
    code, out, err = run_cli("notice", "-i", str(EXAMPLE), "--diff", str(missing))
    assert (code, out) == (2, "")
    assert "inventory file not found" in err
