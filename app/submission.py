"""A municipal coordinator submits a filled form (page «Мои формы»): the file is checked as the analyst's upload
checks it (app/upload.py); then, before anything is written, it must be a form of the coordinator's own
municipalities and region, of a period whose reception is open; a file with errors is not submitted (the cell-level
report says what to fix). A submitted form is loaded «на проверке» (etl/acceptance.py) and reaches the monitoring
pages once the regional analyst accepts it."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app import upload as up
from app.fmt import fmt_int, lower_first, plural
from app.tracker import TRACKED_KINDS, deadlines, late_text, submissions
from etl import acceptance, periods, pipeline
from etl.model import KIND_LABELS_RU


@dataclass
class Verdict:
    ok: bool  # may be submitted
    message: str  # Russian: what is wrong, or what will happen
    fix: bool = False  # the file has errors to fix (the error report applies)


def judge(s: up.Staged, municipalities: tuple[str, ...], region: str, db_path, selected: str | None = None
          ) -> Verdict:
    """Whether a checked file may be submitted by a coordinator of these municipalities (`selected`: the period
    chosen on the page — a form of another period says so)."""
    if s.rejected is not None:
        return Verdict(False, "Файл не удалось прочитать: " + lower_first("; ".join(p.message for p in s.rejected)),
                       fix=True)
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
    if outside:  # (its errors said at once: one round trip fixes both)
        return Verdict(False, f"В файле есть строки других муниципалитетов: {', '.join(outside)}. Сдать можно "
                              f"только форму своих муниципалитетов ({', '.join(municipalities)}): удалите чужие "
                              "строки" + (f"; исправьте и ошибки{_rows_with_errors(p)} — по отчёту об ошибках"
                                          if p.errors else "") + " и загрузите файл снова", fix=bool(p.errors))
    if not p.period or not periods.is_valid(p.period):
        return Verdict(False, "Не указан отчётный период: впишите его в заголовок формы («по состоянию на "
                              "01.10.2023») или в имя файла", fix=True)
    closed = acceptance.locked(db_path, p.kind, region, p.period)
    if closed is not None:
        return Verdict(False, f"Приём формы «{KIND_LABELS_RU[p.kind]}» за {periods.period_label_ru(p.period)} "
                              f"закрыт {closed:%d.%m.%Y}: обратитесь к аналитику региона")
    if p.errors or (p.n_rows == 0 and not p.none_reported):  # (every row «нет»: sent, with no agreement)
        return Verdict(False, f"В форме есть ошибки{_rows_with_errors(p)}: исправьте их по отчёту об ошибках и "
                              "загрузите файл снова", fix=True)
    same = acceptance.earlier_copy(db_path, p.sha256) if p.sha256 else None
    if same is not None:  # the very same file again: nothing new would reach the analyst
        lid, state, comment = same
        if state == "returned":
            return Verdict(False, f"Этот файл аналитик уже вернул на доработку (сдача № {lid}"
                                  + (f", комментарий: «{comment}»" if comment else "") + "): исправьте форму и "
                                  "сдайте исправленный файл", fix=bool(p.problems))
        return Verdict(False, f"Этот файл уже сдан (сдача № {lid}, {acceptance.state_text(state)}): сдавать его "
                              "снова не нужно")
    warn = len([x for x in p.problems if x.severity != "error"])
    rows = f"{fmt_int(p.n_rows)} {plural(p.n_rows, 'строка', 'строки', 'строк')}"
    other = (f" Внимание: на странице выбран {periods.period_label_ru(selected)}, а форма — за "
             f"{periods.period_label_ru(p.period)} (так написано в ней): она будет сдана за "
             f"{periods.period_label_ru(p.period)}" if selected and selected != p.period else "")  # (ends in «г.»)
    return Verdict(True, f"Форма «{KIND_LABELS_RU[p.kind]}» за {periods.period_label_ru(p.period)}: {rows}"
                   + (f", замечаний (предупреждений): {fmt_int(warn)}" if warn else ", без ошибок")
                   + ". После сдачи форму проверит аналитик региона." + other + _late(p, municipalities, region,
                                                                                    db_path))


def _late(p, municipalities: tuple[str, ...], region: str, db_path) -> str:
    """« Срок сдачи формы — 05.12.2026: она будет сдана с опозданием на 2 дня.» when the deadline has passed and
    none of these municipalities' versions of the form came by it (a correction of a form sent on time is on
    time: the tracker's own first version, `tracker.submissions`)."""
    deadline = deadlines(db_path, region, p.period)[p.kind]
    today = date.today()
    if today <= deadline:
        return ""
    subs = submissions(db_path, region, p.period)
    sent = subs[(subs["kind"] == p.kind) & subs["municipality"].isin(municipalities)]["first_at"]
    if not sent.empty and sent.min().date() <= deadline:
        return ""
    return f" Срок сдачи формы — {deadline:%d.%m.%Y}: она будет сдана {late_text(today, deadline)}."


def _rows_with_errors(p) -> str:
    """« в 3 строках», or nothing when the errors are the file's, not its rows'."""
    n = len(p.bad_rows)
    return f" в {fmt_int(n)} {plural(n, 'строке', 'строках', 'строках')}" if n else ""


def submit(s: up.Staged, municipalities: tuple[str, ...], region: str, db_path, who: str) -> pipeline.LoadResult:
    """Load a checked file «на проверке» (judged again first: nothing is written for a file that may not be)."""
    v = judge(s, municipalities, region, db_path)
    if not v.ok:
        raise ValueError(v.message)
    s.result = pipeline.commit(s.prepared, db_path, loaded_by=who, for_acceptance=True)
    up.data_changed()
    return s.result


def record_refused(s: up.Staged, verdict: Verdict, municipalities: tuple[str, ...], db_path,
                   who: str) -> int | None:
    """A coordinator's form refused for its errors, kept as a rejected load of its own municipalities (never their
    data): the analyst's campaign page says «файл отклонён» with the date and the problems, the history lists it (a
    coordinator's blocked attempts left no trace). Nothing is kept of a file of other municipalities or regions.
    Returns the rejected load's number."""
    p = s.prepared
    if verdict.ok or not verdict.fix or p is None or not p.errors or not p.kind or \
            not set(p.municipalities()) <= set(municipalities):
        return None
    res = pipeline.commit(p, db_path, loaded_by=who)
    up.data_changed()
    return res.load_id if res.status == "rejected" else None


def report(s: up.Staged) -> bytes:
    """The cell-level error report of a checked file, with the coordinator's hints (made when asked for: t91)."""
    return up.error_report(Path(s.path), for_coordinator(s.problems))


def report_name(s: up.Staged) -> str:
    return up.report_file_name(s.name)


# What a coordinator can do about a problem whose hint speaks of the analyst's tools (the page «Загрузка данных»,
# its fields, the command line): the blank form is theirs.
_AS_IN_FORM = ("Назовите столбец так же, как в бланке формы (предзаполненная форма — кнопка «Скачать форму» выше), "
               "или удалите его, если в нём нет данных формы; затем загрузите файл снова")
COORDINATOR_HINTS = {
    "unmapped_column": _AS_IN_FORM, "unrecognised_column": _AS_IN_FORM, "unmapped_indicator": _AS_IN_FORM,
    "unmapped_numbers": _AS_IN_FORM,
    "missing_field": "Добавьте этот столбец из бланка формы (предзаполненная форма — кнопка «Скачать форму» выше) и "
                     "заполните его; затем загрузите файл снова",
    "share_in_count_column": "Впишите в столбец число людей, как в бланке формы (доли система считает сама), или "
                             "удалите столбец; затем загрузите файл снова",
    "breakdown_without_total": "Добавьте под общим заголовком столбец «всего» (сумму частей) и загрузите файл снова",
    "unknown_kind": "Заполните предзаполненную форму (кнопка «Скачать форму» выше) и загрузите её",
}
_PERIOD_HINT = ("Проверьте период в заголовке формы («за I квартал 2024 г.» или «по состоянию на 01.04.2024») и в "
                "имени файла, исправьте и загрузите файл снова")
_ANALYST_ONLY = re.compile(r"«Загрузка данных»|Исправить распознавание|--\w|python -m|поле «(?:Период|Регион|Вид формы)»")


def coordinator_hint(p) -> str:
    """The hint of a problem as a municipal coordinator can follow it (`p`: etl.model.Problem)."""
    if p.rule in COORDINATOR_HINTS:
        return COORDINATOR_HINTS[p.rule]
    hint = up.municipal_hint(p.hint)
    if hint != up.MUNICIPAL_FALLBACK and not _ANALYST_ONLY.search(hint):
        return hint
    if "period" in p.rule:
        return _PERIOD_HINT
    return ("Исправьте файл по бланку формы (предзаполненная форма — кнопка «Скачать форму» выше) и загрузите его "
            "снова; если не получается — обратитесь к аналитику региона")


def for_coordinator(problems: list) -> list:
    """The problems with the coordinator's hints (on the page and in the error report)."""
    return [dataclasses.replace(p, hint=coordinator_hint(p)) for p in problems]
