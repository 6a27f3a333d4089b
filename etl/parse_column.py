"""Parsing a column of raw values once per distinct value (the type parsers of etl/normalize.py), with fast paths
for the columns of mostly distinct values (names, INNs)."""
from __future__ import annotations

from etl import meaning, normalize
from etl.catalogue import header_key, indicator_code, short_of_hours


def parse_text(v):
    # fast path: a printable string without stray spaces is already clean (clean_text would return it as is)
    if v.__class__ is str and v and v.isprintable() and v[0] != " " and v[-1] != " " and "  " not in v:
        return v, None
    return normalize.clean_text(v), None


def parse_inn(v):
    if v.__class__ is str and len(v) in (10, 12) and v.isascii() and v.isdigit():
        return v, None
    return normalize.parse_inn(v)


def parse_indicator(v):
    if v is None or (isinstance(v, str) and not v.strip()):
        return None, None
    code = indicator_code(v)
    if code:
        return code, None
    if (short := short_of_hours(v)) is not None:
        return None, f"Неизвестный показатель: часов обучения указано меньше, чем в показателе «{short}»"
    if meaning.counts_participations((str(v),)):
        return None, "Неизвестный показатель: указано число участий (раз), а показатели считают людей"
    if meaning.counts_what_was_held((str(v),)) or meaning.counts_things((str(v),)):  # (t90: «… экскурсий, ед.»)
        return None, "Неизвестный показатель: указано, сколько проведено (ед.), а показатели считают людей"
    return None, "Неизвестный показатель"


def indicator_parser(answers: dict[str, str]):
    """parse_indicator, the rows' texts the analyst gave an indicator (`Staged.row_answers`, by header_key) first."""
    if not answers:
        return parse_indicator

    def parse(v):
        code = answers.get(header_key(v)) if isinstance(v, str) else None
        return (code, None) if code else parse_indicator(v)
    return parse


class Memo(dict):
    """Parsed value per distinct raw value, filled as the column is read (one C-level pass for the column)."""

    def __init__(self, parse):
        super().__init__()
        self.parse = parse
        self.bad: dict = {}

    def __missing__(self, v):
        value, error = self.parse(v)
        if error is not None:
            self.bad[v] = error
        self[v] = value
        return value


def parse_column(parse, raw: list) -> tuple[list, list[int], dict]:
    """Parse a column once per distinct value: (values, indices of bad cells, {index: error})."""
    if parse is parse_text:  # mostly distinct values (names): inline fast path, no memo
        clean = normalize.clean_text
        return [v if (v.__class__ is str and v and v.isprintable() and v[0] != " " and v[-1] != " "
                      and "  " not in v) else clean(v) for v in raw], [], {}
    if parse is parse_inn:  # distinct values: plain 10/12-digit strings (and numbers) pass as they are
        vals = [v if (v.__class__ is str and len(v) in (10, 12) and v.isascii() and v.isdigit()) else
                s if (v.__class__ is float and 1e9 <= v < 1e12 and v.is_integer() and len(s := str(int(v))) in (10, 12))
                else None for v in raw]
        errors = {}
        if vals.count(None) != raw.count(None):  # some values need the full parser
            for i, v in enumerate(raw):
                if v is not None and vals[i] is None:
                    vals[i], e = normalize.parse_inn(v)
                    if e is not None:
                        errors[i] = e
        return vals, sorted(errors), errors
    memo = Memo(parse)
    try:
        vals = list(map(memo.__getitem__, raw))
        # True == 1 (and False == 0) share a key: with a bool in the column, keep the type in the key (slow path)
        if (1 in memo or 0 in memo) and bool in set(map(type, raw)):
            raise TypeError
    except TypeError:  # that, or an unhashable value
        pass
    else:
        bad = memo.bad
        if not bad:
            return vals, [], {}
        errors = {i: bad[v] for i, v in enumerate(raw) if v in bad}
        return vals, sorted(errors), errors
    keyed: dict = {}
    vals, errors = [], {}
    for i, v in enumerate(raw):
        key = (v.__class__, v)
        try:
            r = keyed[key]
        except KeyError:
            r = keyed[key] = parse(v)
        except TypeError:  # unhashable
            r = parse(v)
        vals.append(r[0])
        if r[1] is not None:
            errors[i] = r[1]
    return vals, sorted(errors), errors


# the type parsers, with fast paths for the columns of mostly distinct values (names, INNs)
TYPE_PARSERS = {**normalize.PARSERS, "text": parse_text, "ref": parse_text, "inn": parse_inn}


def yes_by_column(vals: list, bad: list[int], errors: dict, raw: list, numbered: bool = False) -> list[int]:
    """A yes/no column's cells its neighbours explain: under a header naming a document's number («№ приказа о
    назначении ответственного») a bare number (47) is that order — «да»; in a column naming people («Ким», «Иванова
    И.И.») a capitalised word the dictionary does not know as a surname («Пак», «Хван») names a person too — «да»
    (either was «Ожидается «да» или «нет»» and the file stopped). Returns the cells still bad."""
    from etl import morph

    if not bad:
        return bad
    if numbered:
        odd = {i for i in bad if normalize.parse_number(raw[i])[1] is None}
    else:
        odd = {i for i in bad if isinstance(raw[i], str) and morph.one_name(normalize.clean_text(raw[i]) or "")}
        named = any(v is True and isinstance(raw[i], str) and i not in odd
                    and not normalize.YES_NO_WORDS.issuperset([normalize.norm_key(raw[i])]) for i, v in enumerate(vals))
        odd = odd if named else set()
    for i in odd:
        vals[i] = True
        errors.pop(i, None)
    return [i for i in bad if i not in odd]
