"""Regions, communities, settlements and service points: who the data belongs to."""
