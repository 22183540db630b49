"""State-changing chat actions by topic, shared by the sockets, the console and commands.

Each action writes through ``transcripts.record.store`` inside a transaction and signals
through ``broadcast`` only after the commit, so nothing is announced that is not
stored. Actions take ids and model objects, never requests; they read through
``chatserver.chat.state``.
"""
