"""What the portal stores: sources, articles with their versions, entities (tags) and the
record of rejected input. Times are UTC."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from meldungen.ingest.errors import editor_message, stored_message

from .visibility import ArticleQuerySet


def optional_link(to: object, related_name: str, verbose_name: str) -> models.ForeignKey:
    """A link that may be empty and is emptied when what it points to is deleted."""
    return models.ForeignKey(
        to,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class Source(models.Model):
    """A place news comes from: a polled feed or page, or a wire/file origin."""

    class Kind(models.TextChoices):
        FEED = "feed", "Feed"
        PAGE = "page", "Webseite"
        WIRE = "wire", "Agentur"
        FILE = "file", "Datei"

    name = models.CharField("Name", max_length=200)
    url = models.CharField("Adresse", max_length=2000, unique=True)
    kind = models.CharField("Art", max_length=10, choices=Kind.choices, default=Kind.FEED)
    ressort = models.CharField(
        "Ressort", max_length=50, blank=True, help_text="Ressort aller ihrer Meldungen"
    )
    interval_minutes = models.PositiveIntegerField("Abrufabstand (Minuten)", default=15)
    full_text = models.BooleanField(
        "Volltext holen",
        default=False,
        help_text="Bei Meldungen nur mit Anriss die Artikelseite holen und ihren Text übernehmen",
    )
    active = models.BooleanField("aktiv", default=True)
    licence = models.CharField(
        "Lizenz",
        max_length=500,
        blank=True,
        help_text="Lizenz aller Meldungen dieser Quelle, wenn die Meldungen selbst keine nennen: "
        "ein Name (z. B. „CC BY 4.0“) oder die Adresse der Lizenz",
    )
    # polling state
    etag = models.CharField("ETag", max_length=500, blank=True)
    last_modified = models.CharField("Last-Modified", max_length=100, blank=True)
    last_fetch_at = models.DateTimeField("letzter Abruf", null=True, blank=True)
    last_status = models.IntegerField("HTTP-Status", null=True, blank=True)
    last_error = models.TextField("letzter Fehler (technisch)", blank=True)
    last_error_code = models.CharField(
        "Fehlercode", max_length=40, blank=True, help_text="fetch:… oder reject:… (errors.py)"
    )
    error_count = models.PositiveIntegerField("Fehler in Folge", default=0)
    next_fetch_at = models.DateTimeField("nächster Abruf", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("angelegt", default=timezone.now)

    class Meta:
        verbose_name = "Quelle"
        verbose_name_plural = "Quellen"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("source", args=[self.pk])

    @property
    def last_error_message(self) -> str:
        """The last error in German for editors (the technical text when it has no code)."""
        return editor_message(self.last_error_code, self.last_error)

    @property
    def is_polled(self) -> bool:
        return self.kind in (self.Kind.FEED, self.Kind.PAGE) and self.url.startswith("http")


class Entity(models.Model):
    """A canonical entity (person, place, organisation, or a wire keyword); shown as a tag."""

    key = models.CharField("Schlüssel", max_length=300, unique=True)  # e.g. "per:wladimir-putin"
    name = models.CharField("voller Name", max_length=300)  # full canonical name
    display = models.CharField("Anzeige", max_length=300)  # what the tag line shows ("Putin")
    type = models.CharField("Typ", max_length=10, default="MISC")  # PER, LOC, ORG, MISC, KW
    slug = models.SlugField("Kurzname (URL)", max_length=300, unique=True)
    blocked = models.BooleanField("gesperrt", default=False, help_text="Nie als Tag zeigen")
    renamed = models.BooleanField(
        "von der Redaktion benannt",
        default=False,
        help_text="Die Anzeige hat die Redaktion gesetzt; die Anreicherung behält sie",
    )
    merged_into = optional_link("self", "merged", "zusammengeführt in")
    article_count = models.PositiveIntegerField("Meldungen", default=0)

    class Meta:
        verbose_name = "Entität"
        verbose_name_plural = "Entitäten"
        ordering = ["display"]
        # what the portal's memory of names asks (news.enrichment.KnownNames): a name, and a
        # person by the surname a tag shows, whatever their case
        indexes = [
            models.Index(Lower("name"), name="news_entity_name_lower"),
            models.Index(Lower("display"), F("type"), name="news_entity_display_lower"),
        ]

    def __str__(self) -> str:
        return self.display

    def get_absolute_url(self) -> str:
        return reverse("tag", args=[self.slug])


class TopicSlug(models.Model):
    """A slug a topic had before: /thema/<old>/ redirects permanently to the entity's page."""

    slug = models.SlugField(max_length=300, unique=True)
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.slug} → {self.entity.slug}"


class EntitySplit(models.Model):
    """Two referents behind one name: articles whose text contains a cue go to ``target``."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="splits", verbose_name="Entität"
    )
    target = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="+", verbose_name="Ziel"
    )
    cues = models.CharField(
        "Hinweiswörter", max_length=500, help_text="Hinweiswörter, durch Kommas getrennt"
    )

    class Meta:
        verbose_name = "Aufteilung"
        verbose_name_plural = "Aufteilungen"

    def __str__(self) -> str:
        return f"{self.entity} → {self.target}"


KIND_CHOICES = [
    ("news", "Meldung"),
    ("service", "Dienstmeldung"),
    ("test", "Test"),
    ("media", "Bild/Medien"),
    ("empty", "ohne Text"),
]


def owner_key(source: Source | None = None, token_provider: str = "") -> str:
    """Whose items these are: a guid is unique only within its owner.

    ``token:<provider>`` for API pushes (a token belongs to a provider, its name),
    ``source:<id>`` for a configured source, ``file`` for files and URLs ingested by hand.
    """
    if token_provider:
        return "token:" + " ".join(token_provider.split()).casefold()[:180]
    if source is not None and source.pk is not None:
        return f"source:{source.pk}"
    return "file"


class Article(models.Model):
    objects = ArticleQuerySet.as_manager()  # Article.objects.visible(): what readers may see

    guid = models.CharField("GUID", max_length=500, db_index=True)
    # Identity is (owner, guid): another owner's item with the same guid is another item.
    owner = models.CharField("Eigentümer", max_length=200, default="file")
    version = models.PositiveBigIntegerField("Version", default=1)  # some wires use timestamps
    source = optional_link(Source, "articles", "Quelle")
    source_name = models.CharField("Quellname", max_length=200, blank=True)
    format = models.CharField("Format", max_length=20)
    url = models.CharField("Original-Adresse", max_length=2000, blank=True)
    language = models.CharField("Sprache", max_length=10, default="de", db_index=True)
    kicker = models.CharField("Dachzeile", max_length=500, blank=True)
    headline = models.TextField("Überschrift")
    teaser = models.TextField("Anriss", blank=True)
    body = models.TextField("Text", blank=True)  # sanitized HTML
    byline = models.CharField("Autor", max_length=500, blank=True)
    dateline = models.CharField("Ortsmarke", max_length=500, blank=True)
    credit = models.CharField("Agentur", max_length=300, blank=True)
    copyright = models.CharField("Copyright", max_length=500, blank=True)
    licence = models.CharField("Lizenz", max_length=500, blank=True)
    picture_url = models.CharField("Bildadresse", max_length=2000, blank=True)
    picture_caption = models.TextField("Bildunterschrift", blank=True)
    picture_credit = models.CharField("Bildnachweis", max_length=500, blank=True)
    picture_width = models.PositiveIntegerField("Bildbreite", null=True, blank=True)
    picture_height = models.PositiveIntegerField("Bildhöhe", null=True, blank=True)
    published = models.DateTimeField("veröffentlicht", db_index=True)
    updated = models.DateTimeField("aktualisiert", null=True, blank=True)
    ressort = models.CharField("Ressort", max_length=50, blank=True, db_index=True)
    ressort_origin = models.CharField("Ressort-Herkunft", max_length=20, blank=True)
    ressort_hints = models.JSONField("Ressort-Hinweise", default=list, blank=True)
    keywords = models.JSONField("Schlagwörter", default=list, blank=True)
    pubstatus = models.CharField("Status", max_length=20, default="usable")
    is_correction = models.BooleanField("Korrektur", default=False)
    embargo = models.DateTimeField("Sperrfrist", null=True, blank=True, db_index=True)
    full_text = models.BooleanField("Volltext", default=True)
    # news, or service traffic kept for editors only (ingest/kind.py): set when stored, and
    # again by `meldungen enrich` when the markers changed (news/rejudge.py), unless an editor
    # chose it in the admin
    kind = models.CharField(
        "Art", max_length=10, choices=KIND_CHOICES, default="news", db_index=True
    )
    kind_by_editor = models.BooleanField(
        "Art von der Redaktion gewählt",
        default=False,
        help_text="Neue Versionen und die Neu-Anreicherung lassen die Art stehen; ohne Haken "
        "bestimmen wieder die Regeln (Genre, Dienstmeldungs-Merkmale) die Art",
    )
    content_hash = models.CharField("Inhalts-Hash", max_length=64, db_index=True)
    duplicate_of = optional_link("self", "duplicates", "Kopie von")
    entities = models.ManyToManyField(
        Entity, through="ArticleEntity", related_name="articles", verbose_name="Entitäten"
    )
    story = optional_link("Story", "articles", "Geschichte")
    created_at = models.DateTimeField("angelegt", default=timezone.now)
    modified_at = models.DateTimeField("geändert", default=timezone.now)

    class Meta:
        verbose_name = "Meldung"
        verbose_name_plural = "Meldungen"
        ordering = ["-published", "-id"]
        indexes = [
            models.Index(fields=["pubstatus", "-published"]),
            # a Ressort's newest articles (home, Ressort pages) without sorting the Ressort
            models.Index(fields=["ressort", "-published"], name="news_art_ressort_pub_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["owner", "guid"], name="unique_article_owner_guid")
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("article", args=[self.pk])

    @property
    def is_withdrawn(self) -> bool:
        return self.pubstatus in ("withdrawn", "canceled")

    @property
    def family_withdrawn(self) -> bool:
        """Withdrawn itself, or a copy of a withdrawn original: the family goes together."""
        if self.is_withdrawn:
            return True
        return self.duplicate_of_id is not None and self.duplicate_of.is_withdrawn

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return not self.family_withdrawn and (self.embargo is None or self.embargo <= now)

    def tags(self) -> list[Entity]:
        """The tag line: entities in salience order, blocked ones left out."""
        return tag_lines([self]).get(self.pk, [])


def tag_lines(articles: Iterable[Article]) -> dict[int, list[Entity]]:
    """``Article.tags`` of each article, by id, with one query for all (a feed's items)."""
    ids = [a.pk for a in articles]
    links = ArticleEntity.objects.select_related("entity").filter(
        article_id__in=ids, is_tag=True, entity__blocked=False
    )
    out: dict[int, list[Entity]] = {}
    for link in links.order_by("article_id", "rank") if ids else ():
        out.setdefault(link.article_id, []).append(link.entity)
    return out


class ArticleVersion(models.Model):
    """Every version of an article as it was received (the draft, as JSON)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="versions", verbose_name="Meldung"
    )
    version = models.PositiveBigIntegerField("Version")
    data = models.JSONField("Daten")
    received_at = models.DateTimeField("empfangen", default=timezone.now)

    class Meta:
        verbose_name = "Fassung"
        verbose_name_plural = "Fassungen"
        ordering = ["article", "version"]
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="unique_article_version")
        ]


class ArticleEntity(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="article_entities", verbose_name="Meldung"
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="article_links", verbose_name="Entität"
    )
    salience = models.FloatField("Gewicht", default=0.0)
    mentions = models.PositiveIntegerField("Nennungen", default=1)
    is_tag = models.BooleanField("Tag", default=False)
    rank = models.PositiveIntegerField("Rang", default=0)

    class Meta:
        verbose_name = "Entität der Meldung"
        verbose_name_plural = "Entitäten der Meldung"
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="unique_article_entity")
        ]
        indexes = [models.Index(fields=["entity", "article"])]


def copied_link(article: Article, link: ArticleEntity) -> ArticleEntity:
    """Another article's entity link for ``article`` (an exact copy of it): same entity,
    weight, mentions, tag and rank. The entity object goes along when ``link`` holds it (it may
    be one of this batch, not stored yet), else its id."""
    copy = ArticleEntity(
        article=article,
        entity_id=link.entity_id,
        salience=link.salience,
        mentions=link.mentions,
        is_tag=link.is_tag,
        rank=link.rank,
    )
    if ArticleEntity.entity.is_cached(link):
        copy.entity = link.entity
    return copy


class Rejection(models.Model):
    """Input that could not be read, recorded against its source."""

    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rejections",
        verbose_name="Quelle",
    )
    origin = models.CharField("Herkunft", max_length=2000)  # file path or URL
    guid = models.CharField("GUID", max_length=500, blank=True)
    reason = models.TextField("Grund (technisch)")
    code = models.CharField("Code", max_length=40, blank=True)  # a RejectCode value
    created_at = models.DateTimeField("Zeit", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "Abgewiesene Eingabe"
        verbose_name_plural = "Abgewiesene Eingaben"
        ordering = ["-created_at"]

    @property
    def message(self) -> str:
        """Why, in German for editors (the technical reason when it has no code)."""
        return stored_message(f"reject:{self.code}") if self.code else self.reason


class FetchLog(models.Model):
    """One poll of a source: for the ingest-health view and backoff."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="fetches", verbose_name="Quelle"
    )
    at = models.DateTimeField("Zeit", default=timezone.now, db_index=True)
    status = models.IntegerField("HTTP", null=True, blank=True)
    error = models.TextField("Fehler (technisch)", blank=True)
    error_code = models.CharField("Fehlercode", max_length=40, blank=True)  # as Source's
    new = models.PositiveIntegerField("neu", default=0)
    updated = models.PositiveIntegerField("aktualisiert", default=0)
    rejected = models.PositiveIntegerField("abgewiesen", default=0)
    duration_ms = models.PositiveIntegerField("Dauer (ms)", default=0)

    class Meta:
        verbose_name = "Abruf"
        verbose_name_plural = "Abrufe"
        ordering = ["-at"]

    @property
    def error_message(self) -> str:
        """The error in German for editors (the technical text when it has no code)."""
        return editor_message(self.error_code, self.error)


class CachedImage(models.Model):
    """A picture fetched once through the image proxy, so readers never contact third parties."""

    url = models.CharField(max_length=2000, unique=True)
    key = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=100, blank=True)
    path = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)


class PortalState(models.Model):
    """Small key/value facts about this installation (e.g. default sources already seeded)."""

    key = models.CharField(max_length=100, unique=True)
    value = models.TextField(blank=True)


class Story(models.Model):
    """A story: the reports of one event across sources (kept by stories.cluster)."""

    id = models.CharField(primary_key=True, max_length=40)  # id of its first article
    first_article = optional_link(Article, "+", "erste Meldung")
    first_published = models.DateTimeField("erste Meldung am")
    last_published = models.DateTimeField("letzte Meldung am", db_index=True)
    n_articles = models.PositiveIntegerField("Meldungen", default=1)
    centroid = models.JSONField(default=dict)
    title_centroid = models.JSONField(default=dict)
    entities = models.JSONField(default=dict)

    class Meta:
        verbose_name = "Geschichte"
        verbose_name_plural = "Geschichten"
        ordering = ["-last_published"]

    def __str__(self) -> str:
        return f"Story {self.id}"

    def get_absolute_url(self) -> str:
        return reverse("story", args=[self.id])


class StoryArticle(models.Model):
    """The clustering's per-article record: signature, vectors, entities, story."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="story_record"
    )
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="records")
    published = models.DateTimeField(db_index=True)
    copy_of = models.CharField(max_length=40, null=True, blank=True)
    signature = models.BinaryField()
    vector = models.JSONField(default=dict)
    title_vector = models.JSONField(default=dict)
    entities = models.JSONField(default=dict)


class StoryBand(models.Model):
    """LSH band keys of MinHash signatures: shared by every process through the database."""

    band_key = models.CharField(max_length=64)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["band_key"])]


class StoryKey(models.Model):
    """Topical keys (canonical entities, top lemmas) with time, for candidate stories."""

    key = models.CharField(max_length=300)
    published = models.DateTimeField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["key", "-published"])]


class TermFrequency(models.Model):
    """Online document frequencies for TF-IDF; the row with term "" counts the documents."""

    term = models.CharField(max_length=200, primary_key=True)
    df = models.PositiveIntegerField(default=0)


from .related_models import RelatedEntry, RelatedList  # noqa: E402,F401  (registers them)
