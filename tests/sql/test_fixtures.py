"""Golden SQL fixtures: one small file per construct x dialect, expectations beside the SQL.

Each ``fixtures/<construct>/<dialect>.sql`` file starts with comment lines::

    -- title: what the fixture shows
    -- dialect: snowflake            (defaults to the file's stem)
    -- expect operation: select
    -- expect read: cc_dwh.crm.clientes
    -- expect write: cc_dwh.marts.t insert
    -- expect exposure: cc_dwh.crm.clientes.telefono -> result [sha2]
    -- expect exposure: cc_dwh.crm.clientes.nombre -> egress:@stage/x []
    -- expect exposure: cc_dwh.crm.clientes.curp -> result [] star   (a `*` chose it)
    -- expect exposure: t1.a -> result [] of t1|t2   (unqualified; could be either)
    -- expect reference: cc_dwh.crm.clientes.fecha_alta where
    -- expect consent: cc_dwh.crm.clientes.acepta_publicidad positive restricts
    -- expect exclusion: cc_dwh.marketing.listado_exclusion not_exists anti correlated \
        cc_dwh.crm.clientes.telefono=telefono    (one line in the file)
    -- expect time: cc_dwh.crm.clientes.fecha_alta >= relative 180
    -- expect egress: copy_into_location @stage/x stage
    -- expect star: * cc_dwh.crm.clientes
    -- expect unclassified: cc_dwh.crm.clientes.extra name
    -- expect unparsed: substring of the reason
    -- expect instance: exposure cc_dwh.crm.clientes.telefono @1
    -- expect instance: consent cc_dwh.crm.clientes.acepta_publicidad @0
    -- expect instance: excluded cc_dwh.crm.clientes.telefono @0
    -- xfail: known analyzer gap, with the reason (the test must then fail: strict)

Every kind is compared *exactly*: a kind with no expect line must be empty — except
``instance``, compared only in fixtures that use it: which table occurrence (``@i``, the
index in ``reads``) each exposure, consent filter and exclusion pair comes from, for
statements that read a table more than once. References
are compared for every clause except ``projection`` (projections are exposures). A fixture
file may hold several statements separated by ``-- statement`` lines (each with its own
expectations) — but most hold one. Fixtures never contain third-party SQL.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutela.sql import Catalog, analyze_sql
from tutela.yamlsafe import load_yaml

HERE = Path(__file__).parent / "fixtures"
CATALOG = Catalog.from_datasets(
    load_yaml((HERE / "catalog.yaml").read_text(encoding="utf-8"), "catalog.yaml").data["datasets"]
)
KINDS = (
    "operation",
    "read",
    "write",
    "exposure",
    "reference",
    "consent",
    "exclusion",
    "time",
    "egress",
    "star",
    "unclassified",
    "unparsed",
    "instance",
)
OPTIONAL = frozenset({"instance"})  # compared only when a fixture has such lines
_EXPECT = re.compile(r"^--\s*expect\s+(\w+)\s*:\s*(.*?)\s*$")


def _fixtures() -> list[Path]:
    return sorted(p for p in HERE.rglob("*.sql"))


def _col(entry: dict) -> str:
    return f"{entry['table']}.{entry['column']}"


def actual(fact: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {k: set() for k in KINDS}
    out["operation"].add(fact["operation"])
    if not fact["parsed"]:
        out["unparsed"].add(fact["error"]["message"])
    for r in fact["reads"]:
        out["read"].add(r["table"])
    for w in fact["writes"]:
        out["write"].add(f"{w['table']} {w['mode']}")
    for e in fact["exposures"]:
        sink = e["sink"] if e["sink"] == "result" else f"{e['sink']}:{e['target']}"
        flags = (" star" if e["via_star"] else "") + (
            f" of {'|'.join(e['candidates'])}" if e.get("candidates") else ""
        )
        out["exposure"].add(f"{_col(e)} -> {sink} [{','.join(e['transforms'])}]{flags}")
    for r in fact["references"]:
        if r["clause"] != "projection":
            out["reference"].add(f"{_col(r)} {r['clause']}")
    for c in fact["consent_filters"]:
        out["consent"].add(f"{_col(c)} {c['polarity']}" + (" restricts" if c["restricts"] else ""))
    for x in fact["exclusion_checks"]:
        pairs = " ".join(
            sorted(f"{p['table']}.{p['column']}={p['exclusion_column']}" for p in x["pairs"])
        )
        flags = ("anti " if x["anti"] else "") + ("correlated" if x["correlated"] else "")
        out["exclusion"].add(
            " ".join(
                part for part in (x["exclusion_table"], x["form"], flags.strip(), pairs) if part
            )
        )
    for t in fact["time_filters"]:
        b = t["bound"]
        value = (
            b["days"] if b["kind"] == "relative" else b["date"] if b["kind"] == "absolute" else ""
        )
        out["time"].add(f"{_col(t)} {t['op']} {b['kind']} {value}".strip())
    for g in fact["egress"]:
        out["egress"].add(f"{g['kind']} {g['target']} {g['target_type']}")
    for s in fact["stars"]:
        tables = " ".join(sorted(t["table"] for t in s["tables"]))
        out["star"].add(
            f"{s['qualifier'] or '*'} {tables}".strip() + (" derived" if s["derived"] else "")
        )
    for e in fact["exposures"]:
        out["instance"].add(f"exposure {_col(e)} @{e.get('read', '-')}")
    for c in fact["consent_filters"]:
        out["instance"].add(f"consent {_col(c)} @{c.get('read', '-')}")
    for x in fact["exclusion_checks"]:
        for p in x["pairs"]:
            out["instance"].add(f"excluded {_col(p)} @{p.get('read', '-')}")
    for u in fact["unclassified"]:
        out["unclassified"].add(f"{u['table']}.{u['column']} {u['pattern'] or '-'}")
    return out


def expected(block: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {k: set() for k in KINDS}
    for line in block:
        match = _EXPECT.match(line)
        if match:
            kind, value = match.groups()
            assert kind in KINDS, f"unknown expect kind {kind!r}"
            out[kind].add(value)
    return out


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: str(p.relative_to(HERE)))
def test_fixture(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    header = dict(re.findall(r"^--\s*(title|dialect|xfail)\s*:\s*(.*?)\s*$", text, re.M))
    _run(path, text, header)


def _run(path: Path, text: str, header: dict[str, str]) -> None:
    if "xfail" in header:
        try:
            _check(path, text, header)
        except AssertionError:
            pytest.xfail(header["xfail"])
        pytest.fail(f"fixture marked xfail ({header['xfail']}) now passes: remove the xfail line")
    _check(path, text, header)


def _check(path: Path, text: str, header: dict[str, str]) -> None:
    assert "title" in header, "every fixture needs a -- title: line"
    dialect = header.get("dialect", path.stem)
    blocks = re.split(r"^--\s*statement\s*$", text, flags=re.M)
    expectations = [expected(b.splitlines()) for b in blocks]
    facts = analyze_sql(text, dialect=dialect, catalog=CATALOG, file=path.name)
    assert len(facts) == len(expectations), f"{len(facts)} statements, expected {len(expectations)}"
    for fact, want in zip(facts, expectations, strict=True):
        got = actual(fact)
        for kind in KINDS:
            if kind == "unparsed" and want[kind]:
                assert got[kind], f"{kind}: statement was parsed"
                reason = next(iter(got[kind]))
                for needle in want[kind]:
                    assert needle in reason, f"unparsed reason {reason!r} lacks {needle!r}"
                continue
            if kind in OPTIONAL and not want[kind]:
                continue
            assert got[kind] == want[kind], (
                f"{kind} differs\n  missing: {sorted(want[kind] - got[kind])}\n"
                f"  unexpected: {sorted(got[kind] - want[kind])}"
            )
