"""The shared helpers, for ``from .conftest import ...`` in this folder's tests."""

from .factories import FORM_DATA, PDF, PNG, all_documents, make_case, service

__all__ = ["FORM_DATA", "PDF", "PNG", "all_documents", "make_case", "service"]
