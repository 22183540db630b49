"""What data-protection law asks of the record.

Owns retention (masking aged transcripts and destroying their keys), subject access and
erasure, legal holds, the disclosure register, the audit trail and statutory deadlines
in working days. Builds on ``transcripts.record`` and, for masking, on
``transcripts.redaction``; never imports the chat.
"""
