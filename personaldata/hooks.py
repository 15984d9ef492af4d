"""How an app tells ``personaldata`` what it keeps about a person, and how to erase it.

``personaldata`` imports no feature app: each app that keeps something about a person
registers functions under three Wagtail hooks (in its ``wagtail_hooks.py``). Apps of
the same layer as ``personaldata`` (``sso``) may not import this module; the contract
is therefore plain data and the hook names are plain strings.

``personal_data_sections`` — ``fn(person)`` returns a list of sections (or nothing).
    ``person`` is a ``Person``: an account (``person.user``) or a participant without
    an account, known by their invitation links (``person.invitation_ids``). A section
    is a dict::

        {"key": "werkgroepen.input",           # stable: the key in data.json
         "title": "Inbreng",                   # shown on the page and in data.html
         "intro": "…",                         # optional: one plain sentence
         "columns": [("date", "Datum"), …],    # (stable key, label) in order
         "rows": [{"date": "2026-05-01", …}]}  # values: str, int, bool, date(time)

    Values are shown as text (dates as ISO dates in JSON). Never put tokens or
    other people's e-mail addresses in a row.

``erase_personal_data`` — ``fn(run)``: erase what the app keeps about ``run.user``
    (or the participant of ``run.invitation_ids``), inside the one transaction of the
    erasure: raise to stop it (everything rolls back). ``run`` offers:

    - ``run.user``, ``run.invitation_ids``, ``run.remove_input`` (the person asked that
      their input goes too);
    - ``run.label``: the words that replace a name ("een deelnemer");
    - ``run.scrub(text)`` → the text with every mention of the person replaced, and
      ``run.scrub_rows(queryset, fields)`` → the pks of the rows it changed (only rows
      that mention the person are written; ``fields`` may be text or JSON fields);
    - ``run.reindex(obj)``: index this page or document again after the commit;
    - ``run.after_commit(fn)``: run ``fn`` after the commit (remove files);
    - ``run.done(label, count)``: report what was done (the command prints it).

``personal_data_erased`` — ``fn(run)``, after the commit, once the search indexes
    have followed the changes: clean what only then can be cleaned (the search
    app compacts its full-text index, which keeps deleted words until it merges).

``personal_data_participants`` — ``fn(query=None, ids=None)`` returns the invitation
    links of participants without an account whose noted first name contains
    ``query`` (or whose numbers are in ``ids``), as dicts ``{"invitation_id": 3,
    "name": "Fatima", "description": "Werkgroep X, 2 mei 2026"}``, for the
    coordinator's search.

``personal_data_erasure_plan`` — ``fn(person)`` returns plain sentences that say what
    an erasure will do with what the app keeps ("3 documenten in werkgroep X blijven
    staan."), with and without "also remove input", for the confirmation page.
"""

from dataclasses import dataclass, field

from wagtail import hooks

SECTIONS_HOOK = "personal_data_sections"
ERASE_HOOK = "erase_personal_data"
PARTICIPANTS_HOOK = "personal_data_participants"
ERASURE_PLAN_HOOK = "personal_data_erasure_plan"
ERASED_HOOK = "personal_data_erased"


@dataclass(frozen=True)
class Person:
    """Whose data: an account, or a participant known by their invitation links."""

    user: object = None
    invitation_ids: tuple = field(default_factory=tuple)

    @property
    def is_account(self):
        return self.user is not None

    def __post_init__(self):
        object.__setattr__(self, "invitation_ids", tuple(sorted(set(self.invitation_ids))))


def sections_for(person):
    """Every app's sections about ``person``, in the hooks' order."""
    found = []
    for hook in hooks.get_hooks(SECTIONS_HOOK):
        for section in hook(person) or []:
            found.append(section)
    return found


def participants_matching(query=None, ids=None):
    found = []
    for hook in hooks.get_hooks(PARTICIPANTS_HOOK):
        found.extend(hook(query=query, ids=ids) or [])
    return found


def erasure_plan(person):
    sentences = []
    for hook in hooks.get_hooks(ERASURE_PLAN_HOOK):
        sentences.extend(str(sentence) for sentence in hook(person) or [])
    return sentences


def erase_hooks():
    return list(hooks.get_hooks(ERASE_HOOK))


def erased_hooks():
    return list(hooks.get_hooks(ERASED_HOOK))
