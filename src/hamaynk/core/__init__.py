"""Shared base models, types and pages that belong to no domain."""
