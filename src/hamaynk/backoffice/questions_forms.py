"""Forms of the staff pages on residents' questions; choices limited to the current community.

Text fields are optional here so that the service functions give the specific message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.models import Department
from hamaynk.deadlines.engine import TermUnit
from hamaynk.questions.models import DEFAULT_TERM_LENGTH, QuestionStatus, Topic
from hamaynk.questions.selectors import topics_for_asking, topics_of
from hamaynk.tenancy.models import Community

OVERDUE = "overdue"
ALL = "all"
LIST_TABS = [
    (QuestionStatus.OPEN.value, _("Waiting for an answer")),
    (OVERDUE, _("Overdue")),
    (QuestionStatus.ANSWERED.value, _("Answered")),
    (QuestionStatus.REJECTED.value, _("Closed without an answer")),
    (ALL, _("All questions")),
]


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.department.name})"


class QuestionFilterForm(forms.Form):
    q = forms.CharField(label=_("Number"), required=False, max_length=30)
    topic = TopicChoiceField(label=_("Topic"), queryset=Topic.objects.none(), required=False)

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topic"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = topics_of(community)
        field.empty_label = _("All topics")


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RerouteForm(forms.Form):
    topic = TopicChoiceField(
        label=_("The right topic"),
        queryset=Topic.objects.none(),
        required=False,
        help_text=_("The question goes to that topic's department; its due date stays."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, community: Community, current: Topic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topic"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = topics_for_asking(community).exclude(pk=current.pk)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is closed without an answer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("The resident sees this, e.g. “The question has no words, only links.”"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PublishForm(forms.Form):
    question_text = forms.CharField(
        label=_("Question as published"),
        widget=forms.Textarea,
        required=False,
        help_text=_(
            "Suggested with e-mail addresses, phone numbers, personal numbers and the "
            "asker's name taken out (***). Read it and edit it before publishing."
        ),
    )
    answer_text = forms.CharField(
        label=_("Answer as published"), widget=forms.Textarea, required=False
    )


class TopicForm(forms.Form):
    name_hy = forms.CharField(label=_("Name (Armenian)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=200, required=False)
    department = forms.ModelChoiceField(
        label=_("Department that answers"), queryset=Department.objects.none(), required=False
    )
    answer_term_length = forms.IntegerField(
        label=_("Answer term"), min_value=1, max_value=365, initial=DEFAULT_TERM_LENGTH
    )
    answer_term_unit = forms.ChoiceField(
        label=_("Counted in"), choices=TermUnit.choices, initial=TermUnit.WORKING
    )
    is_active = forms.BooleanField(label=_("Residents can ask"), required=False, initial=True)

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(community=community).order_by("name_hy")

    def clean_name_hy(self) -> str:
        value = str(self.cleaned_data.get("name_hy") or "").strip()
        if not value:
            raise forms.ValidationError(_("Enter the topic's name in Armenian."))
        return value

    def clean_department(self) -> Department:
        value = self.cleaned_data.get("department")
        if value is None:
            raise forms.ValidationError(_("Choose the department that answers."))
        return value
