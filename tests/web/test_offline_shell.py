"""The worker's built-in fallback and the one-app manifest model, in process."""
import json

from portal.i18n import LANGUAGES


def worker_config(client) -> dict:
    body = client.get("/sw.js").get_data(as_text=True)
    return json.loads(body.split("\n", 1)[0].removeprefix("const ACOLHER = ").removesuffix(";"))


def test_worker_fallback_has_each_languages_tag_direction_and_words(web):
    fallback = worker_config(web)["fallback"]
    assert set(fallback) == set(LANGUAGES)
    assert fallback["ar"]["dir"] == "rtl" and fallback["zh"]["tag"] == "zh-Hans"
    assert fallback["pt"]["title"] == "Está sem internet"
    assert fallback["en"] == {"tag": "en", "dir": "ltr", "title": "You are offline", "retry": "Reload",
                              "help": "Help now"}


def test_every_manifest_is_the_same_app(web):
    manifests = [web.get(f"/{code}/manifest.webmanifest").get_json() for code in LANGUAGES]
    assert {(m["id"], m["scope"], m["start_url"]) for m in manifests} == {("/", "/", "/")}
    assert len({m["lang"] for m in manifests}) == len(LANGUAGES)
    for manifest in manifests:
        forms = {shot["form_factor"]: shot for shot in manifest["screenshots"]}
        assert forms["narrow"]["sizes"] == "360x740" and forms["wide"]["sizes"] == "1280x720"
        assert all(shortcut["icons"][0]["sizes"] == "96x96" for shortcut in manifest["shortcuts"])
        image = web.get(forms["narrow"]["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"
        image.close()
