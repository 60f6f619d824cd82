"""The outcome report: one typed model of an event's figures (model.py), the sentences reports
write (sentences.py), the organizer's choices for it (choices.py) and its documents
(documents.py: DOCX and PDF)."""
