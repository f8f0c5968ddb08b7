from sitebuild import alert


def test_fixture_site_builds_an_alert(fixture_site):
    fixture_site.write("alerts/van-thefts.md", alert())
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    assert "Van thefts in March" in build.read("alerts/van-thefts/index.html")
