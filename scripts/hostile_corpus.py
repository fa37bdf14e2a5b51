"""Generate the hostile SQL corpus that the reliability tests lint (never committed).

Every case is one file plus what ``tutela lint`` must answer for it when it is linted
alone against the example inventory (``examples/contact-center/inventory.yaml``) in the
``snowflake`` dialect: the exit code and text that must appear in the output. The
classes (``kind``) are the rows of the bounds table in docs/guarantees.md.

Usage::

    python scripts/hostile_corpus.py DEST [--small]

writes ``DEST/<case>.sql`` and prints one line per case. ``--small`` leaves out the
multi-megabyte files (the tests generate those once per session).
"""

# The corpus builds hostile SQL from strings on purpose and needs a reproducible, not secure,
# random source.
# ruff: noqa: S608, S311
from __future__ import annotations

import argparse
import codecs
import random
import sys
from dataclasses import dataclass
from pathlib import Path

#: The example inventory's card table: reading ``cvv`` is PCI001 (an error, exit 1).
CARD_TABLE = "cc_dwh.pagos.legacy_ivr_pagos"
CVV_READ = f"SELECT cvv FROM {CARD_TABLE}"
#: A table without personal data, so filler statements are clean.
CLEAN_TABLE = "cc_dwh.marts.calidad_colas_mensual"
PURPOSE = "-- tutela: purpose=pagos\n"
BIG_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One hostile file and the answer ``tutela lint`` must give for it alone."""

    name: str
    kind: str
    exit_code: int
    expect: tuple[str, ...]
    big: bool = False

    @property
    def filename(self) -> str:
        """The file's name inside the corpus folder."""
        return f"{self.name}.sql"


def _malformed() -> dict[str, str]:
    return {
        "malformed_unterminated_string": "SELECT 'abc FROM t\n",
        "malformed_unterminated_identifier": 'SELECT "abc FROM t\n',
        "malformed_unterminated_comment": "SELECT 1 /* never closed\n",
        "malformed_unbalanced_open": "SELECT (1 FROM t\n",
        "malformed_unbalanced_close": "SELECT 1) FROM t\n",
        "malformed_keyword_salad": "SELECT FROM WHERE GROUP BY ORDER\n",
        "malformed_double_operator": "SELECT * FROM t WHERE a = = b\n",
        "malformed_punctuation": ")))(((,,,..;;;\n",
        "malformed_dollar_quote": "SELECT $$never closed\n",
        "malformed_jinja_outside_dbt": "SELECT * FROM {{ ref('clientes') }}\n",
        "malformed_then_valid": f"SELECT FROM FROM;\n{CVV_READ};\n",
    }


def _cases_and_texts(big: bool) -> list[tuple[Case, bytes]]:
    out: list[tuple[Case, bytes]] = []

    def add(case: Case, data: bytes | str) -> None:
        out.append((case, data.encode("utf-8") if isinstance(data, str) else data))

    for name, text in _malformed().items():
        expect = ("SQL001",) if name != "malformed_then_valid" else ("SQL001", "PCI001")
        add(Case(name, "malformed", 1, expect), text)

    rng = random.Random(20261128)  # fixed seed: the same corpus on every machine
    add(
        Case("binary_random", "binary", 2, ("NUL bytes",)),
        bytes(rng.randrange(256) for _ in range(4096)) + b"\x00",
    )
    add(
        Case("binary_png", "binary", 2, ("NUL bytes",)),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
    )
    add(Case("nul_in_sql", "binary", 2, ("NUL bytes",)), f"{CVV_READ}\x00;\n")

    body = f"{PURPOSE}-- año, teléfono, “comillas”\n{CVV_READ};\n"
    add(
        Case("utf16_le_bom", "encoding", 1, ("utf16_le_bom.sql:3:8: PCI001",)),
        codecs.BOM_UTF16_LE + body.encode("utf-16-le"),
    )
    add(
        Case("utf16_be_bom", "encoding", 1, ("utf16_be_bom.sql:3:8: PCI001",)),
        codecs.BOM_UTF16_BE + body.encode("utf-16-be"),
    )
    add(
        Case("utf16_no_bom", "encoding", 2, ("NUL bytes",)),
        body.encode("utf-16-le"),
    )
    add(
        Case("utf8_bom", "encoding", 1, ("utf8_bom.sql:3:8: PCI001",)),
        codecs.BOM_UTF8 + body.encode(),
    )
    latin = f"{PURPOSE}-- año, teléfono\n{CVV_READ};\n"
    add(Case("latin1", "encoding", 1, ("latin1.sql:3:8: PCI001",)), latin.encode("latin-1"))
    add(Case("cp1252", "encoding", 1, ("cp1252.sql:3:8: PCI001",)), body.encode("cp1252"))
    add(
        Case("crlf", "newlines", 1, ("crlf.sql:4:8: PCI001",)),
        (PURPOSE + "SELECT 1;\n" + CVV_READ + ";\n")
        .replace("\n", "\r\n")
        .replace("SELECT cvv", "\r\nSELECT cvv"),
    )
    add(
        Case("cr_only", "newlines", 1, ("cr_only.sql:4:8: PCI001",)),
        (PURPOSE + "SELECT 1;\n\n" + CVV_READ + ";\n").replace("\n", "\r"),
    )

    add(Case("empty", "empty", 0, ("All checks passed (1 file).",)), b"")
    add(Case("only_whitespace", "empty", 0, ("All checks passed (1 file).",)), " \n\t\n\r\n")
    add(
        Case("comment_only", "empty", 0, ("All checks passed (1 file).",)),
        "-- nothing here\n/* nor here */\n",
    )
    add(Case("semicolons_only", "empty", 0, ("All checks passed (1 file).",)), ";;;\n;\n")

    n = 10_000
    add(
        Case("deep_parentheses", "depth", 1, ("SQL001", f"{n} levels deep")),
        f"{PURPOSE}SELECT " + "(" * n + "1" + ")" * n + f";\n{CVV_READ};\n",
    )
    add(
        Case("deep_subqueries", "depth", 1, ("SQL001", f"{n} levels deep")),
        f"{PURPOSE}SELECT * FROM "
        + "(SELECT * FROM " * n
        + CARD_TABLE
        + ") AS s" * n
        + f";\n{CVV_READ};\n",
    )
    add(
        Case("deep_brackets", "depth", 1, ("SQL001", f"{n} levels deep")),
        f"{PURPOSE}SELECT " + "[" * n + "1" + "]" * n + ";\n",
    )
    terms = 20_000
    add(
        Case("or_chain", "chain", 1, ("or_chain.sql:2:1: SQL001", "20,004 levels deep")),
        f"{PURPOSE}SELECT cvv FROM {CARD_TABLE} WHERE "
        + " OR ".join(f"monto = {i}" for i in range(terms))
        + ";\n",
    )
    add(
        Case("and_chain", "chain", 1, ("SQL001",)),
        f"{PURPOSE}SELECT mes FROM {CLEAN_TABLE} WHERE "
        + " AND ".join(f"llamadas <> {i}" for i in range(terms))
        + ";\n",
    )
    add(
        Case("union_chain", "chain", 1, ("SQL001",)),
        PURPOSE + " UNION ALL ".join(f"SELECT {i} AS n" for i in range(terms // 2)) + ";\n",
    )
    long_name = "x" * 100_000
    add(
        Case("long_identifier", "identifier", 1, ("long_identifier.sql:3:8: PCI001",)),
        f"{PURPOSE}SELECT {long_name} FROM {CLEAN_TABLE};\n{CVV_READ};\n",
    )
    add(
        Case("long_quoted_identifier", "identifier", 1, ("PCI001",)),
        f'{PURPOSE}SELECT "{long_name}" FROM {CLEAN_TABLE};\n{CVV_READ};\n',
    )
    add(
        Case("long_string_literal", "identifier", 1, ("PCI001",)),
        f"{PURPOSE}SELECT '{long_name}' AS s;\n{CVV_READ};\n",
    )

    add(
        Case("emoji", "unicode", 1, ("emoji.sql:3:8: PCI001",)),
        f"{PURPOSE}SELECT '🙂🔥' AS \"😀\";\n{CVV_READ}; -- 💳\n",
    )
    add(
        Case("bidi_comment", "unicode", 1, ("bidi_comment.sql:3:8: PCI001",)),
        # Trojan Source: the override makes the read look commented out in an editor.
        f"{PURPOSE}/* \u202e }} \u2066 */\n{CVV_READ}; -- \u2067\u2069\n",
    )
    add(
        Case("homoglyph_cvv", "unicode", 0, ("INV001", "looks like cvv data")),
        f'{PURPOSE}SELECT "\u0441vv" FROM {CARD_TABLE};\n',
    )
    add(
        Case("zero_width_cvv", "unicode", 0, ("legacy_ivr_pagos.c\\u200bvv is not classified",)),
        f'{PURPOSE}SELECT "c\u200bvv" FROM {CARD_TABLE};\n',
    )
    add(
        # Printed raw, the override would reverse the rest of the terminal line.
        Case("bidi_column", "unicode", 0, ("legacy_ivr_pagos.cv\\u202ev is not classified",)),
        f'{PURPOSE}SELECT "cv\u202ev" FROM {CARD_TABLE};\n',
    )
    add(
        Case("ansi_escape_column", "unicode", 0, ("legacy_ivr_pagos.cvv\\u001b[2j is not",)),
        f'{PURPOSE}SELECT "cvv\x1b[2J" FROM {CARD_TABLE};\n',
    )
    add(
        Case("fullwidth_cvv", "unicode", 0, ("INV001", "looks like cvv data")),
        f'{PURPOSE}SELECT "\uff43\uff56\uff56" FROM {CARD_TABLE};\n',
    )

    if big:
        statement = f"SELECT mes, llamadas FROM {CLEAN_TABLE} WHERE cola = '{'q' * 2000}';\n"
        count = (BIG_BYTES - 4096) // len(statement)
        text = PURPOSE + statement * count
        last_line = text.count("\n") + 1
        add(
            Case(
                "big_5mb_violation_last",
                "big",
                1,
                (f"big_5mb_violation_last.sql:{last_line}:8: PCI001",),
                big=True,
            ),
            text + f"{CVV_READ};\n",
        )
        comment = "-- " + "relleno " * 120 + "\n"
        text = PURPOSE + comment * ((BIG_BYTES - 4096) // len(comment))
        last_line = text.count("\n") + 1
        add(
            Case(
                "big_5mb_comments",
                "big",
                1,
                (f"big_5mb_comments.sql:{last_line}:8: PCI001",),
                big=True,
            ),
            text + f"{CVV_READ};\n",
        )
        # 100,000 tiny statements: the per-file statement cap ends the analysis at 5,000 and
        # the tokenizer never reads the rest (71 s and 357 MiB before the cap).
        tiny = "SELECT 1;\n" * 100_000
        add(
            Case(
                "many_tiny_statements",
                "big",
                1,
                ("many_tiny_statements.sql:5001:1: SQL001", "more than 5,000 statements"),
                big=True,
            ),
            tiny,
        )
        add(
            Case("oversize_9mb", "big", 2, ("tutela reads files up to 8 MiB",), big=True),
            "-- x\n" * (9 * 1024 * 1024 // 5),
        )
    return out


def cases(*, big: bool = True) -> list[Case]:
    """The cases :func:`generate` writes, without writing them."""
    return [case for case, _ in _cases_and_texts(big)]


def generate(dest: Path, *, big: bool = True) -> list[Case]:
    """Write the corpus into ``dest`` (created if needed) and return its cases in order.

    Args:
        dest: the folder to write ``<case>.sql`` files into.
        big: include the multi-megabyte files.

    Returns:
        The cases, in a fixed order.
    """
    dest.mkdir(parents=True, exist_ok=True)
    cases = []
    for case, data in _cases_and_texts(big):
        (dest / case.filename).write_bytes(data)
        cases.append(case)
    return cases


def main(argv: list[str] | None = None) -> int:
    """Write the corpus to the folder given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--small", action="store_true", help="leave out the big files")
    args = parser.parse_args(argv)
    for case in generate(args.dest, big=not args.small):
        print(f"{case.filename}\t{case.kind}\texit {case.exit_code}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
