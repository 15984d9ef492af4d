"""What the working groups keep about a person, for *Mijn gegevens*, the export and
the erasure (``personaldata.hooks``; registered in ``werkgroepen.wagtail_hooks``).

On erasure (docs/privacy.md, "Erasure"):

- input they recorded stays, attributed to nobody, with "een deelnemer" as its
  sender; with "also remove input" it is deleted (attachments too);
- comments they wrote are deleted: they are their own words, not the group's record
  (input and minutes are; those stay, without their name);
- documents they uploaded stay in the space or are deleted, as the space's privacy
  setting says (``SpacePrivacy.removes_uploads_on_erasure``);
- in a named poll their choice keeps counting, without a name (it moves to the
  option's anonymous count); every ballot of theirs is deleted;
- their memberships, attendance at meetings, profile (mail settings, organisation)
  and calendar address go; actions they were to do get nobody;
- consents they gave go; withdrawals stay without a person (``werkgroepen.consent``);
- mentions of them in input, comments, actions, invitations, polls and meeting pages
  (agenda, minutes, decisions, other attendees) become "een deelnemer".

A participant without an account (their invitation links): the first name the lead
noted goes from the links and the input, as do photos and voice notes they sent; their
input stays (without name) unless they ask for it to go; named ballots as above.
"""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model

from search.api import index_later
from werkgroepen import accesslog, consent, documents
from werkgroepen.models import (
    Action,
    CalendarToken,
    Comment,
    InputItem,
    Invitation,
    MeetingPage,
    MemberProfile,
    Poll,
    PollBallot,
    PollOption,
    SpacePrivacy,
    WorkingGroupPage,
)


def _section(key, title, columns, rows, intro=""):
    return {"key": key, "title": title, "intro": intro, "columns": columns, "rows": rows}


# --- what is kept: the sections -----------------------------------------------------


def sections(person):
    found = []
    if person.user is not None:
        found.extend(account_sections(person.user))
    if person.invitation_ids:
        found.extend(invitation_sections(person.invitation_ids))
    return found


def _spaces_of(user):
    group_ids = set(user.groups.values_list("pk", flat=True))
    spaces = WorkingGroupPage.objects.filter(
        models.Q(member_group__in=group_ids) | models.Q(lead_group__in=group_ids)
    ).order_by("title")
    return [
        {
            "space": space.title,
            "role": _("trekker") if space.lead_group_id in group_ids else _("lid"),
        }
        for space in spaces
        if space.original().pk == space.pk
    ]


def _space_title(space):
    return space.title if space is not None else ""


def _input_rows(items):
    return [
        {
            "date": item.received_on,
            "space": _space_title(item.space),
            "text": item.text,
            "status": item.get_status_display(),
            "public": item.public_summary if item.is_public else "",
        }
        for item in items.select_related("space")
    ]


INPUT_COLUMNS = [
    ("date", _("Datum")),
    ("space", _("Werkgroep")),
    ("text", _("Wat werd er gezegd")),
    ("status", _("Stand van zaken")),
    ("public", _("Publieke tekst")),
]


def account_sections(user):
    return [
        _section(
            "werkgroepen.memberships",
            _("Je werkgroepen"),
            [("space", _("Werkgroep")), ("role", _("Rol"))],
            _spaces_of(user),
        ),
        _section(
            "werkgroepen.input",
            _("Inbreng die jij noteerde"),
            INPUT_COLUMNS,
            _input_rows(_one_per_item(InputItem.objects.filter(created_by=user))),
        ),
        _uploads(user),
        _comments(user),
        _ballots(PollBallot.objects.filter(user=user)),
        _actions(user),
        _meetings(user),
        _mail_settings(user),
        *_consents(user),
        _access_log(user),
    ]


def _one_per_item(items):
    """One row per input item: its translations share its words."""
    seen, pks = set(), []
    for pk, key in items.order_by("-received_on", "pk").values_list("pk", "translation_key"):
        if key not in seen:
            seen.add(key)
            pks.append(pk)
    return InputItem.objects.filter(pk__in=pks).order_by("-received_on", "pk")


def _uploads(user):
    documents_ = (
        get_document_model().objects.filter(uploaded_by_user=user).select_related("collection")
    )
    rows = [
        {
            "date": document.created_at,
            "title": document.title,
            "where": document.collection.name,
            "in_trash": document.trashed_at is not None,
        }
        for document in documents_.order_by("-created_at")
    ]
    return _section(
        "werkgroepen.uploads",
        _("Documenten die je opliet"),
        [
            ("date", _("Datum")),
            ("title", _("Titel")),
            ("where", _("Waar")),
            ("in_trash", _("In de prullenbak")),
        ],
        rows,
    )


def _comments(user):
    comments = Comment.objects.filter(author=user).select_related("meeting", "document", "space")
    rows = [
        {
            "date": comment.created_at,
            "space": comment.space.title,
            "on": comment.meeting.title if comment.meeting_id else comment.document.title,
            "text": comment.text,
        }
        for comment in comments.order_by("-created_at")
    ]
    return _section(
        "werkgroepen.comments",
        _("Je reacties"),
        [("date", _("Datum")), ("space", _("Werkgroep")), ("on", _("Bij")), ("text", _("Tekst"))],
        rows,
    )


def _ballots(ballots):
    rows = []
    for ballot in ballots.select_related("poll__space", "option").order_by("-poll__opens_at"):
        choice = (
            ballot.option.label if ballot.option_id else _("(anoniem: je keuze is niet bewaard)")
        )
        rows.append(
            {"space": ballot.poll.space.title, "question": ballot.poll.question, "choice": choice}
        )
    return _section(
        "werkgroepen.poll_answers",
        _("Je antwoorden op peilingen"),
        [("space", _("Werkgroep")), ("question", _("Vraag")), ("choice", _("Je keuze"))],
        rows,
        intro=_("Bij een anonieme peiling is alleen bewaard dat je antwoordde, niet wat."),
    )


def _actions(user):
    actions = Action.objects.filter(owner=user).select_related("space").order_by("due_on", "pk")
    rows = [
        {
            "space": action.space.title,
            "title": action.title,
            "due_on": action.due_on,
            "status": action.get_status_display(),
        }
        for action in actions
    ]
    return _section(
        "werkgroepen.actions",
        _("Acties voor jou"),
        [
            ("space", _("Werkgroep")),
            ("title", _("Wat")),
            ("due_on", _("Tegen")),
            ("status", _("Stand van zaken")),
        ],
        rows,
    )


def _meetings(user):
    meetings = MeetingPage.objects.filter(attendees=user).order_by("-start")
    rows = [{"date": meeting.start, "meeting": meeting.title} for meeting in meetings]
    return _section(
        "werkgroepen.attendance",
        _("Vergaderingen waar je bij was"),
        [("date", _("Datum")), ("meeting", _("Vergadering"))],
        rows,
    )


def _mail_settings(user):
    profile = MemberProfile.objects.filter(user=user).first()
    rows = []
    if profile is not None:
        rows.append(
            {
                "organisation": profile.organisation,
                "digest": profile.get_digest_display(),
                "notify_meetings": profile.notify_meetings,
                "notify_minutes": profile.notify_minutes,
                "notify_documents": profile.notify_documents,
                "mail_language": profile.mail_language,
                "calendar_address": CalendarToken.objects.filter(user=user).exists(),
            }
        )
    return _section(
        "werkgroepen.settings",
        _("Je instellingen"),
        [
            ("organisation", _("Organisatie")),
            ("digest", _("Mails")),
            ("notify_meetings", _("Mail bij een nieuwe vergadering")),
            ("notify_minutes", _("Mail bij een nieuw verslag")),
            ("notify_documents", _("Mail bij een nieuw document")),
            ("mail_language", _("Taal van de mails")),
            ("calendar_address", _("Je hebt een persoonlijk agenda-adres")),
        ],
        rows,
    )


def _consents(user):
    return [consent.consent_section(user)]


def _access_log(user):
    entries = accesslog.entries_about(user)[:500]
    labels = accesslog.LABELS
    rows = [
        {
            "date": entry.timestamp,
            "what": labels.get(entry.action, entry.action),
            "item": entry.label,
            "space": (entry.data or {}).get("space_title", ""),
            "by": _who(entry.user),
        }
        for entry in entries
    ]
    return _section(
        "werkgroepen.access_log",
        _("Wie opende of veranderde wat van jou"),
        [
            ("date", _("Wanneer")),
            ("what", _("Wat")),
            ("item", _("Welk item")),
            ("space", _("Werkgroep")),
            ("by", _("Door wie")),
        ],
        rows,
        intro=_("Uit het toegangslog: je documenten, de inbreng die je noteerde, je lidmaatschap."),
    )


def _who(user):
    if user is None:
        return _("het portaal")
    return user.get_full_name() or user.get_username()


def invitation_sections(ids):
    invitations = Invitation.objects.filter(pk__in=ids).select_related("space")
    rows = [
        {
            "space": invitation.space.title,
            "purpose": invitation.get_purpose_display(),
            "name": invitation.name,
            "created": invitation.created_at,
            "used": invitation.used_at,
        }
        for invitation in invitations
    ]
    items = _one_per_item(InputItem.objects.filter(invitation__in=ids))
    return [
        _section(
            "werkgroepen.invitations",
            _("Uitnodigingen"),
            [
                ("space", _("Werkgroep")),
                ("purpose", _("Waarvoor")),
                ("name", _("Voornaam")),
                ("created", _("Gemaakt op")),
                ("used", _("Gebruikt op")),
            ],
            rows,
        ),
        _section("werkgroepen.input", _("Inbreng"), INPUT_COLUMNS, _input_rows(items)),
        _ballots(PollBallot.objects.filter(invitation__in=ids)),
        consent.invitation_consent_section(ids),
    ]


def participants(query=None, ids=None):
    """Invitation links with a noted first name (``personal_data_participants``)."""
    invitations = Invitation.objects.select_related("space").order_by("-created_at")
    if ids is not None:
        invitations = invitations.filter(pk__in=ids)
    elif query:
        invitations = invitations.exclude(name="").filter(name__icontains=query)
    else:
        return []
    return [
        {
            "invitation_id": invitation.pk,
            "name": invitation.name,
            "description": f"{invitation.space.title}, {invitation.get_purpose_display()}, "
            f"{timezone.localtime(invitation.created_at):%d-%m-%Y}",
        }
        for invitation in invitations[:100]
    ]


# --- the erasure ----------------------------------------------------------------------


def erase(run):
    """The ``erase_personal_data`` hook."""
    if run.user is not None:
        _erase_account(run, run.user)
    if run.invitation_ids:
        _erase_invitations(run, run.invitation_ids)
    _scrub_texts(run)


def _erase_account(run, user):
    _handle_input(run, InputItem.objects.filter(created_by=user), keep_as=run.label)
    targets = set()
    for comment in Comment.objects.filter(author=user):
        targets.add(comment.meeting if comment.meeting_id else comment.document)
    comments = Comment.objects.filter(author=user)
    run.done(_("reacties verwijderd"), comments.count())
    comments.delete()
    for target in targets:
        index_later(target)
    _handle_uploads(run, user)
    _fold_ballots(run, PollBallot.objects.filter(user=user))
    attendance = MeetingPage.attendees.through.objects.filter(user=user)
    run.done(_("aanwezigheden op vergaderingen"), attendance.delete()[0])
    MemberProfile.objects.filter(user=user).delete()
    CalendarToken.objects.filter(user=user).delete()
    run.done(_("acties zonder uitvoerder"), Action.objects.filter(owner=user).update(owner=None))
    Action.objects.filter(created_by=user).update(created_by=None)
    run.done(_("werkgroepen verlaten"), len(_spaces_of(user)))
    deleted, anonymised = consent.erase_consents(user)
    run.done(
        _("toestemmingen (gegeven: verwijderd; ingetrokken: zonder naam)"), deleted + anonymised
    )


def _handle_input(run, items, keep_as):
    """Delete the input (with "also remove input") or keep it without its sender."""
    related = InputItem.objects.filter(translation_key__in=items.values("translation_key"))
    if run.remove_input:
        _remove_attachments(run, related)
        run.done(_("inbreng verwijderd"), related.delete()[0])
        return
    run.done(
        _("inbreng bewaard als 'een deelnemer'"),
        related.update(created_by=None, participant_name=keep_as),
    )


def _remove_attachments(run, items):
    files = [(item.attachment.storage, item.attachment.name) for item in items if item.attachment]
    if not files:
        return
    items.update(attachment="")
    run.after_commit(lambda: [storage.delete(name) for storage, name in files])
    run.done(_("foto's en spraakberichten verwijderd"), len(files))


def _handle_uploads(run, user):
    removed = 0
    spaces = {space.collection_id: space for space in WorkingGroupPage.objects.all()}
    for document in get_document_model().objects.filter(uploaded_by_user=user):
        space = spaces.get(document.collection_id)
        if space is None or not SpacePrivacy.of(space).removes_uploads_on_erasure():
            continue
        with documents.purging():
            document.delete()
        removed += 1
    run.done(_("documenten verwijderd (instelling van de werkgroep)"), removed)


def _fold_ballots(run, ballots):
    """A named choice keeps counting, without a name; then the ballots go."""
    for option_id in ballots.exclude(option=None).values_list("option_id", flat=True):
        PollOption.objects.filter(pk=option_id).update(anonymous_votes=F("anonymous_votes") + 1)
    run.done(_("antwoorden op peilingen (blijven meetellen, zonder naam)"), ballots.delete()[0])


def _erase_invitations(run, ids):
    items = InputItem.objects.filter(invitation__in=ids)
    related = InputItem.objects.filter(translation_key__in=items.values("translation_key"))
    _remove_attachments(run, related)
    _handle_input(run, items, keep_as="")
    run.done(_("uitnodigingen zonder naam"), Invitation.objects.filter(pk__in=ids).update(name=""))
    _fold_ballots(run, PollBallot.objects.filter(invitation__in=ids))
    deleted, anonymised = consent.erase_invitation_consents(ids)
    run.done(
        _("toestemmingen (gegeven: verwijderd; ingetrokken: zonder naam)"), deleted + anonymised
    )


def _scrub_texts(run):
    """Mentions of the person in what the working groups wrote."""
    count = len(
        run.scrub_rows(
            InputItem.objects.all(),
            ["text", "public_summary", "outcome", "reason", "participant_name"],
        )
    )
    changed = run.scrub_rows(Comment.objects.all(), ["text"])
    for comment in Comment.objects.filter(pk__in=changed).select_related("meeting", "document"):
        index_later(comment.meeting if comment.meeting_id else comment.document)
    count += len(changed)
    count += len(run.scrub_rows(Action.objects.all(), ["title", "description"]))
    count += len(run.scrub_rows(Invitation.objects.all(), ["name"]))
    count += len(run.scrub_rows(Poll.objects.all(), ["question", "description"]))
    count += len(run.scrub_rows(PollOption.objects.all(), ["label"]))
    pages = run.scrub_rows(
        MeetingPage.objects.all(), ["agenda", "minutes", "other_attendees", "decisions"]
    )
    for page in MeetingPage.objects.filter(pk__in=pages):
        index_later(page)
        run.reindex(page)
    run.done(_("teksten waarin de persoon genoemd werd"), count + len(pages))


# --- the confirmation page ------------------------------------------------------------


def erasure_plan(person):
    """Plain sentences for the coordinator's confirmation (``personal_data_erasure_plan``)."""
    if person.user is None:
        return _participant_plan(person.invitation_ids)
    user = person.user
    sentences = [_input_sentence(InputItem.objects.filter(created_by=user).count())]
    sentences.extend(_upload_sentences(user))
    sentences.append(
        _("Reacties (%(n)s): worden verwijderd.")
        % {"n": Comment.objects.filter(author=user).count()}
    )
    sentences.append(
        _("Antwoorden op peilingen (%(n)s): de keuze blijft meetellen, zonder naam.")
        % {"n": PollBallot.objects.filter(user=user).count()}
    )
    sentences.append(
        _("Werkgroepen (%(n)s), mailinstellingen en agenda-adres: worden verwijderd.")
        % {"n": len(_spaces_of(user))}
    )
    sentences.append(
        _("Acties voor deze persoon (%(n)s): blijven staan, zonder uitvoerder.")
        % {"n": Action.objects.filter(owner=user).count()}
    )
    return sentences


def _input_sentence(count):
    return _(
        "Inbreng (%(n)s): blijft staan, met als afzender 'een deelnemer'. Met het vinkje "
        "'ook de inbreng verwijderen' wordt ze verwijderd."
    ) % {"n": count}


def _upload_sentences(user):
    spaces = {space.collection_id: space for space in WorkingGroupPage.objects.all()}
    counts = {}
    for collection_id in (
        get_document_model()
        .objects.filter(uploaded_by_user=user)
        .values_list("collection_id", flat=True)
    ):
        counts[collection_id] = counts.get(collection_id, 0) + 1
    sentences = []
    for collection_id, count in counts.items():
        space = spaces.get(collection_id)
        if space is None:
            sentences.append(_("Andere documenten (%(n)s): blijven staan.") % {"n": count})
        elif SpacePrivacy.of(space).removes_uploads_on_erasure():
            sentences.append(
                _("Documenten in werkgroep %(space)s (%(n)s): worden verwijderd.")
                % {"space": space.title, "n": count}
            )
        else:
            sentences.append(
                _("Documenten in werkgroep %(space)s (%(n)s): blijven staan.")
                % {"space": space.title, "n": count}
            )
    return sentences


def _participant_plan(ids):
    items = InputItem.objects.filter(invitation__in=ids)
    return [
        _input_sentence(items.count()),
        _("De voornaam bij de uitnodigingen en de inbreng: wordt verwijderd."),
        _("Foto's en spraakberichten (%(n)s): worden verwijderd.")
        % {"n": items.exclude(attachment="").count()},
        _("Antwoorden op peilingen (%(n)s): de keuze blijft meetellen, zonder naam.")
        % {"n": PollBallot.objects.filter(invitation__in=ids).count()},
    ]
