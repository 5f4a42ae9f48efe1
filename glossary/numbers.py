"""Numbers in Swedish and English text, compared by value.

``extract_numbers(text, lang)`` finds every number with its character span and the
values it can stand for: ``1 000,5`` (Swedish) and ``1,000.5`` (English) both give
1000.5, ``3,5 miljarder`` and ``3.5 billion`` both give 3,500,000,000, ``kl. 14.30``
and ``14:30`` are the same time, ``3:e`` and ``3rd`` are 3, ``1990-talet`` and
``1990s`` are 1990. Written-out small numbers (``tre``, ``three``, ``tredje``) are
found too but marked ``written``: they may match a digit on the other side and are
never required. Signs are ignored (``-5 grader`` and ``minus 5 degrees`` agree).

``compare_numbers(source, target, src, tgt)`` pairs them up and returns what is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    rf"""(?<![\d])(?:
        (?P<grouped>\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?!\d))(?:[.,](?P<gdec>\d+))?
      | (?P<plain>\d+(?:[.,:]\d+)*)
    )""",
    re.VERBOSE,
)

_SCALES = {
    "sv": {
        "tusen": 10**3,
        "tkr": 10**3,
        "miljon": 10**6,
        "miljoner": 10**6,
        "milj": 10**6,
        "mkr": 10**6,
        "mn": 10**6,
        "miljard": 10**9,
        "miljarder": 10**9,
        "mdr": 10**9,
        "md": 10**9,
        "mdkr": 10**9,
        "biljon": 10**12,
        "biljoner": 10**12,
    },
    "en": {
        "thousand": 10**3,
        "million": 10**6,
        "millions": 10**6,
        "mn": 10**6,
        "billion": 10**9,
        "billions": 10**9,
        "bn": 10**9,
        "trillion": 10**12,
        "tn": 10**12,
    },
}

_SV_WORDS = {
    "noll": 0, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14,
    "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20,
    "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "åttio": 80,
    "nittio": 90, "hundra": 100, "tusen": 1000,
    "första": 1, "andra": 2, "tredje": 3, "fjärde": 4, "femte": 5, "sjätte": 6,
    "sjunde": 7, "åttonde": 8, "nionde": 9, "tionde": 10, "elfte": 11, "tolfte": 12,
    "trettonde": 13, "fjortonde": 14, "femtonde": 15, "sextonde": 16, "sjuttonde": 17,
    "artonde": 18, "nittonde": 19, "tjugonde": 20,
}  # fmt: skip
_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
_SV_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
    "september", "oktober", "november", "december",
)  # fmt: skip
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_WORDS = {"sv": _SV_WORDS, "en": _EN_WORDS}
# Month names count as written numbers, so "1.5.2023" agrees with "1 May 2023".
# English months only with a capital ("may" is a verb); Swedish ones are lower case.
_MONTHS = {
    "sv": {m: i for i, m in enumerate(_SV_MONTHS, 1)},
    "en": {m: i for i, m in enumerate(_EN_MONTHS, 1)},
}
# Words that are "one" only before a scale word: "en miljon", "a billion".
_ONE_BEFORE_SCALE = {"sv": ("en", "ett"), "en": ("a", "one")}
_TENS = {
    "sv": ("tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio"),
    "en": ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"),
}


@dataclass(frozen=True)
class Number:
    """One number in a text: its span, its text and the values it may stand for."""

    start: int
    end: int
    text: str
    values: frozenset[str]
    written: bool = False

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True)
class NumberMismatch:
    """A source number without a partner in the target, or the reverse (or both, paired)."""

    source: Number | None
    target: Number | None


def _key(value: Decimal | int) -> str:
    """A canonical string for a numeric value: 3.50 -> '3.5', 1E+3 -> '1000'."""
    d = Decimal(value).normalize()
    return format(d, "f")


def _scale_pattern(lang: str) -> re.Pattern[str]:
    words = sorted(_SCALES.get(lang, {}), key=len, reverse=True)
    return re.compile(
        rf"[{_SPACES}]?(?:{'|'.join(words)})\.?(?![\w])" if words else r"(?!)", re.IGNORECASE
    )


_SCALE_RE = {lang: _scale_pattern(lang) for lang in _SCALES}
_DECADE = {"sv": r"-tal", "en": r"['’]?s\b"}
_TIME_SUFFIX = re.compile(r"\s?(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)


def _interpret(token: str, lang: str, is_time_context: bool) -> list[set[str]]:
    """The values a plain digit token stands for; several numbers for lists and dates."""
    parts = re.split(r"[.,:]", token)
    seps = re.findall(r"[.,:]", token)
    if not seps:
        return [{_key(int(token))}]
    if set(seps) == {":"}:
        if len(parts) == 2:
            return [{"T" + ":".join(str(int(p)) for p in parts)}]
        return [{_key(int(p))} for p in parts]
    if ":" in seps:
        return [{_key(int(p))} for p in parts]
    groups_of_three = len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) and len(parts[0]) <= 3
    if len(set(seps)) == 2:
        # "1,000.5" or "1.000,5": the last separator is the decimal mark.
        dec = seps[-1]
        whole = "".join(parts[:-1])
        if all(s != dec for s in seps[:-1]):
            return [{_key(Decimal(f"{whole}.{parts[-1]}"))}]
        return [{_key(int(p))} for p in parts]
    sep = seps[0]
    if len(seps) > 1:
        if groups_of_three:
            return [{_key(int("".join(parts)))}]
        return [{_key(int(p))} for p in parts]  # a date such as 1.5.2023
    whole, frac = parts
    decimal = _key(Decimal(f"{whole}.{frac}"))
    thousands = _key(int(whole + frac)) if groups_of_three else None
    decimal_mark = "," if lang == "sv" else "."
    if sep == decimal_mark:
        if is_time_context and len(frac) == 2:
            return [{decimal, f"T{int(whole)}:{int(frac)}"}]
        return [{decimal}]
    # The other language's mark: thousands if the groups fit, else a decimal written
    # the other way (a Swedish decimal comma left in English, or "14.30" for a time).
    values = {thousands} if thousands else {decimal}
    if lang == "sv" and sep == "." and len(frac) == 2 and int(whole) <= 24:
        values = {decimal, f"T{int(whole)}:{int(frac)}"}
    elif lang == "sv" and thousands:
        values.add(decimal)
    elif is_time_context and len(frac) == 2:
        values.add(f"T{int(whole)}:{int(frac)}")
    return [values]


def _scaled(values: set[str], factor: int) -> set[str]:
    out = set()
    for v in values:
        if v.startswith("T"):
            out.add(v)
        else:
            out.add(_key(Decimal(v) * factor))
    return out


def _with_pm(values: set[str], suffix: str) -> set[str]:
    """Values of a clock time written with a.m./p.m.: "6 a.m." is also 06:00, "6 p.m." 18:00."""
    out = set(values)
    for v in values:
        if "." not in v and not v.startswith("T") and int(v) <= 12:
            out.add(f"T{int(v) % 12 if 'a' in suffix.lower() else int(v)}:0")
    if "p" not in suffix.lower():
        return out
    for v in list(out):
        if v.startswith("T"):
            hour, minute = v[1:].split(":")
            if int(hour) < 12:
                out.add(f"T{int(hour) + 12}:{minute}")
        elif "." not in v and int(v) < 12:
            out.add(_key(int(v) + 12))
    return out


def _digit_numbers(text: str, lang: str) -> list[Number]:
    found: list[Number] = []
    scale_re = _SCALE_RE.get(lang, _SCALE_RE["en"])
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        after = text[end:]
        suffix = _TIME_SUFFIX.match(after)
        if m.group("grouped"):
            whole = re.sub(rf"[{_SPACES}]", "", m.group("grouped"))
            dec = m.group("gdec")
            value = Decimal(f"{whole}.{dec}") if dec else Decimal(whole)
            groups = [{_key(value)}]
        else:
            groups = _interpret(m.group("plain"), lang, bool(suffix))
        if len(groups) == 1:
            values = groups[0]
            scale = scale_re.match(after)
            if scale:
                word = scale.group(0).strip(_SPACES + ".").lower()
                values = _scaled(values, _SCALES.get(lang, _SCALES["en"])[word])
                end += scale.end()
            elif suffix:
                values = _with_pm(values, suffix.group(0))
                end += suffix.end()
            elif len(m.group(0)) == 2 and re.match(_DECADE.get(lang, r"(?!)"), after):
                # "90-talet", "the 90s": the decade of 1990 (or 2090).
                values = values | {_key(1900 + int(m.group(0))), _key(2000 + int(m.group(0)))}
            found.append(Number(start, end, text[start:end], frozenset(values)))
        else:
            # Several numbers in one token (a date, a list): give each its own span.
            pos = start
            for part, values in zip(re.split(r"[.,:]", m.group(0)), groups, strict=False):
                s = text.index(part, pos)
                found.append(Number(s, s + len(part), part, frozenset(values)))
                pos = s + len(part)
    return found


def _word_numbers(text: str, lang: str) -> list[Number]:
    words = _WORDS.get(lang)
    if not words:
        return []
    scales = _SCALES.get(lang, {})
    tens = _TENS.get(lang, ())
    ones = {w: v for w, v in words.items() if 1 <= v <= 9}
    found: list[Number] = []
    tokens = list(re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)?", text))
    for i, m in enumerate(tokens):
        word = m.group(0).lower()
        value: int | None = words.get(word, _MONTHS[lang].get(m.group(0)))
        if value is None:
            # tjugofem / twenty-five
            for t in tens:
                rest = word[len(t) :].lstrip("-")
                if word.startswith(t) and rest in ones:
                    value = words[t] + ones[rest]
                    break
        if value is None and "-" in word:
            value = words.get(word.rsplit("-", 1)[1])  # non-zero, half-dozen: the last part
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        scale_word = nxt.group(0).lower() if nxt else ""
        between = text[m.end() : nxt.start()] if nxt else ""
        if value is None and word in _ONE_BEFORE_SCALE.get(lang, ()):
            value = 1 if scale_word in scales and between.strip() == "" else None
        if value is None:
            continue
        end = m.end()
        if scale_word in scales and between.strip() == "":
            value *= scales[scale_word]
            end = nxt.end()
        found.append(Number(m.start(), end, text[m.start() : end], frozenset({_key(value)}), True))
    return found


def extract_numbers(text: str, lang: str) -> list[Number]:
    """Every number in ``text`` (digits and written-out words), in text order."""
    digits = _digit_numbers(text, lang)
    written = [
        w
        for w in _word_numbers(text, lang)
        if not any(d.start < w.end and w.start < d.end for d in digits)
    ]
    return sorted(digits + written, key=lambda n: n.start)


def compare_numbers(
    source: str, target: str, src: str = "sv", tgt: str = "en"
) -> list[NumberMismatch]:
    """Numbers that do not agree between a source and its translation.

    Digit numbers must find a partner of equal value on the other side; written-out
    numbers may be a partner but are never required. Leftovers are paired in order.
    """
    src_nums = extract_numbers(source, src)
    tgt_nums = extract_numbers(target, tgt)
    used: set[int] = set()
    missing: list[Number] = []
    # Digits first, so a written "one" never steals the partner of a digit 1.
    order = sorted(range(len(src_nums)), key=lambda i: src_nums[i].written)
    for i in order:
        number = src_nums[i]
        candidates = [
            j for j, t in enumerate(tgt_nums) if j not in used and t.values & number.values
        ]
        if candidates:
            candidates.sort(key=lambda j: tgt_nums[j].written)
            used.add(candidates[0])
        elif not number.written:
            missing.append(number)
    extra = [t for j, t in enumerate(tgt_nums) if j not in used and not t.written]
    out = [NumberMismatch(s, t) for s, t in zip(missing, extra, strict=False)]
    out += [NumberMismatch(s, None) for s in missing[len(extra) :]]
    out += [NumberMismatch(None, t) for t in extra[len(missing) :]]
    return out
