from django import template

from meldungen.follow import slices
from meldungen.follow.models import Follow

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_state(context, kind: str, target: str) -> dict:
    """What the follow box shows: whether the reader follows it, and the slice's feeds."""
    request = context.get("request")
    target = slices.normalise(kind, str(target or ""))
    following = False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and target:
        targets = slices.follow_targets(kind, target)
        following = Follow.objects.filter(user=user, kind=kind, target__in=targets).exists()
    rss, atom = slices.feed_urls(kind, target) if target else ("", "")
    return {"target": target, "following": following, "rss": rss, "atom": atom}
