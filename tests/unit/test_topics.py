"""Topic detection measured on a labelled set of realistic (fictional) event titles and teasers.

Labels say what a person would file the event under, not what the keyword list happens to
catch; incidental mentions (a teaser naming "Software" in passing) are not labels.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregator.normalise.topics import VOCABULARY, detect_topics, is_digital, topic_for_tag
from tests.support import ROOT

# (title, teaser, topics a person would assign, belongs in the digitalisation feeds)
LABELLED: list[tuple[str, str, set[str], bool]] = [
    ("KI-Sprechstunde für Handwerksbetriebe",
     "In der kostenfreien Sprechstunde beantworten Experten Ihre Fragen zum Einsatz von "
     "Künstlicher Intelligenz im Betrieb.", {"ki"}, True),
    ("Cybersecurity-Frühstück: Phishing erkennen und abwehren",
     "Bei Kaffee und Brötchen zeigen wir, wie Angreifer vorgehen und wie Sie Ihr Team "
     "sensibilisieren.", {"it-sicherheit"}, True),
    ("Die Datenschutzgrundverordnung in der Praxis",
     "Was kleine Unternehmen bei Kundendaten, Newsletter und Website beachten müssen.",
     {"datenschutz"}, True),
    ("Vom Ladengeschäft zum Onlineshop",
     "Workshop für Einzelhändler: Shopsysteme im Vergleich, Zahlungsanbieter, Versand und "
     "rechtliche Stolperfallen.", {"e-commerce"}, True),
    ("Cloudmigration im Mittelstand – Erfahrungsberichte",
     "Drei sächsische Unternehmen berichten, wie sie ihre Server in die Cloud verlagert haben.",
     {"cloud"}, True),
    ("Industrie 4.0 zum Anfassen: Rundgang durch die Lernfabrik",
     "Erleben Sie vernetzte Fertigung, digitale Zwillinge und Predictive Maintenance live an "
     "der TU Chemnitz.", {"industrie-4-0"}, True),
    ("Smart City Dresden: Bürgerdialog zur digitalen Stadt",
     "Wie sollen Sensoren, offene Daten und digitale Dienste das Leben in Dresden verbessern?",
     {"smart-city"}, True),
    ("Digitalisierung im Handwerk: Förderprogramme im Überblick",
     "Die Beraterinnen der Handwerkskammer stellen Digitalbonus, go-digital und Digital Jetzt "
     "vor.", {"digitalisierung", "foerderung"}, True),
    ("Förderung für Ihre Digitalisierung: Sprechtag der SAB",
     "Einzelgespräche zu Zuschüssen für Software, Hardware und IT-Sicherheit.",
     {"foerderung", "digitalisierung"}, True),
    ("Meetup: Machine Learning in der Produktion",
     "Data Scientists aus Leipziger Unternehmen zeigen, wie sie Maschinendaten für "
     "Qualitätsprognosen nutzen.", {"ki", "daten"}, True),
    ("ChatGPT & Co. im Büroalltag",
     "Praxisworkshop: Texte, E-Mails und Protokolle mit generativer KI effizient erstellen.",
     {"ki"}, True),
    ("IT-Sicherheit für Kanzleien und Praxen",
     "Wie schützen Sie Mandantendaten vor Ransomware? Mit Live-Hacking-Demo.",
     {"it-sicherheit"}, True),
    ("NIS2-Richtlinie: Sind Sie betroffen?",
     "Informationsveranstaltung zu den neuen Pflichten für Unternehmen ab 50 Beschäftigten.",
     {"it-sicherheit"}, True),
    ("Social Media für Gastronomen",
     "Wie Sie mit Instagram und Google-Bewertungen neue Gäste gewinnen.", {"e-commerce"}, True),
    ("SEO-Grundlagen: Besser gefunden werden",
     "Suchmaschinenoptimierung für kleine Websites – ohne Agentur.", {"e-commerce"}, True),
    ("Silicon Saxony Day 2027",
     "Das Branchentreffen der Mikroelektronik mit Ausstellung, Fachvorträgen und Networking.",
     {"halbleiter"}, True),
    ("Chipdesign in Sachsen: Karrieretag",
     "Halbleiterunternehmen stellen sich Studierenden und Absolventen vor.",
     {"halbleiter"}, True),
    ("Robotik im Pflegealltag",
     "Serviceroboter und Assistenzsysteme: Was ist heute schon möglich?", {"robotik"}, True),
    ("Blockchain für Lieferketten",
     "Wie Distributed-Ledger-Technologie Transparenz in der Logistik schafft.",
     {"blockchain"}, True),
    ("Hackathon: Open Data für Leipzig",
     "48 Stunden programmieren mit offenen Daten der Stadt.", {"software", "daten"}, True),
    ("Python für Einsteiger",
     "Grundlagenkurs Programmierung für Ingenieurinnen und Ingenieure.", {"software"}, True),
    ("LoRaWAN-Sensorik für Kommunen",
     "Smarte Messung von Füllständen, Parkplätzen und Luftqualität im ländlichen Raum.",
     {"iot", "smart-city"}, True),
    ("E-Rechnung ab 2025: Was Unternehmen jetzt tun müssen",
     "XRechnung, ZUGFeRD und die Umstellung der Buchhaltung auf elektronische Rechnungen.",
     {"digitalisierung"}, True),
    ("Digitale Transformation im Mittelstand – Strategieworkshop",
     "Wie Sie eine Digitalstrategie entwickeln und Ihre Mitarbeitenden mitnehmen.",
     {"digitalisierung"}, True),
    ("Microsoft 365 sicher einrichten",
     "Berechtigungen, Teams und SharePoint – Best Practices für kleine Unternehmen.",
     {"cloud"}, True),
    ("KI-Verordnung (AI Act) – Pflichten für Anwender",
     "Die neue EU-Verordnung tritt schrittweise in Kraft. Was bedeutet das für Ihr "
     "Unternehmen?", {"ki"}, True),
    ("3D-Druck in der Zahntechnik",
     "Additive Fertigungsverfahren für Dentallabore: Materialien, Geräte, Wirtschaftlichkeit.",
     {"industrie-4-0"}, True),
    ("Gründerstammtisch Tech & Digital",
     "Austausch für Gründerinnen und Gründer digitaler Geschäftsmodelle in Chemnitz.",
     {"startup", "digitalisierung"}, True),
    ("Startup Weekend Dresden: Apps in 54 Stunden",
     "Entwickler, Designerinnen und Gründer bauen gemeinsam digitale Prototypen.",
     {"startup", "software"}, True),
    ("Webinar: Phishing-Mails erkennen",
     "In 45 Minuten lernen Ihre Mitarbeitenden die häufigsten Maschen kennen. Die "
     "Zugangsdaten erhalten Sie nach Anmeldung.", {"it-sicherheit"}, True),
    ("Digital-Stammtisch Erzgebirge",
     "Unternehmerinnen und Unternehmer tauschen sich zu digitalen Werkzeugen und Prozessen aus.",
     {"digitalisierung"}, True),
    ("Online-Marketing für Handwerker",
     "Website, Google-Unternehmensprofil und Bewertungsportale richtig nutzen.",
     {"e-commerce"}, True),
    ("Datenkompetenz für Führungskräfte",
     "Wie Sie datenbasierte Entscheidungen treffen – mit Beispielen aus Power BI.",
     {"daten"}, True),
    ("Informationssicherheit nach ISO 27001",
     "Einführung in den Aufbau eines ISMS für Zulieferer der Automobilindustrie.",
     {"it-sicherheit"}, True),
    ("Digitale Barrierefreiheit: Das BFSG kommt",
     "Welche Websites und Onlineshops ab Juni barrierefrei sein müssen.",
     {"digitalisierung", "e-commerce"}, True),
    ("Smart Factory Forum Chemnitz",
     "Anwender und Anbieter diskutieren Automatisierung, MES und IIoT-Plattformen.",
     {"industrie-4-0"}, True),
    ("Tag der offenen Tür im Rechenzentrum",
     "Führung durch eines der modernsten Rechenzentren Mitteldeutschlands.", {"cloud"}, True),
    ("KI im Marketing: Texte, Bilder, Kampagnen",
     "Generative KI-Werkzeuge für Social Media und Newsletter im Praxistest.",
     {"ki", "e-commerce"}, True),
    ("Glasfaserausbau im Landkreis Meißen – Infoabend",
     "Der Zweckverband informiert über Anschlusskosten und Bauzeiten.",
     {"digitalisierung"}, True),
    ("Digital Health Meetup Leipzig",
     "Start-ups und Kliniken diskutieren Telemedizin und digitale Gesundheitsanwendungen.",
     {"digitalisierung"}, True),
    ("Quantencomputing verstehen",
     "Ein allgemeinverständlicher Abendvortrag am Fraunhofer-Institut.",
     {"digitalisierung"}, True),
    ("Barcamp Digitale Verwaltung Sachsen",
     "Mitarbeitende aus Kommunen und Landesbehörden teilen Erfahrungen mit OZG-Leistungen und "
     "E-Akte.", {"smart-city", "digitalisierung"}, True),
    ("Sensoren und Embedded Systems – Fachtagung",
     "Neue Entwicklungen bei MEMS-Sensoren und eingebetteter Software.", {"iot"}, True),
    ("AI for SMEs: Practical Use Cases",
     "A hands-on session on machine learning and large language models for small businesses.",
     {"ki"}, True),
    ("Cloud Native Meetup Dresden",
     "Talks on Kubernetes, observability and platform engineering.", {"cloud"}, True),
    ("Women in Tech Leipzig – Networking Night",
     "Meet developers, designers and founders from the local tech scene.",
     {"digitalisierung"}, True),
    ("IT-Fachkräfte gewinnen und halten",
     "Recruiting-Strategien für IT-Dienstleister in Sachsen.", {"software"}, True),
    ("Kryptowährungen und Steuern",
     "Wie Gewinne aus Bitcoin und Co. versteuert werden.", {"blockchain"}, True),
    ("Mit Daten zum Erfolg: Controlling im Handwerk",
     "Kennzahlen, Dashboards und die richtige Software.", {"daten", "software"}, True),
    ("Digitaler Zwilling für Gebäude (BIM)",
     "Building Information Modeling in Planung und Betrieb.", {"digitalisierung"}, True),
    ("Datenschutz im Verein",
     "Was Vereinsvorstände bei Mitgliederlisten, Fotos und Website beachten müssen.",
     {"datenschutz"}, True),
    ("KI-Stammtisch Görlitz",
     "Offener Austausch zu künstlicher Intelligenz.", {"ki"}, True),
    ("Roboter programmieren für Kinder",
     "Ferienworkshop mit LEGO Spike.", {"robotik", "software"}, True),
    ("Verschlüsselte E-Mail-Kommunikation",
     "S/MIME und PGP im Unternehmen einführen.", {"it-sicherheit"}, True),
    ("Cybercrime: Lagebild Sachsen",
     "Das LKA berichtet über aktuelle Angriffe auf Unternehmen.", {"it-sicherheit"}, True),
    ("Webinar-Reihe: Cloud-Telefonie für KMU",
     "Wie Sie Ihre Telefonanlage in die Cloud verlegen.", {"cloud"}, True),
    ("E-Commerce-Tag Mitteldeutschland",
     "Händler, Plattformen und Dienstleister treffen sich in Halle.", {"e-commerce"}, True),
    ("Wie sicher ist Ihr Passwort?",
     "Kurzvortrag mit anschließender Fragerunde.", {"it-sicherheit"}, True),
    ("App-Entwicklung ohne Programmierkenntnisse",
     "Low-Code-Plattformen im Vergleich.", {"software"}, True),
    ("Produktionsplanung mit ERP-Systemen",
     "Wie KMU Aufträge, Material und Kapazitäten digital steuern.", {"software"}, True),
    ("Künstliche Intelligenz in der Steuerberatung",
     "Welche Aufgaben Sprachmodelle in der Kanzlei heute schon übernehmen können.",
     {"ki"}, True),
    ("Predictive Maintenance mit Maschinendaten",
     "Anwenderbericht eines Zulieferers aus Zwickau.", {"industrie-4-0", "daten"}, True),
    # not digital: chamber seminars, social events, false friends
    ("Umsatzsteuer aktuell 2027",
     "Die wichtigsten Änderungen für die Praxis. Referent: Steuerberater Dr. Müller. Hinweise "
     "zum Datenschutz finden Sie auf unserer Website.", set(), False),
    ("Jahresabschluss kompakt – Online-Seminar",
     "Bilanzierung für Einzelunternehmer. Die Veranstaltung findet digital via Zoom statt.",
     set(), False),
    ("Erste-Hilfe-Kurs für Betriebshelfer",
     "Grundlehrgang nach DGUV Vorschrift 1, 9 Unterrichtseinheiten.", set(), False),
    ("Arbeitsrecht für Führungskräfte",
     "Abmahnung, Kündigung, Befristung – Rechtssicherheit im Personalalltag.", set(), False),
    ("Ausbildereignungsprüfung (AEVO) – Vorbereitungslehrgang",
     "Berufs- und arbeitspädagogische Qualifikation nach AEVO.", set(), False),
    ("Skifahrt der Junioren nach Oberwiesenthal",
     "Gemeinsames Wochenende mit Skikurs und Hüttenabend.", set(), False),
    ("Kita-Sommerfest im Gewerbegebiet",
     "Die Betriebskita lädt Eltern und Nachbarn ein.", set(), False),
    ("Kieler Woche – Besuch des Hafens",
     "Exkursion der Wirtschaftsjunioren nach Kiel.", set(), False),
    ("Wahlforum: Kandidaten im Gespräch",
     "Die Kandidatinnen und Kandidaten zur Landtagswahl stellen sich den Fragen der "
     "Unternehmer.", set(), False),
    ("Existenzgründung im Handwerk",
     "Businessplan, Finanzierung und Meisterpflicht – Grundlagenseminar für Gründerinnen und "
     "Gründer.", {"startup"}, False),
    ("Förderprogramm Energieeffizienz: Sprechtag",
     "Die SAB informiert über Zuschüsse für Wärmepumpen und Photovoltaik.",
     {"foerderung"}, False),
    ("Brandschutzhelfer-Ausbildung", "Theorie und praktische Löschübung.", set(), False),
    ("Arbeitssicherheit auf Baustellen",
     "Unterweisung nach Baustellenverordnung.", set(), False),
    ("Mitgliederversammlung des Gewerbevereins",
     "Bericht des Vorstands, Wahlen, Verschiedenes.", set(), False),
    ("Sommerfest der IHK Chemnitz",
     "Live-Musik, Grillbuffet und Gespräche unter Kolleginnen und Kollegen. Folgen Sie uns auf "
     "Social Media für Fotos!", set(), False),
    ("Zoll und Export: Präferenzrecht",
     "Ursprungsregeln und Lieferantenerklärungen in der Praxis. Die Zugangsdaten zum Webinar "
     "erhalten Sie per E-Mail.", set(), False),
    ("Nachfolge im Familienunternehmen",
     "Wie Sie die Übergabe rechtzeitig planen – mit Fallbeispielen.", set(), False),
    ("Infoabend Ausbildung – digital",
     "Schülerinnen und Schüler lernen Ausbildungsberufe der Region kennen.", set(), False),
    ("Weinverkostung im Schloss Proschwitz",
     "Genussabend mit Winzer und Sommelière.", set(), False),
    ("Immobilienrecht: Gewerbemietverträge",
     "Aktuelle Rechtsprechung und Vertragsgestaltung.", set(), False),
    ("Zeitmanagement und Selbstorganisation",
     "Methoden für einen stressfreien Arbeitstag.", set(), False),
    ("Unternehmerfrühstück: Fachkräftesicherung",
     "Wie Betriebe ausländische Fachkräfte gewinnen und integrieren.", set(), False),
    ("Lohnsteuer: Sachbezüge und Benefits",
     "Steuerfreie Zuwendungen an Arbeitnehmer richtig gestalten. Die Daten der Folgetermine "
     "finden Sie unten.", set(), False),
    ("Der Soldaten-Chor singt",
     "Benefizkonzert zugunsten des Kinderhospizes.", set(), False),
    ("Verkaufstraining für den Einzelhandel",
     "Kundengespräche souverän führen, Einwände behandeln.", set(), False),
    ("Marketing für Handwerksbetriebe",
     "Flyer, Fahrzeugbeschriftung und Messeauftritt wirkungsvoll gestalten.", set(), False),
    ("Gesundheitstag im Betrieb",
     "Rückenschule, Ernährungsberatung und Stressprävention.", set(), False),
    ("Energieaudit nach EDL-G", "Pflichten für Nicht-KMU und Umsetzung.", set(), False),
    ("Exportmärkte Asien: Länderabend Vietnam",
     "Chancen für sächsische Unternehmen.", set(), False),
    ("Gründerzeitvillen in Leipzig – Architekturführung",
     "Stadtspaziergang durch das Waldstraßenviertel.", set(), False),
    ("Steuerliche Förderung von Forschung und Entwicklung",
     "Forschungszulage: Antrag, Bescheinigung, Fallstricke.", {"foerderung"}, False),
    ("Meisterfeier der Handwerkskammer",
     "Feierliche Übergabe der Meisterbriefe.", set(), False),
    ("Ladungssicherung im Güterverkehr",
     "Praxistraining für Fahrer und Verlader.", set(), False),
    ("Wirtschaftsförderung lädt ein: Unternehmerstammtisch Freital",
     "Netzwerken unter Unternehmern der Region.", set(), False),
    ("Pitch-Training für Vertriebsmitarbeiter",
     "Überzeugend präsentieren in drei Minuten.", set(), False),
    ("Sicherheit im Umgang mit Gefahrstoffen",
     "Unterweisung für Beschäftigte in Werkstätten.", set(), False),
    ("Online-Seminar: Mutterschutz und Elternzeit",
     "Rechtliche Grundlagen für Arbeitgeber.", set(), False),
    ("Digitale Sprechstunde Steuerrecht",
     "Kurze Fragen, schnelle Antworten – für Mitglieder kostenfrei.", set(), False),
    ("Hybrid: Tag der Logistik",
     "Fachvorträge zu Lagerplanung und Fuhrpark.", set(), False),
    ("Steuerberatertag 2027",
     "Fachvorträge zu Erbschaftsteuer, Grundsteuer und GmbH-Besteuerung.", set(), False),
    ("Netzwerktreffen Frauen in Führung", "Austausch und Impulse.", set(), False),
    ("Business-Knigge für Auszubildende",
     "Souverän auftreten bei Kunden und im Team.", set(), False),
    ("Digitale Infoveranstaltung: Meisterprüfung",
     "Alles zur Anmeldung und zum Ablauf der Meisterprüfung.", set(), False),
    ("Steuern und Recht für Vereine",
     "Gemeinnützigkeit, Spendenquittungen und Haftung des Vorstands.", set(), False),
]  # fmt: skip


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def test_labelled_set_is_big_and_balanced() -> None:
    assert len(LABELLED) == 106, "the figures in docs/topics.md are for this set"
    digital = sum(1 for *_, flag in LABELLED if flag)
    assert 30 <= digital <= len(LABELLED) - 30
    for _, _, topics, _ in LABELLED:
        assert topics <= VOCABULARY.keys()


KNOWN_TOPIC_ERRORS: dict[str, tuple[list[str], list[str]]] = {
    # title: (topics detected but not labelled, labelled topics not detected)
    "Smart City Dresden: Bürgerdialog zur digitalen Stadt": (["digitalisierung"], []),
    "Förderung für Ihre Digitalisierung: Sprechtag der SAB": (["it-sicherheit"], []),
    "LoRaWAN-Sensorik für Kommunen": ([], ["smart-city"]),
    "Digital Health Meetup Leipzig": (["startup"], []),
    "Women in Tech Leipzig – Networking Night": (["software", "startup"], []),
    "Mit Daten zum Erfolg: Controlling im Handwerk": ([], ["software"]),
    "Digitaler Zwilling für Gebäude (BIM)": (["industrie-4-0"], []),
}
"""What topic detection gets wrong on the labelled set today, exactly: a regression and an
improvement both change this list (update it, and the figures in docs/topics.md, with the fix)."""


def test_is_digital_is_right_on_every_labelled_item() -> None:
    true_pos = false_pos = false_neg = 0
    misses = []
    for title, teaser, _, expected in LABELLED:
        got = is_digital(detect_topics(title, teaser))
        true_pos += got and expected
        false_pos += got and not expected
        false_neg += expected and not got
        if got != expected:
            misses.append(title)
    precision = _ratio(true_pos, true_pos + false_pos)
    recall = _ratio(true_pos, true_pos + false_neg)
    print(f"\nis_digital: precision {precision:.3f}, recall {recall:.3f}; wrong: {misses}")
    assert misses == []


def test_topic_errors_are_exactly_the_known_ones() -> None:
    true_pos = false_pos = false_neg = 0
    errors: dict[str, tuple[list[str], list[str]]] = {}
    for title, teaser, expected, _ in LABELLED:
        got = set(detect_topics(title, teaser))
        true_pos += len(got & expected)
        false_pos += len(got - expected)
        false_neg += len(expected - got)
        if got != expected:
            errors[title] = (sorted(got - expected), sorted(expected - got))
    precision = _ratio(true_pos, true_pos + false_pos)
    recall = _ratio(true_pos, true_pos + false_neg)
    print(f"\ntopics (micro-averaged): precision {precision:.3f}, recall {recall:.3f}")
    assert errors == KNOWN_TOPIC_ERRORS


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("KI-Sprechstunde", ["ki"]),
        ("Generative-KI-Werkstatt", ["ki"]),
        ("Kiel", []),
        ("Ski-Freizeit", []),
        ("Kita-Fest", []),
        ("SKI-FREIZEIT DER JUNIOREN", []),
        ("KIT-Alumni-Treffen", []),
        ("Wir feiern mit euch", []),
        ("Is it worth it?", []),
        ("IT-Dienstleister im Gespräch", ["software"]),
        ("IT-Sicherheit für KMU", ["it-sicherheit"]),
        ("IT- und Cybersicherheit", ["it-sicherheit"]),
        ("Kandidaten stellen sich vor", []),
        ("Soldaten und Mandaten", []),
        ("Datenräume für den Mittelstand", ["daten"]),
        ("McCloud liest", []),
        ("Cloud-Lösungen für Steuerkanzleien", ["cloud"]),
        ("Onlineshop-Sprechstunde", ["e-commerce"]),
        ("Cyber Monday: Aktionsplanung im Handel", []),
        ("Smart-City-Konferenz", ["smart-city"]),
        ("SmartCity Tag", ["smart-city"]),
        ("Digitalbonus-Sprechtag", ["digitalisierung", "foerderung"]),
        ("Sprechtag Digital Jetzt", ["digitalisierung", "foerderung"]),
        ("Digitale Infoveranstaltung zur Ausbildung", []),
        ("Steuerseminar (digital)", []),
        ("Jahresabschluss – digital", []),
        ("Digitale Geschäftsmodelle entwickeln", ["digitalisierung"]),
        ("Industry 4.0 Summit", ["industrie-4-0"]),
        ("Chips und Getränke beim Sommerfest", []),
        ("Mikrochip-Fertigung in Dresden", ["halbleiter"]),
    ],
)
def test_keywords_and_false_friends(title: str, expected: list[str]) -> None:
    assert detect_topics(title) == expected


def test_body_boilerplate_is_not_a_topic() -> None:
    teaser = (
        "Bilanzierung kompakt. Ihre Daten werden gemäß Art. 6 DSGVO verarbeitet; weitere "
        "Informationen zum Datenschutz in unserer Datenschutzerklärung. Folgen Sie uns auf "
        "Social Media!"
    )
    assert detect_topics("Jahresabschluss 2027", teaser) == []


def test_description_is_read_only_at_its_start() -> None:
    far = "Bilanzierung kompakt. " + "Inhalt. " * 300 + "Thema KI."
    assert detect_topics("Jahresabschluss", far) == []
    assert detect_topics("Jahresabschluss", "Mit einem Impuls zu KI im Rechnungswesen.") == ["ki"]


def test_source_topics_and_categories_count() -> None:
    assert detect_topics("Sommerempfang", source_topics=["halbleiter"]) == ["halbleiter"]
    assert detect_topics("Sommerempfang", source_topics=["unknown-topic"]) == []
    assert detect_topics("Vortragsabend", categories=["IT & Sicherheit"]) == ["it-sicherheit"]
    assert detect_topics("Vortragsabend", categories=["kuenstliche-intelligenz"]) == ["ki"]
    assert detect_topics("Vortragsabend", categories=["Industrie 4.0", "Allgemein"]) == [
        "industrie-4-0"
    ]
    assert detect_topics("Vortragsabend", categories=["Sports"]) == []


def test_tags_name_topics() -> None:
    assert topic_for_tag("KI") == "ki"
    assert topic_for_tag("Künstliche Intelligenz") == "ki"
    assert topic_for_tag("it-security") == "it-sicherheit"
    assert topic_for_tag("E-Commerce & Online-Marketing") == "e-commerce"
    assert topic_for_tag("Veranstaltungen") is None


def test_funding_and_founding_alone_are_not_digital() -> None:
    assert not is_digital(["foerderung"])
    assert not is_digital(["startup", "foerderung"])
    assert is_digital(["foerderung", "digitalisierung"])
    assert is_digital(["ki"])
    assert not is_digital(["no-such-topic"])
    assert not is_digital([])


def test_result_is_sorted_and_unique() -> None:
    topics = detect_topics(
        "KI und Cloud: KI-Tag", "Cloud, KI, Cloud", categories=["KI"], source_topics=["ki"]
    )
    assert topics == ["cloud", "ki"]


def test_every_topic_is_documented() -> None:
    doc = (ROOT / "docs" / "topics.md").read_text("utf-8")
    for slug, topic in VOCABULARY.items():
        assert f"`{slug}`" in doc, slug
        assert topic.label_de in doc, slug


@given(st.text(max_size=120), st.text(max_size=400), st.lists(st.text(max_size=20), max_size=3))
def test_any_input_gives_sorted_known_slugs(title: str, text: str, categories: list[str]) -> None:
    topics = detect_topics(title, text, categories)
    assert topics == sorted(set(topics))
    assert set(topics) <= VOCABULARY.keys()
