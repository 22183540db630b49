"""The transcript record and what the law asks of it, in three packages.

- ``record``: the sealed record (models, store, sealing, crypto, keyring, rotation, batch
  SQL). It imports nothing of the chat, of redaction or of compliance.
- ``redaction``: finding personal data in text (Presidio, the UK recognizers, special
  category). It imports nothing of the record: callers hand it text and known values.
- ``compliance``: retention, subject requests, legal holds, disclosures, the audit trail
  and statutory deadlines. It uses the record, and redaction when it masks.

The app shell (``apps``, ``checks``, ``models``, ``migrations``, ``management``) ties them to
Django; the layers are import-linter contracts in ``pyproject.toml``.
"""
