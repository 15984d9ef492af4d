"""Working-group models: spaces, meetings, document versions, members, input tracker."""

from .documents import DocumentVersion
from .feedback import FeedbackPage, InputItem
from .meetings import MeetingDocument, MeetingPage
from .members import CalendarToken, MemberProfile, NotificationLog
from .spaces import WorkingGroupIndexPage, WorkingGroupPage

__all__ = [
    "CalendarToken",
    "DocumentVersion",
    "FeedbackPage",
    "InputItem",
    "MeetingDocument",
    "MeetingPage",
    "MemberProfile",
    "NotificationLog",
    "WorkingGroupIndexPage",
    "WorkingGroupPage",
]
