"""Forgiving place-name matching: case, accents, apostrophes and punctuation are ignored, in
every script (Latin, Cyrillic, Chinese, Georgian, Arabic-Persian, ...)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans(
    {"ł": "l", "Ł": "l", "ı": "i", "İ": "i", "ø": "o", "Ø": "o", "ß": "ss", "đ": "d", "Đ": "d",
     "æ": "ae", "œ": "oe", "ə": "a", "Ə": "a", "ğ": "g", "ş": "s", "ç": "c",
     # Persian typed with Arabic letters: yeh and kaf have two code points each
     "ي": "ی", "ى": "ی", "ك": "ک"}
)
# Everything that is not a letter or digit of some script (\w without the underscore).
_NON_ALNUM = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Key for matching names: case-folded, accents dropped, letters and digits only.

    Letters of every script are kept (Cyrillic, Chinese, Georgian, Persian, ...); Latin
    letters that do not decompose (ł, ı, ø, ə, ...) become their plain ASCII letter, so
    ``"Małaszewicze"`` matches ``"Malaszewicze"``.

    Examples
    --------
    >>> normalize("Xi’an") == normalize("xian") == normalize("XI'AN")
    True
    >>> normalize("Małaszewicze")
    'malaszewicze'
    >>> normalize("Kapıkule")
    'kapikule'
    >>> normalize("Достық") == normalize("ДОСТЫҚ")
    True
    >>> normalize("Йошкар-Ола")
    'иошкарола'
    >>> normalize("!!!")
    ''
    """
    if text.isascii():  # nothing to translate or decompose (most ids and many names)
        return _NON_ALNUM.sub("", text.lower())
    text = text.translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", text.translate(_SPECIAL))


def normalize_many(texts: pd.Series) -> list[str]:
    """:func:`normalize` of every text of a column; ASCII texts are done in one vectorised
    pass, others one by one.

    Examples
    --------
    >>> import pandas as pd
    >>> normalize_many(pd.Series(["Xi'an", "Kapıkule", "kz_almaty"]))
    ['xian', 'kapikule', 'kzalmaty']
    """
    texts = texts.astype(str)
    plain = texts.map(str.isascii).to_numpy(dtype=bool)
    out = texts.str.lower().str.replace(_NON_ALNUM.pattern, "", regex=True).to_numpy(object)
    for i in (~plain).nonzero()[0]:
        out[i] = normalize(texts.iat[i])
    return out.tolist()


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
