"""Devices, browsing sessions and the web_events clickstream, one delivery day at a time.

Sessions are drawn for everybody up front (small: a few per person); events are
expanded from sessions day by day, so memory stays bounded by one day of events.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from journeymap import _generate_faults as F
from journeymap import _generate_text as T
from journeymap import _generate_vocab as V
from journeymap._generate_people import Accounts, Persons

DAY = 86400
HOST = "https://shop.example.com"
EVENTS_PER_PERSON = 25.0

# event segments of a session, in order
SEGMENTS = ("page_view", "search", "login", "product_view", "add_to_cart", "remove_from_cart",
            "login", "checkout_started", "purchase")
SEG_PV, SEG_SEARCH, SEG_LOGIN1, SEG_PROD, SEG_CART, SEG_REMOVE, SEG_LOGIN2, SEG_CHECKOUT, \
    SEG_PURCHASE = range(9)

# traffic sources: utm_source, utm_medium, campaigns, referrer, weight
SOURCES = (
    (None, None, (), None, 43),
    ("google", "cpc", ("brand_search", "generic_shoes", "spring_sale", "retargeting"),
     "https://www.google.com/", 12),
    (None, None, (), "https://www.google.com/", 13),
    ("newsletter", "email", (), None, 9),
    ("facebook", "social", ("fb_spring_promo", "fb_lookalike", "fb_retargeting"),
     "https://m.facebook.com/", 7),
    ("instagram", "social", ("ig_stories", "ig_influencer"), "https://l.instagram.com/", 5),
    ("bing", "cpc", ("brand_search", "generic"), "https://www.bing.com/", 3),
    ("awin", "affiliate", ("partner_network",), "https://www.awin1.com/", 4),
    ("tiktok", "social", ("tt_summer",), "https://www.tiktok.com/", 4),
)
SRC_NEWSLETTER = 3
CATEGORY_SLUGS = tuple(c.lower().replace(" & ", "-").replace(" ", "-") for c in V.CATEGORIES)


@dataclass
class Devices:
    person: np.ndarray
    anonymous_id: pa.Array
    device_type: np.ndarray
    first_of_person: np.ndarray
    count_of_person: np.ndarray
    shared: np.ndarray                  # device index of shared family devices
    shared_with: np.ndarray             # the second person using each shared device


def make_devices(rng: np.random.Generator, p: Persons) -> tuple[Devices, np.ndarray]:
    """1-4 devices per person; the first device of some households is shared by two members.

    Returns the devices and a boolean mask of persons who must hold a shop account
    (both users of a shared device log into their own account on it).
    """
    n_dev = rng.choice([1, 2, 3, 4], size=p.n, p=[0.40, 0.32, 0.18, 0.10])
    person = np.repeat(np.arange(p.n), n_dev)
    first = np.concatenate([[0], np.cumsum(n_dev)[:-1]]).astype(np.int64)
    rank = np.arange(person.size) - np.repeat(first, n_dev)
    dtype = np.where(rank == 0, T.weighted(rng, [35, 55, 10], person.size),
                     T.weighted(rng, [45, 35, 20], person.size))
    anonymous_id = T.uuids(rng, person.size)
    # shared family devices: the head's first device, also used by the next member
    in_hh = np.flatnonzero((p.household >= 0) & (p.household_head != np.arange(p.n)))
    # the first non-head member of each household (members are listed by rank)
    hh = p.household[in_hh]
    _, first_member = np.unique(hh, return_index=True)
    second_user = in_hh[first_member]
    second_user = second_user[rng.random(second_user.size) < 0.35]
    owner = p.household_head[second_user]
    shared = first[owner]
    force = np.zeros(p.n, dtype=bool)
    force[owner] = True
    force[second_user] = True
    return Devices(person=person, anonymous_id=anonymous_id, device_type=dtype,
                   first_of_person=first, count_of_person=n_dev, shared=shared,
                   shared_with=second_user), force


@dataclass
class Campaigns:
    ts: np.ndarray
    campaign_id: list[str]


def make_campaigns(start_s: int, end_s: int) -> Campaigns:
    """Two newsletters a week (Tuesday and Friday, 09:00 UTC) over the date range."""
    days = np.arange(start_s // DAY, end_s // DAY + 1)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    send = days[(weekday == 1) | (weekday == 4)]
    y, m, d = T.civil(send)
    kinds = ("NL", "PROMO", "NEW")
    ids = [f"CMP-{yy:04d}{mm:02d}{dd:02d}-{kinds[i % 3]}"
           for i, (yy, mm, dd) in enumerate(zip(y.tolist(), m.tolist(), d.tolist(), strict=True))]
    return Campaigns(ts=send * DAY + 9 * 3600, campaign_id=ids)


@dataclass
class Products:
    product_id: pa.Array
    category: np.ndarray
    price_usd_cents: np.ndarray
    popularity: np.ndarray


@dataclass
class Sessions:
    n: int
    actor: np.ndarray
    device: np.ndarray
    start: np.ndarray
    segs: np.ndarray            # (n, 9) event counts per segment
    account: np.ndarray         # account index used in the session, -1 = none
    logged_from: np.ndarray     # event position from which account_id is set (large = never)
    source: np.ndarray
    campaign: pa.Array          # utm_campaign per session (NULL = none)
    landing: np.ndarray         # 0 home, 1 category, 2 product, 3 sale
    category: np.ndarray
    prods: np.ndarray           # (n, 4) product indices
    order: np.ndarray           # order index, -1 = none
    by_day_offsets: np.ndarray  # sessions sorted by start; offsets per day
    stats: dict = field(default_factory=dict)


def make_sessions(rng: np.random.Generator, p: Persons, dev: Devices, acc: Accounts,
                  prod: Products, camp: Campaigns, start_s: int, n_days: int) -> Sessions:
    # sessions per person: heterogeneous activity, mean chosen for ~25 events per person
    mean_sessions = EVENTS_PER_PERSON / 4.6
    lam = rng.gamma(1.2, (mean_sessions - 1) / 1.2, p.n)
    n_sess = 1 + rng.poisson(lam)
    actor = np.repeat(np.arange(p.n), n_sess)
    first_s = np.concatenate([[0], np.cumsum(n_sess)[:-1]]).astype(np.int64)
    s = actor.size
    rank = np.minimum(rng.geometric(0.55, s) - 1, dev.count_of_person[actor] - 1)
    device = dev.first_of_person[actor] + rank
    # shared family devices: the owner's first session and part of the co-user's sessions
    on_shared = np.zeros(s, dtype=bool)
    owner = dev.person[dev.shared]
    device[first_s[owner]] = dev.shared
    on_shared[first_s[owner]] = True
    co_sessions = np.zeros(s, dtype=bool)
    co_sessions[first_s[dev.shared_with]] = True
    shared_of_person = np.full(p.n, -1, dtype=np.int64)
    shared_of_person[dev.shared_with] = dev.shared
    move = (shared_of_person[actor] >= 0) & (co_sessions | (rng.random(s) < 0.35))
    device = np.where(move, shared_of_person[actor], device)
    on_shared |= move

    # start times: any day, more traffic in the evening; last day ends early
    day = rng.integers(0, n_days, s)
    hour_w = np.array([1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 4, 4, 4.5, 4.5, 4, 4, 4.5, 5,
                       6, 7, 7, 6, 4, 2])
    hour = rng.choice(24, size=s, p=hour_w / hour_w.sum())
    hour = np.where(day == n_days - 1, np.minimum(hour, 20), hour)
    start = start_s + day * DAY + hour * 3600 + rng.integers(0, 3600, s)

    # funnel depth: 0 pages only, 1 product views, 2 cart, 3 checkout, 4 purchase
    depth = rng.choice(5, size=s, p=[0.38, 0.30, 0.10, 0.04, 0.18])
    segs = np.zeros((s, 9), dtype=np.int8)
    segs[:, SEG_PV] = np.minimum(rng.geometric(0.5, s), 6)
    segs[:, SEG_SEARCH] = rng.random(s) < 0.3
    n_prod = np.where(depth >= 1, 1 + rng.binomial(3, 0.35, s), 0)
    segs[:, SEG_PROD] = n_prod
    n_cart = np.where(depth >= 2, 1 + rng.binomial(np.maximum(n_prod - 1, 0), 0.3), 0)
    segs[:, SEG_CART] = n_cart
    remove = ((depth >= 2) & (n_cart >= 2) & (rng.random(s) < 0.2)) | (
        (depth == 2) & (n_cart == 1) & (rng.random(s) < 0.3))
    segs[:, SEG_REMOVE] = remove
    segs[:, SEG_CHECKOUT] = depth >= 3
    segs[:, SEG_PURCHASE] = depth == 4

    # identity: remembered login, login event, or anonymous (guest checkout)
    main_acc = acc.primary_of_person[actor]
    second_acc = acc.second_of_person[actor]
    account = np.where((second_acc >= 0) & (rng.random(s) < 0.3), second_acc, main_acc)
    has_acc = account >= 0
    remembered = has_acc & ~on_shared & (rank > 0) & (rng.random(s) < 0.25)
    u = rng.random(s)
    login_early = has_acc & ~remembered & (
        on_shared | ((depth == 4) & (u < 0.35)) | ((depth < 4) & (u < 0.15)))
    login_late = has_acc & ~remembered & ~login_early & (
        ((depth == 4) & (u < 0.88)) | ((depth == 3) & (u < 0.5)))
    segs[:, SEG_LOGIN1] = login_early
    segs[:, SEG_LOGIN2] = login_late
    bounds = np.cumsum(segs, axis=1, dtype=np.int64)
    never = np.int64(1 << 40)
    logged_from = np.where(remembered, 0, np.where(login_early, bounds[:, SEG_SEARCH],
                           np.where(login_late, bounds[:, SEG_REMOVE], never)))
    account = np.where(logged_from < never, account, -1)

    # traffic source and landing page
    sw = np.array([x[4] for x in SOURCES], dtype=np.float64)
    source = rng.choice(len(SOURCES), size=s, p=sw / sw.sum())
    pick = rng.random(s)
    campaign_opts = []
    campaign_choice = np.zeros(s, dtype=np.int64)
    offset = 0
    for si, src in enumerate(SOURCES):
        opts = src[2]
        rows = source == si
        if opts:
            campaign_choice[rows] = offset + (pick[rows] * len(opts)).astype(np.int64)
        else:
            campaign_choice[rows] = -1
        campaign_opts += list(opts)
        offset += len(opts)
    campaign = T.take(campaign_opts + [None], np.where(campaign_choice < 0, len(campaign_opts),
                                                       campaign_choice))
    # newsletter visits carry the latest campaign sent before the session
    nl = source == SRC_NEWSLETTER
    last_sent = np.searchsorted(camp.ts, start, side="right") - 1
    nl_ok = nl & (last_sent >= 0)
    campaign = T.where(nl_ok, T.take(camp.campaign_id, np.maximum(last_sent, 0)), campaign)
    source = np.where(nl & ~nl_ok, 0, source)
    landing = rng.choice(4, size=s, p=[0.4, 0.3, 0.2, 0.1])
    landing = np.where((landing == 2) & (n_prod == 0), 0, landing)
    category = rng.integers(0, len(V.CATEGORIES), s)
    pw = prod.popularity / prod.popularity.sum()
    prods = rng.choice(pw.size, size=(s, 4), p=pw).astype(np.int32)

    # orders: purchase sessions, numbered by time
    buy = np.flatnonzero(depth == 4)
    order = np.full(s, -1, dtype=np.int64)
    order[buy[np.argsort(start[buy], kind="stable")]] = np.arange(buy.size)

    by_start = np.lexsort((np.arange(s), start))
    sday = day[by_start]
    offsets = np.searchsorted(sday, np.arange(n_days + 1))

    def take(a: np.ndarray) -> np.ndarray:
        return a[by_start]

    sess = Sessions(
        n=s, actor=take(actor), device=take(device), start=take(start), segs=take(segs),
        account=take(account), logged_from=take(logged_from), source=take(source),
        campaign=campaign.take(pa.array(by_start)), landing=take(landing),
        category=take(category), prods=take(prods), order=take(order), by_day_offsets=offsets,
    )
    sess.stats = {
        "sessions": int(s),
        "shared_devices": int(dev.shared.size),
        "sessions_on_shared_devices": int(on_shared.sum()),
        "purchase_sessions": int(buy.size),
        "guest_purchase_sessions": int(((depth == 4) & (account < 0)).sum()),
    }
    return sess


@dataclass
class WebState:
    device_seen: np.ndarray
    order_ts: np.ndarray
    faults: dict[str, int]
    duplicates: int = 0
    late: int = 0
    rows: int = 0
    pending: dict[int, list[pa.Table]] = field(default_factory=dict)


def web_faults(end_s: int) -> list[F.Fault]:
    return [
        F.null_key("event_id"),
        F.Fault("null_anonymous_id", "anonymous_id", None),
        F.Fault("unknown_event_type", "event_type", V.UNKNOWN_WEB_EVENTS),
        F.bad_ts("event_at"),
        F.fut_ts("event_at", end_s),
    ]


def _expand_day(rng: np.random.Generator, sess: Sessions, dev: Devices, acc: Accounts,
                prod: Products, lo: int, hi: int) -> tuple[pa.Table, np.ndarray, np.ndarray,
                                                            np.ndarray]:
    """Events of sessions lo..hi-1. Returns (table, event epoch, device per row, orders)."""
    idx = np.arange(lo, hi)
    segs = sess.segs[idx].astype(np.int64)
    n_ev = segs.sum(axis=1)
    e = int(n_ev.sum())
    ls = np.repeat(np.arange(idx.size), n_ev)          # local session of each event
    first = np.concatenate([[0], np.cumsum(n_ev)[:-1]]).astype(np.int64)
    pos = np.arange(e) - first[ls]
    bounds = np.cumsum(segs, axis=1)
    b_ev = bounds[ls]
    seg = (pos[:, None] >= b_ev).sum(axis=1)
    j = pos - (bounds - segs)[ls, seg]
    s_idx = idx[ls]

    # times: minutes apart
    gap = np.where(pos == 0, 0, 5 + rng.exponential(75, e).astype(np.int64))
    cs = np.cumsum(gap)
    t = sess.start[s_idx] + cs - cs[first[ls]]

    prods = sess.prods[s_idx]
    n_cart = segs[ls, SEG_CART]
    slot = np.where(seg == SEG_REMOVE, np.maximum(n_cart - 1, 0), np.minimum(j, 3))
    product = prods[np.arange(e), slot]
    is_prod_event = np.isin(seg, [SEG_PROD, SEG_CART, SEG_REMOVE])
    landing = pos == 0
    product_landing = landing & (sess.landing[s_idx] == 2)
    has_product = is_prod_event | product_landing
    product = np.where(product_landing, prods[:, 0], product)
    product_id = T.null_where(prod.product_id.take(pa.array(product)), ~has_product)

    event_type = T.take(SEGMENTS, seg)
    # page urls
    cat_slug = T.take(CATEGORY_SLUGS, np.where(landing, sess.category[s_idx],
                                               rng.integers(0, len(CATEGORY_SLUGS), e)))
    pv_kind = np.where(landing, sess.landing[s_idx], rng.choice(4, size=e, p=[0.3, 0.6, 0, 0.1]))
    pv_path = pc.choose(pa.array(pv_kind), pa.scalar("/", T.S), T.cat("/c/", cat_slug),
                        pa.scalar("/p/", T.S), pa.scalar("/sale", T.S))
    term = pc.replace_substring(T.take(V.SEARCH_TERMS, rng.integers(0, len(V.SEARCH_TERMS), e)),
                                " ", "+")
    path = pc.choose(
        pa.array(seg), pv_path, T.cat("/search?q=", term), pa.scalar("/account/login", T.S),
        pa.scalar("/p/", T.S), pa.scalar("/p/", T.S), pa.scalar("/cart", T.S),
        pa.scalar("/account/login", T.S), pa.scalar("/checkout", T.S),
        pa.scalar("/checkout/confirmation", T.S))
    path = T.where(has_product & (seg != SEG_REMOVE), T.cat(path, pc.utf8_lower(product_id)), path)
    page_url = T.cat(HOST, path)

    src = sess.source[s_idx]
    src_tab = list(SOURCES)
    utm_source = T.null_where(T.take([x[0] for x in src_tab], src), ~landing)
    utm_medium = T.null_where(T.take([x[1] for x in src_tab], src), ~landing)
    campaign = T.null_where(sess.campaign.take(pa.array(s_idx)), ~landing)
    # a little case noise in hand-typed utm tags
    utm_source = T.case_noise(rng, utm_source, 0.01, 0, 0.03)
    utm_medium = T.case_noise(rng, utm_medium, 0.01, 0, 0.02)
    qs = T.cat("?utm_source=", utm_source, "&utm_medium=", utm_medium)
    qs = T.where(pc.is_valid(campaign).to_numpy(zero_copy_only=False),
                 T.cat(qs, "&utm_campaign=", campaign), qs)
    with_qs = landing & pc.is_valid(utm_source).to_numpy(zero_copy_only=False)
    page_url = T.where(with_qs, T.cat(page_url, qs), page_url)
    prev = np.maximum(np.arange(e) - 1, 0)
    referrer = T.where(landing, T.take([x[3] for x in src_tab], src), page_url.take(pa.array(prev)))

    account = np.where(pos >= sess.logged_from[s_idx], sess.account[s_idx], -1)
    account_id = T.null_where(acc.account_id.take(pa.array(np.maximum(account, 0))), account < 0)
    order = np.where(seg == SEG_PURCHASE, sess.order[s_idx], -1)
    order_id = T.null_where(T.zpad("ORD-", order + 1, 8), order < 0)
    device = sess.device[s_idx]
    style, offset = T.random_ts_styles(rng, e, (0.7, 0.1, 0.15, 0.05))
    table = pa.table({
        "event_id": T.uuids(rng, e),
        "anonymous_id": dev.anonymous_id.take(pa.array(device)),
        "account_id": account_id,
        "event_type": event_type,
        "event_at": T.fmt_ts(t, style, offset),
        "page_url": page_url,
        "product_id": product_id,
        "order_id": order_id,
        "device_type": T.take(V.DEVICE_TYPES, dev.device_type[device]),
        "utm_source": utm_source,
        "utm_medium": utm_medium,
        "utm_campaign": campaign,
        "referrer": referrer,
    })
    purchases = np.flatnonzero(order >= 0)
    return table, t, device, np.stack([order[purchases], t[purchases]])


def web_days(rng: np.random.Generator, sess: Sessions, dev: Devices, acc: Accounts,
             prod: Products, n_orders: int, start_s: int, n_days: int, end_s: int,
             bad_rate: float, state: WebState) -> Iterator[tuple[int, pa.Table]]:
    """Yield (day index, table of the events delivered that day), in day order."""
    faults = web_faults(end_s)
    for d in range(n_days):
        lo, hi = int(sess.by_day_offsets[d]), int(sess.by_day_offsets[d + 1])
        if hi > lo:
            table, t, device, purchases = _expand_day(rng, sess, dev, acc, prod, lo, hi)
            state.order_ts[purchases[0]] = purchases[1]
            order = np.argsort(t, kind="stable")
            table, t, device = table.take(pa.array(order)), t[order], device[order]
            inj = F.inject(rng, table, bad_rate, faults)
            for k, v in inj.counts.items():
                state.faults[k] = state.faults.get(k, 0) + v
            table = inj.table
            ok = np.ones(table.num_rows, dtype=bool)
            ok[inj.rows["null_anonymous_id"]] = False
            state.device_seen[device[ok]] = True
            e = table.num_rows
            # delivery day: the event's day, a few days later for late events
            ev_day = np.clip((t - start_s) // DAY, 0, n_days - 1)
            late = rng.random(e) < 0.02
            delay = np.where(late, np.minimum(rng.geometric(0.45, e), 6), 0)
            deliver = np.minimum(ev_day + delay, n_days - 1)
            state.late += int((deliver > ev_day).sum())
            # at-least-once delivery: ~1% of events arrive twice (same day or the next)
            dup = np.flatnonzero(rng.random(e) < 0.01)
            state.duplicates += int(dup.size)
            dup_deliver = np.minimum(deliver[dup] + (rng.random(dup.size) < 0.3), n_days - 1)
            all_rows = np.concatenate([np.arange(e), dup])
            all_deliver = np.concatenate([deliver, dup_deliver])
            for day in np.unique(all_deliver):
                rows = all_rows[all_deliver == day]
                state.pending.setdefault(int(day), []).append(table.take(pa.array(rows)))
        parts = state.pending.pop(d, [])
        if parts:
            out = pa.concat_tables(parts).combine_chunks()
        else:
            out = pa.table({c: pa.array([], T.S) for c in WEB_COLUMNS})
        state.rows += out.num_rows
        yield d, out


WEB_COLUMNS = ("event_id", "anonymous_id", "account_id", "event_type", "event_at", "page_url",
               "product_id", "order_id", "device_type", "utm_source", "utm_medium",
               "utm_campaign", "referrer")
