"""State-changing chat actions by topic, shared by the sockets, the console and commands.

Each action owns its transaction: it writes sealed values through
``transcripts.record.store`` and the chat's own rows (the live state of a conversation
among them) with the ORM, then signals through ``broadcast`` only after the commit, so
nothing is announced that is not stored. Actions take ids and model objects, never
requests; they read through ``chatserver.chat.state``.
"""
