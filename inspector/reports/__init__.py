"""Renderers of a tally: tables, JSON, CSV, XLSX, the drafted report text, PDF and DOCX.

Every function here takes the :class:`inspector.services.tallies.Tally` computed once by the
query layer and only formats it, so the screen, the files and the text cannot disagree. Nothing
here reads the database or imports Qt: a report can be rendered in a test, a bench, the CLI or
a background thread.
"""
