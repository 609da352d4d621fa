"""The tamper-evident audit log: every change recorded with the state it wrote, chained by hash.

chain (recording and linking events), states (what each covered table's state is), verify (the chain and
the live tables against it, checkpoints), baseline (recording databases made before states were
recorded), history (a position's events as people read them).
"""

from positions.audit.chain import (
    GENESIS,
    AuditLogIsAppendOnly,
    ChainReport,
    event_hash,
    link_pending,
    lock_chain,
    record,
    verify_chain,
)
from positions.audit.history import (
    CORRECT_VERB,
    RECORDED_AS,
    EventFilter,
    EventPage,
    actors_of,
    check_events,
    position_events,
    verb_groups,
    verb_of,
)

__all__ = [
    "CORRECT_VERB", "GENESIS", "RECORDED_AS", "AuditLogIsAppendOnly", "ChainReport", "EventFilter", "EventPage",
    "actors_of", "check_events", "event_hash", "link_pending", "lock_chain", "position_events", "record",
    "verb_groups", "verb_of", "verify_chain",
]
