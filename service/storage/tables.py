"""The tables. Times are naive UTC datetimes (SQLite has no time zones); dates are plain dates."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Profile(Base):
    """One writer: the local user, or the owner of an API key. Holds the no-contact period."""

    __tablename__ = "profiles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    no_contact_start: Mapped[date | None] = mapped_column(Date)
    no_contact_days: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str | None] = mapped_column(String(64))


class ApiKey(Base):
    """An API key, stored only as the SHA-256 of its secret; ``prefix`` names it in listings."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_id: Mapped[str] = mapped_column(ForeignKey("profiles.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class Hold(Base):
    """A draft put away until ``hold_until``; ``ciphertext`` is the encrypted text."""

    __tablename__ = "holds"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_id: Mapped[str] = mapped_column(ForeignKey("profiles.id"), index=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    hold_until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Feedback(Base):
    """A draft with the label it should have had and the one it got, encrypted, for retraining."""

    __tablename__ = "feedback"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_id: Mapped[str] = mapped_column(ForeignKey("profiles.id"), index=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    label: Mapped[str] = mapped_column(String(20))
    predicted: Mapped[str | None] = mapped_column(String(20))
    model_version: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Event(Base):
    """A flagged check or a hold, with its time only: what the frequency count reads."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_profile_at", "profile_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    profile_id: Mapped[str] = mapped_column(ForeignKey("profiles.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
