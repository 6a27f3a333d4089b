"""«Обзор»: key figures with denominators and changes, the map, lagging municipalities, a generated summary."""
import streamlit as st

from app import filters, kpi, shell, specs, tilemap, ui

shell.ensure()  # a direct run (Streamlit's legacy pages/ handling) goes through dashboard.py

f = filters.current()
ui.page_header("Обзор", f)
figures = kpi.key_figures(f)
if not figures:
    st.info("За выбранный регион данных мониторинга нет. Аналитик может загрузить формы на странице "
            "«Загрузка данных»; после загрузки здесь появятся ключевые показатели, карта и сводка.")
    st.stop()
ui.kpi_cards(figures, filters=f)
lag = kpi.lagging(f)
if not lag.empty:  # where it is bad, on the first screen (t93: the list was 2 000 px down)
    st.warning(kpi.lagging_line(lag, 10) + " Причины — в разделе «Отстающие муниципалитеты» ниже.",
               icon=":material/trending_down:")

st.subheader("Кратко")
st.markdown("\n".join(f"- {s}" for s in kpi.summary_sentences(f)))


def _tile_clicked() -> None:
    state = st.session_state.get("overview_map_chart") or {}
    filters.choose_municipality(tilemap.municipality_from_selection(state.get("selection")))


# the map takes the page's width: 56 tiles, each with its name and value, need it
ui.show_chart(specs.overview_map(f), on_select=_tile_clicked, key="overview_map_chart")
st.caption("Щёлкните плитку — все страницы панели покажут этот муниципалитет; вернуть все — в фильтре "
           "«Муниципалитеты» слева.")
st.markdown("##### Отстающие муниципалитеты")
st.caption("Ниже пороговых значений, утверждённых в справочнике порогов")
ui.show_table(lag[["Муниципалитет", "Причина"]] if not lag.empty else lag, f, "Отстающие муниципалитеты",
              static=True, download=lag,
              percent_cols=("Доля готовых ОО", "Охват обучающихся", "Доля ОО с договорами",
                            "Доля ОО с навигаторами"),
              empty_message=kpi.no_lagging_message(f))

st.markdown("##### Рискуют не достичь цели к концу учебного года")
risk, risk_note, no_risk = kpi.at_risk(f)
if risk_note:
    st.caption(risk_note)
shown = risk.head(15)  # the largest gaps; all of them in the xlsx
if len(risk) > len(shown):
    st.caption(f"Показаны 15 наибольших отставаний из {len(risk)}; все — в файле xlsx")
ui.show_table(shown, f, "Рискуют не достичь цели", static=True, download=risk,
              empty_message=no_risk)
