"""Walks every chain and finds the first broken or missing link."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .hashing import event_digest
from .models import AuditChain, AuditEvent


@dataclass(frozen=True)
class ChainProblem:
    chain_key: str
    sequence: int
    event_id: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.chain_key} #{self.sequence}"
        if self.event_id is not None:
            where += f" (id {self.event_id})"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ChainReport:
    chain_key: str
    events: int
    problem: ChainProblem | None


def verify_chain(chain: AuditChain) -> ChainReport:
    expected_sequence = 1
    previous_hash = ""
    count = 0
    # The head was read before the events: events appended since then are not judged.
    events = AuditEvent.objects.filter(
        chain_key=chain.key, sequence__lte=chain.last_sequence
    ).order_by("sequence")
    for event in events.iterator(chunk_size=2000):
        count += 1
        problem = _check_event(event, expected_sequence, previous_hash)
        if problem is not None:
            return ChainReport(chain.key, count, problem)
        expected_sequence += 1
        previous_hash = event.hash
    if chain.last_sequence != expected_sequence - 1 or chain.last_hash != previous_hash:
        problem = ChainProblem(
            chain.key,
            expected_sequence,
            None,
            _("events after #%(last)d are missing: the chain's head records #%(head)d.")
            % {"last": expected_sequence - 1, "head": chain.last_sequence},
        )
        return ChainReport(chain.key, count, problem)
    return ChainReport(chain.key, count, None)


def _check_event(
    event: AuditEvent, expected_sequence: int, previous_hash: str
) -> ChainProblem | None:
    def problem(message: str) -> ChainProblem:
        return ChainProblem(event.chain_key, expected_sequence, event.pk, message)

    if event.sequence != expected_sequence:
        return problem(
            _("event #%(expected)d is missing (the next one found is #%(found)d).")
            % {"expected": expected_sequence, "found": event.sequence}
        )
    if event.previous_hash != previous_hash:
        return problem(_("the link to the previous event does not match."))
    digest = event_digest(
        chain_key=event.chain_key,
        sequence=event.sequence,
        community_id=event.community_id,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        changes=event.changes,
        client_ip=event.client_ip,
        created_at=event.created_at,
        previous_hash=event.previous_hash,
    )
    if digest != event.hash:
        return problem(_("the event was changed after it was written (its hash does not match)."))
    return None


def verify_all() -> Iterator[ChainReport]:
    keys_with_events = set(AuditEvent.objects.values_list("chain_key", flat=True).distinct())
    chains = {chain.key: chain for chain in AuditChain.objects.order_by("key")}
    for key in sorted(keys_with_events - set(chains)):
        yield ChainReport(key, 0, ChainProblem(key, 0, None, _("the chain's head is missing.")))
    for chain in chains.values():
        yield verify_chain(chain)
