"""Queries and use-cases. They take a session and arguments, return data, raise domain errors."""
