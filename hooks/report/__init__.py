"""The report: what a finding is (`violation`) and where it is (`positions`), how findings
are printed (`output`, `formats`), one run of an entry point that never shows a traceback
(`run`), the catalogue of codes (`catalogue`) and its links (`links`), and the directives
that accept a finding (`directives`). The lowest part: it imports no other."""

__all__ = ["catalogue", "directives", "formats", "links", "output", "positions", "run", "violation"]
