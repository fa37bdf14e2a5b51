"""Loading, validating and normalising the inventory (real YAML, real Cerberus).

Each file in tests/fixtures/inventory/broken/ is one error kind; its trailing
``# expect:`` lines are the exact rendered error. A new error case is a new fixture file.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from tutela.errors import InputError, InventoryError, TutelaError, YAMLError
from tutela.inventory import CATEGORIES, Inventory, duration_days, load_inventory

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "inventory"
BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))


def _expected(path: Path) -> list[str]:
    prefix = "# expect: "
    return [
        line[len(prefix) :]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(prefix)
    ]


@pytest.fixture
def valid(monkeypatch: pytest.MonkeyPatch) -> Inventory:
    monkeypatch.chdir(FIXTURES)
    return load_inventory(Path("valid.yaml"))


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture_gives_exact_error(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _expected(path)
    assert expected, f"{path.name} has no '# expect:' lines"
    monkeypatch.chdir(path.parent)
    with pytest.raises(TutelaError) as info:
        load_inventory(Path(path.name))
    assert info.value.render().splitlines() == expected


def test_broken_fixtures_cover_every_error_kind() -> None:
    names = {p.stem for p in BROKEN}
    assert {
        "unknown_key",
        "unknown_value",
        "yaml11_boolean",
        "required_missing",
        "consent_conditions",
        "unknown_ids",
        "unknown_columns",
        "exclusion_table",
        "column_conditions",
        "channel_source",
        "automated_decision",
        "revocation_missing",
        "duplicates",
        "formats",
        "types",
        "python_tag",
        "alias_bomb",
        "duplicate_key",
    } <= names


def test_problems_are_sorted_and_located(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "broken")
    with pytest.raises(InventoryError) as info:
        load_inventory(Path("unknown_ids.yaml"))
    err = info.value
    assert err.message == "inventory has 4 problems"
    assert err.file == "unknown_ids.yaml"
    lines = [p.line for p in err.problems]
    assert lines == sorted(lines)
    first = err.problems[1]
    assert (first.line, first.col, first.path) == (44, 19, ("datasets", 0, "data_subject"))
    assert first.hint == "did you mean 'clientes'?"


def test_unknown_key_points_at_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "broken")
    with pytest.raises(InventoryError) as info:
        load_inventory(Path("unknown_key.yaml"))
    unknown = [p for p in info.value.problems if p.message.startswith("unknown key")]
    assert [(p.line, p.col, p.hint) for p in unknown] == [(43, 5, "did you mean 'description'?")]


def test_yaml_errors_are_yaml_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "broken")
    for name in ("python_tag.yaml", "alias_bomb.yaml", "duplicate_key.yaml"):
        with pytest.raises(YAMLError):
            load_inventory(Path(name))


def test_valid_inventory_is_normalised(valid: Inventory) -> None:
    data = valid.data
    assert valid.file == "valid.yaml"
    assert len(valid.sha256) == 64
    assert data["controller"]["domicile"]["country"] == "México"
    assert data["arco"]["response_days"] == 20
    assert data["arco"]["execution_days"] == 15
    assert data["channels"][0]["notice"] == "simplificado"
    clientes = data["datasets"][0]
    assert clientes["retention"]["period"] == {"iso": "P5Y", "days": 1825, "months": 60}
    assert clientes["blocking"]["period"] == {"iso": "P1Y6M", "days": 545, "months": 18}
    assert [c["rectifiable"] for c in clientes["columns"]] == [False, True, False, False]
    assert data["purposes"][0]["automated_decision"] is False
    assert data["tracking_technologies"] == []
    assert data["controller"]["domicile"]["postal_code"] == "06600"


def test_lookups(valid: Inventory) -> None:
    assert list(valid.purposes) == ["atencion", "calidad", "mercadotecnia"]
    assert list(valid.recipients) == ["bpo_cobranza"]
    assert list(valid.data_subjects) == ["clientes"]
    assert list(valid.channels) == ["telefono_entrante"]
    assert [d["table"] for d in valid.datasets] == ["dwh.crm.clientes", "dwh.crm.exclusion"]
    table = valid.table("DWH.Crm.CLIENTES")
    assert table is not None and table["subject_key"] == "cliente_id"
    assert valid.table("crm.clientes") is None
    assert valid.mark(("datasets", 0, "columns", 1, "category")) == (61, 19)
    assert valid.key_mark(("datasets", 0, "columns", 1, "category")) == (61, 9)
    # a defaulted value has no position of its own: its parent's is used
    assert valid.mark(("arco", "response_days")) == (83, 3)
    assert Inventory.personal_categories == tuple(c for c in CATEGORIES if c != "ninguna")


def test_to_data_is_json_and_deterministic(valid: Inventory) -> None:
    data = valid.to_data()
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    assert json.dumps(valid.to_data(), sort_keys=True, ensure_ascii=False) == text
    clientes = data["tables"]["dwh.crm.clientes"]
    assert clientes["key"] == "dwh.crm.clientes"
    assert list(clientes["columns_by_name"]) == [
        "cliente_id",
        "telefono",
        "acepta_promociones",
        "fecha_baja",
    ]
    assert data["datasets"][1]["key"] == "dwh.crm.exclusion"
    assert data["purposes_by_id"]["mercadotecnia"]["consent"] == "express"
    assert data["recipients_by_id"]["bpo_cobranza"]["role"] == "encargado"
    assert "ninguna" not in data["personal_categories"]
    assert data["schema_version"] == 1
    # to_data() never mutates the inventory
    assert "key" not in valid.data["datasets"][0]


@pytest.mark.parametrize(
    ("encode", "label"),
    [
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-bom"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_accepted_encodings(tmp_path: Path, encode, label: str) -> None:
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"{label}.yaml"
    path.write_bytes(encode(text))
    inv = load_inventory(path)
    assert inv.data["controller"]["domicile"]["neighborhood"] == "Juárez"


def test_latin1_is_refused_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("version: 1\ncontroller:\n  legal_name: Peña\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        load_inventory(path)
    err = info.value
    assert (err.file, err.line) == (str(path), 3)
    assert err.message == "inventory is not valid UTF-8 text (byte 39: invalid continuation byte)"
    assert err.hint == "save the file as UTF-8 (UTF-16 is accepted only with a byte-order mark)"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_inventory(tmp_path / "nope.yaml")
    assert info.value.message == "inventory file not found"


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_inventory(tmp_path)


@pytest.mark.parametrize(
    ("iso", "days"),
    [("P5Y", 1825), ("P18M", 540), ("P90D", 90), ("P0D", 0), ("P2W", 14), ("P1Y6M", 545)],
)
def test_duration_days(iso: str, days: int) -> None:
    assert duration_days(iso) == days


@pytest.mark.parametrize("bad", ["P", "5Y", "P1.5Y", "PT5H", "p5y"])
def test_duration_days_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="not an ISO-8601 duration"):
        duration_days(bad)


def test_example_inventory_is_valid(example_dir: Path) -> None:
    inv = load_inventory(example_dir / "inventory.yaml")
    assert inv.purposes
    assert inv.datasets
    for dataset in inv.datasets:
        assert inv.table(dataset["table"].upper()) is dataset


def test_blocking_store_and_marker_column(tmp_path: Path) -> None:
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      legal_basis: prescripción de acciones\n",
        "      legal_basis: prescripción de acciones\n"
        "      store: dwh.crm.clientes_bloqueo\n"
        "      marker_column: fecha_baja\n",
    ).replace(
        "recipients:\n",
        "  - table: dwh.crm.clientes_bloqueo\n"
        "    description: Clientes en bloqueo.\n"
        "    blocked: true\n"
        "    columns:\n"
        "      - name: cliente_id\n"
        "        category: identificacion\n"
        "recipients:\n",
    )
    path = tmp_path / "inventory.yaml"
    path.write_text(text, encoding="utf-8")
    data = load_inventory(path).data
    clientes = data["datasets"][0]
    assert clientes["blocking"]["store"] == "dwh.crm.clientes_bloqueo"
    assert clientes["blocking"]["marker_column"] == "fecha_baja"
    assert clientes["retention"]["statutory"] is False
    assert data["datasets"][2]["blocked"] is True
