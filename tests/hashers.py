"""A password hasher for the tests run in this process."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneRoundPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's PBKDF2 at one round: the same algorithm name and hash format (any server
    process under test still checks these passwords), without a second of CPU for every
    account a test makes or signs in with."""

    iterations = 1
