"""Inline suppressions: a justified, reviewable way to silence one finding where it occurs.

Syntax (SQL comments ``--`` and ``/* */``; YAML comments ``#``)::

    -- tutela: ignore[PUR003] the audit export needs every column (ticket PRIV-12)
    SELECT * FROM customers;

    SELECT email FROM customers  -- tutela: ignore[PUR002,CON001] until=2027-03-31 legal hold
    /* tutela: ignore[purpose-not-in-notice] backfill approved by the DPO */
    -- tutela: ignore-file[PUR003] staging models select everything by design
    recipient: buro  # tutela: ignore[TRF001] credit-bureau exception, art. 36 fr. VII

Rules:

- A reason is **required**. A suppression without one does not apply and is reported as
  ``TUT003 invalid-suppression`` (an error), so nothing is ever silenced without a why.
- Codes are rule ids (``PUR001``) or rule names (``purpose-not-in-notice``), comma separated.
- ``until=YYYY-MM-DD`` (first or last word of the reason) makes it temporary: it applies up to
  and including that day; afterwards it no longer applies and is reported as
  ``TUT002 expired-suppression``.
- ``owner=@team`` (anywhere in the reason; a ``@handle``, ``@org/team`` or an e-mail address)
  names who answers for the exception. It is reported in json and sarif and by
  ``tutela suppressions``: what is suppressed, by whom, why and until when.
- Scope: a comment at the end of a line of code covers that line. A comment on its own line
  covers the next line of code and, when the caller passes statement spans, the whole
  statement that starts there. ``ignore-file`` covers the whole file and must come before
  the first line of code.
- A suppression code that matches no finding is reported as ``TUT001 unused-suppression``.

Suppressed findings are kept (``suppressed=True`` and the reason) so json and sarif output
carry the audit trail. Python only observes here: it decides nothing about the law.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePath
from typing import Literal, NamedTuple

from tutela.errors import TutelaError
from tutela.findings import Finding, Location, RuleInfo, RuleMeta, Severity

Syntax = Literal["sql", "yaml"]
Scope = Literal["line", "next", "file"]
Span = tuple[int, int]

_EXAMPLE = "tutela: ignore[PUR001] why this is acceptable"

#: tutela's own meta rules: problems with suppressions themselves.
META_RULES: dict[str, RuleInfo] = {
    "TUT001": RuleInfo(
        id="TUT001",
        name="unused-suppression",
        title="Unused suppression",
        description=(
            "What it does: flags an inline suppression code that silenced no finding.\n"
            "Why it matters: stale suppressions hide future findings on the same line and "
            "make the audit trail claim exceptions that no longer exist."
        ),
        severity=Severity.WARNING.value,
        recommended_action="Remove the code from the suppression comment, or the whole comment.",
    ),
    "TUT002": RuleInfo(
        id="TUT002",
        name="expired-suppression",
        title="Expired suppression",
        description=(
            "What it does: flags a suppression whose `until=` date has passed; it no longer "
            "applies, so the findings it covered are reported again.\n"
            "Why it matters: temporary exceptions must end when agreed."
        ),
        severity=Severity.WARNING.value,
        recommended_action="Fix the findings, or renew the `until=` date with a new reason.",
    ),
    "TUT003": RuleInfo(
        id="TUT003",
        name="invalid-suppression",
        title="Invalid suppression",
        description=(
            "What it does: flags a `tutela: ignore` comment that cannot be applied: no "
            "reason, no or unknown rule codes, a bad `until=` date, or `ignore-file` below "
            "the first statement. It suppresses nothing.\n"
            "Why it matters: every exception to a privacy rule needs a written justification."
        ),
        severity=Severity.ERROR.value,
        recommended_action=f"Write the rule codes in brackets and a reason: `{_EXAMPLE}`.",
    ),
}


@dataclass(frozen=True, order=True)
class Suppression:
    """One ``tutela: ignore`` comment.

    Attributes:
        file: the file, exactly as findings name it.
        line: line of the comment (1-based).
        col: column where the comment starts (1-based).
        codes: rule ids or names.
        reason: the justification (``""`` when missing: then ``error`` says so).
        scope: ``line`` (trailing comment), ``next`` (own line) or ``file``.
        target: the line a ``line``/``next`` suppression covers (``None``: no code follows).
        until: last day it applies, if temporary.
        owner: who answers for it (``owner=``), if named.
        error: why the comment cannot be applied (reported as TUT003), else ``None``.
    """

    file: str
    line: int
    col: int
    codes: tuple[str, ...] = ()
    reason: str = ""
    scope: Scope = "line"
    target: int | None = None
    until: date | None = None
    error: str | None = None
    owner: str | None = None

    def expired(self, today: date) -> bool:
        """Whether ``today`` is after the ``until`` date."""
        return self.until is not None and today > self.until

    def covers(self, line: int | None, spans: Sequence[Span] = ()) -> bool:
        """Whether a finding on ``line`` is in scope.

        ``spans`` are the (start_line, end_line) of the statements of this file: a
        suppression on its own line covers the whole statement that starts right after it.

        Example:
            >>> s = Suppression("a.sql", 1, 1, ("PUR003",), "ok", scope="next", target=2)
            >>> s.covers(2), s.covers(4), s.covers(4, [(2, 5)])
            (True, False, True)
        """
        if self.scope == "file":
            return True
        if line is None or self.target is None:
            return False
        if line == self.target:
            return True
        if self.scope == "line":
            return False
        return any(self.line <= a <= self.target and a <= line <= b for a, b in spans)


@dataclass(frozen=True)
class _Comment:
    line: int
    col: int
    end_line: int
    body: str


# --- comment scanners -------------------------------------------------------------------------

_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$")
_OTHER_LINE_COMMENT = re.compile(r"(#|//)(?=\s*tutela\s*:)", re.IGNORECASE)


def _sql_comments(text: str) -> tuple[list[_Comment], set[int]]:
    """Comments of a SQL text, and the lines that hold code (strings count as code)."""
    comments: list[_Comment] = []
    code: set[int] = set()
    i, n, line, line_start = 0, len(text), 1, 0

    def advance(start: int, stop: int, mark: bool) -> None:
        nonlocal line, line_start
        for k in range(start, stop):
            if text[k] == "\n":
                line += 1
                line_start = k + 1
                if mark:
                    code.add(line)

    while i < n:
        ch = text[i]
        if ch == "\n":
            advance(i, i + 1, mark=False)
            i += 1
        elif ch.isspace():
            i += 1
        elif text.startswith("--", i) or _OTHER_LINE_COMMENT.match(text, i):
            # `#` (MySQL, BigQuery) and `//` (Snowflake) are operators in other dialects, so
            # they count as comments only when they carry a tutela directive.
            marker = _OTHER_LINE_COMMENT.match(text, i)
            start = i + (len(marker.group(1)) if marker else 2)
            end = text.find("\n", i)
            end = n if end == -1 else end
            comments.append(_Comment(line, i - line_start + 1, line, text[start:end]))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            stop = n if end == -1 else end + 2
            start_line, col = line, i - line_start + 1
            advance(i, stop, mark=False)
            comments.append(_Comment(start_line, col, line, text[i + 2 : end if end != -1 else n]))
            i = stop
        else:
            code.add(line)
            stop = i + 1
            tag = _DOLLAR_TAG.match(text, i) if ch == "$" else None
            if ch in "'\"`":
                # Quoted strings and identifiers; a doubled quote is an escaped quote.
                k = i + 1
                while True:
                    k = text.find(ch, k)
                    if k == -1 or not text.startswith(ch * 2, k):
                        break
                    k += 2
                stop = n if k == -1 else k + 1
            elif tag:
                end = text.find(tag.group(), tag.end())
                stop = n if end == -1 else end + len(tag.group())
            advance(i, stop, mark=True)
            i = stop
    return comments, code


_BLOCK_SCALAR = re.compile(r"(?:^\s*|:\s+|(?:^|\s)-\s+)[|>][-+1-9]{0,2}$")


def _quote_opens(raw: str, i: int) -> bool:
    before = raw[:i].rstrip()
    if i > 0 and raw[i - 1] not in " \t[{,":
        return False
    return not before or before[-1] in ":-[{,?"


def _yaml_comments(text: str) -> tuple[list[_Comment], set[int]]:
    """Comments of a YAML text, and the lines that hold content (block scalars count)."""
    comments: list[_Comment] = []
    code: set[int] = set()
    quote: str | None = None
    block_indent: int | None = None
    for lineno, raw_line in enumerate(text.split("\n"), 1):
        raw = raw_line.rstrip("\r")
        indent = len(raw) - len(raw.lstrip(" "))
        if block_indent is not None:
            if not raw.strip() or indent > block_indent:
                if raw.strip():
                    code.add(lineno)
                continue
            block_indent = None
        content_end = len(raw)
        i = 0
        while i < len(raw):
            ch = raw[i]
            if quote is not None:
                code.add(lineno)
                if quote == "'" and ch == "'":
                    if raw.startswith("''", i):
                        i += 2
                        continue
                    quote = None
                elif quote == '"' and ch == "\\":
                    i += 2
                    continue
                elif quote == '"' and ch == '"':
                    quote = None
                i += 1
                continue
            if ch == "#" and (i == 0 or raw[i - 1] in " \t"):
                comments.append(_Comment(lineno, i + 1, lineno, raw[i + 1 :]))
                content_end = i
                break
            if not ch.isspace():
                code.add(lineno)
                if ch in "'\"" and _quote_opens(raw, i):
                    quote = ch
            i += 1
        if quote is None and _BLOCK_SCALAR.search(raw[:content_end].rstrip()):
            block_indent = indent
    return comments, code


# --- directives -------------------------------------------------------------------------------

_DIRECTIVE = re.compile(
    r"\s*tutela\s*:\s*(?P<verb>ignore[\w-]*)(?P<rest>.*)", re.DOTALL | re.IGNORECASE
)
# Every directive contains this; a file without it has no suppression to find (most files:
# scanning one's comments character by character costs about 4 ms).
_ANY_DIRECTIVE = re.compile(r"tutela\s*:\s*ignore", re.IGNORECASE)
_CODES = re.compile(r"\s*\[(?P<codes>[^\]]*)\](?P<tail>.*)", re.DOTALL)
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_UNTIL = re.compile(r"until=(?P<value>\S*)")
_OWNER = re.compile(r"owner=(?P<value>\S*)")
_OWNER_VALUE = re.compile(r"@[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _parse_owner(words: list[str]) -> tuple[str | None, str | None, list[str]]:
    owners = [w for w in words if _OWNER.fullmatch(w)]
    rest = [w for w in words if not _OWNER.fullmatch(w)]
    if not owners:
        return None, None, words
    if len(owners) > 1:
        return None, "Suppression names more than one owner=.", rest
    value = owners[0].removeprefix("owner=")
    if not _OWNER_VALUE.fullmatch(value):
        return (
            None,
            f"Suppression has an invalid owner {value!r}: write owner=@team, owner=@org/team "
            "or owner=name@example.com.",
            rest,
        )
    return value, None, rest


def _parse_until(words: list[str]) -> tuple[date | None, str | None, list[str]]:
    for index in (0, len(words) - 1):
        if words and _UNTIL.fullmatch(words[index]):
            value = words[index].removeprefix("until=")
            rest = words[:index] + words[index + 1 :]
            try:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    raise ValueError(value)
                return date.fromisoformat(value), None, rest
            except ValueError:
                return None, f"Suppression has an invalid until date {value!r}.", rest
    return None, None, words


def _directive(comment: _Comment, file: str) -> Suppression | None:
    match = _DIRECTIVE.match(comment.body)
    if match is None:
        return None
    verb = match["verb"].lower()
    base = Suppression(
        file, comment.line, comment.col, scope="file" if verb == "ignore-file" else "line"
    )
    if verb not in {"ignore", "ignore-file"}:
        return replace(
            base,
            error=f"Unknown suppression directive {match['verb']!r}; "
            "use `ignore[...]` or `ignore-file[...]`.",
        )
    codes_match = _CODES.match(match["rest"])
    if codes_match is None:
        return replace(
            base, error="Suppression comment is malformed: expected `ignore[CODE,...] reason`."
        )
    codes = tuple(c.strip() for c in codes_match["codes"].split(",") if c.strip())
    owner, owner_error, words = _parse_owner(codes_match["tail"].split())
    until, until_error, words = _parse_until(words)
    reason = " ".join(words)
    base = replace(base, codes=codes, reason=reason, until=until, owner=owner)
    if not codes:
        return replace(base, error="Suppression names no rules.")
    for code in codes:
        if not _CODE.fullmatch(code):
            return replace(base, error=f"Suppression has a malformed rule code {code!r}.")
        if code.upper().startswith("TUT"):
            return replace(
                base, error=f"Suppression names tutela's meta rule {code}, which it cannot silence."
            )
    if until_error or owner_error:
        return replace(base, error=until_error or owner_error)
    if not reason:
        return replace(base, error=f"Suppression of {', '.join(codes)} has no reason.")
    return base


def syntax_for(file: str) -> Syntax:
    """The comment syntax of ``file`` from its extension.

    Raises:
        TutelaError: the extension is neither SQL nor YAML.

    Example:
        >>> syntax_for("shares/buro.yml"), syntax_for("models/a.SQL")
        ('yaml', 'sql')
    """
    suffix = PurePath(file).suffix.lower()
    if suffix == ".sql":
        return "sql"
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    raise TutelaError(
        f"cannot read suppressions from {file!r}: unknown file type {suffix or '(none)'}",
        file=file,
        hint="suppressions are read from .sql, .yaml and .yml files",
    )


def parse_suppressions(text: str, file: str, *, syntax: Syntax | None = None) -> list[Suppression]:
    r"""Every ``tutela: ignore`` comment of one file, valid or not, in file order.

    Invalid ones carry ``error`` and never apply; :func:`apply_suppressions` reports them.

    Args:
        text: the file's text.
        file: its name as findings name it (relative, forward slashes).
        syntax: ``sql`` or ``yaml``; by default from the file extension.

    Example:
        >>> sql = "-- tutela: ignore[PUR003] audit export\nSELECT * FROM t;\n"
        >>> [(s.codes, s.reason, s.scope, s.target) for s in parse_suppressions(sql, "a.sql")]
        [(('PUR003',), 'audit export', 'next', 2)]
    """
    syntax = syntax or syntax_for(file)
    if _ANY_DIRECTIVE.search(text) is None:
        return []
    comments, code = _sql_comments(text) if syntax == "sql" else _yaml_comments(text)
    first_code = min(code, default=None)
    out: list[Suppression] = []
    for comment in comments:
        found = _directive(comment, file)
        if found is None:
            continue
        if found.scope == "file":
            if first_code is not None and comment.line > first_code and found.error is None:
                found = replace(
                    found,
                    error="File-level suppression comes after the first statement; "
                    "move it to the top of the file.",
                )
        elif comment.line in code:
            found = replace(found, scope="line", target=comment.line)
        elif comment.end_line in code:
            found = replace(found, scope="line", target=comment.end_line)
        else:
            after = [n for n in code if n > comment.end_line]
            found = replace(found, scope="next", target=min(after, default=None))
        out.append(found)
    return out


# --- applying ---------------------------------------------------------------------------------


class Applied(NamedTuple):
    """What :func:`apply_suppressions` returns (unpacks as a triple)."""

    findings: list[Finding]
    """The input findings, in order, with ``suppressed`` and ``suppression_reason`` set."""
    unused: list[Finding]
    """TUT001 warnings: one per suppression code that silenced nothing."""
    problems: list[Finding]
    """TUT002 (expired) and TUT003 (invalid) findings."""

    def all(self) -> list[Finding]:
        """Findings, unused-suppression warnings and problems together, sorted."""
        return sorted([*self.findings, *self.unused, *self.problems], key=Finding.sort_key)


def _meta(rule_id: str, msg: str, s: Suppression) -> Finding:
    rule = META_RULES[rule_id]
    return Finding(
        id=rule_id,
        msg=msg,
        severity=Severity(rule.severity),
        location=Location(s.file, s.line, s.col),
        name=rule.name,
    )


def _names(rules: Mapping[str, RuleMeta] | None) -> dict[str, str]:
    if rules is None:
        return {}
    out: dict[str, str] = {}
    for rule_id, rule in rules.items():
        # Renamed rules keep their old names as ``aliases`` (STYLE.md 7.2).
        for key in (*getattr(rule, "aliases", ()), rule.name, rule_id):
            if key:
                out[key] = rule_id
    return out


def _unknown(code: str, names: Mapping[str, str]) -> str:
    close = difflib.get_close_matches(code, list(names), n=1)
    suggestion = f" (did you mean {close[0]!r}?)" if close else ""
    return f"Suppression names unknown rule {code!r}{suggestion}."


def apply_suppressions(
    findings: Iterable[Finding],
    suppressions: Iterable[Suppression],
    today: date,
    *,
    spans: Mapping[str, Sequence[Span]] | None = None,
    rules: Mapping[str, RuleMeta] | None = None,
    selected: Collection[str] | None = None,
) -> Applied:
    r"""Mark the findings that suppressions cover, and report the suppressions' own problems.

    Pass only suppressions of files that were analysed: a file that failed to parse has no
    findings, so every suppression in it would look unused.

    Args:
        findings: the findings of the run (TUT findings are never suppressed).
        suppressions: from :func:`parse_suppressions`, for every analysed file.
        today: the date ``until=`` is compared with (injected, for determinism).
        spans: per file, the (start_line, end_line) of each statement, so that a suppression
            on the line before a statement covers all of it.
        rules: the full rule catalogue by id; when given, rule names resolve to ids and
            unknown codes are reported (TUT003).
        selected: ids of the rules that ran (default: all); a code for a rule that did not
            run is not reported as unused.

    Returns:
        ``Applied(findings, unused, problems)``.

    Example:
        >>> from tutela.findings import Location
        >>> loc = Location("a.sql", 2, 8)
        >>> f = Finding("PUR003", "Selects every column.", Severity.WARNING, loc)
        >>> sql = "-- tutela: ignore[PUR003] audit export\nSELECT * FROM t;\n"
        >>> done = apply_suppressions([f], parse_suppressions(sql, "a.sql"), date(2026, 1, 1))
        >>> done.findings[0].suppressed, done.findings[0].suppression_reason, done.unused
        (True, 'audit export', [])
    """
    names = _names(rules)
    spans = spans or {}
    problems: list[Finding] = []
    active: list[Suppression] = []
    for s in sorted(suppressions):
        if s.error is not None:
            problems.append(_meta("TUT003", s.error, s))
            continue
        known = s.codes
        if rules is not None:
            for code in s.codes:
                if code not in names:
                    problems.append(_meta("TUT003", _unknown(code, names), s))
            known = tuple(c for c in s.codes if c in names)
            if not known:
                continue
        if s.until is not None and s.expired(today):
            problems.append(
                _meta(
                    "TUT002",
                    f"Suppression of {', '.join(known)} expired on {s.until.isoformat()}; "
                    "its findings are reported again.",
                    s,
                )
            )
            continue
        active.append(replace(s, codes=known))
    # Narrowest scope first: the reason shown is the one written closest to the finding.
    active.sort(key=lambda s: (s.scope == "file", s.file, s.line, s.col))

    used: set[tuple[int, str]] = set()
    out: list[Finding] = []
    for finding in findings:
        if finding.id in META_RULES:
            out.append(finding)
            continue
        loc = finding.location
        reason: str | None = None
        by: Suppression | None = None
        for index, s in enumerate(active):
            if s.file != loc.file or not s.covers(loc.line, spans.get(s.file, ())):
                continue
            for code in s.codes:
                if finding.id in {code, names.get(code)} or (finding.name and code == finding.name):
                    used.add((index, code))
                    if reason is None:
                        reason, by = s.reason, s
        if reason is not None and by is not None and not finding.suppressed:
            finding = replace(
                finding,
                suppressed=True,
                suppression_reason=reason,
                suppression_owner=by.owner,
                suppression_until=by.until.isoformat() if by.until else None,
            )
        out.append(finding)

    unused: list[Finding] = []
    for index, s in enumerate(active):
        for code in s.codes:
            rule_id = names.get(code, code)
            if (index, code) in used or (selected is not None and rule_id not in selected):
                continue
            unused.append(_meta("TUT001", f"Suppression of {code} matches no finding.", s))
    unused.sort(key=Finding.sort_key)
    problems.sort(key=Finding.sort_key)
    return Applied(out, unused, problems)


# --- the audit trail --------------------------------------------------------------------------

Status = Literal["expired", "invalid", "active", "permanent"]


def suppression_status(s: Suppression, today: date) -> Status:
    """Where a suppression stands on ``today``.

    ``expired`` (its ``until`` has passed), ``invalid`` (it applies to nothing), ``active``
    (temporary, still in force) or ``permanent`` (no ``until``).

    Example:
        >>> s = Suppression("a.sql", 1, 1, ("PUR002",), "ok", until=date(2026, 1, 31))
        >>> suppression_status(s, date(2026, 2, 1)), suppression_status(s, date(2026, 1, 31))
        ('expired', 'active')
    """
    if s.error is not None:
        return "invalid"
    if s.until is None:
        return "permanent"
    return "expired" if s.expired(today) else "active"


_ORDER: dict[Status, int] = {"expired": 0, "invalid": 1, "active": 2, "permanent": 3}


def audit_trail(suppressions: Iterable[Suppression], today: date) -> list[dict[str, object]]:
    """Every suppression as a row for people who review exceptions: expired ones first.

    Rows: ``status``, ``file``, ``line``, ``codes``, ``owner``, ``reason``, ``until``,
    ``scope`` and ``error``; sorted by status (expired, invalid, active, permanent), then by
    ``until`` (soonest first), file and line.

    Example:
        >>> rows = audit_trail([
        ...     Suppression("b.sql", 4, 1, ("MIN001",), "export", owner="@datos"),
        ...     Suppression("a.sql", 9, 1, ("PUR002",), "backfill", until=date(2026, 1, 31)),
        ... ], date(2026, 6, 1))
        >>> [(r["status"], r["file"], r["owner"]) for r in rows]
        [('expired', 'a.sql', None), ('permanent', 'b.sql', '@datos')]
    """
    rows = []
    for s in suppressions:
        status = suppression_status(s, today)
        rows.append(
            (
                (_ORDER[status], s.until or date.max, s.file, s.line, s.col),
                {
                    "status": status,
                    "file": s.file,
                    "line": s.line,
                    "codes": list(s.codes),
                    "owner": s.owner,
                    "reason": s.reason,
                    "until": s.until.isoformat() if s.until else None,
                    "scope": s.scope,
                    "error": s.error,
                },
            )
        )
    return [row for _, row in sorted(rows, key=lambda r: r[0])]
