"""What the service keeps: profiles, API keys, holds, feedback and event counts.

SQLAlchemy 2 over embedded SQLite (default, WAL mode) or PostgreSQL; the schema is managed by
Alembic migrations in ``migrations/``. Draft text (holds, feedback) is encrypted before it
reaches the database (``service.storage.crypto``); keys are stored only as hashes.
"""
