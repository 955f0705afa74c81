"""The identifiers subscribers hold on to: Atom id, RSS guid, JSON Feed id and iCalendar UID.

All of them derive from the event's stable database id and nothing else (not its title, date or
the site's address), so moving the site or fixing a typo never makes an event look new. A report
on a past event has no id of ours: its entry id derives from its own address, the one thing that
names it for good.
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "digital-events-aggregator")
UID_DOMAIN = "digital-events-aggregator"


def entry_id(event_id: str) -> str:
    """A ``urn:uuid:`` URI: feed validators want entry ids that are URIs."""
    return uuid.uuid5(NAMESPACE, event_id).urn


def calendar_uid(event_id: str) -> str:
    return f"{event_id}@{UID_DOMAIN}"


def report_entry_id(url: str) -> str:
    """The Atom id of a report's entry (``nachberichte.atom``): a ``urn:uuid:`` URI from its
    address; the prefix keeps it apart from every event's."""
    return uuid.uuid5(NAMESPACE, f"report:{url}").urn
