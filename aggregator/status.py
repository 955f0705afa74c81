"""Whether an event takes place."""

from __future__ import annotations

import re


def detect_status(declared: str | None, title: str = "", text: str = "") -> str:
    value = (declared or "").lower()
    if "cancel" in value:
        return "cancelled"
    if "postpone" in value:
        return "postponed"
    if re.search(r"(?i)\babgesagt\b", title):
        return "cancelled"
    return "scheduled"
