"""Database: typed models, engine and session factory, Alembic migrations."""
