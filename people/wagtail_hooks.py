"""The officer directory in the admin: "Regions" and "Employers" menu items."""

from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from people.models import Employer, Region


class RegionAdmin(ModelAdmin):
    model = Region
    menu_label = "Regions"
    menu_icon = "site"
    list_display = ("name", "nation", "officer_names")
    list_filter = ("nation",)
    search_fields = ("name",)
    ordering = ("nation", "name")

    def officer_names(self, region):
        return ", ".join(officer.title for officer in region.officers.all()) or "No officer yet"

    officer_names.short_description = "National officers"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("officers")


class EmployerAdmin(ModelAdmin):
    model = Employer
    menu_label = "Employers"
    menu_icon = "group"
    list_display = ("name", "kind", "region")
    list_filter = ("kind", "region__nation", "region")
    search_fields = ("name",)
    ordering = ("name",)
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region")


@modeladmin_register
class OfficerDirectoryGroup(ModelAdminGroup):
    menu_label = "Officer directory"
    menu_icon = "group"
    menu_order = 300
    items = (RegionAdmin, EmployerAdmin)
