"""Short feed-like German reports without tags (invented wording): three lockdown reports and
articles that share only a broad place ("Europa", "Großbritannien") with the first one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from meldungen.ingest.draft import ArticleDraft

T0 = datetime(2021, 4, 5, 8, 0, tzinfo=UTC)  # when the first report is published

# key: (headline, text, hours after the first)
FEED = {
    "bangladesch": (
        "Strenger Lockdown in Bangladesch",
        "Wegen stark steigender Corona-Infektionen verhängt die Regierung in Dhaka einen "
        "landesweiten Lockdown. Geschäfte, Märkte und Büros bleiben eine Woche geschlossen, es "
        "gilt eine nächtliche Ausgangssperre. Nur Krankenhäuser, Apotheken und Fabriken für den "
        "Export dürfen öffnen. Ähnliche Maßnahmen hatten zuvor viele Länder in Europa ergriffen. "
        "Die Behörden meldeten am Sonntag mehr als siebentausend neue Corona-Fälle.",
        0,
    ),
    "nepal": (
        "Nepal verlängert den Lockdown",
        "Die Regierung in Kathmandu hat den Corona-Lockdown um zwei Wochen verlängert. Geschäfte "
        "und Schulen bleiben geschlossen, die Ausgangssperre gilt weiter. Die Zahl der "
        "Infektionen sei noch zu hoch, sagte ein Sprecher des Gesundheitsministeriums. "
        "Krankenhäuser klagen über fehlenden Sauerstoff.",
        20,
    ),
    "srilanka": (
        "Sri Lanka schließt Geschäfte und Märkte",
        "Sri Lanka verhängt nach einem Anstieg der Corona-Infektionen einen Lockdown über das "
        "ganze Land. Märkte und Geschäfte müssen schließen, für die Nacht gilt eine "
        "Ausgangssperre. Die Behörden rechnen mit weiteren Infektionen in den kommenden Tagen.",
        30,
    ),
    "maiszuensler": (
        "Maiszünsler bedroht die Ernte",
        "Ein Schädling breitet sich auf den Maisfeldern in Europa aus. Der Maiszünsler frisst "
        "sich durch die Stängel der Pflanzen, die Landwirte fürchten Einbußen bei der Ernte. "
        "Fachleute raten zu früher Bodenbearbeitung und zum Einsatz von Schlupfwespen.",
        10,
    ),
    "johnson": (
        "Johnson und Blair streiten über Europa",
        "Der frühere Premierminister Tony Blair hat Boris Johnson für dessen Haltung zu Europa "
        "kritisiert. Großbritannien verliere an Einfluss, sagte Blair in London. Johnson wies "
        "die Vorwürfe zurück und verteidigte den Austritt aus der Europäischen Union.",
        15,
    ),
}


def feed_draft(key: str, **kw) -> ArticleDraft:
    """The report ``key`` of FEED as an RSS item of one feed; ``kw`` replaces any field."""
    title, text, hours = FEED[key]
    draft = ArticleDraft(
        guid=f"https://feed.example/{key}",
        headline=title,
        format="rss",
        body=f"<p>{text}</p>",
        published=T0 + timedelta(hours=hours),
        source="Beispiel-Feed",
    )
    return replace(draft, **kw) if kw else draft
