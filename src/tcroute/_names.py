"""Forgiving place-name matching: case, accents, apostrophes and punctuation are ignored."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans(
    {"ł": "l", "Ł": "l", "ı": "i", "İ": "i", "ø": "o", "Ø": "o", "ß": "ss", "đ": "d", "Đ": "d",
     "æ": "ae", "œ": "oe", "ə": "a", "Ə": "a", "ğ": "g", "ş": "s", "ç": "c"}
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Key for matching names: ASCII, lower case, letters and digits only.

    Examples
    --------
    >>> normalize("Xi’an") == normalize("xian") == normalize("XI'AN")
    True
    >>> normalize("Małaszewicze")
    'malaszewicze'
    >>> normalize("Kapıkule")
    'kapikule'
    """
    text = text.translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", text.lower())


def close_matches(query: str, choices: dict[str, str], n: int = 5) -> list[str]:
    """Up to ``n`` labels whose normalized key is close to ``query``.

    ``choices`` maps normalized key -> label (e.g. ``"Dostyk (kz_dostyk)"``).
    """
    key = normalize(query)
    keys = difflib.get_close_matches(key, list(choices), n=n * 3, cutoff=0.6)
    # also prefix/substring hits, which difflib scores low for short queries
    if key:
        keys += [k for k in choices if key in k and k not in keys]
    labels: list[str] = []
    for k in keys:
        label = choices[k]
        if label not in labels:
            labels.append(label)
        if len(labels) == n:
            break
    return labels
