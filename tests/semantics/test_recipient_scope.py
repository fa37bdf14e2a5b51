"""Recipients' scope: declared categories and purposes (EGR003), transfer consent (SHR012)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.semantics.conftest import DIALECTS, Verdict


@pytest.mark.parametrize("dialect", DIALECTS)
def test_filter_on_a_recipients_consent_column_is_recorded(facts_of: Any, dialect: str) -> None:
    sql = "SELECT c.nombre FROM dwh.crm.clientes AS c WHERE c.acepta_publicidad = TRUE"
    (entry,) = facts_of(sql, dialect)["consent_filters"]
    assert (entry["column"], entry["recipients"], entry["polarity"], entry["restricts"]) == (
        "acepta_publicidad",
        ["socio"],
        "positive",
        True,
    )


def test_export_of_a_category_outside_the_processors_contract(verdict: Verdict) -> None:
    stage = "COPY INTO @dwh.cobranza.stage_bpo/cola/ FROM (SELECT {cols} FROM dwh.pagos.legacy)"
    assert "EGR003" in verdict(stage.format(cols="id_cliente, numero_tarjeta"), "snowflake",
                               purpose="atencion")  # fmt: skip
    masked = stage.format(cols="id_cliente, RIGHT(numero_tarjeta, 4) AS ultimos4")
    found = verdict(masked, "snowflake", purpose="cobranza")
    assert "EGR003" not in found


def test_snowflake_share_to_a_terceros_account_is_a_transfer(verdict: Verdict) -> None:
    sql = "ALTER SHARE audiencia ADD ACCOUNTS = socio_org.mercadotecnia"
    assert "EGR002" in verdict(sql, "snowflake", purpose="mercadotecnia")
    other = "ALTER SHARE audiencia ADD ACCOUNTS = interna_org.analitica"
    assert "EGR002" not in verdict(other, "snowflake", purpose="mercadotecnia")


def test_share_grant_to_a_share_a_tercero_receives(verdict: Verdict, tmp_path) -> None:
    """A share listed in a tercero's destinations: granting a personal table to it transfers."""
    from tests.semantics.conftest import INVENTORY

    text = INVENTORY.read_text(encoding="utf-8").replace(
        'destinations: ["gs://socio-audiencias/"]',
        'destinations: ["gs://socio-audiencias/", "audiencia_socio"]',
    )
    assert "audiencia_socio" in text
    import json

    from tutela.engine.base import engine_data, load_policies
    from tutela.engine.embedded import EmbeddedEngine
    from tutela.inventory import load_inventory
    from tutela.sql import Catalog, analyze_sql

    path = tmp_path / "inventory.yaml"
    path.write_text(text, encoding="utf-8")
    inv = load_inventory(path)
    sql = "GRANT SELECT ON TABLE dwh.crm.clientes TO SHARE audiencia_socio"
    facts = analyze_sql(sql, dialect="snowflake", catalog=Catalog.from_datasets(inv.datasets),
                        purpose="mercadotecnia")  # fmt: skip
    engine = EmbeddedEngine(load_policies(), engine_data(inventory=inv.to_data(), config={}))
    found = {f["id"] for f in engine.evaluate(facts)[0]}
    assert "EGR002" in found, json.dumps(facts[0]["egress"])
