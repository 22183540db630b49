"""A seeded generator of housing chat lines and the training of the housing NER.

``generate`` makes labelled lines (PERSON, ADDRESS) from templates in the
registers tenants write in; ``train`` fits a small spaCy NER on them. Both are
run by ``make redaction-model``; nothing here runs in the chat server.
"""
