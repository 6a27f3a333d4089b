"""A municipality's own roadmap or its report on the region's one («План мероприятий … в г.о. Химки», «Информация
об исполнении … в городском округе Подольск», every executor «Комитет образования г.о. Подольск»): the dashboard
keeps one roadmap per region — the region's —, and a load replaces it whole, so such a file would put the region's
measures out of use and show one municipality's statuses as the region's. It is refused, saying why; its region is
found from the municipality (the question «укажите регион» would only lead into that replacement)."""
from __future__ import annotations

from etl import names
from etl.model import Problem


def municipality_of(st):
    """(the municipality the roadmap is of, where it is said) — its title names it, or every executor is of it —, or
    None for the region's roadmap."""
    for title in st.titles:
        m = names.municipality_from_text(st.reg, title, st.region, cases=True)
        if m is not None:
            return m, "в заголовке"
    executors = sorted({str(v).strip() for v in st.cols.get("executors") or [] if v not in (None, "")})
    found = {names.municipality_from_text(st.reg, e, st.region) for e in executors}
    if len(executors) >= 1 and len(found) == 1 and None not in found:
        return found.pop(), "у всех исполнителей"
    return None


def refuse_municipal(st) -> None:
    """Refuse a municipality's roadmap (etl/file_context.py, the step «region and period»); its region is set."""
    if st.kind != "roadmap":
        return
    said = municipality_of(st)
    if said is None:
        return
    m, where = said
    st.region = st.region or m.region_code
    st.problems.append(Problem(
        st.name, None, None, None, m.municipality, "roadmap_of_municipality",
        f"Это дорожная карта (или отчёт об исполнении) муниципалитета «{m.municipality}» — он назван {where}. Панель "
        "хранит дорожную карту региона: файл заменил бы все её мероприятия мероприятиями муниципалитета — файл не "
        "загружен",
        "Сведения муниципалитета об исполнении пунктов региональной дорожной карты внесите в отчёт региона (статус, "
        "подтверждение) и загрузите его; если это дорожная карта региона, уберите название муниципалитета из "
        "заголовка"))
