"""Invented German news texts for the story tests (written for these tests, no real sources)."""

SCHULGESETZ_TITLE = "Landtag beschließt neues Schulgesetz für Niedersachsen"
SCHULGESETZ = (
    "Der niedersächsische Landtag hat am Mittwoch mit knapper Mehrheit ein neues Schulgesetz "
    "verabschiedet. Künftig sollen Grundschulen in kleinen Gemeinden auch mit weniger als achtzig "
    "Kindern erhalten bleiben dürfen. Kultusministerin Helga Brenneke sprach von einem „guten Tag "
    "für den ländlichen Raum“. Die Opposition kritisierte, dass für die zusätzlichen Lehrerstellen "
    "kein Geld im Haushalt eingeplant sei. Nach Angaben des Ministeriums betrifft die Regelung "
    "rund "
    "140 Standorte zwischen Harz und Nordsee. Elternverbände hatten monatelang für den Erhalt der "
    "kleinen Schulen demonstriert. In Lüneburg versammelten sich am Vormittag mehrere hundert "
    "Menschen vor dem Rathaus. Das Gesetz soll zum Beginn des kommenden Schuljahres in Kraft "
    "treten. Die Landesregierung will die Folgen nach drei Jahren von einer unabhängigen "
    "Kommission "
    "prüfen lassen."
)

# same topic, different story: must not count as a copy, nor join the story above by text alone
LEHRERVERBAND_TITLE = "Lehrerverband warnt vor Personalnot an kleinen Grundschulen"
LEHRERVERBAND = (
    "Der Lehrerverband in Niedersachsen sieht die kleinen Grundschulen auf dem Land vor großen "
    "Problemen. Schon heute könnten viele Stellen in den Dörfern nicht besetzt werden, erklärte "
    "Verbandschef Torsten Ahlmann in Hannover. Junge Lehrkräfte zögen lieber in die Städte, wo es "
    "Wohnungen und kurze Wege gebe. Der Verband fordert Zulagen für Lehrerinnen und Lehrer, die "
    "sich "
    "für eine Schule im ländlichen Raum entscheiden. Auch der Unterricht in jahrgangsgemischten "
    "Klassen müsse in der Ausbildung eine größere Rolle spielen. Die Landesregierung verwies auf "
    "ein Programm, mit dem im vergangenen Jahr zweihundert Quereinsteiger gewonnen worden seien."
)

ELBE_TITLE = "Elbe-Hochwasser: Dresden sperrt Uferstraßen"
ELBE = (
    "Wegen des steigenden Pegels der Elbe hat die Stadt Dresden mehrere Uferstraßen gesperrt. Am "
    "Morgen lag der Wasserstand bei sechs Metern und zwanzig Zentimetern, teilte das Umweltamt "
    "mit. "
    "Die Feuerwehr baute in der Altstadt mobile Schutzwände auf. Schiffe der Weißen Flotte bleiben "
    "bis auf Weiteres an den Anlegestellen. Meteorologen erwarten für das Erzgebirge weitere "
    "kräftige Regenfälle. Anwohner in Laubegast wurden gebeten, Keller und Garagen auszuräumen. "
    "Nach Einschätzung des Hochwasserzentrums könnte der Scheitel am Freitagabend erreicht werden."
)

GASPREIS_TITLE = "Stadtwerke Kassel erhöhen den Gaspreis zum Jahreswechsel"
GASPREIS = (
    "Die Stadtwerke Kassel heben zum ersten Januar ihre Gaspreise an. Ein Haushalt mit einem "
    "Verbrauch von zwanzigtausend Kilowattstunden zahle dann etwa hundertvierzig Euro mehr im "
    "Jahr, "
    "teilte das Unternehmen mit. Grund seien gestiegene Kosten für Netzentgelte und den Einkauf. "
    "Die Verbraucherzentrale Hessen rät Kunden, Angebote zu vergleichen und ihr "
    "Sonderkündigungsrecht "
    "zu prüfen. Die Stromtarife bleiben nach Angaben der Stadtwerke vorerst unverändert."
)
