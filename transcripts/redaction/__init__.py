"""Finding personal data in text, so the retention job can mask it.

Owns the Presidio engine and its UK recognizers, the name lists they use and the
special-category detector. Works on plain text and the visitor's known values handed
in by the caller: it imports nothing of the record, the chat or compliance.
"""
