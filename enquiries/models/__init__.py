"""Website forms built in the editor with Wagtail's form builder: "Contact us", "Ask your
national officer", email news sign-ups. Every form asks for the member's name and email
address and for their consent; editors add the other questions. Who a submission is emailed to
depends on the page's routing (``enquiries.routing``); the emails go from the background
worker (``enquiries.tasks``), never from the request."""

from .pages import FormField, FormPage, FormTopic
from .submissions import EnquirySubmission

__all__ = ["EnquirySubmission", "FormField", "FormPage", "FormTopic"]
