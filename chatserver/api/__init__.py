"""The REST API under ``/api/v1/`` for the landlord's other systems, with per-token scopes.

A supervisor makes a token in the console (``/console/api-tokens/``): it is shown once and
kept as its SHA-256 (with a short prefix to recognise it by). Each token holds scopes
(``scopes``): reading conversations and cases, posting a system line, closing with a
wrap-up, reading report figures, and, separately, seeing personal data (visitor details and
the chat's text) in what it reads. Every request is limited per token (``limits``) and
audited (``actions.do_record_use``). The endpoints are thin: they read through ``queries``
and the reports' figures, and write through the chat's and wrap-up's actions, so a system
line reaches the live chat as any other does. A token acts with the authority of the
supervisor who made it, and stops working when that account is no longer an active
supervisor.

Why django-ninja rather than Django REST framework with drf-spectacular: the API is a few
plain function views over existing actions and queries, and ninja derives both the request
validation and the OpenAPI 3 schema from the same type hints and pydantic models (pydantic
is already installed, through spaCy), so the schema cannot drift from the code and mypy
checks the handlers. DRF would bring its own request, authentication, permission and
serializer layers (and a second package, drf-spectacular, to describe them) beside the
project's access rules and actions, for none of its model viewsets, browsable API or
session features, which this token-only API does not use.
"""
