"""Built-in word lists for the synthetic data generator (no external data needed).

Every list is a tuple so its order, and therefore every generated file, is fixed.
"""

from __future__ import annotations

import unicodedata

# --------------------------------------------------------------------------- names
FIRST_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(
        """
James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel
Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy
Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin
Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry
Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle Ethan Walter Noah Jeremy
Christian Keith Roger Terry Gerald Harold Sean Austin Carl Arthur Lawrence Dylan Jesse
Jordan Bryan Billy Joe Bruce Gabriel Logan Albert Willie Alan Juan Wayne Elijah Randy Roy
Vincent Ralph Eugene Russell Bobby Mason Philip Louis Mary Patricia Jennifer Linda
Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret Sandra Ashley
Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca
Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen
Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather Diane
Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith Megan
Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Sara Madison Frances Kathryn
Janice Jean Abigail Alice Judy Sophia Grace Denise Amber Doris Marilyn Danielle Beverly
Isabella Theresa Diana Natalie Brittany Charlotte Marie Kayla Alexis Lori Oliver Harry
Charlie Freddie Alfie Archie Theo Leo Oscar Arlo Finley Isla Amelia Ava Mia Ivy Lily
Florence Freya Poppy Evie Rosie Maximilian Lukas Felix Paul Jonas Elias Leon Finn Moritz
Tobias Jürgen Günter Dieter Wolfgang Klaus Uwe Heike Sabine Ursula Monika Petra Claudia
Käthe Jörg Dörte Björn Søren Åsa Sigrid Ingrid Astrid Lars Sven Nils Magnus Erik Freja
Gabriel Raphaël Louis Lucas Hugo Jules Adam Arthur Mathis Léo François Jérôme Stéphane
Loïc Thierry Olivier Pascal Camille Chloé Léa Manon Inès Jade Zoé Noémie Hélène Françoise
Mélanie Agnès Renée Anaïs Maëlle Céline Élodie Sébastien Frédéric Zoë José Andrés Ángel
Ramón Jesús Alejandro Javier Sofía Lucía Núria Pilar Carmen Isabel Dolores Marta Łukasz
Paweł Bartłomiej Wojciech Zbigniew Małgorzata Agnieszka Katarzyna Krzysztof Tomasz
Aleksander Seán Siân Aoife Niamh Ciarán Oisín Saoirse Róisín Siobhán Giovanni Francesca
Giulia Alessandro Lorenzo Matteo Chiara Sofia Daan Sem Bram Anouk Sanne Fleur Priya
Rahul Aisha Fatima Omar Yusuf Mei Wei Hiroshi Yuki Ngozi Chidi Kwame Amara
""".split()
    )
)

# formal name -> nicknames seen in the wild
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy"),
    "Robert": ("Bob", "Rob", "Bobby"),
    "Elizabeth": ("Liz", "Beth", "Lizzie"),
    "Katherine": ("Kate", "Katie", "Kathy"),
    "Catherine": ("Cathy", "Cat", "Kate"),
    "Kathleen": ("Kathy", "Kath"),
    "James": ("Jim", "Jimmy"),
    "Michael": ("Mike", "Mick"),
    "Richard": ("Rick", "Dick", "Rich"),
    "Thomas": ("Tom", "Tommy"),
    "Joseph": ("Joe", "Joey"),
    "Charles": ("Charlie", "Chuck"),
    "Christopher": ("Chris", "Kit"),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",),
    "Anthony": ("Tony",),
    "Donald": ("Don",),
    "Steven": ("Steve",),
    "Stephen": ("Steve",),
    "Andrew": ("Andy", "Drew"),
    "Joshua": ("Josh",),
    "Kenneth": ("Ken", "Kenny"),
    "Timothy": ("Tim",),
    "Edward": ("Ed", "Ted", "Eddie"),
    "Jonathan": ("Jon",),
    "Nicholas": ("Nick",),
    "Benjamin": ("Ben",),
    "Samuel": ("Sam",),
    "Gregory": ("Greg",),
    "Alexander": ("Alex", "Sasha"),
    "Patrick": ("Pat", "Paddy"),
    "Zachary": ("Zach",),
    "Lawrence": ("Larry",),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Jennifer": ("Jen", "Jenny"),
    "Patricia": ("Pat", "Trish"),
    "Susan": ("Sue", "Susie"),
    "Deborah": ("Debbie", "Deb"),
    "Rebecca": ("Becky", "Becca"),
    "Jessica": ("Jess",),
    "Samantha": ("Sam",),
    "Victoria": ("Vicky", "Tori"),
    "Christine": ("Chris", "Chrissy"),
    "Christina": ("Tina",),
    "Jacqueline": ("Jackie",),
    "Abigail": ("Abby",),
    "Alexandra": ("Alex",),
    "Amanda": ("Mandy",),
    "Cynthia": ("Cindy",),
    "Barbara": ("Barb",),
    "Dorothy": ("Dot",),
    "Frances": ("Fran",),
    "Judith": ("Judy",),
    "Pamela": ("Pam",),
    "Theodore": ("Ted",),
    "Maximilian": ("Max",),
    "Johannes": ("Hannes",),
    "Wolfgang": ("Wolf",),
    "Aleksander": ("Olek",),
    "Małgorzata": ("Gosia",),
    "Katarzyna": ("Kasia",),
    "Krzysztof": ("Krzyś",),
    "Tomasz": ("Tomek",),
    "Łukasz": ("Łukas",),
    "José": ("Pepe",),
    "Francesca": ("Fran",),
    "Alessandro": ("Sandro",),
    "Isabella": ("Bella", "Izzy"),
    "Olivia": ("Liv",),
    "Charlotte": ("Charlie", "Lottie"),
}

LAST_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(
        """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips
Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson
Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo
Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell
Coleman Butler Henderson Barnes Fisher Vasquez Simmons Graham Hunter Clarke Hughes Lloyd
Owen Davies Jenkins Harrison Marshall Knight Wallace Hamilton Fletcher Chapman Holmes
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch
Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann
Lange Schmitt Werner Krause Meier Lehmann Köhler Herrmann König Walter Huber Kaiser Fuchs
Peters Scholz Möller Weiß Jung Hahn Vogel Keller Günther Berger Winkler Roth Lorenz Franke
Dubois Bernard Durand Leroy Moreau Simon Laurent Lefèvre Michel Bertrand Roux Vincent
Fournier Morel Girard André Mercier Dupont Lambert Bonnet François Faure Rousseau Blanc
Guérin Chevalier Gagnon Tremblay Côté Bouchard Gauthier Bélanger Lévesque Pelletier
García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Jiménez Muñoz
Álvarez Romero Alonso Gutiérrez Navarro Domínguez Nowak Kowalski Wiśniewski Wójcik
Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski Johansson Andersson
Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Jensen Nielsen Hansen Pedersen
Sørensen Christensen Møller Byrne Walsh O'Brien O'Sullivan O'Connor O'Neill McCarthy
McLaughlin MacDonald Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino
Greco Bruno Gallo Conti Costa Fontana Bakker Visser Smit Meijer Mulder Bos Vos Dekker
Jansen Janssen Singh Shah Khan Ali Ahmed Chen Wang Li Zhang Liu Tanaka Suzuki Sato Okafor
Mensah Silva Santos Oliveira Pereira Ferreira
""".split()
    )
) + ("van den Berg", "de Vries", "de Jong", "van Dijk", "De Luca", "St. John", "Lloyd-Jones")


def ascii_fold(text: str) -> str:
    """`Łukasz` -> `Lukasz`, `Müller` -> `Muller` (what accent-stripping systems store)."""
    special = {"Ł": "L", "ł": "l", "ß": "ss", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae"}
    text = "".join(special.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def email_token(text: str) -> str:
    """Lower-case ASCII letters only: `O'Brien` -> `obrien`, `van den Berg` -> `vandenberg`."""
    return "".join(ch for ch in ascii_fold(text).lower() if ch.isalnum() and ch.isascii())


# --------------------------------------------------------------------------- geography
# code, English name, alternative English names, weight, phone country code,
# number-first street style, jurisdiction, currency
COUNTRIES: tuple[tuple[str, str, tuple[str, ...], float, str, bool, str, str], ...] = (
    ("US", "United States", ("United States of America",), 0.42, "1", True, "CCPA", "USD"),
    ("GB", "United Kingdom", ("Great Britain",), 0.14, "44", True, "UK_GDPR", "GBP"),
    ("DE", "Germany", (), 0.12, "49", False, "GDPR", "EUR"),
    ("FR", "France", (), 0.10, "33", True, "GDPR", "EUR"),
    ("CA", "Canada", (), 0.10, "1", True, "PIPEDA", "CAD"),
    ("ES", "Spain", (), 0.03, "34", False, "GDPR", "EUR"),
    ("IT", "Italy", (), 0.03, "39", False, "GDPR", "EUR"),
    ("NL", "Netherlands", ("The Netherlands",), 0.02, "31", False, "GDPR", "EUR"),
    ("IE", "Ireland", (), 0.02, "353", True, "GDPR", "EUR"),
    ("AU", "Australia", (), 0.02, "61", True, "OTHER", "USD"),
)
COUNTRY_CODES = tuple(c[0] for c in COUNTRIES)

# city, state/region, postal prefix  (postal codes are completed by the generator)
CITIES: dict[str, tuple[tuple[str, str | None, str], ...]] = {
    "US": (
        ("New York", "NY", "100"),
        ("Brooklyn", "NY", "112"),
        ("Los Angeles", "CA", "900"),
        ("San Francisco", "CA", "941"),
        ("San Diego", "CA", "921"),
        ("Chicago", "IL", "606"),
        ("Houston", "TX", "770"),
        ("Austin", "TX", "787"),
        ("Dallas", "TX", "752"),
        ("Phoenix", "AZ", "850"),
        ("Philadelphia", "PA", "191"),
        ("Pittsburgh", "PA", "152"),
        ("Seattle", "WA", "981"),
        ("Portland", "OR", "972"),
        ("Denver", "CO", "802"),
        ("Boston", "MA", "021"),
        ("Atlanta", "GA", "303"),
        ("Miami", "FL", "331"),
        ("Orlando", "FL", "328"),
        ("Nashville", "TN", "372"),
        ("Columbus", "OH", "432"),
        ("Detroit", "MI", "482"),
        ("Minneapolis", "MN", "554"),
        ("St. Louis", "MO", "631"),
        ("Charlotte", "NC", "282"),
        ("Raleigh", "NC", "276"),
        ("Salt Lake City", "UT", "841"),
        ("Las Vegas", "NV", "891"),
        ("Newark", "NJ", "071"),
        ("Hartford", "CT", "061"),
    ),
    "GB": (
        ("London", None, "SW1A"),
        ("London", None, "E14"),
        ("London", None, "N1"),
        ("Manchester", None, "M1"),
        ("Birmingham", None, "B1"),
        ("Leeds", None, "LS1"),
        ("Glasgow", "Scotland", "G1"),
        ("Edinburgh", "Scotland", "EH1"),
        ("Bristol", None, "BS1"),
        ("Liverpool", None, "L1"),
        ("Cardiff", "Wales", "CF10"),
        ("Sheffield", None, "S1"),
        ("Nottingham", None, "NG1"),
        ("Brighton", None, "BN1"),
        ("Oxford", "Oxfordshire", "OX1"),
        ("Cambridge", "Cambridgeshire", "CB1"),
        ("Belfast", "Northern Ireland", "BT1"),
        ("York", "North Yorkshire", "YO1"),
    ),
    "DE": (
        ("Berlin", "Berlin", "101"),
        ("München", "Bayern", "803"),
        ("Hamburg", "Hamburg", "203"),
        ("Köln", "Nordrhein-Westfalen", "506"),
        ("Frankfurt am Main", "Hessen", "603"),
        ("Stuttgart", "Baden-Württemberg", "701"),
        ("Düsseldorf", "Nordrhein-Westfalen", "402"),
        ("Leipzig", "Sachsen", "041"),
        ("Dresden", "Sachsen", "010"),
        ("Nürnberg", "Bayern", "904"),
        ("Hannover", "Niedersachsen", "301"),
        ("Bremen", "Bremen", "281"),
    ),
    "FR": (
        ("Paris", "Île-de-France", "750"),
        ("Lyon", "Auvergne-Rhône-Alpes", "690"),
        ("Marseille", "Provence-Alpes-Côte d'Azur", "130"),
        ("Toulouse", "Occitanie", "310"),
        ("Nice", "Provence-Alpes-Côte d'Azur", "060"),
        ("Nantes", "Pays de la Loire", "440"),
        ("Strasbourg", "Grand Est", "670"),
        ("Bordeaux", "Nouvelle-Aquitaine", "330"),
        ("Lille", "Hauts-de-France", "590"),
        ("Montpellier", "Occitanie", "340"),
    ),
    "CA": (
        ("Toronto", "ON", "M5V"),
        ("Ottawa", "ON", "K1P"),
        ("Montréal", "QC", "H2X"),
        ("Québec", "QC", "G1R"),
        ("Vancouver", "BC", "V6B"),
        ("Calgary", "AB", "T2P"),
        ("Edmonton", "AB", "T5J"),
        ("Winnipeg", "MB", "R3C"),
        ("Halifax", "NS", "B3H"),
    ),
    "ES": (
        ("Madrid", "Madrid", "280"),
        ("Barcelona", "Cataluña", "080"),
        ("Valencia", "Valencia", "460"),
        ("Sevilla", "Andalucía", "410"),
    ),
    "IT": (
        ("Roma", "Lazio", "001"),
        ("Milano", "Lombardia", "201"),
        ("Napoli", "Campania", "801"),
        ("Torino", "Piemonte", "101"),
    ),
    "NL": (
        ("Amsterdam", "Noord-Holland", "10"),
        ("Rotterdam", "Zuid-Holland", "30"),
        ("Utrecht", "Utrecht", "35"),
        ("Den Haag", "Zuid-Holland", "25"),
    ),
    "IE": (
        ("Dublin", "Co. Dublin", "D0"),
        ("Cork", "Co. Cork", "T12"),
        ("Galway", "Co. Galway", "H91"),
    ),
    "AU": (
        ("Sydney", "NSW", "20"),
        ("Melbourne", "VIC", "30"),
        ("Brisbane", "QLD", "40"),
        ("Perth", "WA", "60"),
    ),
}

US_STATE_NAMES = {
    "NY": "New York",
    "CA": "California",
    "IL": "Illinois",
    "TX": "Texas",
    "AZ": "Arizona",
    "PA": "Pennsylvania",
    "WA": "Washington",
    "OR": "Oregon",
    "CO": "Colorado",
    "MA": "Massachusetts",
    "GA": "Georgia",
    "FL": "Florida",
    "TN": "Tennessee",
    "OH": "Ohio",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MO": "Missouri",
    "NC": "North Carolina",
    "UT": "Utah",
    "NV": "Nevada",
    "NJ": "New Jersey",
    "CT": "Connecticut",
}

_US_STREETS = (
    "Main Oak Maple Cedar Pine Elm Washington Lake Hill Park Sunset Lincoln Jefferson "
    "Highland Ridge Church Mill River Spring Meadow Walnut Chestnut Willow Franklin Madison "
    "Adams Jackson Lakeview Forest Valley Cherry Hickory Dogwood Magnolia Poplar Birch"
).split()
_US_SUFFIXES = (
    ("Street", "St"),
    ("Avenue", "Ave"),
    ("Road", "Rd"),
    ("Boulevard", "Blvd"),
    ("Lane", "Ln"),
    ("Drive", "Dr"),
    ("Court", "Ct"),
    ("Place", "Pl"),
)
_GB_STREETS = (
    "High Station Church Victoria Green Manor Park Kings Queens Mill New London Albert "
    "York Grange Windsor Alexandra Chester Richmond North South"
).split()
_GB_SUFFIXES = (
    ("Street", "St"),
    ("Road", "Rd"),
    ("Lane", "Ln"),
    ("Avenue", "Ave"),
    ("Close", "Cl"),
    ("Gardens", "Gdns"),
    ("Crescent", "Cres"),
)
_DE_STREETS = (
    "Haupt Bahnhof Schul Garten Dorf Berg Linden Kirch Wald Ring Mühlen Goethe Schiller "
    "Friedrich Post Rosen Birken Wiesen Feld Sonnen"
).split()
_FR_STREETS = (
    ("rue", "r.", "de la République"),
    ("rue", "r.", "Victor Hugo"),
    ("rue", "r.", "Pasteur"),
    ("avenue", "av.", "Jean Jaurès"),
    ("avenue", "av.", "des Champs-Élysées"),
    ("boulevard", "bd", "Voltaire"),
    ("boulevard", "bd", "Saint-Michel"),
    ("rue", "r.", "de la Paix"),
    ("place", "pl.", "de la Mairie"),
    ("rue", "r.", "du Moulin"),
    ("chemin", "ch.", "des Vignes"),
    ("allée", "all.", "des Tilleuls"),
)
_ES_STREETS = (
    ("Calle", "C/", "Mayor"),
    ("Calle", "C/", "Real"),
    ("Avenida", "Avda.", "de la Paz"),
    ("Calle", "C/", "Gran Vía"),
    ("Paseo", "Pº", "del Prado"),
)
_IT_STREETS = (
    ("Via", "V.", "Roma"),
    ("Via", "V.", "Garibaldi"),
    ("Corso", "C.so", "Italia"),
    ("Via", "V.", "Dante"),
    ("Piazza", "P.za", "del Popolo"),
)
_NL_STREETS = (
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Schoolstraat",
    "Stationsweg",
    "Julianalaan",
)


def _streets() -> dict[str, tuple[tuple[str, str], ...]]:
    """Per country: (full street name, abbreviated street name) without house number."""
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    us = tuple((f"{n} {full}", f"{n} {ab}") for n in _US_STREETS for full, ab in _US_SUFFIXES)
    gb = tuple((f"{n} {full}", f"{n} {ab}") for n in _GB_STREETS for full, ab in _GB_SUFFIXES)
    de = tuple((f"{n.capitalize()}straße", f"{n.capitalize()}str.") for n in _DE_STREETS) + tuple(
        (f"{n}weg", f"{n}weg") for n in ("Linden", "Eichen", "Buchen", "Tannen")
    )
    out["US"] = us
    out["CA"] = us[::3]
    out["AU"] = us[1::3]
    out["GB"] = gb
    out["IE"] = gb[::2]
    out["DE"] = de
    out["FR"] = tuple((f"{t} {n}", f"{a} {n}") for t, a, n in _FR_STREETS)
    out["ES"] = tuple((f"{t} {n}", f"{a} {n}") for t, a, n in _ES_STREETS)
    out["IT"] = tuple((f"{t} {n}", f"{a} {n}") for t, a, n in _IT_STREETS)
    out["NL"] = tuple((s, s.replace("straat", "str.")) for s in _NL_STREETS)
    return out


STREETS = _streets()

US_AREA_CODES = (
    "212 646 718 917 213 310 415 628 619 312 773 713 512 214 602 215 412 206 503 303 617 404 "
    "305 407 615 614 313 612 314 704 919 801 702 973 860"
).split()
CA_AREA_CODES = "416 647 613 514 418 604 403 780 204 902".split()

# --------------------------------------------------------------------------- email
EMAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "aol.com",
    "comcast.net",
    "hotmail.co.uk",
    "yahoo.co.uk",
    "btinternet.com",
    "gmx.de",
    "web.de",
    "t-online.de",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "shaw.ca",
    "rogers.com",
    "proton.me",
    "live.com",
)
# weights per country code over EMAIL_DOMAINS (missing countries use "US")
_DOMAIN_WEIGHTS = {
    "US": (30, 14, 12, 10, 10, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3),
    "GB": (30, 4, 10, 6, 6, 0, 0, 12, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 2, 4),
    "DE": (25, 2, 6, 4, 4, 0, 0, 0, 0, 0, 22, 20, 10, 0, 0, 0, 0, 0, 3, 2),
    "FR": (30, 4, 6, 8, 4, 0, 0, 0, 0, 0, 0, 0, 0, 22, 12, 8, 0, 0, 2, 2),
    "CA": (30, 8, 10, 12, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 8, 2, 2),
}


def domain_weights(country: str) -> tuple[int, ...]:
    return _DOMAIN_WEIGHTS.get(country, _DOMAIN_WEIGHTS["US"])


WORK_DOMAINS: tuple[str, ...] = (
    "acme-corp.com",
    "globex.com",
    "initech.com",
    "umbrella-corp.com",
    "contoso.com",
    "fabrikam.com",
    "northwind.io",
    "tailspin.io",
    "hooli.com",
    "vandelay.com",
    "wayne-ent.com",
    "stark-industries.com",
    "cyberdyne.net",
    "soylent.co",
    "aperture-labs.org",
)

PLACEHOLDER_EMAILS = (
    "test@test.com",
    "n/a",
    "none",
    "noemail@example.com",
    "null",
    "N/A",
    "unknown@unknown.com",
    "-",
    "no@email.com",
)
INVALID_EMAILS = (
    "john@",
    "john.doe@gmail",
    "@gmail.com",
    "asdf",
    "jane.doe.gmail.com",
    "mary@@yahoo.com",
    "bob smith@gmail.com",
)
JUNK_PHONES = (
    "0000000000",
    "123",
    "n/a",
    "+1 (555) CALL-NOW",
    "1111111111",
    "9999999999",
    "none",
    "-",
    "12345",
    "+44 0000 000000",
    "TBD",
)
BAD_TIMESTAMPS = (
    "31/02/2020",
    "yesterday",
    "2026-13-45",
    "2026-02-30 25:61:00",
    "N/A",
    "0000-00-00 00:00:00",
    "12/31/2025 10:00 PM",
    "1700000000",
    "soon",
    "now",
)
BAD_DATES = (
    "31/02/2020",
    "2026-13-45",
    "yesterday",
    "00.00.0000",
    "1984-02-30",
    "07/21/1984",
    "unknown",
    "19840721x",
    "31.13.1990",
)
BAD_AMOUNTS = ("12,50 EUR", "abc", "twelve", "1.234,56", "--5", "12.3.4", "$$", "N/A")
UNKNOWN_CURRENCIES = ("XXX", "BTC", "EURO", "US$", "???", "ZZZ", "DOGE")
UNKNOWN_WEB_EVENTS = ("pageview2", "hover", "scroll", "rage_click", "test_event", "heartbeat")
UNKNOWN_EMAIL_EVENTS = ("opened!!", "hover", "forward", "spam?", "test", "print")
BAD_COUNTRIES = ("XX", "Atlantis", "Europe", "??", "N/A", "Earth", "ZZ")
BAD_BOOLEANS = ("maybe", "2", "deleted?", "unknown", "t/f")

# --------------------------------------------------------------------------- catalogue
CATEGORIES: tuple[str, ...] = (
    "Shoes",
    "Apparel",
    "Accessories",
    "Electronics",
    "Home & Kitchen",
    "Beauty",
    "Sports",
    "Toys",
    "Books",
    "Garden",
)
CATEGORY_NOUNS: dict[str, tuple[str, ...]] = {
    "Shoes": ("Sneaker", "Runner", "Boot", "Loafer", "Sandal", "Trail Shoe", "High-Top"),
    "Apparel": ("T-Shirt", "Hoodie", "Jacket", "Jeans", "Dress", "Sweater", "Chinos", "Parka"),
    "Accessories": ("Backpack", "Wallet", "Belt", "Cap", "Scarf", "Sunglasses", "Watch"),
    "Electronics": ("Headphones", "Earbuds", "Speaker", "Charger", "Smartwatch", "Power Bank"),
    "Home & Kitchen": ("Mug", "Kettle", "Pan", "Knife Set", "Blender", "Lamp", "Throw"),
    "Beauty": ("Serum", "Moisturizer", "Shampoo", "Lip Balm", "Perfume", "Face Mask"),
    "Sports": ("Yoga Mat", "Dumbbell", "Water Bottle", "Tennis Racket", "Bike Helmet"),
    "Toys": ("Puzzle", "Building Set", "Plush Bear", "Board Game", "RC Car"),
    "Books": ("Cookbook", "Novel", "Travel Guide", "Notebook", "Atlas"),
    "Garden": ("Planter", "Hose", "Pruner", "Seed Kit", "Lantern"),
}
CATEGORY_PRICE = {  # median list price in USD
    "Shoes": 90,
    "Apparel": 45,
    "Accessories": 35,
    "Electronics": 120,
    "Home & Kitchen": 40,
    "Beauty": 25,
    "Sports": 35,
    "Toys": 30,
    "Books": 18,
    "Garden": 28,
}
ADJECTIVES: tuple[str, ...] = tuple(
    "Classic Urban Everyday Pro Ultra Lite Eco Premium Vintage Nordic Cozy Bold Swift Alpine "
    "Coastal Studio Essential Signature Heritage Active".split()
)
BRANDS: tuple[str, ...] = (
    "Northpeak",
    "Lumo",
    "Verdant",
    "Kestrel",
    "Oakhaven",
    "Brightline",
    "Solace",
    "Tidewater",
    "Ferro",
    "Aurelia",
    "Zephyr",
    "Cobalt & Co",
    "Maison Clé",
    "Fjällro",
    "Hanami",
    "Brava",
    "Quill",
    "Rook",
    "Saltmarsh",
    "Élan",
)
COLOURS = ("Black", "White", "Navy", "Olive", "Red", "Grey", "Sand", "Blue")

SEARCH_TERMS: tuple[str, ...] = tuple(
    "running shoes|black hoodie|wireless earbuds|yoga mat|gift for dad|winter jacket|coffee mug|"
    "sale|boots|backpack|perfume|board game|cookbook|kettle|sneakers white|rain jacket|"
    "headphones noise cancelling|water bottle|planter|sunglasses".split("|")
)

# --------------------------------------------------------------------------- misc enums
DEVICE_TYPES = ("desktop", "mobile", "tablet")
TICKET_CHANNELS = ("email", "phone", "chat", "web_form")
TICKET_CATEGORIES = (
    "shipping",
    "returns",
    "billing",
    "account",
    "product_question",
    "order_change",
    "complaint",
)
INTERESTS = (
    "outdoors",
    "fitness",
    "fashion",
    "cooking",
    "travel",
    "technology",
    "gaming",
    "gardening",
    "reading",
    "music",
    "parenting",
    "pets",
    "beauty",
    "home decor",
)
INCOME_BANDS = (25000, 35000, 45000, 60000, 75000, 90000, 110000, 135000, 175000, 250000)
SURVEY_CHANNELS = ("email", "sms", "phone", "app", "post")
COLLECTION_POINTS = (
    "cookie_banner",
    "account_settings",
    "checkout",
    "newsletter_signup",
    "email_unsubscribe",
    "preference_center",
    "crm_import",
)
