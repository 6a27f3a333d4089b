"""Kinds of participants a header names together («Кол-во участников (обучающиеся и родители)», «Участники (обуч-ся
+ род.)»): one column of several kinds cannot be any one of them (etl/column_questions.py asks)."""
from __future__ import annotations

import re

from etl import meaning


# the joins of participants named together in one header («обучающиеся и родители», «(уч-ся, родители, педагоги)»,
# «обуч-ся + род.», «вместе с родителями»)
_JOINS = re.compile(r"\s+и\s+|[,+/;]|\s*\bвместе\s+с\s+|\s*\bвключая\s+|\s*\bс\s+уч[её]том\s+", re.IGNORECASE)
_LEAD = {"кол-во", "количество", "число", "численность", "всего", "итого", "из", "них", "в", "т.ч.", "их", "чел.",
         "участников", "участники", "чел"}
_WHO = (("pupil", "обучающиеся"), ("parent", "родители"), ("teacher", "педагоги"))


def named_together(header: str) -> list[str]:
    """The kinds of participants a header names together, each as a part of its own («Кол-во участников (обучающиеся
    и родители)» → обучающиеся, родители), in Russian; [] for one kind — or a kind only qualified by another
    («Родители обучающихся», «Педагоги, сопровождавшие обучающихся»: the head word of a part is what counts)."""
    found: list[str] = []
    header = header or ""
    inner = meaning.BRACKETS.findall(header)  # («Родители (законные представители) обучающихся»: the parents of pupils)
    for part in [p for text in [meaning.BRACKETS.sub(" ", header), *inner] for p in _JOINS.split(text)]:
        words = [w for w in part.lower().split() if w.strip(".,:") not in _LEAD and w not in _LEAD]
        if not words:
            continue
        head = meaning.read((words[0],)).concepts
        found += [ru for concept, ru in _WHO if concept in head and ru not in found]
    return found if len(found) > 1 else []
