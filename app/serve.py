"""`make run` starts the dashboard through this: `streamlit run dashboard.py` with the given options, the `pages/`
folder never taken for Streamlit's own multipage menu.

Streamlit runs the first session after a start as an app of a `pages/` folder (its «MPA v1») until a script calls
`st.navigation`: the first visitor saw the pages' file names in a menu before the sign-in form. dashboard.py builds
the navigation itself (app/nav.py), so the folder is marked as not Streamlit's before the server starts.

    python -m app.serve --server.port 8501 --server.address 127.0.0.1
"""
from __future__ import annotations

import sys
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"


def main(argv: list[str] | None = None) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False  # (st.navigation sets the same on its first call)
    sys.argv = ["streamlit", "run", str(DASHBOARD), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
