"""Abstract building blocks shared by the domain apps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, editable=False)

    class Meta:
        abstract = True


def translated(obj: object, field: str) -> str:
    """The value of ``field`` in the active language, falling back to Armenian."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    value = getattr(obj, f"{field}_{language}", "")
    return str(value or getattr(obj, f"{field}_hy", ""))


class NamedModel(models.Model):
    """A name in Armenian (required), English and Russian; ``name`` follows the language."""

    name_hy = models.CharField(_("name (Armenian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return translated(self, "name")


class StoredFileFields(models.Model):
    """What is kept about every stored scan: the name the person gave it, its type as read
    from its content, its size and its SHA-256 (the file itself is under an opaque name)."""

    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        abstract = True
