"""A municipality merged into another (Дзержинский → Люберцы) counts for the one that absorbed it in every period
(etl/registry.py). So a form sent as one of the units of a merged municipality (`Prepared.units`) has the same
scope as the other unit's form of that period: loaded, it would replace it and that unit's schools would vanish from
the pages. Before anything is written, such a file is refused with what to do (both forms in one file)."""
from __future__ import annotations

import json

from etl.model import Problem


def _units(details, municipality: str) -> set[str]:
    """The units a load sent a municipality as (its details' «units»; the municipality itself when not said)."""
    try:
        said = (json.loads(details or "{}").get("units") or {}).get(municipality)
    except (ValueError, AttributeError):
        said = None
    return set(said) if said else {municipality}


def involved(prepared, absorbing: set[str]) -> bool:
    """Whether the file can meet another unit's form: it sends a merged unit, or a municipality that absorbed one
    (`absorbing`: `Registry.absorbing()`) — for any other file there is nothing to read in the database."""
    return bool(prepared.units) or bool(absorbing & set(prepared.municipalities()))


_WHAT = {"readiness": "её школы", "agreements": "её договоры", "events": "её участия в мероприятиях",
         "effectiveness": "её показатели"}


def _said(units: set[str]) -> str:
    return ", ".join(f"«{u}»" for u in sorted(units))


def check(prepared, con) -> list[Problem]:
    """Errors for each municipality whose current form of the period was sent as a unit this file does not send
    (`con`: a DuckDB connection to the database)."""
    from etl import periods

    p = prepared
    if p.kind in (None, "roadmap") or not p.period or not p.region:
        return []
    munis = p.municipalities()
    rows = con.execute("""SELECT c.municipality, c.load_id, l.file_name, l.details FROM current_scope_all c
                          JOIN load_log l ON l.load_id = c.load_id
                          WHERE c.kind = ? AND c.region = ? AND c.period = ?
                            AND list_contains(?::VARCHAR[], c.municipality)""",
                       [p.kind, p.region, p.period, munis]).fetchall()
    out = []
    for m, load_id, file_name, details in rows:
        new, old = set(p.units.get(m, [m])), _units(details, m)
        if old <= new:
            continue
        lead = (f"Строки муниципалитета «{m}» заменили бы форму {_said(old - new)} (вошедшего в «{m}»)"
                if new == {m} else f"Строки муниципалитета {_said(new)} учитываются за «{m}» и заменили бы форму "
                                   f"{_said(old - new)}")
        out.append(Problem(
            p.file_name, None, None, None, ", ".join(sorted(new)), "merged_unit_replaced",
            f"{lead} за {periods.period_label_ru(p.period)} (загрузка № {load_id}, «{file_name}»): "
            f"{_WHAT.get(p.kind, 'её данные')} пропали бы из панели",
            f"Соберите строки обеих форм ({_said(old | new)}) в один файл и загрузите его: он заменит прежнюю"))
    return out
