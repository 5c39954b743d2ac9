"""Catalogue, exchange rates, orders and order items."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from journeymap.generator import faults as F
from journeymap.generator import text as T
from journeymap.generator import vocab as V
from journeymap.generator.people import NC, Accounts, Persons, fmt_country, noisy_email
from journeymap.generator.web import Products, Sessions

DAY = 86400
CURRENCIES = ("USD", "EUR", "GBP", "CAD")
CURRENCY_OF_COUNTRY = np.array([CURRENCIES.index(c[7]) for c in V.COUNTRIES], dtype=np.int64)
FX_BASE = np.array([1.0, 1.08, 1.27, 0.73])


def n_products(persons: int) -> int:
    return int(np.clip(200 + persons // 350, 200, 3000))


def _category_label(rng: np.random.Generator, cat: np.ndarray) -> pa.Array:
    """`Shoes` / `shoes ` / `SHOES` / ` Shoes` / `shoes`."""
    labels = [v for c in V.CATEGORIES for v in (c, c.lower() + " ", c.upper(), " " + c, c.lower())]
    v = T.weighted(rng, [70, 10, 10, 5, 5], cat.size)
    return T.take(labels, cat * 5 + v)


def make_products(
    rng: np.random.Generator, persons: int, start_s: int, end_s: int
) -> tuple[pa.Table, Products, dict]:
    n = n_products(persons)
    cat = rng.integers(0, len(V.CATEGORIES), n)
    noun_rows = [(ci, noun) for ci, c in enumerate(V.CATEGORIES) for noun in V.CATEGORY_NOUNS[c]]
    noun_cat = np.array([r[0] for r in noun_rows])
    noun_start = np.array([list(noun_cat).index(i) for i in range(len(V.CATEGORIES))])
    noun_count = np.bincount(noun_cat)
    noun = noun_start[cat] + (rng.random(n) * noun_count[cat]).astype(np.int64)
    brand = T.take(V.BRANDS, rng.integers(0, len(V.BRANDS), n))
    name = T.cat(
        brand,
        " ",
        T.take(V.ADJECTIVES, rng.integers(0, len(V.ADJECTIVES), n)),
        " ",
        T.take([r[1] for r in noun_rows], noun),
    )
    colour = rng.random(n) < 0.4
    name = T.where(colour, T.cat(name, " - ", T.take(V.COLOURS, rng.integers(0, 8, n))), name)
    median = np.array([V.CATEGORY_PRICE[c] for c in V.CATEGORIES])[cat]
    price = np.maximum(np.round(median * np.exp(rng.normal(0, 0.5, n))), 3).astype(np.int64)
    cents = price * 100 - 1
    product_id = T.zpad("SKU-", 10_000 + rng.permutation(n * 3)[:n], 5)
    updated = rng.integers(start_s - 365 * DAY, start_s, n)
    currency = T.take(("USD", "usd", "USD "), T.weighted(rng, [92, 5, 3], n))
    # ~10% of products get a second version later (new price, sometimes new label)
    again = np.flatnonzero(rng.random(n) < 0.10)
    new_price = (cents[again] * rng.uniform(0.8, 1.15, again.size)).astype(np.int64) // 100
    new_cents = new_price * 100 - 1
    new_cents = np.maximum(new_cents, 199)
    rows = np.concatenate([np.arange(n), again])
    all_cents = np.concatenate([cents, new_cents])
    all_updated = np.concatenate([updated, rng.integers(start_s, end_s, again.size)])
    final_cents = cents.copy()
    final_cents[again] = new_cents
    table = pa.table(
        {
            "product_id": product_id.take(pa.array(rows)),
            "product_name": name.take(pa.array(rows)),
            "category": _category_label(rng, cat[rows]),
            "brand": brand.take(pa.array(rows)),
            "list_price": T.money(all_cents),
            "currency": currency.take(pa.array(rows)),
            "updated_at": T.mixed_ts(rng, all_updated),
        }
    )
    table = table.take(pa.array(rng.permutation(rows.size)))
    pop = 1.0 / (np.arange(n) + 5.0)
    popularity = pop[rng.permutation(n)]
    products = Products(
        product_id=product_id, category=cat, price_usd_cents=final_cents, popularity=popularity
    )
    return table, products, {"products": n, "product_versions": int(rows.size)}


def product_faults(end_s: int) -> list[F.Fault]:
    return [
        F.null_key("product_id"),
        F.Fault("non_numeric_amount", "list_price", V.BAD_AMOUNTS),
        F.Fault("negative_amount", "list_price", F.negative_amount),
        F.bad_ts("updated_at"),
    ]


def make_fx(rng: np.random.Generator, start_day: int, n_days: int) -> tuple[pa.Table, np.ndarray]:
    """Daily usd_per_unit per currency (USD = 1). Returns the table and rates[day, currency]."""
    steps = rng.normal(0, 0.004, (n_days, len(CURRENCIES)))
    steps[:, 0] = 0
    rates = FX_BASE[None, :] * np.exp(np.cumsum(steps, axis=0))
    rates[:, 0] = 1.0
    day = np.repeat(np.arange(n_days), len(CURRENCIES))
    cur = np.tile(np.arange(len(CURRENCIES)), n_days)
    table = pa.table(
        {
            "rate_date": T.fmt_date(start_day + day, T.weighted(rng, [85, 10, 5], day.size)),
            "currency": T.take(CURRENCIES, cur),
            "usd_per_unit": T.decimal_str(rates[day, cur], 6),
        }
    )
    return table, rates


def fx_faults() -> list[F.Fault]:
    # applied to extra copies of rows, so every (day, currency) keeps one good rate
    return [
        F.Fault("unknown_currency", "currency", V.UNKNOWN_CURRENCIES),
        F.Fault("non_numeric_amount", "usd_per_unit", V.BAD_AMOUNTS),
        F.Fault("unparseable_date", "rate_date", V.BAD_DATES),
    ]


ORDER_STATUSES = ("placed", "shipped", "delivered", "cancelled", "returned")


def _status_label(rng: np.random.Generator, status: np.ndarray) -> pa.Array:
    labels = [
        v
        for s in ORDER_STATUSES
        for v in (s, s.capitalize(), s.upper(), s + " ", " " + s.capitalize())
    ]
    return T.take(labels, status * 5 + T.weighted(rng, [70, 10, 10, 5, 5], status.size))


def make_orders(
    rng: np.random.Generator,
    p: Persons,
    acc: Accounts,
    sess: Sessions,
    prod: Products,
    rates: np.ndarray,
    order_ts: np.ndarray,
    start_s: int,
    end_s: int,
) -> tuple[pa.Table, pa.Table, dict]:
    """Orders (one row per status version) and their items, from purchase sessions."""
    buy = np.flatnonzero(sess.order >= 0)
    buy = buy[np.argsort(sess.order[buy])]
    n = buy.size
    person = sess.actor[buy]
    account = sess.account[buy]
    t0 = order_ts
    n_days = rates.shape[0]
    day = np.clip((t0 - start_s) // DAY, 0, n_days - 1)

    # items: the products left in the cart
    n_items = np.maximum(sess.segs[buy, 4].astype(np.int64) - sess.segs[buy, 5], 1)
    item_order = np.repeat(np.arange(n), n_items)
    first = T.starts_of(n_items)
    line = np.arange(item_order.size) - first[item_order]
    product = sess.prods[buy][item_order, np.minimum(line, 3)]
    qty = rng.choice([1, 2, 3], size=item_order.size, p=[0.8, 0.15, 0.05])
    ship_country = p.country[person]
    gift = rng.random(n) < 0.03
    ship_country = np.where(gift, rng.integers(0, NC, n), ship_country)
    currency = CURRENCY_OF_COUNTRY[p.country[person]]
    rate = rates[day, currency]
    unit_cents = np.maximum(
        np.round(prod.price_usd_cents[product] / rate[item_order]).astype(np.int64), 1
    )
    subtotal = np.bincount(item_order, weights=qty * unit_cents, minlength=n).astype(np.int64)
    has_disc = rng.random(n) < 0.25
    discount = np.where(has_disc, (subtotal * rng.uniform(0.05, 0.2, n)).astype(np.int64), 0)
    total = subtotal - discount

    guest = account < 0
    use_alt = p.has_alt[person] & (rng.random(n) < 0.2)
    guest_email = noisy_email(
        rng, T.where(use_alt, p.alt_email.take(pa.array(person)), p.email.take(pa.array(person)))
    )
    guest_email = T.null_where(guest_email, ~guest | (rng.random(n) < 0.02))

    # status history: placed -> shipped -> delivered (-> returned) or placed -> cancelled
    fate = rng.choice(3, size=n, p=[0.91, 0.05, 0.04])  # delivered, cancelled, returned
    t_ship = t0 + rng.integers(12 * 3600, 3 * DAY, n)
    t_deliv = t_ship + rng.integers(2 * DAY, 6 * DAY, n)
    t_cancel = t0 + rng.integers(3600, 20 * 3600, n)
    t_return = t_deliv + rng.integers(5 * DAY, 20 * DAY, n)
    # candidate versions (status, time): placed, shipped|cancelled, delivered, returned
    vt = np.stack([t0, np.where(fate == 1, t_cancel, t_ship), t_deliv, t_return], axis=1)
    vs = np.stack([np.zeros(n, int), np.where(fate == 1, 3, 1), np.full(n, 2), np.full(n, 4)], 1)
    exists = np.stack([np.ones(n, bool), np.ones(n, bool), fate != 1, fate == 2], axis=1)
    exists &= vt <= end_s
    last = exists.shape[1] - 1 - np.argmax(exists[:, ::-1], axis=1)
    emit = exists & (
        (np.arange(4)[None, :] == 0)
        | (np.arange(4)[None, :] == last[:, None])
        | (rng.random((n, 4)) < 0.6)
    )
    o_idx, v_idx = np.nonzero(emit)
    versions = o_idx.size

    order_id = T.zpad("ORD-", np.arange(1, n + 1), 8)
    account_id = T.null_where(acc.account_id.take(pa.array(np.maximum(account, 0))), guest)
    cur_label = T.take(
        CURRENCIES + tuple(c.lower() for c in CURRENCIES), currency + 4 * (rng.random(n) < 0.02)
    )
    ship_label = fmt_country(rng, ship_country, np.array([0.8, 0.02, 0.1, 0.03, 0.02, 0.03]))
    ship_label = T.null_where(ship_label, rng.random(n) < 0.03)
    disc_s = T.where(has_disc, T.money(discount), T.where(rng.random(n) < 0.5, "0.00", None))
    take = pa.array(o_idx)
    orders = pa.table(
        {
            "order_id": order_id.take(take),
            "account_id": account_id.take(take),
            "guest_email": guest_email.take(take),
            "ordered_at": T.mixed_ts(rng, t0[o_idx]),
            "status": _status_label(rng, vs[o_idx, v_idx]),
            "currency": cur_label.take(take),
            "order_total": T.money(total[o_idx]),
            "discount_total": disc_s.take(take),
            "shipping_country": ship_label.take(take),
            "updated_at": T.mixed_ts(rng, vt[o_idx, v_idx]),
        }
    )
    # rows roughly in load order (by version time), ties by order
    orders = orders.take(pa.array(np.lexsort((o_idx, vt[o_idx, v_idx]))))
    items = pa.table(
        {
            "order_id": order_id.take(pa.array(item_order)),
            "line_number": T.int_str(line + 1),
            "product_id": prod.product_id.take(pa.array(product)),
            "quantity": T.int_str(qty),
            "unit_price": T.money(unit_cents),
        }
    )
    stats = {
        "orders": int(n),
        "order_status_updates": int(versions - n),
        "guest_orders": int(guest.sum()),
        "orders_with_discount": int(has_disc.sum()),
        "order_items": int(item_order.size),
    }
    return orders, items, stats


def order_faults(end_s: int) -> list[F.Fault]:
    return [
        F.null_key("order_id"),
        F.Fault("negative_amount", "order_total", F.negative_amount),
        F.Fault("non_numeric_amount", "order_total", V.BAD_AMOUNTS),
        F.Fault("unknown_currency", "currency", V.UNKNOWN_CURRENCIES),
        F.bad_ts("ordered_at"),
        F.fut_ts("ordered_at", end_s),
        F.Fault("unknown_status", "status", ("pending??", "lost", "unknown", "in limbo")),
        F.DUPLICATE,
    ]


def item_faults() -> list[F.Fault]:
    return [
        F.null_key("order_id"),
        F.Fault("null_product_id", "product_id", None),
        F.Fault("bad_quantity", "quantity", ("-1", "two", "0", "1.5", "")),
        F.Fault("non_numeric_amount", "unit_price", V.BAD_AMOUNTS),
        F.Fault("unknown_product_id", "product_id", ("SKU-99999", "SKU-00000", "sku-???")),
        F.DUPLICATE,
    ]
