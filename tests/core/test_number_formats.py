"""Every numbering format Word offers comes out as LibreOffice writes it, in the document's
language (issue #19, reader fidelity): a list numbered "First", "Twenty-first" or "Premier" no
longer comes out as digits."""

from __future__ import annotations

import pytest

from consolidator.readers import read_document
from consolidator.readers.number_formats import format_number
from tests.core.docx_factory import write_docx

# (format, language) -> the labels of 1, 2, 3, 11, 21 and 25, as LibreOffice 7.4 writes them
LIBREOFFICE = {
    ("ordinal", "en-US"): "1st 2nd 3rd 11th 21st 25th",
    ("ordinalText", "en-US"): "First Second Third Eleventh Twenty-first Twenty-fifth",
    ("cardinalText", "en-GB"): "One Two Three Eleven Twenty-one Twenty-five",
    ("ordinalText", "fr-FR"): "Premier Deuxième Troisième Onzième Vingt-et-unième "
                              "Vingt-cinquième",
    ("ordinal", "fr-FR"): "1ᵉʳ 2ᵉ 3ᵉ 11ᵉ 21ᵉ 25ᵉ",
    ("ordinalText", "de-DE"): "Erste Zweite Dritte Elfte Einundzwanzigste Fünfundzwanzigste",
    ("cardinalText", "de-DE"): "Eins Zwei Drei Elf Einundzwanzig Fünfundzwanzig",
    ("ordinalText", "ru-RU"): "Первый Второй Третий Одиннадцатый Двадцать_первый "
                              "Двадцать_пятый",
    ("ordinal", "ru-RU"): "1-й 2-й 3-й 11-й 21-й 25-й",
    ("cardinalText", "es-ES"): "Uno Dos Tres Once Veintiuno Veinticinco",
    ("chineseCounting", "zh-CN"): "一 二 三 十一 二十一 二十五",
    ("chineseCountingThousand", "zh-CN"): "一 二 三 十一 二十一 二十五",
    ("japaneseCounting", "ja-JP"): "一 二 三 十一 二十一 二十五",
    ("koreanCounting", "ko-KR"): "일 이 삼 십일 이십일 이십오",
    ("koreanDigital", "ko-KR"): "일 이 삼 일일 이일 이오",
    ("russianLower", "ru-RU"): "а б в л х щ",
    ("russianUpper", "ru-RU"): "А Б В Л Х Щ",
    ("hebrew1", "he-IL"): "א ב ג יא כא כה",
    ("hebrew2", "he-IL"): "א ב ג כ ש אג",
    ("arabicAlpha", "ar-SA"): "أ ب ت ز ق ن",
    ("arabicAbjad", "ar-SA"): "ا ب ج ك ش ذ",
    ("thaiLetters", "th-TH"): "ก ข ค ฎ ธ ผ",
    ("hindiVowels", "hi-IN"): "क ख ग ट प म",
    ("aiueo", "ja-JP"): "ｱ ｲ ｳ ｻ ﾅ ﾉ",
    ("iroha", "ja-JP"): "ｲ ﾛ ﾊ ﾙ ﾅ ヰ",
    ("ganada", "ko-KR"): "가 나 다 카 사 카",
    ("ideographTraditional", "zh-CN"): "甲 乙 丙 11 21 25",
    ("decimalEnclosedCircle", "en-US"): "① ② ③ ⑪ ㉑ ㉕",
    ("upperLetter", "en-US"): "A B C K U Y",
    ("decimalZero", "en-US"): "01 02 03 11 21 25",
}


@pytest.mark.parametrize("fmt, lang", LIBREOFFICE, ids=[f"{f}-{lang}" for f, lang in LIBREOFFICE])
def test_labels_are_written_as_libreoffice_writes_them(fmt, lang):
    want = [label.replace("_", " ") for label in LIBREOFFICE[fmt, lang].split()]
    assert [format_number(n, fmt, lang) for n in (1, 2, 3, 11, 21, 25)] == want


@pytest.mark.parametrize("value, cardinal, ordinal", [
    (12, "Twelve", "Twelfth"), (40, "Forty", "Fortieth"), (99, "Ninety-nine", "Ninety-ninth"),
    (100, "One hundred", "One hundredth"), (101, "One hundred one", "One hundred first"),
    (1000, "One thousand", "One thousandth"),
    (2024, "Two thousand twenty-four", "Two thousand twenty-fourth"),
])
def test_english_words_for_larger_numbers(value, cardinal, ordinal):
    assert format_number(value, "cardinalText", "en-GB") == cardinal
    assert format_number(value, "ordinalText", "en-GB") == ordinal


def test_chinese_counting_past_ninety_nine():
    assert [format_number(n, "chineseCountingThousand", "zh-CN") for n in (100, 105, 110, 2024)] \
        == ["一百", "一百零五", "一百一十", "二千零二十四"]


def _numbered(tmp_path, fmt: str, lang: str):
    numbering = (f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1 Part"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    styles = (f'<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="{lang}"/></w:rPr>'
              '</w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" '
              'w:styleId="Normal"><w:name w:val="Normal"/></w:style>')
    body = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
                   f"</w:pPr><w:r><w:t>Clause {n}</w:t></w:r></w:p>" for n in range(1, 4))
    return read_document(write_docx(tmp_path, body, styles=styles, numbering=numbering))


def test_a_document_numbered_in_words_reads_its_words(tmp_path):
    assert [b.label for b in _numbered(tmp_path, "ordinalText", "en-GB").blocks] == \
        ["First Part", "Second Part", "Third Part"]


def test_the_words_follow_the_document_language(tmp_path):
    assert [b.label for b in _numbered(tmp_path, "ordinalText", "fr-FR").blocks] == \
        ["Premier Part", "Deuxième Part", "Troisième Part"]
