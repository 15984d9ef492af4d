"""System check: read-aloud recordings need espeak-ng and lame on the server."""

from django.core import checks

from . import recordings


def recordings_need_their_tools(app_configs, **kwargs):
    if not recordings.enabled() or recordings.tools() is not None:
        return []
    return [
        checks.Warning(
            "Read-aloud recordings are off: espeak-ng or lame was not found.",
            hint="Install Debian's espeak-ng and lame (make speech-deps), or set "
            "PORTAL_READ_ALOUD_RECORDINGS=false. Phones without a voice for the page's "
            "language then cannot have it read aloud.",
            id="easyread.W001",
        )
    ]


def register():
    checks.register(recordings_need_their_tools, checks.Tags.compatibility)
