from django.contrib import admin

from .models import Practice, Service, Therapist, TimeOff, WorkingHours


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "time_zone", "email")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Therapist)
class TherapistAdmin(admin.ModelAdmin):
    list_display = ("display_name", "practice", "is_active")
    inlines = (WorkingHoursInline,)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "practice", "duration_minutes", "price", "bookable_online")


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    list_display = ("therapist", "starts_at", "ends_at", "reason")


# Clients are health records: not in the operators' admin (see the staff pages).
