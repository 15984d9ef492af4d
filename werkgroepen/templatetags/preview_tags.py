"""Template filters of the document preview."""

from django import template

from werkgroepen import previews

register = template.Library()


@register.filter
def readable_in_browser(document):
    """Whether the document is a PDF or an office file: the types the reader shows
    (``{% if document|readable_in_browser %}``)."""
    return previews.kind_of(document) != previews.UNSUPPORTED
