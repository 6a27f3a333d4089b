"""The mapping of one table's columns (etl/mapping.py makes it): the fields and the columns they are read from,
wide groups, marks, participants, and every column not loaded with the reason."""
from __future__ import annotations

from dataclasses import dataclass, field

CHOSEN = "выбрано аналитиком"  # why a column is its field: the analyst said so


@dataclass
class ColumnMap:
    kind: str
    fields: dict[str, int]  # field -> 0-based column index
    unmatched: list  # [locate.Column]
    missing_required: list[str]
    layout: str = "long"  # 'long' | 'wide'
    wide_groups: list = field(default_factory=list)
    how: dict[str, str] = field(default_factory=dict)  # field -> 'synonym' | 'override'
    # a field marked column by column — one column per level («базовый | основной | продвинутый»), per partner type
    # («ВУЗ | СПО | предприятие») — each row's value marked («+», «да», «1») in one: field -> value -> column index
    marks: dict[str, dict[str, int]] = field(default_factory=dict)
    # events with one column for several kinds of participants, «120/15/8» under «(обучающиеся/родители/педагоги)»:
    # (column index, the participant fields in the order the header names them)
    split_participants: tuple[int, tuple[str, ...]] | None = None
    # events with one count per row and a «Категория участников» column saying whose (etl/participants.py):
    # (the category column, the count column)
    by_category: tuple[int, int] | None = None
    # unmatched columns that hold no monitoring figure (№ п/п, ФИО, телефон, примечание …) or that the analyst
    # chose not to load
    ignorable: set[int] = field(default_factory=set)
    why: dict[str, str] = field(default_factory=dict)  # field -> Russian: how its column was recognised
    alternatives: dict[int, str] = field(default_factory=dict)  # column -> the field another column was taken for
    # a figure broken down over columns of one group with no «всего» among them («Численность обучающихся» over
    # «6 кл.» … «11 кл.»): field or indicator -> the columns of its parts (one part alone would be a wrong figure)
    breakdown: dict[str, list[int]] = field(default_factory=dict)
    left_out: set[int] = field(default_factory=set)  # columns the analyst chose not to load («-»): never taken after
    chosen: list[tuple[str, int]] = field(default_factory=list)  # (indicator, column) the analyst gave a wide form
    # columns read as a field the analyst gave another column (column -> field): their figures would be lost unseen
    displaced: dict[int, str] = field(default_factory=dict)
    sums: dict[int, tuple] = field(default_factory=dict)  # a wide form's «Всего» column -> what it adds up
    summed: dict[str, list[int]] = field(default_factory=dict)  # a field added up from its grades' columns
    # a wide events form's pupils of an event added up from its grades' columns («Профпробы» over «6-9 кл.» |
    # «10-11 кл.» | «родители»): the group's students column (the first) -> the columns added
    wide_summed: dict[int, list[int]] = field(default_factory=dict)
    grade_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # a breakdown's grades: not 6–11
    # agreements written side by side in a row («Договор 1 | партнёр», «Договор 2 | партнёр»): field -> its columns
    side_by_side: dict[str, list[int]] = field(default_factory=dict)
    # a wide events form whose participants nobody named (etl/event_people.py): its event columns, asked about
    unsaid_people: list[int] = field(default_factory=list)
    # the participant field the analyst gave each event column of a wide form (column -> field: etl/event_people.py)
    given_people: dict[int, str] = field(default_factory=dict)
    # a field a column's header reads as by meaning or more, not taken for values that contradict it (field ->
    # column): with no other column of the field, asked about (etl/accounting.py) — never dropped with a warning
    contradicted: dict[str, int] = field(default_factory=dict)
    named: dict[str, int] = field(default_factory=dict)  # a count read from the people's names (etl/named_counts.py)

    def chosen_by_analyst(self, field: str, index: int) -> None:
        """Column `index` is `field`: the analyst's choice (the page's or --map), before anything is read."""
        self.fields[field] = index
        self.how[field] = "override"
        self.why[field] = CHOSEN

    def take(self, field: str, index: int, why: str) -> None:
        """Column `index` read as `field` after the mapping (a sheet's helper recognised it by its values or its
        neighbours): no longer unmatched, ignorable or missing."""
        self.fields[field] = index
        self.why[field] = why
        self.unmatched = [u for u in self.unmatched if u.index != index]
        self.ignorable.discard(index)
        self.missing_required = [f for f in self.missing_required if f != field]

    def breakdown_columns(self) -> set[int]:
        """The columns of the figures broken down with no «всего» (`breakdown`): asked about, never loaded."""
        return {i for cols in self.breakdown.values() for i in cols}

    def field_of(self, index: int) -> str | None:
        for f, i in self.fields.items():
            if i == index:
                return f
        return None
