"""Value normalisers. Each parser returns (value, error_ru_or_None); a None value means empty."""
from __future__ import annotations

import re

_NON_WORD = re.compile(r"[^0-9a-zа-я]+")


def norm_key(text) -> str:
    """A comparison key: lower case, ё→е, every run of non-alphanumerics (quotes, dashes, dots) → one space.

    norm_key(' «Путь  навыков» ') == 'путь навыков'; norm_key('Королёв') == 'королев'.
    """
    if text is None:
        return ""
    s = str(text).lower().replace("ё", "е")
    return _NON_WORD.sub(" ", s).strip()
