from django.contrib.auth.views import LoginView
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template import loader


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


class PortalLoginView(LoginView):
    """The login page. Someone already logged in who is sent here by a page they may
    not open gets a clear "no access" page instead of being bounced back to that page
    (which would send them here again, in a loop)."""

    template_name = "registration/login.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            target = self.get_redirect_url()
            if target:
                return render(
                    request, "registration/no_access.html", {"target": target}, status=403
                )
            return redirect(self.get_default_redirect_url())
        return super().get(request, *args, **kwargs)


def bad_request(request, exception=None):
    """Bad Host header, too many fields or files, a broken multipart body. The page is
    rendered without the request: its host may be the very thing that is wrong."""
    return HttpResponseBadRequest(loader.get_template("400.html").render())


def csrf_failure(request, reason=""):
    """A form sent without (or with an expired) CSRF token: say so in Dutch."""
    return render(request, "403_csrf.html", status=403)
