"""Mapping benchmark: a 60-column two-row header (realistic wordings, many the synonyms do not know) mapped by
meaning, cold (a new process: pymorphy3's dictionaries loaded, no word cached) and warm (the next file of a run).

The baseline, measured in the same run on the same sheet, is `locate.find_table` — the step before mapping, which
reads every header cell anyway. Target (issue «Forms understood by meaning»): the mapping takes well under 50 ms,
so that the 100 000-row load (bench/etl_bench.py) is not slower than before.

    .venv/bin/python bench/mapping_bench.py [--repeat 20]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROUPS = [  # (upper part merged over its sub-columns, sub-columns)
    ("Сведения об ОО", ["№ п/п", "Муниципальное образование", "Наименование ОО", "ИНН", "Тип ОО (СОШ, гимназия)"]),
    ("Реализация профминимума", ["Уровень реализации (1 – базовый, 2 – основной, 3 – продвинутый)",
                                 "Наличие ответственного за профминимум", "ФИО ответственного",
                                 "Телефон ответственного", "План утвержден (да/нет)"]),
    ("Контингент", ["Кол-во уч-ся 6-11 кл.", "в т.ч. охвачены профминимумом", "из них 6-7 кл.", "из них 8-9 кл.",
                    "из них 10-11 кл."]),
    ("Педагоги", ["Число педагогов-навигаторов", "прошли КПК, чел.", "Кол-во пед. работников всего"]),
    ("Платформа «Билет в будущее»", ["Регистрация ОО на платформе", "Зарегистрировано обучающихся, чел.",
                                     "Прошли диагностику, чел.", "Профпробы, чел."]),
]


def sheet_and_catalogue():
    from etl.catalogue import Catalogue
    from etl.sheet import Sheet

    upper, lower, merged = [], [], []
    col = 0
    k = 0
    while col < 60:
        name, subs = GROUPS[k % len(GROUPS)]
        tag = f" ({k // len(GROUPS) + 1})" if k >= len(GROUPS) else ""
        n = min(len(subs), 60 - col)
        upper += [name + tag] + [None] * (n - 1)
        lower += subs[:n]
        if n > 1:
            merged.append(((0, col), (0, col + n - 1)))
        col += n
        k += 1
    data = [[f"значение {i}" if i % 3 else i for i in range(60)] for _ in range(20)]
    return Sheet("Лист1", [upper, lower] + data, merged), Catalogue.load()


def ru(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    a = ap.parse_args()
    from etl import locate, mapping, meaning

    sheet, cat = sheet_and_catalogue()
    t0 = time.perf_counter()
    meaning.lexicon().forms("обучающихся")  # the dictionaries load with the first word
    t_load = time.perf_counter() - t0
    t = locate.find_table(sheet, cat)  # (the first look at the header: warms the catalogue's memo too)
    meaning._read_text.cache_clear()
    meaning.lexicon()._forms.clear()
    meaning.names_a_field.cache_clear()
    t0 = time.perf_counter()
    m = mapping.map_columns(t, cat, kind="readiness")
    cold = time.perf_counter() - t0
    warm, base = [], []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        locate.find_table(sheet, cat)
        base.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        mapping.map_columns(t, cat, kind="readiness")
        warm.append(time.perf_counter() - t0)
    b, w = statistics.median(base), statistics.median(warm)
    print(f"Столбцов: {len(t.columns)}, сопоставлено полей: {len(m.fields)}")
    print(f"Словари pymorphy3 (один раз на процесс): {t_load * 1000:.0f} мс")
    print(f"Сопоставление, первый файл (слова не в кэше): {ru(cold * 1000)} мс")
    print(f"Сопоставление, следующий файл: {ru(w * 1000)} мс")
    print(f"Базовая линия — поиск таблицы на том же листе: {ru(b * 1000)} мс")
    print(f"Отношение: первый файл {ru(cold / b, 2)} × базовой линии, следующий {ru(w / b, 2)} ×")
    print("Цель: сопоставление заметно меньше 50 мс —", "выполнена" if cold < 0.05 else "НЕ выполнена")


if __name__ == "__main__":
    main()
