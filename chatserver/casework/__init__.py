"""Casework: complaints, service requests and hazards recorded from a chat, each on its
legal clock (the Housing Ombudsman's Complaint Handling Code, Awaab's Law), and the prompts
that tell an agent when a chat sounds like one.

A case keeps only non-personal facts (its reference, kind, category, stage, the time the
landlord became aware, due dates, when each step happened, the outcome and the team), so
it outlives the transcript's masking and erasure; while it is open it holds the transcript
(``transcripts.compliance.holds``). A prompt is read from a line in memory and keeps only
its kind, trigger and category; the agent decides, and both are audited.
"""
