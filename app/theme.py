"""One plotly look for pages, images and slides: calm palette, large fonts, Russian separators and locale.

Colours that carry meaning are fixed here so the same level / partner type / status has the same colour
on every chart: `LEVEL_COLORS`, `PARTNER_COLORS`, `CATEGORY_COLORS`, `STATUS_COLORS`, `EVENT_LEVEL_COLORS`.
"""
from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
FONT_SIZE = 16
TITLE_SIZE = 21
TEXT_COLOR = "#2B2F36"
MUTED = "#6B7280"
GRID = "#E5E7EB"
SEPARATORS = ", "  # decimal comma, space between thousands: 1 234,5

# Calm, colour-blind friendly qualitative palette (muted blues, ochres, greens).
PALETTE = ["#3B6EA5", "#E0A04B", "#5E9E6E", "#B8646B", "#8676B0", "#4FA3B3", "#C5B358", "#8D8D8D",
           "#A5C3E0", "#D98F6F"]

LEVELS = ("базовый", "основной", "продвинутый")
NO_LEVEL = "не указан"
LEVEL_COLORS = {"базовый": "#A9C8E8", "основной": "#4A7FB5", "продвинутый": "#1F3F66", NO_LEVEL: "#C9CDD3"}

PARTNER_TYPES = ("ВУЗ", "СПО", "индустриальный партнёр", "МОУО", "ОО", "иное")
PARTNER_COLORS = {"ВУЗ": "#3B6EA5", "СПО": "#E0A04B", "индустриальный партнёр": "#5E9E6E",
                  "МОУО": "#8676B0", "ОО": "#4FA3B3", "иное": "#A3A3A3"}

CATEGORIES = ("обучающиеся", "родители", "педагоги")
CATEGORY_COLORS = {"обучающиеся": "#3B6EA5", "родители": "#E0A04B", "педагоги": "#5E9E6E"}

EVENT_LEVEL_COLORS = {"федеральный": "#1F3F66", "региональный": "#4A7FB5", "муниципальный": "#A9C8E8",
                      "школьный": "#7FA37A", "не указан": "#C9CDD3"}

STATUS_ORDER = ("выполнено", "в работе", "не начато", "не выполнено", "не указан")
STATUS_COLORS = {"выполнено": "#5E9E6E", "в работе": "#4A7FB5", "не начато": "#C9CDD3",
                 "не выполнено": "#B8646B", "не указан": "#E0D9C6"}
OVERDUE_COLOR = "#B8646B"

# Shares: light → deep blue; a diverging scale for changes.
SEQ_SCALE = [[0.0, "#F1F5FA"], [0.5, "#8DB3DA"], [1.0, "#1F3F66"]]
TRAFFIC_LIGHTS = {"reached": "#5E9E6E", "near": "#E3B448", "below": "#B8646B"}  # against a target
GOOD_BAD_SCALE = [[0.0, "#B8646B"], [0.5, "#F1E6C8"], [1.0, "#5E9E6E"]]
TARGET_COLOR = "#B8646B"

TEMPLATE_NAME = "profmin"

_template = go.layout.Template(
    layout=dict(
        font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=TEXT_COLOR),
        title=dict(font=dict(size=TITLE_SIZE, color=TEXT_COLOR), x=0, xanchor="left", xref="paper"),
        colorway=PALETTE,
        separators=SEPARATORS,
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=15)),
        legend=dict(font=dict(size=15), orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left",
                    title=dict(text="")),
        xaxis=dict(gridcolor=GRID, zerolinecolor=GRID, linecolor="#9CA3AF", ticks="", automargin=True,
                   tickfont=dict(size=14), title=dict(font=dict(size=15, color=MUTED))),
        yaxis=dict(gridcolor=GRID, zerolinecolor=GRID, linecolor="#9CA3AF", ticks="", automargin=True,
                   tickfont=dict(size=14), title=dict(font=dict(size=15, color=MUTED))),
        coloraxis=dict(colorbar=dict(thickness=14, tickfont=dict(size=13))),
        bargap=0.25,
    ),
)
pio.templates[TEMPLATE_NAME] = _template

# plotly.js locale «ru», written here so nothing is fetched at run time.
RU_DICT = {
    "moduleType": "locale",
    "name": "ru",
    "dictionary": {
        "Autoscale": "Автомасштаб",
        "Box Select": "Выделение прямоугольником",
        "Click to enter Colorscale title": "Введите название цветовой шкалы",
        "Click to enter Component A title": "Введите название компонента A",
        "Click to enter Component B title": "Введите название компонента B",
        "Click to enter Component C title": "Введите название компонента C",
        "Click to enter Plot title": "Введите название графика",
        "Click to enter X axis title": "Введите название оси X",
        "Click to enter Y axis title": "Введите название оси Y",
        "Click to enter radial axis title": "Введите название радиальной оси",
        "Compare data on hover": "Сравнивать данные при наведении",
        "Double-click on legend to isolate one trace": "Дважды щёлкните по легенде, чтобы оставить один ряд",
        "Double-click to zoom back out": "Дважды щёлкните, чтобы вернуть масштаб",
        "Download plot": "Сохранить график",
        "Download plot as a png": "Сохранить в формате PNG",
        "Download plot as a PNG": "Сохранить в формате PNG",
        "Edit in Chart Studio": "Редактировать в Chart Studio",
        "IE only supports svg.  Changing format to svg.": "IE поддерживает только SVG. Формат изменён на SVG.",
        "Lasso Select": "Выделение лассо",
        "Orbital rotation": "Орбитальное вращение",
        "Pan": "Сдвиг",
        "Produced with Plotly.js": "Построено с помощью Plotly.js",
        "Reset": "Сбросить",
        "Reset axes": "Сбросить оси",
        "Reset camera to default": "Вернуть камеру по умолчанию",
        "Reset camera to last save": "Вернуть камеру к последнему сохранению",
        "Reset view": "Сбросить вид",
        "Reset views": "Сбросить виды",
        "Show closest data on hover": "Показывать ближайшие данные при наведении",
        "Snapshot succeeded": "Снимок сохранён",
        "Sorry, there was a problem downloading your snapshot!": "Не удалось сохранить снимок",
        "Taking snapshot - this may take a few seconds": "Сохраняю снимок — это займёт несколько секунд",
        "Toggle Spike Lines": "Линии-указатели",
        "Toggle show closest data on hover": "Показывать ближайшие данные при наведении",
        "Turntable rotation": "Вращение вокруг оси",
        "Zoom": "Масштаб",
        "Zoom in": "Увеличить",
        "Zoom out": "Уменьшить",
        "close:": "закр.:",
        "high:": "макс.:",
        "incoming flow count:": "входящих потоков:",
        "kde:": "плотность:",
        "lat:": "шир.:",
        "lon:": "долг.:",
        "low:": "мин.:",
        "lower fence:": "нижняя граница:",
        "max:": "макс.:",
        "mean ± σ:": "среднее ± σ:",
        "mean:": "среднее:",
        "median:": "медиана:",
        "min:": "мин.:",
        "new text": "новый текст",
        "open:": "откр.:",
        "outgoing flow count:": "исходящих потоков:",
        "q1:": "q1:",
        "q3:": "q3:",
        "source:": "источник:",
        "target:": "цель:",
        "trace": "ряд",
        "upper fence:": "верхняя граница:",
    },
    "format": {
        "days": ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
        "shortDays": ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
        "months": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
                   "октябрь", "ноябрь", "декабрь"],
        "shortMonths": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
        "date": "%d.%m.%Y",
        "decimal": ",",
        "thousands": " ",
    },
}

# Config for st.plotly_chart: Russian modebar and month names, no plotly logo, nothing fetched.
PLOTLY_CONFIG = {
    "locale": "ru",
    "locales": {"ru": RU_DICT},
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "toImage"],
    "responsive": True,
}


def ru_locale_js() -> str:
    """The locale as a script that registers it in a page with plotly.js loaded (kaleido PageGenerator)."""
    return "Plotly.register(" + json.dumps(RU_DICT, ensure_ascii=False) + ");"


def apply(fig: go.Figure) -> go.Figure:
    """Apply the template and the Russian separators (also set explicitly: some consumers drop templates)."""
    fig.update_layout(template=TEMPLATE_NAME, separators=SEPARATORS)
    return fig
