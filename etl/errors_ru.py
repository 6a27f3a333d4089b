"""What a user reads when something fails that no step handled: a Russian message saying what happened and what to
do. The traceback goes to the log (the server's, or stderr with MONITORING_DEBUG=1 for the CLI), never to a user."""
from __future__ import annotations

import logging

log = logging.getLogger("monitoring")

BUSY = ("База данных сейчас обновляется: идёт загрузка файла. Обновите страницу через несколько секунд — "
        "данные не потеряны.")
UNREADABLE = ("Не удаётся прочитать базу данных: файл повреждён, недоступен или создан другой версией программы. "
              "Данные не показаны и не изменены. Сообщите администратору: ему нужно восстановить файл базы из "
              "резервной копии или пересобрать её командой python -m etl demo (демонстрационная база).")
NO_ACCESS = ("Нет доступа к файлу базы данных или к его папке: папки нет, у программы нет прав на чтение или "
             "запись, или диск заполнен. Сообщите администратору (путь к базе задаёт переменная MONITORING_DB).")
INTERNAL = ("Действие не выполнено из-за внутренней ошибки программы; данные не изменены. Подробности записаны в "
            "журнал; сообщите администратору, на какой странице (или какой командой) и после какого действия это "
            "случилось.")


def message_for(e: BaseException) -> str:
    """The Russian message for an exception a page did not handle."""
    from etl.model import DatabaseBusy

    if isinstance(e, DatabaseBusy):
        return BUSY
    from etl.reference import ReferenceFileError

    if isinstance(e, ReferenceFileError):
        return str(e)
    try:
        import duckdb

        if isinstance(e, duckdb.Error):
            text = str(e).lower()
            if "lock" in text:
                return BUSY
            if "permission" in text or "read-only" in text or "readonly" in text:
                return NO_ACCESS
            return UNREADABLE
    except ImportError:  # pragma: no cover
        pass
    if isinstance(e, OSError):  # no rights, a read-only folder, a file where the folder should be, a full disk
        return NO_ACCESS
    return INTERNAL


def run_quietly(main, lead: str) -> int:
    """A command's main() with no traceback for the user: an error no step handled is a Russian message after `lead`
    («✗ », «Ошибка: ») on stderr, exit code 1; the traceback with MONITORING_DEBUG=1."""
    import os
    import sys

    try:
        return main()
    except Exception as e:  # noqa: BLE001 - the user reads Russian; the details go to stderr on request
        if os.environ.get("MONITORING_DEBUG"):
            import traceback

            traceback.print_exc()
        print(f"{lead}{message_for(e)}", file=sys.stderr)
        return 1
