"""Texts from files and from users shown inside Markdown (file names on «Сдача форм», roadmap texts, messages
naming a file) stay text in the browser: Streamlit's Markdown makes no link of an address, an e-mail or «www.…» by
itself, no image, no emphasis — checked in Chromium, where the autolinks are made."""
from __future__ import annotations

import json

import pytest

from tests import streamlit_harness as sh

pytestmark = pytest.mark.browser

HOSTILE = ["![Принять](https:evil.example) Химки.xlsx", "[Принять](https://evil.example)", "http://evil.example/a",
           "https://evil.example", "www.evil.example", "WWW.EVIL.EXAMPLE", "a@evil.example", "mailto:x@evil.example",
           "<http://evil.example>", "ftp://evil.example/x", "**жирный** _курсив_ `код`", ":material/warning: значок",
           "Исполнитель: отдел образования (evil.example)"]


def test_texts_from_files_make_no_link_image_or_emphasis_in_the_browser(tmp_path):
    script = tmp_path / "plain.py"
    script.write_text(
        "import json, sys\n"
        f"sys.path.insert(0, {str(sh.ROOT)!r})\n"
        "import streamlit as st\n"
        "from app.ui import md_text\n"
        f"for t in json.loads({json.dumps(json.dumps(HOSTILE))}):\n"
        "    st.markdown('Файл «' + md_text(t) + '»')\n"
        "    st.caption(md_text(t))\n", encoding="utf-8")
    outside = []
    with sh.serve(sh.local_env(tmp_path / "m.duckdb"), script) as url, sh.chromium() as browser:
        page = browser.new_page()
        page.on("request", lambda r: outside.append(r.url) if "127.0.0.1" not in r.url else None)
        page.goto(url)
        sh.wait_ready(page, 60_000)
        main = page.locator('[data-testid="stMain"]')
        assert main.locator("a").count() == 0, main.locator("a").evaluate_all("els => els.map(e => e.href)")
        assert main.locator("img").count() == 0
        assert main.locator("strong, em, code").count() == 0
        shown = main.inner_text().replace("\u2060", "")
    for t in HOSTILE[2:]:  # the texts are shown as written (the word joiners are invisible)
        assert t in shown, t
    assert outside == []


def test_a_page_of_another_site_pointed_at_this_machine_gets_no_session(tmp_path):
    """DNS rebinding: a site that points its own name at 127.0.0.1 serves a page that opens the dashboard's
    websocket with its name as Host — in local mode that would be an analyst's session. Refused; this machine's
    own names are served."""
    import base64
    import os
    import socket
    from urllib.parse import urlparse

    def handshake(port: int, host: str) -> str:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            key = base64.b64encode(os.urandom(16)).decode()
            s.sendall((f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n"
                       f"Origin: http://{host}\r\n\r\n").encode())
            return s.recv(200).decode(errors="replace").split("\r\n")[0]

    with sh.serve(sh.local_env(tmp_path / "m.duckdb")) as url:
        port = urlparse(url).port
        assert " 403 " in handshake(port, f"rebind.evil.example:{port}")
        assert " 101 " in handshake(port, f"127.0.0.1:{port}") and " 101 " in handshake(port, f"localhost:{port}")
