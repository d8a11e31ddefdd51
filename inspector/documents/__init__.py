"""Issued documents as PDF, laid out as Vietnamese administrative documents (Decree 30/2020).

The services fill the plain-value dataclasses of :mod:`inspector.documents.model`; the renderers
in :mod:`inspector.documents.forms` turn them into PDF bytes that look like the official forms of
Decree 118/2021 (MBB01, MBB15, MQĐ01, MQĐ02) and ordinary official letters. Nothing here touches
the database or Qt, so a document can be rendered in a test, a bench or a background thread.
"""
