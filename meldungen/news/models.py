"""What the portal stores: sources, articles with their versions, entities (tags) and the
record of rejected input. Times are UTC."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone


class Source(models.Model):
    """A place news comes from: a polled feed or page, or a wire/file origin."""

    class Kind(models.TextChoices):
        FEED = "feed", "Feed"
        PAGE = "page", "Webseite"
        WIRE = "wire", "Agentur"
        FILE = "file", "Datei"

    name = models.CharField(max_length=200)
    url = models.CharField(max_length=2000, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEED)
    ressort = models.CharField(max_length=50, blank=True, help_text="Ressort for all its items")
    interval_minutes = models.PositiveIntegerField(default=15)
    full_text = models.BooleanField(
        default=False, help_text="Fetch and extract the article page of teaser-only items"
    )
    active = models.BooleanField(default=True)
    # polling state
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_fetch_at = models.DateTimeField(null=True, blank=True)
    last_status = models.IntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    error_count = models.PositiveIntegerField(default=0)
    next_fetch_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("source", args=[self.pk])

    @property
    def is_polled(self) -> bool:
        return self.kind in (self.Kind.FEED, self.Kind.PAGE) and self.url.startswith("http")


class Entity(models.Model):
    """A canonical entity (person, place, organisation, or a wire keyword); shown as a tag."""

    key = models.CharField(max_length=300, unique=True)  # e.g. "per:wladimir-putin"
    name = models.CharField(max_length=300)  # full canonical name
    display = models.CharField(max_length=300)  # what the tag line shows ("Putin")
    type = models.CharField(max_length=10, default="MISC")  # PER, LOC, ORG, MISC, KW
    slug = models.SlugField(max_length=300, unique=True)
    blocked = models.BooleanField(default=False, help_text="Never show as a tag")
    renamed = models.BooleanField(
        default=False, help_text="The display was set by an editor; enrichment keeps it"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    article_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "entities"
        ordering = ["display"]

    def __str__(self) -> str:
        return self.display

    def get_absolute_url(self) -> str:
        return reverse("tag", args=[self.slug])


class EntitySplit(models.Model):
    """Two referents behind one name: articles whose text contains a cue go to ``target``."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="splits")
    target = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    cues = models.CharField(max_length=500, help_text="comma-separated cue words")

    def __str__(self) -> str:
        return f"{self.entity} → {self.target}"


class Article(models.Model):
    guid = models.CharField(max_length=500, unique=True)
    version = models.PositiveBigIntegerField(default=1)  # some wires use timestamps
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    source_name = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=20)
    url = models.CharField(max_length=2000, blank=True)
    language = models.CharField(max_length=10, default="de")
    kicker = models.CharField(max_length=500, blank=True)
    headline = models.TextField()
    teaser = models.TextField(blank=True)
    body = models.TextField(blank=True)  # sanitized HTML
    byline = models.CharField(max_length=500, blank=True)
    dateline = models.CharField(max_length=500, blank=True)
    credit = models.CharField(max_length=300, blank=True)
    copyright = models.CharField(max_length=500, blank=True)
    picture_url = models.CharField(max_length=2000, blank=True)
    picture_caption = models.TextField(blank=True)
    picture_credit = models.CharField(max_length=500, blank=True)
    picture_width = models.PositiveIntegerField(null=True, blank=True)
    picture_height = models.PositiveIntegerField(null=True, blank=True)
    published = models.DateTimeField(db_index=True)
    updated = models.DateTimeField(null=True, blank=True)
    ressort = models.CharField(max_length=50, blank=True, db_index=True)
    ressort_origin = models.CharField(max_length=20, blank=True)
    ressort_hints = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    pubstatus = models.CharField(max_length=20, default="usable")
    is_correction = models.BooleanField(default=False)
    embargo = models.DateTimeField(null=True, blank=True, db_index=True)
    full_text = models.BooleanField(default=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    entities = models.ManyToManyField(Entity, through="ArticleEntity", related_name="articles")
    story = models.ForeignKey(
        "Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["pubstatus", "-published"])]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("article", args=[self.pk])

    @property
    def is_withdrawn(self) -> bool:
        return self.pubstatus in ("withdrawn", "canceled")

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return not self.is_withdrawn and (self.embargo is None or self.embargo <= now)

    def tags(self) -> list[Entity]:
        """The tag line: entities in salience order, blocked ones left out."""
        links = self.article_entities.select_related("entity").filter(
            is_tag=True, entity__blocked=False
        )
        return [link.entity for link in links.order_by("rank")]


class ArticleVersion(models.Model):
    """Every version of an article as it was received (the draft, as JSON)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveBigIntegerField()
    data = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article", "version"]
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="unique_article_version")
        ]


class ArticleEntity(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_entities")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="article_links")
    salience = models.FloatField(default=0.0)
    mentions = models.PositiveIntegerField(default=1)
    is_tag = models.BooleanField(default=False)
    rank = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="unique_article_entity")
        ]
        indexes = [models.Index(fields=["entity", "article"])]


class Rejection(models.Model):
    """Input that could not be read, recorded against its source."""

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="rejections"
    )
    origin = models.CharField(max_length=2000)  # file path or URL
    guid = models.CharField(max_length=500, blank=True)
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]


class FetchLog(models.Model):
    """One poll of a source: for the ingest-health view and backoff."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="fetches")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.IntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]


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
    first_article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_published = models.DateTimeField()
    last_published = models.DateTimeField(db_index=True)
    n_articles = models.PositiveIntegerField(default=1)
    centroid = models.JSONField(default=dict)
    title_centroid = models.JSONField(default=dict)
    entities = models.JSONField(default=dict)

    class Meta:
        verbose_name_plural = "stories"
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
