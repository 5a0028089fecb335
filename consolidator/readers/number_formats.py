"""List numbers written as Word and LibreOffice write them, for every w:numFmt they offer.

Words ("First", "Twenty-one", "Premier", "Двадцать первый") follow the document's language:
English is spelled here; other languages through num2words. Alphabets (Russian, Hebrew, Arabic,
Thai, Devanagari, Japanese kana, Korean) and counting systems (Chinese, Japanese, Korean) follow
LibreOffice's rendering, the yardstick the readers are measured against.
"""

from __future__ import annotations

from consolidator.numerals import doubled_letters, roman_numeral

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                  "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}

_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщыэюя"
_HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
_ARABIC_ALPHA = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ARABIC_ABJAD = "ابجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_THAI = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
_DEVANAGARI = "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह"
_AIUEO = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ"
_IROHA = "ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳヰﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼヱﾋﾓｾｽ"
_GANADA = "가나다라마바사아자차카타파하"
_CHOSUNG = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"
_CJK_DIGITS = "〇一二三四五六七八九"
_KOREAN_DIGITS = "영일이삼사오육칠팔구"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"

# formats written with an alphabet: letter n, then (like Word's a..z, aa..zz) doubled
_ALPHABETS = {"russianLower": _RUSSIAN, "russianUpper": _RUSSIAN.upper(),
              "arabicAlpha": _ARABIC_ALPHA, "arabicAbjad": _ARABIC_ABJAD, "thaiLetters": _THAI,
              "hindiVowels": _DEVANAGARI, "hindiConsonants": _DEVANAGARI,
              "aiueo": _AIUEO, "aiueoFullWidth": _AIUEO, "iroha": _IROHA,
              "irohaFullWidth": _IROHA}
# formats that run through their letters and start again
_CYCLES = {"ganada": _GANADA, "chosung": _CHOSUNG}
_CJK_COUNTING = frozenset({"chineseCounting", "chineseCountingThousand", "japaneseCounting",
                           "taiwaneseCounting", "taiwaneseCountingThousand",
                           "japaneseDigitalTenThousand", "ideographLegalTraditional"})
_ORDINAL_SUFFIXES = {"fr": ("ᵉʳ", "ᵉ"), "de": (".", "."), "ru": ("-й", "-й"),
                     "es": (".º", ".º"), "it": ("º", "º"), "pt": ("º", "º")}


def format_number(value: int, fmt: str, lang: str = "en") -> str:
    """Returns `value` written in the numFmt `fmt`, in language `lang` ("en-GB", "fr-FR")."""
    if value < 0 or fmt in ("decimal", ""):
        return str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        text = doubled_letters(value, "abcdefghijklmnopqrstuvwxyz")
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = roman_numeral(value)
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("ordinal", "ordinalText", "cardinalText"):
        return _in_words(value, fmt, lang)
    if fmt == "none":
        return ""
    if fmt in _ALPHABETS:
        return doubled_letters(value, _ALPHABETS[fmt]) if value else str(value)
    if fmt in _CYCLES:
        letters = _CYCLES[fmt]
        return letters[(value - 1) % len(letters)] if value else str(value)
    if fmt == "hebrew1":
        return _hebrew_numeral(value)
    if fmt == "hebrew2":
        return _bijective(value, _HEBREW)
    return _east_asian(value, fmt)


def _east_asian(value: int, fmt: str) -> str:
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _enclosed(value)
    if fmt in _CJK_COUNTING:
        return _cjk_counting(value)
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[value - 1] if 1 <= value <= 10 else str(value)
    if fmt == "ideographZodiac":
        return _EARTHLY_BRANCHES[value - 1] if 1 <= value <= 12 else str(value)
    if fmt == "ideographDigital":
        return "".join(_CJK_DIGITS[int(d)] for d in str(value))
    if fmt == "koreanCounting":
        return _cjk_counting(value, _KOREAN_DIGITS, "십백천", korean=True)
    if fmt in ("koreanDigital", "koreanDigital2"):
        return "".join(_KOREAN_DIGITS[int(d)] for d in str(value))
    return str(value)  # decimal look-alikes (full width, enclosed in a full stop or parentheses)


def _in_words(value: int, fmt: str, lang: str) -> str:
    language = (lang or "en").replace("_", "-").split("-")[0].lower()
    if fmt == "ordinal":
        if language == "en":
            return _english_ordinal_suffix(value)
        first, other = _ORDINAL_SUFFIXES.get(language, ("", ""))
        return f"{value}{first if value == 1 else other}" if first else \
            _english_ordinal_suffix(value)
    if language == "en" or not _num2words_knows(language):
        words = _english_words(value)
        if fmt == "ordinalText":
            words = _english_ordinal_words(words)
    else:
        from num2words import num2words

        words = num2words(value, lang=language, to="ordinal" if fmt == "ordinalText" else
                          "cardinal")
        if language == "fr":  # written with hyphens throughout (1990), as LibreOffice does
            words = words.replace(" ", "-")
    return words[:1].upper() + words[1:]


def _num2words_knows(language: str) -> bool:
    try:
        from num2words import CONVERTER_CLASSES
    except ImportError:
        return False
    return language in CONVERTER_CLASSES


def _english_ordinal_suffix(value: int) -> str:
    if 10 <= value % 100 <= 20:
        return f"{value}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def _english_words(value: int) -> str:
    """Returns `value` in English words as Word writes them ("one hundred twenty-one")."""
    if value < 20:
        return _ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand"),
                       (100, "hundred")):
        if value >= size:
            head, rest = divmod(value, size)
            return f"{_english_words(head)} {name}" + (f" {_english_words(rest)}" if rest
                                                        else "")
    return str(value)


def _english_ordinal_words(words: str) -> str:
    """Returns the ordinal of English cardinal words ("twenty-one" -> "twenty-first")."""
    head, sep, last = max((words.rpartition(" "), words.rpartition("-")),
                          key=lambda parts: len(parts[0]))
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def _bijective(value: int, letters: str) -> str:
    """Returns `value` in bijective base len(letters) (א ... ת, אא, אב ...), as LibreOffice."""
    out = []
    while value > 0:
        value, digit = divmod(value - 1, len(letters))
        out.append(letters[digit])
    return "".join(reversed(out)) or "0"


def _hebrew_numeral(value: int) -> str:
    """Returns `value` in Hebrew numerals (gematria): יא for 11, טו and טז for 15 and 16."""
    if not 0 < value < 1000:
        return str(value)
    hundreds, rest = divmod(value, 100)
    out = ("", "ק", "ר", "ש", "ת", "תק", "תר", "תש", "תת", "תתק")[hundreds]
    if rest in (15, 16):
        return out + ("טו" if rest == 15 else "טז")
    tens, ones = divmod(rest, 10)
    return out + ("", "י", "כ", "ל", "מ", "נ", "ס", "ע", "פ", "צ")[tens] + \
        ("", "א", "ב", "ג", "ד", "ה", "ו", "ז", "ח", "ט")[ones]


def _enclosed(value: int) -> str:
    """Returns ① .. ⑳, ㉑ .. ㉟, ㊱ .. ㊿; digits beyond."""
    if 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if 21 <= value <= 35:
        return chr(0x3251 + value - 21)
    if 36 <= value <= 50:
        return chr(0x32B1 + value - 36)
    return str(value)


def _cjk_counting(value: int, digits: str = _CJK_DIGITS, units: str = "十百千",
                  korean: bool = False) -> str:
    """Returns `value` in Chinese/Japanese (or Sino-Korean) counting: 一, 十二, 二十一, 一百零五."""
    if value == 0:
        return digits[0]
    if value >= 10_000:
        return str(value)
    out = []
    pending_zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = value // power % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero and not korean:
            out.append("零")  # 一百零五: a gap inside the number
        pending_zero = False
        # 十二 (not 一十二) and, in Korean, 백, 천 (not 일백, 일천)
        leading_one = digit == 1 and unit and (korean or (unit == units[0] and not out))
        out.append(("" if leading_one else digits[digit]) + unit)
    return "".join(out)
