"""The shared helpers, for ``from .conftest import ...`` in this folder's tests."""

from .factories import correspondent, incoming, journal, nomenclature_file, working_day

__all__ = ["correspondent", "incoming", "journal", "nomenclature_file", "working_day"]
