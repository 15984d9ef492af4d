"""Kennisbank models: taxonomy snippets, the page types and the practice sheet's parts."""

from .imports import SheetImport, SheetImportLine
from .pages import (
    EVIDENCE_CRITERIA,
    EvidenceLevel,
    KennisbankIndexPage,
    KennisbankPage,
    MethodPage,
    PracticePage,
)
from .parts import PracticeAttachment, PracticeObstacle, PracticeTip
from .taxonomy import MethodType, Organisation, TargetGroup, TaxonomyBase, Theme

__all__ = [
    "EVIDENCE_CRITERIA",
    "EvidenceLevel",
    "KennisbankIndexPage",
    "KennisbankPage",
    "MethodPage",
    "MethodType",
    "Organisation",
    "PracticeAttachment",
    "PracticeObstacle",
    "PracticePage",
    "PracticeTip",
    "SheetImport",
    "SheetImportLine",
    "TargetGroup",
    "TaxonomyBase",
    "Theme",
]
