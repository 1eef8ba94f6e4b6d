from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from hamaynk.core.renderers import JinjaFirstRenderer


class Sample(forms.Form):
    name = forms.CharField(max_length=10, help_text="<b>as text</b>")
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "Ա & Բ"), ("b", "<b>")])
    tags = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple
    )
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(widget=forms.Textarea, required=False)


def test_widgets_render_the_same_markup_as_through_django_templates():
    data = {"name": "<script>", "kind": "a", "tags": ["y"], "day": "2026-01-02"}
    for field in Sample.base_fields:
        fast = Sample(data, renderer=JinjaFirstRenderer())[field].as_widget()
        plain = Sample(data, renderer=DjangoTemplates())[field].as_widget()
        assert parse_html(fast) == parse_html(plain), field
        assert "<script>" not in fast


def test_a_template_only_django_has_still_renders():
    html = JinjaFirstRenderer().render(
        "admin/widgets/related_widget_wrapper.html",
        {
            "rendered_widget": "<select></select>",
            "is_hidden": False,
            "name": "x",
            "url_params": "",
            "model_name": "m",
        },
    )
    assert "related-widget-wrapper" in html
