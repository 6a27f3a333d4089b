"""An agreements form's notes («Примечание») read for the agreement's state, when the form has no column of it:
«расторгнут 01.03.2024», «утратил силу» — ended (left out by the rules when before the period's end); «пролонгирован
до 31.08.2024», «продлён» — its validity goes on (tester round t77: a prolonged agreement was left out as expired)."""
from __future__ import annotations

import re

from etl import meaning, periods
from etl.agreement_state import VALIDITY_WHY
from etl.model import Problem
from etl.normalize import _empty, extract_date, norm_key, parse_in_force
from etl.textru import some_of

# a note saying the agreement is no longer in force («расторгнут 01.03.2024», «Договор прекратил действие», «утратил
# силу»), not one saying it is not («не расторгнут»): on norm_key
_ENDED_NOTE = re.compile(r"(?<!не )(?:расторг|расторжен(?!и)|прекращ|прекратил|аннулир|утратил\w* сил|истек)"
                         r"|не действ|недейств")


def in_force_from_notes(st, sheet, t, cmap, label) -> None:
    """Agreements with no «state» column whose notes («Примечание»: «расторгнут 01.03.2024») say an agreement
    ended: such an agreement is not in force (left out and said, as a «расторгнут» state); the other notes say
    nothing about it. The column is read for that alone, when one of its notes says so; beside a column of the
    validity read as the state (`in_force_from_validity`), a note's end replaces its row's validity."""
    state = cmap.fields.get("in_force")
    validity = state if cmap.why.get("in_force") == VALIDITY_WHY else None
    if st.kind != "agreements" or not t.data_rows:
        return
    for c in cmap.unmatched:
        if c.index in cmap.left_out or "note" not in meaning.read(tuple(c.parts)).concepts:
            continue
        notes = sheet.cells(c.index, t.data_rows).values()
        if state is not None:  # (a validity in the state column, «Действует до: 31.12.2023», goes on too)
            _prolonged(st, sheet, t, c, state, notes, label)
        if state is not None and validity is None:
            continue  # (a column of the state: its words, not the notes, say whether the agreement ended)
        ended = {r: v for r, v in zip(t.data_rows, notes) if isinstance(v, str) and _ENDED_NOTE.search(norm_key(v))}
        if not ended:
            continue
        # the state as the rules read it: ended, or ended on a date (not in force if that came before the period's
        # end: `ended_by_validity` below; «расторгнут 15.01.2025» was in force on 31.12.2024)
        dates = {r: extract_date(v) for r, v in ended.items()}
        states = {r: f"{dates[r]:%d.%m.%Y}" if dates.get(r) else "не действует" for r in ended}
        if validity is not None:  # (a validity ended before the note's date stays as it is)
            until = dict(zip(t.data_rows, sheet.cells(validity, t.data_rows).values()))
            sheet.replace_cells(validity, {r: v for r, v in states.items() if not dates.get(r)
                                           or (periods.deadline_of(until[r]) or dates[r]) >= dates[r]})
        else:
            sheet.replace_cells(c.index, {r: states.get(r, "") for r in t.data_rows})
            cmap.take("in_force", c.index, "отметки о прекращении договора в примечании")
        shown = some_of([f"строка {r + 1}: «{v.strip()}»" for r, v in ended.items()], 3)
        st.problems.append(Problem(
            st.name, sheet.name, None, label(c.index), None, "ended_by_note",  # (its rows are left out)
            f"О прекращении договоров сказано в примечании ({shown}): прекращённые до конца отчётного периода не "
            "загружаются как недействующие, прекращённые позже — учитываются как действующие",
            "Если договор действует, исправьте примечание; если нет — удалите строку", "warning"))
        return


# a note saying the agreement goes on («пролонгирован до 31.08.2024», «продлён на 2024/2025 уч. год», «пролонгация»),
# not one saying it does not («не пролонгирован»): on norm_key
_PROLONGED = re.compile(r"(?<!не )(?:пролонг|продлен|продлён)")


def _prolonged(st, sheet, t, c, state: int, notes, label) -> None:
    """Beside a validity in the state column («по 31.08.2023», «Действует до: 31.12.2023»), a note saying the
    agreement was prolonged: to the note's date, else open-ended — that row's validity is replaced, said once (a
    state in words, «расторгнут», stays as it is)."""
    until = dict(zip(t.data_rows, sheet.cells(state, t.data_rows).values()))
    going = {r: v for r, v in zip(t.data_rows, notes) if isinstance(v, str) and _PROLONGED.search(norm_key(v))
             and not _ENDED_NOTE.search(norm_key(v)) and _a_validity(until[r])}
    if not going:
        return
    ends = {r: extract_date(v) for r, v in going.items()}
    sheet.replace_cells(state, {r: f"по {d:%d.%m.%Y}" if d else "пролонгирован" for r, d in ends.items()})
    shown = some_of([f"строка {r + 1}: «{v.strip()}»" for r, v in going.items()], 3)
    st.problems.append(Problem(
        st.name, sheet.name, None, label(c.index), None, "prolonged_by_note",
        f"Срок действия договоров продлён примечанием ({shown}): учтён новый срок (без даты — договор действует)",
        "Если договор не продлён, исправьте примечание", "warning"))


def _a_validity(v) -> bool:
    """A validity (a date, a term, «бессрочно»), not a state in words («действует», «расторгнут»)."""
    return not _empty(v) and parse_in_force(v) == (None, None)
