"""Every reporter over one fixed run: goldens pin the exact text, checks pin the semantics."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.schemas import sarif_problems
from tutela.errors import TutelaError
from tutela.findings import Finding, Location, Severity
from tutela.reporters import FORMATS, FileError, Report, RuleInfo, RuleMeta, render
from tutela.reporters.github import escape_data, escape_property
from tutela.reporters.sarif import artifact_location

CAMPAIGN = "models/marketing/campaign.sql"
GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "reporters"
SUFFIX = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "github": "github.txt",
    "junit": "junit.xml",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt, golden, sample_report):
    golden(GOLDEN / f"report.{SUFFIX[fmt]}", render(fmt, sample_report()))


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_clean_run(fmt, golden, sample_report):
    report = sample_report(findings=[], errors=[], files=["models/clean.sql", "shares/ok.yaml"])
    golden(GOLDEN / f"clean.{SUFFIX[fmt]}", render(fmt, report))


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_does_not_depend_on_input_order(fmt, sample_report, sample_rules):
    report = sample_report()
    shuffled = sample_report(
        findings=list(reversed(report.findings)),
        files=list(reversed(report.files)),
        rules=dict(reversed(list(sample_rules.items()))),
    )
    assert render(fmt, shuffled) == render(fmt, report)


def test_unknown_format_is_a_clear_error(sample_report):
    with pytest.raises(TutelaError) as info:
        render("sarf", sample_report())
    assert info.value.message == "unknown output format 'sarf'"
    assert info.value.hint == "did you mean 'sarif'?"


def test_unknown_fail_on_is_a_clear_error():
    with pytest.raises(TutelaError) as info:
        Report(fail_on="critical")
    assert info.value.message == "unknown severity 'critical' for fail_on"
    assert info.value.hint == "use one of: error, warning, info"


def test_rule_info_satisfies_the_rule_protocol(sample_rules):
    assert isinstance(sample_rules["PUR001"], RuleMeta)


# --- exit code and summary ----------------------------------------------------------------------


def _finding(
    rule_id: str, severity: str, *, suppressed: bool = False, file: str = "a.sql", line: int = 1
) -> Finding:
    return Finding(
        rule_id, "m.", Severity(severity), Location(file, line, 1), suppressed=suppressed
    )


@pytest.mark.parametrize(
    ("findings", "errors", "fail_on", "code", "summary"),
    [
        ([], [], "error", 0, "All checks passed (2 files)."),
        (
            [_finding("PUR003", "warning", suppressed=True)],
            [],
            "error",
            0,
            "All checks passed (2 files, 1 suppressed).",
        ),
        ([_finding("PUR003", "warning")], [], "error", 0, "Found 0 errors, 1 warning in 2 files."),
        (
            [_finding("PUR003", "warning")],
            [],
            "warning",
            1,
            "Found 0 errors, 1 warning in 2 files.",
        ),
        (
            [_finding("MIN001", "info")],
            [],
            "warning",
            0,
            "Found 0 errors, 0 warnings, 1 info in 2 files.",
        ),
        (
            [_finding("MIN001", "info")],
            [],
            "info",
            1,
            "Found 0 errors, 0 warnings, 1 info in 2 files.",
        ),
        (
            [_finding("PUR001", "error"), _finding("PUR001", "error", line=2)],
            [],
            "error",
            1,
            "Found 2 errors, 0 warnings in 2 files.",
        ),
        (
            [],
            [FileError("b.sql", "unreadable")],
            "error",
            2,
            "No findings in 2 files (1 file could not be analysed).",
        ),
        (
            [_finding("PUR001", "error"), _finding("PUR003", "warning", suppressed=True)],
            [FileError("b.sql", "unreadable"), FileError("b.sql", "and worse", line=3)],
            "error",
            2,
            "Found 1 error, 0 warnings in 2 files (1 suppressed; 1 file could not be analysed).",
        ),
    ],
)
def test_exit_code_and_summary(findings, errors, fail_on, code, summary):
    report = Report(findings, ["a.sql", "c.sql"], {}, errors, "0.1.0", fail_on)
    assert report.exit_code == code
    assert render("text", report).splitlines()[-1] == summary


def test_file_error_from_exception_keeps_each_problem():
    from tutela.errors import Problem, SQLInputError

    exc = SQLInputError(
        "cannot read SQL",
        "a.sql",
        problems=[Problem("not UTF-8", line=2, col=5, hint="save as UTF-8"), Problem("too big")],
        hint="check the file",
    )
    assert FileError.from_exception(exc, "fallback.sql") == [
        FileError("a.sql", "cannot read SQL: not UTF-8", 2, 5, "save as UTF-8"),
        FileError("a.sql", "cannot read SQL: too big", None, None, "check the file"),
    ]
    assert FileError.from_exception(SQLInputError("empty"), "b.sql") == [
        FileError("b.sql", "empty")
    ]


# --- text ---------------------------------------------------------------------------------------


def test_text_color_only_when_asked(sample_report):
    report = sample_report()
    plain = render("text", report)
    colored = render("text", report, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[31m[error]\x1b[0m" in colored
    assert re.sub(r"\x1b\[[0-9;]*m", "", colored) == plain


def test_text_hides_suppressed_findings_but_counts_them(sample_report):
    text = render("text", sample_report())
    assert 'PUR003 [warning] SELECT * reads every column of "clientes"' not in text
    assert "(1 suppressed;" in text


def test_text_every_unindented_line_is_a_location_or_the_summary(sample_report):
    # A message with a line break must not create a line that looks like a new diagnostic.
    lines = render("text", sample_report()).splitlines()
    for line in lines[:-1]:
        assert line.startswith(" ") or re.match(r"^[\w/.-]+(:\d+)*: ", line), line


def test_text_without_rule_metadata_still_points_to_the_explanation():
    report = Report([_finding("XYZ001", "error")], ["a.sql"], {})
    assert render("text", report).splitlines()[1] == "  help: tutela rules explain XYZ001"


# --- json ---------------------------------------------------------------------------------------


def test_json_keeps_suppressed_findings_as_audit_trail(sample_report):
    data = json.loads(render("json", sample_report()))
    suppressed = [f for f in data["findings"] if f["suppressed"]]
    assert suppressed == [
        {
            "id": "PUR003",
            "msg": 'SELECT * reads every column of "clientes".',
            "severity": "warning",
            "location": {"file": CAMPAIGN, "line": 12, "col": 8, "path": []},
            "name": "select-star-personal-data",
            "legal_basis": [{"instrument": "LFPDPPP", "article": "12"}],
            "suppressed": True,
            "suppression_reason": "audit export approved by the DPO (ticket PRIV-12)",
            "jurisdiction": "lfpdppp",
            "values": {},
        }
    ]
    assert data["summary"] == {
        "files": 4,
        "findings": 6,
        "by_severity": {"error": 3, "warning": 2, "info": 1},
        "suppressed": 1,
        "file_errors": 1,
        "fail_on": "error",
        "exit_code": 2,
    }


# --- sarif --------------------------------------------------------------------------------------


def test_sarif_is_what_code_scanning_needs(sample_report):
    log = json.loads(render("sarif", sample_report()))
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("tutela", "0.1.0")
    assert driver["informationUri"] == "https://example.org/tutela"
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == ["CON001", "MIN001", "PUR001", "PUR003", "TRF001", "TUT001"]
    for result in run["results"]:
        rule = driver["rules"][result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith(("/", "file:"))
    levels = {(r["ruleId"], r["level"]) for r in run["results"]}
    assert ("MIN001", "note") in levels
    assert ("PUR001", "error") in levels
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"]) for r in suppressed] == [
        (
            "PUR003",
            [
                {
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": "audit export approved by the DPO (ticket PRIV-12)",
                }
            ],
        )
    ]
    fingerprints = [r["partialFingerprints"]["tutela/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "models/broken.sql", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 4, "startColumn": 7},
    }
    meta = driver["rules"][ids.index("TUT001")]
    assert meta["name"] == "unused-suppression"
    assert meta["defaultConfiguration"] == {"level": "warning"}


def test_sarif_fingerprint_ignores_the_line_but_separates_duplicates():
    def fingerprints(*lines: int) -> list[str]:
        findings = [
            Finding("PUR003", "SELECT * reads t.", Severity.WARNING, Location("a.sql", n, 1))
            for n in lines
        ]
        run = json.loads(render("sarif", Report(findings, ["a.sql"])))["runs"][0]
        return [r["partialFingerprints"]["tutela/v1"] for r in run["results"]]

    assert fingerprints(3) == fingerprints(10)
    first, second = fingerprints(3, 9)
    assert first != second
    assert first == fingerprints(3)[0]


@pytest.mark.parametrize(
    ("file", "location"),
    [
        ("models/a.sql", {"uri": "models/a.sql", "uriBaseId": "%SRCROOT%"}),
        ("./models/a.sql", {"uri": "models/a.sql", "uriBaseId": "%SRCROOT%"}),
        ("models\\win\\a.sql", {"uri": "models/win/a.sql", "uriBaseId": "%SRCROOT%"}),
        ("models/año #1.sql", {"uri": "models/a%C3%B1o%20%231.sql", "uriBaseId": "%SRCROOT%"}),
        ("/repo/a.sql", {"uri": "file:///repo/a.sql"}),
        ("C:\\repo\\a.sql", {"uri": "file:///C:/repo/a.sql"}),
    ],
)
def test_sarif_artifact_uris(file, location):
    assert artifact_location(file) == location


def test_sarif_clean_run_still_declares_the_rules_that_ran(sample_report, sample_rules):
    run = json.loads(render("sarif", sample_report(findings=[], errors=[])))["runs"][0]
    assert run["results"] == []
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == sorted(sample_rules)
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_sarif_rules_carry_help_and_security_severity(sample_report):
    rules = {
        r["id"]: r
        for r in json.loads(render("sarif", sample_report()))["runs"][0]["tool"]["driver"]["rules"]
    }
    for rule in rules.values():
        assert rule["help"]["text"] and rule["help"]["markdown"], rule["id"]
    # A rule with a legal basis is a security alert scored by its default severity ...
    pur001 = rules["PUR001"]["properties"]
    assert "security" in pur001["tags"] and pur001["security-severity"] == "8.0"
    assert rules["CON001"]["properties"]["security-severity"] in {"8.0", "5.0", "2.0"}
    # ... tutela's own suppression hygiene is not; a rule without METADATA still has help.
    assert "security" not in rules["TUT001"]["properties"]["tags"]
    assert "security-severity" not in rules["TUT001"]["properties"]
    assert "tutela rules explain MIN001" in rules["MIN001"]["help"]["text"]


def _break(log, what):
    run = log["runs"][0]
    if what == "level":
        run["results"][0]["level"] = "fatal"
    elif what == "fingerprint":
        del run["results"][0]["partialFingerprints"]
    elif what == "help":
        del run["tool"]["driver"]["rules"][0]["help"]
    elif what == "severity":
        del run["tool"]["driver"]["rules"][0]["properties"]["security-severity"]
    elif what == "index":
        run["results"][0]["ruleIndex"] = 99
    elif what == "uri":
        run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"].pop("uriBaseId")
    elif what == "version":
        log["version"] = "2.0.0"
    return log


@pytest.mark.parametrize(
    ("what", "problem"),
    [
        ("level", "schema: $.runs[0].results[0].level"),
        ("version", "schema: $.version"),
        ("fingerprint", "no partialFingerprints"),
        ("help", "no help text and markdown"),
        ("severity", "security tag without security-severity"),
        ("index", "do not name a declared rule"),
        ("uri", "is not relative to a uriBaseId"),
    ],
)
def test_the_sarif_check_catches_what_code_scanning_rejects(sample_report, what, problem):
    log = json.loads(render("sarif", sample_report()))
    assert sarif_problems(log) == []
    problems = sarif_problems(_break(log, what))
    assert any(p.startswith(problem) or problem in p for p in problems), problems


def test_every_sarif_log_the_suite_renders_is_checked():
    # tests/conftest.py wraps the reporter for every test: a log the suite produces that the
    # OASIS schema or code scanning would reject fails the test that produced it.
    from tutela.reporters import sarif

    assert sarif.report_to_sarif.__name__ == "checked"
    for golden in ("report.sarif", "clean.sarif"):
        assert sarif_problems(json.loads((GOLDEN / golden).read_text(encoding="utf-8"))) == []


# --- github -------------------------------------------------------------------------------------


def test_github_escapes_per_the_runner():
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_annotations(sample_report):
    lines = render("github", sample_report()).splitlines()
    assert lines[0] == (
        "::error file=models/broken.sql,line=4,col=7,title=tutela could not analyse this file"
        "::could not parse the statement: unexpected token ')'%0Ahelp: fix the SQL, or add the "
        "file to `exclude`"
    )
    assert (
        "::notice file=models/ops/report.sql,title=MIN001 unused-personal-column::Report keeps "
        "the caller's phone number although no output uses it."
    ) in lines
    assert all("clientes" not in line for line in lines), "suppressed findings are not annotated"
    assert lines[-1].startswith("Found 3 errors, 2 warnings, 1 info in 4 files")


def test_github_property_values_are_escaped():
    finding = Finding("PUR001", "m", Severity.ERROR, Location("dir,x/a:b.sql", 1, 2), name="n")
    line = render("github", Report([finding], ["dir,x/a:b.sql"])).splitlines()[0]
    assert line == "::error file=dir%2Cx/a%3Ab.sql,line=1,col=2,title=PUR001 n::m"


# --- junit --------------------------------------------------------------------------------------


def _junit(report: Report) -> ET.Element:
    return ET.fromstring(render("junit", report).encode("utf-8"))  # noqa: S314 - our own output


def test_junit_counts_and_elements(sample_report):
    root = _junit(sample_report())
    assert root.tag == "testsuites"
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "9",
        "failures": "3",
        "errors": "1",
        "skipped": "1",
    }
    suites = {s.get("name"): s for s in root}
    assert list(suites) == sorted(suites)
    assert suites["models/clean.sql"][0].get("name") == "no findings"
    broken = suites["models/broken.sql"][0]
    assert (
        broken.find("error").get("message") == "could not parse the statement: unexpected token ')'"
    )
    campaign = suites[CAMPAIGN]
    names = [case.get("name") for case in campaign]
    assert names == [
        "TUT001 unused-suppression (line 1, col 1)",
        "PUR001 purpose-not-in-notice (line 3, col 8)",
        "CON001 consent-filter-missing (line 7, col 1)",
        "PUR003 select-star-personal-data (line 12, col 8)",
    ]
    con = campaign[2].find("failure")
    assert con.get("message").startswith('Query for "mercadotecnia" filters on opt_in < 1 &')
    assert "\n" in con.get("message"), "the attribute keeps the line break (escaped as &#10;)"
    assert campaign[3].find("skipped").get("message") == (
        "suppressed: audit export approved by the DPO (ticket PRIV-12)"
    )
    assert campaign[0].find("system-out").text.startswith("[warning] ")


def test_junit_fail_on_warning_turns_warnings_into_failures(sample_report):
    root = _junit(sample_report(fail_on="warning"))
    assert root.get("failures") == "5"


def test_junit_strips_characters_xml_cannot_carry():
    finding = Finding("PUR001", "bell\x07 and nul\x00", Severity.ERROR, Location("a.sql", 1, 1))
    root = _junit(Report([finding], ["a.sql"]))
    assert root[0][0].find("failure").get("message") == "bell\ufffd and nul\ufffd"


def test_meta_rules_are_found_without_being_passed():
    report = Report([_finding("TUT003", "error")], ["a.sql"], {})
    rule = report.rule("TUT003")
    assert isinstance(rule, RuleInfo)
    assert rule.name == "invalid-suppression"


# --- robustness ---------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.text(max_size=40),
    st.text(min_size=1, max_size=20).filter(lambda s: s.strip() and "\n" not in s),
    st.booleans(),
)
def test_any_message_and_file_name_survive_every_format(msg, file, suppressed):
    finding = Finding(
        "PUR001",
        msg,
        Severity.ERROR,
        Location(file, 2, 3),
        suppressed=suppressed,
        suppression_reason="r" if suppressed else None,
    )
    report = Report([finding], [file], errors=[FileError(file, msg)])
    assert json.loads(render("json", report))["findings"][0]["msg"] == msg
    assert json.loads(render("sarif", report))["runs"][0]["results"][0]["message"]["text"] == msg
    _junit(report)  # well-formed XML whatever the text
    # The runner reads lines split on CR and LF only (not U+0085 or U+2028).
    github = re.split(r"\r\n|\r|\n", render("github", report).removesuffix("\n"))
    assert len(github) == (2 if suppressed else 3), "one line per annotation, plus the summary"
