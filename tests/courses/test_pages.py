"""The courses pages, read as a new reader would (tests/courses_support.py)."""
from __future__ import annotations

import re

import pytest

from tests.courses_support import TODAY


def text(response) -> str:
    return response.get_data(as_text=True)


def test_list_shows_programmes_and_upcoming_sessions_not_ended_ones(courses):
    page = text(courses.get("/en/courses"))
    for programme in ("pla-a1-a2", "pla-b1-b2", "plnm-school", "portuguese-online", "staff-training-iom"):
        assert f'href="/en/courses/{programme}"' in page
    assert "/en/courses/pla-a1-a2/lisboa-pla-a1-a2-evening" in page
    assert "/en/courses/pla-b1-b2/online-pla-b1-b2" in page
    assert "/en/courses/pla-a1-a2/porto-provider-pla" in page
    assert "ended-pla" not in page
    assert '<html lang="en" dir="ltr">' in page


@pytest.mark.parametrize("query, shown, hidden", [
    ("format=online", ["online-pla-b1-b2"], ["lisboa-pla-a1-a2-evening", "porto-provider-pla"]),
    ("district=Lisboa", ["lisboa-pla-a1-a2-evening"], ["online-pla-b1-b2", "porto-provider-pla"]),
    ("municipality=Porto", ["porto-provider-pla"], ["lisboa-pla-a1-a2-evening"]),
    ("language=en", ["porto-provider-pla"], ["lisboa-pla-a1-a2-evening"]),
    ("level=B1", ["online-pla-b1-b2"], ["lisboa-pla-a1-a2-evening"]),
    ("within=2", ["lisboa-pla-a1-a2-evening"], ["online-pla-b1-b2", "porto-provider-pla"]),
    ("audience=staff", [], ["lisboa-pla-a1-a2-evening", "online-pla-b1-b2"]),
    ("kind=portuguese&format=blended", ["porto-provider-pla"], ["online-pla-b1-b2"]),
])
def test_filters_are_a_plain_get_form(courses, query, shown, hidden):
    response = courses.get(f"/en/courses?{query}")
    assert response.status_code == 200
    page = text(response)
    for session_id in shown:
        assert session_id in page
    for session_id in hidden:
        assert session_id not in page
    assert '<form method="get" action="/en/courses"' in page


@pytest.mark.parametrize("query", ["level=D1", "within=-3", "within=banana", "district=Atlantis",
                                   "format=telepathy&format=online", "municipality=%00", "language=xx"])
def test_filter_nonsense_shows_everything_with_a_message(courses, query):
    response = courses.get(f"/en/courses?{query}")
    assert response.status_code == 200
    page = text(response)
    assert "were not understood" in page
    assert "lisboa-pla-a1-a2-evening" in page and "online-pla-b1-b2" in page


def test_lisboa_district_lists_its_providers_and_the_directory(courses):
    page = text(courses.get("/en/courses?district=Lisboa"))
    section = page.split('id="find-heading"', 1)[1]
    assert 'href="/en/services/cnaim-lisboa"' in section  # hosts an upcoming session
    # the directory says it gives Portuguese classes
    assert 'href="/en/services/claim-renovar-mouraria"' in section
    assert 'href="/en/services?district=Lisboa"' in section
    assert "Escola de teste do Porto" not in section


def test_nepali_reader_finds_what_pla_is_and_what_a2_is_good_for(courses):
    page = text(courses.get("/ne/courses/pla-a1-a2"))
    assert '<html lang="ne" dir="ltr">' in page
    assert "Português Língua de Acolhimento (PLA): A1+A2 तह" in page
    assert "स्थायी बसोबास अनुमति" in page  # permanent residence, in Nepali
    assert "नागरिकता" in page  # nationality
    assert 'href="/ne/guides/nationality"' in page


def test_programme_page_marks_unconfirmed_facts_and_shows_last_checked(courses):
    page = text(courses.get("/en/courses/portuguese-online"))
    assert "Please check" in page
    assert "no certificate that counts for permanent residence or nationality" in page
    assert "Last checked:" in page


def test_programme_page_in_a_language_without_text_falls_back_to_portuguese(courses):
    page = text(courses.get("/ar/courses/staff-training-iom"))
    assert '<html lang="ar" dir="rtl">' in page
    assert "تدريب العاملين في الشبكة" in page  # title and summary are translated
    assert 'lang="pt-PT"' in page  # the description is not: shown in Portuguese, with a notice
    assert "A OIM, com o ACM" in page
    assert 'class="notice"' in page
    assert 'class="notice"' not in text(courses.get("/ne/courses/pla-a1-a2")).split("<article")[0].replace(
        'class="notice machine"', "")


def test_programme_sessions_nearest_first_when_a_district_is_chosen(courses):
    porto = text(courses.get("/en/courses/pla-a1-a2?district=Porto"))
    assert porto.index("porto-provider-pla") < porto.index("lisboa-pla-a1-a2-evening")
    lisboa = text(courses.get("/en/courses/pla-a1-a2?district=Lisboa"))
    assert lisboa.index("lisboa-pla-a1-a2-evening") < lisboa.index("porto-provider-pla")
    # no session in Setúbal: Lisboa (about 40 km away) comes before Porto
    setubal = text(courses.get("/en/courses/pla-a1-a2?district=Set%C3%BAbal"))
    assert setubal.index("lisboa-pla-a1-a2-evening") < setubal.index("porto-provider-pla")
    braga = text(courses.get("/en/courses/pla-a1-a2?district=Braga"))
    assert braga.index("porto-provider-pla") < braga.index("lisboa-pla-a1-a2-evening")


def test_session_page_links_its_place_enrolment_and_phone(courses):
    page = text(courses.get("/en/courses/pla-a1-a2/lisboa-pla-a1-a2-evening"))
    assert 'href="/en/services/cnaim-lisboa"' in page
    assert 'href="tel:+351218106100"' in page
    assert "Enrol at the front desk" in page
    assert 'href="/en/courses/pla-a1-a2/lisboa-pla-a1-a2-evening.ics"' in page
    assert "Monday" in page and "Wednesday" in page


def test_ended_unknown_or_misfiled_sessions_are_not_found_in_the_readers_language(courses):
    for path in ("/fr/courses/pla-a1-a2/ended-pla", "/fr/courses/pla-a1-a2/nope",
                 "/fr/courses/pla-b1-b2/lisboa-pla-a1-a2-evening", "/fr/courses/nope"):
        response = courses.get(path)
        assert response.status_code == 404, path
        assert '<html lang="fr"' in text(response)


def test_guides_link_to_the_programmes_that_count_their_certificate(courses):
    for guide in ("portuguese-courses-pla", "residence-permits-aima", "nationality"):
        page = text(courses.get(f"/en/guides/{guide}"))
        assert 'href="/en/courses/pla-a1-a2"' in page, guide
    assert 'href="/en/courses/plnm-school"' in text(courses.get("/en/guides/school-enrolment"))


def test_a_session_drops_off_the_day_after_it_ends_without_a_publish(courses_site):
    client = courses_site.test_client()
    first = client.get("/en/courses")
    assert "online-pla-b1-b2" in text(first)
    courses_site.config["TODAY"] = "2027-02-27"  # the day after it ends
    try:
        later = client.get("/en/courses", headers={"If-None-Match": first.headers["ETag"]})
        assert later.status_code == 200
        assert "online-pla-b1-b2" not in text(later)
        assert client.get("/en/courses/pla-b1-b2/online-pla-b1-b2").status_code == 404
    finally:
        courses_site.config["TODAY"] = TODAY


def test_list_with_filters_is_cached_per_filter_not_per_random_parameter(courses):
    a = courses.get("/en/courses?format=online&r=1")
    b = courses.get("/en/courses?format=online&r=2")
    assert a.headers["ETag"] == b.headers["ETag"]
    assert courses.get("/en/courses").headers["ETag"] != a.headers["ETag"]


def test_pages_weigh_little(courses):
    for path in ("/en/courses", "/en/courses/pla-a1-a2", "/en/courses/pla-a1-a2/lisboa-pla-a1-a2-evening"):
        response = courses.get(path, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200
        assert len(response.get_data()) < 12_000, path
        assert not re.search(r"<script(?![^>]*src=)", text(courses.get(path)))
