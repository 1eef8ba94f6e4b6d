from django.utils.translation import gettext_lazy as _

from hamaynk.audit.registry import registry

QUESTION_ASKED = registry.register("questions.asked", _("Question asked by a resident"))
QUESTION_ANSWERED = registry.register("questions.answered", _("Question answered"))
QUESTION_REROUTED = registry.register(
    "questions.rerouted", _("Question sent to another topic and department")
)
QUESTION_REJECTED = registry.register("questions.rejected", _("Question closed without an answer"))
QUESTION_PUBLISHED = registry.register("questions.published", _("Question published in the FAQ"))
QUESTION_UNPUBLISHED = registry.register(
    "questions.unpublished", _("Question taken out of the FAQ")
)
ASKER_VIEWED = registry.register(
    "questions.asker_viewed", _("Asker's name and contact opened on a question")
)
TOPIC_CREATED = registry.register("questions.topic_created", _("Question topic created"))
TOPIC_CHANGED = registry.register("questions.topic_changed", _("Question topic changed"))
