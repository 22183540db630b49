"""The one form of a mailbox's address, whichever way a visitor spelled it.

``"victim"@example.net`` and ``victim@example.net`` reach one mailbox, and so do
``victim@straße.net`` and ``victim@strasse.net``: Django's mail parses the address,
drops quotes that the local part does not need and converts the domain with IDNA 2003
(``django.core.mail.message.sanitize_address``, whose result is the SMTP recipient).
The limits on code emails count mailboxes, so they are keyed on this form (re-audit of
finding F-04). The stored blind index of a visitor's email (``blind_index``)
is not this form and does not change.
"""

import re
from email import _header_value_parser as header_parser
from email.errors import HeaderParseError
from email.headerregistry import Address

from django.utils.encoding import punycode

from chatserver.chat.errors import ChatError

# Letters, digits and hyphens in dot-separated labels (a final dot allowed).
HOST_NAME = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?")


def canonical_mailbox(email: str) -> str:
    """``local@domain`` as Django's mail sends to it: the local part unquoted unless it
    needs its quotes, the domain in lower-case ASCII (IDNA 2003, as Django converts it).

    Refused as ``invalid`` when Django could not send to it: an address it cannot parse
    whole, one with control characters or white space other than a space (the parser
    folds or drops them, so two spellings would no longer be one), or a domain that IDNA
    cannot convert (an empty or too long label) or converts to no host name.
    """
    if not email.isprintable():
        raise ChatError("email is not a valid address")
    try:
        token, rest = header_parser.get_mailbox(email)
        local_part, domain = token.local_part, token.domain
        if rest or not local_part or not domain:
            raise ValueError("not one whole address")
        ascii_domain = punycode(domain).lower()
        if not HOST_NAME.fullmatch(ascii_domain):
            # IDNA 2003 maps some characters to ASCII that no host name has (an acute
            # accent to a space, a full-width comma to a comma): no mailbox is there.
            raise ValueError("not a host name")
        address = Address(username=local_part, domain=ascii_domain).addr_spec
    # AttributeError: CPython 3.11's parser trips over its own defect list on an unclosed
    # domain literal ("0@[").
    except (HeaderParseError, ValueError, IndexError, TypeError, UnicodeError, AttributeError):
        raise ChatError("email is not a valid address") from None
    return address
