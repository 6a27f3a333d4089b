"""Records of a wide layout (etl/assemble.py hands it over): a column (or a group of columns) per event, per partner
type or per indicator — one record per filled group of a row; the events' date from a row of dates under their
names, «40/0/4» split, the participants of a second table named in its title row."""
from __future__ import annotations

from etl import grade_parts, hidden_columns, participant_cells, participant_sections
from etl.mark_columns import no_partner
from etl.plan import SheetPlan
from etl.staged import Staged


def records(st: Staged, p: SheetPlan) -> None:
    """One record per filled group of a row: an event's participants, a partner under its type, an indicator."""
    rows, fields, label = p.sheet.rows, dict(p.cmap.fields), p.label
    hidden_columns.loaded(st, p)  # a hidden column of an event or an indicator: loaded, said
    who_of = participant_sections.of_rows(st, p) if st.kind == "events" else {}  # «Таблица 2. … родителей»
    # an event's date from the row of dates under the events' names (group -> its column there), unless a column
    # gives each row's date
    dated_by: dict[str, int] = {}
    summed = p.cmap.wide_summed  # an event's pupils by grades: their sum
    for group, sub in p.cmap.wide_groups if p.t.column_dates and "event_date" not in fields else ():
        on = [i for i in sub.values() if i in p.t.column_dates]
        if on:
            dated_by[group] = on[0]
    for ri in p.t.data_rows:
        r = rows[ri]
        base = {f: (r[i] if i < len(r) else None) for f, i in fields.items()}
        if "municipality" not in base and (p.section_muni or p.sheet_muni is not None):
            base["municipality"] = p.muni(ri)
        if "school_name" not in base and p.sheet_school:  # a form of one school, named in its title
            base["school_name"] = p.sheet_school
        for group, sub in p.cmap.wide_groups:
            if st.kind == "events":
                vals = {who_of.get(ri, k): (grade_parts.add([[r[j] if j < len(r) else None] for j in summed[i]])[0]
                                            if i in summed else r[i] if i < len(r) else None) for k, i in sub.items()}
                torn = None
                if len(sub) > 1 and len(set(sub.values())) == 1:  # «40/0/4» under «обучающиеся / родители / …»
                    torn = participant_cells.unsplit(next(iter(vals.values())), len(sub))  # «40/2», «80»: its error
                    vals = dict.fromkeys(sub, 0) if torn else \
                        {f: v[0] for f, v in participant_cells.split([next(iter(vals.values()))], tuple(sub)).items()}
                if not torn and all(v in (None, "") for v in vals.values()):  # (a torn cell's row: bad, said)
                    continue
                on = dated_by.get(group)
                dated = {} if on is None else {"event_date": p.t.column_dates[on]}
                whose = {who_of.get(ri, k): " + ".join(map(label, summed.get(i, [i]))) for k, i in sub.items()}
                st.add_one(p.sheet.name, ri, {**p.flabels, **whose,
                                              **({} if on is None else {"event_date": f"{label(on)}, строка дат"})},
                           {**base, **vals, "event": group, **dated})
                if torn:
                    participant_cells.torn_cell(st, next(iter(sub)), torn, tuple(sub))
            elif st.kind == "agreements":  # a partner's name under its type's column
                v = r[sub["partner_name"]] if sub["partner_name"] < len(r) else None
                if v not in (None, "") and not (isinstance(v, str) and not v.strip()) and not no_partner(v):
                    st.add_one(p.sheet.name, ri, {**p.flabels, "partner_name": label(sub["partner_name"]),
                                                  "partner_type": label(sub["partner_name"])},
                               {**base, "partner_name": v, "partner_type": group})
            else:
                v = r[sub] if sub < len(r) else None
                if v in (None, "") or (isinstance(v, str) and not v.strip()):
                    continue
                st.add_one(p.sheet.name, ri, {**p.flabels, "value": label(sub), "indicator_code": label(sub)},
                           {**base, "indicator_code": group, "value": v})
