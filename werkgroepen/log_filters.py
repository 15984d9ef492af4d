"""A logging filter that keeps invitation tokens out of the logs.

Django logs the path of refused requests (``django.request``: "Gone: /meedoen/...")
and the development server every request line (``django.server``); the token in an
invitation link is a key to a participant's page, so it is replaced before any
handler writes the record. Installed on every handler in ``LOGGING``.
"""

import logging
import re

TOKEN_IN_PATH = re.compile(r"/meedoen/[^/\s\"'?]+")
HIDDEN = "/meedoen/[verborgen]"


def hide(value):
    return TOKEN_IN_PATH.sub(HIDDEN, value) if isinstance(value, str) else value


class HideInvitationTokens(logging.Filter):
    def filter(self, record):
        record.msg = hide(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(hide(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: hide(value) for key, value in record.args.items()}
        return True
