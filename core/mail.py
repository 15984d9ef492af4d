"""The language each user wants the portal's mails in.

The portal's mails come in every content language (``LANGUAGES``): the interface
catalogues cover all of them (``make messages-check``). Where a user keeps that
choice is up to the app that asks for it (working-group members choose it in their
settings): such an app registers a function under the Wagtail hook
``MAIL_LANGUAGES_HOOK`` that takes a list of users and returns ``{user id: code}``
for those it knows. Every other user gets the first of the admin's languages.
"""

from django.conf import settings
from wagtail import hooks

MAIL_LANGUAGES_HOOK = "portal_mail_languages"


def mail_languages():
    """(code, name) of every language a mail can be written in, source language first."""
    return list(settings.LANGUAGES)


def default_mail_language():
    return settings.LANGUAGE_CODE


def mail_language_of(users):
    """{user id: the language of that user's mails} for ``users``."""
    known = {code for code, _name in mail_languages()}
    default = mail_languages()[0][0]
    chosen = {}
    for hook in hooks.get_hooks(MAIL_LANGUAGES_HOOK):
        chosen.update(hook(users))
    return {user.pk: chosen[user.pk] if chosen.get(user.pk) in known else default for user in users}
