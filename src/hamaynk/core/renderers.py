"""The form renderer: Django's widget templates through Jinja2, Django's own as fallback."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class JinjaFirstRenderer(Jinja2):
    """Widgets render through Django's Jinja2 copies of its form templates: a ``<select>``
    of a few hundred options costs a fraction of what the Django template language takes.
    Templates that exist only for the Django template language (the admin's widgets) are
    rendered by it, as before."""

    @cached_property
    def fallback(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
