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


def set_pptx_app(prs) -> None:
    """The deck's «application» properties (docProps/app.xml) its own, not the python-pptx template's («Microsoft
    Macintosh PowerPoint», «On-screen Show (4:3)», 0 slides): what made it, its shape and its slide count."""
    from xml.sax.saxutils import escape

    w, h = int(prs.slide_width), int(prs.slide_height)
    shape = "Экран (16:9)" if abs(w / h - 16 / 9) < 0.02 else "Экран (4:3)" if abs(w / h - 4 / 3) < 0.02 else \
        "Особый размер"
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           f"<Application>{escape(AUTHOR)}</Application><PresentationFormat>{shape}</PresentationFormat>"
           f"<Slides>{len(prs.slides)}</Slides><Notes>0</Notes><HiddenSlides>0</HiddenSlides>"
           "</Properties>").encode("utf-8")
    for part in prs.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = xml  # (python-pptx keeps this part as bytes; it offers no API for it)
