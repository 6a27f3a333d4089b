"""A municipal coordinator submits a filled form (page «Мои формы»): the file is checked as the analyst's upload
checks it (app/upload.py); then, before anything is written, it must be a form of the coordinator's own
municipalities and region, of a period whose reception is open; a file with errors is not submitted (the cell-level
report says what to fix). A submitted form is loaded «на проверке» (etl/acceptance.py) and reaches the monitoring
pages once the regional analyst accepts it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app import upload as up
from app.fmt import fmt_int, plural
from app.tracker import TRACKED_KINDS
from etl import acceptance, periods, pipeline
from etl.model import KIND_LABELS_RU


@dataclass
class Verdict:
    ok: bool  # may be submitted
    message: str  # Russian: what is wrong, or what will happen
    fix: bool = False  # the file has errors to fix (the error report applies)


def judge(s: up.Staged, municipalities: tuple[str, ...], region: str, db_path) -> Verdict:
    """Whether a checked file may be submitted by a coordinator of these municipalities."""
    if s.rejected is not None:
        return Verdict(False, "Файл не удалось прочитать: " + "; ".join(p.message for p in s.rejected), fix=True)
    p = s.prepared
    if p is None:
        return Verdict(False, "Файл не проверен")
    if p.kind not in TRACKED_KINDS:  # the roadmap is the region's
        return Verdict(False, f"Форму «{KIND_LABELS_RU.get(p.kind, p.kind)}» сдаёт аналитик региона, а не "
                              "муниципальный координатор")
    if p.region and p.region != region:
        return Verdict(False, "Форма другого региона: загрузите форму своего муниципалитета")
    found = p.municipalities()
    outside = [m for m in found if m not in municipalities]
    if outside:
        return Verdict(False, f"В файле есть строки других муниципалитетов: {', '.join(outside)}. Сдать можно "
                              f"только форму своих муниципалитетов ({', '.join(municipalities)}): удалите чужие "
                              "строки и загрузите файл снова")
    if not p.period or not periods.is_valid(p.period):
        return Verdict(False, "Не указан отчётный период: впишите его в заголовок формы («по состоянию на "
                              "01.10.2023») или в имя файла", fix=True)
    closed = acceptance.locked(db_path, p.kind, region, p.period)
    if closed is not None:
        return Verdict(False, f"Приём формы «{KIND_LABELS_RU[p.kind]}» за {periods.period_label_ru(p.period)} "
                              f"закрыт {closed:%d.%m.%Y}: обратитесь к аналитику региона")
    if p.errors or p.n_rows == 0:
        n = len(p.bad_rows)
        where = f" в {fmt_int(n)} {plural(n, 'строке', 'строках', 'строках')}" if n else ""
        return Verdict(False, f"В форме есть ошибки{where}: исправьте их по отчёту об ошибках и загрузите файл снова",
                       fix=True)
    warn = len([x for x in p.problems if x.severity != "error"])
    rows = f"{fmt_int(p.n_rows)} {plural(p.n_rows, 'строка', 'строки', 'строк')}"
    return Verdict(True, f"Форма «{KIND_LABELS_RU[p.kind]}» за {periods.period_label_ru(p.period)}: {rows}"
                   + (f", замечаний (предупреждений): {fmt_int(warn)}" if warn else ", без ошибок")
                   + ". После сдачи форму проверит аналитик региона")


def submit(s: up.Staged, municipalities: tuple[str, ...], region: str, db_path, who: str) -> pipeline.LoadResult:
    """Load a checked file «на проверке» (judged again first: nothing is written for a file that may not be)."""
    v = judge(s, municipalities, region, db_path)
    if not v.ok:
        raise ValueError(v.message)
    s.result = pipeline.commit(s.prepared, db_path, loaded_by=who, for_acceptance=True)
    up.data_changed()
    return s.result


def report(s: up.Staged) -> tuple[bytes, str]:
    """The cell-level error report of a checked file and its name."""
    return up.error_report(Path(s.path), s.problems), up.report_file_name(s.name)
