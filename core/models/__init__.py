"""Models every app uses: the base page, the review date mixin, the document and image
models, the glossary and the test-reader workflow task."""

from .base import BasePage, SearchableMixin
from .content_version import ContentVersion
from .documents import PortalDocument
from .glossary import GlossaryTerm
from .images import PortalImage, PortalRendition
from .review import ReviewDateMixin
from .workflow import TestReaderTask, passed_test_readers

__all__ = [
    "BasePage",
    "ContentVersion",
    "GlossaryTerm",
    "PortalDocument",
    "PortalImage",
    "PortalRendition",
    "ReviewDateMixin",
    "SearchableMixin",
    "TestReaderTask",
    "passed_test_readers",
]
