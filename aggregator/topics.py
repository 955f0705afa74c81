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
* ``re:`` introduces a raw regular expression for the few phrases the syntax cannot say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from aggregator.text import clean_text

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
            "re:(?i:digital(?:e[nrms]?)?\\s+(?:Veranstaltung|Infoveranstaltung|Sprechstunde|"
            "Informationsveranstaltung|Sitzung|Format|Treffen|Stammtisch|Infoabend|Teilnahme|"
            "Durchführung|Version|Ausgabe|Edition|Vortrag|Seminar|Workshop|Event|Konferenz|Messe|"
            "Tagung|Session|Austausch|Networking)\\w*)",
            "re:(?i:\\((?:digital|online)\\))",
            "re:(?i:\\bdigital\\s+(?:statt|durchgeführt|angeboten|via|per|über)\\b)",
            "re:(?i:\\b(?:findet|teilnehmen|teilnahme)\\b[^.]{0,40}\\bdigital\\b)",
            "re:(?i:(?:[–—-]|\\||:)\\s*(?:digital|online)\\s*$)",
            "re:(?i:\\b(?:digital|online)\\s+(?:oder|und|&|/)\\s+(?:in\\s+)?"
            "(?:Präsenz|vor Ort)\\w*)",
            "re:(?i:(?:Präsenz|vor Ort)\\s+(?:oder|und|&|/)\\s+(?:digital|online)\\b)",
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
            "re:\\bIT-?\\s*(?:&|und)\\s*(?:Cyber-?)?[Ss]icherheit", "Informationssicherheit*",
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
            "re:(?i:cyber\\s?monday)",
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
            "re:(?i:Datenschutz(?:hinweis|erklärung|erklaerung|bestimmung|information|richtlinie|"
            "einwilligung|einstellung)\\w*)",
            "re:(?i:(?:Hinweise?|Informationen?|Angaben|Erklärung)\\s+(?:zum|zur|über den)\\s+"
            "Datenschutz\\w*)",
            "re:(?i:(?:gemäß|gem\\.|nach|laut|entsprechend|i\\.\\s?S\\.\\s?d\\.|im Sinne der|"
            "Art\\.?\\s?\\d+)\\s+(?:(?:der|des|Abs\\.?\\s?\\d+|lit\\.?\\s?\\w|Art\\.?\\s?\\d+)\\s+)*"
            "(?:DSGVO|DS-GVO|Datenschutz-?Grundverordnung|GDPR))",
            "re:(?i:privacy\\s+(?:policy|notice|statement))",
            "re:(?i:Datenschutz\\s*(?:\\||·|•))",
        ),
        aliases=(
            "dsgvo", "gdpr", "data-protection", "privacy",
        ),
    ),
    "daten": Topic(
        "Daten",
        "Data",
        (
            "re:(?i:(?<![^\\W_])Daten[^\\W\\d_]+)",
            "re:(?i:\\b(?:mit|aus|von|über|Umgang mit|Wert der|Nutzung von|Potenziale? von)\\s+"
            "(?:\\w+\\s+)?Daten\\b)",
            "re:(?i:\\bDaten\\s+(?:nutzen|analysieren|teilen|auswerten|managen|verstehen|"
            "strategisch|intelligent|effizient|sicher|gewinnbringend))",
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
            "re:(?i:Daten(?:schutz|sicher)\\w*)",
            "re:(?i:(?:Ihre[nr]?|Deine[nr]?|eure|personenbezogenen?|persönlichen?|Ihrer)"
            "\\s+Daten)",
            "re:(?i:Daten\\s+(?:werden|wird)\\s+(?:\\w+\\s+){0,3}?(?:gespeichert|verarbeitet|"
            "weitergegeben|gelöscht|erhoben|genutzt))",
            "re:(?i:(?:Zahlen,?\\s+)?Daten(?:,|\\s+und|\\s*&)\\s+Fakten)",
            "re:(?i:data\\s+(?:protection|privacy))", "re:(?i:Datenschutz-?Grundverordnung)",
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
            "re:McCloud", "re:(?i:soundcloud)",
        ),
        aliases=(
            "cloud-computing",
        ),
    ),
    "e-commerce": Topic(
        "E-Commerce & Online-Marketing",
        "E-commerce & online marketing",
        (
            "E-Commerce", "eCommerce", "Ecommerce", "E-Business", "eBusiness", "Onlinehandel",
            "Online-Handel", "Onlineshop*", "Online-Shop*", "Webshop*", "Shopsystem*",
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
            "re:(?i:Amazon Web Services)",
            "re:(?i:(?:folgen|folgt|finden)\\s+(?:Sie\\s+|du\\s+|ihr\\s+)?uns\\s+(?:auch\\s+)?"
            "(?:auf|in|bei)\\s+(?:den\\s+)?(?:Social[\\s-]Media|sozialen\\s+(?:Medien|Netzwerken))"
            "\\w*)",
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
            "IT-Notfall*", "IT-Forensik", "re:\\bIT-?\\s*(?:&|und)\\s*(?:Cyber-?)?[Ss]icherheit",
            "re:(?i:Code of Conduct)", "re:(?i:Dress-?code)", "re:(?i:QR-?Code\\w*)",
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
            "re:(?i:Gründerzeit\\w*)", "re:(?i:Gründungs(?:jubiläum|mitglied|jahr|tag)\\w*)",
            "re:(?i:seit\\s+(?:der\\s+|ihrer\\s+|seiner\\s+)?Gründung)",
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


def _pattern(keyword: str) -> str:
    """Regular expression for one keyword in the syntax of the module doc."""
    if keyword.startswith("re:"):
        return f"(?:{keyword[3:]})"
    forced = keyword.startswith("=")
    keyword = keyword.lstrip("=")
    acronym = _is_acronym(keyword)
    body = ""
    for token in re.split(r"(\*| )", keyword):
        if token == "*":
            body += f"{_WORD}*"
        elif token == " ":
            body += r"[\s-]?"
        else:
            body += re.escape(token)
    if acronym:
        body += "s?"
    left = "" if keyword.startswith("*") else f"(?<!{_WORD})"
    right = "" if keyword.endswith("*") else f"(?!{_WORD})"
    body = f"{left}{body}{right}"
    return body if forced or acronym else f"(?i:{body})"


def _compile(keywords: Iterable[str]) -> re.Pattern[str] | None:
    patterns = [_pattern(k) for k in keywords]
    return re.compile("|".join(patterns)) if patterns else None


@dataclass(frozen=True)
class _Matcher:
    anywhere: re.Pattern[str] | None
    title_only: re.Pattern[str] | None
    fallback: re.Pattern[str] | None
    exclude: re.Pattern[str] | None

    def _clean(self, text: str) -> str:
        return self.exclude.sub(" ", text) if self.exclude and text else text

    def finds(self, titles: Iterable[str], body: str) -> bool:
        titles = [self._clean(t) for t in titles if t]
        patterns = [p for p in (self.anywhere, self.title_only) if p]
        if any(p.search(t) for p in patterns for t in titles):
            return True
        return bool(self.anywhere and body and self.anywhere.search(self._clean(body)))

    def finds_fallback(self, titles: Iterable[str]) -> bool:
        fallback = self.fallback
        return bool(fallback) and any(fallback.search(self._clean(t)) for t in titles if t)


@cache
def _matchers() -> dict[str, _Matcher]:
    return {
        slug: _Matcher(
            _compile(topic.keywords),
            _compile(topic.title_keywords),
            _compile(topic.fallback_keywords),
            _compile(topic.exclude),
        )
        for slug, topic in VOCABULARY.items()
    }


def _tag_key(value: str) -> str:
    value = clean_text(value).casefold()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        value = value.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-")


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
    titles = [clean_text(title), *(clean_text(c) for c in categories)]
    body = clean_text(text)[:TEXT_LIMIT]
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
