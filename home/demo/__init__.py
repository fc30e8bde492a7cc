"""The demo site that ``manage.py load_demo_content`` builds: its texts and taxonomy as data,
generated images and documents, and the builder that turns them into published pages.

Everything here is invented or public record (see /work/shared/domain.md §7): people, emails and
phone numbers are made up; organisation names, regions and MiP's own facts are public.
"""
