import pytest

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
