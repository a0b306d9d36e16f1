"""Upkeep: what maintainers re-check (the work queue), source watching and reviewing seed changes."""
