"""Persons and their identity-bearing records: crm_contacts and shop_customers.

A *person* is the ground truth. Everything is generated column-wise with NumPy;
text is assembled with the helpers in ``journeymap.generator.text``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from journeymap.generator import text as T
from journeymap.generator import vocab as V

NF = len(V.FIRST_NAMES)
NL = len(V.LAST_NAMES)
NC = len(V.COUNTRIES)
C_IDX = {c: i for i, c in enumerate(V.COUNTRY_CODES)}
DAY = 86400

# ----------------------------------------------------------------- static lookup tables
_CITY_ROWS = [(c, city, state, pre) for c in V.COUNTRY_CODES for city, state, pre in V.CITIES[c]]
CITY_COUNTRY = np.array([C_IDX[r[0]] for r in _CITY_ROWS], dtype=np.int64)
CITY_NAME = [r[1] for r in _CITY_ROWS]
CITY_STATE = [r[2] for r in _CITY_ROWS]
CITY_PREFIX = [r[3] for r in _CITY_ROWS]
CITY_START = np.array([CITY_COUNTRY.tolist().index(i) for i in range(NC)], dtype=np.int64)
CITY_COUNT = np.bincount(CITY_COUNTRY, minlength=NC)
# city label variants: as written, upper, lower, accent-stripped
CITY_VARIANTS = [
    v for name in CITY_NAME for v in (name, name.upper(), name.lower(), V.ascii_fold(name))
]
STATE_VARIANTS = [
    v
    for st, c in zip(CITY_STATE, CITY_COUNTRY, strict=True)
    for v in (st, V.US_STATE_NAMES.get(st, st) if V.COUNTRY_CODES[c] == "US" else st)
]

_STREET_ROWS = [(c, full, ab) for c in V.COUNTRY_CODES for full, ab in V.STREETS[c]]
STREET_COUNTRY = np.array([C_IDX[r[0]] for r in _STREET_ROWS], dtype=np.int64)
STREET_VARIANTS = [v for _, full, ab in _STREET_ROWS for v in (full, ab)]
STREET_START = np.array([STREET_COUNTRY.tolist().index(i) for i in range(NC)], dtype=np.int64)
STREET_COUNT = np.bincount(STREET_COUNTRY, minlength=NC)
NUM_FIRST = np.array([c[5] for c in V.COUNTRIES], dtype=bool)
COUNTRY_WEIGHTS = np.array([c[3] for c in V.COUNTRIES])
# country label variants: code, code lower, English name, `name ` lower+space, NAME, alias
COUNTRY_LABELS = [
    v
    for code, name, alias, *_ in V.COUNTRIES
    for v in (code, code.lower(), name, name.lower() + " ", name.upper(), (alias or (name,))[0])
]
COUNTRY_LABEL_P = np.array([0.52, 0.04, 0.24, 0.07, 0.05, 0.08])

# phone: national significant number length, unique-number modulus, leading block
PHONE_LEN = {
    "US": 10,
    "CA": 10,
    "GB": 10,
    "DE": 11,
    "FR": 9,
    "ES": 9,
    "IT": 10,
    "NL": 9,
    "IE": 9,
    "AU": 9,
}
PHONE_TEMPLATES: dict[str, tuple[tuple[str, int], ...]] = {
    "US": (
        ("+1 {0:3} {3:6} {6:10}", 20),
        ("({0:3}) {3:6}-{6:10}", 20),
        ("{0:10}", 15),
        ("001-{0:3}-{3:6}-{6:10}", 5),
        ("{0:3}-{3:6}-{6:10}", 15),
        ("+1{0:10}", 10),
        ("{0:3}.{3:6}.{6:10}", 5),
        ("1-{0:3}-{3:6}-{6:10}", 5),
        ("+1 ({0:3}) {3:6}-{6:10}", 5),
    ),
    "GB": (
        ("0{0:4} {4:10}", 35),
        ("+44 {0:4} {4:10}", 25),
        ("+44{0:10}", 10),
        ("0044 {0:4} {4:10}", 5),
        ("0{0:10}", 15),
        ("+44 (0){0:4} {4:10}", 5),
        ("0{0:4}-{4:10}", 5),
    ),
    "DE": (
        ("0{0:3} {3:11}", 35),
        ("+49 {0:3} {3:11}", 25),
        ("0049{0:11}", 5),
        ("+49{0:11}", 10),
        ("0{0:3}/{3:11}", 15),
        ("+49 (0){0:3} {3:11}", 5),
        ("0{0:3}-{3:11}", 5),
    ),
    "FR": (
        ("0{0:1} {1:3} {3:5} {5:7} {7:9}", 40),
        ("+33 {0:1} {1:3} {3:5} {5:7} {7:9}", 25),
        ("0{0:9}", 15),
        ("+33{0:9}", 10),
        ("0{0:1}.{1:3}.{3:5}.{5:7}.{7:9}", 5),
        ("0033 {0:1} {1:3} {3:5} {5:7} {7:9}", 5),
    ),
    "other": (("+{cc} {0:3} {3:}", 40), ("+{cc}{0:}", 25), ("00{cc} {0:}", 15), ("+{cc} {0:}", 20)),
}
PHONE_TEMPLATES["CA"] = PHONE_TEMPLATES["US"]


def _parse_template(tpl: str, cc: str, length: int) -> list[bytes | tuple[int, int]]:
    """'+1 {0:3}' -> [b'+1 ', (0, 3)] (slices of the national number's digits)."""
    tpl = tpl.replace("{cc}", cc)
    out: list[bytes | tuple[int, int]] = []
    while tpl:
        i = tpl.find("{")
        if i < 0:
            out.append(tpl.encode())
            break
        if i:
            out.append(tpl[:i].encode())
        j = tpl.index("}", i)
        a, b = tpl[i + 1 : j].split(":")
        out.append((int(a), int(b) if b else length))
        tpl = tpl[j + 1 :]
    return out


# ----------------------------------------------------------------- name variants
def _typos(name: str, rng: np.random.Generator) -> tuple[str, str, str]:
    """(adjacent letters swapped, one letter dropped, one letter doubled)."""
    n = len(name)
    if n < 3:
        return name[::-1], name + name[-1], name[0] + name
    i = int(rng.integers(1, n - 1))
    swapped = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if swapped == name:
        swapped = name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]
    j = int(rng.integers(1, n))
    dropped = name[:j] + name[j + 1 :]
    k = int(rng.integers(1, n))
    doubled = name[:k] + name[k] + name[k:]
    return swapped, dropped, doubled


FIRST_V = 9  # canon, UPPER, lower, swap, drop, double, nick1, nick2, ascii
LAST_V = 7  # canon, UPPER, lower, swap, drop, double, ascii


def name_variant_tables(rng: np.random.Generator) -> tuple[pa.Array, pa.Array]:
    first: list[str] = []
    for name in V.FIRST_NAMES:
        nicks = V.NICKNAMES.get(name, ())
        n1 = nicks[0] if nicks else name
        n2 = nicks[1] if len(nicks) > 1 else n1
        first += [name, name.upper(), name.lower(), *_typos(name, rng), n1, n2, V.ascii_fold(name)]
    last: list[str] = []
    for name in V.LAST_NAMES:
        last += [name, name.upper(), name.lower(), *_typos(name, rng), V.ascii_fold(name)]
    return T.arr(first), T.arr(last)


P_FIRST_PRIMARY = np.array([0.86, 0.03, 0.03, 0.007, 0.007, 0.006, 0.02, 0.01, 0.03])
P_FIRST_OTHER = np.array([0.68, 0.04, 0.04, 0.02, 0.02, 0.02, 0.08, 0.04, 0.08])
P_LAST_PRIMARY = np.array([0.89, 0.03, 0.03, 0.007, 0.007, 0.006, 0.03])
P_LAST_OTHER = np.array([0.76, 0.04, 0.04, 0.025, 0.025, 0.02, 0.08])


# ----------------------------------------------------------------- persons
@dataclass
class Persons:
    n: int
    person_id: pa.Array
    first: np.ndarray
    last: np.ndarray
    dob: np.ndarray  # days since epoch
    country: np.ndarray  # index into V.COUNTRIES
    city: np.ndarray  # global city index
    street: np.ndarray  # global street index
    house_no: np.ndarray
    unit: np.ndarray  # -1 = none
    postal: pa.Array
    old_city: np.ndarray
    old_street: np.ndarray
    old_house_no: np.ndarray
    old_postal: pa.Array
    email: pa.Array  # canonical lower-case primary email
    alt_email: pa.Array  # second address (used by some records only)
    has_alt: np.ndarray
    phone_nsn: np.ndarray  # primary phone (household landline for household members)
    phone2_nsn: np.ndarray  # own second phone
    household: np.ndarray  # -1 = none
    household_head: np.ndarray  # person index of the head (self if none)
    namesake_of: np.ndarray  # -1 = none
    first_tables: pa.Array
    last_tables: pa.Array


def _pick_in_country(
    rng: np.random.Generator, country: np.ndarray, start: np.ndarray, count: np.ndarray
) -> np.ndarray:
    return start[country] + (rng.random(country.size) * count[country]).astype(np.int64)


_GB_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _postal_codes(rng: np.random.Generator, city: np.ndarray) -> pa.Array:
    """Canonical postal code per address, formatted per country."""
    n = city.size
    country = CITY_COUNTRY[city]
    prefix = T.take(CITY_PREFIX, city)
    d2 = np.empty((n, 2), dtype=np.uint8)
    T.put_digits(d2, 0, rng.integers(0, 100, n), 2)
    two = T.from_matrix(d2)
    digit = T.int_str(rng.integers(0, 10, n))
    letters = T.take(list(_GB_LETTERS), rng.integers(0, len(_GB_LETTERS), (n,)))
    letters2 = T.take(list(_GB_LETTERS), rng.integers(0, len(_GB_LETTERS), (n,)))
    code = np.array(V.COUNTRY_CODES)[country]
    out = T.cat(prefix, two)  # US DE FR ES IT AU (+ NL below)
    gb = T.cat(prefix, " ", digit, letters, letters2)
    ca = T.cat(prefix, " ", digit, letters, T.int_str(rng.integers(0, 10, n)))
    nl = T.cat(prefix, two, " ", letters, letters2)
    ie = T.cat(prefix, digit, " ", letters, T.int_str(rng.integers(100, 1000, n)))
    out = T.where(code == "GB", gb, out)
    out = T.where(code == "CA", ca, out)
    out = T.where(code == "NL", nl, out)
    return T.where(code == "IE", ie, out)


def _unique_numbers(k: np.ndarray, modulus: int) -> np.ndarray:
    """Distinct k < modulus -> distinct pseudo-random numbers in [0, modulus)."""
    return (k.astype(np.int64) * 2_654_435_761 + 12_345) % modulus


def _phone_nsn(rng: np.random.Generator, country: np.ndarray, k: np.ndarray) -> np.ndarray:
    """National significant number per person; distinct k -> distinct numbers."""
    n = country.size
    code = np.array(V.COUNTRY_CODES)[country]
    us_area = np.array(V.US_AREA_CODES, dtype=np.int64)[rng.integers(0, len(V.US_AREA_CODES), n)]
    ca_area = np.array(V.CA_AREA_CODES, dtype=np.int64)[rng.integers(0, len(V.CA_AREA_CODES), n)]
    nanp = 2_000_000 + _unique_numbers(k, 8_000_000)
    de_pre = np.array([151, 152, 157, 160, 170, 171, 176], dtype=np.int64)[rng.integers(0, 7, n)]
    u8 = _unique_numbers(k, 100_000_000)
    fr_pre = rng.integers(6, 8, n)
    it_pre = rng.integers(320, 350, n)
    return np.select(
        [
            code == "US",
            code == "CA",
            code == "GB",
            code == "DE",
            code == "FR",
            code == "IT",
            code == "IE",
            code == "AU",
        ],
        [
            us_area * 10_000_000 + nanp,
            ca_area * 10_000_000 + nanp,
            7_000_000_000 + _unique_numbers(k, 1_000_000_000),
            de_pre * 100_000_000 + u8,
            fr_pre * 100_000_000 + u8,
            it_pre * 10_000_000 + _unique_numbers(k, 10_000_000),
            800_000_000 + u8,
            400_000_000 + u8,
        ],
        600_000_000 + u8,
    )


def fmt_phone(rng: np.random.Generator, country: np.ndarray, nsn: np.ndarray) -> pa.Array:
    """Phones as typed: a random per-row format of the country's usual ways of writing it."""
    n = country.size
    out = np.zeros((n, 32), dtype=np.uint8)
    lengths = np.zeros(n, dtype=np.int64)
    for ci, (cc, _name, _alias, _w, dial, *_rest) in enumerate(V.COUNTRIES):
        rows = np.flatnonzero(country == ci)
        if rows.size == 0:
            continue
        length = PHONE_LEN[cc]
        digits = np.empty((rows.size, length), dtype=np.uint8)
        T.put_digits(digits, 0, nsn[rows], length)
        templates = PHONE_TEMPLATES.get(cc, PHONE_TEMPLATES["other"])
        w = np.array([t[1] for t in templates], dtype=np.float64)
        pick = rng.choice(len(templates), size=rows.size, p=w / w.sum())
        for ti, (tpl, _) in enumerate(templates):
            sel = pick == ti
            if not sel.any():
                continue
            parts = []
            m = int(sel.sum())
            for seg in _parse_template(tpl, dial, length):
                if isinstance(seg, bytes):
                    parts.append(np.broadcast_to(np.frombuffer(seg, dtype=np.uint8), (m, len(seg))))
                else:
                    parts.append(digits[sel, seg[0] : seg[1]])
            built = np.concatenate(parts, axis=1)
            r = rows[sel]
            out[r, : built.shape[1]] = built
            lengths[r] = built.shape[1]
    return T.from_matrix(out, lengths)


def _emails(
    rng: np.random.Generator,
    n: int,
    first: np.ndarray,
    last: np.ndarray,
    dob: np.ndarray,
    country: np.ndarray,
) -> tuple[pa.Array, pa.Array]:
    """(primary, alternative) canonical e-mail addresses, unique across everyone."""
    ftok = [V.email_token(x) or "x" for x in V.FIRST_NAMES]
    ltok = [V.email_token(x) or "x" for x in V.LAST_NAMES]
    f = T.take(ftok, first)
    last_tok = T.take(ltok, last)
    fi = T.take([t[0] for t in ftok], first)
    li = T.take([t[0] for t in ltok], last)
    yy = np.empty((n, 2), dtype=np.uint8)
    T.put_digits(yy, 0, T.civil(dob)[0] % 100, 2)
    yy_s = T.from_matrix(yy)
    num = T.int_str(rng.integers(1, 10000, n))

    def local(pattern: np.ndarray) -> pa.Array:
        options = [
            T.cat(f, ".", last_tok),
            T.cat(f, last_tok),
            T.cat(f, "_", last_tok),
            T.cat(fi, ".", last_tok),
            T.cat(fi, last_tok),
            T.cat(f, ".", last_tok, yy_s),
            T.cat(f, num),
            T.cat(last_tok, ".", f),
            T.cat(f, ".", li),
            T.cat(f, "-", last_tok),
        ]
        return pc.choose(pa.array(pattern), *options)

    p_primary = [24, 14, 6, 10, 8, 10, 10, 6, 6, 6]
    code = np.array(V.COUNTRY_CODES)[country]
    dom_idx = np.zeros(n, dtype=np.int64)
    for cc in V.COUNTRY_CODES:
        rows = np.flatnonzero(code == cc)
        if rows.size:
            dom_idx[rows] = T.weighted(rng, V.domain_weights(cc), rows.size)
    primary = T.cat(local(T.weighted(rng, p_primary, n)), "@", T.take(V.EMAIL_DOMAINS, dom_idx))
    work = rng.random(n) < 0.5
    alt_dom = T.where(
        work,
        T.take(V.WORK_DOMAINS, rng.integers(0, len(V.WORK_DOMAINS), n)),
        T.take(
            V.EMAIL_DOMAINS,
            (dom_idx + rng.integers(1, len(V.EMAIL_DOMAINS), n)) % len(V.EMAIL_DOMAINS),
        ),
    )
    alt_pattern = np.where(
        work,
        T.weighted(rng, [5, 0, 0, 5, 2, 0, 0, 0, 1, 0], n),
        T.weighted(rng, [1, 3, 2, 1, 1, 4, 6, 1, 1, 1], n),
    )
    alt = T.cat(local(alt_pattern), "@", alt_dom)
    # make every address unique: append `.<n>` (no pattern ends in `.digits`)
    both = pa.concat_arrays([primary, alt])
    dup = both.to_pandas().duplicated(keep="first").to_numpy()
    if dup.any():
        parts = pc.split_pattern(both, "@", max_splits=1)
        loc = pc.list_element(parts, 0)
        dom = pc.list_element(parts, 1)
        fixed = T.cat(loc, ".", T.int_str(np.arange(2 * n)), "@", dom)
        both = T.where(dup, fixed, both)
    return both.slice(0, n), both.slice(n, n)


def make_persons(rng: np.random.Generator, n: int, start_day: int) -> tuple[Persons, dict]:
    first_tables, last_tables = name_variant_tables(rng)
    # Zipf-like popularity so that common names collide, as in real life
    fw = 1.0 / (np.arange(NF) + 8.0)
    lw = 1.0 / (np.arange(NL) + 8.0)
    first = rng.choice(NF, size=n, p=fw / fw.sum())
    last = rng.choice(NL, size=n, p=lw / lw.sum())
    # ages 18-80 at the start date
    dob = start_day - rng.integers(18 * 365, 80 * 365, n)
    country = rng.choice(NC, size=n, p=COUNTRY_WEIGHTS / COUNTRY_WEIGHTS.sum())
    city = _pick_in_country(rng, country, CITY_START, CITY_COUNT)
    street = _pick_in_country(rng, country, STREET_START, STREET_COUNT)
    house_no = np.where(NUM_FIRST[country], rng.integers(1, 9999, n), rng.integers(1, 180, n))
    house_no = np.where(rng.random(n) < 0.7, house_no % 400 + 1, house_no)
    us_like = np.isin(country, [C_IDX["US"], C_IDX["CA"], C_IDX["AU"]])
    unit = np.where(us_like & (rng.random(n) < 0.18), rng.integers(1, 40, n), -1)

    # households: 2-4 persons sharing last name, address and phone
    household = np.full(n, -1, dtype=np.int64)
    head = np.arange(n)
    perm = rng.permutation(n)
    target = int(0.10 * n)
    sizes = rng.choice([2, 3, 4], size=max(target // 2, 1), p=[0.55, 0.3, 0.15])
    sizes = sizes[np.cumsum(sizes) <= target]
    n_members = int(sizes.sum())
    members = perm[:n_members]
    hh_of_member = np.repeat(np.arange(sizes.size), sizes)
    first_pos = T.starts_of(sizes)
    rank = np.arange(n_members) - np.repeat(first_pos, sizes)
    heads = members[np.repeat(first_pos, sizes)]
    household[members] = hh_of_member
    head[members] = heads
    last[members] = last[heads]
    country[members] = country[heads]
    city[members] = city[heads]
    street[members] = street[heads]
    house_no[members] = house_no[heads]
    unit[members] = unit[heads]
    step = rng.integers(1, NF, sizes.size)[hh_of_member]
    first[members] = (first[heads] + rank * step) % NF
    # distinct DOBs inside a household (spread members by at least a year)
    dob[members] = np.where(
        rank > 0, dob[heads] - rank * rng.integers(400, 4000, n_members), dob[members]
    )
    dob[members] = np.maximum(dob[members], start_day - 95 * 365)

    # namesakes: unrelated persons with the same first and last name
    free = perm[n_members:]
    n_ns = int(0.02 * n)
    namesake_of = np.full(n, -1, dtype=np.int64)
    if free.size > 2 and n_ns:
        copier = free[:n_ns]
        source = free[n_ns:][rng.integers(0, free.size - n_ns, n_ns)]
        first[copier] = first[source]
        last[copier] = last[source]
        same = dob[copier] == dob[source]
        dob[copier] = np.where(same, dob[copier] - 777, dob[copier])
        namesake_of[copier] = source

    # previous address (for records written before a move), same country
    old_city = _pick_in_country(rng, country, CITY_START, CITY_COUNT)
    old_street = _pick_in_country(rng, country, STREET_START, STREET_COUNT)
    old_house_no = rng.integers(1, 300, n)
    # a household shares its address (and moved together)
    old_city, old_street, old_house_no = old_city[head], old_street[head], old_house_no[head]
    postal = _postal_codes(rng, city).take(pa.array(head))
    old_postal = _postal_codes(rng, old_city).take(pa.array(head))

    email, alt_email = _emails(rng, n, first, last, dob, country)
    has_alt = rng.random(n) < 0.35
    own_phone = _phone_nsn(rng, country, np.arange(n))
    phone2 = _phone_nsn(rng, country, np.arange(n) + n)
    phone = own_phone.copy()
    phone[members] = own_phone[heads]

    persons = Persons(
        n=n,
        person_id=T.zpad("P", np.arange(1, n + 1), 7),
        first=first,
        last=last,
        dob=dob,
        country=country,
        city=city,
        street=street,
        house_no=house_no,
        unit=unit,
        postal=postal,
        old_city=old_city,
        old_street=old_street,
        old_house_no=old_house_no,
        old_postal=old_postal,
        email=email,
        alt_email=alt_email,
        has_alt=has_alt,
        phone_nsn=phone,
        phone2_nsn=phone2,
        household=household,
        household_head=head,
        namesake_of=namesake_of,
        first_tables=first_tables,
        last_tables=last_tables,
    )
    stats = {
        "households": int(sizes.size),
        "household_persons": n_members,
        "namesake_persons": int((namesake_of >= 0).sum()),
    }
    return persons, stats


# ----------------------------------------------------------------- record formatting helpers
def fmt_first(rng: np.random.Generator, p: Persons, idx: np.ndarray, probs: np.ndarray) -> pa.Array:
    v = rng.choice(FIRST_V, size=idx.size, p=probs / probs.sum())
    return p.first_tables.take(pa.array(p.first[idx] * FIRST_V + v))


def fmt_last(rng: np.random.Generator, p: Persons, idx: np.ndarray, probs: np.ndarray) -> pa.Array:
    v = rng.choice(LAST_V, size=idx.size, p=probs / probs.sum())
    return p.last_tables.take(pa.array(p.last[idx] * LAST_V + v))


def fmt_country(
    rng: np.random.Generator, country: np.ndarray, probs: np.ndarray = COUNTRY_LABEL_P
) -> pa.Array:
    v = rng.choice(6, size=country.size, p=probs / probs.sum())
    return T.take(COUNTRY_LABELS, country * 6 + v)


def noisy_email(
    rng: np.random.Generator, email: pa.Array, p_case: float = 0.12, p_space: float = 0.05
) -> pa.Array:
    """`  John.Doe@Gmail.Com ` style noise on canonical addresses."""
    out = T.case_noise(rng, email, p_upper=p_case * 0.2, p_lower=0.0, p_title=p_case * 0.8)
    lead, trail = T.spaces(rng, len(email), p_space)
    return T.cat(lead, out, trail)


def _address_fields(
    rng: np.random.Generator, p: Persons, idx: np.ndarray, moved: np.ndarray
) -> dict[str, pa.Array]:
    n = idx.size
    city = np.where(moved, p.old_city[idx], p.city[idx])
    street = np.where(moved, p.old_street[idx], p.street[idx])
    house = np.where(moved, p.old_house_no[idx], p.house_no[idx])
    unit = np.where(moved, -1, p.unit[idx])
    country = p.country[idx]
    abbr = rng.random(n) < 0.5
    street_s = T.take(STREET_VARIANTS, street * 2 + abbr)
    num = T.int_str(house)
    line = T.where(NUM_FIRST[country], T.cat(num, " ", street_s), T.cat(street_s, " ", num))
    unit_fmt = T.take((" Apt {u}", " Apt. {u}", " #{u}", ", Unit {u}"), rng.integers(0, 4, n))
    letter = T.take(("", "B", "A", "C"), rng.integers(0, 4, n))
    unit_s = T.cat(T.int_str(np.maximum(unit, 0)), letter)
    unit_txt = pc.replace_substring(unit_fmt, "{u}", "")
    line = T.where(unit >= 0, T.cat(line, unit_txt, unit_s), line)
    line = T.case_noise(rng, line, 0.03, 0.01)
    cv = T.weighted(rng, [0.9, 0.03, 0.02, 0.05], n)
    city_s = T.take(CITY_VARIANTS, city * 4 + cv)
    postal = T.where(moved, p.old_postal.take(pa.array(idx)), p.postal.take(pa.array(idx)))
    u = rng.random(n)
    postal = T.where(u < 0.03, pc.utf8_lower(postal), postal)
    postal = T.where((u >= 0.03) & (u < 0.07), pc.replace_substring(postal, " ", ""), postal)
    strip0 = (u >= 0.07) & (u < 0.3) & pc.starts_with(postal, "0").to_numpy(zero_copy_only=False)
    postal = T.where(strip0, pc.utf8_ltrim(postal, characters="0"), postal)
    us = country == C_IDX["US"]
    plus4 = us & (rng.random(n) < 0.04)
    four = np.empty((n, 4), dtype=np.uint8)
    T.put_digits(four, 0, rng.integers(0, 10000, n), 4)
    postal = T.where(plus4, T.cat(postal, "-", T.from_matrix(four)), postal)
    state = T.take(STATE_VARIANTS, city * 2 + (us & (rng.random(n) < 0.12)))
    return {"street_address": line, "city": city_s, "postal_code": postal, "state": state}


def _blank(
    rng: np.random.Generator, values: pa.Array, p_null: float, p_empty: float = 0.0
) -> pa.Array:
    u = rng.random(len(values))
    out = T.null_where(values, u < p_null)
    if p_empty:
        out = T.where((u >= p_null) & (u < p_null + p_empty), "", out)
    return out


def _record_times(
    rng: np.random.Generator, n: int, lo: int, hi: int
) -> tuple[np.ndarray, np.ndarray]:
    created = rng.integers(lo, hi, n)
    gap = (rng.exponential(60 * DAY, n)).astype(np.int64)
    room = hi - created
    updated = created + np.where(gap < room, gap, (rng.random(n) * room).astype(np.int64))
    updated = np.where(rng.random(n) < 0.25, created, updated)
    return created, updated


# ----------------------------------------------------------------- crm_contacts
def make_crm(
    rng: np.random.Generator, p: Persons, start_s: int, end_s: int, no_contact: bool
) -> tuple[pa.Table, np.ndarray, dict]:
    """CRM records (1-3 per person, two systems). Returns table, person index per row, stats."""
    n_rec = rng.choice([1, 2, 3], size=p.n, p=[0.5, 0.33, 0.17])
    person = np.repeat(np.arange(p.n), n_rec)
    first_row = T.starts_of(n_rec)
    k = np.arange(person.size) - np.repeat(first_row, n_rec)
    # one record of ~25% multi-record persons shares no e-mail and no phone with the others
    multi = n_rec >= 2
    disjoint_person = multi & (rng.random(p.n) < 0.25)
    disjoint_k = (rng.random(p.n) * n_rec).astype(np.int64)
    disjoint_k = np.where(disjoint_k == 0, n_rec - 1, disjoint_k)
    disjoint = disjoint_person[person] & (k == disjoint_k[person])
    # rows in random order, so that a person's records are not adjacent
    order = rng.permutation(person.size)
    person, k, disjoint = person[order], k[order], disjoint[order]
    r = person.size
    primary = k == 0

    system_sf = rng.random(r) < 0.55
    sf_rows = np.flatnonzero(system_sf)
    hs_rows = np.flatnonzero(~system_sf)
    sf_ids = T.base62("0035g", (np.arange(sf_rows.size) * 1_000_000_007 + 7_777) % 62**10, 10)
    hs_num = 1000 + np.cumsum(rng.integers(1, 40, hs_rows.size))
    contact_id = T.scatter(r, [(sf_rows, sf_ids), (hs_rows, T.int_str(hs_num))])
    source_system = T.where(system_sf, "salesforce", "hubspot")

    first = T.where(
        primary,
        fmt_first(rng, p, person, P_FIRST_PRIMARY),
        fmt_first(rng, p, person, P_FIRST_OTHER),
    )
    last = T.where(
        primary, fmt_last(rng, p, person, P_LAST_PRIMARY), fmt_last(rng, p, person, P_LAST_OTHER)
    )
    swapped = rng.random(r) < 0.02
    first, last = T.where(swapped, last, first), T.where(swapped, first, last)
    first = _blank(rng, first, 0.02, 0.005)
    last = _blank(rng, last, 0.01)

    dob_style = T.weighted(rng, [0.6, 0.2, 0.2], r)
    dob = T.fmt_date(p.dob[person], dob_style)
    dob = T.null_where(dob, rng.random(r) < np.where(disjoint, 0.05, np.where(primary, 0.15, 0.25)))

    moved = (~primary) & (rng.random(r) < 0.15)
    addr = _address_fields(rng, p, person, moved)
    keep_addr = disjoint | (rng.random(r) >= 0.08)
    addr["street_address"] = T.null_where(addr["street_address"], ~keep_addr)
    addr["city"] = _blank(rng, addr["city"], 0.04)
    addr["postal_code"] = _blank(rng, addr["postal_code"], 0.07, 0.01)
    addr["state"] = _blank(rng, addr["state"], 0.10)
    country = _blank(rng, fmt_country(rng, p.country[person]), 0.05)

    if no_contact:
        email = pa.nulls(r, T.S)
        phone = pa.nulls(r, T.S)
    else:
        base_email = p.email.take(pa.array(person))
        alt_email = p.alt_email.take(pa.array(person))
        use_alt = disjoint & p.has_alt[person]
        email = T.where(use_alt, alt_email, base_email)
        email = noisy_email(rng, email)
        email = T.null_where(email, (disjoint & ~use_alt) | (~disjoint & (rng.random(r) < 0.12)))
        use_phone2 = disjoint & (rng.random(r) < 0.5)
        nsn = np.where(use_phone2, p.phone2_nsn[person], p.phone_nsn[person])
        phone = fmt_phone(rng, p.country[person], nsn)
        phone = T.null_where(phone, (disjoint & ~use_phone2) | (~disjoint & (rng.random(r) < 0.3)))

    created, updated = _record_times(rng, r, start_s - 3 * 365 * DAY, end_s - DAY)
    deleted = rng.random(r) < 0.03
    false_labels = ("false", "0", "no", "False", "FALSE", "N")
    true_labels = ("true", "1", "yes", "True", "TRUE", "Y")
    label = T.weighted(rng, [40, 20, 10, 15, 10, 5], r)
    is_deleted = T.where(deleted, T.take(true_labels, label), T.take(false_labels, label))
    is_deleted = T.null_where(is_deleted, rng.random(r) < 0.1)

    table = pa.table(
        {
            "contact_id": contact_id,
            "source_system": source_system,
            "email": email,
            "phone": phone,
            "first_name": first,
            "last_name": last,
            "date_of_birth": dob,
            "street_address": addr["street_address"],
            "city": addr["city"],
            "postal_code": addr["postal_code"],
            "state": addr["state"],
            "country": country,
            "created_at": T.mixed_ts(rng, created),
            "updated_at": T.mixed_ts(rng, updated),
            "is_deleted": is_deleted,
        }
    )
    stats = {
        "crm_records_sharing_no_email_or_phone": int(disjoint.sum()),
        "crm_records_moved_address": int(moved.sum()),
        "crm_records_first_last_swapped": int(swapped.sum()),
    }
    return table, person, stats, primary


# ----------------------------------------------------------------- shop_customers
@dataclass
class Accounts:
    person: np.ndarray  # person index per account
    account_id: pa.Array
    is_second: np.ndarray  # a person's second account
    primary_of_person: np.ndarray  # account index of each person's main account, -1 = none
    second_of_person: np.ndarray  # -1 = none
    created: np.ndarray  # epoch seconds


def make_accounts(
    rng: np.random.Generator, p: Persons, force: np.ndarray, start_s: int
) -> Accounts:
    """~60% of persons hold a shop account; ~3% of holders a second one."""
    has = (rng.random(p.n) < 0.6) | force
    holders = np.flatnonzero(has)
    second = holders[rng.random(holders.size) < 0.03]
    person = np.concatenate([holders, second])
    n_acc = person.size
    account_id = T.zpad("A", rng.permutation(n_acc) + 1, 6)
    primary_of = np.full(p.n, -1, dtype=np.int64)
    primary_of[holders] = np.arange(holders.size)
    second_of = np.full(p.n, -1, dtype=np.int64)
    second_of[second] = holders.size + np.arange(second.size)
    created = rng.integers(start_s - 2 * 365 * DAY, start_s - DAY, n_acc)
    return Accounts(
        person=person,
        account_id=account_id,
        is_second=np.arange(n_acc) >= holders.size,
        primary_of_person=primary_of,
        second_of_person=second_of,
        created=created,
    )


def make_shop_customers(
    rng: np.random.Generator, p: Persons, acc: Accounts, start_s: int
) -> tuple[pa.Table, np.ndarray]:
    """One row per account, random order. Returns the table and the person of each row."""
    person = acc.person
    n = person.size
    base = p.email.take(pa.array(person))
    alt = p.alt_email.take(pa.array(person))
    use_alt = acc.is_second | (p.has_alt[person] & (rng.random(n) < 0.15))
    email = noisy_email(rng, T.where(use_alt, alt, base), p_case=0.08, p_space=0.04)
    email = T.null_where(email, rng.random(n) < 0.02)
    phone = fmt_phone(rng, p.country[person], p.phone_nsn[person])
    phone = T.null_where(phone, rng.random(n) < 0.55)
    first = fmt_first(rng, p, person, P_FIRST_PRIMARY)
    last = fmt_last(rng, p, person, P_LAST_PRIMARY)
    gap = rng.exponential(90 * DAY, n).astype(np.int64)
    room = start_s - acc.created
    gap = np.where(gap < room, gap, (rng.random(n) * room).astype(np.int64))
    updated = np.where(rng.random(n) < 0.3, acc.created, acc.created + gap)
    table = pa.table(
        {
            "account_id": acc.account_id,
            "email": email,
            "phone": phone,
            "first_name": _blank(rng, first, 0.03),
            "last_name": _blank(rng, last, 0.03),
            "country": _blank(rng, fmt_country(rng, p.country[person]), 0.03),
            "created_at": T.mixed_ts(rng, acc.created),
            "updated_at": T.mixed_ts(rng, updated),
        }
    )
    order = rng.permutation(n)
    return table.take(pa.array(order)), person[order]


# ----------------------------------------------------------------- duplicate corruption profiles
# Noise on a person's second and third CRM records (on top of the typos, case,
# nickname, swap, move and blank noise every profile has), so the generator
# does not encode one matcher's assumptions. Shares per duplicate record.
CORRUPTION_PROFILES = ("light", "realistic", "heavy")
CORRUPTION = {
    "light": {},
    "realistic": {
        "first_name_replaced": 0.03,  # a middle name, another name
        "last_name_replaced": 0.03,  # marriage
        "date_of_birth_replaced": 0.02,
        "date_of_birth_two_edits": 0.01,
        "house_number_edited": 0.02,
        "flat_added": 0.04,
        "postal_code_edited": 0.03,  # two digits swapped, or one replaced
        "ocr_substitution": 0.02,
        "names_swapped": 0.01,
        "field_emptied": 0.03,
    },
    "heavy": {
        "first_name_replaced": 0.08,
        "last_name_replaced": 0.06,
        "date_of_birth_replaced": 0.05,
        "date_of_birth_two_edits": 0.03,
        "house_number_edited": 0.05,
        "flat_added": 0.10,
        "postal_code_edited": 0.06,
        "ocr_substitution": 0.05,
        "names_swapped": 0.03,
        "field_emptied": 0.08,
    },
}
_OCR = (
    ("o", "0"),
    ("l", "1"),
    ("i", "1"),
    ("e", "c"),
    ("rn", "m"),
    ("m", "rn"),
    ("s", "5"),
    ("b", "6"),
    ("g", "9"),
    ("a", "o"),
)


def _edit_digits(rng: np.random.Generator, text: str, edits: int) -> str:
    chars = list(text)
    digits = [i for i, c in enumerate(chars) if c.isdigit()]
    for i in rng.choice(digits, size=min(edits, len(digits)), replace=False) if digits else []:
        chars[i] = str((int(chars[i]) + int(rng.integers(1, 10))) % 10)
    return "".join(chars)


def _swap_or_replace_digit(rng: np.random.Generator, text: str) -> str:
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if len(digits) >= 2 and rng.random() < 0.5:
        j = int(rng.integers(0, len(digits) - 1))
        a, b = digits[j], digits[j + 1]
        chars = list(text)
        chars[a], chars[b] = chars[b], chars[a]
        return "".join(chars)
    return _edit_digits(rng, text, 1)


def _edit_house_number(rng: np.random.Generator, line: str) -> str:
    start = next((i for i, c in enumerate(line) if c.isdigit()), None)
    if start is None:
        return line
    end = start
    while end < len(line) and line[end].isdigit():
        end += 1
    number = int(line[start:end])
    if rng.random() < 0.6:
        new = number + int(rng.choice([-2, -1, 1, 2, 10]))
    else:
        new = int(rng.integers(1, 300))
    return line[:start] + str(max(new, 1)) + line[end:]


def _ocr(rng: np.random.Generator, name: str) -> str:
    lowered = name.lower()
    options = [(a, b) for a, b in _OCR if a in lowered]
    if not options:
        return name
    a, b = options[int(rng.integers(0, len(options)))]
    at = lowered.find(a)
    return name[:at] + b + name[at + len(a) :]


def corrupt_duplicates(
    rng: np.random.Generator, table: pa.Table, primary: np.ndarray, level: str
) -> tuple[pa.Table, dict]:
    """Apply corruption profile `level` to the non-primary CRM records of `table`."""
    shares = CORRUPTION[level]
    stats = {f"crm_duplicates_{name}": 0 for name in shares}
    if not shares:
        return table, stats
    n = table.num_rows
    cols = {
        name: table.column(name).to_pylist()
        for name in (
            "first_name",
            "last_name",
            "date_of_birth",
            "street_address",
            "postal_code",
            "city",
        )
    }
    duplicate = ~primary
    donors = rng.integers(0, n, size=n)  # another record's value, for replacements

    def pick(share: float) -> np.ndarray:
        return np.flatnonzero(duplicate & (rng.random(n) < share))

    for column, name in (
        ("first_name", "first_name_replaced"),
        ("last_name", "last_name_replaced"),
        ("date_of_birth", "date_of_birth_replaced"),
    ):
        rows = pick(shares[name])
        for i in rows:
            donor = cols[column][donors[i]]
            if donor is not None and donor != cols[column][i]:
                cols[column][i] = donor
                stats[f"crm_duplicates_{name}"] += 1
    for name, column, edit in (
        ("date_of_birth_two_edits", "date_of_birth", lambda v: _edit_digits(rng, v, 2)),
        ("house_number_edited", "street_address", lambda v: _edit_house_number(rng, v)),
        ("flat_added", "street_address", lambda v: f"{v}, Flat {int(rng.integers(1, 40))}"),
        ("postal_code_edited", "postal_code", lambda v: _swap_or_replace_digit(rng, v)),
    ):
        for i in pick(shares[name]):
            value = cols[column][i]
            if value:
                edited = edit(value)
                if edited != value:
                    cols[column][i] = edited
                    stats[f"crm_duplicates_{name}"] += 1
    for i in pick(shares["ocr_substitution"]):
        column = "first_name" if rng.random() < 0.5 else "last_name"
        value = cols[column][i]
        if value and _ocr(rng, value) != value:
            cols[column][i] = _ocr(rng, value)
            stats["crm_duplicates_ocr_substitution"] += 1
    for i in pick(shares["names_swapped"]):
        cols["first_name"][i], cols["last_name"][i] = cols["last_name"][i], cols["first_name"][i]
        stats["crm_duplicates_names_swapped"] += 1
    emptied = ("first_name", "date_of_birth", "street_address", "postal_code", "city")
    for i in pick(shares["field_emptied"]):
        column = emptied[int(rng.integers(0, len(emptied)))]
        if cols[column][i] is not None:
            cols[column][i] = None
            stats["crm_duplicates_field_emptied"] += 1
    for column, values in cols.items():
        table = table.set_column(
            table.schema.get_field_index(column), column, pa.array(values, type=pa.string())
        )
    return table, stats
