"""Casework: complaints, service requests and hazards recorded from a chat, each on its
legal clock (the Housing Ombudsman's Complaint Handling Code, Awaab's Law).

A case keeps only non-personal facts (its reference, kind, category, stage, the time the
landlord became aware, due dates, when each step happened, the outcome and the team), so
it outlives the transcript's masking and erasure; while it is open it holds the transcript
(``transcripts.compliance.holds``).
"""
