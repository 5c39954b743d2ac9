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

from journeymap.generator import faults as F
from journeymap.generator import text as T
from journeymap.generator import vocab as V
from journeymap.generator.people import Accounts, Persons

DAY = 86400
HOST = "https://shop.example.com"
EVENTS_PER_PERSON = 25.0

# event segments of a session, in order
SEGMENTS = (
    "page_view",
    "search",
    "login",
    "product_view",
    "add_to_cart",
    "remove_from_cart",
    "login",
    "checkout_started",
    "purchase",
)
(
    SEG_PV,
    SEG_SEARCH,
    SEG_LOGIN1,
    SEG_PROD,
    SEG_CART,
    SEG_REMOVE,
    SEG_LOGIN2,
    SEG_CHECKOUT,
    SEG_PURCHASE,
) = range(9)

# traffic sources: utm_source, utm_medium, campaigns, referrer, weight
SOURCES = (
    (None, None, (), None, 43),
    (
        "google",
        "cpc",
        ("brand_search", "generic_shoes", "spring_sale", "retargeting"),
        "https://www.google.com/",
        12,
    ),
    (None, None, (), "https://www.google.com/", 13),
    ("newsletter", "email", (), None, 9),
    (
        "facebook",
        "social",
        ("fb_spring_promo", "fb_lookalike", "fb_retargeting"),
        "https://m.facebook.com/",
        7,
    ),
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
    shared: np.ndarray  # device index of shared family devices
    shared_with: np.ndarray  # the second person using each shared device


def make_devices(rng: np.random.Generator, p: Persons) -> tuple[Devices, np.ndarray]:
    """1-4 devices per person; the first device of some households is shared by two members.

    Returns the devices and a boolean mask of persons who must hold a shop account
    (both users of a shared device log into their own account on it).
    """
    n_dev = rng.choice([1, 2, 3, 4], size=p.n, p=[0.40, 0.32, 0.18, 0.10])
    person = np.repeat(np.arange(p.n), n_dev)
    first = T.starts_of(n_dev)
    rank = np.arange(person.size) - np.repeat(first, n_dev)
    dtype = np.where(
        rank == 0,
        T.weighted(rng, [35, 55, 10], person.size),
        T.weighted(rng, [45, 35, 20], person.size),
    )
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
    return Devices(
        person=person,
        anonymous_id=anonymous_id,
        device_type=dtype,
        first_of_person=first,
        count_of_person=n_dev,
        shared=shared,
        shared_with=second_user,
    ), force


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
    ids = [
        f"CMP-{yy:04d}{mm:02d}{dd:02d}-{kinds[i % 3]}"
        for i, (yy, mm, dd) in enumerate(zip(y.tolist(), m.tolist(), d.tolist(), strict=True))
    ]
    return Campaigns(ts=send * DAY + 9 * 3600, campaign_id=ids)


FIXED_PATHS = ("/", "/sale", "/account/login", "/cart", "/checkout", "/checkout/confirmation")


@dataclass
class Products:
    product_id: pa.Array
    category: np.ndarray
    price_usd_cents: np.ndarray
    popularity: np.ndarray
    urls: pa.Array = field(init=False)

    def __post_init__(self) -> None:
        """Every page of the shop: fixed pages, categories, searches, then products."""
        fixed = [HOST + x for x in FIXED_PATHS]
        cats = [f"{HOST}/c/{slug}" for slug in CATEGORY_SLUGS]
        searches = [f"{HOST}/search?q={term.replace(' ', '+')}" for term in V.SEARCH_TERMS]
        products = T.cat(HOST + "/p/", pc.utf8_lower(self.product_id))
        self.urls = pa.concat_arrays([T.arr(fixed + cats + searches), products])


@dataclass
class Sessions:
    n: int
    actor: np.ndarray
    device: np.ndarray
    start: np.ndarray
    segs: np.ndarray  # (n, 9) event counts per segment
    account: np.ndarray  # account index used in the session, -1 = none
    logged_from: np.ndarray  # event position from which account_id is set (large = never)
    source: np.ndarray
    campaign: pa.Array  # utm_campaign per session (NULL = none)
    landing: np.ndarray  # 0 home, 1 category, 2 product, 3 sale
    category: np.ndarray
    prods: np.ndarray  # (n, 4) product indices
    order: np.ndarray  # order index, -1 = none
    by_day_offsets: np.ndarray  # sessions sorted by start; offsets per day
    stats: dict = field(default_factory=dict)


def make_sessions(
    rng: np.random.Generator,
    p: Persons,
    dev: Devices,
    acc: Accounts,
    prod: Products,
    camp: Campaigns,
    start_s: int,
    n_days: int,
) -> Sessions:
    # sessions per person: heterogeneous activity, mean chosen for ~25 events per person
    mean_sessions = EVENTS_PER_PERSON / 5.1  # ~5.1 events per session with the funnel below
    lam = rng.gamma(1.2, (mean_sessions - 1) / 1.2, p.n)
    n_sess = 1 + rng.poisson(lam)
    actor = np.repeat(np.arange(p.n), n_sess)
    first_s = T.starts_of(n_sess)
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
    hour_w = np.array(
        [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 4, 4, 4.5, 4.5, 4, 4, 4.5, 5, 6, 7, 7, 6, 4, 2]
    )
    hour = rng.choice(24, size=s, p=hour_w / hour_w.sum())
    hour = np.where(day == n_days - 1, np.minimum(hour, 20), hour)
    start = start_s + day * DAY + hour * 3600 + rng.integers(0, 3600, s)

    # funnel depth: 0 pages only, 1 product views, 2 cart, 3 checkout, 4 purchase
    depth = rng.choice(5, size=s, p=[0.36, 0.28, 0.10, 0.04, 0.22])
    # people without an account abandon at checkout more often
    no_account = acc.primary_of_person[actor] < 0
    depth = np.where(no_account & (depth == 4) & (rng.random(s) < 0.5), 3, depth)
    segs = np.zeros((s, 9), dtype=np.int8)
    segs[:, SEG_PV] = np.minimum(rng.geometric(0.5, s), 6)
    segs[:, SEG_SEARCH] = rng.random(s) < 0.3
    n_prod = np.where(depth >= 1, 1 + rng.binomial(3, 0.45, s), 0)
    segs[:, SEG_PROD] = n_prod
    n_cart = np.where(depth >= 2, 1 + rng.binomial(np.maximum(n_prod - 1, 0), 0.55), 0)
    segs[:, SEG_CART] = n_cart
    remove = ((depth >= 2) & (n_cart >= 2) & (rng.random(s) < 0.2)) | (
        (depth == 2) & (n_cart == 1) & (rng.random(s) < 0.3)
    )
    segs[:, SEG_REMOVE] = remove
    segs[:, SEG_CHECKOUT] = depth >= 3
    segs[:, SEG_PURCHASE] = depth == 4

    # identity: remembered login, login event, or anonymous (guest checkout)
    main_acc = acc.primary_of_person[actor]
    second_acc = acc.second_of_person[actor]
    account = np.where((second_acc >= 0) & (rng.random(s) < 0.3), second_acc, main_acc)
    has_acc = account >= 0
    # "remember me": a later session on a device already used starts logged in
    first_on_device = np.full(dev.person.size, np.iinfo(np.int64).max)
    np.minimum.at(first_on_device, device, start)
    later = start > first_on_device[device]
    remembered = has_acc & ~on_shared & later & (rng.random(s) < 0.3)
    u = rng.random(s)
    login_early = (
        has_acc
        & ~remembered
        & (on_shared | ((depth == 4) & (u < 0.35)) | ((depth < 4) & (u < 0.15)))
    )
    login_late = (
        has_acc
        & ~remembered
        & ~login_early
        & (((depth == 4) & (u < 0.88)) | ((depth == 3) & (u < 0.5)))
    )
    segs[:, SEG_LOGIN1] = login_early
    segs[:, SEG_LOGIN2] = login_late
    bounds = np.cumsum(segs, axis=1, dtype=np.int64)
    never = np.int64(1 << 40)
    logged_from = np.where(
        remembered,
        0,
        np.where(
            login_early, bounds[:, SEG_SEARCH], np.where(login_late, bounds[:, SEG_REMOVE], never)
        ),
    )
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
    campaign = T.take(
        campaign_opts + [None], np.where(campaign_choice < 0, len(campaign_opts), campaign_choice)
    )
    # newsletter visits carry the latest campaign sent before the session
    nl = source == SRC_NEWSLETTER
    last_sent = np.searchsorted(camp.ts, start, side="right") - 1
    nl_ok = nl & (last_sent >= 0)
    if nl_ok.any():
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
        n=s,
        actor=take(actor),
        device=take(device),
        start=take(start),
        segs=take(segs),
        account=take(account),
        logged_from=take(logged_from),
        source=take(source),
        campaign=campaign.take(pa.array(by_start)),
        landing=take(landing),
        category=take(category),
        prods=take(prods),
        order=take(order),
        by_day_offsets=offsets,
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


def _expand_day(
    rng: np.random.Generator,
    sess: Sessions,
    dev: Devices,
    acc: Accounts,
    prod: Products,
    lo: int,
    hi: int,
) -> tuple[pa.Table, np.ndarray, np.ndarray, np.ndarray]:
    """Events of sessions lo..hi-1. Returns (table, event epoch, device per row, orders)."""
    idx = np.arange(lo, hi)
    segs = sess.segs[idx].astype(np.int64)
    n_ev = segs.sum(axis=1)
    e = int(n_ev.sum())
    ls = np.repeat(np.arange(idx.size), n_ev)  # local session of each event
    first = T.starts_of(n_ev)
    pos = np.arange(e) - first[ls]
    bounds = np.cumsum(segs, axis=1)
    b_ev = bounds[ls]
    seg = (pos[:, None] >= b_ev).sum(axis=1)
    j = pos - (bounds - segs)[ls, seg]
    s_idx = idx[ls]

    # times: minutes apart
    gap = np.where(pos == 0, 0, 10 + rng.exponential(100, e).astype(np.int64))
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

    event_type = T.take(SEGMENTS, seg)
    # page urls: codes into a fixed vocabulary of site urls (see url_vocabulary)
    n_fixed = len(FIXED_PATHS)
    n_cat = len(CATEGORY_SLUGS)
    n_term = len(V.SEARCH_TERMS)
    cat_i = np.where(landing, sess.category[s_idx], rng.integers(0, n_cat, e))
    pv_kind = np.where(landing, sess.landing[s_idx], rng.choice(4, size=e, p=[0.3, 0.6, 0, 0.1]))
    pv_code = np.select(
        [pv_kind == 0, pv_kind == 1, pv_kind == 2],
        [0, n_fixed + cat_i, n_fixed + n_cat + n_term + product],
        1,
    )
    fixed = {name: i for i, name in enumerate(FIXED_PATHS)}
    code = np.select(
        [
            seg == SEG_PV,
            seg == SEG_SEARCH,
            (seg == SEG_LOGIN1) | (seg == SEG_LOGIN2),
            seg == SEG_REMOVE,
            seg == SEG_CHECKOUT,
            seg == SEG_PURCHASE,
        ],
        [
            pv_code,
            n_fixed + n_cat + rng.integers(0, n_term, e),
            fixed["/account/login"],
            fixed["/cart"],
            fixed["/checkout"],
            fixed["/checkout/confirmation"],
        ],
        n_fixed + n_cat + n_term + product,
    )
    page_url = prod.urls.take(pa.array(code))

    # utm tags (landing events of campaign traffic), with a little hand-typed case noise
    src = sess.source[s_idx]
    land = np.flatnonzero(landing)
    src_l = src[land]
    utm_src_l = T.case_noise(rng, T.take([x[0] for x in SOURCES], src_l), 0.01, 0, 0.03)
    utm_med_l = T.case_noise(rng, T.take([x[1] for x in SOURCES], src_l), 0.01, 0, 0.02)
    camp_l = sess.campaign.take(pa.array(s_idx[land]))
    tagged = pc.is_valid(utm_src_l).to_numpy(zero_copy_only=False)
    tag_rows = land[tagged]
    qs = T.cat(
        "?utm_source=",
        utm_src_l.filter(pa.array(tagged)),
        "&utm_medium=",
        utm_med_l.filter(pa.array(tagged)),
    )
    camp_t = camp_l.filter(pa.array(tagged))
    has_camp = pc.is_valid(camp_t).to_numpy(zero_copy_only=False)
    qs = T.where(has_camp, T.cat(qs, "&utm_campaign=", camp_t), qs)
    page_url = T.replace_rows(page_url, tag_rows, T.cat(page_url.take(pa.array(tag_rows)), qs))
    prev = np.maximum(np.arange(e) - 1, 0)
    referrer = T.replace_rows(
        page_url.take(pa.array(prev)), land, T.take([x[3] for x in SOURCES], src_l)
    )

    account = np.where(pos >= sess.logged_from[s_idx], sess.account[s_idx], -1)
    has_acc = np.flatnonzero(account >= 0)
    order = np.where(seg == SEG_PURCHASE, sess.order[s_idx], -1)
    buys = np.flatnonzero(order >= 0)
    prod_rows = np.flatnonzero(has_product)
    device = sess.device[s_idx]
    style, offset = T.random_ts_styles(rng, e, (0.7, 0.1, 0.15, 0.05))
    table = pa.table(
        {
            "event_id": T.uuids(rng, e),
            "anonymous_id": dev.anonymous_id.take(pa.array(device)),
            "account_id": T.sparse(e, has_acc, acc.account_id.take(pa.array(account[has_acc]))),
            "event_type": event_type,
            "event_at": T.fmt_ts(t, style, offset),
            "page_url": page_url,
            "product_id": T.sparse(
                e, prod_rows, prod.product_id.take(pa.array(product[prod_rows]))
            ),
            "order_id": T.sparse(e, buys, T.zpad("ORD-", order[buys] + 1, 8)),
            "device_type": T.take(V.DEVICE_TYPES, dev.device_type[device]),
            "utm_source": T.sparse(e, land, utm_src_l),
            "utm_medium": T.sparse(e, land, utm_med_l),
            "utm_campaign": T.sparse(e, land, camp_l),
            "referrer": referrer,
        }
    )
    purchases = np.flatnonzero(order >= 0)
    return table, t, device, np.stack([order[purchases], t[purchases]])


def web_days(
    rng: np.random.Generator,
    sess: Sessions,
    dev: Devices,
    acc: Accounts,
    prod: Products,
    n_orders: int,
    start_s: int,
    n_days: int,
    end_s: int,
    bad_rate: float,
    state: WebState,
) -> Iterator[tuple[int, pa.Table]]:
    """Yield (day index, table of the events delivered that day), in day order.

    Rows of a day file: late events and re-deliveries from earlier days first, then the
    day's own events grouped by session (sessions in order of their start).
    """
    faults = web_faults(end_s)
    for d in range(n_days):
        lo, hi = int(sess.by_day_offsets[d]), int(sess.by_day_offsets[d + 1])
        today: list[pa.Table] = []
        if hi > lo:
            table, t, device, purchases = _expand_day(rng, sess, dev, acc, prod, lo, hi)
            state.order_ts[purchases[0]] = purchases[1]
            inj = F.inject(rng, table, bad_rate, faults)
            for k, v in inj.counts.items():
                state.faults[k] = state.faults.get(k, 0) + v
            table = inj.table
            e = table.num_rows
            ok = np.ones(e, dtype=bool)
            ok[inj.rows["null_anonymous_id"]] = False
            state.device_seen[device[ok]] = True
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
            for day in np.unique(deliver):
                part = table.filter(pa.array(deliver == day))
                (today if day == d else state.pending.setdefault(int(day), [])).append(part)
            dups = table.take(pa.array(dup))
            for day in np.unique(dup_deliver):
                part = dups.filter(pa.array(dup_deliver == day))
                (today if day == d else state.pending.setdefault(int(day), [])).append(part)
        parts = state.pending.pop(d, []) + today
        if parts:
            out = pa.concat_tables(parts)
        else:
            out = pa.table({c: pa.array([], T.S) for c in WEB_COLUMNS})
        state.rows += out.num_rows
        yield d, out


WEB_COLUMNS = (
    "event_id",
    "anonymous_id",
    "account_id",
    "event_type",
    "event_at",
    "page_url",
    "product_id",
    "order_id",
    "device_type",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "referrer",
)
