"""Generate a realistic SQL corpus over the example contact center's inventory.

The statements are templated (not real customer SQL): CTEs, joins, anti-joins against the
exclusion lists, consent filters, window functions, aggregates, hashes, inserts, merges and
egress statements, in several dialects, so that parsing, qualification and every fact
family are exercised. Deterministic for a given seed.

    python benchmarks/corpus.py OUT_DIR [--statements 5000] [--per-file 5]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from tutela.inventory import load_inventory

REPO = Path(__file__).resolve().parent.parent
INVENTORY = REPO / "examples" / "contact-center" / "inventory.yaml"
DIALECTS = ("snowflake", "bigquery", "postgres", "redshift", "databricks")


def _date_bound(dialect: str, months: int) -> str:
    if dialect in ("snowflake", "redshift"):
        return f"DATEADD(month, -{months}, CURRENT_DATE)"
    if dialect == "bigquery":
        return f"DATE_SUB(CURRENT_DATE(), INTERVAL {months} MONTH)"
    if dialect == "databricks":
        return f"add_months(current_date(), -{months})"
    return f"CURRENT_DATE - INTERVAL '{months} months'"


def _hash(dialect: str, column: str) -> str:
    if dialect == "bigquery":
        return f"TO_HEX(SHA256({column}))"
    if dialect == "postgres":
        return f"MD5({column})"
    return f"SHA2({column}, 256)"


def statements(rng: random.Random, dialect: str, tables: list[dict], n: int) -> list[str]:
    """``n`` statements for one dialect."""
    out = []
    personal = [t for t in tables if t["columns"] and t.get("timestamp")]
    excl = [t for t in tables if t.get("exclusion_list")]
    for _ in range(n):
        t = rng.choice(personal)
        cols = [c["name"] for c in t["columns"]]
        pick = rng.sample(cols, k=min(len(cols), rng.randint(2, 5)))
        ts = t["timestamp"]
        months = rng.choice([3, 6, 12, 24, 72])
        kind = rng.randrange(10)
        name = t["table"]
        if kind == 0:
            sql = (
                f"WITH base AS (\n  SELECT {', '.join(pick)}, {ts}\n  FROM {name}\n"
                f"  WHERE {ts} >= {_date_bound(dialect, months)}\n)\n"
                f"SELECT {', '.join('b.' + c for c in pick)}\nFROM base b"
            )
        elif kind == 1 and excl:
            e = rng.choice(excl)
            contact = e["exclusion_list"]["contact_columns"][0]
            target = "telefono" if "telefono" in cols else pick[0]
            sql = (
                f"SELECT t.{', t.'.join(pick)}\nFROM {name} t\nWHERE NOT EXISTS (\n"
                f"  SELECT 1 FROM {e['table']} x WHERE x.{contact} = t.{target}\n)"
            )
        elif kind == 2:
            sql = (
                f"SELECT {pick[0]}, COUNT(*) AS n, COUNT(DISTINCT {pick[-1]}) AS d\n"
                f"FROM {name}\nWHERE {ts} >= {_date_bound(dialect, months)}\n"
                f"GROUP BY {pick[0]}\nHAVING COUNT(*) > {rng.randint(1, 20)}"
            )
        elif kind == 3:
            sql = (
                f"SELECT {pick[0]}, {_hash(dialect, pick[-1])} AS h,\n"
                f"  ROW_NUMBER() OVER (PARTITION BY {pick[0]} ORDER BY {ts} DESC) AS rn\n"
                f"FROM {name}"
            )
        elif kind == 4:
            other = rng.choice(personal)
            ocols = [c["name"] for c in other["columns"]]
            key = next((c for c in cols if c in ocols), None)
            if key is None:
                sql = f"SELECT a.{pick[0]} FROM {name} a CROSS JOIN {other['table']} b"
            else:
                sql = (
                    f"SELECT a.{pick[0]}, b.{ocols[-1]}\nFROM {name} a\n"
                    f"LEFT JOIN {other['table']} b ON b.{key} = a.{key}\n"
                    f"WHERE a.{ts} IS NOT NULL"
                )
        elif kind == 5:
            sql = (
                f"INSERT INTO {name}_copia ({', '.join(pick)})\n"
                f"SELECT {', '.join(pick)} FROM {name} WHERE {ts} < "
                f"{_date_bound(dialect, months)}"
            )
        elif kind == 6:
            sql = (
                f"SELECT {', '.join(pick)},\n  CASE WHEN {ts} > {_date_bound(dialect, 1)} "
                f"THEN 'reciente' ELSE 'antiguo' END AS antiguedad\nFROM {name}\n"
                f"ORDER BY {ts} DESC"
            )
        elif kind == 7:
            sql = (
                f"SELECT {pick[0]} FROM {name}\nUNION ALL\n"
                f"SELECT {pick[0]} FROM {name} WHERE {ts} IS NULL"
            )
        elif kind == 8 and dialect == "snowflake":
            sql = (
                f"COPY INTO @bench_stage/{rng.randint(1, 99)}/ FROM (\n"
                f"  SELECT {', '.join(pick)} FROM {name}\n) FILE_FORMAT = (TYPE = CSV)"
            )
        else:
            sql = (
                f"SELECT s.*\nFROM (\n  SELECT {', '.join(pick)}, {ts} FROM {name}\n"
                f"  WHERE {ts} BETWEEN {_date_bound(dialect, months)} AND CURRENT_DATE\n) s"
            )
        out.append(sql)
    return out


def generate(out: Path, total: int = 5000, per_file: int = 5, seed: int = 7) -> list[Path]:
    """Write the corpus under ``out/<dialect>/`` and return the files."""
    rng = random.Random(seed)
    tables = load_inventory(INVENTORY).datasets
    files = []
    per_dialect = total // len(DIALECTS)
    for dialect in DIALECTS:
        folder = out / dialect
        folder.mkdir(parents=True, exist_ok=True)
        stmts = statements(rng, dialect, tables, per_dialect)
        for i in range(0, len(stmts), per_file):
            path = folder / f"q{i // per_file:04d}.sql"
            purpose = rng.choice(["analitica", "calidad", "atencion_clientes", "cobranza"])
            body = ";\n\n".join(stmts[i : i + per_file]) + ";\n"
            path.write_text(f"-- tutela: purpose={purpose}\n{body}", encoding="utf-8")
            files.append(path)
    (out / "tutela.toml").write_text(
        f'inventory = "{INVENTORY.as_posix()}"\n[dialects]\n'
        + "".join(f'"{d}/**" = "{d}"\n' for d in DIALECTS),
        encoding="utf-8",
    )
    return files


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--statements", type=int, default=5000)
    parser.add_argument("--per-file", type=int, default=5)
    args = parser.parse_args()
    print(len(generate(args.out, args.statements, args.per_file)), "files")
