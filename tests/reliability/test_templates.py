"""Templates: inventory values are data, never code.

Every template under notices/ is rendered (through the real CLI) from an inventory whose free
text carries Jinja, HTML and template-injection payloads. The payload must come out verbatim in
Markdown and text (never evaluated) and escaped in HTML; no template name comes from the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from jinja2.sandbox import SandboxedEnvironment

from tutela.templating import make_env
from tutela.yamlsafe import load_yaml

from .conftest import EXAMPLE_INVENTORY, REPO

PAYLOAD = (
    "{{ 7*7 }}{% if true %}SI{% endif %}{# c #}<script>alert('x')</script>"
    "<img src=x onerror=alert(1)>${7*7}{{ ''.__class__.__mro__[1].__subclasses__() }}"
)
HTML_PAYLOAD = (
    "{{ 7*7 }}{% if true %}SI{% endif %}{# c #}&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
    "&lt;img src=x onerror=alert(1)&gt;${7*7}"
    "{{ &#39;&#39;.__class__.__mro__[1].__subclasses__() }}"
)
FREE_TEXT = {
    "description", "name", "legal_name", "trade_name", "street", "neighborhood", "municipality",
    "state", "address", "identity_verification", "trigger", "proof", "disable", "expiry",
    "department",
}  # fmt: skip
TEMPLATES = sorted(
    p.relative_to(REPO / "notices").as_posix() for p in (REPO / "notices").rglob("*.j2")
)


def _poison(node: Any, key: str | None = None, in_columns: bool = False) -> Any:
    if isinstance(node, dict):
        return {k: _poison(v, k, in_columns) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, key, in_columns or key == "columns") for v in node]
    if isinstance(node, str) and key in FREE_TEXT and not (in_columns and key == "name"):
        return f"{node} {PAYLOAD}"
    return node


@pytest.fixture(scope="module")
def hostile_inventory(tmp_path_factory) -> Path:
    data = load_yaml(EXAMPLE_INVENTORY.read_text(encoding="utf-8"), "inventory.yaml").data
    data = _poison(data)
    data["notice"]["corto_allowed"] = True
    data["channels"].append(
        {
            "id": "formato_impreso",
            "type": "in_person_printed",
            "description": f"Formato impreso {PAYLOAD}",
            "data_subjects": ["clientes"],
            "notice": "corto",
        }
    )
    gdpr = load_yaml((EXAMPLE_INVENTORY.parent / "gdpr" / "gdpr.yaml").read_text("utf-8"), "g")
    data["gdpr"] = _poison(gdpr.data["gdpr"])
    path = tmp_path_factory.mktemp("hostile_inventory") / "inventory.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    incident = {
        "version": 1,
        "id": "INC-1",
        "title": f"Incidente {PAYLOAD}",
        "description": f"Qué pasó {PAYLOAD}",
        "detected_at": "2026-11-25T09:00:00-06:00",
        "origin": {"recipient": "bpo_cobranza", "system": PAYLOAD},
        "involved": {
            "tables": [
                {"table": "cc_dwh.crm.clientes", "where": "fecha_alta >= DATE '2026-01-01'"},
                {"table": "cc_dwh.pagos.legacy_ivr_pagos"},
            ]
        },
        "measures": [f"Medida {PAYLOAD}"],
        "recommendations": [f"Recomendación {PAYLOAD}"],
        "contact": {"name": PAYLOAD},
    }
    (path.parent / "incident.yaml").write_text(
        yaml.safe_dump(incident, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    _audit_results(path)
    return path


def _audit_results(inventory: Path) -> None:
    """``audit.duckdb`` beside the inventory: a small audit, for `tutela report` to render."""
    from tutela.audit.entry import run_audit
    from tutela.audit.run import AuditRequest
    from tutela.audit.sample import write_history
    from tutela.config import Config

    history = write_history(inventory.parent / "h.csv", "snowflake", executions=120, shapes=12)
    config = Config(root=inventory.parent)
    run_audit(
        AuditRequest(
            paths=[history],
            config=config,
            inventory_path=inventory,
            db=inventory.parent / "audit.duckdb",
        )
    )


RUNS = [
    ("notice", "--type", "integral", "--format", "md"),
    ("notice", "--type", "integral", "--format", "html"),
    ("notice", "--type", "simplificado", "--format", "md"),
    ("notice", "--type", "simplificado", "--format", "html"),
    ("notice", "--type", "corto", "--format", "md"),
    ("notice", "--type", "corto", "--format", "html"),
    ("notice", "--type", "telefono", "--max-seconds", "600"),
    ("notice", "--type", "integral", "--format", "md", "--review"),
    ("arco", "letter", "-r", "acceso", "--received", "2026-11-02", "--date", "2026-11-20",
     "--titular", PAYLOAD, "--folio", PAYLOAD, "--data-subject", "clientes"),
    ("arco", "letter", "-r", "oposicion", "--received", "2026-11-02", "--date", "2026-11-20",
     "--outcome", "improcedente", "--refusal", "art33_I", "--data-subject", "clientes"),
    ("breach", "incident.yaml", "--now", "2026-11-25T10:00:00-06:00", "--print", "aviso"),
    ("breach", "incident.yaml", "--now", "2026-11-25T10:00:00-06:00", "--print", "aviso.html"),
    ("breach", "incident.yaml", "--now", "2026-11-25T10:00:00-06:00", "--print", "telefono"),
    ("breach", "incident.yaml", "--now", "2026-11-25T10:00:00-06:00", "--print", "registro"),
    ("breach", "incident.yaml", "--now", "2026-11-25T10:00:00-06:00",
     "--print", "notificacion:bpo_cobranza"),
    ("gdpr", "notice", "--article", "13", "--lang", "en", "--format", "md"),
    ("gdpr", "notice", "--article", "14", "--lang", "es", "--format", "html"),
    ("report", "--db", "audit.duckdb", "--format", "md", "--date", "2026-11-30"),
    ("report", "--db", "audit.duckdb", "--format", "html", "--lang", "en"),
]  # fmt: skip


@pytest.fixture(scope="module")
def rendered(hostile_inventory) -> tuple[dict[tuple[str, ...], tuple[int, str, str]], set[str]]:
    from click.testing import CliRunner

    from tutela.cli.main import main

    seen: set[str] = set()
    real = SandboxedEnvironment.get_template

    def spy(self: Any, name: Any, *args: Any, **kwargs: Any) -> Any:
        seen.add(str(getattr(name, "name", name)))
        return real(self, name, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(SandboxedEnvironment, "get_template", spy)
    mp.chdir(hostile_inventory.parent)
    out: dict[tuple[str, ...], tuple[int, str, str]] = {}
    try:
        for run in RUNS:
            codes: list[int] = []
            result = CliRunner().invoke(
                _command(
                    lambda run=run, codes=codes: codes.append(main([*run, "-i", "inventory.yaml"]))
                ),
                [],
                catch_exceptions=False,
            )
            out[run] = (codes[0], result.stdout, result.stderr)
    finally:
        mp.undo()
    return out, seen


def _command(func: Any) -> Any:
    import click

    @click.command()
    def cmd() -> None:
        func()

    return cmd


@pytest.mark.parametrize("run", RUNS, ids=["-".join(r[:5] + r[-1:]) for r in RUNS])
def test_hostile_values_are_printed_never_run(rendered, run):
    code, out, err = rendered[0][run]
    assert code == 0, err[:3000]
    if "html" in run or any(str(arg).endswith(".html") for arg in run):
        assert HTML_PAYLOAD in out
        assert "<script>" not in out and "<img src=x" not in out
    elif "telefono" in run or run[0] not in {"notice", "arco"}:
        # plain text read aloud, and other areas' documents (breach, gdpr): literal
        assert PAYLOAD in out
    else:
        # Markdown privacy notices and ARCO letters escape HTML and link syntax (issue 19.5).
        from tutela.generators.notice import sanitize

        assert sanitize(PAYLOAD, "md") in out
        assert "<script>" not in out and "<img src=x" not in out
    assert "SI{% endif %}" in out.replace("&#39;", "'")  # the {% if %} was not executed
    assert "<class 'object'>" not in out and "__subclasses__() }}" in out.replace("&#39;", "'")


def test_every_template_is_rendered_with_hostile_values(rendered):
    assert rendered[1] == set(TEMPLATES)


def test_sandbox_refuses_attribute_escapes():
    """Even a template that tried (none does) could not reach Python internals."""
    from jinja2.exceptions import SecurityError

    env = make_env()
    with pytest.raises(SecurityError):
        env.from_string("{{ x.__class__.__mro__[1].__subclasses__() }}").render(x="")
    with pytest.raises(SecurityError):
        env.from_string("{{ f.__globals__ }}").render(f=make_env)
    assert env.globals == {}
    assert env.from_string("{{ v }}").render(v="<b>") == "&lt;b&gt;"  # strings: escaped


def test_no_template_name_comes_from_data():
    """Template names are literals in the generators (fixed tables), never computed."""
    import re

    for path in (REPO / "generators").glob("*.py"):
        for call in re.findall(r"get_template\(([^)]*)\)", path.read_text(encoding="utf-8")):
            assert call.startswith('"') or call == "template", (path.name, call)
    text = (REPO / "generators" / "notice.py").read_text(encoding="utf-8")
    assert "template, partial = TEMPLATES[(kind, fmt)]" in text or "TEMPLATES[" in text
