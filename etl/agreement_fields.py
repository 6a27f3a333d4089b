"""What an agreements form may leave out and still say: the partner's type (from the partner's name, «ФГБОУ ВО …» —
ВУЗ), the agreement's date (the start of its validity, «Срок действия договора | с | по»), the partner's name and the
agreement's requisites in one column («Партнёр (наименование, реквизиты договора)»), its number and date in a column
headed «Договор». Said once per sheet. Whether each agreement is in force: etl/agreement_state.py."""
from __future__ import annotations

import re

from etl import evidence, meaning
from etl.catalogue import header_key
from etl.model import Problem
from etl.normalize import extract_date
from etl.textru import some_of

_FROM = frozenset({"с", "от", "начало", "дата начала", "начало действия", "с даты"})


def partner_with_requisites(st, cmap, columns) -> None:
    """One column for the partner and its agreement («Партнёр (наименование, реквизиты договора)»: «МГТУ им. Н.Э.
    Баумана, договор № 15 от 01.09.2023»), read as the requisites: it holds the partner's name too (the name is what
    comes before the requisites, etl/validate.py splits the cell)."""
    if st.kind != "agreements" or "partner_name" in cmap.fields or "agreement_no" not in cmap.fields:
        return
    col = next((c for c in columns if c.index == cmap.fields["agreement_no"]), None)
    if col is None:
        return
    concepts = meaning.read(tuple(col.parts)).concepts
    if "partner" in concepts and concepts & {"name", "org"}:
        cmap.take("partner_name", col.index, "наименование партнёра — в одном столбце с реквизитами договора")


_NUMBERED = re.compile(r"№\s*\S")


def requisites_by_values(st, cmap, samples) -> None:
    """A column headed by the agreement alone («Договор», «Соглашение») whose cells are its requisites («Договор
    № 34/23 от 06.09.2023г.»): the agreement's number and date (etl/validate.py splits them)."""
    if st.kind != "agreements" or "agreement_no" in cmap.fields:
        return
    for c in cmap.unmatched:
        values = [v for v in samples.get(c.index, []) if isinstance(v, str)]
        if c.index in cmap.left_out or "agreement" not in meaning.read(tuple(c.parts)).concepts or not values:
            continue
        if sum(bool(_NUMBERED.search(v)) and extract_date(v) is not None for v in values) * 2 > len(values):
            cmap.take("agreement_no", c.index, "реквизиты договора: в ячейках его номер и дата («№ … от …»)")
            return


def signed_on_from_validity(st, cmap, samples) -> None:
    """Agreements with no date column but «Срок действия договора» over «с | по», or in one cell («01.09.2023 –
    31.08.2024»): an agreement is in force from the day it is signed, the «с» column (the range's start) holds its
    date; so does a column of dates headed «от» (beside «Соглашение №»). Not when the requisites hold the date
    («№ 5 от 01.09.2023»: etl/validate.py takes it there) — the validity then says whether the agreement is in force."""
    if st.kind != "agreements" or "signed_on" in cmap.fields or dated_requisites(cmap, samples):
        return
    for c in cmap.unmatched:
        if c.index in cmap.left_out:
            continue
        if _starts_validity(c, samples.get(c.index, [])) and evidence.fits("date", samples.get(c.index, [])):
            cmap.take("signed_on", c.index, "начало срока действия договора: договор действует со дня заключения")
            return


def dated_requisites(cmap, samples) -> bool:
    """Whether the agreement's requisites carry its date («№ 5 от 01.09.2023»), most of them."""
    if "agreement_no" not in cmap.fields:
        return False
    values = [v for v in samples.get(cmap.fields["agreement_no"], []) if v is not None]
    return bool(values) and sum(extract_date(v) is not None for v in values) * 2 > len(values)


def _starts_validity(c, values: list) -> bool:
    """«от»; «с» under «Срок действия»; «Срок действия» itself when its cells hold ranges («01.09.2023 –
    31.08.2024»), not its end («… до»)."""
    if header_key(c.header) == "от":
        return True
    if len(c.parts) >= 2 and header_key(c.parts[-1]) in _FROM and \
            "validity" in meaning.read(tuple(c.parts[:-1])).concepts:
        return True
    return "validity" in meaning.read(tuple(c.parts)).concepts and header_key(c.parts[-1]).split()[-1:] != ["до"] \
        and _ranges(values)


def _ranges(values: list) -> bool:
    """Most cells hold a date range or a start («01.09.2023 – 31.08.2024», «с 01.09.2023 бессрочно»), not one date
    (a single date under «Срок действия» is when it ends)."""
    texts = [str(v) for v in values if v is not None]
    return bool(texts) and sum(1 for t in texts if _RANGE.search(t)) * 2 > len(texts)


_RANGE = re.compile(r"\d\s*[-–—]\s*\d|\d\s*[-–—]+\s*[а-яё]|(?:^|\s)с\s+\d|\bпо\s+\d|бессроч", re.IGNORECASE)


def type_by_partner_name(st, sheet, cmap, label, samples, by_section: dict[int, str]) -> bool:
    """Agreements without a partner type column: the type read from the partner's name («ФГБОУ ВО …» — ВУЗ,
    «ГБПОУ … колледж» — СПО, «АО …» — индустриальный партнёр) — or of the rows under a section row naming one
    (`by_section`: «2. Договоры с колледжами» — СПО), from it — said once; a name that tells no type is an error of its
    row. Not when a column nobody recognised holds types (the analyst is asked which column it is)."""
    if st.kind != "agreements" or "partner_type" not in cmap.missing_required or "partner_name" not in cmap.fields:
        return False
    if any(evidence.fits("partner_type", samples.get(c.index, [])) for c in cmap.unmatched
           if c.index not in cmap.ignorable and samples.get(c.index)):
        return False
    cmap.fields["partner_type"] = cmap.fields["partner_name"]
    cmap.missing_required = [f for f in cmap.missing_required if f != "partner_type"]
    sections = some_of([f"«{text}» — {typ}" for text, typ in by_section.items()], 3)
    st.problems.append(Problem(st.name, sheet.name, None, label(cmap.fields["partner_name"]), None,
                               "partner_type_by_name", "Столбца «Тип партнёра» нет: тип определён "
                               + (f"по строкам разделов ({sections}), вне разделов — " if sections else "") +
                               "по наименованию партнёра («ФГБОУ ВО» — ВУЗ, «ГБПОУ», колледж — СПО, «АО», «ООО» — "
                               "индустриальный партнёр)",
                               "Проверьте типы партнёров; если тип определён неверно, добавьте столбец «Тип партнёра»",
                               "warning"))
    return True
