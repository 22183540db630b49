"""The console's screens, a module each: ``conversations`` (the live console and its
photos), ``history`` (closed chats, transcripts with read-audit, legal holds),
``requests`` (subject access and erasure), ``disclosures`` and ``dashboard``.

Views are thin: who may do what is decided in ``chatserver.chat.access``; reading and
writing go through ``transcripts.record.store``, ``chatserver.chat.actions`` and the
compliance functions. Opening a transcript writes an audit entry before any text is
decrypted.
"""
