"""Topics of an event, and whether it belongs in the digitalisation feeds.

Organisers rarely tag events, and when they do every site has its own words, so topics are read
from the title and the start of the description with a keyword vocabulary (documented in
``docs/topics.md``). German builds compounds (``KI-Sprechstunde``, ``Cloudmigration``,
``Datenschutzgrundverordnung``), so keywords say where a word may continue, and short words are
guarded against false friends (``KI`` is not ``Kiel``/``Ski``/``Kita``, ``IT`` is not ``it`` or
``mit``, ``Daten`` in ``Kandidaten`` is no data).

Keyword syntax (one string per keyword):

* a plain keyword matches a whole word; a hyphen is a word boundary, so ``KI`` matches
  ``KI-Sprechstunde``; a space matches a space, a hyphen or nothing (``Smart City`` matches
  ``Smart-City`` and ``SmartCity``);
* ``*`` stands for any letters: ``Cloud*`` matches ``Cloudmigration``, ``*daten`` would match
  any word ending in ``daten`` (used sparingly, compounds are listed instead);
* acronyms (two or more capitals and no two lower-case letters in a row: ``KI``, ``IT``,
  ``IoT``, ``NIS2``) are case-sensitive and may take a plural ``s``; everything else ignores
  case; a leading ``=`` forces case sensitivity;
* ``re:`` introduces a raw regular expression for the few phrases the syntax cannot say; it is
  matched against the lower-cased text, so it is written in lower case; ``re=:`` is matched
  against the text as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import cache

from aggregator import folding
from aggregator.normalise.text import clean_text

TEXT_LIMIT = 1500
"""Only the start of a description is read: the topic is stated there, while the end holds
boilerplate (privacy notices, sponsor lists, social media links) that would tag everything."""


@dataclass(frozen=True)
class Topic:
    """One subject of the vocabulary."""

    label_de: str
    label_en: str
    keywords: tuple[str, ...]
    """Found in the title, the description or the source's categories."""
    title_keywords: tuple[str, ...] = ()
    """Found in the title and categories only: words that descriptions use in passing
    (``Software`` in "Zuschüsse für Software und Hardware")."""
    fallback_keywords: tuple[str, ...] = ()
    """Title and categories only, and only when no other digital topic is found: the umbrella
    words (``digital``, ``Website``) that a more specific topic already explains."""
    exclude: tuple[str, ...] = ()
    """Phrases removed before matching this topic (boilerplate, false friends)."""
    digital: bool = True
    """Whether this topic alone puts an event into the digitalisation feeds."""
    aliases: tuple[str, ...] = field(default=())
    """Other slugs and tag spellings that sources and categories use for this topic."""


# fmt: off
VOCABULARY: dict[str, Topic] = {
    "digitalisierung": Topic(
        "Digitalisierung",
        "Digitalisation",
        (
            "Digitalisierung*", "*digitalisierung*", "digitalisieren", "digitalisiert*",
            "digitale* Transformation", "digital transformation", "digitale* Wandel*",
            "Digitaltag*", "Digitalstrategie*", "Digitalkompetenz*", "Digitalwirtschaft",
            "Digitalforum", "Digitalgipfel", "Digitalkonferenz", "Digitalagentur*",
            "Digitalwerkstatt", "Digitallotse*", "Digitalisierungs*", "Digitalminister*",
            "Digital Hub*", "Digital Day*", "Digital Business", "Digitalbonus", "Digital Jetzt",
            "go-digital", "go digital", "going digital", "Digital Health", "Digital Workplace",
            "digitale* Geschäftsmodell*", "digitale* Prozess*", "digitale* Tool*",
            "digitale* Werkzeug*", "digitale* Kompetenz*", "digitale* Lösung*",
            "digitale* Technologie*", "digitale* Medien", "digitale* Bildung",
            "digitale* Souveränität", "digitale* Arbeitswelt*", "digitale* Zukunft",
            "digitale* Innovation*", "digitale* Produkt*", "digitale* Dienst*",
            "digitale* Plattform*", "digitale* Ökosystem*", "digitale* Barrierefreiheit",
            "digitale* Gesundheit*", "digitale* Infrastruktur*", "digitale* Teilhabe",
            "digital* Strategie*", "Barrierefreiheitsstärkungsgesetz", "BFSG", "E-Learning",
            "eLearning", "Blended Learning", "Online-Tool*", "Tech", "Tech-*", "Techtalk*",
            "Tech Talk*", "FinTech*", "LegalTech*", "InsurTech*", "PropTech*", "EdTech*",
            "HealthTech*", "HR-Tech*", "E-Health", "eHealth", "Telemedizin", "E-Rechnung*",
            "eRechnung*", "E-Invoicing", "XRechnung", "ZUGFeRD", "elektronische* Rechnung*",
            "papierlos*", "digitale* Signatur*", "E-Akte", "Virtual Reality", "Augmented Reality",
            "Extended Reality", "Mixed Reality", "Metaverse", "VR", "AR", "XR", "Breitband*",
            "Glasfaser*", "Quantencomput*", "Quantum Computing", "Quantentechnolog*",
            "Prozessautomatisierung", "BIM", "Building Information Modeling", "Arbeit 4.0",
            "Handwerk 4.0", "Verwaltung 4.0",
            "Bildung 4.0", "Medienkompetenz", "Digital Literacy", "Digitaler Nachlass",
            "Open Data Day",
        ),
        fallback_keywords=(
            "Website*", "Webseite*", "Homepage*", "Internet*", "digital*", "Online-Auftritt",
            "Onlineauftritt",
        ),
        exclude=(
            "re:digital(?:e[nrms]?)?\\s+(?:veranstaltung|infoveranstaltung|sprechstunde|"
            "informationsveranstaltung|sitzung|format|treffen|stammtisch|infoabend|teilnahme|"
            "durchführung|version|ausgabe|edition|vortrag|seminar|workshop|event|konferenz|messe|"
            "tagung|session|austausch|networking)\\w*",
            "re:\\((?:digital|online)\\)",
            "re:\\bdigital\\s+(?:statt|durchgeführt|angeboten|via|per|über)\\b",
            "re:\\b(?:findet|teilnehmen|teilnahme)\\b[^.]{0,40}\\bdigital\\b",
            "re:(?:[–—-]|\\||:)\\s*(?:digital|online)\\s*$",
            "re:\\b(?:digital|online)\\s+(?:oder|und|&|/)\\s+(?:in\\s+)?"
            "(?:präsenz|vor ort)\\w*",
            "re:(?:präsenz|vor ort)\\s+(?:oder|und|&|/)\\s+(?:digital|online)\\b",
        ),
        aliases=(
            "digitalisation", "digitalization", "digital", "digitale-transformation",
        ),
    ),
    "ki": Topic(
        "Künstliche Intelligenz",
        "Artificial intelligence",
        (
            "KI", "künstliche* Intelligenz", "artificial intelligence",
            "AI", "GenAI", "OpenAI", "machine learning", "maschinelle* Lernen*", "Deep Learning",
            "neuronale* Netz*", "neural network*", "ChatGPT", "GPT", "GPT-*", "LLM",
            "Large Language Model*", "Sprachmodell*", "Chatbot*", "Prompt*", "Copilot*",
            "Computer Vision", "Bilderkennung", "Natural Language Processing", "Midjourney",
            "Stable Diffusion", "Deepfake*",
        ),
        aliases=(
            "kuenstliche-intelligenz", "kunstliche-intelligenz", "ai", "artificial-intelligence",
            "machine-learning",
        ),
    ),
    "industrie-4-0": Topic(
        "Industrie 4.0",
        "Industry 4.0",
        (
            "Industrie 4.0", "Industry 4.0", "I4.0", "Produktion 4.0", "Fertigung 4.0",
            "Logistik 4.0", "Smart Factory", "Smart Manufacturing", "Smart Production",
            "digitale* Fabrik", "Fabrik der Zukunft", "digitale* Zwilling*", "digital twin*",
            "Predictive Maintenance", "vorausschauende* Wartung", "IIoT", "Industrial IoT",
            "OPC UA", "MES", "Manufacturing Execution", "Additive Fertigung*",
            "additive* Fertigung", "additive manufacturing", "3D-Druck*", "3D Druck*", "3D-Print*",
            "Condition Monitoring", "cyber-physische* System*", "Produktionsdigitalisierung",
            "Shopfloor*",
        ),
        aliases=(
            "industrie-40", "industrie40", "industry-4-0", "industry-40", "i40", "smart-factory",
        ),
    ),
    "it-sicherheit": Topic(
        "IT-Sicherheit",
        "IT security",
        (
            "IT-Sicherheit*", "IT Sicherheit*", "IT-Security", "IT Security",
            "re=:\\bIT-?\\s*(?:&|und)\\s*(?:Cyber-?)?[Ss]icherheit", "Informationssicherheit*",
            "Cybersicherheit*", "Cyber*", "Hacker*", "Hacking", "Phishing*", "Ransomware",
            "Malware", "Schadsoftware", "Trojaner", "Passwort*", "Passwörter", "Password*",
            "Zwei-Faktor*", "2FA", "verschlüssel*", "Kryptograf*", "Kryptograph*",
            "Penetrationstest*", "Pentest*", "Firewall*", "Zero Trust", "ISMS", "ISO 27001",
            "ISO/IEC 27001", "BSI", "IT-Grundschutz", "NIS2", "NIS-2", "NIS 2", "KRITIS",
            "Security Awareness", "Social Engineering", "Datensicherheit", "Datensicherung*",
            "Backup*", "IT-Notfall*", "CISO", "Incident Response", "Sicherheitslücke*", "DDoS",
            "Botnet*", "Darknet", "Identitätsdiebstahl", "CEO-Fraud", "Spoofing",
            "Sicherheitsvorfall", "Sicherheitsvorfälle", "Informationssicherheitsbeauftragte*",
            "IT-Forensik", "Cyberangriff*", "Hackerangriff*",
        ),
        exclude=(
            "re:cyber\\s?monday",
        ),
        aliases=(
            "it-security", "cybersecurity", "cyber-security", "cybersicherheit",
            "informationssicherheit", "security", "sicherheit",
        ),
    ),
    "datenschutz": Topic(
        "Datenschutz",
        "Data protection",
        (
            "Datenschutz*", "*datenschutz", "DSGVO", "DS-GVO", "GDPR", "Privacy", "TTDSG", "TDDDG",
            "Cookie-Banner*", "Cookie-Consent", "Cookie Consent", "ePrivacy", "data protection",
            "Auftragsverarbeitung*", "Beschäftigtendatenschutz",
        ),
        exclude=(
            "re:datenschutz(?:hinweis|erklärung|erklaerung|bestimmung|information|richtlinie|"
            "einwilligung|einstellung)\\w*",
            "re:(?:hinweise?|informationen?|angaben|erklärung)\\s+(?:zum|zur|über den)\\s+"
            "datenschutz\\w*",
            "re:(?:gemäß|gem\\.|nach|laut|entsprechend|i\\.\\s?s\\.\\s?d\\.|im sinne der|"
            "art\\.?\\s?\\d+)\\s+(?:(?:der|des|abs\\.?\\s?\\d+|lit\\.?\\s?\\w|art\\.?\\s?\\d+)\\s+)*"
            "(?:dsgvo|ds-gvo|datenschutz-?grundverordnung|gdpr)",
            "re:privacy\\s+(?:policy|notice|statement)",
            "re:datenschutz\\s*(?:\\||·|•)",
        ),
        aliases=(
            "dsgvo", "gdpr", "data-protection", "privacy",
        ),
    ),
    "daten": Topic(
        "Daten",
        "Data",
        (
            "re:(?<![^\\W_])daten[^\\W\\d_]+",
            "re:\\b(?:mit|aus|von|über|umgang mit|wert der|nutzung von|potenziale? von)\\s+"
            "(?:\\w+\\s+)?daten\\b",
            "re:\\bdaten\\s+(?:nutzen|analysieren|teilen|auswerten|managen|verstehen|"
            "strategisch|intelligent|effizient|sicher|gewinnbringend)",
            "Data", "Data*", "Big Data", "Open Data", "Smart Data",
            "Unternehmensdaten", "Produktionsdaten", "Maschinendaten", "Sensordaten", "Messdaten",
            "Geodaten", "Echtzeitdaten", "Massendaten", "Gesundheitsdaten", "Mobilitätsdaten",
            "Verkehrsdaten", "Umweltdaten", "Forschungsdaten", "Betriebsdaten", "Prozessdaten",
            "Stammdaten", "Energiedaten", "Klimadaten",
            "Wetterdaten", "Analytics", "Business Intelligence", "Power BI", "Dashboard*", "SQL",
            "Datenbank*", "datengetrieben*", "datenbasiert*", "data-driven", "Gaia-X",
            "Data Space*", "Datenraum", "Datenräume*",
        ),
        exclude=(
            "re:daten(?:schutz|sicher)\\w*",
            "re:(?:ihre[nr]?|deine[nr]?|eure|personenbezogenen?|persönlichen?|ihrer)"
            "\\s+daten",
            "re:daten\\s+(?:werden|wird)\\s+(?:\\w+\\s+){0,3}?(?:gespeichert|verarbeitet|"
            "weitergegeben|gelöscht|erhoben|genutzt)",
            "re:(?:zahlen,?\\s+)?daten(?:,|\\s+und|\\s*&)\\s+fakten",
            "re:data\\s+(?:protection|privacy)", "re:datenschutz-?grundverordnung",
        ),
        title_keywords=(
            "Daten",
        ),
        aliases=(
            "data", "big-data", "data-science", "datenanalyse", "datenwirtschaft", "open-data",
        ),
    ),
    "cloud": Topic(
        "Cloud",
        "Cloud",
        (
            "Cloud*", "Multicloud*", "Nextcloud", "iCloud", "Owncloud", "Azure", "AWS",
            "Amazon Web Services", "Kubernetes", "Docker", "SaaS", "IaaS", "PaaS",
            "Software as a Service", "Rechenzentr*", "Serverless", "Microsoft 365", "Office 365",
            "M365", "SharePoint", "Edge Computing", "Virtualisierung*",
        ),
        exclude=(
            "re:mccloud", "re:soundcloud",
        ),
        aliases=(
            "cloud-computing",
        ),
    ),
    "e-commerce": Topic(
        "E-Commerce & Online-Marketing",
        "E-commerce & online marketing",
        (
            "E-Commerce", "eCommerce", "Ecommerce", "E-Business", "eBusiness", "Onlinehandel*",
            "Online-Handel*", "Onlinehändler*", "Online-Händler*", "Onlineshop*", "Online-Shop*",
            "Webshop*", "Shopsystem*",
            "Shop-System*", "Shopify", "WooCommerce", "Shopware", "Online-Marktpl*",
            "Onlinemarktpl*", "digitale* Marktpl*", "Amazon-Händler*", "Amazon Seller*",
            "Amazon Marketplace", "Omnichannel", "Multichannel", "Cross-Channel", "D2C",
            "Direct-to-Consumer", "Online-Marketing*", "Onlinemarketing*", "Digital Marketing",
            "digitale* Marketing", "Social Media*", "Social-Media*", "SEO", "SEA",
            "Suchmaschinenoptimierung", "Suchmaschinenmarketing", "Google Ads", "E-Mail-Marketing",
            "Content-Marketing", "Content Marketing", "Influencer*", "Performance Marketing",
            "Online-Vertrieb", "Onlinevertrieb", "digitale* Vertrieb*", "Online-Payment",
            "Online-Präsenz", "Onlinepräsenz", "Online-Sichtbarkeit", "Google Business Profil*",
            "Google My Business", "Onlinewerbung", "Online-Werbung", "Newsletter-Marketing",
            "Retail Media",
        ),
        title_keywords=(
            "Instagram", "LinkedIn", "TikTok", "Facebook", "YouTube", "Pinterest",
        ),
        exclude=(
            "re:amazon web services",
            "re:(?:folgen|folgt|finden)\\s+(?:sie\\s+|du\\s+|ihr\\s+)?uns\\s+(?:auch\\s+)?"
            "(?:auf|in|bei)\\s+(?:den\\s+)?(?:social[\\s-]media|sozialen\\s+(?:medien|netzwerken))"
            "\\w*",
        ),
        aliases=(
            "ecommerce", "e-business", "online-marketing", "onlinehandel", "digital-marketing",
            "social-media",
        ),
    ),
    "smart-city": Topic(
        "Smart City & E-Government",
        "Smart city & e-government",
        (
            "Smart City", "Smart Cities", "Smart-City*", "Smart Region*", "Smart Village*",
            "Smart Country", "Smart Mobility", "digitale* Stadt", "digitale* Städte",
            "digitale* Kommune*", "digitale* Verwaltung", "digitale* Rathaus",
            "Verwaltungsdigitalisierung", "E-Government", "eGovernment", "Open Government", "OZG",
            "Onlinezugangsgesetz", "GovTech*", "Bürgerportal*", "Urban Data", "urbane* Daten",
            "Registermodernisierung", "Kommune 4.0", "Stadt 4.0",
        ),
        aliases=(
            "smartcity", "smart-cities", "e-government", "egovernment", "digitale-verwaltung",
            "verwaltungsdigitalisierung",
        ),
    ),
    "iot": Topic(
        "Internet der Dinge",
        "Internet of Things",
        (
            "IoT", "Internet of Things", "Internet der Dinge", "LoRaWAN", "LoRa", "Sensorik",
            "Sensornetz*", "Smart Home", "Smart Building*", "Smart Meter*",
            "Smart Grid*", "Embedded", "Embedded-*", "5G", "6G", "5G-*", "RFID", "M2M",
            "Machine-to-Machine", "Wearable*", "Funksensor*", "Connected Car*",
        ),
        title_keywords=(
            "Sensor", "Sensoren",
        ),
        aliases=(
            "internet-of-things", "internet-der-dinge",
        ),
    ),
    "robotik": Topic(
        "Robotik & Automatisierung",
        "Robotics & automation",
        (
            "Robotik", "Robotics", "Roboter*", "*roboter", "Robot", "Robots", "Robotic*", "Cobot*",
            "RPA", "Drohne*", "Drone*", "autonome* Fahren", "autonomous driving",
            "autonome* System*", "fahrerlose* Transport*", "Humanoid*",
        ),
        aliases=(
            "robotics", "roboter", "automatisierung", "automation",
        ),
    ),
    "blockchain": Topic(
        "Blockchain & Krypto",
        "Blockchain & crypto",
        (
            "Blockchain*", "Distributed Ledger", "DLT", "Krypto", "Kryptowähr*", "Kryptowert*",
            "Krypto-Asset*", "Crypto", "Cryptocurrenc*", "Bitcoin*", "Ethereum", "NFT", "Web3",
            "Web 3.0", "Smart Contract*", "Tokenisierung", "Tokenization", "DeFi", "MiCAR",
        ),
        aliases=(
            "crypto", "krypto", "web3",
        ),
    ),
    "software": Topic(
        "Software & IT",
        "Software & IT",
        (
            "Softwareentwicklung", "Software-Entwicklung", "Informatik*", "Programmier*", "Coding",
            "=Code",
            "Low Code", "No Code", "Entwickler", "Entwicklerinnen", "Entwicklertag*", "Developer*",
            "DevOps", "Python", "Java", "JavaScript", "TypeScript", "=Rust", "Open Source",
            "Linux", "GitHub", "GitLab", "API", "SAP", "ERP", "ERP-*", "CRM", "App-Entwicklung",
            "Webentwicklung", "Web-Entwicklung", "Webdesign", "UX", "Usability",
            "Frontend", "Backend", "Full-Stack", "Fullstack", "Microservices", "Hackathon*",
            "Coding Dojo", "Code Retreat", "IT-Fachkräfte", "Systemadministration", "Algorithm*",
            "Algorithmen",
        ),
        title_keywords=(
            "Software*", "*software", "IT", "App", "Apps", "App-*", "Computer*",
        ),
        exclude=(
            "IT-Sicherheit*", "IT Sicherheit*", "IT-Security", "IT Security", "IT-Grundschutz",
            "IT-Notfall*", "IT-Forensik", "re=:\\bIT-?\\s*(?:&|und)\\s*(?:Cyber-?)?[Ss]icherheit",
            "re:code of conduct", "re:dress-?code", "re:qr-?code\\w*",
        ),
        aliases=(
            "it", "softwareentwicklung", "software-development", "programmierung", "informatik",
            "open-source",
        ),
    ),
    "halbleiter": Topic(
        "Halbleiter & Mikroelektronik",
        "Semiconductors & microelectronics",
        (
            "Halbleiter*", "*halbleiter", "Mikroelektronik*", "Microelectronic*",
            "Nanoelektronik*", "Semiconductor*", "Chip", "Chip-*", "Chipdesign*", "Chipfertigung",
            "Chipindustrie", "Chipfabrik*", "Chipentwicklung", "Chiplet*", "Chips Act",
            "Chipherstell*", "Mikrochip*", "Microchip*", "Wafer*", "Silicon Saxony", "Silizium*",
            "Reinraum*", "Leiterplatte*", "ASIC*", "FPGA*", "Elektronikfertigung",
            "Elektronikentwicklung",
        ),
        aliases=(
            "mikroelektronik", "microelectronics", "semiconductors", "semiconductor", "chips",
        ),
    ),
    "startup": Topic(
        "Start-ups & Gründung",
        "Start-ups & founding",
        (
            "Startup*", "Start-up*", "Gründer*", "Gründung*", "Existenzgründ*",
            "Unternehmensgründ*", "Ausgründung*", "Pitch Night*", "Pitch Day*", "Pitch Event*",
            "Pitch-Event*", "Pitchwettbewerb*", "Pitch-Wettbewerb*", "Accelerator*", "Inkubator*",
            "Incubator*", "Venture Capital", "Venture-Capital*", "Business Angel*",
            "Entrepreneur*", "Founder*", "Spin-off*", "Spinoff*", "Gründerinnen",
        ),
        exclude=(
            "re:gründerzeit\\w*", "re:gründungs(?:jubiläum|mitglied|jahr|tag)\\w*",
            "re:seit\\s+(?:der\\s+|ihrer\\s+|seiner\\s+)?gründung",
        ),
        aliases=(
            "start-up", "startups", "gruendung", "grundung", "existenzgruendung",
            "entrepreneurship",
        ),
        digital=False,
    ),
    "foerderung": Topic(
        "Förderung & Finanzierung",
        "Funding",
        (
            "Förderung*", "Förderprogramm*", "Fördermittel*", "Förderaufruf*",
            "Fördermöglichkeit*", "Förderinstrument*", "Förderantrag*", "Förderanträge*",
            "Förderkredit*", "Förderbank*", "Förderrichtlinie*", "Fördergeld*", "Förderzuschuss*",
            "Förderberatung*", "förderfähig*", "Zuschuss*", "Zuschüsse", "Innovationsförderung",
            "Mittelstandsförderung", "Technologieförderung", "Forschungsförderung",
            "Projektförderung", "Investitionsförderung", "Digitalisierungsförderung",
            "Gründungsförderung", "Exportförderung", "Funding", "Grants", "Digitalbonus",
            "Digital Jetzt", "go-digital", "go-inno", "EFRE", "ESF", "ESF Plus", "SAB",
            "Aufbaubank", "KfW", "BAFA", "EXIST", "ZIM", "Horizon Europe", "Horizont Europa",
            "InnoPrämie", "Innovationsprämie", "Investitionszuschuss*", "Förderscheck*",
            "Innovationsgutschein*",
        ),
        aliases=(
            "foerdermittel", "fordermittel", "forderung", "funding", "finanzierung",
            "foerderprogramme",
        ),
        digital=False,
    ),
}
# fmt: on
"""Slug -> topic. Slugs are stable: they end up in the database and in feed URLs."""

_WORD = r"[^\W_]"


def _is_acronym(keyword: str) -> bool:
    letters = re.sub(r"[^A-Za-zÄÖÜäöü]", "", keyword)
    capitals = sum(ch.isupper() for ch in letters)
    return capitals >= 2 and not re.search(r"[a-zäöü]{2}", letters)


_END = f"(?!{_WORD})"
_UNITS = {"*": f"{_WORD}*", " ": r"[\s-]?", "$": _END, "s$": f"s?{_END}"}


def _units(keyword: str, plural: bool = False) -> list[str]:
    """A keyword as a sequence of regex units: characters, ``*``, a space, the end."""
    units = [ch if ch in "* " else re.escape(ch) for ch in keyword]
    if keyword.endswith("*"):
        return units
    return [*units, "s$" if plural else "$"]


def _trie(sequences: Iterable[list[str]]) -> str:
    """One regular expression for many keywords, sharing their common beginnings.

    Python's ``re`` tries the branches of an alternation one by one at every position; as a
    trie (``digital(?:isierung|e…)``) it rejects a position after looking at one character.
    """
    root: dict = {}
    for units in sequences:
        node = root
        for unit in units:
            node = node.setdefault(unit, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [_UNITS.get(u, u) + emit(child) for u, child in node.items() if u]
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(root)


@dataclass(frozen=True)
class _Sources:
    """Keywords sorted by how they are matched: in lower case or exactly, from a word start
    or anywhere inside a word (a leading ``*``: a search needs no leading word characters)."""

    lower_words: list[list[str]] = field(default_factory=list)
    lower_inner: list[list[str]] = field(default_factory=list)
    exact_words: list[list[str]] = field(default_factory=list)
    exact_inner: list[list[str]] = field(default_factory=list)
    lower_raw: list[str] = field(default_factory=list)
    exact_raw: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, keywords: Iterable[str]) -> _Sources:
        sources = cls()
        for keyword in keywords:
            if keyword.startswith("re:"):
                sources.lower_raw.append(keyword[3:])
            elif keyword.startswith("re=:"):
                sources.exact_raw.append(keyword[4:])
            else:
                exact = keyword.startswith("=") or _is_acronym(keyword)
                keyword = keyword.lstrip("=")
                units = _units(keyword if exact else keyword.lower(), _is_acronym(keyword))
                if keyword.startswith("*"):
                    (sources.exact_inner if exact else sources.lower_inner).append(units[1:])
                else:
                    (sources.exact_words if exact else sources.lower_words).append(units)
        return sources

    def regexes(self, prefix: str = "") -> tuple[str | None, str | None, str | None, str | None]:
        """Regular expressions for words in lower case, inside words in lower case, words
        exactly, inside words exactly; ``prefix`` goes before the word-start ones."""

        def words(units: list[list[str]], raw: list[str]) -> str | None:
            parts = ([_trie(units)] if units else []) + raw
            return f"{prefix}(?:{'|'.join(parts)})" if parts else None

        return (
            words(self.lower_words, self.lower_raw),
            _trie(self.lower_inner) if self.lower_inner else None,
            words(self.exact_words, self.exact_raw),
            _trie(self.exact_inner) if self.exact_inner else None,
        )

    def __add__(self, other: _Sources) -> _Sources:
        return _Sources(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(_Sources)))


def _lower(text: str) -> str:
    """Lower case of the same length, so that positions carry over to the text."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(c.lower()[0] for c in text)


@dataclass(frozen=True)
class _Text:
    """A title or description prepared once for every topic: its lower-case form and the
    positions where some keyword of the whole vocabulary may start.

    Python's ``re`` costs about the same per character whatever it looks for, so the text is
    scanned once with all keywords together, and each topic then only tries its own keywords
    at those few positions; regular expressions are written in lower case and run without
    IGNORECASE, which is many times slower.
    """

    text: str
    lowered: str
    starts: tuple[tuple[int, ...], ...]
    """Candidate positions for lower words, lower inner, exact words, exact inner."""

    @classmethod
    def of(cls, text: str) -> _Text:
        lowered = _lower(text)
        scans = zip(_scanners(), (lowered, lowered, text, text), strict=True)
        starts = tuple(
            tuple(m.start() for m in scanner.finditer(t)) if scanner else () for scanner, t in scans
        )
        return cls(text, lowered, starts)

    def without(self, exclusion: _Exclusion | None) -> _Text:
        """The same text with the excluded phrases blanked out, positions unchanged."""
        if exclusion is None:
            return self
        text, lowered = exclusion.blank(self.text, self.lowered)
        return self if text is self.text else _Text(text, lowered, self.starts)


@dataclass(frozen=True)
class _Keywords:
    """One keyword list, tried only at the candidate positions of a ``_Text``."""

    patterns: tuple[re.Pattern[str] | None, ...]

    @classmethod
    def of(cls, keywords: Iterable[str]) -> _Keywords | None:
        regexes = _Sources.of(keywords).regexes()
        if not any(regexes):
            return None
        return cls(tuple(re.compile(r) if r else None for r in regexes))

    def hit(self, doc: _Text) -> bool:
        strings = (doc.lowered, doc.lowered, doc.text, doc.text)
        return any(
            pattern.match(string, start)
            for pattern, string, starts in zip(self.patterns, strings, doc.starts, strict=True)
            if pattern
            for start in starts
        )


@dataclass(frozen=True)
class _Exclusion:
    """Phrases blanked out before a topic's keywords are tried."""

    lower: re.Pattern[str] | None
    exact: re.Pattern[str] | None

    @classmethod
    def of(cls, keywords: Iterable[str]) -> _Exclusion | None:
        words, inner, exact_words, exact_inner = _Sources.of(keywords).regexes(f"(?<!{_WORD})")
        lower = "|".join(r for r in (words, inner) if r)
        exact = "|".join(r for r in (exact_words, exact_inner) if r)
        if not lower and not exact:
            return None
        return cls(re.compile(lower) if lower else None, re.compile(exact) if exact else None)

    def blank(self, text: str, lowered: str) -> tuple[str, str]:
        spans = [m.span() for p, t in ((self.lower, lowered), (self.exact, text)) if p
                 for m in p.finditer(t)]  # fmt: skip
        for start, end in spans:
            gap = " " * (end - start)
            text, lowered = text[:start] + gap + text[end:], lowered[:start] + gap + lowered[end:]
        return text, lowered


@dataclass(frozen=True)
class _Matcher:
    anywhere: _Keywords | None
    title_only: _Keywords | None
    fallback: _Keywords | None
    exclude: _Exclusion | None

    def finds(self, titles: Iterable[_Text], body: _Text | None) -> bool:
        scopes = [k for k in (self.anywhere, self.title_only) if k]
        for title in titles:
            if any(k.hit(title) for k in scopes) and any(
                k.hit(title.without(self.exclude)) for k in scopes
            ):
                return True
        if self.anywhere is None or body is None or not self.anywhere.hit(body):
            return False
        return self.anywhere.hit(body.without(self.exclude))

    def finds_fallback(self, titles: Iterable[_Text]) -> bool:
        fallback = self.fallback
        return bool(fallback) and any(fallback.hit(t.without(self.exclude)) for t in titles)


@cache
def _matchers() -> dict[str, _Matcher]:
    return {
        slug: _Matcher(
            _Keywords.of(topic.keywords),
            _Keywords.of(topic.title_keywords),
            _Keywords.of(topic.fallback_keywords),
            _Exclusion.of(topic.exclude),
        )
        for slug, topic in VOCABULARY.items()
    }


@cache
def _scanners() -> tuple[re.Pattern[str] | None, ...]:
    """One zero-width scan per kind over all keywords of all topics, giving every position
    where one of them may start."""
    everything = _Sources()
    for topic in VOCABULARY.values():
        keywords = (*topic.keywords, *topic.title_keywords, *topic.fallback_keywords)
        everything = everything + _Sources.of(keywords)
    words, inner, exact_words, exact_inner = everything.regexes()
    return tuple(
        re.compile(f"{boundary}(?={r})") if r else None
        for boundary, r in (
            (f"(?<!{_WORD})", words),
            ("", inner),
            (f"(?<!{_WORD})", exact_words),
            ("", exact_inner),
        )
    )


def _tag_key(value: str) -> str:
    return folding.slug(clean_text(value))


@cache
def _slugs_by_tag() -> dict[str, str]:
    """Every spelling a source may use for a topic as a whole tag: slug, labels, aliases."""
    tags: dict[str, str] = {}
    for slug, topic in VOCABULARY.items():
        for tag in (slug, topic.label_de, topic.label_en, *topic.aliases):
            tags.setdefault(_tag_key(tag), slug)
    return tags


def topic_for_tag(tag: str) -> str | None:
    """The slug a whole tag or source topic names (``KI``, ``it-security``, ``Industrie 4.0``)."""
    return _slugs_by_tag().get(_tag_key(tag))


def detect_topics(
    title: str,
    text: str = "",
    categories: Iterable[str] = (),
    source_topics: Iterable[str] = (),
) -> list[str]:
    """Sorted unique topic slugs of an event.

    The source's own topics (``sources.toml``) and categories count as they are when they
    name a topic; categories are also read like a title (``IT & Sicherheit``).
    """
    found: set[str] = set()
    for tag in (*source_topics, *categories):
        slug = topic_for_tag(tag)
        if slug:
            found.add(slug)
    titles = [_Text.of(t) for t in (clean_text(title), *map(clean_text, categories)) if t]
    body_text = clean_text(text)[:TEXT_LIMIT]
    body = _Text.of(body_text) if body_text else None
    matchers = _matchers()
    found.update(s for s, m in matchers.items() if s not in found and m.finds(titles, body))
    if not is_digital(found):
        found.update(s for s, m in matchers.items() if m.finds_fallback(titles))
    return sorted(found)


def is_digital(topics: Iterable[str]) -> bool:
    """Whether an event with these topics belongs in the digitalisation feeds.

    Funding and founding are topics of their own but not digital by themselves: a grant for
    energy efficiency or a founders' tax seminar is not a digitalisation event.
    """
    return any(slug in VOCABULARY and VOCABULARY[slug].digital for slug in topics)
