"""GDPR information notices (Art. 13 and Art. 14) from the inventory and its ``gdpr:`` block.

Same machinery as the avisos (:mod:`tutela.generators.notice`): a checklist whose elements
name their article (``GDPR-13-1-a`` is Art. 13(1)(a)), a completeness check that refuses to
render when a required element is missing (naming the element, the article and the inventory
key to add, at ``file:line:col``), a plain sorted context, and the sandboxed templates of
``notices/gdpr/`` in English or Spanish, Markdown or HTML. The date is injected.

* Art. 13: the personal data are collected from the data subject;
* Art. 14: they were not (purchased lists, a client's portfolio): it adds the categories of
  data (14(1)(d)) and their source (14(2)(f)).

Example:
    >>> [e.id for e in CHECKLIST if e.art13 != "N"][:3]
    ['GDPR-13-1-a', 'GDPR-13-1-b', 'GDPR-13-1-c']
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tutela.errors import InputError, InventoryError, Problem
from tutela.gdpr.schema import ART6_LETTER, ART9_LETTER, EEA, SAFEGUARD_ARTICLE
from tutela.templating import make_env

from .checklist import NON_PERSONAL, SENSITIVE, InventoryLike, _position, columns
from .notice import _duration_parts, _phrase, _s

__all__ = [
    "ARTICLES",
    "CHECKLIST",
    "LANGS",
    "build_gdpr_context",
    "check_gdpr_notice",
    "gdpr_notice_status",
    "render_gdpr_notice",
]

Article = Literal["13", "14"]
Lang = Literal["en", "es"]
ARTICLES: tuple[Article, ...] = ("13", "14")
LANGS: tuple[Lang, ...] = ("en", "es")
FORMATS = ("md", "html")

TEMPLATES: dict[tuple[str, str], str] = {
    ("en", "md"): "gdpr/notice.md.j2",
    ("es", "md"): "gdpr/notice.md.j2",
    ("en", "html"): "gdpr/document.html.j2",
    ("es", "html"): "gdpr/document.html.j2",
}
BODIES: dict[str, str] = {"en": "gdpr/_body.en.j2", "es": "gdpr/_body.es.j2"}


@dataclass(frozen=True)
class Check:
    """What one element's probe found."""

    applies: bool
    filled: bool
    key: str
    missing: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Element:
    """One element of the GDPR checklist; ``art13``/``art14``: Y, C (conditional), R or N."""

    id: str
    element: str
    source: str
    art13: str
    art14: str
    probe: Callable[[Mapping[str, Any]], Check]


@dataclass(frozen=True)
class Status:
    """The state of one element for one inventory and one notice."""

    id: str
    element: str
    source: str
    requirement: str
    required: bool
    filled: bool
    key: str

    @property
    def state(self) -> str:
        """English state shown in the coverage table."""
        if self.requirement == "N":
            return "not applicable"
        if self.requirement == "C" and not self.required:
            return "not applicable (condition)"
        if self.filled:
            return "complete"
        return "MISSING" if self.required else "missing (recommended)"


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _lst(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _g(d: Mapping[str, Any]) -> Mapping[str, Any]:
    return _map(d.get("gdpr"))


def _purpose_ids(d: Mapping[str, Any]) -> list[str]:
    return [str(p["id"]) for p in (_map(x) for x in _lst(d.get("purposes"))) if p.get("id")]


def _gp(d: Mapping[str, Any], pid: str) -> Mapping[str, Any]:
    return _map(_map(_g(d).get("purposes")).get(pid))


def _first_missing(d: Mapping[str, Any], key: str) -> str | None:
    return next((p for p in _purpose_ids(d) if not _gp(d, p).get(key)), None)


def _controller(d: Mapping[str, Any]) -> Check:
    g = _g(d)
    has_controller = bool(_map(d.get("controller")).get("legal_name"))
    needs_rep = g.get("established_in_eu") is not True and not g.get("representative_exemption")
    filled = has_controller and (not needs_rep or bool(g.get("representative")))
    return Check(True, filled, "gdpr.representative", ("gdpr", "representative"))


def _dpo(d: Mapping[str, Any]) -> Check:
    return Check(True, bool(_g(d).get("dpo")), "gdpr.dpo", ("gdpr", "dpo"))


def _bases(d: Mapping[str, Any]) -> Check:
    pid = _first_missing(d, "lawful_basis")
    key = f"gdpr.purposes.{pid}.lawful_basis" if pid else "gdpr.purposes.<id>.lawful_basis"
    return Check(True, pid is None, key, ("gdpr", "purposes", pid or ""))


def _interests(d: Mapping[str, Any]) -> Check:
    ids = [p for p in _purpose_ids(d) if _gp(d, p).get("lawful_basis") == "legitimate_interests"]
    missing = next((p for p in ids if not _gp(d, p).get("legitimate_interest")), None)
    key = (
        f"gdpr.purposes.{missing}.legitimate_interest"
        if missing
        else ("gdpr.purposes.<id>.legitimate_interest")
    )
    return Check(bool(ids), missing is None, key, ("gdpr", "purposes", missing or ""))


def _recipients(d: Mapping[str, Any]) -> Check:
    return Check(bool(_lst(d.get("recipients"))), True, "recipients")


def _third_country(d: Mapping[str, Any]) -> Check:
    abroad = [_map(r) for r in _lst(d.get("recipients")) if _map(r).get("country") not in EEA]
    safeguards = _map(_g(d).get("recipients"))
    missing = next(
        (r.get("id") for r in abroad if not _map(safeguards.get(_s(r.get("id")))).get("safeguard")),
        None,
    )
    key = f"gdpr.recipients.{missing}.safeguard" if missing else "gdpr.recipients.<id>.safeguard"
    return Check(bool(abroad), missing is None, key, ("gdpr", "recipients"))


def _retention(d: Mapping[str, Any]) -> Check:
    for i, ds in enumerate(_map(x) for x in _lst(d.get("datasets"))):
        personal = any(_map(c).get("category") not in NON_PERSONAL for c in _lst(ds.get("columns")))
        if personal and not ds.get("retention"):
            return Check(True, False, f"datasets[{i}].retention", ("datasets", i, "retention"))
    return Check(True, True, "datasets[].retention")


def _rights(d: Mapping[str, Any]) -> Check:
    return Check(
        True, bool(_lst(_map(d.get("arco")).get("channels"))), "arco.channels", ("arco", "channels")
    )


def _uses_consent(d: Mapping[str, Any]) -> bool:
    return any(
        _gp(d, p).get("lawful_basis") == "consent"
        or _gp(d, p).get("special_category_condition") == "explicit_consent"
        for p in _purpose_ids(d)
    )


def _withdraw(d: Mapping[str, Any]) -> Check:
    filled = bool(_lst(_map(d.get("revocation")).get("channels")))
    return Check(_uses_consent(d), filled, "revocation.channels", ("revocation",))


def _authority(d: Mapping[str, Any]) -> Check:
    filled = bool(_map(_g(d).get("supervisory_authority")).get("name"))
    return Check(True, filled, "gdpr.supervisory_authority", ("gdpr", "supervisory_authority"))


def _provision(d: Mapping[str, Any]) -> Check:
    pid = _first_missing(d, "provision")
    key = f"gdpr.purposes.{pid}.provision" if pid else "gdpr.purposes.<id>.provision"
    return Check(True, pid is None, key, ("gdpr", "purposes", pid or ""))


def _automated(d: Mapping[str, Any]) -> Check:
    ids = [
        str(p.get("id"))
        for p in (_map(x) for x in _lst(d.get("purposes")))
        if p.get("automated_decision") is True
    ]
    missing = next(
        (
            p
            for p in ids
            if not (_gp(d, p).get("automated_logic") and _gp(d, p).get("automated_consequences"))
        ),
        None,
    )
    key = (
        f"gdpr.purposes.{missing}.automated_logic"
        if missing
        else ("gdpr.purposes.<id>.automated_logic")
    )
    return Check(bool(ids), missing is None, key, ("gdpr", "purposes", missing or ""))


def _categories(d: Mapping[str, Any]) -> Check:
    return Check(True, any(True for _ in columns(d)), "datasets[].columns[].category")


def _source(d: Mapping[str, Any]) -> Check:
    indirect = [_map(c) for c in _lst(d.get("channels")) if _map(c).get("type") == "indirect"]
    filled = bool(indirect) and all(_map(c.get("source")).get("provider") for c in indirect)
    return Check(True, filled, "channels[].source.provider", ("channels",))


CHECKLIST: tuple[Element, ...] = (
    Element(
        "GDPR-13-1-a",
        "Identity and contact details of the controller and of its representative",
        "GDPR art. 13(1)(a)",
        "Y",
        "N",
        _controller,
    ),
    Element(
        "GDPR-13-1-b",
        "Contact details of the data protection officer",
        "GDPR art. 13(1)(b)",
        "R",
        "N",
        _dpo,
    ),
    Element(
        "GDPR-13-1-c",
        "Purposes and the legal basis of each",
        "GDPR art. 13(1)(c); art. 6(1)",
        "Y",
        "N",
        _bases,
    ),
    Element(
        "GDPR-13-1-d",
        "Legitimate interests pursued",
        "GDPR art. 13(1)(d); art. 6(1)(f)",
        "C",
        "N",
        _interests,
    ),
    Element(
        "GDPR-13-1-e",
        "Recipients or categories of recipients",
        "GDPR art. 13(1)(e)",
        "C",
        "N",
        _recipients,
    ),
    Element(
        "GDPR-13-1-f",
        "Transfers to third countries and their safeguards",
        "GDPR art. 13(1)(f); arts. 44-49",
        "C",
        "N",
        _third_country,
    ),
    Element(
        "GDPR-13-2-a",
        "Retention period or the criteria that set it",
        "GDPR art. 13(2)(a)",
        "Y",
        "N",
        _retention,
    ),
    Element(
        "GDPR-13-2-b",
        "Rights of access, rectification, erasure, restriction, objection and portability",
        "GDPR art. 13(2)(b); arts. 15-18, 20-21",
        "Y",
        "N",
        _rights,
    ),
    Element(
        "GDPR-13-2-c",
        "Right to withdraw consent at any time",
        "GDPR art. 13(2)(c)",
        "C",
        "N",
        _withdraw,
    ),
    Element(
        "GDPR-13-2-d",
        "Right to lodge a complaint with a supervisory authority",
        "GDPR art. 13(2)(d); art. 77",
        "Y",
        "N",
        _authority,
    ),
    Element(
        "GDPR-13-2-e",
        "Whether providing the data is a statutory or contractual requirement, "
        "whether it is obligatory and the consequences of not providing them",
        "GDPR art. 13(2)(e)",
        "Y",
        "N",
        _provision,
    ),
    Element(
        "GDPR-13-2-f",
        "Automated decision-making, including profiling: logic, significance and consequences",
        "GDPR art. 13(2)(f); art. 22",
        "C",
        "N",
        _automated,
    ),
    Element(
        "GDPR-14-1-a",
        "Identity and contact details of the controller and of its representative",
        "GDPR art. 14(1)(a)",
        "N",
        "Y",
        _controller,
    ),
    Element(
        "GDPR-14-1-b",
        "Contact details of the data protection officer",
        "GDPR art. 14(1)(b)",
        "N",
        "R",
        _dpo,
    ),
    Element(
        "GDPR-14-1-c",
        "Purposes and the legal basis of each",
        "GDPR art. 14(1)(c); art. 6(1)",
        "N",
        "Y",
        _bases,
    ),
    Element(
        "GDPR-14-1-d",
        "Categories of personal data concerned",
        "GDPR art. 14(1)(d)",
        "N",
        "Y",
        _categories,
    ),
    Element(
        "GDPR-14-1-e",
        "Recipients or categories of recipients",
        "GDPR art. 14(1)(e)",
        "N",
        "C",
        _recipients,
    ),
    Element(
        "GDPR-14-1-f",
        "Transfers to third countries and their safeguards",
        "GDPR art. 14(1)(f); arts. 44-49",
        "N",
        "C",
        _third_country,
    ),
    Element(
        "GDPR-14-2-a",
        "Retention period or the criteria that set it",
        "GDPR art. 14(2)(a)",
        "N",
        "Y",
        _retention,
    ),
    Element(
        "GDPR-14-2-b",
        "Legitimate interests pursued",
        "GDPR art. 14(2)(b); art. 6(1)(f)",
        "N",
        "C",
        _interests,
    ),
    Element(
        "GDPR-14-2-c",
        "Rights of access, rectification, erasure, restriction, objection and portability",
        "GDPR art. 14(2)(c); arts. 15-18, 20-21",
        "N",
        "Y",
        _rights,
    ),
    Element(
        "GDPR-14-2-d",
        "Right to withdraw consent at any time",
        "GDPR art. 14(2)(d)",
        "N",
        "C",
        _withdraw,
    ),
    Element(
        "GDPR-14-2-e",
        "Right to lodge a complaint with a supervisory authority",
        "GDPR art. 14(2)(e); art. 77",
        "N",
        "Y",
        _authority,
    ),
    Element(
        "GDPR-14-2-f",
        "Source of the personal data, and whether it is publicly accessible",
        "GDPR art. 14(2)(f)",
        "N",
        "Y",
        _source,
    ),
    Element(
        "GDPR-14-2-g",
        "Automated decision-making, including profiling: logic, significance and consequences",
        "GDPR art. 14(2)(g); art. 22",
        "N",
        "C",
        _automated,
    ),
)


def gdpr_notice_status(inv: InventoryLike, article: Article) -> list[Status]:
    """The state of every checklist element for the Art. ``article`` notice, without raising."""
    data = _map(inv.data)
    out: list[Status] = []
    for e in CHECKLIST:
        letter = e.art13 if article == "13" else e.art14
        if letter == "N":
            continue
        check = e.probe(data)
        required = letter == "Y" or (letter == "C" and check.applies)
        out.append(Status(e.id, e.element, e.source, letter, required, check.filled, check.key))
    return out


def check_gdpr_notice(inv: InventoryLike, article: Article) -> list[Status]:
    """Like :func:`gdpr_notice_status`, but raise when a required element is missing.

    Raises:
        InventoryError: one located problem per missing element (id, element, article, key).
    """
    statuses = gdpr_notice_status(inv, article)
    missing = [s for s in statuses if s.required and not s.filled]
    if not missing:
        return statuses
    data = _map(inv.data)
    by_id = {e.id: e for e in CHECKLIST}
    file = str(getattr(inv, "file", "") or "") or None
    problems = []
    for s in missing:
        pos = _position(inv, by_id[s.id].probe(data).missing)
        line, col = pos if pos else (None, None)
        problems.append(Problem(f"{s.id} {s.element} ({s.source}): add `{s.key}`", file, line, col))
    n = len(missing)
    raise InventoryError(
        f"cannot generate the GDPR Art. {article} notice: {n} required element"
        f"{'s' if n != 1 else ''} missing",
        file,
        problems=problems,
        hint="fill the keys above (docs/gdpr.md); `tutela gdpr notice --check` prints the "
        "whole coverage table",
    )


def build_gdpr_context(
    inv: InventoryLike, article: Article, lang: Lang, *, date: _dt.date
) -> dict[str, Any]:
    """Gather the inventory and its ``gdpr:`` block into plain, sorted values."""
    d = _map(inv.data)
    g = _g(d)
    controller = _map(d.get("controller"))
    dept = _map(controller.get("privacy_department"))
    dom = _map(controller.get("domicile"))
    domicile = ", ".join(
        _s(dom.get(k))
        for k in (
            "street",
            "exterior_number",
            "interior_number",
            "neighborhood",
            "postal_code",
            "municipality",
            "state",
            "country",
        )
        if dom.get(k)
    )
    purposes_raw = {
        str(p["id"]): p for p in (_map(x) for x in _lst(d.get("purposes"))) if p.get("id")
    }
    # Art. 14 informs about the data *not* obtained from the person: when the inventory says
    # which data subjects come through an indirect channel, the notice covers those only.
    scope = _indirect_subjects(d) if article == "14" else set()

    def in_scope(subjects: Any) -> bool:
        listed = {str(x) for x in _lst(subjects)}
        return not scope or not listed or bool(listed & scope)

    purposes_raw = {k: v for k, v in purposes_raw.items() if in_scope(v.get("data_subjects"))}
    datasets_in_scope = [
        ds
        for ds in (_map(x) for x in _lst(d.get("datasets")))
        if not scope or ds.get("data_subject") in scope
    ]

    def describe(pid: str) -> str:
        en = _gp(d, pid).get("description_en")
        chosen = en if lang == "en" and en else purposes_raw[pid].get("description")
        return _phrase(chosen)

    purposes = []
    for pid in sorted(purposes_raw):
        gp = _gp(d, pid)
        basis = _s(gp.get("lawful_basis"))
        condition = _s(gp.get("special_category_condition"))
        provision = _map(gp.get("provision"))
        purposes.append(
            {
                "id": pid,
                "description": describe(pid),
                "basis": basis,
                "basis_letter": ART6_LETTER.get(basis, ""),
                "legitimate_interest": _phrase(gp.get("legitimate_interest")),
                "condition": condition,
                "condition_letter": ART9_LETTER.get(condition, ""),
                "provision": {
                    "requirement": _s(provision.get("requirement")),
                    "obliged": provision.get("obliged") is True,
                    "consequences": _phrase(provision.get("consequences")),
                }
                if provision
                else None,
                "automated": purposes_raw[pid].get("automated_decision") is True,
                "automated_logic": _phrase(gp.get("automated_logic")),
                "automated_consequences": _phrase(gp.get("automated_consequences")),
                "human_review": _phrase(purposes_raw[pid].get("human_review_channel")),
            }
        )
    categories: dict[str, set[str]] = {}
    special: set[str] = set()
    for _, _, _, col in columns({"datasets": datasets_in_scope}):
        cat = _s(col.get("category"))
        if not cat or cat in NON_PERSONAL:
            continue
        group = "pci" if cat.startswith("pci_") else cat
        categories.setdefault(group, set()).add(
            _phrase(col.get("description")) or _s(col.get("name"))
        )
        if cat in SENSITIVE:
            special.add(group)
    safeguards = _map(g.get("recipients"))
    recipients = []
    for r in sorted((_map(x) for x in _lst(d.get("recipients"))), key=lambda r: _s(r.get("id"))):
        if not any(p in purposes_raw for p in _lst(r.get("purposes"))):
            continue
        sg = _map(safeguards.get(_s(r.get("id"))))
        safeguard = _s(sg.get("safeguard"))
        recipients.append(
            {
                "id": _s(r.get("id")),
                "name": _s(r.get("name")),
                "role": _s(r.get("role")),
                "country": _s(r.get("country")),
                "purposes": sorted(
                    describe(p) for p in _lst(r.get("purposes")) if p in purposes_raw
                ),
                "third_country": _s(r.get("country")) not in EEA,
                "safeguard": safeguard,
                "safeguard_article": SAFEGUARD_ARTICLE.get(safeguard, ""),
                "reference": _phrase(sg.get("reference")),
            }
        )
    retention = sorted(
        (
            {
                "description": _phrase(ds.get("description")),
                "period": _duration_parts(_map(ds.get("retention")).get("period")),
                "trigger": _phrase(_map(ds.get("retention")).get("trigger")),
            }
            for ds in datasets_in_scope
            if ds.get("retention")
            and any(_map(c).get("category") not in NON_PERSONAL for c in _lst(ds.get("columns")))
        ),
        key=lambda r: str(r["description"]),
    )

    def channels(value: Any) -> list[dict[str, str]]:
        return sorted(
            (
                {"type": _s(_map(c).get("type")), "value": _s(_map(c).get("value"))}
                for c in _lst(value)
            ),
            key=lambda c: (c["type"], c["value"]),
        )

    sources = sorted(
        {
            _s(_map(c.get("source")).get("provider"))
            for c in (_map(x) for x in _lst(d.get("channels")))
            if c.get("type") == "indirect" and _map(c.get("source")).get("provider")
        }
    )
    rep = _map(g.get("representative"))
    dpo = _map(g.get("dpo"))
    authority = _map(g.get("supervisory_authority"))
    return {
        "article": article,
        "lang": lang,
        "date": date.isoformat(),
        "controller": {
            "legal_name": _s(controller.get("legal_name")),
            "domicile": domicile,
            "email": _s(dept.get("email")),
            "phone": _s(dept.get("phone")),
            "website": _s(controller.get("website")),
        },
        "representative": {k: _s(rep.get(k)) for k in ("name", "address", "email")}
        if rep
        else None,
        "representative_exemption": _phrase(g.get("representative_exemption")),
        "dpo": {k: _s(dpo.get(k)) for k in ("name", "email", "phone")} if dpo else None,
        "authority": {k: _s(authority.get(k)) for k in ("name", "url")},
        "purposes": purposes,
        "interests": [p for p in purposes if p["basis"] == "legitimate_interests"],
        "automated": [p for p in purposes if p["automated"]],
        "uses_consent": _uses_consent({**d, "purposes": list(purposes_raw.values())}),
        "scope": sorted(
            _phrase(_map(x).get("description"))
            for x in _lst(d.get("data_subjects"))
            if _map(x).get("id") in scope
        ),
        "categories": [
            {"category": c, "items": sorted(categories[c]), "special": c in special}
            for c in sorted(categories)
        ],
        "recipients": recipients,
        "third_country": [r for r in recipients if r["third_country"]],
        "retention": retention,
        "rights_channels": channels(_map(d.get("arco")).get("channels")),
        "withdraw_channels": channels(_map(d.get("revocation")).get("channels")),
        "sources": sources,
        "public_sources": g.get("public_sources") is True,
    }


def _indirect_subjects(d: Mapping[str, Any]) -> set[str]:
    """Data subjects whose data reach us through an ``indirect`` channel (Art. 14)."""
    return {
        str(s)
        for c in (_map(x) for x in _lst(d.get("channels")))
        if c.get("type") == "indirect"
        for s in _lst(c.get("data_subjects"))
    }


def render_gdpr_notice(
    inv: InventoryLike, article: Article, lang: Lang, fmt: str, *, date: _dt.date
) -> str:
    """Render the Art. ``article`` notice in ``lang`` (en/es) as ``fmt`` (md/html).

    Raises:
        InventoryError: a required checklist element is missing.
        InputError: unknown article, language or format.
    """
    if article not in ARTICLES or lang not in LANGS or (lang, fmt) not in TEMPLATES:
        raise InputError(
            f"no GDPR notice for article {article!r}, language {lang!r}, format {fmt!r}",
            hint="use --article 13|14, --lang en|es, --format md|html",
        )
    check_gdpr_notice(inv, article)
    context = build_gdpr_context(inv, article, lang, date=date)
    context["body_template"] = BODIES[lang]
    context["html"] = fmt == "html"
    template = TEMPLATES[(lang, fmt)]
    text: str = make_env(html=fmt == "html").get_template(template).render(context)
    return text
