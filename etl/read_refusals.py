"""The refusals of a file that cannot be read, each a Russian message naming the file and saying what to do."""
from __future__ import annotations

from etl import config
from etl.textru import group_digits
from etl.model import FileRejected, Problem

HINT_CORRUPT = ("Откройте файл в Excel (или LibreOffice), сохраните его как книгу Excel (.xlsx) и загрузите снова")


def reject(name: str, rule: str, message: str, hint: str, sheet: str | None = None, value=None) -> FileRejected:
    return FileRejected(Problem(file=name, sheet=sheet, row=None, column=None, value=value, rule=rule,
                                message=message, hint=hint))


def corrupt(name: str, detail: str | None = None) -> FileRejected:
    msg = "Файл повреждён или не является таблицей Excel/CSV"
    return reject(name, "corrupt", msg + (f" ({detail})" if detail else ""), HINT_CORRUPT)


def mb(n: float) -> str:
    return f"{n:.1f}".replace(".", ",").replace(",0", "") if n < 100 else f"{n:.0f}"


def password(name: str) -> FileRejected:
    return reject(name, "encrypted", "Файл защищён паролем: снимите пароль и загрузите снова",
                   "В Excel: «Файл» → «Сведения» → «Защита книги» → «Зашифровать с использованием пароля», "
                   "удалите пароль и сохраните файл")


def bomb(name: str, detail: str) -> FileRejected:
    return reject(name, "zip_bomb", f"Подозрительно сжатый файл (zip-бомба): {detail}",
                   "Такой файл не может быть обычной формой мониторинга. Откройте его в Excel, "
                   "сохраните заново как .xlsx и загрузите; если файл пришёл по почте — уточните у отправителя")


def too_many_cells(name: str, sheet: str, rows: int, cols: int, limit: int | None = None) -> FileRejected:
    return reject(name, "too_many_cells",
                   f"Лист «{sheet}» слишком большой: {rows} строк × {cols} столбцов "
                   f"(допустимо не более {limit or config.max_cells()} ячеек)",
                   "Удалите с листа лишние ячейки далеко за пределами таблицы (выделите пустые строки и столбцы "
                   "после таблицы и удалите их) или разделите лист на несколько", sheet=sheet)


def too_many_cells_in_file(name: str, cells: int, limit: int | None = None) -> FileRejected:
    return reject(name, "too_many_cells",
                  f"В файле слишком много ячеек: {group_digits(str(cells))} на всех листах вместе (допустимо не более "
                  f"{group_digits(str(limit or config.max_cells()))})",
                  "Удалите лишние листы и пустые ячейки далеко за пределами таблиц (выделите пустые строки и столбцы "
                  "после таблицы и удалите их) и загрузите файл снова")


def cells_within(name: str, extents, limit: int | None = None, before: int = 0) -> int:
    """The cells of a file's sheets (sheet, rows, columns), `before` those counted already: refused past the limit
    of a sheet, then of the sheets together; their total."""
    limit = limit or config.max_cells()
    for sheet, h, w in extents:
        if h * w > limit:
            raise too_many_cells(name, sheet, h, w, limit)
    total = before + sum(h * w for _s, h, w in extents)
    if total > limit:  # (every sheet within the limit, the file not: t91 — 24 sheets of one far cell, 3,6 GB)
        raise too_many_cells_in_file(name, total, limit)
    return total


def too_wide(name: str, cols: int) -> FileRejected:
    return reject(name, "too_many_cells",
                  f"В файле {group_digits(str(cols))} столбцов: больше, чем бывает на листе Excel "
                  f"({group_digits(str(config.MAX_COLUMNS))})",
                  "Проверьте, что выбран нужный файл и что разделитель столбцов — «;» или «,»; сохраните форму из "
                  "Excel заново и загрузите снова")


def no_data(name: str) -> FileRejected:
    return reject(name, "no_data", "В файле нет данных: все видимые листы пустые",
                   "Проверьте, что таблица заполнена и лист с ней не скрыт, и загрузите файл снова")
