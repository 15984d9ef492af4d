from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render


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
