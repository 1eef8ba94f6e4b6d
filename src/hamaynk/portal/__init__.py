"""Residents' public pages. No models; light pages that work without JavaScript."""
