"""How long a phone script takes to say: words as a person reads them aloud.

The phone script of the simplified notice (LFPDPPP art. 16 fr. II) is read at the start of a
call, so its length is measured in *spoken* words, not in written tokens (issue 14):

* a number is read as Spanish number words: ``2077`` is "dos mil setenta y siete" (5 words),
  and a phone number is read group by group (``33 3100 4500`` is 9 words);
* a web address or e-mail is read piece by piece: the scheme is not read, ``www`` is "triple
  doble u" (3), and each ``.``, ``/``, ``-``, ``@`` and ``_`` is a word ("punto", "diagonal",
  "guion", "arroba", "guion bajo");
* a dotted abbreviation is read letter by letter (``S.A.`` is 2 words, ``C.P.`` 2); an acronym
  with a vowel is read as one word (``PROFECO``), one without as its letters (``RFC`` is 3);
* anything else separated by spaces is one word.

At :data:`WORDS_PER_MINUTE` (150) a minute holds 150 spoken words.

Example:
    >>> spoken_words("Llame al 33 3100 4500, opción 9.")
    13
    >>> spoken_words("Visite www.ejemplo.mx/aviso")
    10
    >>> spoken_words("S.A. de C.V.")
    5
"""

from __future__ import annotations

import re

WORDS_PER_MINUTE = 150
_URLISH = re.compile(r"(?:^[a-z][a-z0-9+.-]*://|^www\.|@|\w\.(?:[a-z]{2,})(?:[/.]|$))", re.I)
_DOTTED = re.compile(r"^(?:[A-Za-zÁÉÍÓÚÑ]\.){2,}$|^[A-Z]\.$")
_VOWELS = set("AEIOUÁÉÍÓÚaeiouáéíóú")
_PUNCT = "¿?¡!,;:«»()\"'\u201c\u201d\u2014\u2013\u2026"
_ONES = 16  # cero..quince are one word each; dieciséis..veintinueve too (below 30)


def number_words(n: int) -> int:
    """How many words the Spanish reading of ``n`` has.

    Example:
        >>> [number_words(n) for n in (0, 15, 29, 33, 100, 101, 2077, 4500, 1000000)]
        [1, 1, 1, 3, 1, 2, 5, 3, 2]
    """
    if n < 30:
        return 1
    if n < 100:
        return 1 if n % 10 == 0 else 3
    if n < 1000:
        return 1 + (number_words(n % 100) if n % 100 else 0)
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        head = 1 if thousands == 1 else number_words(thousands) + 1
        return head + (number_words(rest) if rest else 0)
    millions, rest = divmod(n, 1_000_000)
    head = 2 if millions == 1 else number_words(millions) + 1
    return head + (number_words(rest) if rest else 0)


def _digits(token: str) -> int:
    groups = [g for g in re.split(r"[^\d]+", token) if g]
    return sum(number_words(int(g)) if len(g) <= 12 else len(g) for g in groups)


def _link_words(token: str) -> int:
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", token, flags=re.I).rstrip("/")
    words = 0
    for piece in re.split(r"([./@_-])", text):
        if not piece:
            continue
        if piece in "./@-":
            words += 1
        elif piece == "_":
            words += 2
        elif piece.lower() == "www":
            words += 3
        elif piece.isdigit():
            words += _digits(piece)
        else:
            words += 1
    return words


def _token_words(token: str) -> int:
    if _URLISH.search(token) and not _DOTTED.match(token):
        return _link_words(token.rstrip("."))
    word = token.strip(_PUNCT)
    if _DOTTED.match(word) or _DOTTED.match(word + "."):
        return sum(ch.isalpha() for ch in word)
    word = word.rstrip(".")
    if not word:
        return 0
    if any(ch.isdigit() for ch in word):
        letters = re.sub(r"[\d\s.,:/-]", "", word)
        return _digits(word) + (1 if letters else 0)
    if word.isupper() and len(word) > 1 and not (_VOWELS & set(word)):
        return len(word)
    return 1


def spoken_words(text: str) -> int:
    """Count the words of ``text`` as they are said aloud (see the module docstring)."""
    return sum(_token_words(t) for t in text.split())


def seconds(words: int) -> float:
    """Seconds it takes to say ``words`` at :data:`WORDS_PER_MINUTE`.

    Example:
        >>> seconds(150)
        60.0
    """
    return words * 60 / WORDS_PER_MINUTE


REVIEW_MARKER = "--- ANEXO PARA LA PERSONA REVISORA"


def spoken_lines(script: str) -> list[str]:
    """The lines of a phone script that are read aloud: after the header, before any appendix.

    Example:
        >>> spoken_lines("TITLE\nsub\n\nHola.\nAdiós.\n")
        ['Hola.', 'Adiós.']
    """
    body = script.split("\n\n", 1)[1] if "\n\n" in script else script
    body = body.split(REVIEW_MARKER, 1)[0]
    return [line for line in body.splitlines() if line.strip()]


def check_script_length(script: str, max_seconds: float) -> int:
    """Return the spoken words of ``script``; refuse one that takes longer than ``max_seconds``.

    Raises:
        InputError: the script is too long; the message lists the longest sentences, so the
            user knows what to cut.
    """
    from tutela.errors import InputError

    lines = spoken_lines(script)
    counts = [(spoken_words(line), line) for line in lines]
    total = sum(n for n, _ in counts)
    limit = int(max_seconds * WORDS_PER_MINUTE / 60)
    if total <= limit:
        return total
    longest = sorted(counts, key=lambda c: -c[0])[:4]
    cut = "; ".join(f"{n} words: {line[:70]}{'…' if len(line) > 70 else ''}" for n, line in longest)
    raise InputError(
        f"the phone script takes {seconds(total):.0f} s ({total} spoken words at "
        f"{WORDS_PER_MINUTE} words per minute), over the limit of {max_seconds:g} s "
        f"({limit} words); cut {total - limit} words. Longest sentences: {cut}",
        hint="shorten `purposes[].name`, `engagements[].client`, `notice.caller_identification` "
        "or the recipients' names, give fewer purposes to this audience, or allow more time "
        "with --max-seconds",
    )
