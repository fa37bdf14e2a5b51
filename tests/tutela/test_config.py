"""Configuration discovery and validation ([tool.tutela] / tutela.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutela.config import find_config, load_config
from tutela.errors import ConfigError


def test_discovered_upwards_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.tutela]\ninventory = "inv.yaml"\ndialect = "bigquery"\n',
        encoding="utf-8",
    )
    sub = tmp_path / "models" / "marts"
    sub.mkdir(parents=True)
    assert find_config(sub) == tmp_path / "pyproject.toml"
    cfg = load_config(start=sub)
    assert cfg.inventory == tmp_path.resolve() / "inv.yaml"
    assert cfg.dialect == "bigquery"


def test_pyproject_without_tool_tutela_is_skipped_and_tutela_toml_wins(tmp_path: Path) -> None:
    (tmp_path / "tutela.toml").write_text('profile = "legal"\n', encoding="utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(inner) == tmp_path / "tutela.toml"
    assert load_config(start=inner).profile == "legal"


def test_defaults_without_any_file(tmp_path: Path) -> None:
    cfg = load_config(start=tmp_path)
    assert (cfg.profile, cfg.engine, cfg.fail_on, cfg.source) == (
        "strict",
        "embedded",
        "error",
        None,
    )


def test_longest_glob_wins_for_dialect_and_purpose(tmp_path: Path) -> None:
    (tmp_path / "tutela.toml").write_text(
        'dialect = "snowflake"\n[dialects]\n"models/**" = "postgres"\n'
        '"models/bq/**" = "bigquery"\n[purposes]\n"models/marketing/**" = "mercadotecnia"\n',
        encoding="utf-8",
    )
    cfg = load_config(tmp_path / "tutela.toml")
    assert cfg.dialect_for(tmp_path / "models" / "bq" / "a.sql") == "bigquery"
    assert cfg.dialect_for(tmp_path / "models" / "a.sql") == "postgres"
    assert cfg.dialect_for(tmp_path / "other" / "a.sql") == "snowflake"
    assert cfg.purpose_for(tmp_path / "models" / "marketing" / "x" / "a.sql") == "mercadotecnia"
    assert cfg.purpose_for(tmp_path / "models" / "a.sql") is None


@pytest.mark.parametrize(
    ("text", "line", "message", "hint"),
    [
        ('dialet = "snowflake"\n', 2, "unknown key 'dialet'", "did you mean 'dialect'?"),
        (
            'profile = "lax"\n',
            2,
            "profile: unknown value 'lax' (expected one of strict, legal)",
            None,
        ),
        ('select = "PUR"\n', 2, "select: expected list, got str", None),
        ('[severity]\nPUR001 = "fatal"\n', 3, "severity.PUR001: unknown value 'fatal'", None),
        ("opa_timeout = true\n", 2, "opa_timeout: expected number, got bool", None),
    ],
)
def test_invalid_configuration_names_file_line_and_fix(
    tmp_path: Path, text: str, line: int, message: str, hint: str | None
) -> None:
    path = tmp_path / "tutela.toml"
    path.write_text("# comment\n" + text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    error = info.value
    assert error.file == str(path.resolve()) and error.line == line
    assert message in error.message
    if hint:
        assert error.hint == hint


def test_malformed_toml_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "tutela.toml"
    path.write_text("inventory = \n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "invalid TOML" in info.value.message


def test_masks_can_replace_the_default_list(tmp_path: Path) -> None:
    from datetime import date

    from tutela.lint import policy_config

    path = tmp_path / "tutela.toml"
    path.write_text('[masks]\nfunctions = ["RIGHT", "mask"]\nreplace = true\n', encoding="utf-8")
    cfg = load_config(path)
    data = policy_config(cfg, date(2026, 11, 28))
    assert data["masks"] == {"functions": ["right", "mask"], "replace": True}
    path.write_text('[masks]\nfunctions = ["tok"]\n', encoding="utf-8")
    assert policy_config(load_config(path), date(2026, 11, 28))["masks"] == ["tok"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[masks]\nreplace = "yes"\nfunctions = []\n', "masks.replace: expected true or false"),
        ("[masks]\nreplace = true\n", "masks.replace needs masks.functions"),
        ('[masks]\nfunction = ["x"]\n', "masks.function: unknown key"),
        ('[masks]\nfunctions = "right"\n', "masks.functions: expected a list"),
    ],
)
def test_bad_masks_table_is_a_config_error(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "tutela.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)
