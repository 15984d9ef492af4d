from wagtail.snippets.models import register_snippet

from .models import MethodType, Organisation, TargetGroup, Theme

for model in (Theme, TargetGroup, MethodType, Organisation):
    register_snippet(model)
