"""Finding messages in Spanish and English: the catalogue in each rule's METADATA, rendering,
``--lang``/config ``lang``, and goldens of the example project's output in both languages.

Every rule returns its code and values (``finding.with_values``/``finding.variant``); these
tests run each rule's bad examples on the real regorus engine and render every finding in both
languages with no value missing, so a template naming a value the rule does not return, or a
variant without a sentence, fails here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tutela.engine.base import builtin_policy_dir, engine_data, load_policies
from tutela.engine.embedded import EmbeddedEngine
from tutela.engine.policytest import load_examples
from tutela.errors import PolicyError
from tutela.messages import LANGS, fill, render, template_fields
from tutela.rules import Rule, load_rule_index, parse_rules

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "i18n"
RULES = load_rule_index([builtin_policy_dir()]).rules
RunCli = Callable[..., tuple[int, str, str]]


def _ids(rules: tuple[Rule, ...]) -> list[str]:
    return [r.id for r in rules]


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_rule_has_messages_and_docs_in_both_languages(rule: Rule) -> None:
    assert rule.messages, f"{rule.file}:{rule.line}: no custom.message"
    for variant, templates in rule.messages.items():
        assert set(templates) == set(LANGS), f"{rule.id} variant {variant!r}: {sorted(templates)}"
        es, en = (set(template_fields(templates[lang])) for lang in ("es", "en"))
        assert es == en, f"{rule.id} {variant!r}: the languages name different values"
    spanish = rule.translations.get("es", {})
    assert set(spanish) == {"title", "description", "recommended_action"}, rule.id
    assert "Qué hace:" in spanish["description"] and "Por qué importa:" in spanish["description"]


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_rule_body_returns_values_not_sentences(rule: Rule) -> None:
    family = builtin_policy_dir() / rule.family
    text = "\n".join(p.read_text("utf-8") for p in sorted(family.glob("*.rego")))
    assert f'finding.new("{rule.id}"' not in text, f"{rule.id} still writes its own English msg"


def _example_findings(rule: Rule) -> list[dict]:
    assert rule.examples is not None
    ex = load_examples(rule.examples)
    engine = EmbeddedEngine(
        load_policies([], include_builtin=True),
        engine_data(inventory=ex.inventory, config=ex.config),
    )
    verdicts = engine.evaluate([dict(c.fact) for c in ex.bad])
    return [dict(f) for found in verdicts for f in found if f["id"] == rule.id]


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_bad_examples_render_in_both_languages(rule: Rule) -> None:
    """Each finding of a bad example names its variant and every value its sentence needs."""
    found = _example_findings(rule)
    assert found
    for raw in found:
        assert "msg" not in raw and isinstance(raw.get("values"), dict), raw
        variant = raw.get("variant", "")
        assert variant in rule.messages, f"{rule.id}: variant {variant!r} has no sentence"
        for lang in LANGS:
            text = fill(rule.messages[variant][lang], raw["values"], lang, strict=True)
            assert "(unknown)" not in text and "(desconocido)" not in text, (lang, text)
            assert rule.message(raw, lang) == text


# --- rendering and fallbacks ---------------------------------------------------------------


def test_values_read_naturally() -> None:
    template = "Tabla {table}: {days} días, columnas {columns}, ¿activa? {active}."
    values = {"table": "crm.c", "days": 30.0, "columns": ["a", "b"], "active": True}
    assert fill(template, values, "es") == "Tabla crm.c: 30 días, columnas a, b, ¿activa? sí."
    assert fill("Table {table}.", {"table": None}, "en") == "Table (unknown)."


def test_fallbacks_for_custom_rules() -> None:
    es_only = {"": {"es": "La tabla {table}."}}
    assert render(es_only, "USR001", "es", values={"table": "t"}) == "La tabla t."
    # no English sentence: the rule's own msg first, then the other language
    assert render(es_only, "USR001", "en", values={"table": "t"}, msg="Own.") == "Own."
    assert render(es_only, "USR001", "en", values={"table": "t"}) == "La tabla t."
    # no catalogue at all
    assert render({}, "USR001", "en", msg="Own sentence.") == "Own sentence."
    assert render({}, "USR001", "en", values={"b": 2, "a": [1, 2]}) == "USR001: a=1, 2, b=2"
    assert render({}, "USR001", "en") == "USR001."
    # an unknown variant falls back to the rule's default sentence
    both = {"": {"en": "Default {x}."}, "other": {"en": "Other {x}."}}
    assert render(both, "USR001", "en", values={"x": 1}, variant="nope") == "Default 1."
    assert render(both, "USR001", "en", values={"x": 1}, variant="other") == "Other 1."


_RULE = """package tutela.usr

import data.tutela.lib.finding

# METADATA
# title: Custom
# custom:
#   id: USR001
#   name: custom-rule
#   severity: error
#   message:
{message}
deny contains finding.with_values("USR001", {{"table": "t"}}, []) if input.x
"""


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("#     fr: Table {table}.", "custom.message: unknown language 'fr' (expected es, en)"),
        ("#     en: Table {table.name}.", "must be a bare name like {column}"),
        ("#     en: Table {table!r}.", "must be a bare name like {column}"),
        ("#     en: Table {table", "custom.message.en"),
        ("#     en: []", "custom.message"),
        ("#     one:\n#       de: x", "custom.message.one: unknown language 'de'"),
    ],
)
def test_bad_catalogue_is_a_policy_error_with_its_line(
    tmp_path: Path, message: str, error: str
) -> None:
    path = tmp_path / "usr" / "r.rego"
    with pytest.raises(PolicyError) as err:
        parse_rules(_RULE.format(message=message), path, root=tmp_path)
    assert error in err.value.message
    assert err.value.line == 12  # the line under `message:`


def test_custom_rule_catalogue_and_translations(tmp_path: Path) -> None:
    text = _RULE.format(
        message="#     en: Table {table} is odd.\n#     es: La tabla {table} es rara.\n"
        "#   translations:\n#     es: {title: Personalizada, recommended_action: Corríjala.}"
    )
    (rule,) = parse_rules(text, tmp_path / "usr" / "r.rego", root=tmp_path)
    es = rule.localized("es")
    assert (es.title, es.recommended_action, es.description) == ("Personalizada", "Corríjala.", "")
    assert es.localized("en").title == "Custom"
    assert es.message({"values": {"table": "t"}}) == "La tabla t es rara."
    assert rule.message({"values": {"table": "t"}}) == "Table t is odd."


# --- the CLI --------------------------------------------------------------------------------


def _lint(run_cli: RunCli, example_dir: Path, *args: str) -> tuple[int, str]:
    # The run date is pinned: RET002 prints the retention cut-off, which moves with today.
    code, out, err = run_cli(
        "lint",
        "models",
        "dbt/models",
        "--no-cache",
        "--today",
        "2026-12-03",
        *args,
        cwd=example_dir,
    )
    assert err == ""
    return code, out


@pytest.mark.parametrize("lang", LANGS)
def test_example_lint_text_golden(
    run_cli: RunCli, example_dir: Path, golden: Callable[[Path, str], None], lang: str
) -> None:
    code, out = _lint(run_cli, example_dir, "--lang", lang)
    assert code == 1
    golden(GOLDEN / f"lint.contact-center.{lang}.txt", out)


@pytest.mark.parametrize("lang", LANGS)
def test_example_shares_text_golden(
    run_cli: RunCli, example_dir: Path, golden: Callable[[Path, str], None], lang: str
) -> None:
    code, out, err = run_cli("shares", "check", "--lang", lang, cwd=example_dir)
    assert (code, err) == (1, "")
    golden(GOLDEN / f"shares.contact-center.{lang}.txt", out)


def test_example_config_speaks_spanish(run_cli: RunCli, example_dir: Path) -> None:
    """The example's tutela.toml says `lang = "es"`; `--lang en` overrides it."""
    _, default = _lint(run_cli, example_dir)
    _, spanish = _lint(run_cli, example_dir, "--lang", "es")
    assert default == spanish
    assert "fundamento legal:" in spanish and "Hallazgos:" in spanish.splitlines()[-1]


def test_json_and_sarif_carry_values_and_the_rendered_message(
    run_cli: RunCli, example_dir: Path
) -> None:
    by_lang = {}
    for lang in LANGS:
        _, out = _lint(run_cli, example_dir, "--lang", lang, "--format", "json")
        by_lang[lang] = json.loads(out)
        assert by_lang[lang]["lang"] == lang
    es, en = (by_lang[lang]["findings"] for lang in ("es", "en"))
    assert [f["values"] for f in es] == [f["values"] for f in en]
    assert all(f["values"] for f in es)
    assert [f["msg"] for f in es] != [f["msg"] for f in en]
    sarif = {}
    for lang in LANGS:
        _, out = _lint(run_cli, example_dir, "--lang", lang, "--format", "sarif")
        sarif[lang] = json.loads(out)["runs"][0]["results"]
    # the alert's identity does not depend on the language
    assert [r["partialFingerprints"] for r in sarif["es"]] == [
        r["partialFingerprints"] for r in sarif["en"]
    ]
    assert [r["properties"]["values"] for r in sarif["es"]] == [f["values"] for f in en]


def test_bad_lang_in_config_is_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "tutela.toml").write_text('lang = "fr"\n', encoding="utf-8")
    code, _, err = run_cli("rules", cwd=tmp_path)
    assert code == 2
    assert "lang: unknown value 'fr' (expected one of es, en)" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", ["CON001", "TRF001"])
def test_explain_golden(
    run_cli: RunCli, tmp_path: Path, golden: Callable[[Path, str], None], lang: str, code: str
) -> None:
    status, out, err = run_cli("rules", "explain", code, "--lang", lang, cwd=tmp_path)
    assert (status, err) == (0, "")
    # the last line names the defining file, which depends on the install
    golden(GOLDEN / f"explain_{code}.{lang}.txt", "\n".join(out.splitlines()[:-1]) + "\n")
