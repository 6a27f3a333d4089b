"""Regions and municipalities: canonical names, spellings, aliases, mergers, fuzzy suggestions.

Reference data (`data/reference/`): `regions.csv`, `municipalities.csv` (one row per unit; `merged_into` and
`valid_to` for units absorbed since 2023), `aliases.csv` (alias, municipality, region_code, note: factual
variants such as administrative centres and former district names). Aliases confirmed by analysts at run
time go to a file next to the database, `<db dir>/aliases_learned.csv` (env `MONITORING_ALIASES`), never to
the repository.

`match()` never guesses: it compares exact keys after normalisation (case, ё/е, quotes, dashes, spaces,
«г.о.», «городской округ», «муниципальный округ», «район», «г.», «ЗАТО»… and their case forms). Fuzzy
similarity is only offered by `suggest()` for a person to confirm.
"""
from __future__ import annotations

import csv
import fcntl
import os
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from etl import config, reference
from etl.normalize import clean_text, norm_key

HOW = ("exact", "alias", "merged", "normalized")
SHEET_NAME_MAX = 31  # Excel cuts sheet names to 31 characters

# Words around a name that say what kind of unit it is (compared on norm_key tokens, longest first).
_AFFIXES = [
    "закрытое административно территориальное образование",
    "городской округ", "городского округа", "городском округе", "городским округом",
    "муниципальный округ", "муниципального округа", "муниципальном округе", "муниципальным округом",
    "муниципальный район", "муниципального района", "муниципальном районе", "муниципальным районом",
    "муниципальное образование", "муниципального образования", "муниципальном образовании",
    "администрация", "администрации",
    "гор округ", "г о", "м о", "м р", "р н", "го", "мо", "мр", "гп",
    "округ", "округа", "район", "района", "районе",
    "город", "города", "городе", "гор", "г", "зато",
]
_AFFIX_TOKENS = sorted((tuple(a.split()) for a in _AFFIXES), key=len, reverse=True)
_REGION_WORDS = {"область", "области", "обл", "областью", "областная", "областной"}


def _strip_affixes(tokens: list[str], affixes) -> list[str]:
    changed = True
    while changed and tokens:
        changed = False
        for a in affixes:
            n = len(a)
            if len(tokens) > n and tuple(tokens[:n]) == a:
                tokens = tokens[n:]
                changed = True
                break
            if len(tokens) > n and tuple(tokens[-n:]) == a:
                tokens = tokens[:-n]
                changed = True
                break
    return tokens


def name_key(text) -> str:
    """The comparison key of a municipality name: «Городской округ «Город Южно-Сахалинск»» → 'южно сахалинск',
    «Одинцовский г.о.» → 'одинцовский', «городской округ Королев» → 'королев'."""
    return " ".join(_strip_affixes(norm_key(text).split(), _AFFIX_TOKENS))


def _inflections(key: str) -> list[str]:
    """Case forms of an adjective name: 'одинцовский' → 'одинцовского', 'одинцовском', 'одинцовскому'."""
    words = key.split()
    if not words:
        return []
    last = words[-1]
    if len(last) > 4 and last[-2:] in ("ий", "ый", "ой"):
        stem = last[:-2]
        return [" ".join(words[:-1] + [stem + end]) for end in ("ого", "ому", "ом", "им")]
    return []


@dataclass(frozen=True)
class Match:
    municipality: str  # canonical short name (municipalities.csv `municipality`)
    region_code: str
    how: str  # exact | alias | merged | normalized
    score: float = 100.0  # a deterministic match is always 100; kept for symmetry with suggest()
    # the unit the name names before mergers are followed (Дзержинский for «г. Дзержинский»); not part of equality
    unit: str = field(default="", compare=False)


@dataclass(frozen=True)
class _Entry:
    region: str
    target: str  # the unit the key names (before following mergers)
    how: str  # 'normalized' | 'alias'
    rank: int  # 0 names, 1 aliases, 2 case forms: a lower rank wins


def runtime_aliases_path() -> Path:
    """Aliases confirmed by analysts: next to the database unless MONITORING_ALIASES says otherwise."""
    return Path(os.environ.get("MONITORING_ALIASES", str(config.db_path().parent / "aliases_learned.csv")))


def _read_csv(path: Path) -> list[dict]:
    return [{k: v.strip() for k, v in r.items() if k} for r in reference.read(Path(path))]


class Registry:
    """Municipalities and regions of the reference data, with every known spelling of their names."""

    def __init__(self, regions: list[dict], units: list[dict], aliases: list[dict], runtime_aliases: list[dict],
                 runtime_path: Path):
        self._regions = regions
        self._region_by_code = {r["code"]: r for r in regions}
        self._units = units
        self._unit = {(u["region_code"], u["municipality"]): u for u in units}
        self.runtime_path = runtime_path
        # Region names are affixes too: «г.о. Химки Московской области».
        region_affixes = []
        for r in regions:
            words = norm_key(r["name"]).split()
            if len(words) == 2 and words[0].endswith("ая"):
                stem = words[0][:-2]
                region_affixes += [(stem + "ая", "область"), (stem + "ой", "области"), (stem + "ая", "обл"),
                                   (stem + "ой", "обл")]
        self._affixes = sorted(set(region_affixes) | set(_AFFIX_TOKENS), key=len, reverse=True)
        self._exact: dict[str, list[_Entry]] = {}
        self._index: dict[str, list[_Entry]] = {}
        for u in units:
            e = _Entry(u["region_code"], u["municipality"], "normalized", 0)
            for text in {u["municipality"], u["official_name"]} - {""}:
                self._exact.setdefault(clean_text(text), []).append(e)
                self._add_key(self.key(text), e)
        self._alias_rows = aliases + runtime_aliases
        for a in self._alias_rows:
            self._add_alias_row(a)
        for key, entries in list(self._index.items()):
            for e in entries:
                if e.rank < 2:
                    for form in _inflections(key):
                        self._add_key(form, _Entry(e.region, e.target, e.how, 2))

    # -----------------------------------------------------------------------------------------
    # Loading

    @classmethod
    def load(cls, ref_dir: str | Path | None = None, aliases_path: str | Path | None = None) -> "Registry":
        ref = Path(ref_dir) if ref_dir is not None else config.REFERENCE_DIR
        regions = _read_csv(ref / "regions.csv")
        _check_regions(regions)
        units = _read_csv(ref / "municipalities.csv")
        _check_units(units)
        aliases = _read_csv(ref / "aliases.csv")
        rpath = Path(aliases_path) if aliases_path is not None else runtime_aliases_path()
        return cls(regions, units, aliases, _read_csv(rpath), rpath)

    def key(self, text) -> str:
        """The comparison key of a name (module-level name_key plus this registry's region names)."""
        return " ".join(_strip_affixes(norm_key(text).split(), self._affixes))

    def _add_key(self, key: str, entry: _Entry) -> None:
        if not key:
            return
        entries = self._index.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)

    def _add_alias_row(self, a: dict) -> None:
        region = a.get("region_code", "")
        target = a.get("municipality", "")
        if (region, target) not in self._unit:
            return  # an alias of an unknown unit is ignored rather than guessed
        self._add_key(self.key(a.get("alias", "")), _Entry(region, target, "alias", 1))

    # -----------------------------------------------------------------------------------------
    # Regions

    def regions(self) -> list[dict]:
        """One dict per region (code, name, short_name, cadence, ministry, coordinator, order_no, …)."""
        return [dict(r) for r in self._regions]

    def region(self, code: str) -> dict | None:
        r = self._region_by_code.get(self.region_code(code) or "")
        return dict(r) if r else None

    def region_code(self, text) -> str | None:
        """'50', 50, 'Московская область', 'московская обл.', 'Московской области', 'Сахалинская' → code."""
        if text is None or isinstance(text, bool):
            return None
        key = norm_key(text)
        if not key:
            return None
        if key.isdigit():
            code = str(int(key)).zfill(2)
            return code if code in self._region_by_code else None
        words = [w for w in key.split() if w not in _REGION_WORDS]
        if len(words) != 1:
            return None
        w = words[0]
        for r in self._regions:
            first = norm_key(r["name"]).split()[0]
            stem = first[:-2] if first.endswith(("ая", "ий", "ой")) else first
            if w == first or (w.startswith(stem) and len(w) - len(stem) <= 3):
                return r["code"]
        return None

    def cadence(self, code) -> str | None:
        """'quarter' | 'half' for a region (code or name); None if unknown."""
        r = self._region_by_code.get(self.region_code(code) or "")
        return (r.get("cadence") or None) if r else None

    # -----------------------------------------------------------------------------------------
    # Municipalities

    def absorbing(self) -> set[str]:
        """The municipalities other units were merged into (Люберцы, Серпухов …)."""
        return {u["merged_into"] for u in self._unit.values() if u.get("merged_into")}

    def merged_year(self, region: str, unit: str) -> int | None:
        """The year a unit has been part of another since (the day after its `valid_to`), if it was merged."""
        u = self._unit.get((region, unit)) or {}
        if not u.get("merged_into") or not u.get("valid_to"):
            return None
        return (date.fromisoformat(str(u["valid_to"])[:10]) + timedelta(days=1)).year

    def _resolve(self, region: str, target: str) -> tuple[str, bool]:
        """Follow mergers: (unit that holds the territory now, whether a merger was followed)."""
        merged = False
        seen = set()
        while True:
            u = self._unit.get((region, target))
            nxt = u.get("merged_into") if u else ""
            if not nxt or target in seen:
                return target, merged
            seen.add(target)
            target, merged = nxt, True

    def _pick(self, entries: list[_Entry], region: str | None) -> tuple[_Entry, str] | None:
        """The one unit the entries name (the given region first); None when none or ambiguous."""
        if not entries:
            return None
        pools = []
        if region:
            pools.append([e for e in entries if e.region == region])
        pools.append(entries)
        for pool in pools:
            if not pool:
                continue
            best = min(e.rank for e in pool)
            top = [e for e in pool if e.rank == best]
            targets = {(e.region, self._resolve(e.region, e.target)[0]) for e in top}
            if len(targets) == 1:
                return top[0], targets.pop()[1]
            return None
        return None

    def match(self, name, region: str | None = None) -> Match | None:
        """The canonical unit a written name means, or None. `region` is a preference, not a filter:
        a unit of another region is returned when the name is unambiguous (the caller reports it).

        The name of a unit merged since (Протвино, Дзержинский…) means the unit that absorbed it
        (how='merged'), in every period, so series stay comparable over time on today's borders.
        """
        text = clean_text(name)
        if text is None:
            return None
        region = self.region_code(region) if region else None
        picked = self._pick(self._exact.get(text, []), region)
        if picked is None:
            picked = self._pick(self._index.get(self.key(text), []), region)
            if picked is None and len(text) == SHEET_NAME_MAX:
                picked = self._pick_truncated(text, region)
            if picked is None:
                return None
            how = picked[0].how
        else:
            how = "exact"
        e, target = picked
        if self._resolve(e.region, e.target)[1]:
            how = "merged"
        return Match(target, e.region, how, 100.0, e.target)

    def _pick_truncated(self, text: str, region: str | None):
        """A sheet name Excel cut at 31 characters: «Городской округ Лосино-Петровск», «Сергиево-Посадский
        городской ок». The cut word is completed only when exactly one unit's name starts with it."""
        tokens = norm_key(text).split()
        for a in self._affixes:  # a cut affix at the end: «… городской ок» / «… городс»
            for k in range(len(a), 0, -1):
                if len(tokens) > k and tuple(tokens[-k:-1]) == a[:k - 1] and a[k - 1].startswith(tokens[-1]):
                    key = " ".join(_strip_affixes(tokens[:-k], self._affixes))
                    picked = self._pick(self._index.get(key, []), region)
                    if picked is not None:
                        return picked
        key = " ".join(_strip_affixes(tokens, self._affixes))
        if len(key) < 4:
            return None
        entries = [e for k, es in self._index.items() if k.startswith(key) for e in es if e.rank < 2]
        return self._pick(entries, region)

    def suggest(self, name, region: str | None = None, limit: int = 3) -> list[tuple[str, str, float]]:
        """Similar units for a person to confirm: [(municipality, region_code, score 0..100)], best first.

        Never applied by match(); the score is rapidfuzz's WRatio of the normalised keys.
        """
        from rapidfuzz import fuzz, process

        key = self.key(clean_text(name) or "")
        if not key:
            return []
        region = self.region_code(region) if region else None
        keys = [k for k, entries in self._index.items()
                if not region or any(e.region == region for e in entries)]
        best: dict[tuple[str, str], float] = {}
        for k, score, _ in process.extract(key, keys, scorer=fuzz.WRatio, limit=None, score_cutoff=60):
            for e in self._index[k]:
                if region and e.region != region:
                    continue
                unit = (e.region, self._resolve(e.region, e.target)[0])
                best[unit] = max(best.get(unit, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0][1]))
        return [(m, r, round(s, 1)) for (r, m), s in ranked[:limit]]

    def infer_region(self, names) -> str | None:
        """The region most of the recognised names belong to (None if none is recognised or it is a tie)."""
        votes: Counter = Counter()
        for n in names:
            if n in (None, ""):
                continue
            m = self.match(str(n))
            if m:
                votes[m.region_code] += 1
        if not votes:
            return None
        top = votes.most_common(2)
        if len(top) > 1 and top[0][1] == top[1][1]:
            return None
        return top[0][0]

    def municipalities(self, region_code: str | None = None):
        """Units of a region (all regions when None) as a DataFrame: name, official_name, kind, centre, lat,
        lon, active (False for units merged into another), merged_into, valid_to, region_code, …"""
        import pandas as pd

        code = self.region_code(region_code) if region_code is not None else None
        rows = []
        for u in self._units:
            if code is not None and u["region_code"] != code:
                continue
            rows.append({
                "name": u["municipality"], "official_name": u["official_name"], "kind": u["kind"],
                "centre": u["admin_centre"], "lat": float(u["lat"]) if u["lat"] else None,
                "lon": float(u["lon"]) if u["lon"] else None, "active": not u.get("merged_into"),
                "merged_into": u.get("merged_into") or None,
                "valid_to": date.fromisoformat(u["valid_to"]) if u.get("valid_to") else None,
                "coords_approximate": u.get("coords_approximate") == "yes",
                "region_code": u["region_code"], "note": u.get("note") or None,
            })
        cols = ["name", "official_name", "kind", "centre", "lat", "lon", "active", "merged_into", "valid_to",
                "coords_approximate", "region_code", "note"]
        return pd.DataFrame(rows, columns=cols)

    def names(self, region_code: str | None = None, active_only: bool = True) -> list[str]:
        """Canonical names of a region's units (sorted)."""
        code = self.region_code(region_code) if region_code is not None else None
        return sorted(u["municipality"] for u in self._units
                      if (code is None or u["region_code"] == code) and not (active_only and u.get("merged_into")))

    # -----------------------------------------------------------------------------------------
    # Learning

    def add_alias(self, alias: str, municipality: str, region_code: str) -> Path:
        """Remember that `alias` means `municipality` (confirmed by an analyst).

        Written to the runtime aliases file (atomic replace), never to the repository. Raises ValueError
        with a Russian message for an unknown unit or an alias that already means another unit.
        """
        code = self.region_code(region_code)
        if code is None:
            raise ValueError(f"Неизвестный регион «{region_code}»")
        if (code, municipality) not in self._unit:
            m = self.match(municipality, code)
            if m is None or m.region_code != code:
                raise ValueError(f"Муниципалитета «{municipality}» нет в справочнике региона {code}")
            municipality = m.municipality
        text = clean_text(alias)
        key = self.key(text or "")
        if not key:
            raise ValueError("Пустое написание муниципалитета")
        current = self._pick([e for e in self._index.get(key, []) if e.rank == 0], code)
        if current is not None and current[1] != municipality:
            raise ValueError(f"Написание «{text}» уже означает муниципалитет «{current[1]}»")
        path = self.runtime_path
        path.parent.mkdir(parents=True, exist_ok=True)
        row = {"alias": text, "municipality": municipality, "region_code": code,
               "note": f"подтверждено аналитиком {date.today().strftime('%d.%m.%Y')}"}
        # Read-modify-write under an inter-process lock so two analysts confirming at once lose nothing.
        lock_fd = os.open(str(path) + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX)
            rows = [r for r in _read_csv(path)
                    if not (r.get("region_code") == code and self.key(r.get("alias", "")) == key)]
            rows.append(row)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".aliases_", suffix=".csv")
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                    w = csv.DictWriter(f, fieldnames=["alias", "municipality", "region_code", "note"],
                                       extrasaction="ignore", lineterminator="\n")
                    w.writeheader()
                    w.writerows(rows)
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        finally:
            fcntl.flock(lock_fd, fcntl.LOCK_UN)
            os.close(lock_fd)
        # This key now means the confirmed unit only.
        self._index[key] = [e for e in self._index.get(key, []) if not (e.region == code and e.rank >= 1)]
        self._add_key(key, _Entry(code, municipality, "alias", 1))
        for form in _inflections(key):
            self._add_key(form, _Entry(code, municipality, "alias", 2))
        _CACHE.clear()
        return path


# ---------------------------------------------------------------------------------------------

_CACHE: dict = {}
_LOCK = threading.Lock()


def _stamp(path: Path):
    try:
        st = path.stat()
        return st.st_mtime_ns, st.st_size
    except OSError:
        return None


def get_registry() -> Registry:
    """A shared Registry, reloaded when a reference file or the runtime aliases file changes."""
    ref = config.REFERENCE_DIR
    rpath = runtime_aliases_path()
    sig = (str(ref), str(rpath), _stamp(rpath),
           *(_stamp(ref / f) for f in ("regions.csv", "municipalities.csv", "aliases.csv")))
    with _LOCK:
        if _CACHE.get("sig") != sig:
            _CACHE["reg"] = Registry.load(ref, rpath)
            _CACHE["sig"] = sig
        return _CACHE["reg"]


def _check_regions(regions: list[dict]) -> None:
    """A region's cadence and first period as the loads read them: «полугодие» for «half» filed a half-yearly region's
    forms by quarters with no word (tester round t86) — the file is refused, naming its line."""
    from etl import periods
    from etl.reference import ReferenceFileError

    for n, r in enumerate(regions, start=2):
        where = f"Справочник «data/reference/regions.csv», строка {n} ({r.get('name') or r.get('code')})"
        cadence, first = (r.get("cadence") or "").strip(), (r.get("first_period") or "").strip()
        if cadence not in periods.CADENCES:
            raise ReferenceFileError(f"{where}: периодичность «{cadence}» не распознана — укажите quarter (по "
                                     "кварталам) или half (по полугодиям)")
        if first and not (periods.is_valid(first) and periods.cadence_of(first) == cadence):
            raise ReferenceFileError(f"{where}: первый период «{first}» записан не так — укажите его как "
                                     f"{'2023-Q3' if cadence == 'quarter' else '2023-H2'}")


def _check_units(units: list[dict]) -> None:
    """A municipality written twice in a region (the last row's coordinates silently won; under another short name it
    became a unit that never submits) and coordinates Russian Excel wrote with a comma («54,5138»: the unit left
    off the map with no word) — tester round t86: the file is refused, naming its lines."""
    from etl.reference import ReferenceFileError

    where = "Справочник «data/reference/municipalities.csv», строка"
    seen: dict[tuple[str, str], int] = {}
    for n, u in enumerate(units, start=2):
        for key in {(u.get("region_code", ""), u.get("municipality", "")),
                    (u.get("region_code", ""), u.get("official_name", ""))}:
            if not key[1]:
                continue
            if key in seen:
                raise ReferenceFileError(f"{where} {n}: «{key[1]}» уже записан в строке {seen[key]} того же региона — "
                                         "оставьте одну строку муниципалитета")
            seen[key] = n
        for f, name in (("lat", "широта"), ("lon", "долгота")):
            v = (u.get(f) or "").strip()
            try:
                float(v) if v else None
            except ValueError:
                raise ReferenceFileError(f"{where} {n} ({u.get('municipality')}): {name} «{v}» не число — "
                                         f"пишите с точкой ({v.replace(',', '.')}) или оставьте пустой") from None
