"""Text for a terminal: user-supplied characters that could rewrite what the reader sees.

A column, file name, argument or message may carry bidi overrides (U+202E, Trojan Source),
zero-width characters or terminal escape sequences (ESC ``[2J`` clears the screen, OSC 8 makes
links). Everything tutela prints for a person goes through :func:`visible`, which shows them as
``\\uXXXX`` and leaves every other character, newlines and tabs included, as it is. Kept free of
imports so the CLI can use it before anything heavy is loaded.
"""

from __future__ import annotations

import unicodedata


def visible(text: str) -> str:
    r"""Escape control (Cc) and format (Cf) characters, except newline and tab, as ``\uXXXX``.

    Example:
        >>> visible("c\u200bvv \u202eabc \x1b[2J")
        'c\\u200bvv \\u202eabc \\u001b[2J'
        >>> visible("año\tok\n")
        'año\tok\n'
    """
    return "".join(
        f"\\u{ord(ch):04x}" if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf") else ch
        for ch in text
    )
