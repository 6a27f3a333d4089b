"""Step «municipalities»: every spelling read to its canonical municipality once (the registry: aliases, case
forms, mergers); an unknown one is an error with the closest names as a hint, never a silent guess; one of another
region is an error; a unit merged since 2023 («Протвино» → Серпухов) counts for the unit that absorbed it, said
once per spelling."""
from __future__ import annotations

from etl import names, normalize
from etl.staged import Staged
from etl.values import parse_field


def parse(st: Staged) -> None:
    if st.kind == "roadmap":
        return
    reg, region, raw = st.reg, st.region, st.cols.get("municipality", [])

    def muni(v):
        if v is None or (isinstance(v, str) and not v.strip()):
            return None, ("missing_municipality", "Не указано муниципальное образование",
                          "Заполните столбец «Муниципальное образование»")
        m = reg.match(str(v), region)
        if m is None:
            sug = reg.suggest(str(v), region, limit=3)
            said = normalize.clean_text(str(v)).replace('"', "'")
            named = {r["code"]: r["name"] for r in reg.regions()}
            exact = sorted(names.units_by_region(reg, lambda code: reg.match(str(v), code))) if region is None else []
            if len(exact) > 1:  # (no region given: «Жуковский» of Калужская and of Московская область — t86)
                return None, ("unknown_municipality", "Муниципальное образование с таким названием есть в "
                              f"нескольких регионах: {', '.join(exact)}",
                              "Укажите регион (параметр --region или поле «Регион») и загрузите файл снова")
            twice = {s[0] for s in sug if [x[0] for x in sug].count(s[0]) > 1}  # a name of two regions: which
            hint = ("Возможно, имелось в виду: " + ", ".join(
                f"«{s[0]}» ({named.get(s[1], s[1]) + ', ' if s[0] in twice else ''}{s[2]:.0f} %)" for s in sug)
                    + ". Подтвердите соответствие на странице загрузки (в командной строке — python -m etl alias "
                    f"\"{said}\" \"{sug[0][0]}\")") if sug else \
                "Проверьте написание по справочнику муниципалитетов"
            return None, ("unknown_municipality", "Неизвестное муниципальное образование", hint)
        if region and m.region_code != region:
            named = {r["code"]: r["name"] for r in reg.regions()}
            other = named.get(m.region_code, m.region_code)
            return m.municipality, ("foreign_municipality", f"Муниципалитет относится к другому региону: {other}",
                                    f"Указан регион «{named.get(region, region)}» ({region}): если файл — региона "
                                    f"«{other}», укажите его (поле «Регион» на странице загрузки, в командной строке "
                                    f"--region {m.region_code}); иначе проверьте, что в файле данные одного региона")
        return m.municipality, None

    munis, bad_idx, errors = parse_field(st, "municipality", muni, raw)
    for i in bad_idx:
        rule, message, hint = errors[i]
        st.err(i, "municipality", raw[i], rule, message, hint)
    st.out["municipality"] = munis
    _others_in_a_municipalitys_form(st, munis)
    _schools_named_elsewhere(st, munis)
    merged, units = [], {}
    for v in dict.fromkeys(raw):  # distinct spellings, in order
        if v.__class__ is str:
            m = reg.match(v, region)
            if m is not None and (not region or m.region_code == region):
                units.setdefault(m.municipality, set()).add(m.unit or m.municipality)
                if m.how == "merged":
                    merged.append((v, m))
    # the units a merged municipality is sent as (a form of Дзержинский is Люберцы's since their merger: it must not
    # replace Люберцы's own form of the period — etl/merged_units.py)
    st.units = {m: sorted(u) for m, u in units.items() if u != {m}}
    def since(m) -> str:
        year = reg.merged_year(m.region_code, m.unit)
        return f" с {year} г." if year else ""

    for v, m in merged:  # (rare: one search for the first row of each)
        st.err(raw.index(v), "municipality", v, "merged_municipality",
               f"«{normalize.clean_text(v)}»{since(m)} входит в {m.municipality}: строки учтены за "
               f"{m.municipality}",
               f"Формы муниципалитетов, вошедших в {m.municipality}, за один период загружайте одним файлом",
               "warning")


def _others_in_a_municipalitys_form(st: Staged, munis: list) -> None:
    """A sheet whose title names one municipality («… г.о. Химки») with rows of others among its own: each such row
    is an error — loaded, it would replace the other municipality's whole form of the period with a stray row or two
    (with «загрузить без ошибочных строк», the form's own rows load). The sheet is that municipality's form when most
    of its rows are its own (a regional form whose title or instructions happen to name one municipality —
    «Например: Химки — 10 000» — is none)."""
    if len(set(munis) - {None}) < 2:
        return
    from collections import Counter

    counts = Counter(zip(st.source_sheet, munis))  # (sheet, municipality) -> rows
    per_sheet: Counter = Counter()
    for (sheet, _m), k in counts.items():
        per_sheet[sheet] += k
    most: dict[str, set] = {}  # sheet -> the municipalities of half its rows or more (not all: then nobody else's)
    for (sheet, m), k in counts.items():
        if m is not None and 2 * k >= per_sheet[sheet] and k < per_sheet[sheet]:
            most.setdefault(sheet, set()).add(m)
    own_of: dict[str, str] = {}  # sheet -> the municipality its title names, the one most of its rows are of
    for sheet, t, cmap, _samples in st.used:  # (rows of a sheet's own column: sections say theirs otherwise)
        if sheet.name in most and cmap is not None and "municipality" in cmap.fields:
            m = names.municipality_from_text(st.reg, t.title_text or "", st.region)
            title = f" {normalize.norm_key(t.title_text)} "
            others = {x for (sh, x) in counts if sh == sheet.name and x not in (None, getattr(m, "municipality", None))}
            if m is not None and m.municipality in most[sheet.name] and \
                    not any(f" {normalize.norm_key(x)} " in title for x in others):  # («… (Лобня, Клин)»: both theirs)
                own_of[sheet.name] = m.municipality
    for i, m in enumerate(munis) if own_of else ():
        own = own_of.get(st.source_sheet[i])
        if m is not None and own is not None and m != own:
            st.err(i, "municipality", m, "municipality_not_of_form",
                   f"Строка муниципалитета «{m}» в форме {own} (муниципалитет назван в заголовке): загруженная, она "
                   f"заменила бы форму «{m}» за период",
                   f"Уберите строку из формы {own} или исправьте в ней муниципалитет; сводную форму нескольких "
                   "муниципалитетов озаглавьте без названия одного из них")


def _schools_named_elsewhere(st: Staged, munis: list) -> None:
    """A school whose name says another municipality («МБОУ СОШ № 8 г.о. Лобня» in Химки's form): an error of its
    row — counted for the form's municipality it would be a school Химки does not have."""
    schools = st.out.get("school_name") or []
    tails = names.school_name_tails([n for n in set(schools) if n is not None])
    if not tails:
        return
    said: dict[str, str | None] = {}  # those words -> the municipality (the registry asked once per spelling)
    for i, (name, m) in enumerate(zip(schools, munis)):
        tail = tails.get(name) if m is not None else None
        if tail is None:
            continue
        if tail not in said:
            found = names.municipality_from_text(st.reg, tail, st.region)
            said[tail] = found.municipality if found else None
        other = said[tail]
        if other is not None and other != m:
            st.err(i, "school_name", name, "school_of_other_municipality",
                   f"ОО названа с муниципалитетом {other}, а строка учтена за {m}",
                   f"Перенесите строку в форму муниципалитета {other} или исправьте наименование ОО")
