"""The coordinator's reset of a lost second factor, in the admin.

A person who lost their phone (and their recovery codes) cannot pass the second step.
The coordinator removes all their devices; at their next visit to a space or the
admin they set up a new one. Coordinators only; the reset is in the access log.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from access.roles import is_coordinator
from twofactor import accesslog, devices


def _name(person):
    return person.get_full_name() or person.get_username()


class ResetView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "twofactor/admin/reset.html"
    page_title = gettext_lazy("Tweede stap herstellen")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        self.person = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return _name(self.person)

    def get_context_data(self, **kwargs):
        rows = [
            {"label": devices.KIND_LABELS[devices.kind_of(d)], "name": d.name}
            for d in devices.own_devices(self.person)
        ]
        return super().get_context_data(
            person=self.person,
            rows=rows,
            cancel_url=reverse("wagtailusers_users:index"),
            **kwargs,
        )

    def post(self, request, user_id):
        removed = devices.remove_all(self.person)
        accesslog.reset(self.person, request.user, removed)
        messages.success(
            request,
            _(
                "De tweede stap van %(person)s is hersteld. Bij het volgende bezoek stelt "
                "die persoon een nieuwe in."
            )
            % {"person": _name(self.person)},
        )
        return redirect("wagtailusers_users:index")
