"""The MFA adapter: allauth's second-factor hooks with the project's wording."""

from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils.translation import gettext_lazy as _


class MfaAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    """A refused code says why it may have been refused: allauth accepts a code once, so
    an agent signing in twice within one code's life (two tabs, two desks) is otherwise
    told only "Incorrect code" for the right code."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "That code was not accepted: it is wrong, or it was used already (a code works "
            "once). Wait for the next code from your app and try again."
        ),
    }
