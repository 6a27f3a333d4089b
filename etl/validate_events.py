"""The events form's records checked (the step «validate», etl/validate.py): each event read to the catalogue's (a
typo, a dated event without its date — said), its level and date from the catalogue where the file gives none (said),
an event with no participants an error of its row."""
from __future__ import annotations

from etl import normalize
from etl.event_names import catalogue_event, event_info, near_event
from etl.textru import some_of


def events(out: dict[str, list], n: int, err, region: str | None, raw: dict[str, list]) -> None:
    lvl, dt, ev = out["event_level"], out["event_date"], out["event"]
    out["event_text"] = list(ev)  # as the form names it, beside the catalogue's name the figures are grouped by
    memo: dict = {}
    unknown: dict[str, int] = {}  # events the catalogue does not know and the file gives no level: first row
    read_as: dict[tuple[str, str], int] = {}  # (a name as written, the catalogue's it was taken for): first row
    levelled: dict[tuple[str, str], int] = {}  # (event, the catalogue's level given it: the file gave none): first row
    for i in range(n):
        if ev[i] is None:
            continue
        if ev[i] not in memo:
            info = event_info(ev[i], region)
            memo[ev[i]] = info + (catalogue_event(info[0], region) is not None,)
        canon, elevel, edate, known = memo[ev[i]]
        if not known:  # a typo, or a dated event named without its date
            key = (ev[i], dt[i])
            if key not in memo:
                memo[key] = near_event(ev[i], region, dt[i])
            if memo[key] is not None:
                (canon, elevel, edate), known = memo[key], True
                read_as.setdefault((ev[i], canon), i)
        ev[i] = canon
        if lvl[i] is None:
            lvl[i] = elevel
            if elevel is None and not known:
                unknown.setdefault(canon, i)
            elif elevel is not None:
                levelled.setdefault((canon, elevel), i)
        if dt[i] is None:
            dt[i] = edate
        if all(out[f][i] is None and (f not in raw or normalize._empty(raw[f][i]))
               for f in ("students", "parents", "teachers")):  # (an unreadable number was reported already)
            err(i, "students", None, "no_participants", "Не указано ни одного числа участников",
                "Заполните число обучающихся, родителей или педагогов")
    if read_as:  # a typo, or a dated event named without its date: taken for the catalogue's, said once
        err(min(read_as.values()), "event", next(iter(read_as))[0], "event_read_as",
            "Мероприятия записаны не так, как в справочнике, и учтены как мероприятия справочника: "
            + some_of([f"{w}» как «{c}" for w, c in read_as], 5, quoted=True),
            "Если мероприятие другое, впишите его полное название и уровень", severity="warning")
    if levelled:  # (tester round t79: a wide form's events charted as «муниципальный» with no word)
        err(min(levelled.values()), "event_level", None, "event_level_from_catalogue",
            "Уровень мероприятий в файле не указан и взят из справочника мероприятий: "
            + some_of([f"«{e}» — {lv}" for e, lv in levelled], 5),
            "Если уровень другой, укажите его в форме (столбец «Уровень мероприятия»)", severity="warning")
    if unknown:  # each its own bar, «не указан» on the levels' chart: said once, naming them
        names = list(unknown)
        shown = some_of(names, 5, quoted=True)
        first = min(unknown.values())
        err(first, "event", names[0], "event_not_in_catalogue",
            f"Мероприятия нет в справочнике и уровень не указан: {shown} — учтены под своими названиями, "
            "уровень «не указан»",
            "Если это мероприятие из справочника, запишите его название как в бланке формы (выпадающий список); "
            "иначе укажите уровень мероприятия (федеральный, региональный, муниципальный)", severity="warning")
