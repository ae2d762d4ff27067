"""Public German news feeds seeded on first start (the admin can remove or change them)."""

DEFAULT_SOURCES: list[tuple[str, str, str]] = [
    # (name, feed URL, Ressort for all its items; "" = decide per item)
    ("tagesschau.de", "https://www.tagesschau.de/index~rss2.xml", ""),
    ("tagesschau.de Inland", "https://www.tagesschau.de/inland/index~rss2.xml", "Politik"),
    ("tagesschau.de Ausland", "https://www.tagesschau.de/ausland/index~rss2.xml", "Ausland"),
    (
        "tagesschau.de Wirtschaft",
        "https://www.tagesschau.de/wirtschaft/index~rss2.xml",
        "Wirtschaft",
    ),
    ("ZDFheute", "https://www.zdf.de/rss/zdf/nachrichten", ""),
    ("Deutschlandfunk Nachrichten", "https://www.deutschlandfunk.de/nachrichten-100.rss", ""),
    ("Deutschlandfunk Wissen", "https://www.deutschlandfunk.de/wissen-106.rss", "Wissenschaft"),
    ("Deutschlandfunk Kultur", "https://www.deutschlandfunk.de/kulturportal-100.rss", "Kultur"),
    ("sportschau.de", "https://www.sportschau.de/index~rss2.xml", "Sport"),
    ("SPIEGEL Politik", "https://www.spiegel.de/politik/index.rss", "Politik"),
    ("SPIEGEL Wirtschaft", "https://www.spiegel.de/wirtschaft/index.rss", "Wirtschaft"),
    ("SPIEGEL Wissenschaft", "https://www.spiegel.de/wissenschaft/index.rss", "Wissenschaft"),
    ("ZEIT ONLINE Politik", "https://newsfeed.zeit.de/politik/index", "Politik"),
    ("ZEIT ONLINE Kultur", "https://newsfeed.zeit.de/kultur/index", "Kultur"),
    ("FAZ.NET Sport", "https://www.faz.net/rss/aktuell/sport/", "Sport"),
    ("Süddeutsche Zeitung Wirtschaft", "https://rss.sueddeutsche.de/rss/Wirtschaft", "Wirtschaft"),
]
