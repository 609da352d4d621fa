"""Workflow engine: definitions as data, guards and effects by name."""

from .engine import (
    ROLE_LABELS,
    Availability,
    Context,
    DefinitionError,
    FiredTransition,
    Hooks,
    InvalidArguments,
    State,
    Transition,
    TransitionNotAllowed,
    UnknownTransition,
    Workflow,
    WorkflowError,
    available,
    fire,
)
from .loader import definitions_dir, load_all, load_workflow
from .registry import Registry, default_registry

__all__ = [
    "ROLE_LABELS",
    "Availability",
    "Context",
    "DefinitionError",
    "FiredTransition",
    "Hooks",
    "InvalidArguments",
    "Registry",
    "State",
    "Transition",
    "TransitionNotAllowed",
    "UnknownTransition",
    "Workflow",
    "WorkflowError",
    "available",
    "default_registry",
    "definitions_dir",
    "fire",
    "load_all",
    "load_workflow",
]
