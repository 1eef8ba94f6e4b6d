"""Every action, from every status, by every role: allowed exactly as the table says.

The table is stated again here, independently, as the specification; the matrix then
drives the real service functions with a case forced into each status. The applicant's
role is held by the resident account the case belongs to, and by nobody else.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hamaynk.accounts.models import Department, User
from hamaynk.accounts.roles import AnyRole, Party, Role
from hamaynk.accounts.services import membership_grant
from hamaynk.cases import replies, services
from hamaynk.cases.models import Case, CaseEvent, CasePause, Decision
from hamaynk.cases.workflow import TRANSITIONS, Action, Status
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.tenancy.models import Settlement

pytestmark = pytest.mark.django_db

S = Status
SPEC: dict[Action, tuple[set[Status], Status | None]] = {
    Action.REGISTER: ({S.SUBMITTED}, S.REGISTERED),
    Action.ASSIGN: ({S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS}, S.ASSIGNED),
    Action.START: ({S.REGISTERED, S.ASSIGNED}, S.IN_PROGRESS),
    Action.REQUEST_INFO: ({S.IN_PROGRESS}, S.WAITING),
    Action.RESUME: ({S.WAITING}, S.IN_PROGRESS),
    Action.EXTEND: ({S.IN_PROGRESS, S.WAITING}, None),
    Action.DECIDE: ({S.IN_PROGRESS}, S.DECIDED),
    Action.ISSUE_RESULT: ({S.DECIDED}, S.RESULT_ISSUED),
    Action.CLOSE: ({S.DECIDED, S.RESULT_ISSUED}, S.CLOSED),
    Action.WITHDRAW: (
        {S.SUBMITTED, S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.WAITING},
        S.WITHDRAWN,
    ),
    Action.TRANSFER: ({S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS}, S.TRANSFERRED),
    Action.LEAVE_WITHOUT_CONSIDERATION: (
        {S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.WAITING},
        S.NOT_CONSIDERED,
    ),
    Action.APPLICANT_REPLY: ({S.WAITING}, S.IN_PROGRESS),
}
FRONT = {Role.OPERATOR, Role.SETTLEMENT_ADMINISTRATOR, Role.CHIEF_OF_STAFF}
MANAGERS = {Role.HEAD, Role.DEPUTY_HEAD, Role.CHIEF_OF_STAFF}
HANDLERS = {Role.SPECIALIST} | MANAGERS
ROLES_SPEC: dict[Action, set[AnyRole]] = {
    Action.REGISTER: FRONT,
    Action.ASSIGN: MANAGERS,
    Action.START: HANDLERS,
    Action.REQUEST_INFO: HANDLERS,
    Action.RESUME: HANDLERS | FRONT,
    Action.EXTEND: HANDLERS,
    Action.DECIDE: {Role.SPECIALIST, Role.HEAD, Role.DEPUTY_HEAD},
    Action.ISSUE_RESULT: FRONT | {Role.SPECIALIST},
    Action.CLOSE: FRONT | {Role.SPECIALIST},
    Action.WITHDRAW: FRONT,
    Action.TRANSFER: MANAGERS,
    Action.LEAVE_WITHOUT_CONSIDERATION: MANAGERS,
    Action.APPLICANT_REPLY: {Party.APPLICANT},
}
RESIDENT = "resident.applicant"
USERS: dict[AnyRole, str] = {
    Role.OPERATOR: "tatev.operator",
    Role.SPECIALIST: "tatev.specialist",
    Role.SETTLEMENT_ADMINISTRATOR: "tatev.khot",
    Role.HEAD: "tatev.head",
    Role.DEPUTY_HEAD: "tatev.deputy",
    Role.CHIEF_OF_STAFF: "tatev.secretary",
    Role.COUNCIL_MEMBER: "tatev.council",
    Role.SUPERVISOR: "syunik.supervisor",
    Party.APPLICANT: RESIDENT,
}


def test_the_table_is_the_specification():
    for action, (sources, target) in SPEC.items():
        transition = TRANSITIONS[action]
        assert transition.sources == sources, action
        assert transition.target == target, action
        assert transition.roles == ROLES_SPEC[action], action
    assert set(TRANSITIONS) == set(Action)


@pytest.fixture
def resident(db):
    """The resident account every forced case belongs to: its applicant."""
    user = User.objects.create_user(
        username=RESIDENT, email="applicant@example.am", is_resident=True
    )
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def deputy(tatev):
    user = User.objects.create_user("tatev.deputy", password="x-long-password-1")
    membership_grant(by=None, user=user, role=Role.DEPUTY_HEAD, community=tatev)
    return user


def force(case: Case, status: Status) -> Case:
    """Put the case in ``status`` with the fields that status implies."""
    today = timezone.localdate()
    due = working_calendar(community=case.community).add_working_days(today, 10)
    Case.objects.filter(pk=case.pk).update(
        status=status,
        due_date=due,
        original_due_date=due,
        department=Department.objects.get(community=case.community, code="land"),
        settlement=Settlement.objects.get(code="tatev.khot"),
        resident=User.objects.get(username=RESIDENT),
    )
    if status == Status.WAITING:
        CasePause.objects.create(case=case, started_on=today)
    return Case.objects.get(pk=case.pk)


def call(action: Action, user: User, case: Case) -> Case:
    today = timezone.localdate()
    calendar = working_calendar(community=case.community)
    kwargs = {"by": user, "case": case}
    if action == Action.REGISTER:
        return services.case_register(**kwargs)
    if action == Action.ASSIGN:
        return services.case_assign(
            **kwargs, assignee=User.objects.get(username="tatev.specialist")
        )
    if action == Action.START:
        return services.case_start(**kwargs)
    if action == Action.REQUEST_INFO:
        return services.case_request_info(**kwargs, message="Բերեք անձնագիրը")
    if action == Action.RESUME:
        return services.case_resume(**kwargs)
    if action == Action.EXTEND:
        new_due = calendar.working_day_on_or_after(case.due_date + timedelta(days=7))
        return services.case_extend(
            **kwargs, new_due=new_due, notice_given_on=today, reason="Լրացուցիչ ուսումնասիրություն"
        )
    if action == Action.DECIDE:
        return services.case_decide(**kwargs, decision=Decision.GRANTED)
    if action == Action.ISSUE_RESULT:
        return services.case_issue_result(**kwargs)
    if action == Action.CLOSE:
        return services.case_close(**kwargs)
    if action == Action.WITHDRAW:
        return services.case_withdraw(**kwargs, reason="Դիմողի խնդրանքով")
    if action == Action.TRANSFER:
        return services.case_transfer(**kwargs, to="Կադաստրի կոմիտե")
    if action == Action.APPLICANT_REPLY:
        return replies.case_applicant_reply(**kwargs, text="Կցում եմ սեփականության վկայականը")
    assert action == Action.LEAVE_WITHOUT_CONSIDERATION
    return services.case_leave_without_consideration(**kwargs, reasons="Անանուն դիմում")


MATRIX = list(itertools.product(Action, Status, USERS))


@pytest.mark.parametrize(
    ("action", "status", "role"),
    MATRIX,
    ids=[f"{a.value}-{s.value}-{r.value}" for a, s, r in MATRIX],
)
def test_every_action_from_every_status_by_every_role(
    file_case, deputy, resident, action, status, role
):
    case = force(file_case("petition"), status)
    user = User.objects.get(username=USERS[role])
    sources, target = SPEC[action]
    events = CaseEvent.objects.filter(case=case).count()
    if status in sources and role in ROLES_SPEC[action]:
        result = call(action, user, case)
        assert result.status == (target or status)
        assert CaseEvent.objects.filter(case=case).count() == events + 1
        assert CaseEvent.objects.filter(case=case).last().kind == action.value
    else:
        expected = PermissionDenied if status in sources else ValidationError
        with pytest.raises(expected):
            call(action, user, case)
        case.refresh_from_db()
        assert case.status == status
        assert CaseEvent.objects.filter(case=case).count() == events


def test_every_role_that_acts_on_cases_can_see_them():
    from hamaynk.accounts.permissions import ROLE_PERMISSIONS, Perm

    for action, transition in TRANSITIONS.items():
        for role in transition.roles:
            if isinstance(role, Party):  # a party sees its own case by owning it
                continue
            assert Perm.VIEW_CASE in ROLE_PERMISSIONS[role], (action, role)
    for role in TRANSITIONS[Action.REGISTER].roles:
        assert Perm.ADD_CASE in ROLE_PERMISSIONS[role], role
