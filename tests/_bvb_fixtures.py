"""A «Билет в будущее» platform export as coordinators download it: two title rows, one row per pupil."""
from __future__ import annotations

import random
from pathlib import Path

HEADERS = ["Муниципалитет", "Образовательная организация", "Класс (без буквы)",
           "Дата последнего входа на платформу", "Дата архивации",
           "Количество пройденных диагностик (за календарный год)",
           "Кол-во посещенных профессиональных и партнерских проб (за календарный год)",
           "Кол-во посещенных экскурсий на предприятие (за календарный год)",
           "Кол-во посещенных мастер-классов (за календарный год)"]


def bvb_export(path: Path, schools: dict[tuple[str, str], int], seed: int = 7,
               title: str = "Выгрузка по обучающимся платформы «Билет в будущее»", headers=None) -> dict:
    """Write the export; returns the truth per (municipality, school): pupils, active, with a diagnostic, with a
    проба, with an excursion, with a master class (all pupils / active pupils)."""
    import openpyxl

    rnd = random.Random(seed)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Обучающиеся"
    ws.append([title])
    ws.append(["Дата выгрузки: 01.04.2024"])
    ws.append(headers or HEADERS)
    truth = {}
    for (muni, school), n in schools.items():
        t = dict.fromkeys(("pupils", "active", "diag", "diag_active", "probe", "probe_active", "exc",
                           "exc_active", "mc", "mc_active"), 0)
        for _ in range(n):
            archived = rnd.random() < 0.1
            d, p, e, m = (rnd.choice([0, 0, 1, 2]) for _ in range(4))
            ws.append([muni, school, rnd.randint(6, 11), f"{rnd.randint(1, 28):02d}.03.2024",
                       "12.02.2024" if archived else "Нет", d, p, e, m])
            t["pupils"] += 1
            t["active"] += not archived
            for key, v in (("diag", d), ("probe", p), ("exc", e), ("mc", m)):
                t[key] += v > 0
                t[key + "_active"] += v > 0 and not archived
        truth[(muni, school)] = t
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return truth


COURSE_HEADERS = ["Муниципалитет", "Образовательная организация", "Класс",
                  "Численность всех учащихся 6-11 классов",
                  "Численность всех учащихся 6-11 классов, зарегистрированных на платформе «Билет в будущее» и "
                  "посетивших хотя бы одно занятие \"Россия - мои горизонты\""]


def course_export(path: Path, schools: dict[tuple[str, str], int], seed: int = 11, headers=None,
                  title: str = "Курс внеурочной деятельности «Россия — мои горизонты» на 01.04.2024",
                  bad: tuple | None = None) -> dict:
    """The course file: a title row, one row per school and class 6–11; returns per school (pupils, attended).
    `bad` = (school index, class) whose attended cell gets the text «много»."""
    import openpyxl

    rnd = random.Random(seed)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Отчёт"
    ws.append([title])
    ws.append([])
    ws.append(headers or COURSE_HEADERS)
    truth = {}
    for si, ((muni, school), per_class) in enumerate(schools.items()):
        pupils = attended = 0
        for grade in range(6, 12):
            n = per_class + rnd.randint(-3, 3)
            a = n - rnd.randint(0, n // 4)
            ws.append([muni, school, f"{grade} класс", n, "много" if bad == (si, grade) else a])
            pupils, attended = pupils + n, attended + a
        truth[(muni, school)] = (pupils, attended)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return truth
