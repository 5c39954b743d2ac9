"""Vectorised string building for the generator: NumPy for numbers, Arrow for text.

Nothing here loops over rows in Python. Fixed-width text (timestamps, dates, ids,
UUIDs) is written as bytes into a ``uint8`` matrix and handed to Arrow as a string
buffer; free text is assembled with Arrow compute kernels.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

S = pa.string()
NULL = pa.scalar(None, S)
_B62 = np.frombuffer(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8
)

# timestamp styles: 0 `...T08:00:00Z`, 1 `...T10:00:00+02:00`, 2 `... 08:00:00`, 3 `...T08:00:00`
TS_Z, TS_OFFSET, TS_SPACE, TS_NAIVE = 0, 1, 2, 3
OFFSETS_MIN = np.array([60, 120, -300, -240, -420, 0, 330, -360, 60, 120], dtype=np.int64)
# date styles: 0 `1984-07-21`, 1 `1984/07/21`, 2 `21.07.1984`
DATE_ISO, DATE_SLASH, DATE_DOT = 0, 1, 2


def starts_of(counts: np.ndarray) -> np.ndarray:
    """Offsets of consecutive groups of the given sizes: [3, 1, 2] -> [0, 3, 4]."""
    counts = np.asarray(counts, dtype=np.int64)
    return np.cumsum(counts) - counts


def arr(values: Sequence[str | None] | np.ndarray) -> pa.Array:
    return pa.array(values, type=S)


def take(options: Sequence[str | None] | pa.Array, idx: np.ndarray) -> pa.Array:
    """options[idx] as an Arrow string array (options may contain None)."""
    if not isinstance(options, pa.Array):
        options = pa.array(list(options), type=S)
    return options.take(pa.array(np.asarray(idx, dtype=np.int64)))


def cat(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation; a NULL part makes the result NULL."""
    return pc.binary_join_element_wise(*parts, "")


def where(mask: np.ndarray, a: pa.Array | str | None, b: pa.Array | str | None) -> pa.Array:
    a = NULL if a is None else a
    b = NULL if b is None else b
    if isinstance(a, str):
        a = pa.scalar(a, S)
    if isinstance(b, str):
        b = pa.scalar(b, S)
    return pc.if_else(pa.array(np.asarray(mask, dtype=bool)), a, b)


def null_where(values: pa.Array, mask: np.ndarray) -> pa.Array:
    return where(mask, None, values)


def replace_rows(
    values: pa.Array, rows: np.ndarray, new: pa.Array | Sequence[str | None]
) -> pa.Array:
    """values with values[rows[i]] = new[i]."""
    rows = np.asarray(rows, dtype=np.int64)
    if rows.size == 0:
        return values
    if not isinstance(new, pa.Array):
        new = pa.array(list(new), type=S)
    order = np.argsort(rows, kind="stable")
    mask = np.zeros(len(values), dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(values, pa.array(mask), new.take(pa.array(order)))


def sparse(n: int, rows: np.ndarray, values: pa.Array) -> pa.Array:
    """Length-n array, NULL except values at `rows` (sorted ascending)."""
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(pa.nulls(n, S), pa.array(mask), values.cast(S))


def scatter(n: int, pieces: Sequence[tuple[np.ndarray, pa.Array]]) -> pa.Array:
    """Assemble an array of length n from (row indices, values) pieces covering every row."""
    idx = np.concatenate([np.asarray(i, dtype=np.int64) for i, _ in pieces])
    vals = pa.concat_arrays([v.cast(S) for _, v in pieces])
    inv = np.empty(n, dtype=np.int64)
    inv[idx] = np.arange(idx.size)
    return vals.take(pa.array(inv))


def from_matrix(mat: np.ndarray, lengths: np.ndarray | None = None) -> pa.Array:
    """Rows of a uint8 byte matrix as strings (the first lengths[i] bytes of row i)."""
    n, w = mat.shape
    if lengths is None:
        data = np.ascontiguousarray(mat).reshape(-1)
        offsets = np.arange(0, (n + 1) * w, w, dtype=np.int64)
    else:
        lengths = np.asarray(lengths, dtype=np.int64)
        data = mat[np.arange(w)[None, :] < lengths[:, None]]
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] < 2**31 - 1:
        return pa.StringArray.from_buffers(
            n, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data.tobytes())
        )
    big = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data.tobytes()))
    return big.cast(S)


def put_digits(mat: np.ndarray, col: int, values: np.ndarray, width: int) -> None:
    """Write zero-padded decimal digits of non-negative ints into mat[:, col:col+width]."""
    v = np.asarray(values, dtype=np.int64)
    if v.size and v.max() < 2**31:
        v = v.astype(np.int32)
    for k in range(width - 1, -1, -1):
        mat[:, col + k] = 48 + v % 10
        v = v // 10


def ndigits(max_value: int) -> int:
    return len(str(max(int(max_value), 0)))


def zpad(prefix: str, values: np.ndarray, width: int) -> pa.Array:
    """`prefix` + zero-padded number, e.g. zpad('A', [123], 6) -> 'A000123'."""
    values = np.asarray(values, dtype=np.int64)
    if values.size:
        width = max(width, ndigits(values.max()))
    p = np.frombuffer(prefix.encode(), dtype=np.uint8)
    mat = np.empty((values.size, p.size + width), dtype=np.uint8)
    mat[:, : p.size] = p
    put_digits(mat, p.size, values, width)
    return from_matrix(mat)


def int_str(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), S)


def money(cents: np.ndarray) -> pa.Array:
    """Integer cents -> '12.50' / '-3.05'."""
    cents = np.asarray(cents, dtype=np.int64)
    sign = where(cents < 0, "-", "")
    a = np.abs(cents)
    frac = np.empty((a.size, 2), dtype=np.uint8)
    put_digits(frac, 0, a % 100, 2)
    return cat(sign, int_str(a // 100), ".", from_matrix(frac))


def decimal_str(values: np.ndarray, places: int) -> pa.Array:
    """Non-negative floats rounded to `places` decimals, fixed notation."""
    scaled = np.rint(np.asarray(values, dtype=np.float64) * 10**places).astype(np.int64)
    frac = np.empty((scaled.size, places), dtype=np.uint8)
    put_digits(frac, 0, scaled % 10**places, places)
    return cat(int_str(scaled // 10**places), ".", from_matrix(frac))


def civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days since 1970-01-01 -> (year, month, day) (proleptic Gregorian, vectorised)."""
    z = np.asarray(days, dtype=np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = y + (m <= 2)
    return y, m, d


def _clock_table() -> np.ndarray:
    """'HH:MM:SS' for every second of a day, as 8-byte items."""
    sod = np.arange(86400)
    mat = np.empty((86400, 8), dtype=np.uint8)
    put_digits(mat, 0, sod // 3600, 2)
    mat[:, 2] = ord(":")
    put_digits(mat, 3, (sod // 60) % 60, 2)
    mat[:, 5] = ord(":")
    put_digits(mat, 6, sod % 60, 2)
    return mat.view("S8").reshape(-1)


_CLOCK: np.ndarray | None = None


def _ymd_items(days: np.ndarray, sep: int = ord("-")) -> tuple[np.ndarray, np.ndarray]:
    """('YYYY-MM-DD' items for days.min()..days.max(), index of each day into them)."""
    d0 = int(days.min())
    span = int(days.max()) - d0 + 1
    y, m, d = civil(np.arange(d0, d0 + span))
    mat = np.empty((span, 10), dtype=np.uint8)
    put_digits(mat, 0, y, 4)
    mat[:, 4] = sep
    put_digits(mat, 5, m, 2)
    mat[:, 7] = sep
    put_digits(mat, 8, d, 2)
    return mat.view("S10").reshape(-1), days - d0


def fmt_ts(epoch: np.ndarray, style: np.ndarray, offset_min: np.ndarray | None = None) -> pa.Array:
    """Epoch seconds (UTC) -> text in the given per-row style (TS_* constants).

    Style TS_OFFSET writes local time at `offset_min` with its `+HH:MM` suffix; the
    instant is unchanged.
    """
    global _CLOCK
    epoch = np.asarray(epoch, dtype=np.int64)
    style = np.asarray(style, dtype=np.int64)
    n = epoch.size
    if n == 0:
        return pa.array([], S)
    if offset_min is None:
        offset_min = np.zeros(n, dtype=np.int64)
    off = np.where(style == TS_OFFSET, np.asarray(offset_min, dtype=np.int64), 0)
    local = epoch + off * 60
    days = local // 86400
    sod = local - days * 86400
    if _CLOCK is None:
        _CLOCK = _clock_table()
    mat = np.empty((n, 25), dtype=np.uint8)
    if int(days.max()) - int(days.min()) < 100_000:
        items, i = _ymd_items(days)
        mat[:, 0:10] = items[i].view(np.uint8).reshape(n, 10)
    else:
        y, m, d = civil(days)
        put_digits(mat, 0, y, 4)
        mat[:, 4] = ord("-")
        put_digits(mat, 5, m, 2)
        mat[:, 7] = ord("-")
        put_digits(mat, 8, d, 2)
    mat[:, 10] = np.where(style == TS_SPACE, ord(" "), ord("T"))
    mat[:, 11:19] = _CLOCK[sod].view(np.uint8).reshape(n, 8)
    mat[:, 19] = np.where(style == TS_Z, ord("Z"), np.where(off < 0, ord("-"), ord("+")))
    a = np.abs(off)
    put_digits(mat, 20, a // 60, 2)
    mat[:, 22] = ord(":")
    put_digits(mat, 23, a % 60, 2)
    lengths = np.select([style == TS_Z, style == TS_OFFSET], [20, 25], 19)
    return from_matrix(mat, lengths)


def random_ts_styles(
    rng: np.random.Generator, n: int, p: Sequence[float] = (0.35, 0.2, 0.3, 0.15)
) -> tuple[np.ndarray, np.ndarray]:
    style = rng.choice(4, size=n, p=np.asarray(p) / np.sum(p))
    offset = OFFSETS_MIN[rng.integers(0, OFFSETS_MIN.size, size=n)]
    return style, offset


def mixed_ts(
    rng: np.random.Generator, epoch: np.ndarray, p: Sequence[float] = (0.35, 0.2, 0.3, 0.15)
) -> pa.Array:
    """Timestamps in a random mix of the contract's ISO formats."""
    style, offset = random_ts_styles(rng, np.asarray(epoch).size, p)
    return fmt_ts(epoch, style, offset)


def fmt_date(days: np.ndarray, style: np.ndarray) -> pa.Array:
    y, m, d = civil(days)
    style = np.asarray(style)
    n = y.size
    mat = np.empty((n, 10), dtype=np.uint8)
    dot = style == DATE_DOT
    iso = ~dot
    ymd = np.empty((int(iso.sum()), 10), dtype=np.uint8)
    put_digits(ymd, 0, y[iso], 4)
    put_digits(ymd, 5, m[iso], 2)
    put_digits(ymd, 8, d[iso], 2)
    sep = np.where(style[iso] == DATE_SLASH, ord("/"), ord("-"))
    ymd[:, 4] = sep
    ymd[:, 7] = sep
    mat[iso] = ymd
    dmy = np.empty((int(dot.sum()), 10), dtype=np.uint8)
    put_digits(dmy, 0, d[dot], 2)
    dmy[:, 2] = ord(".")
    put_digits(dmy, 3, m[dot], 2)
    dmy[:, 5] = ord(".")
    put_digits(dmy, 6, y[dot], 4)
    mat[dot] = dmy
    return from_matrix(mat)


def uuids(rng: np.random.Generator, n: int) -> pa.Array:
    """Random version-4-looking UUID strings (deterministic for a given generator state)."""
    b = rng.integers(0, 2**63 - 1, size=(n, 2), dtype=np.int64).view(np.uint8).reshape(n, 16)
    b[:, 6] = (b[:, 6] & 0x0F) | 0x40
    b[:, 8] = (b[:, 8] & 0x3F) | 0x80
    hexes = np.frombuffer(b.tobytes().hex().encode("ascii"), dtype=np.uint8).reshape(n, 32)
    mat = np.empty((n, 36), dtype=np.uint8)
    mat[:, 0:8] = hexes[:, 0:8]
    mat[:, 9:13] = hexes[:, 8:12]
    mat[:, 14:18] = hexes[:, 12:16]
    mat[:, 19:23] = hexes[:, 16:20]
    mat[:, 24:36] = hexes[:, 20:32]
    mat[:, [8, 13, 18, 23]] = ord("-")
    return from_matrix(mat)


def base62(prefix: str, values: np.ndarray, width: int) -> pa.Array:
    """`prefix` + fixed-width base-62 encoding of non-negative ints (Salesforce-like ids)."""
    values = np.asarray(values, dtype=np.int64)
    p = np.frombuffer(prefix.encode(), dtype=np.uint8)
    mat = np.empty((values.size, p.size + width), dtype=np.uint8)
    mat[:, : p.size] = p
    v = values.copy()
    for k in range(width - 1, -1, -1):
        mat[:, p.size + k] = _B62[v % 62]
        v //= 62
    return from_matrix(mat)


def spaces(rng: np.random.Generator, n: int, p_noise: float) -> tuple[pa.Array, pa.Array]:
    """(leading, trailing) whitespace for about p_noise of rows."""
    noisy = rng.random(n) < p_noise
    lead = np.where(noisy, rng.integers(0, 3, n), 0)
    trail = np.where(noisy, rng.integers(1, 3, n), 0)
    opts = ("", " ", "  ")
    return take(opts, lead), take(opts, trail)


def case_noise(
    rng: np.random.Generator, values: pa.Array, p_upper: float, p_lower: float, p_title: float = 0.0
) -> pa.Array:
    """Randomly upper-, lower- or title-case a share of rows."""
    u = rng.random(len(values))
    out = values
    up = u < p_upper
    lo = (u >= p_upper) & (u < p_upper + p_lower)
    ti = (u >= p_upper + p_lower) & (u < p_upper + p_lower + p_title)
    if up.any():
        out = pc.if_else(pa.array(up), pc.utf8_upper(values), out)
    if lo.any():
        out = pc.if_else(pa.array(lo), pc.utf8_lower(values), out)
    if ti.any():
        out = pc.if_else(pa.array(ti), pc.utf8_title(values), out)
    return out


def weighted(rng: np.random.Generator, weights: Sequence[float], n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    return rng.choice(w.size, size=n, p=w / w.sum())
