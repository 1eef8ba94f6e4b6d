"""Hamaynk: Community Management Information System for local self-government."""
