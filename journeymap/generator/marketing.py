"""E-mail events, consent, support, vendor demographics, surveys and erasure requests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from journeymap.generator import faults as F
from journeymap.generator import text as T
from journeymap.generator import vocab as V
from journeymap.generator.people import (
    CITY_STATE,
    Accounts,
    Persons,
    fmt_phone,
    noisy_email,
)
from journeymap.generator.web import CATEGORY_SLUGS, HOST, Campaigns, Devices, Sessions

DAY = 86400
NEVER = np.int64(1 << 62)
SENDS_PER_PERSON = 3.5


# ----------------------------------------------------------------- newsletter subscriptions
@dataclass
class Subscriptions:
    person: np.ndarray
    email: pa.Array  # canonical address subscribed
    email_typed: pa.Array  # as the e-mail service provider stores it
    granted: np.ndarray
    withdrawn: np.ndarray  # via preference centre (NEVER = not)
    unsubscribed: np.ndarray  # via an e-mail's unsubscribe link (filled by email_events)
    bouncing: np.ndarray


def make_subscriptions(
    rng: np.random.Generator, p: Persons, start_s: int, end_s: int
) -> Subscriptions:
    person = np.flatnonzero(rng.random(p.n) < 0.55)
    n = person.size
    use_alt = p.has_alt[person] & (rng.random(n) < 0.15)
    email = T.where(use_alt, p.alt_email.take(pa.array(person)), p.email.take(pa.array(person)))
    typed = T.case_noise(rng, email, 0.01, 0.0, 0.05)
    before = rng.random(n) < 0.7
    granted = np.where(
        before,
        rng.integers(start_s - 365 * DAY, start_s, n),
        rng.integers(start_s, max(end_s - 7 * DAY, start_s + 1), n),
    )
    later = granted + (rng.random(n) * np.maximum(end_s - granted, DAY)).astype(np.int64)
    withdrawn = np.where(rng.random(n) < 0.08, later, NEVER)
    withdrawn = np.where(withdrawn > end_s, NEVER, withdrawn)
    return Subscriptions(
        person=person,
        email=email,
        email_typed=typed,
        granted=granted,
        withdrawn=withdrawn,
        unsubscribed=np.full(n, NEVER),
        bouncing=rng.random(n) < 0.03,
    )


EMAIL_TYPES = ("sent", "delivered", "open", "click", "bounce", "unsubscribe", "complaint")


def email_faults(end_s: int) -> list[F.Fault]:
    return [
        F.null_key("event_id"),
        F.placeholder_email("email"),
        F.bad_email("email"),
        F.Fault("unknown_event_type", "event_type", V.UNKNOWN_EMAIL_EVENTS),
        F.bad_ts("event_at"),
        F.fut_ts("event_at", end_s),
    ]


def email_event_blocks(
    rng: np.random.Generator,
    subs: Subscriptions,
    camp: Campaigns,
    n_persons: int,
    end_s: int,
    bad_rate: float,
    counts: dict[str, int],
    stats: dict[str, int],
) -> Iterator[pa.Table]:
    """One table per campaign, in send order; updates subs.unsubscribed as it goes."""
    ns = subs.person.size
    n_camp = len(camp.campaign_id)
    p_send = min(1.0, SENDS_PER_PERSON * n_persons / max(n_camp * ns * 0.85, 1))
    faults = email_faults(end_s)
    for c in range(n_camp):
        ts = int(camp.ts[c])
        active = (subs.granted < ts) & (subs.withdrawn > ts) & (subs.unsubscribed > ts)
        recv = np.flatnonzero(active & (rng.random(ns) < p_send))
        r = recv.size
        if r == 0:
            continue
        t_sent = ts + rng.integers(0, 2 * 3600, r)
        bounce = subs.bouncing[recv] | (rng.random(r) < 0.01)
        t_deliv = t_sent + rng.integers(1, 120, r)
        opened = ~bounce & (rng.random(r) < 0.28)
        t_open = t_deliv + 30 + rng.exponential(4 * 3600, r).astype(np.int64)
        reopen = opened & (rng.random(r) < 0.15)
        t_reopen = t_open + rng.integers(600, 2 * DAY, r)
        click = opened & (rng.random(r) < 0.25)
        t_click = t_open + rng.integers(5, 600, r)
        unsub = opened & (rng.random(r) < 0.02)
        t_unsub = t_open + rng.integers(10, 300, r)
        complaint = ~bounce & (rng.random(r) < 0.001)
        t_compl = t_deliv + rng.exponential(DAY, r).astype(np.int64)
        all_r = np.arange(r)
        pieces = [
            (all_r, 0, t_sent),
            (all_r[~bounce], 1, t_deliv[~bounce]),
            (all_r[bounce], 4, t_deliv[bounce]),
            (all_r[opened], 2, t_open[opened]),
            (all_r[reopen], 2, t_reopen[reopen]),
            (all_r[click], 3, t_click[click]),
            (all_r[unsub], 5, t_unsub[unsub]),
            (all_r[complaint], 6, t_compl[complaint]),
        ]
        who = np.concatenate([x[0] for x in pieces])
        etype = np.concatenate([np.full(x[0].size, x[1]) for x in pieces])
        t = np.concatenate([x[2] for x in pieces])
        keep = t <= end_s
        who, etype, t = who[keep], etype[keep], t[keep]
        order = np.lexsort((etype, t))
        who, etype, t = who[order], etype[order], t[order]
        done = unsub & (t_unsub <= end_s)
        subs.unsubscribed[recv[done]] = np.minimum(subs.unsubscribed[recv[done]], t_unsub[done])
        e = t.size
        cid = camp.campaign_id[c]
        clicks = np.flatnonzero(etype == 3)
        links = [
            f"{HOST}/c/{slug}?utm_source=newsletter&utm_medium=email&utm_campaign={cid}"
            for slug in CATEGORY_SLUGS
        ]
        link = T.take(links, rng.integers(0, len(links), clicks.size))
        table = pa.table(
            {
                "event_id": T.uuids(rng, e),
                "email": subs.email_typed.take(pa.array(recv[who])),
                "campaign_id": pa.repeat(pa.scalar(cid, T.S), e),
                "event_type": T.take(EMAIL_TYPES, etype),
                "event_at": T.mixed_ts(rng, t, (0.6, 0.1, 0.25, 0.05)),
                "link_url": T.sparse(e, clicks, link),
            }
        )
        inj = F.inject(rng, table, bad_rate, faults)
        for k, v in inj.counts.items():
            counts[k] = counts.get(k, 0) + v
        table = inj.table
        dup = np.flatnonzero(rng.random(table.num_rows) < 0.01)
        stats["email_duplicate_event_ids"] = stats.get("email_duplicate_event_ids", 0) + dup.size
        stats["email_sends"] = stats.get("email_sends", 0) + r
        if dup.size:
            table = pa.concat_tables([table, table.take(pa.array(dup))])
        yield table


# ----------------------------------------------------------------- consent
SUBJECT_TYPES = ("email", "account_id", "anonymous_id")
PURPOSES = ("email_marketing", "personalization", "analytics", "third_party_data")
JURISDICTION = np.array([c[6] for c in V.COUNTRIES])
GDPR_LIKE = np.isin(JURISDICTION, ["GDPR", "UK_GDPR"])


def consent_faults(end_s: int) -> list[F.Fault]:
    return [
        F.null_key("consent_event_id"),
        F.Fault("unknown_purpose", "purpose", ("marketing", "ads", "all", "cookies")),
        F.Fault("unknown_status", "status", ("maybe", "pending", "GRANTED!", "n/a")),
        F.Fault("unknown_subject_type", "subject_type", ("cookie", "user", "phone")),
        F.Fault("null_subject_id", "subject_id", None),
        F.bad_ts("event_at"),
        F.fut_ts("event_at", end_s),
        F.DUPLICATE,
    ]


def make_consent(
    rng: np.random.Generator,
    p: Persons,
    acc: Accounts,
    dev: Devices,
    sess: Sessions,
    subs: Subscriptions,
    start_s: int,
    end_s: int,
) -> tuple[pa.Table, dict]:
    parts: list[tuple[int, pa.Array, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    # (subject_type, subject_id, purpose, status[0 granted/1 withdrawn], t, person, point)
    cp = {name: i for i, name in enumerate(V.COLLECTION_POINTS)}
    sub_id = T.case_noise(rng, subs.email, 0.01, 0.0, 0.02)
    ns = subs.person.size
    parts.append(
        (
            0,
            sub_id,
            0,
            np.zeros(ns, int),
            subs.granted,
            subs.person,
            np.array([cp["newsletter_signup"], cp["checkout"], cp["crm_import"]])[
                T.weighted(rng, [50, 30, 20], ns)
            ],
        )
    )
    w = subs.withdrawn < NEVER
    parts.append(
        (
            0,
            sub_id.filter(pa.array(w)),
            0,
            np.ones(int(w.sum()), int),
            subs.withdrawn[w],
            subs.person[w],
            np.full(int(w.sum()), cp["preference_center"]),
        )
    )
    u = subs.unsubscribed < NEVER
    parts.append(
        (
            0,
            sub_id.filter(pa.array(u)),
            0,
            np.ones(int(u.sum()), int),
            subs.unsubscribed[u],
            subs.person[u],
            np.full(int(u.sum()), cp["email_unsubscribe"]),
        )
    )
    is_sub = np.zeros(p.n, dtype=bool)
    is_sub[subs.person] = True
    opt_out = np.flatnonzero(~is_sub & (rng.random(p.n) < 0.2))
    parts.append(
        (
            0,
            p.email.take(pa.array(opt_out)),
            0,
            np.ones(opt_out.size, int),
            rng.integers(start_s - 365 * DAY, end_s, opt_out.size),
            opt_out,
            np.full(opt_out.size, cp["checkout"]),
        )
    )
    # accounts: personalization and third-party data sharing, set at sign-up, some changed later
    na = acc.person.size
    aid = acc.account_id
    pers = rng.random(na)
    granted_p = pers < 0.55
    explicit_p = granted_p | (pers > 0.9)
    rows = np.flatnonzero(explicit_p)
    parts.append(
        (
            1,
            aid.take(pa.array(rows)),
            1,
            (~granted_p[rows]).astype(int),
            acc.created[rows] + 5,
            acc.person[rows],
            np.full(rows.size, cp["account_settings"]),
        )
    )
    change = np.flatnonzero(granted_p & (rng.random(na) < 0.10))
    parts.append(
        (
            1,
            aid.take(pa.array(change)),
            1,
            np.ones(change.size, int),
            rng.integers(start_s, end_s, change.size),
            acc.person[change],
            np.full(change.size, cp["preference_center"]),
        )
    )
    third = np.flatnonzero(rng.random(na) < 0.25)
    parts.append(
        (
            1,
            aid.take(pa.array(third)),
            3,
            np.zeros(third.size, int),
            acc.created[third] + 125,
            acc.person[third],
            np.full(third.size, cp["checkout"]),
        )
    )
    third_w = third[rng.random(third.size) < 0.15]
    parts.append(
        (
            1,
            aid.take(pa.array(third_w)),
            3,
            np.ones(third_w.size, int),
            rng.integers(start_s, end_s, third_w.size),
            acc.person[third_w],
            np.full(third_w.size, cp["preference_center"]),
        )
    )
    # devices: cookie banner at the first visit
    first_seen = np.full(dev.person.size, NEVER)
    np.minimum.at(first_seen, sess.device, sess.start)
    seen = np.flatnonzero(first_seen < NEVER)
    gdpr = GDPR_LIKE[p.country[dev.person[seen]]]
    banner = seen[gdpr | (rng.random(seen.size) < 0.35)]
    gd = GDPR_LIKE[p.country[dev.person[banner]]]
    analytics_ok = np.where(gd, rng.random(banner.size) < 0.65, rng.random(banner.size) < 0.85)
    perso_ok = np.where(gd, rng.random(banner.size) < 0.45, rng.random(banner.size) < 0.6)
    for purpose, ok, delay in ((2, analytics_ok, -1), (1, perso_ok, 0)):
        parts.append(
            (
                2,
                dev.anonymous_id.take(pa.array(banner)),
                purpose,
                (~ok).astype(int),
                first_seen[banner] + delay,
                dev.person[banner],
                np.full(banner.size, cp["cookie_banner"]),
            )
        )

    stype = np.concatenate([np.full(len(x[1]), x[0]) for x in parts])
    subject = pa.concat_arrays([x[1] for x in parts])
    purpose = np.concatenate([np.full(len(x[1]), x[2]) for x in parts])
    status = np.concatenate([x[3] for x in parts])
    t = np.concatenate([x[4] for x in parts])
    person = np.concatenate([x[5] for x in parts])
    point = np.concatenate([x[6] for x in parts])
    order = np.lexsort((np.arange(t.size), t))
    stype, purpose, status, t, person, point = (
        a[order] for a in (stype, purpose, status, t, person, point)
    )
    subject = subject.take(pa.array(order))
    n = t.size
    jur = T.take(tuple(JURISDICTION.tolist()), p.country[person])
    jur = T.where(rng.random(n) < 0.02, pc.utf8_lower(jur), jur)
    table = pa.table(
        {
            "consent_event_id": T.zpad("CE-", np.arange(1, n + 1), 9),
            "subject_type": T.take(SUBJECT_TYPES, stype),
            "subject_id": subject,
            "purpose": T.take(PURPOSES, purpose),
            "status": T.take(("granted", "withdrawn"), status),
            "event_at": T.mixed_ts(rng, t),
            "jurisdiction": T.null_where(jur, rng.random(n) < 0.03),
            "collection_point": T.take(V.COLLECTION_POINTS, point),
        }
    )
    stats = {"consent_withdrawals": int(status.sum()), "email_unsubscribes": int(u.sum())}
    return table, stats


# ----------------------------------------------------------------- support tickets
def make_tickets(rng: np.random.Generator, p: Persons, start_s: int, end_s: int) -> pa.Table:
    who = np.flatnonzero(rng.random(p.n) < 0.15)
    k = rng.choice([1, 2, 3], size=who.size, p=[0.7, 0.2, 0.1])
    person = np.repeat(who, k)
    n = person.size
    channel = T.weighted(rng, [40, 20, 25, 15], n)
    use_alt = p.has_alt[person] & (rng.random(n) < 0.2)
    email = noisy_email(
        rng,
        T.where(use_alt, p.alt_email.take(pa.array(person)), p.email.take(pa.array(person))),
        0.15,
        0.06,
    )
    no_email = np.where(channel == 1, rng.random(n) < 0.6, rng.random(n) < 0.05)
    phone = fmt_phone(
        rng,
        p.country[person],
        np.where(rng.random(n) < 0.3, p.phone2_nsn[person], p.phone_nsn[person]),
    )
    no_phone = np.where(channel == 1, rng.random(n) < 0.05, rng.random(n) < 0.7)
    opened = rng.integers(start_s, end_s, n)
    resolved = opened + 600 + rng.exponential(30 * 3600, n).astype(np.int64)
    unresolved = (rng.random(n) < 0.12) | (resolved > end_s)
    csat = rng.choice(5, size=n, p=[0.08, 0.07, 0.15, 0.3, 0.4]) + 1
    ticket_id = T.zpad("TCK-", np.arange(1, n + 1) + 100_000, 7)  # in order of opening
    table = pa.table(
        {
            "ticket_id": ticket_id,
            "requester_email": T.null_where(email, no_email),
            "requester_phone": T.null_where(phone, no_phone),
            "channel": T.take(V.TICKET_CHANNELS, channel),
            "category": T.take(V.TICKET_CATEGORIES, rng.integers(0, len(V.TICKET_CATEGORIES), n)),
            "opened_at": T.mixed_ts(rng, opened),
            "resolved_at": T.null_where(T.mixed_ts(rng, resolved), unresolved),
            "csat_score": T.null_where(T.int_str(csat), unresolved | (rng.random(n) < 0.45)),
        }
    )
    table = table.take(pa.array(np.argsort(opened, kind="stable")))
    return table.set_column(0, "ticket_id", ticket_id)


def ticket_faults(start_s: int) -> list[F.Fault]:
    def resolved_before(rng: np.random.Generator, k: int) -> pa.Array:
        # every ticket is opened on or after start_s
        return T.mixed_ts(rng, rng.integers(start_s - 300 * DAY, start_s - DAY, k))

    return [
        F.null_key("ticket_id"),
        F.placeholder_email("requester_email"),
        F.bad_email("requester_email"),
        F.bad_phone("requester_phone"),
        F.bad_ts("opened_at"),
        F.Fault("resolved_before_opened", "resolved_at", resolved_before),
        F.Fault("csat_out_of_range", "csat_score", ("0", "7", "excellent", "4.5", "-1", "10")),
        F.DUPLICATE,
    ]


# ----------------------------------------------------------------- demographics vendor
def sha256_hex(emails: pa.Array) -> pa.Array:
    """Hex SHA-256 of the trimmed, lower-cased e-mail, computed by DuckDB."""
    src = pa.table({"i": pa.array(np.arange(len(emails))), "e": emails})
    con = duckdb.connect()
    try:
        con.register("src", src)
        out = con.sql("select sha256(lower(trim(e))) as h from src order by i").to_arrow_table()
    finally:
        con.close()
    return out.column("h").combine_chunks().cast(T.S)


def make_demographics(rng: np.random.Generator, p: Persons, start_s: int, end_s: int) -> pa.Table:
    person = np.flatnonzero(rng.random(p.n) < 0.5)
    again = person[rng.random(person.size) < 0.08]
    person = np.concatenate([person, again])
    n = person.size
    use_alt = p.has_alt[person] & (rng.random(n) < 0.1)
    email = T.where(use_alt, p.alt_email.take(pa.array(person)), p.email.take(pa.array(person)))
    n_unknown = max(int(0.05 * n), 1)
    unknown = T.cat("vendor.", T.int_str(rng.integers(0, 10**9, n_unknown)), "@example.net")
    hashes = sha256_hex(pa.concat_arrays([email, unknown]))
    m = n + n_unknown
    when = rng.integers(start_s - 200 * DAY, end_s, m)
    first_copy = np.arange(m) < n - again.size
    when = np.where(first_copy | (np.arange(m) >= n), when, end_s - rng.integers(0, 30 * DAY, m))
    unknown_dob = start_s // DAY - rng.integers(18 * 365, 80 * 365, n_unknown)
    dob = np.concatenate([p.dob[person], unknown_dob])
    age = ((when // DAY - dob) / 365.25).astype(np.int64) + np.where(
        rng.random(m) < 0.1, rng.integers(-2, 3, m), 0
    )
    income = np.array(V.INCOME_BANDS)[rng.integers(0, len(V.INCOME_BANDS), m)]
    country = np.concatenate([p.country[person], rng.integers(0, len(V.COUNTRIES), n_unknown)])
    city = np.concatenate([p.city[person], np.zeros(n_unknown, dtype=np.int64)])
    state = T.take(CITY_STATE, city)
    code = T.take(V.COUNTRY_CODES, country)
    region = T.where(
        pc.is_valid(state).to_numpy(zero_copy_only=False) & (np.arange(m) < n),
        T.cat(code, "-", state),
        code,
    )
    k = rng.integers(1, 5, m)
    i0 = rng.integers(0, len(V.INTERESTS), m)
    step = np.array([1, 3, 5, 9, 11, 13])[rng.integers(0, 6, m)]
    cols = [
        T.null_where(T.take(V.INTERESTS, (i0 + j * step) % len(V.INTERESTS)), j >= k)
        for j in range(4)
    ]
    sep = T.where(rng.random(m) < 0.1, "; ", ";")
    interests = pc.binary_join_element_wise(*cols, sep, null_handling="skip")
    table = pa.table(
        {
            "email_sha256": hashes,
            "age": T.null_where(T.int_str(age), rng.random(m) < 0.08),
            "household_income": T.null_where(T.int_str(income), rng.random(m) < 0.12),
            "region": region,
            "interests": T.null_where(interests, rng.random(m) < 0.1),
            "vendor_updated_at": T.mixed_ts(rng, when),
        }
    )
    return table.take(pa.array(rng.permutation(m)))


def demographics_faults() -> list[F.Fault]:
    return [
        F.null_key("email_sha256"),
        F.Fault("bad_hash", "email_sha256", ("not-a-hash", "abc123", "0" * 63, "N/A")),
        F.Fault("bad_age", "age", ("unknown", "-5", "250", "forty", "")),
        F.bad_ts("vendor_updated_at"),
    ]


# ----------------------------------------------------------------- surveys
QUESTIONS = ("nps", "preferred_channel", "favourite_category")


def make_surveys(rng: np.random.Generator, p: Persons, start_s: int, end_s: int) -> pa.Table:
    who = np.flatnonzero(rng.random(p.n) < 0.10)
    k = rng.integers(1, 4, who.size)
    person = np.repeat(who, k)
    first = T.starts_of(k)
    j = np.arange(person.size) - np.repeat(first, k)
    q = (np.repeat(rng.integers(0, 3, who.size), k) + j) % 3
    n = person.size
    when = np.repeat(rng.integers(start_s, end_s, who.size), k) + j * rng.integers(5, 60, n)
    nps = T.int_str(np.minimum(rng.binomial(10, 0.75, n), 10))
    chan = T.case_noise(rng, T.take(V.SURVEY_CHANNELS, rng.integers(0, 5, n)), 0.05, 0, 0.1)
    cats = [v for c in V.CATEGORIES for v in (c, c.lower(), c.upper() + " ")]
    fav = T.take(cats, rng.integers(0, len(V.CATEGORIES), n) * 3 + T.weighted(rng, [8, 1, 1], n))
    answer = pc.choose(pa.array(q), nps, chan, fav)
    email = p.email.take(pa.array(person))
    email = noisy_email(rng, email, 0.1, 0.05)
    order = np.lexsort((np.arange(n), when))
    table = pa.table(
        {
            "response_id": T.zpad("SR-", np.arange(1, n + 1), 7),
            "email": email.take(pa.array(order)),
            "question_key": T.take(QUESTIONS, q[order]),
            "answer": T.null_where(answer, rng.random(n) < 0.03).take(pa.array(order)),
            "responded_at": T.mixed_ts(rng, when[order]),
        }
    )
    return table


def survey_faults(end_s: int) -> list[F.Fault]:
    return [
        F.null_key("response_id"),
        F.placeholder_email("email"),
        F.bad_email("email"),
        F.bad_ts("responded_at"),
        F.fut_ts("responded_at", end_s),
        F.DUPLICATE,
    ]


# ----------------------------------------------------------------- erasure requests
def make_erasures(
    rng: np.random.Generator, p: Persons, acc: Accounts, start_s: int, end_s: int
) -> tuple[pa.Table, np.ndarray]:
    n = max(int(round(0.005 * p.n)), 1)
    person = np.sort(rng.choice(p.n, size=min(n, p.n), replace=False))
    n = person.size
    account = acc.primary_of_person[person]
    by_account = (account >= 0) & (rng.random(n) < 0.4)
    email = T.case_noise(rng, p.email.take(pa.array(person)), 0.02, 0.0, 0.08)
    subject = T.where(by_account, acc.account_id.take(pa.array(np.maximum(account, 0))), email)
    when = rng.integers(min(start_s + 30 * DAY, end_s - DAY), end_s, n)
    order = np.argsort(when, kind="stable")
    table = pa.table(
        {
            "request_id": T.zpad("ER-", np.arange(1, n + 1), 6),
            "subject_type": T.where(by_account[order], "account_id", "email"),
            "subject_id": subject.take(pa.array(order)),
            "requested_at": T.mixed_ts(rng, when[order]),
        }
    )
    return table, person[order]


def erasure_faults() -> list[F.Fault]:
    return [F.null_key("request_id"), F.bad_ts("requested_at")]
