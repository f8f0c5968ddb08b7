"""Options of the email plugin."""

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..render.email import GMAIL_CLIP_BYTES


class EmailConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # The mailing service's merge tag for each reader's unsubscribe address, written into the
    # email as it is: GOV.UK Notify "((unsubscribe_link))", Mailchimp "*|UNSUB|*".
    unsubscribe_placeholder = c.Type(str, default="((unsubscribe_link))")
    # "How to report" in every email's footer; web addresses in it become links.
    report_text = c.Type(
        str,
        default="Report a crime or pass on information online at "
        "https://www.cambs.police.uk/report or call 101. In an emergency, always call 999.",
    )
    # An email's HTML larger than this many bytes is a warning: Gmail clips longer messages.
    size_budget = c.Type(int, default=GMAIL_CLIP_BYTES)
    # A digest email for every ISO week that has messages, under email/digest/.
    digest = c.Type(bool, default=True)
    # Reuse emails whose inputs have not changed since the last build (.cache/plugin/alerts-email/).
    cache = c.Type(bool, default=True)
