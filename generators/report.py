"""The evaluation report: what the audited warehouse did, judged, over time (``tutela report``).

Python gathers numbers from the audit's DuckDB file and the inventory (:func:`report_data`);
Jinja speaks (``notices/report/report.{md,html}.j2``); matplotlib draws the charts as inline
SVG for the HTML (no external assets; each chart also has its numbers as a table, for screen
readers and for print). Nothing here judges: findings are the policies' verdicts, stored
by ``tutela audit``. The date is injected; lists are sorted; the output is deterministic.

Sections: summary; findings over time (daily and weekly); by rule family, purpose,
user, role and table; top shapes; egress destinations; the data map / record of processing
(RoPA) per purpose — declared in the inventory and seen in the warehouse; drift — used but
not declared, and declared but never seen.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from tutela.errors import InputError

LANGS = ("es", "en")
TOP = 15

LABELS: dict[str, dict[str, str]] = {
    "es": {
        "title": "Informe de evaluación del tratamiento de datos personales",
        "generated": "Generado el",
        "period": "Periodo auditado",
        "summary": "Resumen",
        "executions": "Ejecuciones",
        "shapes": "Formas de consulta distintas",
        "users": "Usuarios",
        "findings": "Hallazgos",
        "shapes_with_findings": "Formas con hallazgos",
        "executions_with_findings": "Ejecuciones con hallazgos",
        "over_time": "Hallazgos en el tiempo",
        "daily": "Por día",
        "weekly": "Por semana",
        "day": "Día",
        "week": "Semana (lunes)",
        "by_family": "Por familia de reglas",
        "family": "Familia",
        "by_purpose": "Por finalidad",
        "purpose": "Finalidad",
        "unattributed": "(sin finalidad atribuida)",
        "by_user": "Por usuario",
        "user": "Usuario",
        "by_role": "Por rol",
        "role": "Rol",
        "by_table": "Por tabla",
        "table": "Tabla",
        "top_shapes": "Formas de consulta más ejecutadas con hallazgos",
        "shape": "Forma",
        "rules": "Reglas",
        "egress": "Destinos de salida de datos",
        "destination": "Destino",
        "kind": "Tipo",
        "recipient": "Destinatario del inventario",
        "none_found": "Ninguno.",
        "ropa": "Mapa de datos / registro de actividades de tratamiento",
        "ropa_intro": (
            "Por finalidad: lo que declara el inventario y lo que la auditoría vio en el almacén."
        ),
        "description": "Descripción",
        "consent": "Consentimiento",
        "requires_consent": "requiere consentimiento",
        "no_consent": "no requiere consentimiento",
        "basis": "Base o excepción",
        "categories_declared": "Categorías declaradas",
        "categories_seen": "Categorías vistas",
        "tables_declared": "Tablas declaradas",
        "tables_seen": "Tablas vistas",
        "recipients": "Destinatarios",
        "retention": "Conservación",
        "seen_executions": "Ejecuciones vistas",
        "drift": "Desviaciones entre lo declarado y lo observado",
        "used_undeclared": "Usado pero no declarado",
        "declared_unseen": "Declarado pero nunca visto",
        "undeclared_purposes": "Finalidades usadas que el inventario no declara",
        "undeclared_categories": "Categorías usadas fuera de lo declarado para la finalidad",
        "undeclared_recipients": "Destinos de salida sin destinatario en el inventario",
        "unseen_purposes": "Finalidades declaradas que ninguna consulta usó",
        "unseen_recipients": "Destinatarios declarados sin salida observada",
        "chart_time": "Ejecuciones con hallazgos por día",
        "chart_family": "Ejecuciones con hallazgos por familia de reglas",
        "chart_purpose": "Ejecuciones por finalidad",
        "severity": "Severidad",
        "error": "error",
        "warning": "advertencia",
        "footer": (
            "Los hallazgos son los veredictos de las políticas de tutela sobre cada forma de "
            "consulta; cada regla cita su fundamento (tutela rules explain CÓDIGO)."
        ),
    },
    "en": {
        "title": "Personal-data processing evaluation report",
        "generated": "Generated on",
        "period": "Audited period",
        "summary": "Summary",
        "executions": "Executions",
        "shapes": "Distinct query shapes",
        "users": "Users",
        "findings": "Findings",
        "shapes_with_findings": "Shapes with findings",
        "executions_with_findings": "Executions with findings",
        "over_time": "Findings over time",
        "daily": "Daily",
        "weekly": "Weekly",
        "day": "Day",
        "week": "Week (Monday)",
        "by_family": "By rule family",
        "family": "Family",
        "by_purpose": "By purpose",
        "purpose": "Purpose",
        "unattributed": "(no purpose attributed)",
        "by_user": "By user",
        "user": "User",
        "by_role": "By role",
        "role": "Role",
        "by_table": "By table",
        "table": "Table",
        "top_shapes": "Most executed query shapes with findings",
        "shape": "Shape",
        "rules": "Rules",
        "egress": "Data egress destinations",
        "destination": "Destination",
        "kind": "Kind",
        "recipient": "Inventory recipient",
        "none_found": "None.",
        "ropa": "Data map / record of processing activities",
        "ropa_intro": (
            "Per purpose: what the inventory declares and what the audit saw in the warehouse."
        ),
        "description": "Description",
        "consent": "Consent",
        "requires_consent": "requires consent",
        "no_consent": "no consent required",
        "basis": "Basis or exception",
        "categories_declared": "Declared categories",
        "categories_seen": "Categories seen",
        "tables_declared": "Declared tables",
        "tables_seen": "Tables seen",
        "recipients": "Recipients",
        "retention": "Retention",
        "seen_executions": "Executions seen",
        "drift": "Drift between what is declared and what is observed",
        "used_undeclared": "Used but not declared",
        "declared_unseen": "Declared but never seen",
        "undeclared_purposes": "Purposes used that the inventory does not declare",
        "undeclared_categories": "Categories used beyond those declared for the purpose",
        "undeclared_recipients": "Egress destinations with no recipient in the inventory",
        "unseen_purposes": "Declared purposes no query used",
        "unseen_recipients": "Declared recipients with no egress seen",
        "chart_time": "Executions with findings per day",
        "chart_family": "Executions with findings per rule family",
        "chart_purpose": "Executions per purpose",
        "severity": "Severity",
        "error": "error",
        "warning": "warning",
        "footer": (
            "Findings are tutela's policy verdicts on each query shape; each rule cites its "
            "legal basis (tutela rules explain CODE)."
        ),
    },
}


def _family(rule_id: str) -> str:
    return re.sub(r"\d+$", "", rule_id)


def _rows(con: Any, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in con.execute(sql, params or []).fetchall()]


def report_data(
    db: Path, inventory: Any, *, generated: dt.date, lang: str = "es"
) -> dict[str, Any]:
    """The report's numbers, from the audit results file and the inventory.

    Raises:
        InputError: the file holds no audit run.
    """
    from tutela.audit.run import last_version
    from tutela.audit.store import connect

    if not db.is_file():
        raise InputError(
            "no audit results file", str(db), hint="run `tutela audit EXPORTS --db FILE` first"
        )
    con = connect(db)
    try:
        version = last_version(con)
        if version is None:
            raise InputError(
                "the audit results file holds no run",
                str(db),
                hint="run `tutela audit EXPORTS` first",
            )
        judged = _rows(
            con,
            "SELECT fingerprint, purpose, sample, summary, findings FROM judgements "
            "WHERE version = ?",
            [version],
        )
        usage = _rows(
            con,
            """SELECT fingerprint, purpose, coalesce(user_name, '?'), coalesce(role_name, '?'),
            day, sum(executions) FROM usage GROUP BY ALL""",
        )
        shapes = dict(_rows(con, "SELECT fingerprint, normalized FROM shapes"))
    finally:
        con.close()
    units: dict[tuple[str, str], dict[str, Any]] = {}
    for fp, purpose, sample, summary, findings in judged:
        found = json.loads(findings)
        units[(fp, purpose)] = {
            "summary": json.loads(summary),
            "rules": sorted({f["id"] for f in found}),
            "severities": {f["severity"] for f in found},
            "sample": sample,
        }
    total = 0
    users: set[str] = set()
    per_day: dict[str, int] = defaultdict(int)
    per_week: dict[str, int] = defaultdict(int)
    by_family: dict[str, int] = defaultdict(int)
    by_purpose: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_user: dict[str, int] = defaultdict(int)
    by_role: dict[str, int] = defaultdict(int)
    by_table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    shape_runs: dict[tuple[str, str], int] = defaultdict(int)
    shape_users: dict[tuple[str, str], set[str]] = defaultdict(set)
    egress: dict[tuple[str, str], int] = defaultdict(int)
    seen_purpose: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"executions": 0, "tables": set(), "categories": set()}
    )
    days: list[dt.date] = []
    for fp, purpose, user, role, day, runs in usage:
        unit = units.get((fp, purpose))
        if unit is None:
            continue  # judged under another version (policies changed since)
        runs = int(runs)
        total += runs
        users.add(user)
        if day is not None:
            days.append(day)
        summary = unit["summary"]
        seen = seen_purpose[purpose]
        seen["executions"] += runs
        seen["tables"].update(summary["personal_tables"])
        seen["categories"].update(summary["categories"])
        for item in summary["egress"]:
            egress[(str(item.get("target")), str(item.get("kind")))] += runs
        by_purpose[purpose][0] += runs
        for table in summary["personal_tables"]:
            by_table[table][0] += runs
        if not unit["rules"]:
            continue
        if day is not None:
            per_day[day.isoformat()] += runs
            per_week[(day - dt.timedelta(days=day.weekday())).isoformat()] += runs
        for family in sorted({_family(r) for r in unit["rules"]}):
            by_family[family] += runs
        by_purpose[purpose][1] += runs
        by_user[user] += runs
        by_role[role] += runs
        for table in summary["personal_tables"]:
            by_table[table][1] += runs
        shape_runs[(fp, purpose)] += runs
        shape_users[(fp, purpose)].add(user)
    t = LABELS[lang]

    def purpose_name(p: str) -> str:
        return p or t["unattributed"]

    top = sorted(shape_runs.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    recipients = inventory.recipients
    destinations = [
        (str(rid), str(d)) for rid, r in recipients.items() for d in r.get("destinations", []) or []
    ]

    def recipient_for(target: str) -> str | None:
        for rid, dest in destinations:
            if target == dest or target.startswith((dest.rstrip("/") + "/", dest)):
                return str(rid)
        return None

    egress_rows = [
        {"target": target, "kind": kind, "executions": runs, "recipient": recipient_for(target)}
        for (target, kind), runs in sorted(egress.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    ropa = []
    declared_ids = list(inventory.purposes)
    for pid, purpose in inventory.purposes.items():
        tables = [d for d in inventory.datasets if pid in (d.get("purposes") or [])]
        categories = sorted(
            {
                str(c.get("category"))
                for d in tables
                for c in d.get("columns", [])
                if c.get("category") in inventory.personal_categories
            }
        )
        seen = seen_purpose.get(pid, {"executions": 0, "tables": set(), "categories": set()})
        ropa.append(
            {
                "id": pid,
                "description": " ".join(str(purpose.get("description", "")).split()),
                "requires_consent": bool(purpose.get("requires_consent")),
                "consent": purpose.get("consent") or "",
                "basis": purpose.get("exception") or purpose.get("consent") or "",
                "categories_declared": categories,
                "categories_seen": sorted(seen["categories"]),
                "tables_declared": sorted(str(d["table"]) for d in tables),
                "tables_seen": sorted(seen["tables"]),
                "recipients": sorted(
                    rid for rid, r in recipients.items() if pid in (r.get("purposes") or [])
                ),
                "retention": sorted(
                    {
                        f"{d['table']}: {d['retention']['period']['iso']}"
                        for d in tables
                        if isinstance(d.get("retention"), dict)
                        and isinstance(d["retention"].get("period"), dict)
                    }
                ),
                "executions": seen["executions"],
                "undeclared_categories": sorted(set(seen["categories"]) - set(categories)),
            }
        )
    seen_recipients = {r["recipient"] for r in egress_rows if r["recipient"]}
    drift = {
        "undeclared_purposes": sorted(p for p in seen_purpose if p and p not in inventory.purposes),
        "undeclared_categories": [
            {"purpose": r["id"], "categories": r["undeclared_categories"]}
            for r in ropa
            if r["undeclared_categories"]
        ],
        "undeclared_recipients": [r["target"] for r in egress_rows if not r["recipient"]],
        "unseen_purposes": [p for p in declared_ids if p not in seen_purpose],
        "unseen_recipients": sorted(
            rid
            for rid, r in recipients.items()
            if r.get("destinations") and rid not in seen_recipients
        ),
    }
    with_findings = sum(shape_runs.values())
    return {
        "lang": lang,
        "t": t,
        "generated": generated.isoformat(),
        "period": [min(days).isoformat(), max(days).isoformat()] if days else None,
        "totals": {
            "executions": total,
            "shapes": len({fp for fp, _ in units}),
            "users": len(users),
            "findings": sum(len(u["rules"]) for u in units.values()),
            "shapes_with_findings": len({fp for (fp, _p), u in units.items() if u["rules"]}),
            "executions_with_findings": with_findings,
        },
        "daily": sorted(per_day.items()),
        "weekly": sorted(per_week.items()),
        "by_family": sorted(by_family.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_purpose": sorted(
            ((purpose_name(p), v[0], v[1]) for p, v in by_purpose.items()),
            key=lambda r: (-r[1], r[0]),
        ),
        "by_user": sorted(by_user.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP],
        "by_role": sorted(by_role.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP],
        "by_table": sorted(
            ((k, v[0], v[1]) for k, v in by_table.items()), key=lambda r: (-r[1], r[0])
        )[:TOP],
        "top_shapes": [
            {
                "fingerprint": fp,
                "purpose": purpose_name(p),
                "text": shapes.get(fp, units[(fp, p)]["sample"]),
                "executions": runs,
                "users": len(shape_users[(fp, p)]),
                "rules": units[(fp, p)]["rules"],
            }
            for (fp, p), runs in top
        ],
        "egress": egress_rows,
        "ropa": ropa,
        "drift": drift,
    }


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    # The RDF metadata block names no asset but would only add bytes and namespaces.
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    return re.sub(r' xmlns:(?:dc|cc|rdf)="[^"]*"', "", text)


def charts(data: dict[str, Any]) -> dict[str, str]:
    """Inline SVG charts (matplotlib): findings per day, per family, executions per purpose.

    Raises:
        InputError: matplotlib is not installed (the ``audit`` extra).
    """
    try:
        import matplotlib

        matplotlib.use("svg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError(
            "the HTML report draws its charts with matplotlib, which is not installed",
            hint="pip install 'tutela[audit]', or use --format md",
        ) from None
    plt.rcParams.update(
        {
            "svg.hashsalt": "tutela",
            "svg.fonttype": "none",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    t = data["t"]
    out: dict[str, str] = {}
    color = "#1f5f8b"

    def bars(key: str, labels: list[str], values: list[int], horizontal: bool) -> None:
        fig, ax = plt.subplots(
            figsize=(7.5, max(2.2, 0.32 * len(labels) + 0.8)) if horizontal else (7.5, 2.8)
        )
        if horizontal:
            ax.barh(labels[::-1], values[::-1], color=color)
            ax.set_xlabel(t["executions"])
        else:
            ax.bar(labels, values, color=color)
            ax.set_ylabel(t["executions"])
            ax.tick_params(axis="x", labelrotation=60, labelsize=7)
        ax.set_title(t[key])
        out[key] = _svg(fig)
        plt.close(fig)

    if data["daily"]:
        bars("chart_time", [d[5:] for d, _ in data["daily"]], [v for _, v in data["daily"]], False)
    if data["by_family"]:
        bars(
            "chart_family",
            [k for k, _ in data["by_family"]],
            [v for _, v in data["by_family"]],
            True,
        )
    if data["by_purpose"]:
        bars(
            "chart_purpose",
            [p for p, _, _ in data["by_purpose"]],
            [v for _, v, _ in data["by_purpose"]],
            True,
        )
    return out


def render_report(data: dict[str, Any], fmt: str) -> str:
    """Render the report as ``md`` or ``html`` (standalone: styles and charts inline)."""
    from tutela.templating import make_env

    env = make_env(html=fmt == "html")
    template = env.get_template(f"report/report.{fmt}.j2")
    context = dict(data)
    from markupsafe import Markup

    # matplotlib escapes the labels it writes into the SVG; the document is ours to trust.
    drawn = charts(data) if fmt == "html" else {}
    context["charts"] = {k: Markup(v) for k, v in drawn.items()}  # noqa: S704
    return template.render(**context)
