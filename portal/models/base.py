"""The abstract base page and the small mixins it is built from.

Each mixin carries its own fields, panels and search fields, so a page type that
needs only one of them can take just that one.
"""

from django.db import models
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from portal.blocks import EasyReadStreamBlock
from portal.easyread import freshness
from portal.easyread.panels import EasyReadStatusPanel, ReadabilityPanel

EASY_READ_COOKIE = "portal_easy_read"
EASY_READ_PARAMETER = "eenvoudig"


class AudienceMixin(models.Model):
    """Who may read the page: everyone, or logged-in partners only.

    The choice is turned into a Wagtail page view restriction (groups Partner and
    Netwerkcoördinator) by ``portal.signals``, so every way out that respects view
    restrictions respects this field. Translations follow their source.
    """

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Iedereen")
        PARTNERS = "partners", _("Alleen partners (aangemeld)")

    audience = models.CharField(
        _("wie mag dit lezen?"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.PUBLIC,
        help_text=_("Kies 'Alleen partners' voor informatie die niet publiek mag zijn."),
    )

    audience_panels = [FieldPanel("audience")]

    class Meta:
        abstract = True


class EasyReadMixin(models.Model):
    """An optional easy-read ("Eenvoudige taal") version of the page's content.

    Saving keeps ``content_updated_at`` and ``easy_read_updated_at`` up to date for any
    page type (see ``portal.easyread.freshness``), so editors see when the easy-read
    version may be older than the full text.
    """

    easy_read = StreamField(
        EasyReadStreamBlock(),
        blank=True,
        verbose_name=_("eenvoudige versie"),
        help_text=_("Korte zinnen, gewone woorden. Laat leeg als er geen eenvoudige versie is."),
    )
    easy_read_updated_at = models.DateTimeField(
        _("eenvoudige versie laatst aangepast"), null=True, blank=True, editable=False
    )
    # When the full (non easy-read) content last changed; with easy_read_updated_at it
    # tells editors that the easy-read version may be out of date.
    content_updated_at = models.DateTimeField(
        _("volledige tekst laatst aangepast"), null=True, blank=True, editable=False
    )

    easy_read_panels = [FieldPanel("easy_read")]

    search_fields = [index.SearchField("easy_read")]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Only full saves carry content; Wagtail's bookkeeping saves pass update_fields.
        if kwargs.get("update_fields") is None:
            freshness.track_changes(self, self._previous_saved_version())
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        if freshness.take_unchanged_mark(self):
            # Saved a moment ago and not changed since (freshness.unchanged_since_save):
            # that save set the timestamps, and a comparison would find nothing.
            return super().save_revision(*args, **kwargs)
        # Compare with the newest revision in the database (not this instance's idea
        # of it: an instance built from a revision carries a stale latest_revision).
        previous = None
        if self.pk:
            revision = self.revisions.order_by("-created_at", "-id").first()
            previous = revision.as_object() if revision else self._previous_saved_version()
        freshness.track_changes(self, previous)
        return super().save_revision(*args, **kwargs)

    @property
    def has_easy_read(self):
        return bool(self.easy_read)

    @property
    def easy_read_may_be_outdated(self):
        return freshness.easy_read_may_be_outdated(self)

    def _previous_saved_version(self):
        if not self.pk:
            return None
        return type(self)._default_manager.filter(pk=self.pk).first()


class SearchableMixin(models.Model):
    """Search fields every page shares: the title, boosted, and autocomplete."""

    search_fields = [
        *Page.search_fields,
        index.AutocompleteField("title"),
        index.FilterField("locale_id"),
        index.FilterField("path"),
        index.FilterField("depth"),
    ]

    class Meta:
        abstract = True


class _TabbedEditHandler:
    """Builds the admin tabs of a page class from its panel lists.

    Every BasePage gets the same tabs in the same order (content, easy read,
    promote, settings), without each page type writing out a TabbedInterface.
    """

    def __get__(self, instance, owner):
        # Every tab with text gets the readability checker (portal.easyread.panels).
        tabs = [ObjectList([*owner.content_panels, ReadabilityPanel()], heading=_("Inhoud"))]
        if getattr(owner, "easy_read_panels", None):
            tabs.append(
                ObjectList(
                    [
                        EasyReadStatusPanel(),
                        *owner.easy_read_panels,
                        ReadabilityPanel(target="easy"),
                    ],
                    heading=_("Eenvoudige taal"),
                )
            )
        tabs.append(ObjectList(owner.promote_panels, heading=_("Promotie")))
        settings_panels = [*getattr(owner, "audience_panels", []), *owner.settings_panels]
        tabs.append(ObjectList(settings_panels, heading=_("Instellingen")))
        return TabbedInterface(tabs, base_form_class=owner.base_form_class)


class BasePage(AudienceMixin, EasyReadMixin, SearchableMixin, Page):
    """The base of every content page in the portal."""

    edit_handler = _TabbedEditHandler()

    search_fields = [*SearchableMixin.search_fields, *EasyReadMixin.search_fields]
    # How wagtail-localize treats the base fields. Page types extend this list:
    # ``override_translatable_fields = [*BasePage.override_translatable_fields, ...]``.
    override_translatable_fields = [
        # Who may read the page is the same in every language (privacy, see signals).
        SynchronizedField("audience", overridable=False),
        # The easy-read version is text like any other: translated per language.
        TranslatableField("easy_read"),
    ]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """The view restrictions on this page and its ancestors, an alias's replaced by
        those of its source, as Wagtail's own method, in one query instead of two
        (Wagtail reads the ancestors first). The restrictions' groups come with them
        (one query, only when there are restrictions), for ``accept_request``.

        Within a request the same queryset is returned each time (its rows read once);
        any write in the request starts over (``portal.requestcache``)."""
        from portal.requestcache import memo

        return memo(("view-restrictions", self.pk, self.path), self._read_view_restrictions)

    def _read_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        along = Page.objects.filter(
            path__in=[
                self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)
            ]
        )
        sources = along.filter(alias_of__isnull=False)
        return PageViewRestriction.objects.filter(
            models.Q(page__in=along.filter(alias_of__isnull=True).values("pk"))
            | models.Q(page__in=sources.values("alias_of_id"))
            # The source of an alias is never an alias itself in Wagtail; should one
            # ever be, its source's restrictions count too (stricter, never laxer).
            | models.Q(
                page__in=Page.objects.filter(pk__in=sources.values("alias_of_id")).values(
                    "alias_of_id"
                )
            )
        ).prefetch_related("groups")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_easy_read"] = self.has_easy_read and wants_easy_read(request)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return remember_easy_read_choice(request, response)


def wants_easy_read(request):
    """The visitor asked for the easy-read version (query string or remembered cookie)."""
    choice = request.GET.get(EASY_READ_PARAMETER)
    if choice in ("1", "0"):
        return choice == "1"
    return request.COOKIES.get(EASY_READ_COOKIE) == "1"


def remember_easy_read_choice(request, response):
    """Remember the visitor's choice from ``?eenvoudig=1|0`` in a cookie (works
    without JavaScript), and tell caches that the page depends on that cookie."""
    choice = request.GET.get(EASY_READ_PARAMETER)
    if choice in ("1", "0") and request.COOKIES.get(EASY_READ_COOKIE) != choice:
        response.set_cookie(
            EASY_READ_COOKIE,
            choice,
            max_age=365 * 24 * 60 * 60,
            samesite="Lax",
            secure=request.is_secure(),
        )
    patch_vary_headers(response, ("Cookie",))
    return response
