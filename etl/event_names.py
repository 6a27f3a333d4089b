"""Event names in cells: the events catalogue (data/reference/events.csv) by name or alias."""
from __future__ import annotations

import functools
import re
from datetime import date

from etl import reference
from etl.catalogue import contains_words
from etl.normalize import norm_key

_EVENTS: list[dict] | None = None


def _events_catalogue() -> list[dict]:
    global _EVENTS
    if _EVENTS is None:
        rows = [dict(r) for r in reference.rows("events.csv")]  # (own copies: keys are added)
        for e in rows:  # (an alias ending in « *» names the beginning of a name: norm_key would drop the star)
            e["keys"] = [norm_key(e["event"])] + [norm_key(a) + (" *" if a.strip().endswith("*") else "")
                                                  for a in (e.get("aliases") or "").split("|") if a.strip()]
        _EVENTS = rows
    return _EVENTS


def _catalogue_entry(text: str, region: str | None) -> dict | None:
    """The events catalogue's entry a text names (its longest name or alias contained in the text), or None."""
    key = norm_key(text)
    best = None
    for e in _events_catalogue():
        if e["region_code"] and region and e["region_code"] != region:
            continue
        for k in e["keys"]:
            if not k:
                continue
            # «экскурсия на *»: a name beginning with these words («Экскурсия на Коломенский завод»)
            hit = key.startswith(k[:-2] + " ") if k.endswith(" *") else (k == key or contains_words(key, k))
            if hit and (best is None or len(k) > best[0]):
                best = (len(k), e)
    return best[1] if best else None


def event_info(text: str, region: str | None) -> tuple[str, str | None, date | None]:
    """Canonical event name, level and date from the events catalogue (the text itself if unknown)."""
    from etl import normalize

    e = _catalogue_entry(text, region)
    if e is None:  # an event the catalogue does not know: its level when its name begins with one («Областное …»)
        level, error = normalize.parse_event_level(text)
        return normalize.clean_text(text), (level if error is None else None), normalize.extract_date(text)
    d = date.fromisoformat(e["event_date"]) if e["event_date"] else normalize.extract_date(text)
    return e["event"], e["event_level"] or None, d


def catalogue_event(text: str, region: str | None = None) -> str | None:
    """The canonical name of a catalogue event named in a text («Фестиваль «Путь навыков», 15.02.2024»), or None."""
    e = _catalogue_entry(text, region)
    return e["event"] if e else None


_DATE_IN_KEY = re.compile(r"\b\d{1,2} \d{1,2}(?: \d{2,4})?\b")
TYPO_SCORE = 92  # rapidfuzz's ratio (0–100) of the keys from which a name is a catalogue name with a typo
_TYPO_MIN_LEN = 12  # shorter names («шп», «профпроба») are matched only as written


def near_event(text: str, region: str | None, on: date | None) -> tuple[str, str | None, date | None] | None:
    """As `event_info`, for a name no catalogue entry contains that still means one: a dated entry named without its
    date, held on that day (`on`: the row's date — «Всероссийское родительское собрание» on 14.09.2023), or an
    undated one written with a typo («Професиональные пробы»: a letter missing or swapped, the name otherwise the
    same). None when it means none."""
    typo, dated = _near(text, region)
    e = dated.get(on) if on is not None else None
    e = e or typo
    if e is None:
        return None
    return e["event"], e["event_level"] or None, date.fromisoformat(e["event_date"]) if e["event_date"] else on


@functools.lru_cache(maxsize=4096)
def _near(text: str, region: str | None) -> tuple[dict | None, dict]:
    """(the undated entry a name is with a typo, or None; the dated entries it names without their date, by day) —
    once per name (a big form names a few events on many rows and days)."""
    from rapidfuzz import fuzz

    key = norm_key(text)
    best, dated = None, {}
    for e in _events_catalogue() if key else ():
        if e["region_code"] and region and e["region_code"] != region:
            continue
        for k in e["keys"]:
            if not k or k.endswith(" *"):
                continue
            if e["event_date"]:
                stem = " ".join(_DATE_IN_KEY.sub(" ", k).split())
                if len(key.split()) >= 3 and (contains_words(stem, key) or contains_words(key, stem)):
                    dated.setdefault(date.fromisoformat(e["event_date"]), e)
            elif len(k) >= _TYPO_MIN_LEN and len(key) >= _TYPO_MIN_LEN:
                score = fuzz.ratio(key, k)
                if score >= TYPO_SCORE and (best is None or score > best[0]):
                    best = (score, e)
    return (best[1] if best else None), dated
