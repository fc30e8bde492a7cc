"""The site's security measures that are not content: sign-in throttling, the
Content-Security-Policy by path, and the rich text link policy's registration in Wagtail.
What the policies are, and what they protect, is in docs/security.md."""
