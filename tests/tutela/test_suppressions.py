"""Inline suppressions: parsing SQL and YAML comments, scopes, expiry, and their meta findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutela.errors import TutelaError
from tutela.findings import Finding, Location, Severity
from tutela.reporters import Report, RuleInfo, render
from tutela.suppressions import (
    META_RULES,
    Suppression,
    apply_suppressions,
    parse_suppressions,
    syntax_for,
)

TODAY = date(2026, 11, 28)
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "reporters"


def _rule(rule_id: str, name: str) -> RuleInfo:
    return RuleInfo(rule_id, name, name, "d", "error", "fix it")


RULES = {
    "PUR001": _rule("PUR001", "purpose-not-in-notice"),
    "PUR003": _rule("PUR003", "select-star-personal-data"),
    "CON001": _rule("CON001", "consent-filter-missing"),
    "TRF001": _rule("TRF001", "transfer-without-consent"),
}


def _sql(text: str) -> list[tuple[object, ...]]:
    return [
        (s.line, s.col, s.codes, s.reason, s.scope, s.target, s.until, s.error)
        for s in parse_suppressions(text, "m.sql")
    ]


def _yaml(text: str) -> list[tuple[object, ...]]:
    return [
        (s.line, s.col, s.codes, s.reason, s.scope, s.target, s.error)
        for s in parse_suppressions(text, "s.yaml")
    ]


def finding(rule_id: str, line: int | None, file: str = "m.sql", name: str = "") -> Finding:
    return Finding(rule_id, f"{rule_id} fired.", Severity.ERROR, Location(file, line, 1), name=name)


# --- parsing SQL --------------------------------------------------------------------------------


def test_sql_scopes():
    text = (
        "-- tutela: ignore-file[PUR003] staging selects everything\n"  # 1
        "-- tutela: ignore[PUR001] approved by the DPO\n"  # 2
        "\n"  # 3
        "SELECT email\n"  # 4
        "FROM customers;  -- tutela: ignore[CON001] legacy export, ticket PRIV-9\n"  # 5
        "/* tutela: ignore[PUR001, CON001]\n"  # 6
        "   campaign approved in writing */\n"  # 7
        "SELECT 1; /* tutela: ignore[PUR003] inline block */\n"  # 8
        "/* tutela: ignore[PUR001] before code */ SELECT 2;\n"  # 9
    )
    assert _sql(text) == [
        (1, 1, ("PUR003",), "staging selects everything", "file", None, None, None),
        (2, 1, ("PUR001",), "approved by the DPO", "next", 4, None, None),
        (5, 18, ("CON001",), "legacy export, ticket PRIV-9", "line", 5, None, None),
        (6, 1, ("PUR001", "CON001"), "campaign approved in writing", "next", 8, None, None),
        (8, 11, ("PUR003",), "inline block", "line", 8, None, None),
        (9, 1, ("PUR001",), "before code", "line", 9, None, None),
    ]


def test_sql_comment_markers_inside_strings_and_identifiers_are_not_comments():
    text = (
        "SELECT '-- tutela: ignore[PUR001] in a string' AS a,\n"  # 1
        "       'it''s -- still a string' AS b,\n"  # 2
        '       "col -- tutela: ignore[PUR001] x" AS c,\n'  # 3
        "       $$ /* tutela: ignore[PUR001] dollar */ $$ AS d,\n"  # 4
        "       $body$ -- tutela: ignore[PUR001] tagged\n"  # 5
        "       $body$ AS e, 'multi\n"  # 6
        "line' AS f -- tutela: ignore[PUR003] real comment\n"  # 7
        "FROM t;\n"  # 8
    )
    assert _sql(text) == [(7, 12, ("PUR003",), "real comment", "line", 7, None, None)]


def test_sql_other_tutela_pragmas_and_plain_comments_are_ignored():
    text = "-- tutela: purpose=marketing\n-- ignore[PUR001] not ours\n-- TODO\nSELECT 1;\n"
    assert _sql(text) == []


def test_sql_hash_and_slash_comments_count_only_with_a_directive():
    text = (
        "SELECT a # b FROM t  # tutela: ignore[PUR001] bigquery comment\n"  # 1
        "SELECT 7 // 2;  // tutela: ignore[PUR003] snowflake comment\n"  # 2
        "# not ours\n"  # 3
    )
    assert _sql(text) == [
        (1, 22, ("PUR001",), "bigquery comment", "line", 1, None, None),
        (2, 17, ("PUR003",), "snowflake comment", "line", 2, None, None),
    ]


def test_sql_is_case_insensitive_in_the_directive_and_handles_crlf():
    text = "-- TUTELA: Ignore[PUR001] loud\r\nSELECT 1;\r\n"
    assert _sql(text) == [(1, 1, ("PUR001",), "loud", "next", 2, None, None)]


def test_suppression_at_end_of_file_targets_nothing():
    assert _sql("SELECT 1;\n-- tutela: ignore[PUR001] dangling\n") == [
        (2, 1, ("PUR001",), "dangling", "next", None, None, None)
    ]


@pytest.mark.parametrize(
    ("comment", "until", "reason", "error"),
    [
        ("ignore[PUR001] until=2027-01-31 legal hold", date(2027, 1, 31), "legal hold", None),
        ("ignore[PUR001] legal hold until=2027-01-31", date(2027, 1, 31), "legal hold", None),
        ("ignore[PUR001]", None, "", "Suppression of PUR001 has no reason."),
        ("ignore[PUR001,CON001]   ", None, "", "Suppression of PUR001, CON001 has no reason."),
        (
            "ignore[PUR001] until=2027-01-31",
            date(2027, 1, 31),
            "",
            "Suppression of PUR001 has no reason.",
        ),
        ("ignore[] why", None, "why", "Suppression names no rules."),
        ("ignore[PUR 001] why", None, "why", "Suppression has a malformed rule code 'PUR 001'."),
        (
            "ignore[PUR001] until=2026-02-30 why",
            None,
            "why",
            "Suppression has an invalid until date '2026-02-30'.",
        ),
        (
            "ignore[PUR001] until=soon why",
            None,
            "why",
            "Suppression has an invalid until date 'soon'.",
        ),
        (
            "ignore PUR001 why",
            None,
            "",
            "Suppression comment is malformed: expected `ignore[CODE,...] reason`.",
        ),
        (
            "ignore-fil[PUR001] why",
            None,
            "",
            "Unknown suppression directive 'ignore-fil'; use `ignore[...]` or `ignore-file[...]`.",
        ),
        (
            "ignore[TUT001] why",
            None,
            "why",
            "Suppression names tutela's meta rule TUT001, which it cannot silence.",
        ),
    ],
)
def test_sql_directive_details(comment, until, reason, error):
    (s,) = parse_suppressions(f"SELECT 1; -- tutela: {comment}\n", "m.sql")
    assert (s.until, s.reason, s.error) == (until, reason, error)


def test_ignore_file_below_the_first_statement_is_invalid():
    (s,) = parse_suppressions("SELECT 1;\n-- tutela: ignore-file[PUR003] too late\n", "m.sql")
    assert s.error == (
        "File-level suppression comes after the first statement; move it to the top of the file."
    )


# --- parsing YAML -------------------------------------------------------------------------------


def test_yaml_scopes_and_quoting():
    text = (
        "# tutela: ignore-file[TRF003] group transfer, attested\n"  # 1
        "name: O'Brien  # tutela: ignore[TRF001] plain scalar with an apostrophe\n"  # 2
        'note: "a # tutela: ignore[TRF001] inside quotes"\n'  # 3
        "alias: 'it''s # not a comment'  # tutela: ignore[TRF002] after a quoted value\n"  # 4
        "url: https://example.org/#tutela: ignore[TRF001]\n"  # 5
        "# tutela: ignore[TRF001] credit bureau, art. 36 fr. VII\n"  # 6
        "\n"  # 7
        "recipients:\n"  # 8
        "  - id: buro\n"  # 9
        "    terms: |\n"  # 10
        "      # tutela: ignore[TRF001] part of the block scalar\n"  # 11
        "      clause two\n"  # 12
        "    country: MX  # tutela: ignore[INT001] domestic processor\n"  # 13
        'multi: "first\n'  # 14
        '  # tutela: ignore[TRF001] inside a multi-line quoted scalar"\n'  # 15
    )
    assert _yaml(text) == [
        (1, 1, ("TRF003",), "group transfer, attested", "file", None, None),
        (2, 16, ("TRF001",), "plain scalar with an apostrophe", "line", 2, None),
        (4, 33, ("TRF002",), "after a quoted value", "line", 4, None),
        (6, 1, ("TRF001",), "credit bureau, art. 36 fr. VII", "next", 8, None),
        (13, 18, ("INT001",), "domestic processor", "line", 13, None),
    ]


def test_syntax_comes_from_the_extension():
    assert syntax_for("a/b.yml") == "yaml"
    with pytest.raises(TutelaError) as info:
        syntax_for("notes.txt")
    assert info.value.message == "cannot read suppressions from 'notes.txt': unknown file type .txt"


# --- applying -----------------------------------------------------------------------------------

STATEMENTS = (
    "-- tutela: ignore[PUR001] approved by the DPO\n"  # 1
    "SELECT email,\n"  # 2
    "       phone\n"  # 3
    "FROM customers;\n"  # 4
    "SELECT *\n"  # 5
    "  -- tutela: ignore[PUR003] inside the statement: next line only\n"  # 6
    "FROM calls;\n"  # 7
)


def test_own_line_suppression_covers_the_next_statement_when_spans_are_given():
    sups = parse_suppressions(STATEMENTS, "m.sql")
    findings = [finding("PUR001", 4), finding("PUR003", 5), finding("PUR003", 7)]
    spans = {"m.sql": [(2, 4), (5, 7)]}

    done = apply_suppressions(findings, sups, TODAY, spans=spans)
    assert [(f.id, f.location.line, f.suppressed, f.suppression_reason) for f in done.findings] == [
        ("PUR001", 4, True, "approved by the DPO"),
        ("PUR003", 5, False, None),
        ("PUR003", 7, True, "inside the statement: next line only"),
    ]
    assert done.unused == [] and done.problems == []

    without_spans = apply_suppressions(findings, sups, TODAY)
    assert [f.suppressed for f in without_spans.findings] == [False, False, True]
    assert [(f.id, f.msg, f.location.line) for f in without_spans.unused] == [
        ("TUT001", "Suppression of PUR001 matches no finding.", 1)
    ]


def test_a_span_that_includes_its_leading_comment_is_covered_too():
    sups = parse_suppressions(STATEMENTS, "m.sql")
    done = apply_suppressions([finding("PUR001", 3)], sups, TODAY, spans={"m.sql": [(1, 4)]})
    assert done.findings[0].suppressed


def test_trailing_suppression_covers_only_its_line():
    sups = parse_suppressions("SELECT *  -- tutela: ignore[PUR003] ok\nFROM t;\n", "m.sql")
    done = apply_suppressions(
        [finding("PUR003", 1), finding("PUR003", 2)], sups, TODAY, spans={"m.sql": [(1, 2)]}
    )
    assert [f.suppressed for f in done.findings] == [True, False]


def test_file_suppression_covers_findings_without_a_line_and_defers_to_line_reasons():
    text = "-- tutela: ignore-file[PUR003] staging\n-- tutela: ignore[PUR003] this one\nSELECT *\n"
    done = apply_suppressions(
        [finding("PUR003", None), finding("PUR003", 3), finding("PUR003", 3, file="other.sql")],
        parse_suppressions(text, "m.sql"),
        TODAY,
    )
    assert [(f.suppressed, f.suppression_reason) for f in done.findings] == [
        (True, "staging"),
        (True, "this one"),
        (False, None),
    ]
    assert done.unused == []


def test_codes_match_ids_and_names_and_each_unused_code_is_reported():
    text = "SELECT 1; -- tutela: ignore[purpose-not-in-notice,CON001,PUR003] campaign approved\n"
    sups = parse_suppressions(text, "m.sql")
    done = apply_suppressions([finding("PUR001", 1)], sups, TODAY, rules=RULES)
    assert done.findings[0].suppressed
    assert [(f.id, f.severity, f.msg, f.location) for f in done.unused] == [
        (
            "TUT001",
            Severity.WARNING,
            "Suppression of CON001 matches no finding.",
            Location("m.sql", 1, 11),
        ),
        (
            "TUT001",
            Severity.WARNING,
            "Suppression of PUR003 matches no finding.",
            Location("m.sql", 1, 11),
        ),
    ]
    # Without the catalogue a name still matches the finding's own name.
    named = apply_suppressions([finding("PUR001", 1, name="purpose-not-in-notice")], sups, TODAY)
    assert named.findings[0].suppressed


def test_old_names_of_renamed_rules_still_match():
    @dataclass(frozen=True)
    class Renamed(RuleInfo):
        aliases: tuple[str, ...] = ()

    rules = {
        "PUR003": Renamed("PUR003", "select-star", "t", "d", "warning", "a", aliases=("star",))
    }
    sups = parse_suppressions("SELECT * FROM t; -- tutela: ignore[star] audit export\n", "m.sql")
    done = apply_suppressions([finding("PUR003", 1)], sups, TODAY, rules=rules)
    assert done.findings[0].suppressed
    assert done.problems == [] and done.unused == []


def test_codes_of_rules_that_did_not_run_are_not_unused():
    sups = parse_suppressions("SELECT 1; -- tutela: ignore[PUR001,CON001] ok\n", "m.sql")
    done = apply_suppressions([], sups, TODAY, rules=RULES, selected={"CON001"})
    assert [f.msg for f in done.unused] == ["Suppression of CON001 matches no finding."]


def test_unknown_codes_are_reported_and_the_known_ones_still_apply():
    sups = parse_suppressions("SELECT 1; -- tutela: ignore[PUR01,PUR001] ok\n", "m.sql")
    done = apply_suppressions([finding("PUR001", 1)], sups, TODAY, rules=RULES)
    assert done.findings[0].suppressed
    assert [(f.id, f.severity, f.msg) for f in done.problems] == [
        (
            "TUT003",
            Severity.ERROR,
            "Suppression names unknown rule 'PUR01' (did you mean 'PUR001'?).",
        )
    ]


def test_invalid_suppressions_silence_nothing():
    sups = parse_suppressions("SELECT 1; -- tutela: ignore[PUR001]\n", "m.sql")
    done = apply_suppressions([finding("PUR001", 1)], sups, TODAY)
    assert not done.findings[0].suppressed
    assert [(f.id, f.msg, f.location.line) for f in done.problems] == [
        ("TUT003", "Suppression of PUR001 has no reason.", 1)
    ]
    assert done.unused == []


@pytest.mark.parametrize(("until", "applies"), [("2026-11-28", True), ("2026-11-27", False)])
def test_until_is_inclusive_and_expired_suppressions_are_reported(until, applies):
    sups = parse_suppressions(f"SELECT 1; -- tutela: ignore[PUR001] until={until} hold\n", "m.sql")
    done = apply_suppressions([finding("PUR001", 1)], sups, TODAY)
    assert done.findings[0].suppressed is applies
    expected = (
        []
        if applies
        else [
            (
                "TUT002",
                Severity.WARNING,
                "Suppression of PUR001 expired on 2026-11-27; its findings are reported again.",
            )
        ]
    )
    assert [(f.id, f.severity, f.msg) for f in done.problems] == expected
    assert done.unused == []


def test_meta_findings_are_never_suppressed():
    sups = [Suppression("m.sql", 1, 1, ("TUT001",), "x", scope="file")]
    done = apply_suppressions([finding("TUT001", 3)], sups, TODAY)
    assert not done.findings[0].suppressed


def test_meta_rules_are_documented_for_the_reporters():
    assert {k: (r.name, r.severity) for k, r in META_RULES.items()} == {
        "TUT001": ("unused-suppression", "warning"),
        "TUT002": ("expired-suppression", "warning"),
        "TUT003": ("invalid-suppression", "error"),
    }


def test_end_to_end_text_report(golden):
    """Parse, apply and render one file: the text a data engineer sees (golden)."""
    text = (
        "-- tutela: ignore[PUR001] campaign approved by the DPO, ticket PRIV-12\n"  # 1
        "SELECT *\n"  # 2
        "FROM clientes;  -- tutela: ignore[CON001] until=2026-06-30 legacy export\n"  # 3
        "SELECT email FROM clientes;  -- tutela: ignore[PUR003]\n"  # 4
    )
    sups = parse_suppressions(text, "models/campaign.sql")
    raw = [
        Finding(
            "PUR001",
            'Purpose "promo" is not in the notice.',
            Severity.ERROR,
            Location("models/campaign.sql", 2, 1),
        ),
        Finding(
            "PUR003",
            "SELECT * reads every column.",
            Severity.WARNING,
            Location("models/campaign.sql", 2, 8),
        ),
        Finding(
            "CON001", "No consent filter.", Severity.ERROR, Location("models/campaign.sql", 3, 1)
        ),
    ]
    done = apply_suppressions(
        raw, sups, TODAY, spans={"models/campaign.sql": [(2, 3), (4, 4)]}, rules=RULES
    )
    report = Report(done.all(), ["models/campaign.sql"], RULES, tool_version="0.1.0")
    golden(GOLDEN / "suppressions.txt", render("text", report))
    assert report.exit_code == 1


# --- robustness ---------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "--",
        "/*",
        "*/",
        "'",
        '"',
        "`",
        "$$",
        "$t$",
        "#",
        "|",
        ">",
        ": ",
        "- ",
        "\n",
        "\r\n",
        " ",
        "tutela: ignore[PUR001] r",
        "tutela: ignore-file[PUR003] r",
        "until=2026-01-01",
        "SELECT 1;",
        "key: v",
        "ñ",
        "\x00",
    ]
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(_PIECES | st.text(max_size=5), max_size=40).map("".join),
    st.sampled_from(["sql", "yaml"]),
)
def test_any_text_parses_without_crashing(text, syntax):
    sups = parse_suppressions(text, f"f.{syntax}", syntax=syntax)
    lines = text.count("\n") + 1
    for s in sups:
        assert 1 <= s.line <= lines and s.col >= 1
        assert s.target is None or s.line <= s.target <= lines
    apply_suppressions([finding("PUR001", 1, file=f"f.{syntax}")], sups, TODAY)


def test_unterminated_strings_and_comments_do_not_crash():
    assert _sql("SELECT 'open\n-- tutela: ignore[PUR001] in the string\n") == []
    assert _sql("/* tutela: ignore[PUR001] never closed\nSELECT 1;\n") == [
        (1, 1, ("PUR001",), "never closed SELECT 1;", "next", None, None, None)
    ]
