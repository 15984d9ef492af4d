"""Models every app uses: the base page, the document and image models."""

from .base import AudienceMixin, BasePage, EasyReadMixin, SearchableMixin
from .documents import PortalDocument
from .images import PortalImage, PortalRendition

__all__ = [
    "AudienceMixin",
    "BasePage",
    "EasyReadMixin",
    "PortalDocument",
    "PortalImage",
    "PortalRendition",
    "SearchableMixin",
]
