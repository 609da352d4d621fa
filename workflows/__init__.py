"""Workflow engine: definitions as data, guards, effects and roles by name."""

from .engine import (
    AUDIENCES,
    Availability,
    Context,
    DefinitionError,
    FiredTransition,
    Hooks,
    InvalidArguments,
    Phase,
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
from .registry import Registry, Role, default_registry

__all__ = [
    "AUDIENCES",
    "Availability",
    "Context",
    "DefinitionError",
    "FiredTransition",
    "Hooks",
    "InvalidArguments",
    "Phase",
    "Registry",
    "Role",
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
