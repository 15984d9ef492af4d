"""Working-group models: spaces, meetings, document versions, members, input tracker,
invitations, consent, polls, actions, comments and each space's privacy settings."""

from .actions import Action
from .comments import Comment
from .consent import Consent, ConsentText
from .documents import DocumentVersion
from .feedback import FeedbackPage, InputItem
from .invitations import Invitation
from .meetings import MeetingDocument, MeetingPage
from .members import CalendarToken, MemberProfile, NotificationLog
from .polls import Poll, PollBallot, PollOption
from .privacy import SpacePrivacy
from .spaces import WorkingGroupIndexPage, WorkingGroupPage

__all__ = [
    "Action",
    "CalendarToken",
    "Comment",
    "Consent",
    "ConsentText",
    "DocumentVersion",
    "FeedbackPage",
    "InputItem",
    "Invitation",
    "MeetingDocument",
    "MeetingPage",
    "MemberProfile",
    "NotificationLog",
    "Poll",
    "PollBallot",
    "PollOption",
    "SpacePrivacy",
    "WorkingGroupIndexPage",
    "WorkingGroupPage",
]
