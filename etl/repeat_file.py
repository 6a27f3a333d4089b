"""What a file sent again is to its earlier load (found by its checksum): a copy under another name, a load whose
data another load replaced since (the pages show that one), or a load of another period than the one now given
(`--period`, the page's field): said with the load to roll back, never a bare «данные не изменены»."""
from __future__ import annotations

from etl import periods, rollback_text


def said(con, dup: int, file_name: str, period: str | None) -> str:
    """« (загрузка № 7, файл «…»)» and what to do, for the duplicate message of load `dup`."""
    first, was_period, status = con.execute("SELECT file_name, period, status FROM load_log WHERE load_id = ?",
                                            [dup]).fetchall()[0]
    text = f" (загрузка № {dup}" + (f", файл «{first}»" if first != file_name else "") + ")"
    if period and was_period and period != was_period and periods.is_valid(was_period) and periods.is_valid(period):
        return (text + f": он загружен за {periods.period_label_ru(was_period)}, а сейчас — за "
                f"{periods.period_label_ru(period)}; чтобы загрузить его за этот период, откатите загрузку "
                f"№ {dup} (страница «История загрузок» или команда «python -m etl rollback {dup}») и загрузите "
                "файл снова")
    if status == "replaced":
        later = [lid for lid, _f in rollback_text.shown(con, dup, "current_scope_all") if lid != dup]
        if later:
            nums = ", ".join(f"№ {x}" for x in later)
            one = len(later) == 1
            return (text + f"; её данные заменены загрузк{'ой' if one else 'ами'} {nums} — на панели "
                    f"{'её' if one else 'их'} данные. Чтобы вернуть эту версию, откатите загрузк{'у' if one else 'и'} "
                    f"{nums} на странице «История загрузок»")
    return text
