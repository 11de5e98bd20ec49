import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nhrp.core.textfold import fold


@pytest.mark.parametrize("a, b", [
    ("الإعدام", "الاعدام"),       # hamza below alef
    ("أسرة", "اسره"),             # hamza above alef, taa marbuta
    ("مستشفى", "مستشفي"),         # alef maqsura
    ("العــدالة", "العداله"),      # tatweel
    ("الْمَرْأَةُ", "المراه"),       # harakat
    ("کوردستان", "كوردستان"),     # Kurdish/Persian kaf
    ("هەرێم", "هةريم"),           # Sorani ae and yeh with v
    ("٢٠٢١", "2021"),             # Arabic-Indic digits
    ("Éducation", "education"),   # Latin accents and case
])
def test_variants_fold_together(a, b):
    assert fold(a) == fold(b)


def test_distinct_words_stay_distinct():
    assert fold("عدل") != fold("عمل")



def reference_fold(text: str) -> str:
    """The definition, character by character (fold() does the same in C-speed steps)."""
    import unicodedata

    from nhrp.core.textfold import _VARIANTS

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).translate(str.maketrans(_VARIANTS))


@settings(max_examples=400)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
       | st.text(alphabet="éüñاأإآةىیکـًٌٍَُِّْٰٔ٢۳x\u0301\u0654 ", max_size=30))
def test_fold_is_its_definition(text):
    assert fold(text) == reference_fold(text)
    assert fold(text) == reference_fold(text)  # again, once its characters were met
