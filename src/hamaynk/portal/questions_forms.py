"""The form a resident asks a specialist with; the service function checks the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hamaynk.questions.models import Topic
from hamaynk.questions.services import QUESTION_MAX_LENGTH


class AskForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Topic of your question"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": QUESTION_MAX_LENGTH}),
        required=False,
        help_text=_(
            "Write what you want to know. Do not write your ID or Public Service Number: "
            "the specialist sees who asked."
        ),
    )

    def __init__(self, *args: Any, topics: QuerySet[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topic"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = topics
        field.error_messages["invalid_choice"] = _(
            "Choose what your question is about from the list."
        )
