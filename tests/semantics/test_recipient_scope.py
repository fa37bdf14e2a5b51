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
