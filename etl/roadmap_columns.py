"""The columns of a roadmap's execution read by their values where the header alone misleads: «Результат исполнения»
holding «выполнено» is the status; «Информация об исполнении» holding orders beside the status column is the
confirmation of execution; the one status column holding texts is that confirmation (the step «plan a sheet»)."""
from __future__ import annotations

import re
from datetime import date, datetime

from etl import evidence, meaning
from etl.model import Problem
from etl.row_rules import clean, empty


def read(st, sheet, t, cmap, samples, label) -> None:
    """The status and the confirmation of a roadmap's execution, by the values of its execution columns."""
    if st.kind != "roadmap" or not samples:
        return
    status_by_values(t, cmap, samples)
    texts_for_status(st, sheet, cmap, samples, label)
    done_on_beside_deadline(t, cmap, samples)
    evidence_beside_status(t, cmap, samples)


def _free_execution_columns(t, cmap) -> list:
    """Columns not read as any field whose header speaks of the execution or its state («Результат исполнения»,
    «Информация об исполнении», «Отметка о выполнении»)."""
    taken = set(cmap.fields.values()) | cmap.left_out
    return [c for c in t.columns if c.index not in taken and meaning.read(tuple(c.parts)).concepts & _EXECUTION
            and (c.index in cmap.alternatives or any(u.index == c.index for u in cmap.unmatched))]


_EXECUTION = {"execution", "status"}


def status_by_values(t, cmap, samples) -> None:
    """No status column, but one of the execution holding statuses («Результат исполнения: выполнено»): the
    status."""
    if "status" in cmap.fields:
        return
    for c in _free_execution_columns(t, cmap):
        said = [v for v in samples.get(c.index, []) if not empty(v)]
        if said and evidence.fits("status", said):
            cmap.alternatives.pop(c.index, None)
            cmap.take("status", c.index, "значения — статусы исполнения; " + evidence.describe("status", said))
            return


def done_on_beside_deadline(t, cmap, samples) -> None:
    """Beside the deadline column, a date of the execution («Срок | … | Дата исполнения: 15.09.2023»): the day it was
    done. Alone, with no deadline column, the same header may be the deadline: asked, not taken."""
    if "deadline_text" not in cmap.fields or "done_on" in cmap.fields:
        return
    for c in _free_execution_columns(t, cmap):
        said = [v for v in samples.get(c.index, []) if not empty(v)]
        if said and "date" in meaning.read(tuple(c.parts)).concepts and all(_a_date(v) for v in said):
            cmap.alternatives.pop(c.index, None)
            cmap.take("done_on", c.index, "даты исполнения рядом со сроком")
            return


def evidence_beside_status(t, cmap, samples) -> None:
    """Beside the status column, one of the execution holding texts («Информация об исполнении: Приказ МОСО от
    21.08.2023 № 3.12-1100-р»): the confirmation of execution, not a second status nor a column left unread."""
    if "status" not in cmap.fields or "evidence" in cmap.fields:
        return
    for c in _free_execution_columns(t, cmap):
        said = [v for v in samples.get(c.index, []) if not empty(v)]
        # (texts that read as statuses — «Проведено 35 проб», «перенесено» — among orders and reports: texts of
        # execution still; tester round t78: the column was left out. Statuses only: a second status column, asked)
        if said and not all(_is_status(v) for v in said) and not all(_a_date(v) for v in said):
            cmap.alternatives.pop(c.index, None)
            cmap.take("evidence", c.index, "тексты об исполнении рядом со статусом")
            return


def texts_for_status(st, sheet, cmap, samples, label) -> None:
    """The one column read as the status holds texts of what was done («Распоряжение МОМО от 21.08.2023 № Р-901»,
    «Информация размещается на сайтах»), not statuses: it is the confirmation of execution (evidence), the statuses
    are not given — said once, never an «unknown status» on every row nor a status made up from the texts."""
    i = cmap.fields.get("status")
    if i is None or "evidence" in cmap.fields or not samples.get(i):
        return
    said = [v for v in samples[i] if not empty(v)]
    # documents («Распоряжение МОМО от 21.08.2023 № Р-901»: words, not a date cell) among the texts
    documents = any(_DOCUMENT.search(str(v)) and len(str(v).split()) >= 3 for v in said if not _is_status(v))
    if len(said) < 2 or evidence.fits("status", said) or \
            (not documents and any(evidence.fits(t, said) for t in ("date", "number"))):
        return
    if 5 * sum(1 for v in said if _is_status(v)) >= len(said):  # (a few texts among statuses: asked row by row —
        if documents:  # but documents among them: the confirmation, a status where their words say one — t92)
            cmap.fields["evidence"] = i
            cmap.why["evidence"] = "тексты об исполнении; статус — по их словам, где он назван"
        return
    column = label(i)
    cmap.fields["evidence"] = cmap.fields.pop("status")
    cmap.why["evidence"] = "тексты об исполнении, а не статусы"
    cmap.why.pop("status", None)
    st.problems.append(Problem(
        st.name, sheet.name, None, column, None, "status_as_texts",
        f"В столбце {column} — тексты об исполнении, а не статусы («{clean(said[0])[:60]}»): они загружены как "
        "подтверждение исполнения, статус мероприятий не указан (на странице — «не указан»)",
        "Если нужен статус, добавьте столбец «Статус исполнения» (выполнено, в работе, не выполнено, не начато)",
        "warning"))


def _a_date(v) -> bool:
    """A date and nothing else («21.08.2023», a date cell): of a column of the day done, not of texts."""
    return isinstance(v, (date, datetime)) or bool(_DATE.fullmatch(clean(v)))


_DATE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}\s*(?:г\.?)?")


# a text naming a document or its details («Распоряжение МОМО от 21.08.2023 № Р-901»): a confirmation, not a status
_DOCUMENT = re.compile(r"№\s*\S|\d{1,2}\.\d{1,2}\.\d{2,4}|(?:приказ|распоряжени|постановлени|письм|протокол)\w*",
                       re.IGNORECASE)


def _is_status(v) -> bool:
    from etl.statuses import parse

    return parse(v)[0] is not None
