"""schema.org ``Event`` JSON-LD for an event page: search engines and other aggregators read the
aggregator the way it reads the organisers' sites (its own ``jsonld`` kind reads it back in the
tests).

The script element's content is JSON with ``<``, ``>`` and ``&`` written as ``\\u`` escapes, so no
title or description can close the element or open a comment (HTML's rules for script content).
"""

from __future__ import annotations

import json
from typing import Any

from aggregator.model.vocabulary import Attendance, Status
from feeds import sanitise

STATUS = {
    Status.SCHEDULED: "https://schema.org/EventScheduled",
    Status.CANCELLED: "https://schema.org/EventCancelled",
    Status.POSTPONED: "https://schema.org/EventPostponed",
}
ATTENDANCE = {
    Attendance.OFFLINE: "https://schema.org/OfflineEventAttendanceMode",
    Attendance.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Attendance.MIXED: "https://schema.org/MixedEventAttendanceMode",
}


def event_object(event: dict[str, Any], page_url: str, online_url: str | None) -> dict[str, Any]:
    """The event as schema.org says it; times keep their UTC offset, all-day events are dates."""
    attendance = Attendance(event.get("attendance") or Attendance.OFFLINE)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": sanitise.line(event["title"]),
        "startDate": event["start"],
        "eventStatus": STATUS[Status(event.get("status") or Status.SCHEDULED)],
        "eventAttendanceMode": ATTENDANCE[attendance],
        "url": page_url,
    }
    if event.get("end"):
        data["endDate"] = event["end"]
    places = []
    if attendance != Attendance.ONLINE:
        place = _place(event)
        if place:
            places.append(place)
    if attendance != Attendance.OFFLINE:
        virtual = online_url or sanitise.url(event.get("url")) or page_url
        places.append({"@type": "VirtualLocation", "url": virtual})
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    organizer = sanitise.line(event.get("organizer"))
    if organizer:
        data["organizer"] = {"@type": "Organization", "name": organizer}
    description = sanitise.text(event.get("description_text")).strip()
    if description:
        data["description"] = description
    same_as = sanitise.url(event.get("url"))
    if same_as:
        data["sameAs"] = same_as
    return data


def script_text(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _place(event: dict[str, Any]) -> dict[str, Any] | None:
    address = {
        "@type": "PostalAddress",
        "streetAddress": event.get("street"),
        "postalCode": event.get("postcode"),
        "addressLocality": event.get("city"),
        "addressRegion": event.get("region"),
        "addressCountry": event.get("country"),
    }
    address = {k: sanitise.line(v) if k != "@type" else v for k, v in address.items() if v}
    if len(address) == 1 and not event.get("venue"):
        return None
    place: dict[str, Any] = {"@type": "Place", "address": address}
    venue = sanitise.line(event.get("venue"))
    if venue:
        place["name"] = venue
    if event.get("latitude") is not None and event.get("longitude") is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(event["latitude"]),
            "longitude": float(event["longitude"]),
        }
    return place
