"""Failure drills: real gunicorn, PostgreSQL and Redis, cut, stalled and restored."""
