"""Who may see and act on flags (403 when refused): whoever hears about it (flags.audience)."""

import rules

from flags import audience


@rules.predicate
def hears_about_the_flag(user, flag) -> bool:
    """With no flag: anyone who hears about some flags may open the inbox (it lists only theirs)."""
    if flag is None:
        return audience.hears_any_flag(user)
    return audience.hears_about(user, flag)


rules.add_perm("flags.view_flag", rules.is_authenticated & hears_about_the_flag)
rules.add_perm("flags.act_on_flag", rules.is_authenticated & hears_about_the_flag)
