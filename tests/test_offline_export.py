"""Offline means offline: an export's Chromium (kaleido) resolves and connects to no outside host. Chromium's own
network log (--log-net-log) records every host resolution and every socket it opens; the export runs in a fresh
process with the log switched on. Chromium still starts a few background requests of its own (component updates,
the default search page), but the offline wrapper's resolver rules fail them inside the browser, before any DNS
query or connection: the log must show no resolution of a real outside name and no connection but to this
machine."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed")

SCRIPT = """
import plotly.graph_objects as go
from reports import images
png = images.render_figure(go.Figure(go.Bar(x=["Химки", "Мытищи"], y=[3, 5])), "png", 400, 300)
assert png[:4] == b"\\x89PNG"
images.stop_server()
"""


def network_events(path: Path) -> tuple[set[str], set[str]]:
    """(hosts the resolver was asked for, outside addresses a socket sent to or opened a TCP connection to) in a
    Chromium net log. A UDP socket «connected» to a public address that sends nothing is how Chromium learns its own
    address (no packet leaves the machine): it is not traffic."""
    text = path.read_text(encoding="utf-8", errors="replace").rstrip().rstrip(",")
    log = json.loads(text if text.endswith("}") and text.count("{") == text.count("}") else text + "]}")
    types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    resolved, target, sent, tcp = set(), {}, set(), set()
    for e in log.get("events", []):
        t, params, sid = types.get(e["type"], ""), e.get("params") or {}, e["source"]["id"]
        if t.startswith("HOST_RESOLVER") and isinstance(params.get("host"), str):
            resolved.add(params["host"])
        if t in ("TCP_CONNECT_ATTEMPT", "UDP_CONNECT", "SOCKET_CONNECT") and isinstance(params.get("address"), str):
            target[sid] = params["address"]
            if t == "TCP_CONNECT_ATTEMPT":
                tcp.add(sid)
        if t.endswith("BYTES_SENT"):
            sent.add(sid)
    outside = {a for sid, a in target.items() if (sid in sent or sid in tcp) and not a.startswith(("127.", "[::1]"))}
    return resolved, outside


LOCAL = ("localhost", "127.0.0.1", "[::1]", "~notfound")


PDF_SCRIPT = """
from reports import note_pdf
pdf = note_pdf.print_pdf("<!DOCTYPE html><html lang=ru><body><p>Справка: Химки, Мытищи</p></body></html>")
assert pdf[:5] == b"%PDF-"
"""


@pytest.mark.parametrize("script", [SCRIPT, PDF_SCRIPT], ids=["image", "pdf"])
def test_an_export_looks_up_no_outside_host(tmp_path, script):
    log = tmp_path / "netlog.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MONITORING_CHROMIUM_NETLOG": str(log)}
    env.pop("BROWSER_PATH", None)
    p = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=180)
    assert p.returncode == 0, p.stderr[-2000:]
    assert log.exists() and log.stat().st_size > 0, "Chromium wrote no network log: the offline wrapper was not used"
    resolved, outside = network_events(log)
    assert not {h for h in resolved if not any(x in h for x in LOCAL)}, sorted(resolved)
    assert not outside, sorted(outside)


PROBE = """#!{python}
import socket, sys
for family, addr in ((socket.AF_INET6, ("2001:4860:4860::8888", 443)), (socket.AF_INET, ("8.8.8.8", 53))):
    s = socket.socket(family, socket.SOCK_DGRAM)
    try:
        s.connect(addr)  # a UDP connect sends nothing: it only asks for a route, as Chromium's IPv6 probe does
        print("route", addr[0])
    except OSError:
        print("no route", addr[0])
print("args", " ".join(sys.argv[1:]))
"""


def _namespaces_allowed() -> bool:
    cmd = ["unshare", "--net", "true"] if os.geteuid() == 0 else ["unshare", "--map-current-user", "--net", "true"]
    try:
        return subprocess.run(cmd, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not _namespaces_allowed(), reason="this system allows no network namespace")
def test_the_exports_browser_has_no_route_out(tmp_path):
    """Chromium's IPv6 reachability probe (a UDP «connect» to a public address) cannot be switched off by a flag:
    the wrapper starts the browser in a network namespace of its own, where no outside address has a route."""
    fake = tmp_path / "browser"
    fake.write_text(PROBE.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "MONITORING_CHROMIUM": str(fake)}
    env.pop("MONITORING_CHROMIUM_NETLOG", None)
    p = subprocess.run(["sh", str(ROOT / "reports" / "chromium_offline.sh"), "--headless"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "no route 2001:4860:4860::8888" in p.stdout and "no route 8.8.8.8" in p.stdout, p.stdout
    assert "--host-resolver-rules=MAP * ~NOTFOUND" in p.stdout and p.stdout.rstrip().endswith("--headless")
