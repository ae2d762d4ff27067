"""German function words left out of the SQLite index and of queries.

PostgreSQL's `german` configuration drops its own list of such words; this one is written
to cover the same everyday articles, pronouns, prepositions, conjunctions and auxiliaries, so
that a query such as "die Verhandlung" behaves alike on both backends.
"""

_GROUPS = (
    "der die das des dem den ein eine einer eines einem einen",
    "und oder aber sondern denn doch als wie wenn weil dass ob damit sowie bis",
    "ich du er sie es wir ihr mich dich sich uns euch mir dir ihm ihn ihnen",
    "mein meine meiner meines meinem meinen dein deine deiner deines deinem deinen",
    "sein seine seiner seines seinem seinen ihre ihrer ihres ihrem ihren",
    "unser unsere unserer unseres unserem unseren euer eure eurer eures eurem euren",
    "dieser diese dieses diesem diesen jener jene jenes jenem jenen",
    "welcher welche welches welchem welchen solcher solche solches solchem solchen",
    "man jede jeder jedes jedem jeden alle aller alles allem allen",
    "manche mancher manches manchem manchen einige einiger einiges einigem einigen",
    "kein keine keiner keines keinem keinen nichts etwas",
    "in im an am auf aus bei mit nach von vom zu zum zur für um über unter vor hinter",
    "neben zwischen durch gegen ohne seit während wegen ins ans aufs",
    "ist bin bist sind seid war waren warst wart gewesen wird werden wirst werdet wurde",
    "wurden hat habe hast haben habt hatte hatten hattest hattet",
    "kann können konnte konnten muss müssen musste mussten soll sollen sollte sollten",
    "will wollen wollte wollten darf dürfen durfte",
    "nicht auch noch schon nur so sehr hier dort da dann jetzt nun immer wieder",
    "ja nein mehr viel viele vielen wo was wer wem wen wessen warum weshalb",
)
STOPWORDS = frozenset(word for group in _GROUPS for word in group.split())
