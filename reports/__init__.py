"""Exports: chart images (PNG/SVG), PowerPoint decks, analytical notes (DOCX), ZIP bundles; CLI `python -m reports`."""
