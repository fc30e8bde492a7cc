"""Security measures that are not content: sign-in and page-password throttling, the
Content-Security-Policy by path, the NUL-byte guard, upload limits, the rich text policy
(``rich_text_policy``: the allow-list sanitiser and safe URLs, and the editor's sanitising
widget), who may fetch a private image's files (``media_access``) and security.txt. What each
protects against, and its tests, is in docs/security.md."""
