"""The job table: long work queued, running, done or failed, with progress and its result.

A job's result (a Result JSON, a PDF report) is stored with it, so a page or an API client
fetches it after the worker that made it is gone; a failed job keeps its bilingual reason.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pcfrules.registry.models import Base

STATES = {
    "queued": ("排队中", "queued"),
    "running": ("计算中", "running"),
    "done": ("已完成", "done"),
    "failed": ("失败", "failed"),
}


class Job(Base):
    """One piece of long work and what became of it."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # compute / report / catalogue
    subject: Mapped[str] = mapped_column(String(100), default="")  # e.g. "study:12"
    # whose it is: an organisation's id in the spaces (None: the platform's own work)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholders.id"), nullable=True)
    state: Mapped[str] = mapped_column(String(10), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)  # 0 … 1
    step_zh: Mapped[str] = mapped_column(String(200), default="")  # what it is doing now
    step_en: Mapped[str] = mapped_column(String(200), default="")
    error_zh: Mapped[str] = mapped_column(Text, default="")
    error_en: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[datetime] = mapped_column(DateTime)
    started: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    result_name: Mapped[str] = mapped_column(String(200), default="")  # a file name
    result_type: Mapped[str] = mapped_column(String(100), default="")  # a media type
    result_bytes: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
