"""The field form of a visit, split by step: checklist, violations, seized items, evidence.

``inspector.ui.visit_form.VisitForm`` assembles the panels; ``state`` turns what was typed into
the services' inputs (and back into the JSON kept as a draft), without Qt.
"""
