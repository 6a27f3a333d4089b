"""A sheet's municipality named only in its title, sheet name or file name, read within the region named there
(tester round t86): «Мониторинг готовности ОО МР «Дзержинский район» Калужской области» is Калужская область's
Дзержинский, not refused for a name two regions share, nor read as Московская область's when the analyst forgot the
unit in municipalities.csv. A name of several regions with no region named anywhere is refused asking for the region."""
from __future__ import annotations

from pathlib import Path

from etl import names
from etl.model import Problem


def texts(st, sheet, t) -> list[str]:
    """Where a sheet's municipality may be named: its title, its name, the file's name."""
    return [t.title_text or "", sheet.name, Path(st.name).stem.replace("_", " ")]


def named(st, sheet, t) -> str | None:
    """The region given, else the one the title, the sheet's name or the file's name names."""
    if st.region is not None:
        return st.region
    for text in texts(st, sheet, t):
        code = names.region_from_text(st.reg, text) if text else None
        if code:
            return code
    return None


def other_region(st, sheet, m, region: str | None) -> bool:
    """The unit found is of another region than the one named (refused, said): True."""
    if m is None or region is None or st.region is not None or m.region_code == region:
        return False
    reg = st.reg
    st.problems.append(Problem(
        st.name, sheet.name, None, None, m.unit or m.municipality, "municipality_other_region",
        f"В заголовке или имени файла — {reg.region(region)['name']}, а «{m.unit or m.municipality}» в справочнике — "
        f"муниципалитет региона {reg.region(m.region_code)['name']}: файл не загружен, чтобы строки не попали в "
        "другой регион",
        f"Если муниципалитета нет в справочнике региона, добавьте его в data/reference/municipalities.csv; если регион "
        "в заголовке указан по ошибке, исправьте заголовок и загрузите файл снова"))
    return True


def shared_name(st, sheet, t) -> bool:
    """No region named and a name of units of several regions in the title or names (Дзержинский, Жуковский):
    refused asking for the region (said) — True."""
    if st.region is not None:
        return False
    for text in texts(st, sheet, t):
        found = names.units_by_region(st.reg, lambda code: names.municipality_from_text(  # noqa: B023 - at once
            st.reg, text, code, cases=True)) if text else {}
        if len(found) > 1:
            shown = ", ".join(f"{n} ({u})" for n, u in sorted(found.items()))
            st.problems.append(Problem(
                st.name, sheet.name, None, None, text, "municipality_of_regions",
                f"«{next(iter(found.values()))}» — муниципалитет нескольких регионов: {shown}; "
                "регион в форме не указан",
                "Укажите регион (параметр --region или поле «Регион») и загрузите файл снова"))
            return True
    return False
