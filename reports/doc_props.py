"""The properties of an exported document (DOCX, PPTX) in Russian: who made it, what it is, when — not the
libraries' defaults («python-docx», «Steve Canny», 2013)."""
from __future__ import annotations

from datetime import datetime

AUTHOR = "Мониторинг профминимума"


def set_properties(props, title: str) -> None:
    """`props`: a python-docx or python-pptx `core_properties` (the same fields)."""
    now = datetime.now().replace(microsecond=0)
    props.author = props.last_modified_by = AUTHOR
    props.title = title
    props.subject = props.keywords = props.category = ""
    props.comments = f"Сформировано системой «{AUTHOR}» {now:%d.%m.%Y %H:%M}"
    props.created = props.modified = now
    props.revision = 1
    props.language = "ru-RU"
