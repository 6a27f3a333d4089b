"""Step «plan a sheet», its municipality when no column gives one (etl/plan.py): from the sheet's name, its title or
the file's name — a title and a file name naming two municipalities stop the file —, and the blocks of section rows
naming municipalities."""
from __future__ import annotations

import bisect
from pathlib import Path

from etl import names, title_region
from etl.model import Problem
from etl.sheets import sections_per_row
from etl.staged import Staged


def of_sheet(st: Staged, p) -> bool:
    """A sheet with no municipality column: its municipality from its name, title or the file name, and the
    blocks of section rows naming municipalities («2. Пушкинский городской округ»: rows under such a section
    belong to it, rows before the first one to the sheet's). False (said) when there is none."""
    reg, sheet, t = st.reg, p.sheet, p.t
    region = title_region.named(st, sheet, t)  # given, else named in the title or names («… Калужской области»)
    m_sheet = names.municipality_from_text(reg, sheet.name, region, cases=True)
    m_title = names.municipality_from_text(reg, t.title_text or "", region, cases=True)
    m = m_sheet or m_title
    if m_sheet and m_title and m_sheet.municipality != m_title.municipality:
        st.problems.append(Problem(st.name, sheet.name, None, None, None, "municipality_conflict",
                                   f"Лист назван «{sheet.name}», а в заголовке — {m_title.municipality}: "
                                   f"строки учтены за {m_sheet.municipality}",
                                   "Если верен муниципалитет из заголовка, переименуйте лист и загрузите "
                                   "файл снова", "warning"))
    m_file = names.municipality_from_text(reg, Path(st.name).stem.replace("_", " "), region, cases=True) \
        if len(st.used) == 1 else None
    if m is not None and m_file is not None and m_file.municipality != m.municipality:
        # Химки's schools in Долгопрудный's blank, its title kept: loaded as Долгопрудный's, it would replace them
        where, what = ("названии листа", "название листа") if m_sheet else ("заголовке", "заголовок")
        st.problems.append(Problem(st.name, sheet.name, None, None, None, "municipality_file_conflict",
                                   f"В {where} — {m.municipality}, а в имени файла — {m_file.municipality}: неясно, "
                                   "чья это форма; файл не загружен, чтобы не заменить форму другого муниципалитета",
                                   f"Исправьте {what}, если форма — {m_file.municipality}, или имя файла, если форма "
                                   f"— {m.municipality}, и загрузите файл снова"))
    if m is None:
        m = m_file
    if title_region.other_region(st, sheet, m, region):  # «… Калужской области» over Московская's Дзержинский
        return False
    for text in dict.fromkeys(p.section_of.values()):
        sm = names.municipality_from_text(reg, text, st.region)
        if sm is not None:
            p.section_muni[text] = _as_written(sm)
    p.muni_of = sections_per_row(t, only=set(p.section_muni)) if p.section_muni else {}
    if m is None and not p.section_muni:
        _named_in_totals(st, p)
    if m is None and not p.section_muni and title_region.shared_name(st, sheet, t):
        return False  # a name of several regions, none named: the region asked for
    if m is None and not p.section_muni:
        st.problems.append(Problem(st.name, sheet.name, None, None, None, "no_municipality",
                                   "Не указано муниципальное образование: нет столбца с ним, а название листа "
                                   "и заголовок его не содержат",
                                   "Добавьте столбец «Муниципальное образование» или назовите лист по "
                                   "муниципалитету (например, «Химки»)"))
        return False
    if m is not None:
        p.rep.municipality = m.municipality
        p.sheet_muni = _as_written(m)
    if p.section_muni:  # the report names every municipality of the sheet
        shown = ([m.municipality] if m is not None else []) + [reg.match(u, st.region).municipality
                                                               for u in p.section_muni.values()]
        p.rep.municipality = ", ".join(dict.fromkeys(shown))
    return True


def _named_in_totals(st: Staged, p) -> None:
    """Blocks closed by a total naming their municipality («Итого по г.о. Клин» under Клин's schools, nothing above
    them says whose they are): each block's rows are that municipality's (said)."""
    from etl.row_rules import R_TOTAL

    totals = sorted(r for r, why in p.t.skipped if why == R_TOTAL)
    named = {}
    for r, row in zip(totals, p.sheet.take(totals)):
        said = next((v for v in row if isinstance(v, str) and v.strip()), "")
        tm = names.municipality_from_text(st.reg, said, st.region) if said else None
        if tm is not None:
            named[r] = said.strip()
            p.section_muni[said.strip()] = _as_written(tm)
    if not named:
        return
    for r in p.t.data_rows:  # the first total under a row closes its block
        k = bisect.bisect_right(totals, r)
        if k < len(totals) and totals[k] in named:
            p.muni_of[r] = named[totals[k]]
    first = min(named)
    st.problems.append(Problem(st.name, p.sheet.name, first + 1, None, None, "municipality_from_totals",
                               "Муниципалитет ОО взят из итоговых строк под их блоками («" + named[first] + "»…): "
                               "нет ни столбца муниципалитета, ни строк с ним над ОО",
                               "Проверьте, что итог каждого муниципалитета стоит под его ОО", "warning"))


def _as_written(m) -> str:
    """The municipality a sheet's name or title names, as its rows will carry it: a unit merged since 2023 by its
    own name («Дзержинский», read to Люберцы with the rows of a municipality column, etl/munis.py), so its form is
    known as that unit's and cannot silently replace the other unit's form of the period."""
    return m.unit if m.how == "merged" and m.unit else m.municipality
