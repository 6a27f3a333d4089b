"""The Russian morphological analyzer (pymorphy3), loaded once per process and only when a word needs it (~0,15 s
and ~30 MB): dictionary forms of header words (etl/meaning.py, which caches them on disk) and surnames in a yes/no
column («Ким», «Иванова»: a person is named, so someone is appointed)."""
from __future__ import annotations

import re
from functools import lru_cache

_ONE_NAME = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")


@lru_cache(maxsize=1)
def analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def normal_forms(word: str) -> list[str]:
    """Every dictionary form of a word, ё as е."""
    return sorted({p.normal_form.replace("ё", "е") for p in analyzer().parse(word)})


@lru_cache(maxsize=4096)
def one_name(text: str) -> bool:
    """One capitalised Cyrillic word («Пак», «Хван», «Иванова-Петрова»)."""
    return bool(_ONE_NAME.fullmatch(text))


def is_surname(text: str) -> bool:
    """One capitalised word the dictionary knows as a surname («Ким», «Иванова», «Сидоренко»; not «Директор»,
    «Химки», «Нет»)."""
    if not _ONE_NAME.fullmatch(text):
        return False
    return any("Surn" in p.tag for p in analyzer().parse(text))


def names_plural(text: str) -> bool:
    """Whether a text names a kind of things — its first noun in the plural («Договоры с вузами», «Организации СПО»,
    «Колледжи») or an abbreviation alone («ВУЗ», «СПО») — not one thing («Сахалинский государственный университет»,
    «Управление образования»)."""
    words = re.findall(r"[А-ЯЁа-яё]{2,}", text)
    if len(words) == 1 and words[0].isupper():
        return True
    for w in words:
        nouns = [p for p in analyzer().parse(w) if "NOUN" in p.tag]
        if nouns and not w.isupper() and w.lower() not in ("раздел", "часть", "глава"):  # (МБОУ: no number)
            return any("plur" in p.tag for p in nouns)
    return False


_LETTERS = "абвгдежзийклмнопрстуфхцчшщъыьэюя"


def misspelt(word: str) -> bool:
    """A long word the dictionary does not know («ответсвенный», «колличество»)."""
    return len(word) >= 7 and not analyzer().word_is_known(word)


def one_slip_away(word: str) -> list[str]:
    """The dictionary forms of the known words one typing slip away from `word` (a letter missing, extra or wrong,
    two letters swapped): «ответсвенный» → «ответственный» (~6 ms a word; asked only for words `misspelt`)."""
    w = word
    cands = {w[:i] + w[i + 1:] for i in range(len(w))}
    cands |= {w[:i] + w[i + 1] + w[i] + w[i + 2:] for i in range(len(w) - 1)}
    cands |= {w[:i] + c + w[i + 1:] for i in range(len(w)) for c in _LETTERS}
    cands |= {w[:i] + c + w[i:] for i in range(len(w) + 1) for c in _LETTERS}
    known = analyzer().word_is_known
    return sorted({f for c in cands if c != w and known(c) for f in normal_forms(c)})


@lru_cache(maxsize=4096)
def place_name(word: str) -> str | None:
    """The dictionary form of a word the dictionary knows as a place name in any case («Твери» → «тверь», «Мытищ» →
    «мытищи»), ё as е; None for any other word."""
    for p in analyzer().parse(word):
        if "Geox" in p.tag:
            return p.normal_form.replace("ё", "е")
    return None
